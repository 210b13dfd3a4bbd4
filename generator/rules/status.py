"""A college's standing over time: improvement periods, re-review exemption, restrictions and
deemed 异常 (seed 000 §四(三)2–3). Only what is decidable on the check day is judged."""
from __future__ import annotations

import datetime as dt

from .. import models as m
from ..project import College
from .calendar import add_months, on_month_day
from .cycles import cycle_of, diagnosed_in_cycle, owes_annual, owes_cycle
from .materials import Key, describe, provided_items, satisfies
from .results import CollegeStatus, DeemedAbnormal, HistoryEntry, ImprovementPeriod, VerdictResult
from .verdict import is_published

EFFECTIVE, NEEDS_IMPROVEMENT, ABNORMAL = m.VERDICTS
CLAUSE_PERIOD = "seed 000 §四(三)2"
CLAUSE_USE = "seed 000 §四(三)3"


def improvement_period(verdict_on: dt.date, rules: m.Rules) -> dt.date:
    """seed 000 §四(三)2: 待改进 and 异常 have an improvement period of one year
    (`improvement_months`) from the verdict's publication; the last day of the period."""
    return add_months(verdict_on, rules.improvement_months)


def opens_period(verdict: str) -> bool:
    """seed 000 §四(三)2: only 待改进 and 异常 open an improvement period."""
    return verdict in (NEEDS_IMPROVEMENT, ABNORMAL)


def exemption_end(re_review_year: int, rules: m.Rules) -> dt.date:
    """seed 000 §四(三)2: 再次复核结论为“有效”的，同一周期内可不再复核 — exempt to the cycle's end."""
    return dt.date(cycle_of(re_review_year, rules)[1], 12, 31)


def restriction_events(history: list[HistoryEntry]) -> list[tuple[HistoryEntry, str, str]]:
    """seed 000 §四(三)3: 限制措施 for 异常 (reviewed or deemed) and for two consecutive 待改进.
    Returns (entry, kind, reason) for each entry that triggers them, oldest first."""
    return [(history[i], kind, why) for i, kind, why in _events(history)]


def _events(history: list[HistoryEntry]) -> list[tuple[int, str, str]]:
    out = []
    for i, h in enumerate(history):
        prev = history[i - 1] if i else None
        if h.verdict == ABNORMAL and h.kind == "deemed":
            out.append((i, "deemed_abnormal", f"视作复核结论为“异常”：{h.reason_zh}"))
        elif h.verdict == ABNORMAL:
            out.append((i, "verdict_abnormal", f"{h.year} 年复核结论为“异常”"))
        elif h.verdict == NEEDS_IMPROVEMENT and prev is not None and prev.verdict == NEEDS_IMPROVEMENT:
            out.append((i, "needs_improvement_twice", f"连续 2 次复核结论为“待改进”（{prev.year} 年、{h.year} 年）"))
    return out


def restricted_now(history: list[HistoryEntry]) -> tuple[bool, tuple[str, ...]]:
    """Restrictions stay in force until a later verdict of 有效 (the seed sets no end; we choose the
    first 有效 after them, documented in docs/rules.md)."""
    last_effective = max((i for i, h in enumerate(history) if h.verdict == EFFECTIVE), default=-1)
    reasons = tuple(why for i, _, why in _events(history) if i > last_effective)
    return bool(reasons), reasons


ANNUAL_KEYS = (("annual_quality_report", None), ("state_data_report", None), ("annual_self_diagnosis", "school"))


def missed_annual_materials(college: College, year: int, rules: m.Rules, items=None) -> list[str]:
    """seed 000 §四(三)3: a college not listed for review in `year` must still publish its annual
    materials of year − 1 (质量年度报告, 状态数据分析报告, the school's 年度自我诊改报告) by
    `annual_materials_due` of `year`; returns those not published by then (late or absent)."""
    due = on_month_day(year, rules.annual_materials_due)
    items = provided_items(college) if items is None else items
    missed = []
    for kind, unit in ANNUAL_KEYS:
        need = Key(kind, year - 1, unit=unit)
        if not any(satisfies(p.key, need) and p.published_on <= due for p in items):
            missed.append(describe(need, college))
    return missed


def deemed_abnormal(college: College, listed_years: set[int], cycles: list[tuple[int, int]],
                    first_year: int, rules: m.Rules, as_of: dt.date) -> list[DeemedAbnormal]:
    """seed 000 §四(三)3 last sentence: a college not listed for review that did not do its 诊改
    (no self-diagnosis in a finished cycle) or did not publish its materials on time is deemed
    异常. Judged only once the due day (or the cycle) is over; years from `first_year` on, and
    only duties the college had (`joined_on`: cycles.owes_annual, cycles.owes_cycle)."""
    out = []
    annual = {"annual_quality_report", "state_data_report", "annual_self_diagnosis"}
    items = [p for p in provided_items(college) if p.key.kind in annual]
    for year in range(first_year, as_of.year + 1):
        due = on_month_day(year, rules.annual_materials_due)
        if as_of <= due or year in listed_years or not owes_annual(college.info, year - 1):
            continue
        missed = missed_annual_materials(college, year, rules, items)
        if missed:
            out.append(DeemedAbnormal(year, "annual_materials", due + dt.timedelta(days=1),
                                      f"未被列为 {year} 年复核对象，但未在 {due} 前公布{'、'.join(missed)}",
                                      CLAUSE_USE))
    for start, end in cycles:
        if as_of <= dt.date(end, 12, 31) or any(start <= y <= end for y in listed_years) \
                or not owes_cycle(college.info, (start, end)):
            continue
        if not diagnosed_in_cycle(college, (start, end), as_of):
            out.append(DeemedAbnormal(end, "no_self_diagnosis", dt.date(end + 1, 1, 1),
                                      f"{start}–{end} 诊改周期内未开展自我诊改（无自我诊改报告）", CLAUSE_USE))
    return out


def college_status(code: str, college: College, verdicts: list[VerdictResult],
                   listed: list[tuple[int, m.RoundReview]], cycles: list[tuple[int, int]],
                   first_year: int | None, rules: m.Rules, as_of: dt.date) -> CollegeStatus:
    """seed 000 §四(三)2–3 for one college: `verdicts` are its computed verdicts, `listed` its
    review entries in the rounds (year, entry)."""
    history = [HistoryEntry(v.year, v.review_kind, v.computed, v.published_on)
               for v in verdicts if is_published(v.published_on, as_of)]
    deemed = deemed_abnormal(college, {y for y, _ in listed}, cycles, first_year, rules, as_of) \
        if first_year is not None else []
    history += [HistoryEntry(d.year, "deemed", ABNORMAL, d.on, d.reason_zh) for d in deemed]
    history.sort(key=lambda h: (h.on, h.year))
    periods = []
    for h in history:
        if not opens_period(h.verdict):
            continue
        until = improvement_period(h.on, rules)
        later = [y for y, rv in listed if rv.start > h.on]
        followed = min(later) if later else None
        periods.append(ImprovementPeriod(h.year, h.kind, h.verdict, h.on, until, followed,
                                         overdue=followed is None and as_of > until))
    open_ = [p for p in periods if p.followed_by is None]
    exempt = [exemption_end(h.year, rules) for h in history if h.kind == "re_review" and h.verdict == EFFECTIVE]
    restricted, reasons = restricted_now(history)
    return CollegeStatus(
        code=code, history=tuple(history), periods=tuple(periods),
        improvement_until=open_[-1].until if open_ else None,
        overdue=any(p.overdue for p in open_),
        re_review_due=any(p.until <= dt.date(as_of.year, 12, 31) for p in open_),
        exempt_until=max(exempt) if exempt else None,
        restricted=restricted, restriction_reasons=reasons, deemed_abnormal=tuple(deemed),
        latest_verdict=history[-1].verdict if history else None)


def early_re_reviews(period: ImprovementPeriod, listed: list[tuple[int, m.RoundReview]]) -> list[tuple[int, m.RoundReview]]:
    """seed 000 §四(三)2 改进期为1年，改进期满后须重新提出复核申请: a re-review starting after the
    verdict but on or before the period's last day comes too early. Returns those (year, entry)."""
    return [(y, rv) for y, rv in listed if rv.kind == "re_review" and period.start < rv.start <= period.until]


def due_for_re_review(status: CollegeStatus, year: int) -> bool:
    """seed 000 §四(三)2 改进期满后须重新提出复核申请: an unfollowed period ends by 31 December of
    `year`, so the college belongs in that year's list as `kind: re_review`."""
    return any(p.followed_by is None and p.until <= dt.date(year, 12, 31) for p in status.periods)
