"""Gaps found auditing issue 23 against the code: a blank response is no response (seed 003
§四(二)), in the rule, the checker and open data alike; boundaries not pinned elsewhere
(unknown operators, 诊断标准 operators, 逾期完成 by due form and months late); element ids are
checked against the framework in force for the file's year (its round's), not site_config's."""
import datetime as dt

import pytest

from builders import CODE_A, dedent
from fw16 import FW16_ID, add_framework16
from generator.models_evidence import Comparison, Number, SpecialtyIssue
from generator.rules.evidence import (BELOW, DONE, DONE_LATE, NORMAL, WARNING, answered, holds, indicator_status,
                                      task_status, unanswered_issues)
from test_evidence_check import GOOD_IND, GOOD_SPEC, IND, SPEC, findings
from test_evidence_rules import D, ind, review, task


@pytest.mark.parametrize("response,is_answered", [(None, False), ("", False), ("  \n", False), ("已增购", True)])
def test_answered_needs_a_written_response(response, is_answered):
    assert answered(SpecialtyIssue(text="t", to="jwc", response=response)) is is_answered


def test_blank_response_is_unanswered_in_the_review():
    rv = review('specialty: {code: "460301", name: 机电, faculty: jdx}\nyear: 2026\npublished_on: 2027-01-15\n'
                'areas: {}\nissues:\n  - {text: 工位不足, to: jwc, response: "  ", responded_on: 2027-02-01}\n')
    assert [i.text for i in unanswered_issues(rv)] == ["工位不足"]


def test_blank_response_with_a_date_is_flagged(root):
    root.write(SPEC, GOOD_SPEC.replace("response: 已增购", 'response: "   "'))
    line = GOOD_SPEC[:GOOD_SPEC.index("实训工位不足")].count("\n") + 1
    assert sorted(findings(root)) == [("specialty.response_date", SPEC, line), ("specialty.unanswered", SPEC, line)]


def test_open_data_reports_a_blank_response_as_unanswered(root):
    import generator.site.opendata_evidence as od
    from generator.check import run_checks
    root.write(SPEC, GOOD_SPEC.replace("response: 已增购", 'response: "   "'))
    c = run_checks(root.path, dt.date(2027, 3, 1))
    rows = od.evidence_rows(c.project, dt.date(2027, 3, 1), lambda url: url)["specialty_issues"]
    assert [(r["text"], r["answered"]) for r in rows] == [("实训工位不足", False)]


def test_unknown_operator_never_holds():
    cmp = Comparison(op="=<", value=Number(20))
    assert holds(20, cmp) is False and holds(19, cmp) is False
    assert indicator_status(ind(99, warning=("=<", 20), standard=None)) == NORMAL


@pytest.mark.parametrize("standard,result,status", [
    ((">=", 90), 90, NORMAL), ((">=", 90), 89.9, BELOW), (("<", 18), 17.9, NORMAL), (("<", 18), 18, BELOW),
    (("==", 100), 100, NORMAL), (("==", 100), 99, BELOW)])
def test_standard_operators_at_their_boundary(standard, result, status):
    assert indicator_status(ind(result, warning=("<", 0), standard=standard)) == status


def test_warning_wins_over_below_standard():
    assert indicator_status(ind(21, warning=(">", 20), standard=("<=", 18))) == WARNING


@pytest.mark.parametrize("due_text,done_on,status,months", [
    ("2026H1", D(2026, 6, 30), DONE, 0), ("2026H1", D(2026, 7, 1), DONE_LATE, 1),
    ("2026H2", D(2026, 12, 31), DONE, 0), ("2026H2", D(2027, 3, 1), DONE_LATE, 3),
    ("{from: 2026-03, to: 2026-09}", D(2026, 9, 30), DONE, 0),
    ("{from: 2026-03, to: 2026-09}", D(2026, 10, 1), DONE_LATE, 1),
    ("2026-06", D(2026, 8, 31), DONE_LATE, 2)])
def test_done_late_by_due_form_with_months_late(due_text, done_on, status, months):
    st = task_status(task(due_text, done_on), D(2027, 6, 1))
    assert (st.status, st.months_late) == (status, months)


IND16 = f"institutions/{CODE_A}/indicators/2025.yml"
ROUND = "content/rounds/2025/round.yml"
BODY = dedent("""
    year: 2025
    published_on: 2025-06-01
    indicators:
      - {id: zl, element: "6.4", name: 体系特色, warning: {op: "<", value: 1}, result: 2}
    """)


def test_element_ids_follow_the_framework_in_force_for_the_year(root):
    """6.4 exists in the 16-element framework only: wrong while site_config's bj-2016 is in force
    for 2025, right once the 2025 round declares the 16-element one."""
    add_framework16(root)
    root.write(IND16, BODY)
    line = BODY[:BODY.index('"6.4"')].count("\n") + 1
    assert findings(root) == [("ref.element", IND16, line)]
    root.replace(ROUND, "announced_on: 2024-12-20", f"announced_on: 2024-12-20\nframework: {FW16_ID}")
    assert findings(root) == []


def test_self_diagnosis_links_only_evidence_judged_by_the_same_framework():
    """A report of 2025 (bj-2016) links 2.2 of 2025's evidence, not of 2026's when 2026 follows
    another framework whose 2.2 is another element."""
    from types import SimpleNamespace as NS

    from generator.site.evidence_pages import element_links
    f = NS(indicators=[NS(element="2.2")], tasks=[NS(element="2.2")])
    col = NS(code=CODE_A, indicators={2025: f, 2026: f}, tasks={2026: f})
    fws = {2025: NS(id="bj-2016"), 2026: NS(id=FW16_ID)}
    got = element_links(col, "2.2", fws.get, fws[2025])
    assert [u for _, u, _ in got] == [f"colleges/{CODE_A}/indicators/2025/"]
    assert [u for _, u, _ in element_links(col, "2.2", fws.get, fws[2026])] == [
        f"colleges/{CODE_A}/indicators/2026/", f"colleges/{CODE_A}/tasks/2026/"]
    assert len(element_links(col, "2.2")) == 3          # no framework given: every year


def test_bad_warning_operator_is_reported_and_never_warns(root):
    """indicator.op on the 预警值 too (the table of test_evidence_check covers 诊断标准's); with a
    result past the intended value no indicator.warning follows from an operator that is not one."""
    text = GOOD_IND.replace('warning: {op: ">", value: 20}', 'warning: {op: "=>", value: 20}').replace(
        "result: 18.8", "result: 25")
    root.write(IND, text)
    assert findings(root) == [("indicator.op", IND, text[:text.index('"=>"')].count("\n") + 1)]
