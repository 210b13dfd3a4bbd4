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
    ["messages", "clock", "urls", "textcount", "i18n", "plain_markdown", "background", "cache_files"],
    ["findings"],
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
