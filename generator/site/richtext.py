"""Markdown written by colleges and the secretariat, turned into HTML that is safe to publish.

The one renderer is the trust layer's `render.markdown.render_markdown` (DESIGN.md §7); this
module only tells it where the page sits (relative links) and which images may be shown.
Its findings (`content.unsafe_html` …) were already reported by `portal check`: none here.
"""
from __future__ import annotations

import urllib.parse
from typing import Callable

from markupsafe import Markup

from ..render.markdown import render_markdown


def markdown_html(text: str | None, page_path: str = "",
                  image: Callable[[str], str | None] | None = None) -> Markup:
    """Sanitized HTML of a Markdown text shown on the page at `page_path`.

    `image` maps an image path as written ("files/a.png", relative to the college folder) to
    its site path, or None to drop it; without it no image is shown."""
    if not text:
        return Markup("")
    base = "../" * page_path.count("/")

    def image_url(v: str) -> str | None:
        site_path = image(v) if image else None
        return base + urllib.parse.quote(site_path, safe="/") if site_path else None

    html = render_markdown(text, allow_images_under="files/" if image else None,
                           link_base=base, image_url=image_url)
    return Markup(html)
