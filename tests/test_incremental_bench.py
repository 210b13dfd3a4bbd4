"""The benchmark report shows the one-college rebuild at every size and how it grows with the
number of colleges (issue 24: ≤ 5 s, independent of size)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.report import Row, size_independence  # noqa: E402


def row(n: int, wall: float, cpu: float) -> Row:
    return Row(n, "rebuild-one", 3, wall, cpu, 0, 0.0, 0.0, True)


def test_size_independence_lists_each_size_and_the_ratio():
    text = "\n".join(size_independence([row(1500, 12.0, 9.0), row(100, 4.0, 3.0), Row(100, "check", 3, 1, 1, 0, 0, 0, True)]))
    lines = text.splitlines()
    assert lines.index("| 100 | 4.0 s | 3.0 s | 达标 |") < lines.index("| 1500 | 12.0 s | 9.0 s | 未达标 |")
    assert "1500 所 ÷ 100 所：墙钟 3.00 倍，CPU 3.00 倍（院校数 15 倍" in text


def test_no_rebuild_rows_no_section():
    assert size_independence([Row(100, "check", 3, 1, 1, 0, 0, 0, True)]) == []
