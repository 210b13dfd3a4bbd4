"""Markdown written by colleges and the secretariat, turned into HTML that is safe to publish.

The one renderer is the trust layer's `safe_markdown.render_markdown` (DESIGN.md §7); this
module only tells it where the page sits (relative links), whose folder `files/…` refers to,
and which files may be shown or linked.
Its findings (`content.unsafe_html` …) were already reported by `portal check`: none here.
"""
from __future__ import annotations

import html
import re
import urllib.parse
from typing import Callable

from markupsafe import Markup

from .. import urls
from ..safe_markdown import render_markdown

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')


def markdown_html(text: str | None, page_path: str = "",
                  image: Callable[[str], str | None] | None = None, *,
                  institution: str | None = None) -> Markup:
    """Sanitized HTML of a Markdown text shown on the page at `page_path`.

    `institution`: the college whose folder relative `files/…` links and images refer to.
    `image` maps a file path as written ("files/a.png", relative to the college folder) to its
    site path (publishing it), or None when it cannot be published; without it no image is
    shown. A link to a file that cannot be published keeps its text but loses its (dead) link."""
    if not text:
        return Markup("")
    base = "../" * page_path.count("/")

    def site_url(v: str) -> str | None:
        site_path = image(v) if image else None
        return base + urllib.parse.quote(site_path, safe="/") if site_path else None

    out = render_markdown(text, institution=institution, allow_images_under="files/" if image else None,
                          link_base=base, image_url=site_url)
    if institution and image:
        out = _file_links(out, base + urls.attachment(institution, ""), site_url)
    return Markup(out)


def _file_links(out: str, prefix: str, site_url: Callable[[str], str | None]) -> str:
    """Point links to the college's files at their published copy, or unwrap them."""
    def one(m: re.Match) -> str:
        href = _HREF.search(m.group(1))
        target = html.unescape(href.group(1)) if href else ""
        if not target.startswith(prefix):
            # a "files/…" the renderer refused to map (e.g. "%" in it) would be a dead link
            return m.group(2) if target.startswith("files/") else m.group(0)
        path, *tail = re.split(r"([?#])", target[len(prefix):], maxsplit=1)
        url = site_url("files/" + path)
        if url is None:
            return m.group(2)
        attrs = m.group(1)
        new = html.escape(url + "".join(tail), quote=True)
        return f"<a{attrs[:href.start(1)]}{new}{attrs[href.end(1):]}>{m.group(2)}</a>"
    return _ANCHOR.sub(one, out)
