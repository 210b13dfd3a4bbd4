"""The run context (issue 22): one frozen RunContext, made once by the CLI per command and handed
to the verb's handler; --as-of parsed in that one place; the ledger's time from its clock."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json

import pytest

from generator import cli
from generator.cli_options import site_config
from generator.context import RunContext
from generator.ledger import LEDGER

# each verb with the least arguments that parse (none of them runs: the handler is replaced)
ARGV = {
    "check": [], "build": [], "serve": [], "new": ["institution", "4111010001"], "sample": ["--year", "2026"],
    "scope": ["--base", "main", "--secretariat"], "publish": [], "verify": [], "synth": ["--colleges", "1", "--out", "x"],
    "pdf": ["--institution", "4111010001"], "codeowners": ["--secretariat-owners", "@org/team"], "schemas": [],
}


def test_every_verb_is_covered():
    assert set(ARGV) == set(cli.VERBS)


def test_context_is_frozen(tmp_path):
    ctx = RunContext(tmp_path, "en", as_of=dt.date(2027, 3, 1))
    for name, value in (("root", tmp_path / "x"), ("as_of", dt.date(2020, 1, 1)), ("lang", "zh")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ctx, name, value)
    assert ctx.english and ctx.as_of == dt.date(2027, 3, 1)


def test_config_is_read_once_and_only_when_asked(tmp_path):
    calls = []
    ctx = RunContext(tmp_path, load_config=lambda root: calls.append(root) or {"site": root})
    assert calls == []                          # lazy: nothing read when the context is made
    assert ctx.config == {"site": tmp_path} and ctx.config is ctx.config
    assert calls == [tmp_path]                  # … and read once
    assert RunContext(tmp_path).config is None  # no loader: no configuration


def test_site_config_reads_the_roots_configuration(root, tmp_path):
    cfg = site_config(root.path)
    assert cfg is not None and cfg.site.name
    assert site_config(tmp_path) is None        # no site_config.yml: None, no exception


def record(monkeypatch, verb):
    """Replace the verb's handler by one that keeps what it was given."""
    got = []
    mod = importlib.import_module(cli.VERBS[verb][0])
    monkeypatch.setattr(mod, f"run_{verb}", lambda ctx, args: got.append((ctx, args)) or 0)
    return got


@pytest.mark.parametrize("verb", sorted(ARGV))
def test_every_handler_receives_one_context(verb, root, monkeypatch):
    got = record(monkeypatch, verb)
    made = []
    real = cli.make_context
    monkeypatch.setattr(cli, "make_context", lambda *a, **kw: made.append(real(*a, **kw)) or made[-1])
    assert cli.main([verb, *ARGV[verb], "--root", str(root.path), "--lang", "en"]) == 0
    (ctx, args), = got
    assert made == [ctx] and isinstance(ctx, RunContext)      # made once, and that one handed down
    assert ctx.root == root.path and ctx.lang == "en"
    assert not hasattr(args, "today")                         # no second channel for the day


@pytest.mark.parametrize("verb", sorted(v for v, (_, _, takes) in cli.VERBS.items() if cli.AS_OF in takes))
def test_as_of_is_parsed_into_the_context(verb, root, monkeypatch):
    got = record(monkeypatch, verb)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    cli.main([verb, *ARGV[verb], "--root", str(root.path), "--as-of", "2027-03-01"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")       # 2023-11-14 UTC
    cli.main([verb, *ARGV[verb], "--root", str(root.path)])
    (given, _), (default, _) = got
    assert (given.as_of, given.as_of_option) == (dt.date(2027, 3, 1), "2027-03-01")
    assert (default.as_of, default.as_of_option) == (dt.date(2023, 11, 14), None)


def test_a_bad_as_of_is_one_usage_error(root, monkeypatch, capsys):
    got = record(monkeypatch, "check")
    assert cli.main(["check", "--root", str(root.path), "--as-of", "2027-02-30"]) == 2
    assert got == [] and "--as-of 应为 YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("verb", sorted(v for v, (_, _, takes) in cli.VERBS.items() if cli.AS_OF not in takes))
def test_verbs_without_a_today_have_no_as_of(verb, root, monkeypatch, capsys):
    got = record(monkeypatch, verb)
    with pytest.raises(SystemExit) as exc:
        cli.main([verb, *ARGV[verb], "--root", str(root.path), "--as-of", "2027-03-01"])
    assert exc.value.code == 2 and got == []
    cli.main([verb, *ARGV[verb], "--root", str(root.path)])
    assert got[0][0].as_of is None


def test_publish_takes_its_time_from_the_contexts_clock(root):
    from generator.cmd_ledger import add_arguments_publish, run_publish
    import argparse
    p = argparse.ArgumentParser()
    add_arguments_publish(p)
    when = dt.datetime(2025, 4, 1, 2, 0, tzinfo=dt.timezone.utc)
    assert run_publish(RunContext(root.path, clock=lambda: when), p.parse_args([])) == 0
    lines = (root.path / LEDGER).read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["published_at"] == "2025-04-01T02:00:00Z" for line in lines)
