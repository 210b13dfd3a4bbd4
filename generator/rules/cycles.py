"""Diagnosis cycles (seed 000 §四(一)1): every college completes at least one self-diagnosis
(诊改) every `cycle_years` years; cycles are aligned to `cycle_start`."""
from __future__ import annotations

import datetime as dt

from .. import models as m
from ..project import College

CLAUSE = "seed 000 §四(一)1"


def cycle_of(year: int, rules: m.Rules) -> tuple[int, int]:
    """seed 000 §四(一)1 "每3年": the cycle [start, end] (inclusive years) that contains `year`,
    cycles being [cycle_start + k·cycle_years, … + cycle_years − 1] for every integer k."""
    k = (year - rules.cycle_start) // rules.cycle_years
    start = rules.cycle_start + k * rules.cycle_years
    return start, start + rules.cycle_years - 1


def cycle_ended(cycle: tuple[int, int], as_of: dt.date) -> bool:
    """A cycle is over once its last day (31 December of its last year) has passed."""
    return as_of > dt.date(cycle[1], 12, 31)


def cycles_between(first: int, last: int, rules: m.Rules) -> list[tuple[int, int]]:
    """Every cycle that contains a year in [first, last], oldest first."""
    out, year = [], first
    while year <= last:
        c = cycle_of(year, rules)
        out.append(c)
        year = c[1] + 1
    return out


def self_diagnosis_years(college: College, as_of: dt.date) -> set[int]:
    """Years for which the college has published its 自我诊改报告 (self-diagnosis/<year>.yml, or a
    material of kind self_diagnosis_report) on or before the check day."""
    years = {y for y, rep in college.reports.items() if rep.published_on <= as_of}
    years |= {d.meta.year for d in college.materials
              if d.meta.kind == "self_diagnosis_report" and d.meta.year is not None and d.meta.published_on <= as_of}
    return years


def diagnosed_in_cycle(college: College, cycle: tuple[int, int], as_of: dt.date) -> bool:
    """seed 000 §四(一)1: the college did at least one self-diagnosis in the cycle's years."""
    return any(cycle[0] <= y <= cycle[1] for y in self_diagnosis_years(college, as_of))


def duties_from(info: m.Institution | None) -> int | None:
    """seed 000 §四(三)3 未按规定开展诊改工作 applies to duties a college had: with `joined_on`,
    the first calendar year it spent wholly under the scheme (the joining year when it joined on
    1 January, else the next); None (no `joined_on`): a college of the scheme from the start."""
    if info is None or info.joined_on is None:
        return None
    j = info.joined_on
    return j.year if (j.month, j.day) == (1, 1) else j.year + 1


def owes_cycle(info: m.Institution | None, cycle: tuple[int, int]) -> bool:
    """seed 000 §四(一)1 每3年要至少完成一次: owed for a cycle the college spent wholly under the
    scheme (joined on or before its first day)."""
    start = duties_from(info)
    return start is None or start <= cycle[0]


def owes_annual(info: m.Institution | None, year: int) -> bool:
    """seed 000 §四(三)3 按时提交完整的诊改工作材料: the annual materials of `year` are owed when the
    college spent all of `year` under the scheme."""
    start = duties_from(info)
    return start is None or start <= year
