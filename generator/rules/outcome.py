"""What the rules compute, as data: `Outcome` (everything, as of one day) and `Checked` (a check
run's project, outcome and findings). Apart from rules/engine.py, which computes them, so that the
site, feeds and open data read the results without importing every rule."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..findings import Report
from ..project import Project
from .materials import Disclosure
from .results import CollegeStatus, CycleInfo, PanelIssue, Strata, VerdictResult, YearLists
from .verdict import is_published


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
    # (year, code) → materials dated in time that the portal received after the deadline (ledger)
    received_late: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Checked:
    """What `portal check` produced (check.run_checks): the project, the rules' outcome (None
    without a site_config) and every finding. Here, not in check.py, so that the site reads it
    without importing the command."""

    project: Project
    outcome: Outcome | None
    report: Report


def published_verdicts(outcome: Outcome) -> dict:
    """Verdicts whose publication day has come: a review file may be committed ahead of it."""
    return {k: v for k, v in sorted(outcome.verdicts.items()) if is_published(v.published_on, outcome.as_of)}
