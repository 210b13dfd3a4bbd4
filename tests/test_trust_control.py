"""Issue 18 §1: a control character in any field of any YAML file or front matter (or in a
Markdown body) is an error finding at its file and line, never a traceback and never an
ill-formed feed.xml. Checked in one place: yamlsafe (decode for raw characters, the parser's
scalar events for escapes such as "\\x01")."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from builders import CODE_A, ScratchRoot
from conftest import run_portal
from generator.check import run_checks
from trust_fields import FIELDS, poisoned_root

AS_OF = dt.date(2025, 7, 1)
CONTROLS = ["\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\r", "\x7f", "\x85", "\ufffe"]


def _findings(root: ScratchRoot) -> list:
    return [f for f in run_checks(root.path, AS_OF).report.sorted() if f.code == "content.control_char"]


@pytest.mark.parametrize("char", ["\x07", "\x1b"])
def test_an_escaped_control_character_in_every_field_is_an_error_at_its_line(tmp_path, char):
    """Written as a YAML escape ("\\u0007"): each field gives one finding, on its own line."""
    root = poisoned_root(tmp_path / "root", "名称{n}" + char)
    found = _findings(root)
    assert len(found) == len(FIELDS), [(f.file, f.line) for f in found]
    escape = json.dumps(char)[1:-1]
    for f in found:
        assert f.severity == "error" and dict(f.params)["char"] == f"U+{ord(char):04X}"
        assert escape in root.read(f.file).splitlines()[f.line - 1], (f.file, f.line)


@pytest.mark.parametrize("char", CONTROLS)
def test_a_raw_control_character_is_an_error_at_its_line_and_column(root, char):
    inst = f"institutions/{CODE_A}/institution.yml"
    root.replace(inst, "name: 测试工业职业技术学院", f"name: 测试工业{char}职业技术学院")
    found = _findings(root)
    if char == "\r":                     # a lone CR is a line break to YAML: not a character of the name
        assert found == []
        return
    assert [(f.file, f.line, f.column) for f in found] == [(inst, 2, 11)]
    assert found[0].message().startswith("此处有一个看不见的控制字符")


def test_control_characters_in_front_matter_and_body_of_markdown(root):
    rel = root.material(CODE_A, "2024/aqr.md", "annual_quality_report", year=2024,
                        published_on=dt.date(2025, 4, 1), body="第一段\x0c。\n\n第二段\x1b。")
    root.replace(rel, "title: annual_quality_report 2024", 'title: "年报\\x01"')
    found = [(f.file, f.line) for f in _findings(root)]
    assert found == [(rel, 4), (rel, 7), (rel, 9)]


def test_a_control_character_refuses_the_build_without_a_traceback(root, tmp_path):
    from generator.build import build_site
    root.write("content/notices/2025-01-03-a.md", "---\ntitle: \"通知\\x08\"\ndate: 2025-01-03\n---\n\n正文\x02。\n")
    res = build_site(root.path, tmp_path / "out", AS_OF, pdf=False)
    assert not res.ok and {f.code for f in res.errors} == {"content.control_char"}
    assert not (tmp_path / "out" / "feed.xml").exists()
    cli = run_portal("check", "--root", root.path, "--as-of", AS_OF.isoformat())
    assert cli.returncode == 1 and "Traceback" not in cli.stderr and "content.control_char" in cli.stdout + cli.stderr


BAD = [c for c in map(chr, [*range(0x20), *range(0x7f, 0xa0), 0xfffe, 0xffff]) if c not in "\t\n\r\x00"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_control_character_anywhere_in_a_value_is_found_at_its_line(root, data):
    """Raw or as a YAML escape, in any value of any line of a real file: one finding, that line."""
    from generator.findings import Report
    from generator.yamlsafe import decode, parse
    text = root.read(f"institutions/{CODE_A}/institution.yml")
    lines = text.splitlines()
    n = data.draw(st.sampled_from([i for i, s in enumerate(lines) if ": " in s and "{" not in s]))
    char, raw = data.draw(st.sampled_from(BAD)), data.draw(st.booleans())
    key, value = lines[n].split(": ", 1)
    cut = data.draw(st.integers(0, len(value.strip('"'))))
    value = value.strip('"')
    lines[n] = f'{key}: "{value[:cut]}{char if raw else json.dumps(char)[1:-1]}{value[cut:]}"'
    report = Report()
    parse(decode("\n".join(lines).encode("utf-8"), "i.yml", report), "i.yml", report)
    assert [(f.code, f.line) for f in report.findings] == [("content.control_char", n + 1)]
