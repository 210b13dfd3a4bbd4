"""Three review rounds over one cycle: stratified sample, dates, panels, findings, re-reviews,
and the experts' engagements — arranged so that every conflict is a warning, never an error."""
from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from .. import models as m
from ..rules.calendar import add_months
from ..rules.verdict import verdict_of
from .world import SCALE_BANDS, College, Expert

DAY = dt.timedelta(days=1)
RESULT_KS = list(range(11))                         # elements whose self-diagnosis does not match
RESULT_WEIGHTS = [18, 22, 18, 14, 9, 7, 5, 3, 2, 1, 1]


@dataclass
class Review:
    year: int
    code: str
    kind: str                                       # sample | re_review
    start: dt.date
    end: dt.date
    panel: list[str] = field(default_factory=list)  # leader first
    appointed_on: dt.date | None = None
    published_on: dt.date | None = None             # review file written when set
    unmatched: dict[str, str] = field(default_factory=dict)   # element id → note
    measures: str = ""
    verdict: str = ""                               # computed by rules.verdict.verdict_of
    declare: bool = False                           # write `verdict:` (optional in the file)

    @property
    def deadline(self) -> dt.date:
        return self.start - 30 * DAY


@dataclass
class Round:
    year: int
    announced_on: dt.date
    reviews: list[Review]


def band(students: int) -> int:
    return sum(1 for b in SCALE_BANDS if students >= b)


def strata(c: College) -> list[tuple[str, object]]:
    return [("region", c.region), ("scale", band(c.students)), ("category", c.categories[0])]


def stratified_sample(rng: random.Random, colleges: list[College]) -> list[College]:
    """Greedy cover of every stratum value present (seed 000 §四(一)2), then fill to ≥ 1/4."""
    uncovered = dict.fromkeys(v for c in colleges for v in strata(c))
    order = rng.sample(colleges, len(colleges))
    chosen: dict[str, College] = {}
    while uncovered:
        best = max(order, key=lambda c: -1 if c.code in chosen else sum(v in uncovered for v in strata(c)))
        chosen[best.code] = best
        for v in strata(best):
            uncovered.pop(v, None)
    need = math.ceil(len(colleges) / 4) + rng.randint(0, max(1, len(colleges) // 25))
    for c in order:
        if len(chosen) >= need:
            break
        chosen.setdefault(c.code, c)
    return rng.sample(list(chosen.values()), len(chosen))


def review_mondays(year: int) -> list[dt.date]:
    d = dt.date(year, 3, 9)
    d += (-d.weekday() % 7) * DAY
    out = []
    while d <= dt.date(year, 11, 23):
        summer = dt.date(year, 7, 13) <= d <= dt.date(year, 8, 24)
        holiday = any(d <= dt.date(year, mo, 1) <= d + 6 * DAY for mo in (5, 10))
        if not (summer or holiday):
            out.append(d)
        d += 7 * DAY
    return out


def weekday_on_or_after(d: dt.date) -> dt.date:
    return d + max(0, 7 - d.weekday()) * DAY if d.weekday() >= 5 else d


def plan_rounds(rng: random.Random, colleges: list[College], experts: list[Expert], year: int,
                as_of: dt.date, element_ids: list[str], rule: m.VerdictRule) -> list[Round]:
    years = [year - 2, year - 1, year]
    sample = stratified_sample(rng, colleges)
    by_code = {c.code: c for c in colleges}
    queued: dict[int, list[Review]] = {y: [] for y in years}
    late_round = rng.choice(years) if rng.random() < 0.4 else None   # round.announced_late (warning)
    rounds = []
    for i, y in enumerate(years):
        announced = (dt.date(y, 1, rng.randint(3, 12)) if y == late_round
                     else dt.date(y - 1, 12, rng.randint(10, 28)))
        mondays = review_mondays(y)
        reviews = []
        for c in sample[i::3]:
            start = rng.choice(mondays) + rng.randint(0, 2) * DAY
            reviews.append(Review(y, c.code, "sample", start, start + rng.randint(1, 2) * DAY))
        taken = {rv.code for rv in reviews}
        reviews += [rv for rv in queued[y] if rv.code not in taken]
        reviews.sort(key=lambda rv: (rv.start, rv.code))
        for rv in reviews:
            _panel(rng, rv, by_code[rv.code], experts, announced, as_of)
            _result(rng, rv, as_of, element_ids, rule)
            _queue_re_review(rng, rv, queued, years)
        rounds.append(Round(y, announced, reviews))
    _engagements(rng, colleges, experts, rounds, year, as_of)
    return rounds


def _panel(rng, rv: Review, col: College, experts: list[Expert], announced: dt.date, as_of: dt.date) -> None:
    """A panel free of every error-level conflict: no removed expert, nobody from the college,
    nobody on an overlapping review; the main category is covered except in ~3 % of panels."""
    appointed = rv.start - rng.randint(25, 60) * DAY
    if rv.kind == "sample":
        appointed = max(appointed, announced + 5 * DAY)
    if appointed > as_of:
        return                                   # not yet appointed: the round lists no panel
    lo, hi = rv.start - 2 * DAY, rv.end + 2 * DAY
    free = [e for e in experts if e.removed is None and e.affiliation_code != col.code
            and all(b_end < lo or b_start > hi for b_start, b_end in e.busy)]
    free = rng.sample(free, len(free))
    size = rng.randint(3, 5)
    panel: list[Expert] = []
    if rng.random() >= 0.03:
        panel += [e for e in free if col.categories[0] in e.fields][:1]
    leaders = [e for e in free if e.kind in ("vocational", "research") and e.id not in {p.id for p in panel}][:1]
    panel = leaders + panel
    ids = {p.id for p in panel}
    panel += [e for e in free if e.id not in ids][:max(0, size - len(panel))]
    if not panel:
        return
    rv.panel = [e.id for e in panel]
    rv.appointed_on = appointed
    for e in panel:
        e.busy.append((rv.start, rv.end))


def _result(rng, rv: Review, as_of: dt.date, element_ids: list[str], rule: m.VerdictRule) -> None:
    published = rv.end + rng.randint(10, 40) * DAY
    if not rv.panel or published > as_of:
        return
    k = rng.choices(RESULT_KS, RESULT_WEIGHTS)[0]
    weights = [75, 22, 3] if k <= 3 else [30, 55, 15] if k <= 5 else [5, 45, 50]
    rv.measures = rng.choices(["strong", "mixed", "weak"], weights)[0]
    rv.unmatched = {eid: "" for eid in sorted(rng.sample(element_ids, k), key=element_ids.index)}
    rv.published_on = published
    rv.verdict = verdict_of(len(element_ids) - k, len(element_ids), rv.measures, rule)
    rv.declare = rng.random() < 0.6


def _queue_re_review(rng, rv: Review, queued: dict[int, list[Review]], years: list[int]) -> None:
    """待改进 / 异常 → a re-review after the 12-month improvement period (seed 000 §四(三)2)."""
    if rv.published_on is None or rv.verdict == "effective":
        return
    start = weekday_on_or_after(add_months(rv.published_on, 12) + rng.randint(10, 70) * DAY)
    if start > dt.date(start.year, 11, 27):
        start = weekday_on_or_after(dt.date(start.year + 1, 3, 9) + rng.randint(0, 60) * DAY)
    start = max(start, weekday_on_or_after(dt.date(start.year, 3, 9)))
    if start.year in queued and start.year > rv.year:
        queued[start.year].append(Review(start.year, rv.code, "re_review", start, start + DAY))


def _engagements(rng, colleges, experts, rounds, year, as_of) -> None:
    """Coaching and lectures at colleges (seed 000 §六(三)). None falls in a year in which the
    expert reviews that college, except ~2 % of panels: one member engages after appointment
    (a warning the site publishes)."""
    reviewing = {(eid, rv.code, rv.year) for r in rounds for rv in r.reviews for eid in rv.panel}
    first = dt.date(year - 3, 1, 1)
    span = (as_of - first).days
    for e in experts:
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
            for _attempt in range(10):
                col = rng.choice(colleges)
                on = first + rng.randint(0, span) * DAY
                if (e.id, col.code, on.year) not in reviewing and col.code != e.affiliation_code:
                    e.engagements.append((col.code, on, rng.choice(["coaching", "lecture"])))
                    break
    by_id = {e.id: e for e in experts}
    for r in rounds:
        for rv in r.reviews:
            if rv.panel and rng.random() < 0.02:
                lo, hi = rv.appointed_on + DAY, min(rv.start - DAY, as_of)
                if lo <= hi:
                    on = lo + rng.randint(0, (hi - lo).days) * DAY
                    by_id[rng.choice(rv.panel)].engagements.append((rv.code, on, "coaching"))
    for e in experts:
        e.engagements.sort(key=lambda t: (t[1], t[0]))
