"""DESIGN.md §7: PDF rendering reads no local file outside the build's assets and fetches nothing
from the network; <link rel=attachment> and friends are stripped from college content."""
from __future__ import annotations

import http.server
import io
import threading

import pytest
from PIL import Image
from pypdf import PdfReader

from builders import CODE_A, DEADLINE, YEAR, ScratchRoot
from generator.check import run_checks
from generator.findings import Report
from generator.pdf import THEME_DIR, render_pdfs
from generator.pdf.content import safe_html
from generator.pdf.fetcher import Refused, RestrictedFetcher
from generator.pdf.render import Task, run_tasks
from pdf_helpers import AS_OF

SECRET = "CANARY-SECRET-7f3a9c"


def png(color) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buf, "PNG")
    return buf.getvalue()


class Canary(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png("red"))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def hostile(outside, url) -> str:
    return f"""正文开始。

![file]({outside.as_uri()}/canary.png) ![web]({url}/md.png) ![data](data:image/png;base64,iVBORw0KGgo=)

<img src="{outside.as_uri()}/canary.png"><img src="{url}/img.png"><img src="../../../outside/canary.png">
<style>@import url({url}/import.css); @import url({outside.as_uri()}/canary.css); body {{ background: url({url}/bg.png) }}</style>
<link rel="attachment" href="{outside.as_uri()}/canary.txt"><link rel="stylesheet" href="{url}/link.css">
<a rel="attachment" href="{outside.as_uri()}/canary.txt">附件</a>
<object data="{url}/object.svg"></object><embed src="{url}/embed.svg"><iframe src="{url}/frame.html"></iframe>
<svg><image href="{outside.as_uri()}/canary.png"/></svg><base href="{url}/">
<p style="background: url({url}/style.png)">样式</p>

正文结束。
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, server):
    base = tmp_path_factory.mktemp("pdfsec")
    outside = base / "outside"
    outside.mkdir()
    (outside / "canary.png").write_bytes(png("blue"))
    (outside / "canary.txt").write_text(SECRET, encoding="utf-8")
    (outside / "canary.css").write_text(f'body::after {{ content: "{SECRET}" }}', encoding="utf-8")
    root = ScratchRoot(base / "root").base()
    root.write(f"institutions/{CODE_A}/files/ok.png", png("green"))
    root.material(CODE_A, "plans/regional.md", "regional_plan", published_on=DEADLINE,
                  body=hostile(outside, server) + "\n自有图片：![ok](files/ok.png) ![up](../../files/ok.png)\n")
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_text={
        "1.1": {"achievements": f"<img src='{outside.as_uri()}/canary.png'> 成绩 ![w]({server}/report.png)"}})
    checked = run_checks(root.path, AS_OF)
    results = render_pdfs(checked.project, checked.outcome, base / "site", base / "cache", only=CODE_A)
    return {r.kind: r for r in results}


def test_no_request_reaches_the_network(rendered):
    assert all(r.error is None for r in rendered.values())
    assert Canary.hits == []


def test_nothing_outside_is_embedded(rendered):
    for kind, r in rendered.items():
        data = r.path.read_bytes()
        reader = PdfReader(r.path)
        assert SECRET.encode() not in data, kind
        assert not reader.attachments, kind                     # no <link rel=attachment> file
        assert b"/EmbeddedFile" not in data, kind
        text = "".join(p.extract_text() for p in reader.pages)
        assert SECRET not in text, kind
    images = {img.data: img for p in PdfReader(rendered["dossier"].path).pages for img in p.images}
    assert len(images) == 1                  # the college's own picture (green), nothing else
    assert next(iter(images.values())).image.convert("RGB").getpixel((4, 4)) == (0, 128, 0)
    assert not [img for p in PdfReader(rendered["self_diagnosis"].path).pages for img in p.images]


def test_sanitizer_allow_list():
    html = safe_html(hostile(__import__("pathlib").Path("/nonexistent"), "http://127.0.0.1:9"))
    low = html.lower()
    for bad in ("<link", "<style", "@import", "<object", "<embed", "<iframe", "<svg", "<base", "style=",
                "rel=", "file:", "http://127.0.0.1", "data:"):
        assert bad not in low, bad
    assert "正文开始" in html and "正文结束" in html


def test_fetcher_refuses_everything_but_assets(tmp_path):
    inside = tmp_path / "assets"
    inside.mkdir()
    (inside / "a.css").write_text("p{}", encoding="utf-8")
    (inside / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "secret.css").write_text("p{}", encoding="utf-8")
    (inside / "link.css").symlink_to(tmp_path / "secret.css")
    f = RestrictedFetcher([inside])
    assert f.fetch((inside / "a.css").as_uri()).read() == b"p{}"
    for url in ((tmp_path / "secret.css").as_uri(), (inside / "link.css").as_uri(),
                (inside / "notes.txt").as_uri(), (inside / "missing.css").as_uri(),
                inside.as_uri() + "/../secret.css", "http://127.0.0.1:9/a.css", "https://example.org/a.css",
                "data:text/css,p{}", "ftp://example.org/a.css", "file://otherhost" + str(inside / "a.css")):
        with pytest.raises(Refused):
            f.fetch(url)
    assert len(f.refused) == 10


def test_theme_uses_no_remote_or_foreign_fonts():
    css = (THEME_DIR / "pdf.css").read_text(encoding="utf-8")
    assert "@import" not in css and "http" not in css and "url(" not in css
    assert "@font-face" not in css            # system fonts (fonts-noto-cjk) by family name only
    assert '"Noto Serif CJK SC"' in css


def test_a_document_over_its_time_limit_fails_with_a_finding(tmp_path):
    html = "<html lang=zh-CN><body>" + "<p>诊断与改进工作方案的长段落。</p>" * 20000 + "</body></html>"
    out = run_tasks([Task("ab" * 32, html, str(THEME_DIR), (str(THEME_DIR),))], jobs=1, time_limit=0.5)
    assert out["ab" * 32].error == "timeout" and out["ab" * 32].data is None


def test_render_pdfs_reports_timeouts(tmp_path):
    root = ScratchRoot(tmp_path / "root").base()
    checked = run_checks(root.path, AS_OF)
    report = Report()
    res = render_pdfs(checked.project, checked.outcome, tmp_path / "site", tmp_path / "cache",
                      only=CODE_A, report=report, time_limit=0.01)
    assert res and all(r.error == "timeout" and r.path is None for r in res)
    assert {f.code for f in report.findings} == {"pdf.timeout"}
    assert not (tmp_path / "site" / "pdf").exists()


def test_fetcher_alone_holds_without_the_sanitizer(tmp_path, server):
    """Defence in depth: raw hostile HTML straight into WeasyPrint still reads and fetches nothing."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "canary.png").write_bytes(png("blue"))
    (outside / "canary.txt").write_text(SECRET, encoding="utf-8")
    (outside / "canary.css").write_text(f'body::after {{ content: "{SECRET}" }}', encoding="utf-8")
    before = len(Canary.hits)
    html = f"<html lang=zh-CN><head><link rel=stylesheet href='{outside.as_uri()}/canary.css'></head><body>" \
           + str(safe_html("占位")) + hostile(outside, server) + "</body></html>"   # str(): SafeHtml + str escapes the str
    html = html.replace("![file]", "").replace("![web]", "")
    out = run_tasks([Task("cd" * 32, html, str(THEME_DIR), (str(THEME_DIR),))], jobs=1)["cd" * 32]
    assert out.error is None and out.data
    assert len(Canary.hits) == before
    assert SECRET.encode() not in out.data and b"/EmbeddedFile" not in out.data
    reader = PdfReader(io.BytesIO(out.data))
    assert not reader.attachments and not [i for p in reader.pages for i in p.images]
    assert any("canary.txt" in u for u in out.refused) and any(server in u for u in out.refused)
