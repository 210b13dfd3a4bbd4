"""Small front-door pieces: "today" (clock.py), the command line's language (cli_lang.py),
the build's progress line (site/progress.py), and `portal` run in-process (cli.main)."""
from __future__ import annotations

import argparse
import datetime as dt
import io

import pytest

from generator import cli_lang
from generator.clock import UsageError, now_utc, parse_date, today
from generator.site.progress import Progress


def test_parse_date_and_its_error():
    assert parse_date("2025-02-28") == dt.date(2025, 2, 28)
    with pytest.raises(UsageError, match="--as-of.*2025-02-29"):
        parse_date("2025-02-29")
    with pytest.raises(UsageError, match="^--since "):
        parse_date("x", "--since")


def test_today_prefers_as_of_then_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert today("2030-01-02") == dt.date(2030, 1, 2)
    assert today() == dt.date(1970, 1, 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 30)      # overflows the date range
    with pytest.raises(UsageError):
        today()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today() in {dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=d) for d in (-1, 0, 1)}


def test_now_utc_is_whole_seconds_in_utc():
    t = now_utc()
    assert t.microsecond == 0 and t.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("argv, english", [
    (["check", "--lang", "en"], True), (["check", "--lang=en"], True), (["--lang", "zh"], False),
    (["check", "--lang"], False), (["en"], False), ([], False),
])
def test_wants_english(argv, english):
    assert cli_lang.wants_english(argv) is english


def test_use_switches_argparse_words():
    try:
        cli_lang.use(False)
        assert argparse._("usage: ") == "用法："
        assert argparse._("no such words") == "no such words"
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) == "需要 %s 个参数值"
        cli_lang.use(True)
        assert argparse._("usage: ") == "usage: "
        assert argparse.ngettext("one", "many", 1) == "one" and argparse.ngettext("one", "many", 3) == "many"
    finally:
        cli_lang.use(False)


def test_translate_help_reaches_sub_commands():
    zh_help = "随机种子（相同种子生成逐字节相同的数据）"
    parser = argparse.ArgumentParser(description="x")
    sub = parser.add_subparsers(dest="verb")
    p = sub.add_parser("synth", help="未翻译的帮助")
    p.add_argument("--seed", help=zh_help)
    cli_lang.translate_help(parser)
    seed = [a for a in p._actions if "--seed" in a.option_strings][0]
    assert seed.help == cli_lang.HELP_EN[zh_help]
    assert sub._choices_actions[0].help == "未翻译的帮助"        # unknown text is left as it is


def test_progress_disabled_writes_nothing():
    out = io.StringIO()
    pr = Progress(out, enabled=False)
    pr.step("页面")
    pr.count(5, 5)
    pr.done()
    assert out.getvalue() == ""
    assert set(pr.timings) == {"页面"}


def test_progress_on_a_terminal_counts_and_clears():
    out = io.StringIO()
    pr = Progress(out, enabled=True)
    pr.step("页面")
    pr.count(3, 3)           # the last count is always shown, however soon after the step
    pr.step("PDF")
    pr.done()
    text = out.getvalue()
    assert "] 页面" in text and "页面 3/3" in text
    assert "] PDF" in text
    assert text.endswith("\r\x1b[K")
    assert set(pr.timings) == {"页面", "PDF"} and all(v >= 0 for v in pr.timings.values())
    pr.done()                # nothing shown since: nothing more written
    assert out.getvalue() == text


def test_progress_follows_the_stream_being_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    assert Progress(Tty()).enabled is True
    assert Progress(io.StringIO()).enabled is False


def test_main_bad_as_of_is_a_usage_error(root, capsys):
    from generator.cli import main
    assert main(["check", "--root", str(root.path), "--as-of", "2025-13-01"]) == 2
    assert "2025-13-01" in capsys.readouterr().err


def test_main_check_exit_codes_in_process(root, capsys):
    from generator.cli import main
    assert main(["check", "--root", str(root.path), "--as-of", "2025-07-01", "--format", "json"]) == 0
    assert '"errors": 0' in capsys.readouterr().out
    root.replace("site_config.yml", "disclosure_days: 30", "disclosure_days: thirty")
    assert main(["check", "--root", str(root.path), "--as-of", "2025-07-01", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "error(s)" in err
