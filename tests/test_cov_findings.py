"""Finding codes that no other test produced: each is provoked on the small scratch root
(tests/builders.py) through the public checker, `run_checks`."""
from __future__ import annotations

import datetime as dt

from builders import CODE_A, YEAR, dedent
from generator.check import run_checks
from generator.findings import Report
from generator.pdf import PdfResult, add_failure

AS_OF = dt.date(2025, 7, 1)


def _found(root, code):
    checked = run_checks(root.path, AS_OF)
    return [f for f in checked.report.findings if f.code == code]


def test_base_root_has_none_of_these_codes(root):
    """The baseline: each finding below comes from the one change its test makes."""
    got = {f.code for f in run_checks(root.path, AS_OF).report.findings}
    assert not got & {"ref.institution", "report.year", "file.unreadable"}


def test_engagement_at_unknown_college_is_ref_institution(root):
    root.replace("content/experts.yml", "fields: [装备制造大类]}",
                 'fields: [装备制造大类], engagements: [{institution: "4111019999", on: 2025-04-02, kind: coaching}]}')
    found = _found(root, "ref.institution")
    assert [dict(f.params)["code"] for f in found] == ["4111019999"]
    assert found[0].file == "content/experts.yml"
    assert found[0].severity == "error"


def test_review_of_unknown_college_is_ref_institution(root):
    text = root.read(f"content/rounds/{YEAR}/reviews/{CODE_A}.yml").replace(CODE_A, "4111019998")
    root.write(f"content/rounds/{YEAR}/reviews/4111019998.yml", text)
    found = _found(root, "ref.institution")
    assert "4111019998" in {dict(f.params)["code"] for f in found}
    assert all(f.file.startswith(f"content/rounds/{YEAR}/") for f in found)


def test_self_diagnosis_year_differs_from_file_name(root):
    """institutions/<code>/self-diagnosis/<year>.yml: the year inside must match the name."""
    path = f"institutions/{CODE_A}/self-diagnosis/{YEAR}.yml"
    root.replace(path, f"year: {YEAR}", f"year: {YEAR - 1}")
    found = _found(root, "report.year")
    assert len(found) == 1
    assert found[0].file == path
    assert dict(found[0].params)["file_year"] == str(YEAR)
    assert dict(found[0].params)["year"] == YEAR - 1


def test_self_diagnosis_file_name_not_a_year(root):
    root.write(f"institutions/{CODE_A}/self-diagnosis/latest.yml",
               root.read(f"institutions/{CODE_A}/self-diagnosis/{YEAR}.yml"))
    found = _found(root, "report.year")
    assert [dict(f.params)["file_year"] for f in found] == ["latest.yml"]


def test_unreadable_material_folder_is_a_finding(root, monkeypatch):
    """A folder the checker may not list is reported, not a traceback. (The tests run as root,
    where chmod does not bind, so listing that folder is made to fail instead.)"""
    import os
    sub = root.path / f"institutions/{CODE_A}/materials/secret"
    sub.mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("/materials/secret"):
            raise PermissionError(13, "Permission denied")
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    found = _found(root, "file.unreadable")
    assert [f.file for f in found] == [f"institutions/{CODE_A}/materials/secret"]
    assert "Permission denied" in found[0].message("en")


def test_unreadable_file_is_a_finding(tmp_path):
    from generator.yamlsafe import read_source
    report = Report()
    assert read_source(str(tmp_path / "gone.yml"), "gone.yml", report) == (None, None)
    assert [(f.code, f.file) for f in report.findings] == [("file.unreadable", "gone.yml")]


def _result(error):
    return PdfResult(kind="verdict", code=CODE_A, year=YEAR, rel="pdf/a.pdf", path=None, pages=0,
                     bytes=0, cached=False, error=error)


def test_pdf_failure_kinds_map_to_codes():
    report = Report()
    add_failure(report, _result("timeout"), "src.yml", 12.5)
    add_failure(report, _result("glyphs: 㐀"), "src.yml", 12.5)
    add_failure(report, _result("failed: boom"), "src.yml", 12.5)
    add_failure(report, _result(None), "src.yml", 12.5)
    add_failure(None, _result("failed: ignored"), "src.yml", 12.5)
    got = [(f.code, dict(f.params)) for f in report.findings]
    assert [c for c, _ in got] == ["pdf.timeout", "pdf.glyph_missing", "pdf.failed"]
    assert got[0][1]["limit"] == 12
    assert got[1][1]["codes"] == "U+3400"
    assert got[2][1]["detail"] == "boom"
    assert "boom" in report.findings[2].message("en")
