"""Result types of the rules engine: what the site, the PDFs and the open data read.

All are frozen dataclasses of plain values (str, int, dates, Ratio, tuples), so they can be
exported as JSON/CSV directly. Codes are machine values; `*_zh` fields are display text.
Labels for codes live in one place: `rules/labels.py`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..schema import Ratio


# --- seed 000 §四(三)1: the verdict of one review ------------------------------------------
@dataclass(frozen=True)
class VerdictResult:
    year: int                          # the round's year
    code: str                          # 学校标识码
    review_kind: str                   # sample 抽样复核 | re_review 改进期满重新复核
    n: int                             # elements in the framework in force
    matches: int                       # m: elements whose self-diagnosis matches the review
    measures: str                      # strong | mixed | weak (panel's judgement of 改进措施)
    computed: str                      # effective | needs_improvement | abnormal (models.VERDICTS)
    declared: str | None               # the review file's `verdict`, if written
    effective_threshold: Ratio         # e.g. 12/15: 有效 needs m/n ≥ this
    abnormal_threshold: Ratio          # e.g. 10/15: 异常 needs m/n < this
    effective_needed: int              # smallest m that reaches the 有效 ratio for this n
    abnormal_below_count: int          # m < this is below the 异常 ratio for this n
    unmatched: tuple[str, ...]         # element ids with match: false
    missing: tuple[str, ...]           # framework elements absent from the findings (an error)
    published_on: dt.date              # when the verdict was published (improvement starts)
    explanation_zh: str                # the arithmetic in one Chinese sentence

    @property
    def mismatch(self) -> bool:
        """True when a declared verdict contradicts the computed one (verdict.mismatch)."""
        return self.declared is not None and self.declared != self.computed


# --- per-college status over time (seed 000 §四(三)2–3) -------------------------------------
@dataclass(frozen=True)
class HistoryEntry:
    year: int                          # round year (deemed: the year it applies to)
    kind: str                          # sample | re_review | deemed (视作异常, not a review)
    verdict: str                       # effective | needs_improvement | abnormal
    on: dt.date                        # verdict published (deemed: the day it became certain)
    reason_zh: str = ""                # deemed entries: why


@dataclass(frozen=True)
class DeemedAbnormal:
    """seed 000 §四(三)3 last sentence: not a review object, yet 视作复核结论为“异常”."""

    year: int                          # annual: the year whose due date was missed; cycle: its last year
    kind: str                          # annual_materials | no_self_diagnosis
    on: dt.date                        # first day the failure was certain (due date + 1 / cycle end + 1)
    reason_zh: str
    clause: str                        # e.g. "seed 000 §四(三)3"


@dataclass(frozen=True)
class ImprovementPeriod:
    """seed 000 §四(三)2: 待改进 / 异常 open a period (12 months) after which a re-review is due."""

    year: int                          # year of the verdict that opened it
    kind: str                          # sample | re_review | deemed: what gave the verdict
    verdict: str                       # needs_improvement | abnormal
    start: dt.date                     # the verdict's publication day
    until: dt.date                     # last day of the period (start + improvement_months)
    followed_by: int | None            # year of the later review (any kind) of the college, if listed
    overdue: bool                      # as of the check day: period over and no later review listed


@dataclass(frozen=True)
class CollegeStatus:
    code: str
    history: tuple[HistoryEntry, ...]  # published verdicts and deemed 异常, oldest first
    periods: tuple[ImprovementPeriod, ...]
    improvement_until: dt.date | None  # end of the latest open (unfollowed) period, else None
    overdue: bool                      # improvement.overdue applies
    re_review_due: bool                # an open period ends by the end of the as-of year
    exempt_until: dt.date | None       # re-review 有效 → no more review until this cycle end
    restricted: bool                   # 限制措施 in force as of the check day
    restriction_reasons: tuple[str, ...]
    deemed_abnormal: tuple[DeemedAbnormal, ...]
    latest_verdict: str | None         # the most recent history entry's verdict


# --- published lists per year (seed 000 §四(二)3, §四(三)) ---------------------------------
@dataclass(frozen=True)
class ListEntry:
    code: str
    kind: str                          # machine reason: late_publication | missing_publication | received_late |
                                       # verdict_needs_improvement | verdict_abnormal |
                                       # needs_improvement_twice | deemed_abnormal (限制措施) |
                                       # annual_materials | no_self_diagnosis (视作异常)
    reason_zh: str
    clause: str                        # e.g. "seed 000 §四(二)3"


@dataclass(frozen=True)
class YearLists:
    year: int
    needs_improvement: tuple[ListEntry, ...] = ()   # 待改进院校名单
    criticized: tuple[ListEntry, ...] = ()          # 通报批评
    restricted: tuple[ListEntry, ...] = ()          # 限制措施 (events of that year)
    deemed_abnormal: tuple[ListEntry, ...] = ()     # 视作复核结论为“异常”


# --- seed 000 §六(三) and §四(二)3: expert panels ------------------------------------------
@dataclass(frozen=True)
class PanelIssue:
    year: int
    code: str                          # the reviewed college
    expert: str                        # expert id
    kind: str                          # affiliation | engagement_before | engagement_after | appointed_late |
                                       # removed | field_mismatch (expert "" ) | overlap
    severity: str                      # error | warning (as reported by `portal check`)
    detail_zh: str


# --- seed 000 §四(一): cycles and sampling --------------------------------------------------
@dataclass(frozen=True)
class Strata:
    """The three stratification dimensions of one college (seed 000 §四(一)2)."""

    region: str                        # 区域分布
    scale: str                         # 规模 band label, e.g. 中型（5000–9999人）
    category: str                      # 主要专业大类 (first of categories)


@dataclass(frozen=True)
class SamplingSummary:
    total: int                         # colleges in the portal
    sampled: tuple[str, ...]           # distinct colleges with a `kind: sample` review in the cycle
    required: int                      # ceil(total × min_sample_fraction)
    fraction: Ratio                    # min_sample_fraction
    fraction_ok: bool
    present: dict = field(default_factory=dict)    # dim → {value: colleges with it} (dims region/scale/category)
    coverage: dict = field(default_factory=dict)   # dim → {value: sampled colleges with it}, same values
    missing: dict = field(default_factory=dict)    # dim → tuple of values present but not sampled
    judged: bool = False               # findings apply: all rounds of the cycle announced, or cycle over


@dataclass(frozen=True)
class CycleInfo:
    start: int                         # first year
    end: int                           # last year (inclusive)
    ended: bool                        # as of the check day
    rounds: tuple[int, ...]            # round years of the cycle that exist
    self_diagnosed: tuple[str, ...]    # colleges with a self-diagnosis report of a cycle year
    uncovered: tuple[str, ...]         # ended: colleges without one (cycle.uncovered)
    sampling: SamplingSummary | None

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end}"
