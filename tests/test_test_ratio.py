"""Tests per line of code (issue 22): at least 0.8.

Counting rule: a line counts when, stripped of surrounding whitespace, it is not empty and does
not start with `#`. Code is every `generator/**/*.py`; tests are every `tests/**/*.py` except
those under `tests/golden/` (expected outputs, not tests). Docstrings count on both sides.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.8


def counted_lines(text: str) -> int:
    """Lines that are neither blank nor a whole-line comment."""
    return sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def count_tree(root: Path, exclude: tuple[str, ...] = ()) -> int:
    total = 0
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in exclude:
            continue
        total += counted_lines(path.read_text(encoding="utf-8"))
    return total


def test_counting_rule():
    text = "x = 1\n\n   \n# comment\n    # indented comment\ny = 2  # trailing\n'''doc'''\n"
    assert counted_lines(text) == 3


def test_golden_excluded(tmp_path):
    (tmp_path / "golden").mkdir()
    (tmp_path / "golden" / "g.py").write_text("a = 1\nb = 2\n", encoding="utf-8")
    (tmp_path / "t.py").write_text("c = 3\n", encoding="utf-8")
    assert count_tree(tmp_path) == 3
    assert count_tree(tmp_path, exclude=("golden",)) == 1


def test_tests_per_line_of_code():
    code = count_tree(REPO / "generator")
    tests = count_tree(REPO / "tests", exclude=("golden",))
    assert code > 0
    ratio = tests / code
    assert ratio >= TARGET, (f"tests/ has {tests} counted lines for {code} in generator/ "
                             f"({ratio:.3f} < {TARGET}); test the untested branches of new code")
