"""The six materials a reviewed college must disclose (seed 000 §四(二)3, items (1)–(6))."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import models as m
from ..project import College, Doc
from .deadlines import LATE, MISSING, Status, disclosure_deadline, material_status

KIND_LABELS = {
    "self_diagnosis_report": "内部质量保证体系自我诊改报告",
    "annual_quality_report": "人才培养质量年度报告",
    "state_data_report": "人才培养工作状态数据分析报告",
    "annual_self_diagnosis": "年度自我诊改报告",
    "development_plans": "学校事业发展规划、内部质量保证体系建设规划及其他子规划",
    "regional_plan": "学校所在区域的经济社会事业发展规划",
}
PLAN_LABELS = {"development": "学校事业发展规划", "qa_system": "内部质量保证体系建设规划"}
REQUIRED_PLANS = ("development", "qa_system")
_SEVERITY = ("on_time", "pending", "late", "missing")   # a material's status: the worst of its files


@dataclass(frozen=True, order=True)
class Key:
    """What one material is: kind, year (yearly kinds) and unit or plan."""

    kind: str
    year: int | None = None
    unit: str | None = None      # annual_self_diagnosis: school | department/faculty id
    plan: str | None = None      # development_plans: development | qa_system | other


def key_of(meta: m.MaterialMeta) -> Key:
    return Key(meta.kind, meta.year, meta.unit, meta.plan)


def unit_name(college: College, unit: str | None) -> str:
    if unit in (None, "school"):
        return "学校"
    for u in units_of(college.info)[1:]:
        if u.id == unit:
            return u.name
    return unit


def units_of(info: m.Institution | None) -> list[m.Unit]:
    """seed 000 §四(二)3(4): the school itself, every 职能部门 and every 院（系）."""
    school = m.Unit(id="school", name="学校")
    if info is None:
        return [school]
    return [school, *info.departments, *info.faculties]


def describe(key: Key, college: College | None = None) -> str:
    label = KIND_LABELS[key.kind]
    if key.kind == "annual_self_diagnosis":
        who = unit_name(college, key.unit) if college else (key.unit or "学校")
        return f"{key.year}年度{who}{label}"
    if key.kind == "development_plans":
        return PLAN_LABELS.get(key.plan or "", "其他子规划")
    if key.kind == "self_diagnosis_report":
        return f"{key.year}年{label}"
    return f"{key.year}年度{label}" if key.year else label


def required_keys(year: int, info: m.Institution | None, offsets: list[int]) -> list[Key]:
    """seed 000 §四(二)3 (1)–(6) for a review in `year`; "近 2 年" = year − each offset."""
    keys = [Key("self_diagnosis_report", year)]
    past = [year - o for o in offsets]
    keys += [Key("annual_quality_report", y) for y in past]
    keys += [Key("state_data_report", y) for y in past]
    keys += [Key("annual_self_diagnosis", y, unit=u.id) for y in past for u in units_of(info)]
    keys += [Key("development_plans", plan=p) for p in REQUIRED_PLANS]
    keys.append(Key("regional_plan"))
    return keys


@dataclass(frozen=True)
class Provided:
    """One disclosed item: a Markdown material, or the annex-2 report file for its year."""

    key: Key
    path: str
    published_on: dt.date
    doc: Doc | None = None
    report: m.SelfDiagnosis | None = None


def provided_items(college: College) -> list[Provided]:
    items = [Provided(key_of(d.meta), d.path, d.meta.published_on, doc=d) for d in college.materials]
    for year, rep in sorted(college.reports.items()):
        items.append(Provided(Key("self_diagnosis_report", year), rep.loc().file, rep.published_on, report=rep))
    return items


def satisfies(item: Key, need: Key) -> bool:
    """Plans and the regional plan match whatever their year; yearly kinds match their year."""
    if item.kind != need.kind:
        return False
    if need.kind == "development_plans":
        return item.plan == need.plan
    if need.kind == "regional_plan":
        return True
    if need.kind == "annual_self_diagnosis":
        return item.year == need.year and (item.unit or "school") == need.unit
    return item.year == need.year


@dataclass(frozen=True)
class RequiredMaterial:
    key: Key
    label: str
    provided: Provided | None
    status: Status


@dataclass(frozen=True)
class Disclosure:
    """The six-material status of one review (a college in a year's round)."""

    year: int
    code: str
    start: dt.date
    deadline: dt.date
    items: tuple[RequiredMaterial, ...]

    def count(self, status: str) -> int:
        return sum(1 for it in self.items if it.status.status == status)

    def materials(self) -> tuple[tuple[str, str], ...]:
        """seed 000 §四(二)3: (kind, status) of each of the six materials, items (1)–(6) in order: a
        material made of several files (one annual report per unit, several plans) takes the
        worst status among them, so it is on time only when every file is."""
        worst: dict[str, str] = {}
        for it in self.items:
            k, s = it.key.kind, it.status.status
            if k not in worst or _SEVERITY.index(s) > _SEVERITY.index(worst[k]):
                worst[k] = s
        return tuple((k, worst[k]) for k in KIND_LABELS if k in worst)

    def material_count(self, status: str) -> int:
        return sum(1 for _, s in self.materials() if s == status)


def disclosure(college: College, year: int, start: dt.date, rules: m.Rules, as_of: dt.date) -> Disclosure:
    """Match the college's disclosed items to the six required materials and date each one
    against the deadline (seed 000 §四(二)3). Of several matches, the earliest counts."""
    deadline = disclosure_deadline(start, rules.disclosure_days)
    by_kind: dict[str, list[Provided]] = {}
    for p in provided_items(college):
        by_kind.setdefault(p.key.kind, []).append(p)
    rows = []
    for need in required_keys(year, college.info, rules.recent_year_offsets):
        candidates = by_kind.get(need.kind, ())
        matches = sorted((p for p in candidates if satisfies(p.key, need)), key=lambda p: (p.published_on, p.path))
        best = matches[0] if matches else None
        st = material_status(best.published_on if best else None, deadline, as_of)
        rows.append(RequiredMaterial(need, describe(need, college), best, st))
    return Disclosure(year, college.code, start, deadline, tuple(rows))


def received_late(d: Disclosure, received: dict[str, dt.date]) -> tuple[str, ...]:
    """seed 000 §四(二)3 逾期未按规定在校园网上公布材料: a material dated by the deadline that the
    portal first received after it (the ledger's evidence, `material.received_late`) was not public
    in time either. Labels of such materials; ones already late or missing are counted there."""
    return tuple(it.label for it in d.items if it.provided is not None and it.status.status not in (LATE, MISSING)
                 and it.provided.published_on <= d.deadline
                 and received.get(it.provided.path, d.deadline) > d.deadline)
