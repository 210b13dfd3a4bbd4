"""DESIGN.md §7 "Their Markdown never puts script into the public site": the adversarial corpus
through the one renderer, a static scan of the output, and every removal reported with file:line."""
from __future__ import annotations

import pytest

from builders import CODE_A
from conftest import codes
from generator.findings import Report
from generator.safe_markdown import (MAX_CHARS, MAX_QUOTE_DEPTH, check_bounds,
                                       render_markdown)
from trust_scan import payloads, scan

PAYLOADS = payloads()
LINK_BASE = "../../../"


def render(text: str, report: Report | None = None, **kw) -> str:
    kw.setdefault("institution", CODE_A)
    kw.setdefault("link_base", LINK_BASE)
    return render_markdown(text, file="m.md", line=10, report=report, **kw)


def test_corpus_is_big_enough():
    assert len(PAYLOADS) >= 50


@pytest.mark.parametrize("path", PAYLOADS, ids=lambda p: p.stem)
def test_payload_is_neutralised_and_reported(path):
    report = Report()
    out = render(path.read_text(encoding="utf-8"), report)
    assert scan(out) == [], out
    found = [f for f in report.findings if f.code == "content.unsafe_html"]
    if "inert" in path.stem:      # shown as text, nothing removed: nothing to report
        assert found == [], [f.message() for f in found]
    else:
        assert found, f"{path.name}: removal not reported; output {out!r}"
        assert all(f.severity == "warning" and f.file == "m.md" and f.line >= 10 for f in found)


def test_scan_catches_what_it_should():
    """The scanner itself must fail on unsanitized output, or the corpus proves nothing."""
    assert scan('<img src=x onerror="alert(1)">')
    assert scan('<a href="jav&#x61;script:alert(1)">x</a>')
    assert scan("<svg onload=alert(1)>")
    assert scan('<img src="https://evil.invalid/x.png">')
    assert scan('<p><a href="https://a.cn/">ok</a></p>') == []


def test_benign_markdown_renders_without_findings():
    text = ("# 标题\n\n正文**加粗**、*强调*、`代码`，[学校网站](https://www.example.edu.cn/)、"
            "[邮箱](mailto:office@example.edu.cn)、[附件](files/report.pdf)、[本页](#part)。\n\n"
            "![校园](files/img/campus.png \"校园\")\n\n| 项目 | 数量 |\n|:--|--:|\n| 专业 | 12 |\n\n"
            "1. 第一\n2. 第二\n\n3. 第三\n\n> 引用\n\n```python\nprint('你好')\n```\n\n"
            "<sup>1</sup> H<sub>2</sub>O <table><tr><td colspan=\"2\">合并</td></tr></table>\n\n---\n")
    report = Report()
    out = render(text, report)
    assert report.findings == []
    assert f'src="{LINK_BASE}files/{CODE_A}/img/campus.png"' in out
    assert f'href="{LINK_BASE}files/{CODE_A}/report.pdf"' in out
    assert '<a href="https://www.example.edu.cn/" rel="nofollow noopener noreferrer">' in out
    assert '<a href="#part">' in out                       # same-page link: no rel needed
    assert '<th align="left">' in out and '<code class="language-python">' in out
    assert '<td colspan="2">' in out


def test_removal_is_located_at_its_source_line():
    text = "第一段。\n\n第二段。\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(2))\n"
    report = Report()
    render(text, report)
    lines = sorted({f.line for f in report.findings})
    assert lines == [14, 16]                               # body starts at line 10


def test_images_are_dropped_when_not_allowed():
    report = Report()
    out = render("![图](files/a.png)", report, allow_images_under=None)
    assert "files/a.png" not in out and codes({"findings": [f.as_dict() for f in report.findings]}) == [
        "content.unsafe_html"]


def test_print_mode_spells_out_external_links():
    out = render("[学校](https://www.example.edu.cn/)", external_links=False)
    assert "<a " not in out and "学校（https://www.example.edu.cn/）" in out


def test_image_url_hook_maps_pictures_for_pdf():
    out = render("![图](files/a.png)", image_url=lambda p: "file:///assets/" + p)
    assert 'src="file:///assets/files/a.png"' in out


@pytest.mark.parametrize("text, what", [
    ("a" * (MAX_CHARS + 1), "超过上限"),
    (">" * (MAX_QUOTE_DEPTH + 1) + " 深", "引用"),
    ("".join("    " * i + "- a\n" for i in range(40)), "缩进"),
    ("[" * 501, "未闭合"),
    ("<b>x\n\n" * 5001, "尖括号"),
    ("<b a='\n\n" * 501, "未闭合的“<”"),
    ("<![CDATA[" * 21, "<!["),
])
def test_resource_bounds_refuse_before_rendering(text, what):
    report = Report()
    assert render(text, report) == ""
    assert [f.code for f in report.findings] == ["content.too_complex"]
    assert what in report.findings[0].message()


def test_bounds_allow_long_lists_and_tables_of_links():
    rows = "".join(f"| {i} | [文件{i}](https://a.cn/{i}) |\n" for i in range(1000))
    items = "".join(f"- [文件{i}](https://a.cn/{i})\n" for i in range(1000))
    assert check_bounds("| a | b |\n|---|---|\n" + rows) is None
    assert check_bounds(items) is None


def test_never_raises_on_odd_input():
    for text in ("", "\x00", "\r\n\r", "<", "<<<>>>", "[", "]]]((", "&#0;", "&#xD800;", "\ud800", "```", "|" * 100):
        render(text, Report())


def test_portal_check_reports_unsafe_html_in_a_material(root, check_json):
    path = root.material(CODE_A, "extra/note.md", "development_plans", plan="campus",
                         published_on="2025-03-01", body="说明。\n\n<script>alert(1)</script>\n")
    rc, doc = check_json(root)
    found = [f for f in doc["findings"] if f["code"] == "content.unsafe_html"]
    assert rc == 0 and len(found) == 1          # a warning: the site publishes the safe remainder
    assert found[0]["file"] == path and found[0]["line"] == 9 and found[0]["institution"] == CODE_A


def test_portal_check_reports_unsafe_html_in_a_self_diagnosis_field(root, check_json):
    rel = f"institutions/{CODE_A}/self-diagnosis/2025.yml"
    root.replace(rel, "causes: 质量责任分解不够细，信息平台数据更新滞后。",
                 "causes: '<img src=x onerror=alert(1)>质量责任分解不够细。'")
    rc, doc = check_json(root)
    found = [f for f in doc["findings"] if f["code"] == "content.unsafe_html"]
    assert found and all(f["file"] == rel and f["severity"] == "warning" for f in found)
