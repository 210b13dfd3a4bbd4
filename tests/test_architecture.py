"""The pipeline runs one way: load → validate → compute → render → write (DEVELOPERS guide).

A module may import only modules of lower layers (or of its own package), and nothing may form a
cycle.
"""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "generator"

# Lowest first. A module's layer is the first entry whose name is a prefix of it. A module imports
# only modules of LOWER layers, or of its own package (site.pages → site.context).
LAYERS = [
    ["messages", "urls", "textcount", "i18n", "plain_markdown", "background", "cache_files", "tree_digest"],
    ["findings", "clock"],
    ["context"],
    ["yamlsafe", "attachments", "placeholders"],
    ["schema"],
    ["models", "models_evidence"],
    ["project", "modelinfo"],
    ["load_files"],
    ["load"],
    ["load_cache"],
    ["safe_markdown", "rules"],
    ["ledger"],
    ["ledger_tsa"],
    ["ledger_verify"],
    ["crossref", "published"],
    ["validate"],
    ["check"],
    ["check_cache"],
    ["site", "pdf", "reference"],
    ["jsonschema"],
    ["write_files"],
    ["write_sync", "fingerprint"],
    ["write", "ledger_publish"],
    ["engine"],
    ["build"],
    ["cli_options"],
    ["serve", "cmd_", "scaffold_evidence", "scope", "synth", "cli_lang"],
    ["scaffold", "cli"],
    ["__main__"],
]


def layer_of(mod: str) -> int:
    for i, names in enumerate(LAYERS):
        if any(mod == n or mod.startswith(n + ".") or (n.endswith("_") and mod.startswith(n)) for n in names):
            return i
    raise AssertionError(f"module generator.{mod} has no layer: add it to LAYERS")


def imports() -> dict[str, set[str]]:
    graph = {}
    for path in PKG.rglob("*.py"):
        parts = list(path.relative_to(PKG).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        name = ".".join(parts)
        if not name:
            continue
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = parts if is_pkg else parts[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                    names = [target] if node.module else [".".join(base + [a.name]) for a in node.names]
                elif node.module and node.module.startswith("generator."):
                    names = [node.module[len("generator."):]]
                else:
                    continue
                found.update(n for n in names if n)
        graph[name] = {t for t in found if (PKG / Path(*t.split("."))).with_suffix(".py").exists()
                       or (PKG / Path(*t.split("."))).is_dir()}
    return graph


def _own_package(m: str, t: str) -> bool:
    """`t` is `m`'s package, or a module of the same package (site.pages → site.context)."""
    return t == m.split(".")[0] or ("." in t and t.split(".")[0] == m.split(".")[0])


def test_every_import_points_down():
    bad = [f"{m} (layer {layer_of(m)}) imports {t} (layer {layer_of(t)})"
           for m, targets in imports().items() for t in targets
           if t != m and not _own_package(m, t) and layer_of(t) >= layer_of(m)]
    assert not bad, "\n".join(bad)


def test_no_import_cycles():
    graph = imports()
    state: dict[str, int] = {}

    def visit(n, path):
        if state.get(n) == 1:
            raise AssertionError("import cycle: " + " → ".join(path + [n]))
        if state.get(n) == 2:
            return
        state[n] = 1
        for t in sorted(graph.get(n, ())):
            if t != n and not (n.startswith(t + ".") or t == n.rsplit(".", 1)[0]):  # a package's own __init__
                visit(t, path + [n])
        state[n] = 2

    for n in sorted(graph):
        visit(n, [])


def test_the_layer_check_can_fail():
    assert layer_of("build") > layer_of("load")
    assert layer_of("site.pages") > layer_of("rules.engine")
    graph = imports()
    assert "load" in graph["check"] and "write" in graph["build"]   # the scan sees real edges
    assert _own_package("site.pages", "site.context") and _own_package("rules", "rules.engine")
    assert not _own_package("load", "load_files") and not _own_package("site.pages", "rules.engine")


# ---------------------------------------------------------------------------------------------
# Issue 22 (part C): the pipeline stages and what each may import, stated as data; the 400-line
# cap; templates that show and never compute. docs/architecture.md explains the stages.
import re  # noqa: E402

REPO = PKG.parent
THEME = REPO / "theme"
MAX_LINES = 400

# Stage → module names (a name also covers "<name>.x" and "<name>_x"; the longest name wins).
STAGES: dict[str, tuple[str, ...]] = {
    "base": ("messages", "findings", "clock", "context", "urls", "textcount", "i18n", "plain_markdown",
             "background", "cache_files", "tree_digest", "yamlsafe", "attachments", "placeholders", "safe_markdown"),
    "model": ("schema", "models", "models_evidence", "modelinfo", "project"),
    "load": ("load",),
    "rules": ("rules", "ledger", "validate", "crossref", "published", "check"),
    "render": ("site", "pdf", "reference", "jsonschema"),
    "write": ("write", "fingerprint", "engine", "build", "ledger_publish"),
    "cli": ("cli", "cmd_", "serve", "scaffold", "scope", "synth", "__main__"),
}
ORDER = list(STAGES)
# Stage → the stages it may import from: its own and those below it, never above or sideways.
ALLOWED_IMPORTS: dict[str, frozenset[str]] = {
    "base": frozenset({"base"}),
    "model": frozenset({"base", "model"}),
    "load": frozenset({"base", "model", "load"}),
    "rules": frozenset({"base", "model", "load", "rules"}),
    "render": frozenset({"base", "model", "load", "rules", "render"}),
    "write": frozenset({"base", "model", "load", "rules", "render", "write"}),
    "cli": frozenset(ORDER),
}


def stage_of(mod: str) -> str:
    best = None
    for stage, names in STAGES.items():
        for n in names:
            hit = mod == n or mod.startswith(n + ".") or mod.startswith(n.rstrip("_") + "_")
            if hit and (best is None or len(n) > len(best[1])):
                best = (stage, n)
    assert best, f"module generator.{mod} has no pipeline stage: add it to STAGES"
    return best[0]


def test_the_allowed_imports_table_is_the_pipeline_order():
    for i, stage in enumerate(ORDER):
        assert ALLOWED_IMPORTS[stage] == frozenset(ORDER[: i + 1]), stage


def test_every_module_imports_only_what_its_stage_allows():
    bad = [f"{m} ({stage_of(m)}) imports {t} ({stage_of(t)})" for m, targets in sorted(imports().items())
           for t in sorted(targets) if stage_of(t) not in ALLOWED_IMPORTS[stage_of(m)]]
    assert not bad, "\n".join(bad)


def test_the_stage_table_can_fail():
    assert stage_of("ledger_publish") == "write" and stage_of("ledger_verify") == "rules"
    assert stage_of("load_cache") == "load" and stage_of("site.pages") == "render" and stage_of("cmd_check") == "cli"
    assert "render" not in ALLOWED_IMPORTS["rules"] and "cli" not in ALLOWED_IMPORTS["write"]


def line_counts() -> dict[str, int]:
    return {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(PKG.rglob("*.py"))}


def test_every_module_is_under_the_line_cap():
    over = {p: n for p, n in line_counts().items() if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split by concern): {over}"


# Rule arithmetic a template must not do: the rules compute, page data carries the result.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_DATE = r"(?:as_of|\w*deadline|\w+_on|\w*date|today)"
FORBIDDEN = {
    "counting filter": re.compile(r"\|\s*(?:length|count|sum|selectattr|rejectattr|select|reject|groupby|max|min)\b"),
    "date difference": re.compile(r"\)\s*\.days\b|\btimedelta\b"),
    "date subtraction": re.compile(rf"\b{_DATE}\s*-|-\s*{_DATE}\b"),
    "date comparison": re.compile(rf"\b{_DATE}\s*(?:<=?|>=?)|(?:<=?|>=?)\s*{_DATE}\b"),
}
# Pure presentation: a table cell spanning its group's rows.
ALLOWED_TAGS = re.compile(r"^\{\{\s*[\w.]+\|length\s*\}\}$")
ALLOWED_CONTEXT = 'rowspan="'


def template_violations(source: str) -> list[str]:
    source = _COMMENT.sub("", source)
    found = []
    for match in _TAG.finditer(source):
        tag = match.group(0)
        if ALLOWED_TAGS.match(tag) and source[: match.start()].endswith(ALLOWED_CONTEXT):
            continue
        code = _STRING.sub('""', tag)
        line = source.count("\n", 0, match.start()) + 1
        found += [f"line {line}: {what}: {tag[:80]}" for what, rx in FORBIDDEN.items() if rx.search(code)]
    return found


def test_templates_hold_no_rule_arithmetic():
    bad = [f"{p.relative_to(REPO)} {v}" for p in sorted(THEME.rglob("*.html")) for v in template_violations(
        p.read_text(encoding="utf-8"))]
    assert not bad, "compute in rules/ or the page data, not in templates:\n" + "\n".join(bad)


def test_the_template_scan_can_fail():
    assert template_violations("{% set left = (disc.deadline - as_of).days %}")
    assert template_violations("{{ rnd.reviews|selectattr('kind', 'equalto', 'sample')|list|length }}")
    assert template_violations("{% if m.published_on <= as_of %}x{% endif %}")
    assert template_violations("{{ xs | length }} 所")
    assert template_violations("{{ d + timedelta(days=1) }}")
    assert not template_violations('<td rowspan="{{ item.rows|length }}">{{ loop.index }}</td>')
    assert not template_violations("{# (a - as_of).days in a comment #}{{ x|cn_date }} — {{ \"as_of - 1\" }}")
    assert template_violations('<p>{{ item.rows|length }}</p>')          # only a rowspan may measure
