"""College standing (seed 000 §四(三)2–3; issue 19 defects 7 and 12): a re-review inside the
one-year improvement period, the exemption after an 有效 re-review, and duties that start at
`joined_on`, each at both sides of its boundary."""
import datetime as dt

import pytest

from builders import CODE_A, CODE_B, YEAR
from generator.check import run_checks

INST_B = f"institutions/{CODE_B}/institution.yml"


def round_2026(root, start, kind="re_review"):
    root.write("content/rounds/2026/round.yml",
               f'year: 2026\nannounced_on: 2025-12-20\nreviews:\n  - institution: "{CODE_A}"\n'
               f"    kind: {kind}\n    start: {start}\n    end: {start}\n")


def codes(c, code):
    return [f for f in c.report.findings if f.code == code]


@pytest.mark.parametrize("start, early", [("2026-06-30", True), ("2026-07-01", False), ("2025-07-01", True)])
def test_re_review_inside_the_improvement_period(root, start, early):
    """待改进 published 2025-06-30 → period until 2026-06-30; a re-review on that day is early."""
    root.review(YEAR, CODE_A, matches=11, measures="strong")
    round_2026(root, start)
    c = run_checks(root.path, dt.date(2026, 8, 1))
    got = codes(c, "improvement.early_review")
    assert [(f.severity, dict(f.params)["until"]) for f in got] == ([("warning", dt.date(2026, 6, 30))] if early else [])


def test_effective_period_allows_any_later_review(root):
    root.review(YEAR, CODE_A, matches=15, measures="strong")
    round_2026(root, "2026-03-01", kind="sample")
    assert codes(run_checks(root.path, dt.date(2026, 8, 1)), "improvement.early_review") == []


@pytest.mark.parametrize("matches, exempt", [(12, dt.date(2027, 12, 31)), (11, None)])
def test_effective_re_review_exempts_for_the_rest_of_the_cycle(root, matches, exempt):
    """§四(三)2 再次复核结论为“有效”的，同一周期内可不再复核: 12/15 strong on the re-review exempts to
    the end of the 2025–2027 cycle; 11/15 does not."""
    root.review(YEAR, CODE_A, matches=11, measures="strong")
    round_2026(root, "2026-07-01")
    root.review(2026, CODE_A, matches=matches, measures="strong", published_on="2026-07-20")
    c = run_checks(root.path, dt.date(2026, 8, 1))
    st = c.outcome.statuses[CODE_A]
    assert st.exempt_until == exempt


@pytest.mark.parametrize("joined, years", [(None, [2025, 2026]), ("2025-01-01", [2026]), ("2025-01-02", [])])
def test_annual_materials_owed_from_joined_on(root, joined, years):
    """B is never listed and has no annual materials: deemed 异常 for 2025 (its 2024 materials) and
    2026 (2025's) — only for years it spent wholly under the scheme when it has a joined_on."""
    if joined:
        root.write(INST_B, root.read(INST_B) + f"joined_on: {joined}\n")
    root.write("content/rounds/2026/round.yml", "year: 2026\nannounced_on: 2025-12-20\nreviews: []\n")
    c = run_checks(root.path, dt.date(2026, 7, 1))
    assert [e for e in c.report.errors if e.code.startswith("schema")] == []
    st = c.outcome.statuses[CODE_B]
    assert [d.year for d in st.deemed_abnormal if d.kind == "annual_materials"] == years
    assert len([f for f in codes(c, "verdict.deemed_abnormal") if f.institution == CODE_B]) == len(years)


@pytest.mark.parametrize("joined, uncovered", [(None, True), ("2025-01-01", True), ("2025-01-02", False)])
def test_cycle_owed_from_joined_on(root, joined, uncovered):
    """The 2025–2027 cycle is over on 2028-01-01; B never self-diagnosed: uncovered and deemed
    异常, unless it joined after the cycle began."""
    if joined:
        root.write(INST_B, root.read(INST_B) + f"joined_on: {joined}\n")
    for y in (2026, 2027, 2028):
        root.write(f"content/rounds/{y}/round.yml", f"year: {y}\nannounced_on: {y - 1}-12-20\nreviews: []\n")
    c = run_checks(root.path, dt.date(2028, 1, 1))
    assert (CODE_B in c.outcome.cycles[2025].uncovered) is uncovered
    st = c.outcome.statuses[CODE_B]
    assert bool([d for d in st.deemed_abnormal if d.kind == "no_self_diagnosis"]) is uncovered
