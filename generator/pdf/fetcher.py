"""The only way WeasyPrint may read anything: files inside the build's own asset folders.

DESIGN.md §7: PDF rendering reads no local file outside the build's assets and fetches nothing
from the network. Every other URL (http, https, ftp, data:, file:// elsewhere, symlinks,
devices) is refused and recorded, so a hostile document degrades to missing pictures.
"""
from __future__ import annotations

import mimetypes
import os
import stat
import urllib.parse
import urllib.request
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_BYTES = 8 * 1024 * 1024        # no asset (CSS, picture) is bigger than this
ALLOWED_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".gif", ".otf", ".ttf", ".woff", ".woff2"}


class Refused(ValueError):
    """A URL outside the allow-list; WeasyPrint logs it and renders without the resource."""


class RestrictedFetcher(URLFetcher):
    """Serve `file:` URLs below `roots` (resolved, no symlinks, known asset types); refuse the rest."""

    def __init__(self, roots: list[Path]):
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.roots = [Path(os.path.realpath(r)) for r in roots]
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = self._allowed(url)
        except Refused:
            self.refused.append(url[:200])
            raise
        with open(path, "rb") as fh:      # O_NOFOLLOW is implied: _allowed rejected symlinks
            body = fh.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            self.refused.append(url[:200])
            raise Refused(f"asset too large: {url[:200]}")
        self.served.append(str(path))
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": ctype})

    def _allowed(self, url: str) -> Path:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise Refused(f"not a local asset: {url[:200]}")
        raw = urllib.request.url2pathname(parts.path)
        if "\x00" in raw or not raw.startswith("/"):
            raise Refused(f"bad path: {url[:200]}")
        path = Path(os.path.normpath(raw))
        real = Path(os.path.realpath(path))
        if real != path:
            raise Refused(f"symlink or indirection: {url[:200]}")
        if not any(real.is_relative_to(r) for r in self.roots):
            raise Refused(f"outside the build's assets: {url[:200]}")
        if real.suffix.lower() not in ALLOWED_SUFFIXES:
            raise Refused(f"not an asset type: {url[:200]}")
        try:
            st = os.lstat(real)
        except OSError:
            raise Refused(f"no such asset: {url[:200]}") from None
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"not a regular file: {url[:200]}")
        return real
