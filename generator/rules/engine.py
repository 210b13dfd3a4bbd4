"""Compute layer: apply the rules of seed 000 to the loaded project, as of a given day.

`compute()` returns everything the site, the PDFs and the open data publish, and adds the
rule outcomes the public should see (late, missing, pending …) to the report as warnings.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..findings import Report
from ..load import Project
from .deadlines import LATE, MISSING, PENDING
from .materials import Disclosure, disclosure
from .results import (CollegeStatus, CycleInfo, DeemedAbnormal, HistoryEntry, ImprovementPeriod,  # noqa: F401
                      ListEntry, PanelIssue, SamplingSummary, Strata, VerdictResult, YearLists)


@dataclass
class Outcome:
    """Everything the rules compute, as of one day. Keys are stable; see rules/results.py."""

    as_of: dt.date
    # (year, code) → six-material status of that review (seed 000 §四(二)3)
    disclosures: dict[tuple[int, str], Disclosure] = field(default_factory=dict)
    # (year, code) → the verdict arithmetic of that review (seed 000 §四(三)1)
    verdicts: dict[tuple[int, str], VerdictResult] = field(default_factory=dict)
    # code → verdict history, improvement period, exemption, restrictions, deemed 异常 (§四(三)2–3)
    statuses: dict[str, CollegeStatus] = field(default_factory=dict)
    # year → 待改进院校名单 / 通报批评 / 限制措施 / 视作异常 of that year
    lists: dict[int, YearLists] = field(default_factory=dict)
    # cycle start year → the cycle, its coverage and its sampling summary (§四(一))
    cycles: dict[int, CycleInfo] = field(default_factory=dict)
    # (year, code) → panel problems of that review (§六(三), §四(二)3)
    panels: dict[tuple[int, str], tuple[PanelIssue, ...]] = field(default_factory=dict)
    # code → region / scale band / main category (the sampling strata)
    strata: dict[str, Strata] = field(default_factory=dict)
    # round year → the day its list was due (list_announced_by of the year before) and whether late
    announcements: dict[int, tuple[dt.date, bool]] = field(default_factory=dict)


def compute(proj: Project, as_of: dt.date, report: Report) -> Outcome:
    out = Outcome(as_of)
    rules = proj.config.rules
    for year, rnd in sorted(proj.rounds.items()):
        for rv in rnd.reviews:
            col = proj.colleges.get(rv.institution)
            if col is None or col.info is None or (proj.only and rv.institution != proj.only):
                continue
            d = disclosure(col, year, rv.start, rules, as_of)
            out.disclosures[(year, rv.institution)] = d
            _report_disclosure(d, rv, report)
    return out


def _report_disclosure(d: Disclosure, rv, report: Report) -> None:
    pending = [it.label for it in d.items if it.status.status == PENDING]
    if pending:  # one line per review, not one per material: the countdown is shared
        report.add("material.pending", rv.loc("institution"), institution=d.code, year=d.year,
                   what="、".join(pending), deadline=d.deadline, days=next(it.status.days for it in d.items if it.status.status == PENDING))
    for it in d.items:
        st = it.status
        if st.status == LATE:
            report.add("material.late", it.provided.doc.meta.loc("published_on") if it.provided.doc
                       else it.provided.report.loc("published_on"), institution=d.code,
                       what=it.label, published=it.provided.published_on, deadline=d.deadline, days=st.days)
        elif st.status == MISSING:
            report.add("material.missing", rv.loc("institution"), institution=d.code, year=d.year,
                       what=it.label, deadline=d.deadline, days=st.days)
