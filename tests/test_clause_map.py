"""The clause map (generator/rules/clauses.py, shown in docs/rules.md) cannot drift: every code,
function and test it names exists, every function it names cites its clause, every clause a
docstring cites is in the map, and every clause of seed 000 §四, §六 and annexes 1–2 has a row.
Regenerate the docs table with UPDATE_CLAUSE_MAP=1 after editing the map."""
import ast
import importlib
import os
import re
from pathlib import Path

import pytest

from generator import messages
from generator.rules.clauses import CLAUSES, cited, render_markdown

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "rules.md"
START, END = "<!-- clause-map:start -->", "<!-- clause-map:end -->"
# Every clause of seed 000 §四, §六 and annexes 1–2 (the seed's own numbering).
SEED_CLAUSES = {"§四(一)1", "§四(一)2", "§四(二)1", "§四(二)2", "§四(二)3", "§四(三)1", "§四(三)2", "§四(三)3",
                "§六(一)", "§六(二)", "§六(三)", "§六(四)", "附件1", "附件1 注1", "附件1 注2",
                "附件2 一", "附件2 二", "附件2 签字", "附件2 备注1", "附件2 备注2", "附件2 备注3", "附件2 备注4",
                "附件2 备注5"}
IN_SCOPE = re.compile(r"^(§四|§六|附件[12])")


def resolve(dotted: str):
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("generator." + ".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise AssertionError(f"{dotted}: no such module under generator")


def test_every_seed_clause_has_a_row():
    assert SEED_CLAUSES - {c.cite for c in CLAUSES} == set()
    assert {c.cite for c in CLAUSES} - SEED_CLAUSES == set(), "a row cites a clause the seed does not have"


@pytest.mark.parametrize("clause", CLAUSES, ids=lambda c: f"{c.cite} {c.text[:12]}")
def test_row_is_consistent(clause):
    assert clause.checkable in ("yes", "partly", "no")
    if clause.checkable != "yes" or not (clause.codes or clause.functions):
        assert clause.why, "say why a clause is not (fully) machine-checkable"
    if clause.checkable != "no":
        assert clause.functions and clause.tests, "a checkable clause names its functions and tests"


@pytest.mark.parametrize("code", sorted({code for c in CLAUSES for code in c.codes}))
def test_codes_exist(code):
    assert code in messages.CATALOG, f"{code} is in the clause map but not in generator/messages.py"


@pytest.mark.parametrize("clause, dotted", [(c, f) for c in CLAUSES for f in c.functions],
                         ids=lambda x: x if isinstance(x, str) else x.cite)
def test_functions_exist_and_cite_their_clause(clause, dotted):
    fn = resolve(dotted)
    doc = fn.__doc__ or ""
    assert clause.cite in cited(doc), f"{dotted}'s docstring does not cite seed 000 {clause.cite}"


@pytest.mark.parametrize("ref", sorted({t for c in CLAUSES for t in c.tests}))
def test_tests_exist(ref):
    path, name = ref.split("::")
    text = (REPO / path).read_text(encoding="utf-8")
    assert re.search(rf"^def {re.escape(name)}\(", text, re.M), f"{ref} does not exist"


def docstring_citations():
    """(where, clause) for every in-scope clause cited by a docstring in generator/."""
    out = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in [tree, *ast.walk(tree)]:
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for c in cited(ast.get_docstring(node) or ""):
                    if IN_SCOPE.match(c):
                        out.append((f"{path.relative_to(REPO)}:{getattr(node, 'name', '<module>')}", c))
    return out


def test_every_cited_clause_is_in_the_map():
    cites = {c.cite for c in CLAUSES}
    found = docstring_citations()
    assert len(found) > 50
    unknown = [(w, c) for w, c in found if c not in cites and not any(x.startswith(c) for x in cites)]
    assert unknown == [], f"docstrings cite clauses the map lacks: {unknown}"


def test_citation_parser():
    assert cited("seed 000 §四(三)2–3 and seed 000 附件2 备注4; seed 000 附件2 二 (表)") == \
        {"§四(三)2", "§四(三)3", "附件2 备注4", "附件2 二"}
    assert cited("seed 000 §六(三) 复核专家") == {"§六(三)"}


def test_a_missing_clause_is_caught():
    """The drift check bites: drop the §四(三)2 rows and its docstrings are unmapped."""
    import generator.rules.clauses as cl
    cites = {c.cite for c in cl.CLAUSES if c.cite != "§四(三)2"}
    unknown = [c for _, c in docstring_citations() if c not in cites and not any(x.startswith(c) for x in cites)]
    assert "§四(三)2" in unknown


def test_docs_show_the_map():
    text = DOC.read_text(encoding="utf-8")
    assert START in text and END in text, f"docs/rules.md lacks {START} … {END}"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{START}\n{render_markdown()}{END}{tail}"
    if os.environ.get("UPDATE_CLAUSE_MAP"):
        DOC.write_text(fresh, encoding="utf-8")
        text = fresh
    assert text == fresh, "docs/rules.md is stale: run UPDATE_CLAUSE_MAP=1 pytest tests/test_clause_map.py"
