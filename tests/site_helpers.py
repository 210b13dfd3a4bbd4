"""Helpers for the site tests: a scratch root with every page type, a build, and an HTML
crawler that resolves every internal link and anchor of the built site."""
from __future__ import annotations

import datetime as dt
import os
import posixpath
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from builders import CODE_A, ScratchRoot, dedent
from richroot import AS_OF, rich

UNSAFE_BODY = ('安全检查正文。<script>alert("x")</script>\n\n[点我](javascript:alert(1)) '
               '<img src="https://img.invalid/a.png" onerror="alert(2)">\n\n![校园照片](files/photo.png)\n')
IMAGE = b"\x89PNG\r\n\x1a\n test image"
HTML_ATTACHMENT = "files/page.html"


def site_root(path: Path) -> ScratchRoot:
    """richroot (late college, 待改进, attachment, removed expert, notice, next round) plus a
    policy, a material whose Markdown tries script, and an attachment a browser would run."""
    root = rich(ScratchRoot(path).base())
    root.write("content/policies/fangan.md", dedent("""
        ---
        title: 关于开展高等职业院校内部质量保证体系诊断与改进工作的通知
        doc_no: 测教职〔2024〕1号
        issuer: 测试市教育委员会
        issued_on: 2024-06-01
        ---
        ## 一、总体要求

        各院校应建立常态化的自我诊改机制。
        """))
    root.write(f"institutions/{CODE_A}/{HTML_ATTACHMENT}", "<script>alert(3)</script>")
    root.write(f"institutions/{CODE_A}/files/photo.png", IMAGE)
    root.material(CODE_A, "extra/note.md", "development_plans", plan="campus", published_on=dt.date(2025, 3, 1),
                  body=UNSAFE_BODY, attachments=[HTML_ATTACHMENT])
    return root


def engine() -> str:
    """The engine the site tests build with: MkDocs, or the one named by PORTAL_TEST_ENGINE
    (`make test` runs the site tests once more with PORTAL_TEST_ENGINE=zensical)."""
    return os.environ.get("PORTAL_TEST_ENGINE") or "mkdocs"


def build(root: ScratchRoot, out: Path, as_of: dt.date = AS_OF, pdf: bool = False):
    from generator.build import build_site
    res = build_site(root.path, out, as_of, pdf=pdf, engine=engine())
    assert res.ok, [f.message() for f in res.errors]
    return res


# --- crawling -----------------------------------------------------------------------------
@dataclass
class Parsed:
    ids: set = field(default_factory=set)
    links: list = field(default_factory=list)      # (tag, attribute value)
    lang: str | None = None
    text: list = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doc = Parsed()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.doc.lang = a.get("lang")
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.doc.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) is not None and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.doc.links.append((tag, a[key]))

    def handle_data(self, data):
        self.doc.text.append(data)


def parse(path: Path) -> Parsed:
    p = _Parser()
    p.feed(path.read_text(encoding="utf-8"))
    return p.doc


def page_url(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(site: Path, from_url: str, href: str) -> tuple[Path, str] | None:
    """The file an internal href points at and its fragment; None for external links."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if not parts.path:
        target = from_url
    else:
        base = from_url if (from_url == "" or from_url.endswith("/")) else posixpath.dirname(from_url) + "/"
        if parts.path.startswith("/"):     # root-relative (MkDocs' 404 page, site_url path "/")
            base = ""
        target = posixpath.normpath(posixpath.join(base or ".", urllib.parse.unquote(parts.path).lstrip("/") or "."))
        target = "" if target == "." else target
        if parts.path.endswith("/") and target:
            target += "/"
        assert not target.startswith(".."), f"{href} leaves the site from {from_url}"
    file = site / target / "index.html" if (target == "" or target.endswith("/")) else site / target
    if file.is_dir():
        file = file / "index.html"
    return file, urllib.parse.unquote(parts.fragment)


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)
