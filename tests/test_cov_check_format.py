"""The checker's output layer (generator/check.py): --institution and --strict selection, the
text and JSON formats in both languages, and the summary line."""
from __future__ import annotations

import json

from generator.check import format_json, format_text, select, summary_line
from generator.findings import Finding, Loc, Report

A, B = "4111010001", "4111010002"


def _findings() -> list[Finding]:
    r = Report()
    r.add("schema.missing", Loc(f"institutions/{A}/institution.yml", 3, 1), institution=A, field="name")
    r.add("yaml.syntax", Loc(f"institutions/{B}/institution.yml", 1, 5), detail="bad")
    r.add("ref.institution", Loc("content/experts.yml", 9, 7), code=A)          # no institution set
    r.add("schema.missing", Loc("content/rounds/2025/round.yml", 2, 1), institution=B, field="year")
    r.add("file.too_large", Loc(f"institutions/{A}/materials/x.md"), severity="warning",
          size=5, limit=1)
    return r.sorted()


def test_select_by_institution_uses_the_field_or_the_folder():
    got = select(_findings(), A, strict=False)
    assert sorted(f.file for f in got) == [f"institutions/{A}/institution.yml", f"institutions/{A}/materials/x.md"]
    # B's finding in content/ is selected by its institution field, not by its path
    got_b = select(_findings(), B, strict=False)
    assert sorted(f.file for f in got_b) == ["content/rounds/2025/round.yml", f"institutions/{B}/institution.yml"]


def test_select_without_institution_keeps_everything_and_strict_raises_warnings():
    allf = _findings()
    assert select(allf, None, strict=False) == allf
    strict = select(allf, None, strict=True)
    assert {f.severity for f in strict} == {"error"}
    warned = [f for f in allf if f.severity == "warning"]
    assert len(warned) == 1
    raised = [f for f in strict if f.code == warned[0].code][0]
    assert (raised.file, raised.params, raised.institution) == (warned[0].file, warned[0].params, warned[0].institution)


def test_format_text_lines_in_both_languages():
    one = [f for f in _findings() if f.code == "ref.institution"]
    zh = format_text(one)
    en = format_text(one, "en")
    assert zh == f"content/experts.yml:9:7: 错误 [ref.institution] {one[0].message('zh')}\n"
    assert en.startswith("content/experts.yml:9:7: error [ref.institution] unknown college")
    assert format_text([]) == ""


def test_summary_line_counts_errors_and_warnings():
    allf = _findings()
    assert summary_line(allf) == "共 4 个错误，1 个警告"
    assert summary_line(allf, "en") == "4 error(s), 1 warning(s)"
    assert summary_line([], "en") == "0 error(s), 0 warning(s)"


def test_format_json_document():
    doc = json.loads(format_json(_findings(), "en"))
    assert doc["summary"] == {"errors": 4, "warnings": 1}
    first = doc["findings"][0]
    assert set(first) == {"severity", "code", "file", "line", "column", "message", "institution"}
    assert [f["file"] for f in doc["findings"]] == sorted(f["file"] for f in doc["findings"])
    zh = json.loads(format_json(_findings()))
    assert zh["findings"][0]["message"] != first["message"]      # the language is honoured
    assert "\\u" not in format_json(_findings())                # Chinese written as is


def test_report_sorted_and_views():
    r = Report()
    r.add("yaml.syntax", Loc("b.yml", 2), detail="x")
    r.add("yaml.syntax", Loc("a.yml", 9), detail="x")
    r.add("file.too_large", Loc("a.yml", 1), severity="warning", size=2, limit=1)
    assert [(f.file, f.line) for f in r.sorted()] == [("a.yml", 1), ("a.yml", 9), ("b.yml", 2)]
    assert [f.file for f in r.errors] == ["b.yml", "a.yml"]
    assert [f.code for f in r.warnings] == ["file.too_large"]
    other = Report()
    other.extend(r)
    assert other.findings == r.findings
