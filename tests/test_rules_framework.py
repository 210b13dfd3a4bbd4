"""The framework in force per round (issue 19 defect 2, seed 000 §四(三)1 last line): each round
is judged against its own framework, a later switch of site_config.framework changes no past
verdict, a 16-element framework (annex 2's grouping) works in check and build, thresholds scale."""
import datetime as dt

import pytest

from builders import CODE_A, DEADLINE, ELEMENT_IDS, YEAR
from fw16 import ELEMENT_IDS_16, FW16_ID, add_framework16, ids_for, write_review
from generator.check import run_checks

AS_OF = dt.date(2025, 7, 1)
ROUND = f"content/rounds/{YEAR}/round.yml"


def check(root, as_of=AS_OF):
    return run_checks(root.path, as_of)


def blocking(c):
    return [(f.code, f.file) for f in c.report.errors]


def switch_config(root, fid=FW16_ID):
    root.replace("site_config.yml", "framework: bj-2016", f"framework: {fid}")


# (n, matches, measures) → computed verdict, at both sides of both thresholds.
CASES = [(15, 12, "strong", "effective"), (15, 11, "strong", "needs_improvement"),
         (15, 9, "weak", "abnormal"), (15, 10, "weak", "needs_improvement"),
         (16, 13, "strong", "effective"), (16, 12, "strong", "needs_improvement"),
         (16, 10, "weak", "abnormal"), (16, 11, "weak", "needs_improvement")]


@pytest.mark.parametrize("n, matches, measures, verdict", CASES)
def test_round_framework_sets_n_and_thresholds(root, n, matches, measures, verdict):
    add_framework16(root)
    if n == 16:
        root.replace(ROUND, "announced_on: 2024-12-20", f"announced_on: 2024-12-20\nframework: {FW16_ID}")
        root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ELEMENT_IDS_16)
    write_review(root, YEAR, CODE_A, ids_for(n), matches=matches, measures=measures, verdict=verdict)
    c = check(root)
    assert blocking(c) == []
    v = c.outcome.verdicts[(YEAR, CODE_A)]
    assert (v.n, v.matches, v.computed) == (n, matches, verdict)
    assert v.effective_needed == {15: 12, 16: 13}[n] and v.abnormal_below_count == {15: 10, 16: 11}[n]


@pytest.mark.parametrize("n, matches, measures, verdict", CASES)
def test_config_framework_of_n_elements(root, n, matches, measures, verdict):
    """A round without `framework:` follows site_config, whichever n it has."""
    if n == 16:
        add_framework16(root)
        switch_config(root)
        root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ELEMENT_IDS_16)
    write_review(root, YEAR, CODE_A, ids_for(n), matches=matches, measures=measures)
    c = check(root)
    assert blocking(c) == []
    assert c.outcome.verdicts[(YEAR, CODE_A)].computed == verdict


def test_switching_site_config_keeps_past_verdicts(root):
    """The 2025 round records bj-2016; site_config then moves to the 16-element framework for
    2026: the 2025 verdict, its findings and its report are judged as before."""
    root.replace(ROUND, "announced_on: 2024-12-20", "announced_on: 2024-12-20\nframework: bj-2016")
    write_review(root, YEAR, CODE_A, ELEMENT_IDS, matches=11, measures="strong")
    before = check(root).outcome.verdicts[(YEAR, CODE_A)]
    add_framework16(root)
    switch_config(root)
    c = check(root)
    assert blocking(c) == []
    assert c.outcome.verdicts[(YEAR, CODE_A)] == before
    assert before.n == 15 and before.computed == "needs_improvement"


def test_round_naming_a_missing_framework(root):
    root.replace(ROUND, "announced_on: 2024-12-20", "announced_on: 2024-12-20\nframework: nope")
    c = check(root)
    got = [(f.code, f.file, f.line) for f in c.report.findings if f.code == "ref.framework"]
    assert got == [("ref.framework", ROUND, 3)]


@pytest.mark.parametrize("report_ids, missing", [(ELEMENT_IDS_16, []), (ELEMENT_IDS, ["6.1", "6.2", "6.3", "6.4"])])
def test_report_follows_its_years_round(root, report_ids, missing):
    """A self-diagnosis report for year Y is checked against the framework of Y's round."""
    add_framework16(root)
    root.replace(ROUND, "announced_on: 2024-12-20", f"announced_on: 2024-12-20\nframework: {FW16_ID}")
    write_review(root, YEAR, CODE_A, ELEMENT_IDS_16, matches=16, measures="strong")
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=report_ids)
    c = check(root)
    got = sorted(dict(f.params)["element"] for f in c.report.findings if f.code == "report.element_missing")
    assert got == sorted(missing)
    extra = sorted(dict(f.params)["id"] for f in c.report.findings if f.code == "ref.element")
    # bj-2016 ids the annex-2 framework lacks are unknown there
    assert extra == ([] if not missing else ["2.3", "5.3", "5.4"])


def test_sixteen_elements_build_end_to_end(root, tmp_path):
    """check and build with site_config on the 16-element framework: the annex-2 table and the
    review page list 16 elements, the verdict page shows the scaled threshold (13 of 16)."""
    from site_helpers import build
    add_framework16(root)
    switch_config(root)
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ELEMENT_IDS_16)
    write_review(root, YEAR, CODE_A, ELEMENT_IDS_16, matches=13, measures="strong")
    out = tmp_path / "out"
    build(root, out, as_of=AS_OF)
    rep = (out / f"colleges/{CODE_A}/self-diagnosis/{YEAR}/index.html").read_text(encoding="utf-8")
    assert rep.count('<tr id="el-') == 16 and "6.4 体系特色" in rep
    review = (out / f"reviews/{YEAR}/{CODE_A}/index.html").read_text(encoding="utf-8")
    assert review.count('<tr id="el-') == 16 and "13/16" in review


def test_sixteen_element_pdf_documents(root):
    """The annex-2 PDF and the verdict notice follow the round's 16-element framework while
    site_config stays on bj-2016 (the documents, not their rendering, are compared)."""
    from generator.pdf.documents import plan_documents
    add_framework16(root)
    root.replace(ROUND, "announced_on: 2024-12-20", f"announced_on: 2024-12-20\nframework: {FW16_ID}")
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ELEMENT_IDS_16)
    write_review(root, YEAR, CODE_A, ELEMENT_IDS_16, matches=13, measures="strong")
    c = check(root)
    assert blocking(c) == []
    docs = {d.kind: d for d in plan_documents(c.project, c.outcome)}
    rep = docs["self_diagnosis"].context["report"]
    assert [len(g["rows"]) for g in rep["groups"]] == [4, 2, 2, 2, 2, 4] and not any(
        r["missing"] for g in rep["groups"] for r in g["rows"])
    v = docs["verdict"].context["verdict"]
    assert (len(v["rows"]), v["n"], v["m"], v["effective_needed"], v["code"]) == (16, 16, 13, 13, "effective")
