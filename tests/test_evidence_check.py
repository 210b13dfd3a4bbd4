"""Checks of the structured evidence files (DESIGN.md §3; generator/rules/evidence_check.py):
every finding code with its file:line, and the valid files giving none."""
import datetime as dt

import pytest

from builders import CODE_A, dedent
from generator.check import run_checks

AS_OF = dt.date(2027, 3, 1)
IND = f"institutions/{CODE_A}/indicators/2026.yml"
TASKS = f"institutions/{CODE_A}/tasks/2026.yml"
SPEC = f"institutions/{CODE_A}/specialties/460301/2026.yml"

GOOD_IND = dedent("""
    year: 2026
    published_on: 2027-02-04
    indicators:
      - id: ssb
        element: "3.1"
        point: "3.1.1"
        name: 生师比
        measure: 折合在校生数 ÷ 专任教师数
        standard: {op: "<=", value: 18}
        warning: {op: ">", value: 20}
        result: 18.8
      - id: dkl
        element: "2.2"
        name: 学生到课率
        warning: {op: "<", value: 90}
        result: 95
        unit: "%"
    """)
GOOD_TASKS = dedent("""
    year: 2026
    published_on: 2026-02-20
    tasks:
      - id: T01
        element: "2.2"
        source: 十四五规划
        kind: A
        title: 修订专业人才培养方案
        targets: [学生到课率达90%以上]
        lead: jwc
        due: 2026-06
        done_on: 2026-06-18
        progress: {2026-03: 完成调研, 2026-04: 形成初稿}
      - id: T02
        element: "1.1"
        kind: B
        title: 常规工作
        lead: jdx
        due: ongoing
    """)
GOOD_SPEC = dedent("""
    specialty: {code: "460301", name: 机电一体化技术, faculty: jdx}
    year: 2026
    published_on: 2027-01-15
    areas:
      planning: {results: a, approach: b, deployment: c, assessment: d}
      objectives: {results: a, approach: b, deployment: c, assessment: d}
      teachers: {results: a, approach: b, deployment: c, assessment: d}
      students: {results: a, approach: b, deployment: c, assessment: d}
      courses: {results: a, approach: b, deployment: c, assessment: d}
      resources: {results: a, approach: b, deployment: c, assessment: d}
    issues:
      - {text: 实训工位不足, to: jwc, response: 已增购, measure: 新建实训室, responded_on: 2027-02-01}
    warnings: [{signal: 岗位需求变化, action: 修订人才培养目标}]
    """)


def findings(root, as_of=AS_OF):
    c = run_checks(root.path, as_of)
    for f in c.report.findings:           # every message renders in both languages (no missing parameter)
        assert f.message("zh") and f.message("en")
    return [(f.code, f.file, f.line) for f in c.report.findings
            if f.file.startswith(tuple(f"institutions/{CODE_A}/{d}/" for d in ("indicators", "tasks", "specialties")))]


def test_valid_files_give_no_findings_and_load(root):
    root.write(IND, GOOD_IND)
    root.write(TASKS, GOOD_TASKS)
    root.write(SPEC, GOOD_SPEC)
    c = run_checks(root.path, AS_OF)
    assert findings(root) == []
    col = c.project.colleges[CODE_A]
    assert list(col.indicators) == [2026] and list(col.tasks) == [2026]
    assert list(col.specialties) == [("460301", 2026)]


@pytest.mark.parametrize("rel", [IND, TASKS, SPEC])
@pytest.mark.parametrize("text", ["", "# 只有注释\n", "\n\n"])
def test_empty_or_comment_only_is_an_error(root, rel, text):
    root.write(rel, text)
    assert findings(root) == [("evidence.empty", rel, 1)]


def case(root, rel, good, old, new):
    assert old in good, old
    root.write(rel, good.replace(old, new, 1))
    return findings(root)


@pytest.mark.parametrize("rel,good,old,new,expect", [
    (IND, GOOD_IND, "unit: \"%\"", "units: \"%\"", ("schema.unknown_key", "units:")),
    (IND, GOOD_IND, "element: \"3.1\"", "element: \"9.9\"", ("ref.element", "9.9")),
    (IND, GOOD_IND, "point: \"3.1.1\"", "point: \"3.1.9\"", ("evidence.point", "3.1.9")),
    (IND, GOOD_IND, "point: \"3.1.1\"", "point: \"2.2.1\"", ("evidence.point", "2.2.1")),
    (IND, GOOD_IND, "id: dkl", "id: ssb", ("evidence.duplicate", "  - id: ssb\n    element: \"2.2\"")),
    (IND, GOOD_IND, "op: \"<=\"", "op: \"=<\"", ("indicator.op", "=<")),
    (IND, GOOD_IND, "result: 18.8", "result: \"18.8\"", ("schema.type", "\"18.8\"")),
    (IND, GOOD_IND, "result: 18.8", "result: 20.5", ("indicator.warning", "20.5")),
    (IND, GOOD_IND, "published_on: 2027-02-04", "published_on: 2025-12-31", ("indicator.published_early", "2025-12-31")),
    (IND, GOOD_IND, "published_on: 2027-02-04", "published_on: 2027-03-02", ("evidence.future", "2027-03-02")),
    (IND, GOOD_IND, "year: 2026", "year: 2025", ("evidence.year", "year: 2025")),
    (TASKS, GOOD_TASKS, "lead: jwc", "lead: xxx", ("ref.unit", "xxx")),
    (TASKS, GOOD_TASKS, "due: 2026-06", "due: 2026-06-30", ("task.due", "2026-06-30")),
    (TASKS, GOOD_TASKS, "due: 2026-06", "due: {from: 2026-07, to: 2026-06}", ("task.due_order", "from: 2026-07")),
    (TASKS, GOOD_TASKS, "kind: A", "kind: C", ("schema.value", "kind: C")),
    (TASKS, GOOD_TASKS, "id: T02", "id: T01", ("evidence.duplicate", "  - id: T01\n    element: \"1.1\"")),
    (TASKS, GOOD_TASKS, "due: ongoing", "due: ongoing\n    done_on: 2027-03-02", ("evidence.future", "2027-03-02")),
    (TASKS, GOOD_TASKS, "2026-03: 完成调研", "2026-3: 完成调研", ("task.progress_month", "progress:")),
    (TASKS, GOOD_TASKS, "2026-03: 完成调研", "2027-04: 完成调研", ("task.progress_future", "progress:")),
    (TASKS, GOOD_TASKS, "    done_on: 2026-06-18\n", "", ("task.overdue", "due: 2026-06")),
    (SPEC, GOOD_SPEC, "faculty: jdx", "faculty: jwc", ("specialty.faculty", "specialty:")),
    (SPEC, GOOD_SPEC, "code: \"460301\"", "code: \"460302\"", ("specialty.code", "specialty:")),
    (SPEC, GOOD_SPEC, "to: jwc", "to: nobody", ("ref.unit", "nobody")),
    (SPEC, GOOD_SPEC, ", responded_on: 2027-02-01", "", ("specialty.response_date", "实训工位不足")),
    (SPEC, GOOD_SPEC, "responded_on: 2027-02-01", "responded_on: 2027-03-05", ("evidence.future", "2027-03-05")),
    (SPEC, GOOD_SPEC, "response: 已增购, measure: 新建实训室, responded_on: 2027-02-01", "measure: 新建实训室",
     ("specialty.unanswered", "实训工位不足")),
    (SPEC, GOOD_SPEC, "deployment: c, assessment: d}\nissues", "deployment: c}\nissues", ("specialty.radar_gap", "  resources:")),
    (SPEC, GOOD_SPEC, "  teachers: {results: a, approach: b, deployment: c, assessment: d}\n", "",
     ("specialty.radar_gap", "  planning:")),
])
def test_each_finding_with_its_line(root, rel, good, old, new, expect):
    got = case(root, rel, good, old, new)
    text = root.read(rel)
    assert expect[1] in text
    line = text[:text.index(expect[1])].count("\n") + 1     # a duplicate's anchor is its second row
    assert got == [(expect[0], rel, line)], got


def test_task_status_boundary_moves_with_as_of(root):
    root.write(TASKS, GOOD_TASKS.replace("    done_on: 2026-06-18\n", ""))
    assert findings(root, dt.date(2026, 7, 31)) == []
    assert [c for c, _, _ in findings(root, dt.date(2026, 8, 1))] == ["task.overdue"]


def test_grace_months_from_site_config(root):
    root.write(TASKS, GOOD_TASKS.replace("    done_on: 2026-06-18\n", ""))
    root.replace("site_config.yml", "  cycle_start: 2025\n", "  cycle_start: 2025\n  tasks: {grace_months: 2}\n")
    assert findings(root, dt.date(2026, 8, 31)) == []
    assert [c for c, _, _ in findings(root, dt.date(2026, 9, 1))] == ["task.overdue"]


def test_negative_grace_months_is_an_error(root):
    root.replace("site_config.yml", "  cycle_start: 2025\n", "  cycle_start: 2025\n  tasks: {grace_months: -1}\n")
    c = run_checks(root.path, AS_OF)
    assert [(f.code, f.file) for f in c.report.errors] == [("schema.value", "site_config.yml")]
