"""Markdown written by colleges and the secretariat, turned into HTML that is safe to publish.

The trust layer's `generator.render.markdown.render_markdown` is the one renderer (DESIGN.md
§7). Until it exists, a stopgap here renders with Python-Markdown and cleans with nh3, so no
unsafe first version is ever published.
"""
from __future__ import annotations

from markupsafe import Markup

try:
    from ..render.markdown import render_markdown as _trusted
except ImportError:   # the trust layer's module is not there yet
    _trusted = None


def _stopgap(text: str) -> str:
    import markdown
    import nh3

    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


def markdown_html(text: str | None) -> Markup:
    """Rendered, sanitized HTML of a Markdown text (Markup: templates insert it as is)."""
    if not text:
        return Markup("")
    html = _trusted(text) if _trusted is not None else _stopgap(text)
    return Markup(str(html))
