"""The three PDFs read like the official forms: text, fonts, metadata, outline, page counts.

One module-scoped scratch root is rendered once (six PDFs, ~10 s on 2 cores); every test reads it.
"""
from __future__ import annotations

import hashlib

import pytest
from pypdf import PdfReader

from builders import CODE_A, CODE_B, YEAR
from generator.check import run_checks
from generator.pdf import render_pdfs
from generator.rules.materials import KIND_LABELS
from pdf_helpers import AS_OF, ATTACHMENT, pdf_root, pdffonts, pdftotext, squash


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("pdfdocs")
    root = pdf_root(base / "root")
    checked = run_checks(root.path, AS_OF)
    assert not checked.report.errors, checked.report.errors
    results = render_pdfs(checked.project, checked.outcome, base / "site", base / "cache", jobs=2)
    return checked, {(r.kind, r.code): r for r in results}


def test_every_document_is_made(made):
    _, res = made
    assert set(res) == {(k, c) for k in ("self_diagnosis", "dossier", "verdict") for c in (CODE_A, CODE_B)}
    for r in res.values():
        assert r.error is None and r.path.is_file() and r.pages >= 1
        assert r.path.as_posix().endswith(r.rel) and r.bytes == r.path.stat().st_size
        assert r.path.read_bytes().startswith(b"%PDF-")


def test_report_text_has_college_elements_and_signature(made):
    checked, res = made
    text = squash(pdftotext(res["self_diagnosis", CODE_A].path))
    assert "内部质量保证体系自我诊改报告" in text
    assert "学校名称：测试工业职业技术学院" in text
    for head in ("一、自我诊改工作概述", "二、自我诊断与改进报告表", "诊断项目", "诊断要素", "自我诊断意见",
                 "改进措施", "改进成效"):
        assert head in text
    for item, el in checked.project.framework.elements():
        assert squash(f"{el.id}{el.name}") in text, el.name
        assert squash(f"{item.id}{item.name}") in text, item.name
    assert "校长（签字）：王某某" in text
    assert "2025年4月12日" in text
    assert "【存在问题】" in text and "【原因分析】" in text
    assert "\ufffd" not in text and "□" not in text          # no tofu / replacement characters


def test_fonts_are_embedded_cjk_subsets(made):
    _, res = made
    for r in res.values():
        fonts = pdffonts(r.path)
        assert fonts, r.rel
        assert any("CJK" in f["name"] for f in fonts)
        for f in fonts:
            assert (f["emb"], f["sub"], f["uni"]) == ("yes", "yes", "yes"), (r.rel, f)
            assert "+" in f["name"]                          # subset tag ABCDEF+Name


def test_metadata_title_author_language(made):
    _, res = made
    rep = PdfReader(res["self_diagnosis", CODE_A].path)
    assert rep.metadata.title == "测试工业职业技术学院2025年内部质量保证体系自我诊改报告"
    assert rep.metadata.author == "测试工业职业技术学院"
    assert rep.trailer["/Root"]["/Lang"] == "zh-CN"
    ver = PdfReader(res["verdict", CODE_B].path)
    assert ver.metadata.author == "测试市教育委员会"       # the notice is the authority's
    assert ver.metadata.title.endswith("复核结论通知")


def test_a4_and_page_footer(made):
    _, res = made
    r = res["self_diagnosis", CODE_B]
    reader = PdfReader(r.path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = squash(pdftotext(r.path))
    assert f"第1页共{r.pages}页" in text and f"第{r.pages}页共{r.pages}页" in text


def test_page_count_grows_with_content(made):
    _, res = made
    short, long_ = res["self_diagnosis", CODE_A].pages, res["self_diagnosis", CODE_B].pages
    assert short <= 4
    assert long_ >= 2 * short           # 15 elements near the 500/200/200 字 limits


def test_long_cells_continue_with_repeated_header(made):
    _, res = made
    reader = PdfReader(res["self_diagnosis", CODE_B].path)
    later = [squash(p.extract_text()) for p in reader.pages[1:-1]]
    assert later and all("诊断项目诊断要素自我诊断意见改进措施改进成效" in t for t in later)


def test_dossier_cover_status_and_outline(made):
    checked, res = made
    r = res["dossier", CODE_A]
    text = squash(pdftotext(r.path))
    disc = checked.outcome.disclosures[(YEAR, CODE_A)]
    assert "复核时间2025年5月12日至2025年5月14日" in text
    assert "公示截止日2025年4月12日" in text
    for it in disc.items:
        assert squash(it.label) in text
    assert text.count("按时") >= len(disc.items)
    outline = [o.title for o in PdfReader(r.path).outline if not isinstance(o, list)]
    labels = [it.label for it in disc.items]
    assert outline[0] == "诊改复核公示材料汇编"
    assert outline[1:] == labels                   # one bookmark per material, in the cover's order
    assert "一、基本情况" not in outline           # a college's own headings are not bookmarks


def test_dossier_attachment_size_and_sha256(made):
    _, res = made
    text = squash(pdftotext(res["dossier", CODE_A].path))
    assert "files/2024-quality-report.pdf" in text
    assert hashlib.sha256(ATTACHMENT).hexdigest() in text
    assert f"{len(ATTACHMENT)}字节" in text               # the size as the site writes it too
    assert "在校生8200" in text                    # the material's own Markdown table
    assert KIND_LABELS["annual_quality_report"] in text


def test_verdict_effective(made):
    _, res = made
    text = squash(pdftotext(res["verdict", CODE_A].path))
    assert "复核结论：有效" in text
    assert "工作方案（试行）》第四部分（三）1" in text   # rules.labels.public_citation
    assert "改进期" not in text and "限制措施" not in text


def test_verdict_abnormal_with_period_and_restriction(made):
    checked, res = made
    vr = checked.outcome.verdicts[(YEAR, CODE_B)]
    text = squash(pdftotext(res["verdict", CODE_B].path))
    assert vr.computed == "abnormal" and "复核结论：异常" in text
    assert f"自我诊断与复核结果相符m{vr.matches}" in text
    assert f"{vr.matches}×{vr.abnormal_threshold.denominator}" in text
    assert "改进期" in text and "2026年6月30日" in text and "第四部分（三）2" in text
    assert "削减招生计划、暂停备案新专业、限制项目申报" in text and "第四部分（三）3" in text
    assert text.count("不相符") == vr.n - vr.matches
