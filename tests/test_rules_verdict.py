"""The verdict of seed 000 §四(三)1, at every boundary, for 15 and 16 elements."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import models as m
from generator.rules.labels import VERDICT_LABELS
from generator.rules.verdict import (below_abnormal_ratio, judge_review, meets_effective_ratio,
                                     smallest_passing, verdict_of)
from generator.schema import Ratio

RULE = m.VerdictRule()          # 12/15 and 10/15
E, NI, A = "effective", "needs_improvement", "abnormal"

# (n, m, measures) → verdict.  n = 16: 12/15·16 = 12.8 → 有效 from 13; 10/15·16 = 10.67 → 异常 up to 10.
TABLE = {
    15: {9: (NI, NI, A), 10: (NI, NI, NI), 11: (NI, NI, NI), 12: (E, NI, NI), 13: (E, NI, NI)},
    16: {9: (NI, NI, A), 10: (NI, NI, A), 11: (NI, NI, NI), 12: (NI, NI, NI), 13: (E, NI, NI)},
}
CASES = [(n, k, meas, TABLE[n][k][i]) for n in TABLE for k in TABLE[n]
         for i, meas in enumerate(("strong", "mixed", "weak"))]


@pytest.mark.parametrize("n,matches,measures,expected", CASES)
def test_verdict_table(n, matches, measures, expected):
    assert verdict_of(matches, n, measures, RULE) == expected


def test_thresholds_scale_with_n():
    assert smallest_passing(15, Ratio(12, 15)) == 12
    assert smallest_passing(16, Ratio(12, 15)) == 13
    assert smallest_passing(15, Ratio(10, 15)) == 10
    assert smallest_passing(16, Ratio(10, 15)) == 11
    # the boundary itself: 12 of 15 is exactly 12/15 and passes; 9.99… is not 10
    assert meets_effective_ratio(12, 15, Ratio(12, 15)) and not meets_effective_ratio(11, 15, Ratio(12, 15))
    assert below_abnormal_ratio(9, 15, Ratio(10, 15)) and not below_abnormal_ratio(10, 15, Ratio(10, 15))


def test_custom_thresholds_from_config():
    rule = m.VerdictRule(effective_min=Ratio(2, 3), abnormal_below=Ratio(1, 2))
    assert verdict_of(10, 15, "strong", rule) == E        # 10·3 ≥ 2·15
    assert verdict_of(9, 15, "strong", rule) == NI
    assert verdict_of(7, 15, "weak", rule) == A           # 7·2 < 15
    assert verdict_of(8, 15, "weak", rule) == NI


ORDER = {A: 0, NI: 1, E: 2}


@settings(deadline=None)
@given(n=st.integers(1, 60), data=st.data(), measures=st.sampled_from(["strong", "mixed", "weak"]))
def test_verdict_monotone_in_matches(n, data, measures):
    """More matching elements never give a worse verdict (seed 000 §四(三)1)."""
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    assert ORDER[verdict_of(a, n, measures, RULE)] <= ORDER[verdict_of(b, n, measures, RULE)]


@settings(deadline=None)
@given(n=st.integers(1, 60), k=st.integers(0, 60))
def test_verdict_monotone_in_measures(n, k):
    k = min(k, n)
    got = [ORDER[verdict_of(k, n, meas, RULE)] for meas in ("weak", "mixed", "strong")]
    assert got == sorted(got)


@settings(deadline=None)
@given(n=st.integers(1, 200), num=st.integers(0, 30), den=st.integers(1, 30))
def test_smallest_passing_is_exact(n, num, den):
    r = Ratio(num, den)
    k = smallest_passing(n, r)
    assert k * den >= num * n
    assert (k - 1) * den < num * n


def _review(findings: dict, measures="strong", verdict=None):
    return m.Review(institution="4111010001",
                    findings={e: m.ElementFinding(match=v) for e, v in findings.items()},
                    measures=measures, published_on=dt.date(2025, 6, 30), verdict=verdict)


def _framework(n):
    return m.Framework(id="t", name="t", items=[m.Item(id="1", name="项目", elements=[
        m.Element(id=f"1.{i}", name=f"要素{i}") for i in range(1, n + 1)])])


def test_judge_review_counts_and_explains():
    fw = _framework(16)
    found = {f"1.{i}": i <= 13 for i in range(1, 17)}
    v = judge_review(2025, _review(found, verdict="needs_improvement"), "sample", fw, RULE)
    assert (v.n, v.matches, v.computed, v.effective_needed, v.abnormal_below_count) == (16, 13, E, 13, 11)
    assert v.unmatched == ("1.14", "1.15", "1.16") and v.missing == ()
    assert v.mismatch
    assert "相符 13 项" in v.explanation_zh and "≥ 13 项" in v.explanation_zh
    assert VERDICT_LABELS[v.computed] in v.explanation_zh


def test_judge_review_missing_elements_count_as_unmatched():
    fw = _framework(15)
    found = {f"1.{i}": True for i in range(1, 13)}       # 12 present and matching, 3 absent
    v = judge_review(2025, _review(found), "sample", fw, RULE)
    assert v.missing == ("1.13", "1.14", "1.15")
    assert v.matches == 12 and v.computed == E
    assert not v.mismatch
