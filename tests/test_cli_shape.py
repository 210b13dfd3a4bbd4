"""The shape of the command line (issue 22): one handler naming for every verb, --as-of declared
in one place, and one not-a-portal-root error, in the chosen language, for every verb that needs
a root."""
from __future__ import annotations

import argparse
import ast
import importlib
import re
from pathlib import Path

import pytest

from generator import cli

PKG = Path(cli.__file__).resolve().parent
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ROOT_VERBS = sorted(v for v, (_, _, takes) in cli.VERBS.items() if cli.ROOT in takes)
# the least arguments that parse, so that only the root is wrong
ARGV = {"new": ["institution", "4111010001"], "sample": ["--year", "2026"], "pdf": ["--institution", "4111010001"]}


def subparser(verb: str) -> argparse.ArgumentParser:
    parser = cli.build_parser([verb])
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sub.choices[verb]


@pytest.mark.parametrize("verb", sorted(cli.VERBS))
def test_every_handler_is_named_for_its_verb(verb):
    modname = cli.VERBS[verb][0]
    handler = subparser(verb).get_default("_handler")
    assert handler.__name__ == f"run_{verb}" and handler.__module__ == modname
    assert callable(getattr(importlib.import_module(modname), f"add_arguments_{verb}"))


def test_no_handler_module_keeps_an_unnamed_entry_point():
    for modname in {m for m, _, _ in cli.VERBS.values()}:
        mod = importlib.import_module(modname)
        assert not hasattr(mod, "run") and not hasattr(mod, "add_arguments"), modname
        for name in dir(mod):     # every run_*/add_arguments_* belongs to a verb that module serves
            fn = getattr(mod, name)
            if name.startswith(("run_", "add_arguments_")) and getattr(fn, "__module__", "") == modname:
                verb = name.split("_", 1)[1].removeprefix("arguments_")
                assert cli.VERBS.get(verb, ("",))[0] == modname, f"{modname}.{name}"


def option_calls(option: str) -> list[str]:
    """Where `add_argument("<option>", …)` is written in the package."""
    found = []
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument" and node.args
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value == option):
                found.append(path.relative_to(PKG).as_posix())
    return found


@pytest.mark.parametrize("option", ["--as-of", "--root", "--lang"])
def test_shared_options_are_declared_in_one_place(option):
    assert option_calls(option) == ["cli_options.py"]


@pytest.mark.parametrize("verb", sorted(cli.VERBS))
def test_as_of_belongs_to_the_verbs_with_a_today(verb):
    options = {o for a in subparser(verb)._actions for o in a.option_strings}
    assert ("--as-of" in options) == (cli.AS_OF in cli.VERBS[verb][2])
    assert {"--root", "--lang"} <= options


def test_the_not_a_root_text_lives_in_one_place():
    holders = [p.relative_to(PKG).as_posix() for p in PKG.rglob("*.py")
               if "不是公示站数据根目录" in p.read_text(encoding="utf-8")]
    users = [p.relative_to(PKG).as_posix() for p in PKG.rglob("*.py")
             if 'say("no_root"' in p.read_text(encoding="utf-8")]
    assert holders == ["i18n.py"] and users == ["cli_options.py"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("verb", ROOT_VERBS)
def test_not_a_root_is_one_error_in_the_chosen_language(verb, lang, tmp_path, capsys):
    empty = tmp_path / "not-a-root"
    empty.mkdir()
    rc = cli.main([verb, *ARGV.get(verb, []), "--root", str(empty), "--lang", lang])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("portal: "), err    # one line, no traceback
    if lang == "en":
        assert f"{empty} is not a portal root (no site_config.yml); use --root" in err
        assert not CJK.search(err.replace(str(empty), "")), err
    else:
        assert f"{empty} 不是公示站数据根目录（找不到 site_config.yml）；请用 --root 指定" in err
    assert list(empty.iterdir()) == []                                  # nothing was written


def test_the_verbs_that_need_a_root():
    assert ROOT_VERBS == ["build", "check", "new", "pdf", "publish", "sample", "serve", "verify"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_day_is_said_in_the_chosen_language(lang, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert cli.main(["check", "--root", str(tmp_path), "--as-of", "2027-02-30", "--lang", lang]) == 2
    err = capsys.readouterr().err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert cli.main(["check", "--root", str(tmp_path), "--lang", lang]) == 2
    err += capsys.readouterr().err
    if lang == "en":
        assert "--as-of must be a real date, YYYY-MM-DD: 2027-02-30" in err
        assert "SOURCE_DATE_EPOCH is not a whole number of seconds: yesterday" in err
        assert not CJK.search(err), err
    else:
        assert "--as-of 应为 YYYY-MM-DD 格式的真实日期：2027-02-30" in err and "SOURCE_DATE_EPOCH 不是整数秒" in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_usage_error_follows_the_lang_of_the_line_given(lang, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--no-such-option", "--lang", lang])     # in-process: sys.argv is pytest's
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert ("portal: usage error:" in err) == (lang == "en") and ("portal: 用法错误：" in err) == (lang == "zh")
