"""College Markdown → an HTML fragment that is safe to hand to WeasyPrint.

The site's renderer (safe_markdown.py) converts and sanitizes; this layer enforces its own
allow-list on the result anyway (DESIGN.md §7): no <link> (rel=attachment embeds files),
<style>/@import, <object>, <embed>, <iframe>, <base>, <svg>, no style/class/rel attributes,
links only to http(s)/mailto, and pictures only from the college's own `files/` folder,
rewritten to file: URLs that the fetcher checks once more.
"""
from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path


import nh3
from PIL import Image

from ..attachments import confine
from ..safe_markdown import SafeHtml, render_markdown

TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "kbd",
        "code", "pre", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "a", "img", "abbr", "span", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"colspan", "rowspan"},
              "td": {"colspan", "rowspan"}, "ol": {"start"}, "abbr": {"title"}}
SCHEMES = {"http", "https", "mailto", "file"}
LINK_PREFIXES = ("http:", "https:", "mailto:", "#")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}
MAX_IMAGE = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000            # a small file may still decode to a huge bitmap


class ImageResolver:
    """Maps a picture reference `files/…` (relative to the college folder, as on the site) to a
    file: URL of that file; anything else — outside the folder, a symlink, not a raster picture,
    too big — is dropped. The digests of the pictures used feed the PDF cache key."""

    def __init__(self, root: Path, college_dir: str):
        self.root, self.college_dir = root, college_dir
        self.used: dict[str, str] = {}        # path relative to the college folder → sha256
        self.issued: set[str] = set()         # the URLs this resolver vouched for

    def __call__(self, src: str) -> str | None:
        path = src.strip()
        if (not path.startswith("files/") or any(c in path for c in ":%?#\\\x00")
                or posixpath.splitext(path)[1].lower() not in IMAGE_SUFFIXES):
            return None
        target, _ = confine(self.root, self.college_dir, path)
        if target is None or not target.is_file() or target.stat().st_size > MAX_IMAGE or not _sane_picture(target):
            return None
        with open(target, "rb") as fh:
            self.used[path] = hashlib.file_digest(fh, "sha256").hexdigest()
        url = target.resolve().as_uri()
        self.issued.add(url)
        return url


def _sane_picture(path: Path) -> bool:
    try:
        with Image.open(path) as im:          # reads the header only
            w, h = im.size
    except Exception:  # noqa: BLE001 — not a picture Pillow can read: WeasyPrint couldn't either
        return False
    return 0 < w * h <= MAX_PIXELS


def _markdown_html(text: str, images: ImageResolver | None) -> str:
    """The site's renderer, so the site and the PDF read the same (then our own allowlist)."""
    return render_markdown(text, allow_images_under="files/" if images else None,
                           image_url=images, external_links=False)


def safe_html(text: str | None, images: ImageResolver | None = None) -> SafeHtml:
    """Markdown (or HTML inside it) → an allow-listed fragment. Never raises on bad input."""
    if not text or not text.strip():
        return SafeHtml("")

    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            if images is None:
                return None
            if value in images.issued:                 # already resolved by the site's renderer
                return value
            return images(value)
        if tag == "a" and attr == "href" and not value.lower().startswith(LINK_PREFIXES):
            return None                                # file: is allowed above for pictures only
        return value

    return SafeHtml(nh3.clean(_markdown_html(text, images), tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                              attribute_filter=keep, link_rel=None, strip_comments=True))
