"""Lists of seed 000 §四(二)3 (issue 19 defects 9, 11): next year's list due by list_announced_by,
and material the portal received after the deadline puts the college on 通报批评 and 待改进院校名单."""
import datetime as dt
import json

import pytest

from builders import CODE_A
from generator.check import run_checks
from generator.ledger import LEDGER


def publish(root, now):
    """The ledger's clock is injected in-process (the CLI has no option to set it)."""
    from generator import ledger_publish
    ledger_publish.publish(root.path, now=dt.datetime.fromisoformat(now.replace("Z", "+00:00")))
    return [json.loads(x) for x in (root.path / LEDGER).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("now, late", [("2025-04-12T15:59:59Z", False),    # 23:59:59 Beijing, deadline day
                                       ("2025-04-12T16:00:00Z", True)])    # 00:00 the day after
def test_received_late_lists_the_college(root, now, late):
    publish(root, now)
    c = run_checks(root.path, dt.date(2025, 6, 1))
    yl = c.outcome.lists[2025]
    crit = [(e.code, e.kind) for e in yl.criticized]
    ni = [(e.code, e.kind) for e in yl.needs_improvement]
    want = [(CODE_A, "received_late")] if late else []
    assert crit == want and ni == want
    assert bool(c.outcome.received_late) is late


def test_received_late_not_counted_twice_when_already_late(root):
    """A material dated after the deadline is late already: one list entry, not two."""
    root.replace(f"institutions/{CODE_A}/materials/2024/aqr.md", "published_on: 2025-04-12", "published_on: 2025-04-13")
    publish(root, "2025-04-20T00:00:00Z")
    c = run_checks(root.path, dt.date(2025, 6, 1))
    labels = c.outcome.received_late[(2025, CODE_A)]
    assert "2024年度人才培养质量年度报告" not in "".join(labels) and labels
    kinds = sorted(e.kind for e in c.outcome.lists[2025].criticized)
    assert kinds == ["late_publication", "received_late"]


@pytest.mark.parametrize("by, as_of, missing", [
    ("12-31", "2025-12-31", []), ("12-31", "2026-01-01", [2026]),
    ("12-20", "2025-12-20", []), ("12-20", "2025-12-21", [2026]),
    ("12-31", "2027-01-01", [2026, 2027]),
])
def test_next_years_list_missing(root, by, as_of, missing):
    """§四(二)3 于每年年底公布下一年度接受复核的学校名单: flagged the day after it was due."""
    root.replace("site_config.yml", "cycle_start: 2025", f'cycle_start: 2025\n  list_announced_by: "{by}"')
    c = run_checks(root.path, dt.date.fromisoformat(as_of))
    got = [f for f in c.report.findings if f.code == "round.missing"]
    assert [dict(f.params)["year"] for f in got] == missing
    assert all(f.severity == "warning" and f.file == f"content/rounds/{y}/round.yml" for f, y in zip(got, missing))


def test_next_years_list_present(root):
    root.write("content/rounds/2026/round.yml", "year: 2026\nannounced_on: 2025-12-20\nreviews: []\n")
    c = run_checks(root.path, dt.date(2026, 6, 1))
    assert [f for f in c.report.findings if f.code == "round.missing"] == []
