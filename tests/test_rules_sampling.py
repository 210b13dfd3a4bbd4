"""Stratified sampling (seed 000 §四(一)2): reproducible from the seed, fraction and strata kept."""
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.rules.results import Strata
from generator.rules.sampling import (DIMENSIONS, apportion, enough_sampled, order_key, propose,
                                      scale_band, summarize, values)

BANDS = [5000, 10000]
QUARTER = Fraction(1, 4)


def test_scale_band_boundaries():
    assert scale_band(4999, BANDS).startswith("小型")
    assert scale_band(5000, BANDS).startswith("中型")
    assert scale_band(9999, BANDS).startswith("中型")
    assert scale_band(10000, BANDS).startswith("大型")
    assert scale_band(100, [1000]) == "第1档（<1000人）"
    assert scale_band(1000, [1000]) == "第2档（≥1000人）"


def test_order_key_is_sha256_of_seed_newline_code():
    import hashlib
    assert order_key("2024-12-01", "4111010001") == hashlib.sha256("2024-12-01\n4111010001".encode()).hexdigest()
    # a fixed value: the same on every machine and Python version
    assert order_key("s", "x")[:16] == hashlib.sha256(b"s\nx").hexdigest()[:16]


def test_enough_sampled_is_integer_exact():
    assert enough_sampled(1, 4, QUARTER) and not enough_sampled(1, 5, QUARTER) and enough_sampled(2, 5, QUARTER)


def test_apportion_largest_remainder():
    seats = apportion(5, {"a": 6, "b": 3, "c": 1}, "seed")
    assert sum(seats.values()) == 5 and seats["a"] == 3 and seats["b"] in (1, 2)
    assert apportion(0, {"a": 2}, "s") == {"a": 0}


populations = st.lists(
    st.tuples(st.sampled_from(["东城区", "西城区", "南港区", "北原区"]),
              st.sampled_from(["小型（<5000人）", "中型（5000–9999人）", "大型（≥10000人）"]),
              st.sampled_from(["装备制造大类", "财经商贸大类", "电子与信息大类", "文化艺术大类", "医药卫生大类"])),
    min_size=1, max_size=60)


def _strata(pop):
    return {f"41110{i:05d}": Strata(*t) for i, t in enumerate(pop)}


@settings(max_examples=60, deadline=None)
@given(pop=populations, seed=st.text(min_size=1, max_size=12), year_offset=st.integers(0, 2))
def test_proposal_guarantees(pop, seed, year_offset):
    strata = _strata(pop)
    year = 2025 + year_offset
    p = propose(year, seed, (2025, 2027), strata, set(), {}, set(), QUARTER)
    codes = [pk.code for pk in p.sample]
    assert len(codes) == len(set(codes)) and set(codes) <= set(strata)
    # every region, scale band and main category present is represented
    got = values(strata, codes)
    for d in DIMENSIONS:
        assert set(got[d]) == set(values(strata, strata)[d])
    # the yearly share of the cycle's quota; in the cycle's last year the whole quota
    years_left = 2027 - year + 1
    assert len(codes) * years_left >= p.required
    if years_left == 1:
        assert enough_sampled(len(codes), len(strata), QUARTER)
    # reproducible: same inputs, same list
    assert propose(year, seed, (2025, 2027), strata, set(), {}, set(), QUARTER) == p


@settings(max_examples=40, deadline=None)
@given(pop=populations, data=st.data())
def test_proposal_respects_exclusions_and_prior_coverage(pop, data):
    strata = _strata(pop)
    codes = sorted(strata)
    already = set(data.draw(st.lists(st.sampled_from(codes), max_size=len(codes) // 2)))
    exempt = {c: "有效" for c in data.draw(st.lists(st.sampled_from(codes), max_size=3))}
    due = set(data.draw(st.lists(st.sampled_from(codes), max_size=3)))
    p = propose(2027, "s", (2025, 2027), strata, already, exempt, due, QUARTER)
    chosen = {pk.code for pk in p.sample}
    assert not chosen & (already | set(exempt) | due)
    assert {pk.code for pk in p.re_review} == due
    # together with the earlier years, every value is covered unless no eligible college holds it
    cycle = already | chosen
    got = values(strata, cycle)
    for d in DIMENSIONS:
        for v in values(strata, strata)[d]:
            assert v in got[d] or (d, v) in p.uncoverable
    eligible = set(codes) - already - set(exempt) - due
    assert enough_sampled(len(already) + len(chosen), len(strata), QUARTER) or chosen == eligible


def test_different_seeds_give_different_orders():
    strata = _strata([("东城区", "小型（<5000人）", "装备制造大类")] * 40)
    picks = {s: propose(2025, s, (2025, 2025), strata, set(), {}, set(), QUARTER).sample for s in ("a", "b", "c")}
    assert all(len(v) == 10 for v in picks.values())
    assert len({tuple(pk.code for pk in v) for v in picks.values()}) == 3


def test_summary_reports_missing_values():
    strata = _strata([("东城区", "小型（<5000人）", "装备制造大类"), ("西城区", "大型（≥10000人）", "财经商贸大类")])
    s = summarize(strata, {"4111000000"}, QUARTER, judged=True)
    assert s.fraction_ok and s.required == 1
    assert s.missing == {"region": ("西城区",), "scale": ("大型（≥10000人）",), "category": ("财经商贸大类",)}
    assert s.present["region"] == {"东城区": 1, "西城区": 1}
