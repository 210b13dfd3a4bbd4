"""The yearly review list (seed 000 §四(二)3: 于每年年底公布下一年度接受复核的学校名单)."""
from __future__ import annotations

import datetime as dt

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


def review_entries(proj_rounds: dict[int, m.Round], code: str) -> list[tuple[int, m.RoundReview]]:
    """Every listed review of one college, by year then start date."""
    out = [(y, rv) for y, rnd in proj_rounds.items() for rv in rnd.reviews if rv.institution == code]
    return sorted(out, key=lambda t: (t[0], t[1].start))
