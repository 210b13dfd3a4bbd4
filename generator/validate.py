"""Validate layer: cross-file consistency of loaded data (references, attachments, duplicates,
the annex-2 format). Findings here are errors: they block `portal build`."""
from __future__ import annotations

import datetime as dt

from . import models as m
from .crossref import check_review_references, check_round_entries, check_rule_numbers, check_unique_ids
from .findings import Loc, Report
from .ledger import LEDGER, Entry, read_ledger
from .ledger_verify import check_store
from .published import check_vanished
from .project import College, Project
from .safe_markdown import check_college_markdown, check_markdown
from .rules.evidence_check import check_evidence
from .rules.deadlines import days_past, is_past
from .rules.materials import KIND_LABELS, describe, disclosure, key_of
from .rules.report import check_report


def validate(proj: Project, report: Report, as_of: dt.date, kept=None) -> None:
    """`kept`: the findings of each college's own checks from an earlier run on the same bytes
    (check_cache.OwnFindings: get(code) → list or None, put(code, findings)); None: check all."""
    for col in proj.colleges.values():
        found = kept.get(col.code) if kept is not None else None
        if found is not None:
            report.findings.extend(found)
            continue
        mark = len(report.findings)
        _college(proj, col, report, as_of)
        if kept is not None:
            kept.put(col.code, report.findings[mark:])
    _references(proj, report)
    check_round_entries(proj, report)     # issue 18 §4: dates and references agree
    check_review_references(proj, report)
    check_unique_ids(proj, report)
    check_rule_numbers(proj, report)
    check_vanished(proj, report, as_of)   # issue 18 §2: nothing published disappears silently
    check_evidence(proj, report, as_of)   # DESIGN.md §3: indicators, tasks, specialty reviews
    check_markdown(proj, report, colleges=False)   # DESIGN.md §7: the other Markdown (colleges': above)
    check_ledger(proj, report, as_of)     # DESIGN.md §7: the publication ledger as evidence
    check_store(proj, report)             # …its stored copies, unrecorded files, time-stamps


def _college(proj: Project, col: College, report: Report, as_of: dt.date) -> None:
    """The checks that read only this college's folder, the check date and the framework of each
    year (content/, site_config.yml): check_cache keeps their findings under those inputs."""
    check_college_markdown(col, report)   # DESIGN.md §7: its Markdown as the site renders it
    if col.info is None:
        return
    _materials(proj, col, report, as_of)
    for rep in col.reports.values():
        fw = proj.framework_for(rep.year)    # the framework of that year's round (§四(三)1)
        if fw is None:
            continue
        check_report(rep, fw, report, col.code)
        if rep.published_on > as_of:
            report.add("material.future", rep.loc("published_on"), institution=col.code,
                       published=rep.published_on, as_of=as_of)


def _materials(proj: Project, col: College, report: Report, as_of: dt.date) -> None:
    unit_ids = {u.id for u in col.info.departments + col.info.faculties}
    seen: dict = {}
    for doc in col.materials:
        meta: m.MaterialMeta = doc.meta
        add = lambda code, name="", **kw: report.add(code, meta.loc(name), institution=col.code, **kw)  # noqa: E731
        ok = True
        if meta.kind in m.YEARLY_KINDS and meta.year is None:
            add("schema.missing", field="year"); ok = False
        if meta.kind == "annual_self_diagnosis":
            if meta.unit is None:
                add("schema.missing", field="unit"); ok = False
            elif meta.unit != "school" and meta.unit not in unit_ids:
                add("ref.unit", "unit", unit=meta.unit, allowed="、".join(["school", *sorted(unit_ids)]),
                    allowed_en=", ".join(["school", *sorted(unit_ids)])); ok = False
        elif meta.unit is not None:
            add("schema.value", "unit", field="unit", got=meta.unit, detail="仅 annual_self_diagnosis 使用 unit",
                detail_en="only annual_self_diagnosis takes a unit")
            ok = False
        if meta.kind == "development_plans" and meta.plan is None:
            add("schema.missing", field="plan"); ok = False
        elif meta.kind != "development_plans" and meta.plan is not None:
            add("schema.value", "plan", field="plan", got=meta.plan, detail="仅 development_plans 使用 plan",
                detail_en="only development_plans takes a plan")
            ok = False
        if meta.published_on > as_of:
            add("material.future", "published_on", published=meta.published_on, as_of=as_of)
        for i, rel in enumerate(meta.attachments):
            found = proj.attachment(col.dir, rel)
            loc = meta.loc("attachments")
            if found.why:
                report.add("attachment.outside", loc, institution=col.code, path=rel, why=found.why, code=col.code)
            elif not found.exists:
                report.add("attachment.missing", loc, institution=col.code, path=rel)
        if not ok:
            continue
        key = key_of(meta)
        if key in seen:
            add("material.duplicate", "kind", other=seen[key], what=describe(key, col))
        else:
            seen[key] = doc.path
    for year, rep in col.reports.items():
        for doc in col.materials:
            if doc.meta.kind == "self_diagnosis_report" and doc.meta.year == year:
                report.add("material.duplicate", doc.meta.loc("kind"), institution=col.code,
                           other=rep.loc().file, what=KIND_LABELS["self_diagnosis_report"])


def _references(proj: Project, report: Report) -> None:
    for ex in proj.experts.values():
        for eg in ex.engagements:
            if eg.institution not in proj.colleges:
                report.add("ref.institution", eg.loc("institution"), code=eg.institution)
    for year, rnd in sorted(proj.rounds.items()):
        for rv in rnd.reviews:
            if rv.institution not in proj.colleges:
                report.add("ref.institution", rv.loc("institution"), code=rv.institution)
            if rv.panel:
                for eid in rv.panel.experts():
                    if eid not in proj.experts:
                        report.add("ref.expert", rv.panel.loc(), id=eid, institution=rv.institution)
    for (year, code), rv in sorted(proj.reviews.items()):
        if code not in proj.colleges:
            report.add("ref.institution", rv.loc("institution"), code=code)
        fw = proj.framework_for(year)
        if fw is None:
            continue
        fw_ids = set(fw.element_ids())
        for eid, f in rv.findings.items():
            if eid not in fw_ids:
                report.add("ref.element", f.loc(), id=eid, framework=fw.id, institution=code)


# --- the publication ledger as evidence (DESIGN.md §7); reading it is ledger.py's ---
def check_ledger(proj, report: Report, as_of: dt.date) -> None:
    """Verify the chain, then date each reviewed material by when the portal received it.

    seed 000 §四(二)3 asks for materials public 30 days before the review; a declared
    `published_on` is the college's word, the ledger is the portal's record."""
    entries, problems = read_ledger(proj.root)
    for line, zh, en in problems:
        report.add("ledger.broken", Loc(LEDGER, line, 1), line=line, detail=zh, detail_en=en)
    if not entries or proj.config is None:
        return
    by_path: dict[str, list[Entry]] = {}
    for e in entries:
        if e.day <= as_of:
            by_path.setdefault(e.path, []).append(e)
    for year, rnd in sorted(proj.rounds.items()):
        for rv in rnd.reviews:
            col = proj.colleges.get(rv.institution)
            if col is None or col.info is None or (proj.only and rv.institution != proj.only):
                continue
            d = disclosure(col, year, rv.start, proj.config.rules, as_of)
            for item in d.items:
                if item.provided is not None:
                    _evidence(item.provided, col, d.deadline, by_path, report)


def _evidence(prov, col, deadline: dt.date, by_path, report: Report) -> None:
    src = prov.doc.meta if prov.doc is not None else prov.report
    own = by_path.get(prov.path, [])
    if own and not is_past(deadline, prov.published_on) and is_past(deadline, own[0].day):
        report.add("material.received_late", src.loc("published_on"), institution=col.code, path=prov.path,
                   published=prov.published_on, deadline=deadline, received=own[0].day,
                   days=days_past(deadline, own[0].day))
    if not own or is_past(deadline, own[0].day):
        return                    # never on record by the deadline: lateness, not a change
    paths = [prov.path] + [f"{col.dir}/{a}" for a in (prov.doc.meta.attachments if prov.doc else [])]
    for path in paths:
        hist = by_path.get(path, [])
        before = [e for e in hist if not is_past(deadline, e.day)]
        base = before[-1].sha256 if before else None
        for e in hist:
            if is_past(deadline, e.day) and e.sha256 != base:
                report.add("material.changed_after_deadline", src.loc(), institution=col.code, path=path,
                           deadline=deadline, changed=e.day, sha=(e.sha256 or "已撤下")[:12])
                break
