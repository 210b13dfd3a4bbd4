"""The embedded demo tells the story docs/demo-story.md says (issue 8): as of the demo's date,
`portal check` finds no error and exactly the intended warnings, including the one the
publication ledger gives (a material changed after its deadline)."""
from __future__ import annotations

import datetime as dt
import json
import re

from builders import REPO
from conftest import run_portal
from generator.ledger import BEIJING, ledger_head, ledger_versions, read_ledger

AS_OF = re.search(r"^DEMO_AS_OF := (\S+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
EXPECTED = sorted([
    ("improvement.overdue", "4111010004"),
    ("material.changed_after_deadline", "4111010002"),
    ("material.late", "4111010007"),
    ("material.missing", "4111010008"),
    ("material.pending", "4111010010"),
    ("material.pending", "4111010011"),
    ("panel.conflict", "4111010006"),
    ("verdict.deemed_abnormal", "4111010009"),
    ("indicator.warning", "4111010001"),         # structured evidence (issue 23)
    ("task.overdue", "4111010001"),
    ("specialty.unanswered", "4111010001"),
    ("specialty.radar_gap", "4111010001"),
])
CHANGED = "institutions/4111010002/materials/2025/annual-quality-report.md"
DEADLINE = dt.date(2026, 8, 15)          # 2026 re-review of 4111010002 starts 2026-09-14


def test_demo_check_gives_exactly_the_intended_warnings():
    res = run_portal("check", "--root", REPO, "--as-of", AS_OF, "--format", "json")
    assert res.returncode == 0, res.stdout[-2000:]
    doc = json.loads(res.stdout)
    assert doc["summary"] == {"errors": 0, "warnings": len(EXPECTED)}
    assert sorted((f["code"], f["institution"]) for f in doc["findings"]) == EXPECTED


def test_demo_story_lists_the_same_warnings():
    text = (REPO / "docs/demo-story.md").read_text(encoding="utf-8")
    section = text[text.index(f"## 截至 {AS_OF}"):text.index("不应出现")]
    rows = re.findall(r"^\| `([a-z_.]+)` \| (\d{10}) \|", section, re.M)
    assert sorted(rows) == EXPECTED


def test_demo_ledger_records_the_change_after_the_deadline():
    entries, problems = read_ledger(REPO)
    assert problems == [] and entries
    v1, v2 = ledger_versions(REPO, CHANGED)
    assert v1.published_at.astimezone(BEIJING).date() <= DEADLINE < v2.published_at.astimezone(BEIJING).date()
    old = (REPO / v1.object).read_text(encoding="utf-8")
    assert "97.1%" in old and "更正" not in old
    assert (REPO / CHANGED).read_bytes() == (REPO / v2.object).read_bytes()


def test_demo_ledger_is_not_ahead_of_the_real_clock():
    """`portal publish` on a copy of the demo (README, secretariat walkthrough) uses the system
    clock, and the ledger may never go backwards: the demo's last run must lie in the past."""
    head = ledger_head(REPO)
    assert head["published_at"] <= dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
