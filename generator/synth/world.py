"""The synthetic world: colleges and experts (everything else is scheduled from these).

Every draw comes from a `random.Random` passed in; nothing iterates a set or a hash, so the
same seed gives the same world in any process.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import pools

SCALE_BANDS = (5000, 10000)                    # written to site_config.yml
SCALE_RANGES = ((1800, 4999, 30), (5000, 9999, 45), (10000, 24000, 25))


@dataclass
class College:
    code: str
    name: str
    region: str
    city: str
    students: int
    categories: list[str]
    departments: list[tuple[str, str]]
    faculties: list[tuple[str, str]]
    other_plans: list[tuple[str, str]]
    president: str

    @property
    def units(self) -> list[tuple[str, str]]:
        """seed 000 §四(二)3(4): the school, every 职能部门 and every 院（系）."""
        return [("school", "学校"), *self.departments, *self.faculties]

    @property
    def website(self) -> str:
        return f"https://www.c{self.code}.edu.example/"


@dataclass
class Expert:
    id: str
    name: str
    title: str
    kind: str
    affiliation: str
    affiliation_code: str | None
    fields: list[str]
    removed: tuple[dt.date, str] | None = None
    engagements: list[tuple[str, dt.date, str]] = field(default_factory=list)
    busy: list[tuple[dt.date, dt.date]] = field(default_factory=list)   # panel dates (not written)


def weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights=weights, k=1)[0]


def person(rng: random.Random) -> str:
    given = rng.choice(pools.GIVEN) + (rng.choice(pools.GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(pools.SURNAMES) + given


def make_colleges(rng: random.Random, n: int) -> list[College]:
    k = min(len(pools.PROVINCES), max(4, n // 5))
    provinces = list(pools.PROVINCES)
    chosen = []
    for _ in range(k):  # weighted sampling without replacement
        p = weighted(rng, provinces, [w for _, _, w, _ in provinces])
        provinces.remove(p)
        chosen.append(p)
    chosen.sort()
    serial = {p[0]: rng.randint(10001, 13000) for p in chosen}
    cats = [c for c, _, _ in pools.CATEGORIES]
    cat_w = [w for _, w, _ in pools.CATEGORIES]
    words = {c: ws for c, _, ws in pools.CATEGORIES}
    names: set[str] = set()   # membership only, never iterated
    out = []
    for i in range(n):
        prov = chosen[i] if i < k else weighted(rng, chosen, [w for _, _, w, _ in chosen])
        pcode, region, _, cities = prov
        serial[pcode] += rng.randint(1, 40)
        code = f"41{pcode:02d}{serial[pcode]:06d}"
        main = weighted(rng, cats, cat_w)
        categories = [main]
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            c = weighted(rng, cats, cat_w)
            if c not in categories:
                categories.append(c)
        city = rng.choice(cities)
        name = _college_name(rng, city, words[main], names)
        lo, hi, _ = weighted(rng, list(SCALE_RANGES), [w for *_, w in SCALE_RANGES])
        out.append(College(code=code, name=name, region=region, city=city, students=rng.randint(lo, hi),
                           categories=categories, departments=_departments(rng),
                           faculties=_faculties(rng, categories),
                           other_plans=rng.sample(pools.OTHER_PLANS, rng.choice([0, 0, 1, 2])),
                           president=person(rng)))
    out.sort(key=lambda c: c.code)
    return out


def _college_name(rng, city, words, taken) -> str:
    suffixes = [s for s, _ in pools.SUFFIXES]
    sw = [w for _, w in pools.SUFFIXES]
    for attempt in range(200):
        word = rng.choice(words) if rng.random() < 0.7 else rng.choice(pools.GENERIC_NAME_WORDS)
        name = city + word + weighted(rng, suffixes, sw)
        if attempt > 50:   # crowded city: a second campus name
            name = city + rng.choice(["东方", "南方", "北方", "西部", "滨海", "新城"]) + word + weighted(rng, suffixes, sw)
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("college names exhausted")   # a bug: the pools are far larger than needed


def _departments(rng) -> list[tuple[str, str]]:
    k = rng.randint(1, 5)
    first = [d for d in pools.DEPARTMENTS[:2] if rng.random() < 0.8]
    rest = [d for d in pools.DEPARTMENTS if d not in first]
    return (first + rng.sample(rest, k))[:k]


def _faculties(rng, categories) -> list[tuple[str, str]]:
    k = rng.randint(1, 5)
    own = [f for c in categories for f in pools.FACULTIES[c]]
    generic = rng.sample(pools.FACULTIES[""], len(pools.FACULTIES[""]))
    picked: list[tuple[str, str]] = []
    for f in rng.sample(own, len(own)) + generic:
        if f not in picked:
            picked.append(f)
    return picked[:k]


def make_experts(rng: random.Random, n: int, colleges: list[College], year: int) -> list[Expert]:
    cats = [c for c, _, _ in pools.CATEGORIES]
    out = []
    for i in range(n):
        kind = weighted(rng, ["vocational", "research", "industry"], [50, 25, 25])
        code = None
        if kind == "vocational" and rng.random() < 0.7:
            col = rng.choice(colleges)
            code, affiliation, fields = col.code, col.name, list(col.categories[:2])
        elif kind == "industry":
            prov = rng.choice(pools.PROVINCES)
            affiliation = rng.choice(prov[3]) + rng.choice(pools.FIRM_WORDS) + rng.choice(pools.FIRM_SUFFIXES)
            fields = []
        else:
            prov = rng.choice(pools.PROVINCES)
            affiliation = rng.choice([prov[1] + b for b in pools.RESEARCH_BODIES[:2]] +
                                     [rng.choice(prov[3]) + b for b in pools.RESEARCH_BODIES[2:]])
            fields = []
        want = rng.randint(1, 3)
        while len(fields) < want:
            c = rng.choice(cats)
            if c not in fields:
                fields.append(c)
        out.append(Expert(id=f"E{i + 1:04d}", name=person(rng), title=rng.choice(pools.TITLES[kind]), kind=kind,
                          affiliation=affiliation, affiliation_code=code, fields=fields))
    for ex in rng.sample(out, max(1, n // 30)):   # ~3 % removed; they never sit on a panel
        on = dt.date(year - 2, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
        ex.removed = (on, rng.choice(pools.REMOVAL_REASONS))
    return out
