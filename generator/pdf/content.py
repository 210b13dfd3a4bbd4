"""College Markdown → an HTML fragment that is safe to hand to WeasyPrint.

The site's sanitizer may already clean it; this layer enforces its own allow-list anyway
(DESIGN.md §7): no <link> (rel=attachment embeds files), <style>/@import, <object>, <embed>,
<iframe>, <base>, <svg>, no style or class attributes, links only to http(s)/mailto, and
pictures only from the college's own folder (rewritten to file: URLs the fetcher checks again).
"""
from __future__ import annotations

import hashlib
import posixpath
import urllib.parse
from pathlib import Path

import markdown as _markdown
import nh3

from ..attachments import confine

TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
        "code", "pre", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "a", "img", "abbr", "span", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"colspan", "rowspan"},
              "td": {"colspan", "rowspan"}, "ol": {"start"}, "abbr": {"title"}}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}
MAX_IMAGE = 5 * 1024 * 1024
SCHEMES = {"http", "https", "mailto", "file"}
LINK_PREFIXES = ("http:", "https:", "mailto:", "#")


class ImageResolver:
    """Maps a picture reference in a material to a file in the college's own folder.

    Relative to the material's folder, or to the college folder when it starts with `files/`;
    anything that leaves the folder, isn't a raster picture or is too big is dropped. The
    digests of the pictures used feed the PDF cache key.
    """

    def __init__(self, root: Path, college_dir: str, doc_dir: str | None = None):
        self.root, self.college_dir, self.doc_dir = root, college_dir, doc_dir
        self.used: dict[str, str] = {}        # path relative to the college folder → sha256

    def __call__(self, src: str) -> str | None:
        parts = urllib.parse.urlsplit(src)
        if parts.scheme or parts.netloc or parts.query or not parts.path:
            return None
        path = urllib.parse.unquote(parts.path)
        if not path.startswith("files/") and self.doc_dir:
            path = posixpath.normpath(posixpath.join(self.doc_dir, path))
        if posixpath.splitext(path)[1].lower() not in IMAGE_SUFFIXES:
            return None
        target, _ = confine(self.root, self.college_dir, path)
        if target is None or not target.is_file() or target.stat().st_size > MAX_IMAGE:
            return None
        self.used[path] = hashlib.sha256(target.read_bytes()).hexdigest()
        return target.resolve().as_uri()


def _markdown_html(text: str) -> str:
    try:  # the site's renderer, when present, so site and PDF read the same
        from ..render.markdown import render_markdown
    except ImportError:
        render_markdown = None
    if render_markdown is not None:
        try:
            return str(render_markdown(text))
        except TypeError:
            pass
    return _markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")


def safe_html(text: str | None, images: ImageResolver | None = None) -> str:
    """Markdown (or HTML inside it) → an allow-listed fragment. Never raises on bad input."""
    if not text or not text.strip():
        return ""

    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":        # only pictures the resolver vouches for
            return images(value) if images is not None else None
        if tag == "a" and attr == "href" and not value.lower().startswith(LINK_PREFIXES):
            return None                           # file: is allowed above for pictures only
        return value

    return nh3.clean(_markdown_html(text), tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     attribute_filter=keep, link_rel=None, strip_comments=True)
