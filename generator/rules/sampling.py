"""Stratified sampling of colleges for review (seed 000 §四(一)2): per cycle at least
`min_sample_fraction` of all colleges, representative in region, scale and main category.

The proposal is deterministic from a public seed string: colleges are ordered by
SHA-256(seed + "\\n" + code), never by a pseudo-random generator whose state could differ
between Python versions. docs/rules.md explains how to re-run it by hand.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from fractions import Fraction

from .. import models as m
from .results import SamplingSummary, Strata
from .verdict import smallest_passing

CLAUSE = "seed 000 §四(一)2"
DIMENSIONS = ("region", "scale", "category")
_BAND_NAMES_3 = ("小型", "中型", "大型")


def scale_band(students: int, bands: list[int]) -> str:
    """The 规模 stratum of a college: boundaries `scale_bands` (ascending) split student counts
    into bands; a count equal to a boundary belongs to the band above it."""
    bounds = sorted(bands)
    i = sum(1 for b in bounds if students >= b)
    if not bounds:
        return "全部"
    if i == 0:
        span = f"<{bounds[0]}人"
    elif i == len(bounds):
        span = f"≥{bounds[-1]}人"
    else:
        span = f"{bounds[i - 1]}–{bounds[i] - 1}人"
    name = _BAND_NAMES_3[i] if len(bounds) == 2 else f"第{i + 1}档"
    return f"{name}（{span}）"


def strata_of(info: m.Institution, rules: m.Rules) -> Strata:
    """seed 000 §四(一)2 区域分布、规模和专业类别: region, scale band, first (main) category."""
    return Strata(info.region, scale_band(info.students, rules.scale_bands), info.categories[0])


def values(strata: dict[str, Strata], codes) -> dict[str, dict[str, int]]:
    """dim → {value: number of the given colleges with it}, values sorted."""
    out = {d: {} for d in DIMENSIONS}
    for c in codes:
        for d in DIMENSIONS:
            v = getattr(strata[c], d)
            out[d][v] = out[d].get(v, 0) + 1
    return {d: dict(sorted(vs.items())) for d, vs in out.items()}


def enough_sampled(sampled: int, total: int, fraction: Fraction) -> bool:
    """seed 000 §四(一)2 抽样学校数量应不少于总数的1/4: sampled·den ≥ num·total, in integers."""
    return sampled * fraction.denominator >= fraction.numerator * total


def summarize(strata: dict[str, Strata], sampled: set[str], fraction: Fraction, judged: bool) -> SamplingSummary:
    """seed 000 §四(一)2 for one cycle: the fraction and every stratum value present among all
    colleges represented in the cycle's sample."""
    sampled_known = sorted(c for c in sampled if c in strata)
    present = values(strata, strata)
    got = values(strata, sampled_known)
    coverage = {d: {v: got[d].get(v, 0) for v in present[d]} for d in DIMENSIONS}
    missing = {d: tuple(v for v, n in coverage[d].items() if n == 0) for d in DIMENSIONS}
    return SamplingSummary(total=len(strata), sampled=tuple(sampled_known),
                           required=smallest_passing(len(strata), fraction), fraction=fraction, present=present,
                           fraction_ok=enough_sampled(len(sampled_known), len(strata), fraction),
                           coverage=coverage, missing=missing, judged=judged)


# --- the proposal ---------------------------------------------------------------------------
def order_key(seed: str, text: str) -> str:
    """The public ordering: hex SHA-256 of the UTF-8 bytes of seed + newline + text."""
    return hashlib.sha256(f"{seed}\n{text}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Pick:
    code: str
    strata: Strata
    key: str                       # order_key(seed, code)
    why: str                       # cover: 覆盖…; share: 按比例; re_review: 改进期满


@dataclass(frozen=True)
class Proposal:
    year: int
    seed: str
    cycle: tuple[int, int]
    total: int                     # colleges in the portal
    required: int                  # sampled colleges the cycle needs
    already: tuple[str, ...]       # sampled in the cycle's other years
    excluded: tuple[tuple[str, str], ...]   # (code, reason) not eligible this year
    target: int                    # size of this year's sample
    sample: tuple[Pick, ...]
    re_review: tuple[Pick, ...]
    uncoverable: tuple[tuple[str, str], ...]  # (dim, value) held by no eligible college, not yet covered


def apportion(q: int, sizes: dict[str, int], seed: str) -> dict[str, int]:
    """Largest-remainder (Hamilton) allocation of q seats over cells proportional to their sizes;
    equal remainders are ordered by order_key(seed, cell). Exact fractions, no floats."""
    total = sum(sizes.values())
    if q <= 0 or total == 0:
        return {c: 0 for c in sizes}
    exact = {c: Fraction(q * n, total) for c, n in sizes.items()}
    seats = {c: int(x) for c, x in exact.items()}
    left = q - sum(seats.values())
    by_rest = sorted(sizes, key=lambda c: (-(exact[c] - seats[c]), order_key(seed, c)))
    for c in by_rest[:left]:
        seats[c] += 1
    return seats


def propose(year: int, seed: str, cycle: tuple[int, int], strata: dict[str, Strata], already: set[str],
            exempt: dict[str, str], re_review: set[str], fraction: Fraction) -> Proposal:
    """seed 000 §四(一)2 分层抽样 for `year`:
    1. eligible = all colleges − already sampled in the cycle − exempt − those due for re-review
       (listed separately as `kind: re_review`);
    2. target = ⌈(required − already) / years left in the cycle⌉, at least 0;
    3. cover: in key order, take each college that brings a region, scale band or main category
       present among the colleges but not yet in the cycle's sample;
    4. share: the seats left (target − covered) go to the cells region × scale × category in
       proportion to their eligible colleges (largest remainder); each cell takes its colleges in
       key order."""
    required = smallest_passing(len(strata), fraction)
    keys = {c: order_key(seed, c) for c in strata}
    excluded = {c: "本周期已抽样复核" for c in already if c in strata}
    excluded.update({c: why for c, why in exempt.items() if c in strata and c not in excluded})
    excluded.update({c: "改进期满，列为重新复核" for c in re_review if c in strata and c not in excluded})
    eligible = sorted((c for c in strata if c not in excluded), key=lambda c: keys[c])
    remaining_years = cycle[1] - year + 1
    need = max(0, required - len([c for c in already if c in strata]))
    target = -(-need // max(1, remaining_years))
    covered = {d: {getattr(strata[c], d) for c in already if c in strata} for d in DIMENSIONS}
    present = values(strata, strata)
    wanted = {(d, v) for d in DIMENSIONS for v in present[d] if v not in covered[d]}
    reachable = {(d, getattr(strata[c], d)) for c in eligible for d in DIMENSIONS}
    picks: list[Pick] = []
    for c in eligible:
        brings = [(d, getattr(strata[c], d)) for d in DIMENSIONS if (d, getattr(strata[c], d)) in wanted]
        if brings:
            picks.append(Pick(c, strata[c], keys[c], "覆盖" + "、".join(v for _, v in brings)))
            wanted -= set(brings)
    target = min(max(target, len(picks)), len(eligible))
    chosen = {p.code for p in picks}
    cells: dict[str, list[str]] = {}
    for c in eligible:
        if c not in chosen:
            s = strata[c]
            cells.setdefault(f"{s.region}｜{s.scale}｜{s.category}", []).append(c)
    seats = apportion(target - len(picks), {k: len(v) for k, v in cells.items()}, seed)
    for cell in sorted(cells):
        for c in cells[cell][:seats[cell]]:
            picks.append(Pick(c, strata[c], keys[c], "按比例分配"))
    picks.sort(key=lambda p: p.key)
    rr = tuple(Pick(c, strata[c], keys[c], "改进期满重新复核") for c in sorted(re_review, key=lambda c: keys.get(c, ""))
               if c in strata)
    return Proposal(year, seed, cycle, len(strata), required, tuple(sorted(c for c in already if c in strata)),
                    tuple(sorted(excluded.items())), target, tuple(picks), rr,
                    tuple(sorted(wanted - reachable)))


def deviations(rnd: m.Round, prop: Proposal, known: set[str]) -> list[tuple[str, str]]:
    """seed 000 §四(一)2 (the published seed makes the sample reproducible): (code, variant) for
    each college sampled in `rnd` but not proposed ("added") or proposed but not sampled
    ("omitted"), by code. Only colleges whose profile loaded (`known`) are compared: a broken
    institution.yml is reported as such, not as a deviation."""
    listed = {rv.institution for rv in rnd.reviews if rv.kind == "sample" and rv.institution in known}
    proposed = {p.code for p in prop.sample}
    return sorted([(c, "added") for c in listed - proposed] + [(c, "omitted") for c in proposed - listed])


def unexplained_deviations(rnd: m.Round, prop: Proposal, known: set[str]) -> list[tuple[str, str]]:
    """The deviations of `rnd` from its proposal without a recorded reason in
    `sampling.deviations` (institution + non-empty reason)."""
    reasons = {d.institution for d in (rnd.sampling.deviations if rnd.sampling else []) if d.reason.strip()}
    return [(c, v) for c, v in deviations(rnd, prop, known) if c not in reasons]
