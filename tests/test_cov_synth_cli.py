"""`portal synth` in-process (generator/synth/__init__.py): the argument limits, the output
folder rules (--force only over an earlier synth output), and the framework it copies."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from generator.clock import UsageError
from generator.context import RunContext
from generator.synth import MARKER, _framework, _prepare, as_of_for, run_synth, synthesize


def run(args) -> int:
    return run_synth(RunContext(Path(".")), args)


def _args(out, **kw):
    return argparse.Namespace(**{"colleges": 2, "seed": "7", "year": 2026, "out": str(out), "force": False, **kw})


@pytest.mark.parametrize("kw, msg", [({"colleges": 0}, "--colleges"), ({"year": 1999}, "--year"),
                                     ({"year": 2101}, "--year")])
def test_argument_limits(tmp_path, kw, msg):
    with pytest.raises(UsageError, match=msg):
        run(_args(tmp_path / "out", **kw))
    assert not (tmp_path / "out").exists()


def test_prepare_refuses_a_file_and_a_foreign_folder(tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="不是目录"):
        _prepare(f, force=False)
    d = tmp_path / "mine"
    d.mkdir()
    (d / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError, match="不为空"):
        _prepare(d, force=True)                 # no marker: --force does not remove it
    assert (d / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_prepare_empty_or_new_folder(tmp_path):
    _prepare(tmp_path / "new" / "deep", force=False)
    assert (tmp_path / "new" / "deep").is_dir()
    (tmp_path / "empty").mkdir()
    _prepare(tmp_path / "empty", force=False)


def test_run_writes_a_root_and_force_replaces_it(tmp_path, capsys):
    out = tmp_path / "out"
    assert run(_args(out)) == 0
    said = capsys.readouterr().out
    assert "2 所院校" in said and f"--as-of {as_of_for(2026)}" in said
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker == {"colleges": 2, "seed": "7", "year": 2026, "as_of": "2026-07-01"}
    (out / "stale.txt").write_text("old", encoding="utf-8")
    with pytest.raises(UsageError):
        run(_args(out))
    assert run(_args(out, force=True)) == 0
    assert not (out / "stale.txt").exists()
    assert (out / "site_config.yml").is_file()


def test_same_seed_same_summary(tmp_path):
    a = synthesize(tmp_path / "a", 3, "s", 2025)
    b = synthesize(tmp_path / "b", 3, "s", 2025)
    assert a == b and a.colleges == 3 and a.as_of.year == 2025
    assert a.experts >= 20


def test_unreadable_framework_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="参考表"):
        _framework(tmp_path / "none.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("id: [\n", encoding="utf-8")
    with pytest.raises(UsageError):
        _framework(bad)
