"""Markdown written by colleges and the secretariat, turned into HTML that is safe to publish.

The one renderer is the trust layer's `safe_markdown.render_markdown` (DESIGN.md §7); this
module only tells it where the page sits (relative links), whose folder `files/…` refers to,
and which files may be shown or linked.
Its findings (`content.unsafe_html` …) were already reported by `portal check`: none here.
"""
from __future__ import annotations

import contextlib
import hashlib
import html
import re
import urllib.parse
from pathlib import Path
from typing import Callable, Iterator

import markdown as _markdown_pkg
import nh3

from .. import cache_files, urls
from ..safe_markdown import SafeHtml, render_markdown

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')


def markdown_html(text: str | None, page_path: str = "",
                  image: Callable[[str], str | None] | None = None, *,
                  institution: str | None = None) -> SafeHtml:
    """Sanitized HTML of a Markdown text shown on the page at `page_path`.

    `institution`: the college whose folder relative `files/…` links and images refer to.
    `image` maps a file path as written ("files/a.png", relative to the college folder) to its
    site path (publishing it), or None when it cannot be published; without it no image is
    shown. A link to a file that cannot be published keeps its text but loses its (dead) link."""
    if not text:
        return SafeHtml("")
    base = "../" * page_path.count("/")
    memo = _MEMO
    key = memo.key(text, base, institution, image is not None) if memo else b""
    if memo and (hit := memo.get(key)) is not None:
        return SafeHtml(hit)
    calls = 0

    def site_url(v: str) -> str | None:
        nonlocal calls
        calls += 1
        site_path = image(v) if image else None
        return base + urllib.parse.quote(site_path, safe="/") if site_path else None

    out = render_markdown(text, institution=institution, allow_images_under="files/" if image else None,
                          link_base=base, image_url=site_url)
    if institution and image:
        out = _file_links(out, base + urls.attachment(institution, ""), site_url)
    out = _scroll_tables(out)
    if memo and not calls:           # a rendering that published a file must run again next time
        memo.put(key, out)
    return SafeHtml(out)


# --- a render memo kept between builds --------------------------------------------------
# Markdown is most of the render time (profiled: ~80 % at 300 colleges) and most bodies do not
# change between builds. A rendering that never called the `image` callback (which publishes
# the college's files) is a pure function of the text, the page depth and the college: only
# those are kept, so a hit never skips publishing a file.
_MEMO: "RenderMemo | None" = None
_KIND = "markdown-memo-2"


def _renderer_version() -> bytes:
    """Changes whenever the renderer could render differently: its code or its libraries."""
    from .. import plain_markdown, safe_markdown
    h = hashlib.sha256(f"{_markdown_pkg.__version__}\0{getattr(nh3, '__version__', '')}".encode())
    for mod in (safe_markdown.__file__, plain_markdown.__file__, __file__):
        h.update(Path(mod).read_bytes())
    return h.digest()


class RenderMemo:
    """{key: sanitized HTML}, loaded from and saved to one file of the build cache (plain data,
    sealed, under the renderer's version: cache_files). Only entries used by this build are
    saved, so the file does not grow with history."""

    def __init__(self, path: Path):
        self.path, self.version = Path(path), _renderer_version()
        self.old: dict[bytes, str] = {}
        self.used: dict[bytes, str] = {}
        self.misses = 0
        self.trace: list | None = None      # when a list: every key looked up (site/reuse.py)
        entries = cache_files.load(self.path, _KIND, self.version.hex())
        if isinstance(entries, dict):
            try:
                self.old = {bytes.fromhex(k): v for k, v in entries.items() if isinstance(v, str)}
            except ValueError:
                cache_files.warn(self.path, "内容不符合格式")

    def key(self, text: str, base: str, institution: str | None, images: bool) -> bytes:
        data = f"{base}\0{institution or ''}\0{int(images)}\0{text}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, digest_size=20).digest()

    def get(self, key: bytes) -> str | None:
        if self.trace is not None:
            self.trace.append(key)
        hit = self.used.get(key)
        if hit is None and (hit := self.old.get(key)) is not None:
            self.used[key] = hit
        return hit

    def put(self, key: bytes, out: str) -> None:
        self.used[key] = out
        self.misses += 1

    def carry(self, keys) -> None:
        """Keep these entries, used by pages that were reused rather than rendered."""
        for k in keys:
            if k not in self.used and (hit := self.old.get(k)) is not None:
                self.used[k] = hit

    def learnt_since(self, keys: set) -> tuple[dict, int]:
        """What a forked worker learnt after `keys` were in use: (entries, misses)."""
        return {k: v for k, v in self.used.items() if k not in keys}, self.misses

    def absorb(self, learnt: tuple[dict, int]) -> None:
        entries, misses = learnt
        self.used.update(entries)
        self.misses += misses

    def save(self) -> None:
        if not self.misses and len(self.used) == len(self.old):
            return                              # nothing new, nothing dropped: keep the file
        cache_files.save(self.path, _KIND, self.version.hex(), {k.hex(): v for k, v in self.used.items()})


def active_memo() -> RenderMemo | None:
    return _MEMO


@contextlib.contextmanager
def render_memo(path: Path | None) -> Iterator[RenderMemo | None]:
    """`with render_memo(cache / "markdown.memo"):` memoize markdown_html within the block and
    save the memo when the block succeeds. None: no memo (tests, one-off renders)."""
    global _MEMO
    memo = RenderMemo(path) if path is not None else None
    previous, _MEMO = _MEMO, memo
    try:
        yield memo
        if memo is not None:
            memo.save()
    finally:
        _MEMO = previous


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


def _scroll_tables(out: str) -> str:
    """A table from Markdown scrolls inside a focusable, named box (WCAG 2.1.1: a keyboard can
    reach it on a phone; a group, not a region, as a page may hold several with the same name)
    and is styled like the site's own tables; its class also keeps
    Material's script from wrapping it again in an unfocusable box."""
    return out.replace("<table>", '<div class="zg-scroll" role="group" tabindex="0" aria-label="正文表格">'
                       '<table class="zg-table">').replace("</table>", "</table></div>")
