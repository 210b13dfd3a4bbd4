"""The verdict of a review: 有效 / 待改进 / 异常 (seed 000 §四(三)1).

All arithmetic is on integers: "m of n elements ≥ 12/15" is `m * 15 >= 12 * n`, never a float.
"""
from __future__ import annotations

import datetime as dt

from .. import models as m
from ..schema import Ratio
from .labels import MEASURES_LABELS, VERDICT_LABELS
from .results import VerdictResult

EFFECTIVE, NEEDS_IMPROVEMENT, ABNORMAL = m.VERDICTS
CLAUSE = "seed 000 §四(三)1"


def is_published(published_on: dt.date, as_of: dt.date) -> bool:
    """seed 000 §六(四): the authority publishes the 复核结论 on the designated website. One
    recorded with a later `published_on` stays off the site — pages, PDFs, open data, feeds and
    lists — until that day."""
    return published_on <= as_of


def meets_effective_ratio(matches: int, n: int, ratio: Ratio) -> bool:
    """seed 000 §四(三)1 有效: matches ≥ 12 of 15 elements, scaled to n elements (last line of
    the clause): m/n ≥ num/den ⇔ m·den ≥ num·n."""
    return matches * ratio.denominator >= ratio.numerator * n


def below_abnormal_ratio(matches: int, n: int, ratio: Ratio) -> bool:
    """seed 000 §四(三)1 异常: matches < 10 of 15 elements, scaled: m·den < num·n."""
    return matches * ratio.denominator < ratio.numerator * n


def smallest_passing(n: int, ratio: Ratio) -> int:
    """seed 000 §四(三)1 (last line, 按上述比例原则): the smallest m with m·den ≥ num·n, i.e.
    ⌈num·n/den⌉ (integer ceiling division) — n = 16 needs 13 for 有效 and is 异常 below 11."""
    return -(-ratio.numerator * n // ratio.denominator)


def verdict_of(matches: int, n: int, measures: str, rule: m.VerdictRule) -> str:
    """seed 000 §四(三)1: 有效 when the match ratio reaches effective_min and measures are strong
    (针对性强、切实可行、成效明显); 异常 when it is below abnormal_below and measures are weak
    (针对性不强、力度不够); 待改进 in every other case."""
    if measures == "strong" and meets_effective_ratio(matches, n, rule.effective_min):
        return EFFECTIVE
    if measures == "weak" and below_abnormal_ratio(matches, n, rule.abnormal_below):
        return ABNORMAL
    return NEEDS_IMPROVEMENT


def explain(matches: int, n: int, measures: str, verdict: str, rule: m.VerdictRule) -> str:
    """The verdict's arithmetic in one Chinese sentence, for the site and the PDFs."""
    need = smallest_passing(n, rule.effective_min)
    below = smallest_passing(n, rule.abnormal_below)
    return (f"{n} 项诊断要素中自我诊断与复核结果相符 {matches} 项；改进措施评价：{MEASURES_LABELS[measures]}。"
            f"“有效”须相符 ≥ {need} 项（{n}×{rule.effective_min.numerator}/{rule.effective_min.denominator}）"
            f"且措施针对性强、切实可行、成效明显；“异常”为相符 < {below} 项"
            f"（{n}×{rule.abnormal_below.numerator}/{rule.abnormal_below.denominator}）且措施针对性不强、力度不够；"
            f"其余为“待改进”。结论：{VERDICT_LABELS[verdict]}。")


def judge_review(year: int, review: m.Review, review_kind: str, framework: m.Framework,
                 rule: m.VerdictRule) -> VerdictResult:
    """seed 000 §四(三)1 applied to one review file. Elements missing from the findings count
    as not matching (and are reported as errors by the caller); unknown ids are ignored."""
    ids = framework.element_ids()
    present = [e for e in ids if e in review.findings]
    missing = tuple(e for e in ids if e not in review.findings)
    unmatched = tuple(e for e in present if not review.findings[e].match)
    n = len(ids)
    matches = len(present) - len(unmatched)
    computed = verdict_of(matches, n, review.measures, rule)
    return VerdictResult(
        year=year, code=review.institution, review_kind=review_kind, n=n, matches=matches,
        measures=review.measures, computed=computed, declared=review.verdict,
        effective_threshold=rule.effective_min, abnormal_threshold=rule.abnormal_below,
        effective_needed=smallest_passing(n, rule.effective_min),
        abnormal_below_count=smallest_passing(n, rule.abnormal_below),
        unmatched=unmatched, missing=missing, published_on=review.published_on,
        explanation_zh=explain(matches, n, review.measures, computed, rule))
