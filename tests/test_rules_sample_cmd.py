"""`portal sample`: the printed table and the round.yml draft (seed 000 §四(一)2)."""
import argparse
import datetime as dt

import pytest
import yaml

from builders import CODE_A, CODE_B
from generator import cmd_sample
from generator.clock import UsageError
from generator.context import RunContext


def sample(root, *argv, as_of="2025-12-01"):
    p = argparse.ArgumentParser()
    cmd_sample.add_arguments_sample(p)
    ctx = RunContext(root.path, "zh", as_of=dt.date.fromisoformat(as_of))
    return cmd_sample.run_sample(ctx, p.parse_args(list(argv)))


@pytest.fixture
def big(root):
    for i in range(3, 13):
        root.college(f"41110100{i:02d}", f"学院{i}", region=["东城区", "西城区", "南港区"][i % 3],
                     students=3000 + 1000 * i, categories=[["装备制造大类", "财经商贸大类"][i % 2]])
    return root


def test_table_is_reproducible_and_seeded(big, capsys):
    assert sample(big, "--year", "2026", "--seed", "2025-12-01") == 0
    first = capsys.readouterr().out
    sample(big, "--year", "2026", "--seed", "2025-12-01")
    assert capsys.readouterr().out == first
    sample(big, "--year", "2026", "--seed", "another")
    assert capsys.readouterr().out != first
    assert "学校标识码" in first and "种子 \"2025-12-01\"" in first
    assert f"{CODE_A} 本周期已抽样复核" in first              # sampled in 2025, same cycle


def test_seed_defaults_to_the_published_round(big, capsys):
    sample(big, "--year", "2025")
    out = capsys.readouterr().out
    assert "种子 \"2024-12-01\"" in out
    with pytest.raises(UsageError):
        sample(big, "--year", "2026")


def test_write_draft_and_refuse_overwrite(big, capsys):
    assert sample(big, "--year", "2026", "--seed", "s", "--write") == 0
    path = big.path / "content/rounds/2026/round.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["year"] == 2026 and doc["sampling"]["seed"] == "s"
    listed = [r["institution"] for r in doc["reviews"]]
    assert listed and CODE_A not in listed
    before = path.read_bytes()
    with pytest.raises(UsageError, match="拒绝覆盖"):
        sample(big, "--year", "2026", "--seed", "s", "--write")
    assert path.read_bytes() == before


def test_due_re_review_is_listed(root, capsys):
    root.review(2025, CODE_A, matches=11, measures="strong")       # 待改进 → re-review due 2026-06-30
    sample(root, "--year", "2026", "--seed", "s")
    out = capsys.readouterr().out
    line = next(t for t in out.splitlines() if t.split()[1:2] == [CODE_A])
    assert "重新复核" in line
    assert CODE_B in out
