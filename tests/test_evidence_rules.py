"""Computed statuses of structured evidence (generator/rules/evidence.py): both sides of every
boundary (seed 002 表5 and 图13, seed 003)."""
import datetime as dt

import pytest

from generator.findings import Report
from generator.models_evidence import Comparison, Due, Indicator, Number, SpecialtyReview, Task
from generator.rules.evidence import (BELOW, DONE, DONE_LATE, NORMAL, ON_TRACK, OVERDUE, UNFINISHED, WARNING,
                                      indicator_status, progress_months, radar_gaps, task_status,
                                      unanswered_issues)
from generator.schema import INVALID, Ctx, build
from generator.yamlsafe import parse

D = dt.date


def ind(result, warning=(">", 20), standard=("<=", 18)):
    return Indicator(id="x", element="3.1", name="生师比", result=Number(result),
                     warning=Comparison(op=warning[0], value=Number(warning[1])),
                     standard=Comparison(op=standard[0], value=Number(standard[1])) if standard else None)


@pytest.mark.parametrize("result,status", [
    (18, NORMAL), (18.0001, BELOW), (20, BELOW), (20.0001, WARNING), (17, NORMAL), (25, WARNING)])
def test_indicator_status_boundaries(result, status):
    assert indicator_status(ind(result)) == status


def test_indicator_without_standard_is_normal_until_warning():
    assert indicator_status(ind(19.9, warning=(">=", 20), standard=None)) == NORMAL
    assert indicator_status(ind(20, warning=(">=", 20), standard=None)) == WARNING


@pytest.mark.parametrize("op,value,result,warn", [
    ("<", 90, 89.9, True), ("<", 90, 90, False), ("<=", 90, 90, True), ("<=", 90, 90.1, False),
    (">=", 5, 5, True), (">=", 5, 4.9, False), ("==", 0, 0, True), ("==", 0, 1, False)])
def test_every_operator_at_its_boundary(op, value, result, warn):
    assert (indicator_status(ind(result, warning=(op, value), standard=None)) == WARNING) is warn


def due(text):
    node = parse(f"d: {text}\n", "f", Report()).value[0][1]
    return Due.from_node(node, Ctx("f", Report()), "due")


def task(due_text="2026-06", done_on=None):
    return Task(id="T1", element="2.2", kind="A", title="t", lead="jwc", due=due(due_text), done_on=done_on)


@pytest.mark.parametrize("as_of,status", [
    (D(2026, 6, 30), ON_TRACK), (D(2026, 7, 1), UNFINISHED), (D(2026, 7, 31), UNFINISHED),
    (D(2026, 8, 1), OVERDUE), (D(2027, 3, 1), OVERDUE)])
def test_task_not_done_boundaries(as_of, status):
    assert task_status(task(), as_of, grace_months=1).status == status


def test_grace_months_is_configurable():
    assert task_status(task(), D(2026, 8, 31), grace_months=2).status == UNFINISHED
    assert task_status(task(), D(2026, 9, 1), grace_months=2).status == OVERDUE
    assert task_status(task(), D(2026, 7, 1), grace_months=0).status == OVERDUE


@pytest.mark.parametrize("done_on,status", [(D(2026, 6, 30), DONE), (D(2026, 7, 1), DONE_LATE)])
def test_task_done_boundaries(done_on, status):
    assert task_status(task(done_on=done_on), D(2027, 1, 1)).status == status


def test_done_after_as_of_counts_as_not_done():
    assert task_status(task(done_on=D(2026, 7, 2)), D(2026, 7, 1)).status == UNFINISHED


@pytest.mark.parametrize("text,as_of,status", [
    ("2026H1", D(2026, 6, 30), ON_TRACK), ("2026H1", D(2026, 7, 1), UNFINISHED),
    ("2026H2", D(2026, 12, 31), ON_TRACK), ("2026H2", D(2027, 2, 1), OVERDUE),
    ("{from: 2026-03, to: 2026-09}", D(2026, 9, 30), ON_TRACK),
    ("{from: 2026-03, to: 2026-09}", D(2026, 10, 1), UNFINISHED),
    ("ongoing", D(2030, 1, 1), ON_TRACK)])
def test_due_forms(text, as_of, status):
    assert task_status(task(text), as_of).status == status


def test_ongoing_done_is_done():
    assert task_status(task("ongoing", D(2026, 5, 1)), D(2026, 6, 1)).status == DONE


@pytest.mark.parametrize("bad", ["2026-13", "2026-06-18", "2026H3", "soon", "{from: 2026-09, to: 2026-03}",
                                 "{from: 2026-01}", "[2026-01]"])
def test_bad_due_forms_are_findings(bad):
    r = Report()
    node = parse(f"d: {bad}\n", "f", r).value[0][1]
    assert Due.from_node(node, Ctx("f", r), "due") is INVALID
    assert [f.code for f in r.findings] in (["task.due"], ["task.due_order"])


def test_progress_strip_marks_due_months():
    strip = progress_months(Task(id="T", element="2.2", kind="A", title="t", lead="jwc", due=due("{from: 2026-03, to: 2026-04}"),
                                 progress={"2026-03": "调研"}), 2026)
    assert len(strip) == 12
    assert strip[2] == ("2026-03", "调研", True) and strip[3] == ("2026-04", None, True)
    assert strip[1][2] is False and strip[4][2] is False


def review(text):
    r = Report()
    obj = build(SpecialtyReview, parse(text, "f", r), Ctx("f", r))
    assert obj is not INVALID, [f.message() for f in r.findings]
    return obj


SPEC = """specialty: {code: "460301", name: 机电, faculty: jdx}
year: 2026
published_on: 2027-01-15
areas:
  courses: {results: a, approach: b, deployment: c, assessment: d}
  teachers: {results: a, approach: b, deployment: "  "}
issues:
  - {text: 实训工位不足, to: jwc, response: 已增加, responded_on: 2027-02-01}
  - {text: 兼职教师少, to: jwc}
"""


def test_unanswered_and_radar_gaps():
    rv = review(SPEC)
    assert [i.text for i in unanswered_issues(rv)] == ["兼职教师少"]
    gaps = dict(radar_gaps(rv))
    assert "courses" not in gaps
    assert gaps["teachers"] == ["deployment", "assessment"]
    assert gaps["planning"] == ["results", "approach", "deployment", "assessment"]
