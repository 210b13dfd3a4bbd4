"""Reproducible sampling (issue 19 defect 10, seed 000 §四(一)2): a year's proposal uses only
what was known when its list was announced, and check requires a recorded reason for every
difference between a seeded list and its proposal."""
import datetime as dt

import pytest

from builders import CODE_A, CODE_B
from generator.check import run_checks
from generator.findings import Report
from generator.load import load_project
from generator.rules.engine import sample_proposal

ROUND25 = "content/rounds/2025/round.yml"


@pytest.fixture
def big(root):
    for i in range(3, 13):
        root.college(f"41110100{i:02d}", f"学院{i}", region=["东城区", "西城区", "南港区"][i % 3],
                     students=3000 + 1000 * i, categories=[["装备制造大类", "财经商贸大类"][i % 2]])
    return root


def proposal(root, year, seed, as_of):
    proj = load_project(root.path, Report())
    p = sample_proposal(proj, year, seed, dt.date.fromisoformat(as_of))
    return [pk.code for pk in p.sample], p


def later_round(root, codes, announced="2025-12-20"):
    lines = ["year: 2026", f"announced_on: {announced}", "reviews:"]
    for c in codes:
        lines += [f'  - institution: "{c}"', "    kind: sample", "    start: 2026-05-10", "    end: 2026-05-12"]
    root.write("content/rounds/2026/round.yml", "\n".join(lines) + "\n")


def test_later_rounds_do_not_change_a_past_proposal(big):
    """Before the fix the 2026 round counted as 'already sampled in the cycle' for 2025."""
    before, _ = proposal(big, 2025, "2024-12-01", "2025-06-01")
    later_round(big, [c for c in before if c != CODE_A][:3])
    big.review(2025, CODE_A, matches=11, measures="strong")         # a verdict published later
    after, p = proposal(big, 2025, "2024-12-01", "2027-01-01")
    assert after == before and p.already == ()


def test_proposal_uses_the_day_the_list_was_announced(big):
    """Verdicts published after the list's announcement are unknown to the proposal: an 有效
    re-review published later does not exempt the college from that earlier proposal."""
    _, p1 = proposal(big, 2026, "s", "2025-12-01")
    later_round(big, [], announced="2025-12-20")
    _, p2 = proposal(big, 2026, "s", "2027-06-01")     # as of a later day: still 2025-12-20's knowledge
    assert [pk.code for pk in p1.sample] == [pk.code for pk in p2.sample]


@pytest.mark.parametrize("joined, counted", [("2024-12-20", True), ("2024-12-21", False)])
def test_colleges_joined_after_the_announcement_are_not_counted(big, joined, counted):
    big.write("institutions/4111010012/institution.yml",
              big.read("institutions/4111010012/institution.yml") + f"joined_on: {joined}\n")
    _, p = proposal(big, 2025, "2024-12-01", "2025-06-01")
    assert p.total == (12 if counted else 11)


def test_seeded_list_must_match_or_give_reasons(big):
    codes, _ = proposal(big, 2025, "2024-12-01", "2025-06-01")
    c = run_checks(big.path, dt.date(2025, 6, 1))
    got = {(f.institution, dict(f.params)["variant"]) for f in c.report.findings if f.code == "sampling.deviation"}
    listed = {CODE_A}
    want = {(x, "omitted") for x in set(codes) - listed - {CODE_B}} | {(x, "added") for x in listed - set(codes)}
    assert got == want and got                      # B's omission has a recorded reason, the others not
    assert all(f.severity == "warning" and f.file == ROUND25 for f in c.report.findings if f.code == "sampling.deviation")


def test_recorded_reasons_silence_deviations(big):
    codes, _ = proposal(big, 2025, "2024-12-01", "2025-06-01")
    devs = ", ".join(f'{{institution: "{x}", reason: 理由}}' for x in sorted(set(codes) ^ {CODE_A}))
    big.replace(ROUND25, f'deviations: [{{institution: "{CODE_B}", reason: 该校当年迁址，改于下一年度复核}}]',
                f"deviations: [{devs}]")
    c = run_checks(big.path, dt.date(2025, 6, 1))
    assert [f for f in c.report.findings if f.code == "sampling.deviation"] == []


def test_empty_reason_does_not_count(root):
    root.replace(ROUND25, "reason: 该校当年迁址，改于下一年度复核", 'reason: " "')
    c = run_checks(root.path, dt.date(2025, 6, 1))
    assert [(f.institution, dict(f.params)["variant"]) for f in c.report.findings
            if f.code == "sampling.deviation"] == [(CODE_B, "omitted")]


def test_matching_list_needs_no_reason(root):
    """The standard root lists what the seed proposes except B (recorded): no deviation."""
    c = run_checks(root.path, dt.date(2025, 6, 1))
    assert [f for f in c.report.findings if f.code == "sampling.deviation"] == []


def test_draft_round_records_the_framework_in_force(big):
    """A drafted round.yml names its framework, so a later switch of site_config leaves it alone."""
    import yaml
    from generator.cmd_sample import skeleton
    _, p = proposal(big, 2026, "s", "2025-12-01")
    doc = yaml.safe_load(skeleton(p, {}, dt.date(2025, 12, 1), dt.date(2025, 12, 31), "bj-2016"))
    assert doc["framework"] == "bj-2016"
