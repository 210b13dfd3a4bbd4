"""Cross-file checks of the structured evidence (DESIGN.md §3, seeds 001–004): references to
the framework in force and to institution.yml, duplicate ids, operators, dates against
`published_on` and `--as-of`; and the computed statuses worth a warning."""
from __future__ import annotations

import datetime as dt

from ..findings import Report
from ..project import College, Project
from ..models_evidence import AREAS, MONTH_RE, OPS, PARTS
from .evidence import OVERDUE, WARNING, indicator_status, radar_gaps, task_status, unanswered_issues


def framework_for(proj: Project, year: int):
    """The framework in force for `year`: its round's, else site_config's (seed 000 §四(三)1)."""
    return proj.framework_for(year) or proj.framework


def check_evidence(proj: Project, report: Report, as_of: dt.date) -> None:
    grace = proj.config.rules.tasks.grace_months if proj.config else 1
    if grace < 0:
        report.add("schema.value", proj.config.rules.tasks.loc("grace_months"), field="rules.tasks.grace_months",
                   got=grace, detail="不能为负数", detail_en="must not be negative")
    memo: dict = {}
    for col in proj.colleges.values():
        if col.info is None:
            continue
        names = {u.id: u.name for u in col.info.departments + col.info.faculties}
        units = set(names)
        for f in col.indicators.values():
            _dates(report, col, f, as_of)
            if f.published_on < dt.date(f.year, 1, 1):
                report.add("indicator.published_early", f.loc("published_on"), institution=col.code,
                           year=f.year, published=f.published_on)
            _ids(report, col, f.indicators)
            for ind in f.indicators:
                _element(proj, report, col, f.year, ind, memo)
                bad = [c for c in (ind.standard, ind.warning) if c is not None and c.op not in OPS]
                for c in bad:
                    report.add("indicator.op", c.loc("op"), institution=col.code, op=c.op)
                if not bad and indicator_status(ind) == WARNING:
                    report.add("indicator.warning", ind.loc("result"), institution=col.code, id=ind.id, name=ind.name,
                               result=_num(ind.result), unit=ind.unit, op=ind.warning.op, value=_num(ind.warning.value))
        for f in col.tasks.values():
            _dates(report, col, f, as_of)
            _ids(report, col, f.tasks)
            for t in f.tasks:
                _element(proj, report, col, f.year, t, memo)
                if t.lead not in units:
                    _unit(report, col, t.loc("lead"), t.lead, units)
                if t.done_on is not None and t.done_on > as_of:
                    report.add("evidence.future", t.loc("done_on"), institution=col.code, field="done_on",
                               date=t.done_on, as_of=as_of)
                for key in t.progress:
                    if not MONTH_RE.match(key):
                        report.add("task.progress_month", t.loc("progress"), institution=col.code, month=key)
                    elif key > f"{as_of:%Y-%m}":
                        report.add("task.progress_future", t.loc("progress"), institution=col.code,
                                   month=key, as_of=as_of)
                st = task_status(t, as_of, grace)
                if st.status == OVERDUE:
                    report.add("task.overdue", t.loc("due"), institution=col.code, id=t.id, title=t.title,
                               due=t.due.text, months=st.months_late)
        faculties = {u.id for u in col.info.faculties}
        for (code, _year), rv in sorted(col.specialties.items()):
            _dates(report, col, rv, as_of)
            sp = rv.specialty
            if sp.faculty not in faculties:
                report.add("specialty.faculty", sp.loc("faculty"), institution=col.code, faculty=sp.faculty,
                           allowed="、".join(sorted(faculties)) or "（无）", allowed_en=", ".join(sorted(faculties)))
            for iss in rv.issues:
                if iss.to not in units:
                    _unit(report, col, iss.loc("to"), iss.to, units)
                if bool(iss.response) != (iss.responded_on is not None):
                    report.add("specialty.response_date", iss.loc(), institution=col.code, text=iss.text)
                if iss.responded_on is not None and iss.responded_on > as_of:
                    report.add("evidence.future", iss.loc("responded_on"), institution=col.code,
                               field="responded_on", date=iss.responded_on, as_of=as_of)
            for iss in unanswered_issues(rv):
                report.add("specialty.unanswered", iss.loc(), institution=col.code, code=sp.code, name=sp.name,
                           text=iss.text, to=names.get(iss.to, iss.to))
            for area, parts in radar_gaps(rv):
                a = getattr(rv.areas, area)
                report.add("specialty.radar_gap", a.loc() if a is not None else rv.loc("areas"), institution=col.code, code=sp.code, name=sp.name,
                           area=AREAS[area], area_en=area, parts="、".join(PARTS[p] for p in parts),
                           parts_en=", ".join(parts))


def _num(x: float) -> str:
    return f"{x:g}"


def _dates(report: Report, col: College, f, as_of: dt.date) -> None:
    if f.published_on > as_of:
        report.add("evidence.future", f.loc("published_on"), institution=col.code, field="published_on",
                   date=f.published_on, as_of=as_of)


def _ids(report: Report, col: College, rows) -> None:
    first: dict[str, int] = {}
    for r in rows:
        loc = r.loc("id")
        if r.id in first:
            report.add("evidence.duplicate", loc, institution=col.code, id=r.id, first=first[r.id])
        else:
            first[r.id] = loc.line


def _unit(report: Report, col: College, loc, unit: str, units: set[str]) -> None:
    report.add("ref.unit", loc, institution=col.code, unit=unit, allowed="、".join(sorted(units)),
               allowed_en=", ".join(sorted(units)))


def _element(proj: Project, report: Report, col: College, year: int, row, memo: dict) -> None:
    """`memo`: {year: (framework, {element id: Element})} for this run (frameworks are few, rows many)."""
    if year not in memo:
        fw = framework_for(proj, year)
        memo[year] = (fw, {el.id: el for _, el in fw.elements()} if fw else {})
    fw, els = memo[year]
    if fw is None:
        return
    el = els.get(row.element)
    if el is None:
        report.add("ref.element", row.loc("element"), institution=col.code, id=row.element, framework=fw.id)
        return
    if row.point is None:
        return
    head, _, idx = row.point.rpartition(".")
    if head != el.id or not idx.isdigit() or not 1 <= int(idx) <= len(el.points):
        report.add("evidence.point", row.loc("point"), institution=col.code, point=row.point, element=el.id,
                   count=len(el.points))
