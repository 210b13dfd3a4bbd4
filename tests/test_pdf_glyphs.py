"""A character no installed font can draw would print as an empty box (issue 20 §4): the PDF is
refused with `pdf.glyph_missing`, naming the character and a font package, never published blank."""
from __future__ import annotations

from builders import CODE_A, YEAR
from conftest import run_portal
from generator.pdf.fonts import undrawable

PRIVATE = "\U000F0000"        # a private-use code point: no Debian font draws it


def test_common_text_is_drawable():
    assert undrawable("<p title='x'>诊断与改进 Diagnosis 2025 ①（一）—“”·</p>") == []


def test_a_character_no_font_draws_is_found_tags_and_entities_aside():
    assert undrawable(f"<p>正文{PRIVATE}与 &lt;b&gt; &#x{ord(PRIVATE):X};</p>") == [PRIVATE]
    assert undrawable(f"<p data-x='{PRIVATE}'>正文</p>") == []        # attributes are not drawn
    assert undrawable("<p>a\u200db\ufe0f</p>") == []                   # joiners and selectors: no glyph


def test_a_pdf_with_an_undrawable_character_is_refused(root, tmp_path):
    root.replace(f"institutions/{CODE_A}/materials/plans/regional.md", "正文。", f"正文{PRIVATE}。")
    res = run_portal("pdf", "--root", root.path, "--institution", CODE_A, "--year", YEAR,
                     "--out", tmp_path / "out", "--as-of", "2025-07-01")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "[pdf.glyph_missing]" in res.stderr and "U+F0000" in res.stderr and "fonts-noto-cjk-extra" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out" / f"pdf/{CODE_A}/dossier-{YEAR}.pdf").exists()
