"""Computed statuses of a college's structured evidence (DESIGN.md §3, seeds 002 and 003).

One function per status; the checker, the site, open data and the feed all call these.
Nothing here is typed by hand in the YAML: the status follows from the data and `as_of`.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass

from ..models_evidence import AREAS, OPS, PARTS, Comparison, Indicator, SpecialtyReview, Task

# indicator statuses (seed 002 表5)
WARNING, BELOW, NORMAL = "warning", "below", "normal"
INDICATOR_LABELS = {WARNING: "预警", BELOW: "未达标", NORMAL: "正常"}
# task statuses (seed 002 图13: 正常 绿, 已完成 黑, 未完成 黄, 预警 红; 逾期完成 is this site's)
DONE, DONE_LATE, ON_TRACK, UNFINISHED, OVERDUE = "done", "done_late", "normal", "unfinished", "warning"
TASK_LABELS = {DONE: "已完成", DONE_LATE: "逾期完成", ON_TRACK: "正常", UNFINISHED: "未完成", OVERDUE: "预警"}

_OPS = dict(zip(OPS, (operator.lt, operator.le, operator.gt, operator.ge, operator.eq)))


def holds(value: float, cmp: Comparison) -> bool:
    """Does `value op cmp.value` hold? An unknown operator (reported as `indicator.op`) never holds."""
    fn = _OPS.get(cmp.op)
    return bool(fn and fn(value, cmp.value))


def indicator_status(ind: Indicator) -> str:
    """seed 002 表5 (诊断标准, 预警值, 测量结果): 预警 when the result meets the warning value
    (预警值: `result op value`); otherwise 未达标 when a 诊断标准 is given and the result fails it;
    otherwise 正常."""
    if holds(ind.result, ind.warning):
        return WARNING
    if ind.standard is not None and not holds(ind.result, ind.standard):
        return BELOW
    return NORMAL


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from earlier's month to later's month (2026-06-30 → 2026-07-01 is 1)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@dataclass(frozen=True)
class TaskStatus:
    status: str
    months_late: int = 0     # calendar months past the due month (unfinished / warning / done_late)

    @property
    def label(self) -> str:
        return TASK_LABELS[self.status]


def task_status(task: Task, as_of: dt.date, grace_months: int = 1) -> TaskStatus:
    """seed 002 图13 shows the legend 正常 / 已完成 / 未完成 / 预警 without its triggers, so the
    triggers are THIS SITE's rule (`site_config.rules.tasks.grace_months`, DESIGN.md §3):
    done on or before the last day of the due period → 已完成, after it → 逾期完成; not done
    (or done after `as_of`) → 正常 until the period ends (always for `ongoing`), then 未完成
    while the month of `as_of` is at most `grace_months` months past the due month, then 预警."""
    end = task.due.end
    done = task.done_on if task.done_on is not None and task.done_on <= as_of else None
    if done is not None:
        if end is None or done <= end:
            return TaskStatus(DONE)
        return TaskStatus(DONE_LATE, months_between(end, done))
    if end is None or as_of <= end:
        return TaskStatus(ON_TRACK)
    late = months_between(end, as_of)
    return TaskStatus(UNFINISHED if late <= grace_months else OVERDUE, late)


def progress_months(task: Task, year: int) -> list[tuple[str, str | None, bool]]:
    """The month-by-month strip of seed 002 图13 (1月–12月 of the table's year):
    (YYYY-MM, the progress noted that month or None, whether the month is in the due period)."""
    out = []
    for mo in range(1, 13):
        key = f"{year}-{mo:02d}"
        first = dt.date(year, mo, 1)
        in_due = task.due.start is not None and task.due.start <= first <= task.due.end
        out.append((key, task.progress.get(key), in_due))
    return out


def answered(issue) -> bool:
    """seed 003 §四(二): an issue of the annual review is answered when the responsible unit has
    written its response (回应专业建设合理诉求，明确改进举措); blanks are no response."""
    return bool((issue.response or "").strip())


def unanswered_issues(review: SpecialtyReview) -> list:
    """seed 003 §四(二): the issues of the annual review still without a response (`answered`)."""
    return [iss for iss in review.issues if not answered(iss)]


def radar_gaps(review: SpecialtyReview) -> list[tuple[str, list[str]]]:
    """seed 003 §四 工作流程: each of the six areas (规划体系 … 资源建设) runs the RADAR cycle
    目标（结果）—方法—实施—评价改进; (area, missing parts) for every area with a part missing
    (an area not written at all misses all four)."""
    gaps = []
    for area in AREAS:
        a = getattr(review.areas, area)
        missing = [p for p in PARTS if a is None or not (getattr(a, p) or "").strip()]
        if missing:
            gaps.append((area, missing))
    return gaps
