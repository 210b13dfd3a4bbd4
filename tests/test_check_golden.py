"""Golden tests of `portal check` output (text and JSON), Pelican-style.

Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
"""
import os
from pathlib import Path

import pytest

from builders import CODE_A
from conftest import run_portal

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def flawed(root):
    """One error and a few warnings, each from a different rule."""
    root.replace(f"institutions/{CODE_A}/materials/2024/aqr.md", "published_on: 2025-04-12", "published_on: 2025-04-13")
    root.remove(f"institutions/{CODE_A}/materials/2023/sdr.md")
    root.write(f"institutions/{CODE_A}/institution.yml",
               root.read(f"institutions/{CODE_A}/institution.yml") + "studnets: 1\n")
    return root


def compare(name: str, actual: str):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"


@pytest.mark.parametrize("fmt, lang, name", [("text", "zh", "check_flawed.txt"), ("json", "zh", "check_flawed.json"),
                                             ("text", "en", "check_flawed.en.txt")])
def test_golden_output(flawed, fmt, lang, name):
    res = run_portal("check", "--root", flawed.path, "--as-of", "2025-06-01", "--format", fmt, "--lang", lang)
    assert res.returncode == 1, res.stderr
    compare(name, res.stdout)


def test_exit_codes(root, flawed):
    assert run_portal("check", "--root", root.path, "--as-of", "2025-06-01").returncode == 1  # flawed is the same root
    assert run_portal("check", "--root", root.path, "--as-of", "nonsense").returncode == 2
    assert run_portal("check", "--root", root.path / "nowhere").returncode == 2
    assert run_portal("check", "--bogus").returncode == 2


def test_strict_turns_warnings_into_errors(root):
    root.replace(f"institutions/{CODE_A}/materials/2024/aqr.md", "published_on: 2025-04-12", "published_on: 2025-04-13")
    assert run_portal("check", "--root", root.path, "--as-of", "2025-06-01").returncode == 0
    res = run_portal("check", "--root", root.path, "--as-of", "2025-06-01", "--strict")
    assert res.returncode == 1 and "错误 [material.late]" in res.stdout


def test_institution_filter(root):
    root.write("institutions/4111010002/institution.yml",
               root.read("institutions/4111010002/institution.yml") + "bogus: 1\n")
    assert run_portal("check", "--root", root.path, "--as-of", "2025-06-01").returncode == 1
    res = run_portal("check", "--root", root.path, "--as-of", "2025-06-01", "--institution", CODE_A)
    assert res.returncode == 0 and res.stdout == ""
