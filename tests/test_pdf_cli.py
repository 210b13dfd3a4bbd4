"""`portal pdf --institution CODE [--year Y] [--out DIR] [--as-of DATE]` as a college would run it."""
from __future__ import annotations

from builders import CODE_A, CODE_B, YEAR
from conftest import run_portal


def test_pdf_verb_makes_one_colleges_pdfs_then_reuses_them(root, tmp_path):
    out = tmp_path / "out"
    args = ("pdf", "--root", root.path, "--institution", CODE_A, "--year", YEAR, "--out", out, "--as-of", "2025-07-01")
    first = run_portal(*args)
    assert first.returncode == 0, first.stderr
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert made == [f"pdf/{CODE_A}/dossier-{YEAR}.pdf", f"pdf/{CODE_A}/self-diagnosis-{YEAR}.pdf",
                    f"pdf/{CODE_A}/verdict-{YEAR}.pdf"]
    assert first.stdout.count(" 页 ") == 3 and "缓存" not in first.stdout
    assert (root.path / ".portal-cache" / "pdf").is_dir()
    second = run_portal(*args)
    assert second.returncode == 0 and second.stdout.count("（缓存）") == 3
    early = run_portal(*args[:-1], "2025-06-29", "--out", tmp_path / "early")   # verdict published 06-30
    assert early.returncode == 0 and "verdict" not in early.stdout and early.stdout.count(" 页 ") == 2


def test_pdf_verb_refuses_data_with_errors(root, tmp_path):
    root.replace(f"institutions/{CODE_A}/self-diagnosis/{YEAR}.yml", "signed_by: 王某某\n", "")
    res = run_portal("pdf", "--root", root.path, "--institution", CODE_A, "--out", tmp_path / "out",
                     "--as-of", "2025-06-01")
    assert res.returncode == 1
    assert "report.unsigned" in res.stderr and "未生成 PDF" in res.stderr
    assert not (tmp_path / "out").exists()


def test_pdf_verb_usage_errors(root, tmp_path):
    assert run_portal("pdf", "--root", root.path, "--institution", "9999999999").returncode == 2
    assert run_portal("pdf", "--root", tmp_path, "--institution", CODE_A).returncode == 2
    assert run_portal("pdf", "--root", root.path).returncode == 2          # --institution is required


def test_college_without_review_gets_nothing_but_a_note(root, tmp_path):
    res = run_portal("pdf", "--root", root.path, "--institution", CODE_B, "--out", tmp_path / "o",
                     "--as-of", "2025-06-01")
    assert res.returncode == 0 and "没有可生成的 PDF" in res.stderr
