"""What the public overview shows: the home page's figures and the colleges grouped by status.

Counted here, not in templates, so the home page, the status lists and the tests read one
answer; only verdicts already published count (seed 000 §六(四), rules.verdict.is_published).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .verdict import is_published

# status key → (public label, what it means), in the order the colleges index offers them
STATUS_FILTERS: dict[str, tuple[str, str]] = {
    "disclosing": ("公示中", "列入复核名单、复核尚未结束的院校（复核前须在校园网公示六项材料）"),
    "effective": ("有效", "最近一次已公布的复核结论为“有效”的院校"),
    "needs-improvement": ("待改进", "最近一次已公布的复核结论为“待改进”的院校"),
    "abnormal": ("异常", "最近一次复核结论为“异常”（含视作异常）的院校"),
    "improving": ("改进期中", "处于改进期、期满后须重新复核的院校"),
    "overdue": ("逾期", "材料逾期公示或截止日已过仍未公示，或改进期满后未安排重新复核的院校"),
    "restricted": ("限制措施", "正在被采取限制措施的院校"),
}
_LATEST = {"effective": "effective", "needs_improvement": "needs-improvement", "abnormal": "abnormal"}


def published(outcome) -> dict:
    """(year, code) → VerdictResult of every verdict whose publication day has come."""
    return {k: v for k, v in sorted(outcome.verdicts.items()) if is_published(v.published_on, outcome.as_of)}


@dataclass(frozen=True)
class Figures:
    colleges: int
    round_years: int
    reviews: int                       # reviews listed in the rounds (复核安排)
    verdicts: int                      # published verdicts only
    by_verdict: tuple[tuple[str, int], ...]   # (effective | needs_improvement | abnormal, count)


def figures(proj, outcome) -> Figures:
    """The home page's 数据概览: a verdict committed ahead of its publication day is not counted."""
    shown = published(outcome).values()
    by = tuple((key, sum(1 for v in shown if v.computed == key))
               for key in ("effective", "needs_improvement", "abnormal"))
    return Figures(colleges=sum(1 for c in proj.colleges.values() if c.info is not None),
                   round_years=len(proj.rounds), reviews=len(outcome.disclosures),
                   verdicts=len(shown), by_verdict=by)


def college_statuses(proj, outcome, as_of: dt.date) -> dict[str, tuple[str, ...]]:
    """code → the status keys (STATUS_FILTERS) that apply to it as of `as_of`."""
    out: dict[str, tuple[str, ...]] = {}
    for code, col in sorted(proj.colleges.items()):
        if col.info is None:
            continue
        keys = set()
        cs = outcome.statuses.get(code)
        for rnd in proj.rounds.values():
            for rv in rnd.reviews:
                if rv.institution == code and rv.end >= as_of:
                    keys.add("disclosing")
        if cs is not None:
            if cs.latest_verdict in _LATEST:
                keys.add(_LATEST[cs.latest_verdict])
            if cs.improvement_until and not cs.overdue:
                keys.add("improving")
            if cs.overdue:
                keys.add("overdue")
            if cs.restricted:
                keys.add("restricted")
        latest = max((y for y, c in outcome.disclosures if c == code), default=None)
        disc = outcome.disclosures.get((latest, code))
        if disc is not None and (disc.count("late") or disc.count("missing")):   # its latest review only
            keys.add("overdue")
        out[code] = tuple(k for k in STATUS_FILTERS if k in keys)
    return out


def colleges_by_status(proj, outcome, as_of: dt.date) -> dict[str, tuple[str, ...]]:
    """status key → codes with that status, every key present (an empty list is a page too)."""
    statuses = college_statuses(proj, outcome, as_of)
    return {key: tuple(code for code, keys in statuses.items() if key in keys) for key in STATUS_FILTERS}
