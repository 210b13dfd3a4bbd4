"""The yearly review list (seed 000 §四(二)3: 于每年年底公布下一年度接受复核的学校名单)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import models as m
from .calendar import on_month_day

CLAUSE = "seed 000 §四(二)3"


def list_due(year: int, rules: m.Rules) -> dt.date:
    """seed 000 §四(二)3: the list of the colleges reviewed in `year` is published by the end of
    the year before — `list_announced_by` (default 12-31) of year − 1."""
    return on_month_day(year - 1, rules.list_announced_by)


def announced_late(rnd: m.Round, rules: m.Rules) -> bool:
    """seed 000 §四(二)3: a round announced after its due day was announced late."""
    return rnd.announced_on > list_due(rnd.year, rules)


def lists_missing(years: set[int], as_of: dt.date, rules: m.Rules) -> list[int]:
    """seed 000 §四(二)3 于每年年底公布下一年度接受复核的学校名单: every year after the first
    recorded round whose list was due (list_announced_by of the year before) before `as_of` and
    has no round.yml at all. Years before the first round predate the portal's records."""
    if not years:
        return []
    return [y for y in range(min(years) + 1, as_of.year + 2) if y not in years and list_due(y, rules) < as_of]


def review_entries(rounds: dict[int, m.Round]) -> dict[str, list[tuple[int, m.RoundReview]]]:
    """code → every listed review of that college as (year, entry), by year then start date."""
    out: dict[str, list[tuple[int, m.RoundReview]]] = {}
    for y, rnd in sorted(rounds.items()):
        for rv in rnd.reviews:
            out.setdefault(rv.institution, []).append((y, rv))
    for rows in out.values():
        rows.sort(key=lambda t: (t[0], t[1].start))
    return out


@dataclass(frozen=True)
class ReviewCounts:
    total: int
    sample: int               # 抽样复核
    re_review: int            # 改进期满重新复核


def review_counts(rnd: m.Round) -> ReviewCounts:
    """seed 000 §四(二)3 于每年年底公布下一年度接受复核的学校名单: how many colleges a round lists,
    of them sampled and re-reviewed after an improvement period (the site shows these figures)."""
    kinds = [rv.kind for rv in rnd.reviews]
    return ReviewCounts(len(kinds), kinds.count("sample"), kinds.count("re_review"))
