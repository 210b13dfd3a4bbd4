"""Dates and references that must agree across files (issue 18 §4, issue 19 defect 8).

Each check is one function citing its clause; every finding is an error with file:line, so
a contradiction blocks `portal build` instead of being published. (Panel timing — experts
appointed after a review began, removed experts on a panel — lives in rules/panels.py.)
"""
from __future__ import annotations

from .findings import Report
from .project import Project


def check_round_entries(proj: Project, report: Report) -> None:
    """seed 000 §四(二)3 每年年底公布下一年度接受复核的学校名单: a round lists each college once,
    each review's on-site dates run forward (end ≥ start) and start within the round's year."""
    for year, rnd in sorted(proj.rounds.items()):
        first: dict[str, int] = {}
        for rv in rnd.reviews:
            code = rv.institution
            if code in first:
                report.add("round.duplicate", rv.loc("institution"), institution=code, code=code, year=year,
                           first=first[code])
            else:
                first[code] = rv.loc("institution").line
            if rv.end < rv.start:
                report.add("round.dates", rv.loc("end"), institution=code, code=code,
                           detail=f"结束日期 {rv.end} 早于开始日期 {rv.start}",
                           detail_en=f"end {rv.end} is before start {rv.start}")
            if rv.start.year != year:
                report.add("round.dates", rv.loc("start"), institution=code, code=code,
                           detail=f"开始日期 {rv.start} 不在 {year} 年内（{year} 年复核名单只安排当年的复核）",
                           detail_en=f"start {rv.start} is outside the round's year {year}")


def check_review_references(proj: Project, report: Report) -> None:
    """seed 000 §四(二)3 and §四(三)1: a review (and its verdict) exists only for a college on
    that year's list (issue 19 defect 8), and the verdict is published after the on-site review
    has ended — never before the review happened."""
    for (year, code), review in sorted(proj.reviews.items()):
        rnd = proj.rounds.get(year)
        if rnd is None and (proj.root / f"content/rounds/{year}/round.yml").is_file():
            continue                 # the round file is broken: its own findings say so
        entry = next((rv for rv in rnd.reviews if rv.institution == code), None) if rnd else None
        if entry is None:
            report.add("ref.not_listed", review.loc("institution"), institution=code, code=code, year=year)
            continue
        if review.published_on < entry.end:
            report.add("verdict.before_review", review.loc("published_on"), institution=code, year=year,
                       published=review.published_on, end=entry.end)


def check_unique_ids(proj: Project, report: Report) -> None:
    """Ids other files refer to are unique in their file: a college's units (materials name them)
    and the framework's items and elements (reports and reviews are keyed by them)."""
    for code, col in sorted(proj.colleges.items()):
        if col.info is not None:
            _unique(col.info.departments + col.info.faculties, "单位 id", "unit id", report, code)
    fw = proj.framework
    if fw is not None:
        _unique(fw.items, "诊断项目编号", "item id", report)
        _unique([el for _, el in fw.elements()], "诊断要素编号", "element id", report)


def _unique(objs, what: str, what_en: str, report: Report, institution: str | None = None) -> None:
    seen: dict[str, int] = {}
    for o in objs:
        if o.id in seen:
            report.add("schema.duplicate_id", o.loc("id"), institution=institution, what=what, what_en=what_en,
                       id=o.id, first=seen[o.id])
        else:
            seen[o.id] = o.loc("id").line


def check_rule_numbers(proj: Project, report: Report) -> None:
    """seed 000 §四(三)1: 有效 needs more matches than 异常 allows (effective_min ≥ abnormal_below,
    else a review could be both); the scale bands rise (规模 strata, §四(一)2)."""
    if proj.config is None:
        return
    rules = proj.config.rules
    v = rules.verdict
    if v.effective_min < v.abnormal_below:
        report.add("schema.value", v.loc("effective_min"), field="rules.verdict.effective_min",
                   got=f"{v.effective_min.numerator}/{v.effective_min.denominator}",
                   detail="不得小于 abnormal_below", detail_en="must not be below abnormal_below")
    bands = rules.scale_bands
    if any(a >= b for a, b in zip(bands, bands[1:])):
        report.add("schema.value", rules.loc("scale_bands"), field="rules.scale_bands", got=bands,
                   detail="分界须严格升序", detail_en="bounds must rise strictly")
