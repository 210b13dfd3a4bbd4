"""A Markdown body is converted once per process (issue 22): the check, the site's page and the
PDF share plain_markdown.converted; each then applies its own sanitizer policy."""
from __future__ import annotations

import collections

import pytest

from generator import plain_markdown
from generator.findings import Report
from generator.pdf.content import safe_html
from generator.safe_markdown import check_text
from generator.site.richtext import markdown_html

BODY = "## 一、概况\n\n学校<b>坚持</b>诊改，见 [方案](https://example.org/a) 与 *重点*。\n\n| 项 | 值 |\n|---|---|\n| 甲 | 1 |\n"


@pytest.fixture
def conversions(monkeypatch):
    seen = collections.Counter()
    real = plain_markdown.convert

    def counting(text, markdown):
        seen[text] += 1
        return real(text, markdown)

    monkeypatch.setattr(plain_markdown, "convert", counting)
    monkeypatch.setattr(plain_markdown, "_RECENT", type(plain_markdown._RECENT)())
    return seen


def test_check_site_and_pdf_convert_a_body_once(conversions):
    report = Report()
    check_text(BODY, "institutions/x/materials/a.md", 5, "x", report)     # raw HTML: the full render
    site = markdown_html(BODY, "colleges/x/materials/a/")
    pdf = safe_html(BODY)
    assert conversions[BODY] == 1, conversions                              # without the memo: 3
    assert "<b>坚持</b>" in site and "<b>坚持</b>" in pdf and "<table" in site and "<table" in pdf
    assert 'rel="' in site and "https://example.org/a" in pdf               # each keeps its own policy


def test_the_memo_is_bounded_and_keeps_the_recent(conversions, monkeypatch):
    monkeypatch.setattr(plain_markdown, "RECENT_MAX", 3)
    md = lambda t: f"<p>{t}</p>"                                           # noqa: E731
    for t in ("一", "二", "一", "三", "四"):                                 # 一 is recent again before 三
        assert plain_markdown.converted(t, md) == "<p>" + t + "</p>"
    assert list(plain_markdown._RECENT) == ["一", "三", "四"] and conversions["一"] == 1
    plain_markdown.converted("二", md)                                       # evicted: converted again
    assert conversions["二"] == 2
