"""`--lang zh|en`: Chinese by default, English on request — findings, summaries and the CLI texts."""
import json
import re
import string

import pytest

import generator.check  # noqa: F401 — registers every rule module's codes
from builders import CODE_A, CODE_B
from conftest import run_portal
from generator.i18n import TEXTS, say
from generator.messages import CATALOG

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = "（请填写…）"   # quoted on purpose in English texts: it is what the clerk sees in the file


def names(template: str) -> set[str]:
    return {n for _, n, _, _ in string.Formatter().parse(template) if n}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_finding_code_has_chinese_and_english(code):
    severity, zh, en = CATALOG[code]
    assert severity in ("error", "warning")
    assert CJK.search(zh) or zh.startswith("{"), zh
    assert en and not CJK.search(en), en


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_cli_texts_exist_in_both_languages(key):
    zh, en = TEXTS[key]
    assert names(zh) == names(en), key
    assert CJK.search(zh), zh
    assert not CJK.search(en.replace(PLACEHOLDER, "")), en


@pytest.fixture
def broken(root):
    """Findings whose parameters are plain ASCII, so the English output is wholly English."""
    root.replace("content/rounds/2025/round.yml", "members: [E002, E003]", "members: [E002, E999]")
    root.replace(f"institutions/{CODE_A}/institution.yml", "students: 8200\n", "")
    root.replace(f"institutions/{CODE_A}/materials/2024/aqr.md", "published_on: 2025-04-12",
                 "published_on: 2025-02-30")
    root.write(f"institutions/{CODE_B}/institution.yml", root.read(f"institutions/{CODE_B}/institution.yml") + "region: x\n")
    return root


def run_check(root, *args):
    return run_portal("check", "--root", root.path, "--as-of", "2025-06-01", *args)


def test_check_text_output_in_both_languages(broken):
    zh, en = run_check(broken), run_check(broken, "--lang", "en")
    assert zh.returncode == en.returncode == 1
    zh_lines, en_lines = zh.stdout.splitlines(), en.stdout.splitlines()
    assert len(zh_lines) == len(en_lines) >= 4
    for a, b in zip(zh_lines, en_lines):   # same findings, same places, same codes
        assert a.split(": ", 1)[0] == b.split(": ", 1)[0]
        assert re.search(r"\[[\w.]+\]", a).group() == re.search(r"\[[\w.]+\]", b).group()
    expected = {
        "yaml.duplicate_key": ("键“region”重复", "duplicate key 'region'"),
        "schema.missing": ("缺少必填字段“students”", "missing required field 'students'"),
        "schema.date": ("日期“2025-02-30”无效", "invalid date '2025-02-30'"),
        "ref.expert": ("引用的专家“E999”不在专家库", "unknown expert 'E999'"),
    }
    for code, (zh_text, en_text) in expected.items():
        zl = next(ln for ln in zh_lines if f"[{code}]" in ln)
        el = next(ln for ln in en_lines if f"[{code}]" in ln)
        assert ": 错误 [" in zl and zh_text in zl
        assert ": error [" in el and en_text in el
        assert not CJK.search(el), el
    assert "个错误" in zh.stderr and "error(s)" in en.stderr and not CJK.search(en.stderr)


def test_check_json_messages_follow_lang(broken):
    docs = {lang: json.loads(run_check(broken, "--format", "json", "--lang", lang).stdout) for lang in ("zh", "en")}
    assert [f["code"] for f in docs["zh"]["findings"]] == [f["code"] for f in docs["en"]["findings"]]
    for f in docs["en"]["findings"]:
        assert not CJK.search(f["message"]), f
        assert f["severity"] == "error"   # severities are not translated: they are API
    assert all(CJK.search(f["message"]) for f in docs["zh"]["findings"])


def test_default_language_is_chinese(broken):
    assert run_check(broken).stdout == run_check(broken, "--lang", "zh").stdout


def test_usage_errors_follow_lang(tmp_path):
    zh = run_portal("new", "institution", "4111010001", "--root", tmp_path)
    en = run_portal("new", "institution", "4111010001", "--root", tmp_path, "--lang", "en")
    assert zh.returncode == en.returncode == 2
    assert "不是公示站数据根目录" in zh.stderr
    assert "is not a portal root" in en.stderr and not CJK.search(en.stderr.replace(str(tmp_path), ""))


def test_say_formats_both_languages():
    assert say("new.wrote", "zh", path="a.yml") == "已创建 a.yml"
    assert say("new.wrote", "en", path="a.yml") == "created a.yml"
