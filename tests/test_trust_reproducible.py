"""DESIGN.md §7 "the same inputs give the same bytes": two full builds (site, PDFs, open data) of the
same root, copied to different folders and run from different working directories, time zones,
locales and hash seeds, compared byte for byte."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from builders import REPO, ScratchRoot

AS_OF = "2025-06-01"


def tree(d):
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_in_different_places_and_environments_are_identical(tmp_path):
    src = ScratchRoot(tmp_path / "src").base()
    src.write("institutions/4111010001/files/report.pdf", b"%PDF-1.4 attachment")
    src.material("4111010001", "extra/notes.md", "development_plans", plan="campus", published_on="2025-03-01",
                 body="| 项目 | 数量 |\n|---|---|\n| 专业 | 12 |\n\n[附件](files/report.pdf)\n",
                 attachments=["files/report.pdf"])
    envs = [
        {"TZ": "UTC", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
        {"TZ": "Pacific/Kiritimati", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "PYTHONHASHSEED": "4242"},
    ]
    outs = []
    for i, extra in enumerate(envs):
        root = tmp_path / f"place-{i}" / ("deeper/" * i) / "root"
        shutil.copytree(src.path, root, symlinks=True)
        out = tmp_path / f"out-{i}"
        cwd = tmp_path / f"cwd-{i}"
        cwd.mkdir()
        env = {**os.environ, **extra, "PYTHONPATH": str(REPO)}
        env.pop("SOURCE_DATE_EPOCH", None)
        res = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out),
                              "--as-of", AS_OF], cwd=cwd, env=env, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        outs.append(tree(out))
    a, b = outs
    assert sorted(a) == sorted(b)
    assert any(k.endswith(".pdf") for k in a) and any(k.endswith(".html") for k in a)
    assert [k for k in a if a[k] != b[k]] == []
    # no machine path leaks into the output
    for k, v in a.items():
        assert str(tmp_path).encode() not in v, k
