import json
import subprocess
import sys

import pytest

from builders import REPO, ScratchRoot


@pytest.fixture
def scratch(tmp_path) -> ScratchRoot:
    """An empty scratch root."""
    return ScratchRoot(tmp_path / "root")


@pytest.fixture
def root(scratch) -> ScratchRoot:
    """The standard small valid root (two colleges, one 2025 review, all materials on time)."""
    return scratch.base()


@pytest.fixture
def rich_checked(root):
    """The richer scratch root (tests/richroot.py: three years, late and missing cases) checked
    as of its AS_OF date, with no errors."""
    from generator.check import run_checks
    from richroot import AS_OF, rich
    rich(root)
    c = run_checks(root.path, AS_OF)
    assert not c.report.errors, [f.message() for f in c.report.errors]
    return c


def run_portal(*args, cwd=None, env=None):
    """Run the real console entry point in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, env=env)


@pytest.fixture
def check_json():
    def _run(root: ScratchRoot, *extra, as_of="2025-06-01"):
        res = run_portal("check", "--root", root.path, "--as-of", as_of, "--format", "json", *extra)
        assert res.returncode in (0, 1), res.stderr
        return res.returncode, json.loads(res.stdout)
    return _run


def codes(doc) -> list[str]:
    return [f["code"] for f in doc["findings"]]
