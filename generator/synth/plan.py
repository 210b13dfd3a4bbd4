"""What each college discloses and when: annual materials every year, the six required
materials for each review, with ~5 % of reviews having a late item and ~3 % a missing one."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from .. import models as m
from ..rules.deadlines import disclosure_deadline
from ..rules.materials import Key, required_keys
from .schedule import DAY, Round
from .world import College

LATE_SHARE, MISSING_SHARE = 0.05, 0.03              # per review: one required item late / missing
ANNUAL_LATE, ANNUAL_MISSING = 0.02, 0.01            # per college-year outside reviews (视作异常)
OFFSETS = [1, 2]
DISCLOSURE_DAYS = 30


@dataclass
class Material:
    key: Key
    rel: str                      # below institutions/<code>/materials/
    title: str
    published_on: dt.date
    text: str                     # sections key of synth/text.py
    length: tuple[int, int]
    unit_name: str = ""
    attachments: list[str] = field(default_factory=list)


@dataclass
class Report:
    year: int
    published_on: dt.date
    signed_on: dt.date


@dataclass
class Disclosures:
    materials: list[Material] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)


def institution_model(c: College) -> m.Institution:
    units = lambda pairs: [m.Unit(id=i, name=n) for i, n in pairs]  # noqa: E731
    return m.Institution(code=c.code, name=c.name, region=c.region, students=c.students,
                         categories=c.categories, departments=units(c.departments), faculties=units(c.faculties))


def plan_disclosures(rng: random.Random, colleges: list[College], rounds: list[Round], year: int,
                     as_of: dt.date) -> dict[str, Disclosures]:
    reviews: dict[str, list] = {c.code: [] for c in colleges}
    for r in rounds:
        for rv in r.reviews:
            reviews[rv.code].append(rv)
    return {c.code: _college(rng, c, reviews[c.code], year, as_of) for c in colleges}


def _college(rng, c: College, reviews, year: int, as_of: dt.date) -> Disclosures:
    info = institution_model(c)
    binding: dict[Key, dt.date] = {}         # key → earliest deadline of a review needing it
    fault: dict[Key, str] = {}               # key → late | missing
    for rv in reviews:
        deadline = disclosure_deadline(rv.start, DISCLOSURE_DAYS)
        keys = required_keys(rv.year, info, OFFSETS)
        for k in keys:
            binding[k] = min(binding.get(k, deadline), deadline)
        _maybe_fault(rng, keys, fault)
    years = sorted({*range(year - 3, year), *(k.year for k in binding if k.year and k.kind != "self_diagnosis_report")})
    out = Disclosures()
    for y in years:
        annual = [Key("annual_quality_report", y), Key("state_data_report", y),
                  *(Key("annual_self_diagnosis", y, unit=u) for u, _ in c.units)]
        if not any(k in binding for k in annual):
            _maybe_fault(rng, annual, fault, ANNUAL_LATE, ANNUAL_MISSING)
        for k in annual:
            _add(rng, out, c, k, _annual_date(rng, y, binding.get(k), fault.get(k)), as_of)
    plan_start = year - 5
    plans = [(Key("development_plans", plan="development"), "development", f"{c.name}事业发展规划"),
             (Key("development_plans", plan="qa_system"), "qa_system", f"{c.name}内部质量保证体系建设规划"),
             *((Key("development_plans", plan=pid), pid, f"{c.name}{pname}") for pid, pname in c.other_plans),
             (Key("regional_plan"), "regional", f"{c.city}市国民经济和社会发展规划纲要")]
    for k, _, _ in plans:
        base = dt.date(plan_start, 3, 1) + rng.randint(0, 280) * DAY
        _add(rng, out, c, k, _shift(rng, base, binding.get(k), fault.get(k)), as_of,
             title_hint=next(t for kk, _, t in plans if kk == k) + f"（{plan_start}—{plan_start + 4}年）")
    for rv in reviews:
        k = Key("self_diagnosis_report", rv.year)
        d = binding[k] - rng.randint(2, 25) * DAY
        on = _shift(rng, d, binding[k], fault.get(k))
        if on is not None and on <= as_of:
            out.reports.append(Report(rv.year, on, on - rng.randint(0, 6) * DAY))
    if not reviews and rng.random() < 0.3:      # a voluntary self-diagnosis in the cycle
        on = dt.date(year - 1, 11, 1) + rng.randint(0, 50) * DAY
        out.reports.append(Report(year - 1, on, on - rng.randint(0, 6) * DAY))
    return out


def _maybe_fault(rng, keys: list[Key], fault: dict[Key, str], late=LATE_SHARE, missing=MISSING_SHARE) -> None:
    r = rng.random()
    if r < late + missing:
        k = rng.choice(keys)
        fault.setdefault(k, "late" if r < late else "missing")


def _annual_date(rng, y: int, deadline: dt.date | None, fault: str | None) -> dt.date | None:
    """Annual materials of year y appear between January and mid-June of y + 1 (due 06-30);
    a college under review publishes before its disclosure deadline."""
    lo = dt.date(y + 1, 1, 2)
    base = dt.date(y + 1, 1, 10) + rng.randint(0, 155) * DAY
    if deadline is not None and base >= deadline:
        base = lo + rng.randint(0, max(0, (deadline - lo).days - 1)) * DAY
    if fault == "late" and deadline is None:
        return dt.date(y + 1, 6, 30) + rng.randint(1, 40) * DAY
    return _shift(rng, base, deadline, fault)


def _shift(rng, base: dt.date, deadline: dt.date | None, fault: str | None) -> dt.date | None:
    if fault == "missing":
        return None
    if fault == "late" and deadline is not None:
        return deadline + rng.randint(1, 20) * DAY
    return base


TEXTS = {"annual_quality_report": ("annual_quality_report", (800, 1500)),
         "state_data_report": ("state_data_report", (700, 1300)),
         "development": ("development", (700, 1300)), "qa_system": ("qa_system", (600, 1100)),
         "regional_plan": ("regional_plan", (400, 900))}


def _add(rng, out: Disclosures, c: College, k: Key, on: dt.date | None, as_of: dt.date, title_hint: str = "") -> None:
    if on is None or on > as_of:
        return                    # missing, or not yet published on the check day (pending)
    unit_name, attachments = "", []
    if k.kind == "annual_quality_report":
        rel, title = f"{k.year}/aqr.md", f"{c.name}{k.year}年人才培养质量年度报告"
        if rng.random() < 0.08:
            attachments = [f"files/{k.year}/quality-report-{k.year}.pdf"]
    elif k.kind == "state_data_report":
        rel, title = f"{k.year}/sdr.md", f"{k.year}年人才培养工作状态数据分析报告"
        if rng.random() < 0.05:
            attachments = [f"files/{k.year}/state-data-{k.year}.csv"]
    elif k.kind == "annual_self_diagnosis":
        unit_name = dict(c.units)[k.unit]
        rel, title = f"{k.year}/asd-{k.unit}.md", f"{unit_name}{k.year}年度自我诊改报告"
    elif k.kind == "regional_plan":
        rel, title = "plans/regional.md", title_hint
    else:
        rel, title = f"plans/{k.plan.replace('_', '-')}.md", title_hint
    if k.kind == "annual_self_diagnosis":
        text, length = "annual_self_diagnosis", ((700, 1300) if k.unit == "school" else (300, 700))
    elif k.kind == "development_plans":
        text, length = TEXTS.get(k.plan, ("other_plan", (300, 600)))
    else:
        text, length = TEXTS[k.kind]
    out.materials.append(Material(k, rel, title, on, text, length, unit_name, attachments))
