"""Strict YAML reading (generator/yamlsafe.py): encodings, control characters and their cap,
what the composer refuses (anchors, aliases, tags, complex keys, depth, a second document), the
hints on syntax errors, and the line offset used for front matter."""
from __future__ import annotations

import pytest

from generator.findings import Report
from generator.yamlsafe import MAX_CONTROL, MAX_DEPTH, decode, load_file, parse


def _decode(data: bytes):
    r = Report()
    text = decode(data, "f.yml", r)
    return text, [(f.code, f.line, f.column, dict(f.params)) for f in r.findings]


def test_bom_is_dropped():
    assert _decode("\ufeffa: 中\n".encode())[0] == "a: 中\n"


def test_utf16_gbk_and_neither():
    text, found = _decode("a: 中\n".encode("utf-16"))
    assert text is None and "UTF-16" in found[0][3]["detail_en"]
    text, found = _decode("a: 1\nb: 中文\n".encode("gbk"))
    assert text is None and found[0][1] == 2 and "GBK" in found[0][3]["detail_en"]
    text, found = _decode(b"a: 1\n\n\xff\xff\xff\n")
    assert text is None and found[0][1] == 3 and found[0][3]["detail_en"] == "file is not valid UTF-8; re-save it as UTF-8"


def test_nul_is_not_text():
    text, found = _decode(b"a: 1\nb: x\x00y\n")
    assert text is None
    assert [(c, ln) for c, ln, _col, _p in found] == [("file.encoding", 2)]


def test_control_characters_are_located_replaced_and_capped():
    text, found = _decode(b"a: x\x07y\nb: \x1b\n")
    assert text == "a: x\ufffdy\nb: \ufffd\n"
    assert [(c, ln, col, p["char"]) for c, ln, col, p in found] == [
        ("content.control_char", 1, 5, "U+0007"), ("content.control_char", 2, 4, "U+001B")]
    text, found = _decode(b"a: " + b"\x01" * (MAX_CONTROL + 5) + b"\n")
    assert len(found) == MAX_CONTROL
    assert text.count("\ufffd") == MAX_CONTROL + 5


def _parse(text: str, off: int = 0):
    r = Report()
    node = parse(text, "f.yml", r, line_offset=off)
    return node, [(f.code, f.line, f.column) for f in r.findings], r


def test_control_escape_in_a_double_quoted_value():
    node, found, _ = _parse('a: "x\\x01"\nb: \'\\x01\'\n')
    assert node is not None
    assert found == [("content.control_char", 1, 4)]


@pytest.mark.parametrize("text, what", [
    ("a: &x 1\n", "&x"), ("a: !!str 1\n", "tag tag:yaml.org,2002:str"),
    ("a: 1\nb: *x\n", None), ("a: !custom 1\n", "tag !custom"),
])
def test_anchors_aliases_and_tags_are_refused(text, what):
    node, found, r = _parse(text)
    assert node is None
    codes = [c for c, _l, _c in found]
    assert codes[-1] in ("yaml.alias", "yaml.syntax")
    if what:
        assert dict(r.findings[0].params)["what"] == what


def test_non_specific_tag_is_allowed():
    node, found, _ = _parse("a: ! 1\n")
    assert node is not None and found == []


def test_complex_key_and_second_document():
    node, found, r = _parse("? [a, b]\n: 1\n")
    assert node is None and found[0][0] == "yaml.syntax"
    assert "简单文字" in dict(r.findings[0].params)["detail"]
    node, found, r = _parse("a: 1\n---\nb: 2\n")
    assert node is None and found == [("yaml.syntax", 2, 1)]


def test_depth_limit():
    ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert _parse(ok)[0] is not None
    node, found, r = _parse("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n")
    assert node is None and str(MAX_DEPTH) in dict(r.findings[0].params)["detail"]


def test_duplicate_key_keeps_the_first_value():
    node, found, r = _parse("a: 1\nb: 2\na: 3\n")
    assert node.keys["a"].value == "1"
    assert found == [("yaml.duplicate_key", 3, 1)]
    assert dict(r.findings[0].params)["first"] == 1


@pytest.mark.parametrize("text, hint", [
    ("a:\n\tb: 1\n", "制表符"),
    ('a: "open\n', "文件意外结束"),
    ("a: b: c\n", "此处不能出现"),     # libyaml says "…not allowed in this context"
    ("a: @x\n", "不能作为开头的字符"),
])
def test_syntax_errors_carry_a_chinese_hint(text, hint):
    node, found, r = _parse(text)
    assert node is None and found[0][0] == "yaml.syntax" and found[0][1] >= 1
    assert hint in dict(r.findings[0].params)["detail"]


def test_line_offset_shifts_every_location():
    node, found, _ = _parse("a: 1\na: 2\n", off=10)
    assert node.keys["a"].line == 11
    assert found == [("yaml.duplicate_key", 12, 1)]


def test_empty_document_is_none_without_findings():
    assert _parse("")[0:2] == (None, [])
    assert _parse("# only a comment\n")[0:2] == (None, [])


def test_load_file(tmp_path):
    p = tmp_path / "x.yml"
    p.write_text("a: [1, 2]\n", encoding="utf-8")
    r = Report()
    node = load_file(str(p), "x.yml", r)
    assert [n.value for n in node.keys["a"].value] == ["1", "2"]
    assert load_file(str(tmp_path / "none.yml"), "none.yml", r) is None
    assert [f.code for f in r.findings] == ["file.unreadable"]
