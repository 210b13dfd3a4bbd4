"""The rules page explains each computed status of the structured evidence with the seed it
comes from (issue 23 "Done when"): docs/rules.md §12 cannot drift from rules/evidence.py and
messages.py. Every status label has a row that cites a seed and names its function; each
function named exists and its docstring cites the same seed; every evidence finding code is listed."""
import re
from pathlib import Path

import pytest

from generator import messages
from generator.rules import evidence

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
PREFIXES = ("evidence.", "indicator.", "task.", "specialty.")


def section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## 12. ")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def rows() -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in section().splitlines()
            if line.startswith("| ") and "**" in line]


@pytest.mark.parametrize("label", [*evidence.INDICATOR_LABELS.values(), *evidence.TASK_LABELS.values(),
                                   "尚未回应", "缺 RADAR 环节"])
def test_each_status_has_a_row_with_its_seed_and_function(label):
    row = next((r for r in rows() if f"**{label}**" in r[0]), None)
    assert row is not None, f"docs/rules.md §12 has no row for {label}"
    status, rule, source, functions = row
    seeds = re.findall(r"seed (\d{3})", source)
    assert rule and seeds, row
    names = re.findall(r"`(\w+)`", functions)
    assert names, row
    for name in names:
        doc = getattr(evidence, name).__doc__ or ""
        assert any(f"seed {s}" in doc for s in seeds), f"{name}'s docstring cites none of seed {seeds}"


def test_every_evidence_finding_code_is_listed():
    text = section()
    codes = sorted(c for c in messages.CATALOG if c.startswith(PREFIXES))
    assert codes and [c for c in codes if f"`{c}`" not in text] == []
