"""PDF cache keyed by a SHA-256 of everything that shapes the bytes.

Key = the document's HTML (template × data), every file in theme/pdf/, the pictures it embeds,
the WeasyPrint version and this package's render settings. Same key → same bytes, so an
unchanged document is copied, not re-rendered.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import weasyprint

from .. import cache_files

RENDER_SETTINGS = "pdf-v2-ua1"     # bump when render options in render.py change (v2: PDF/UA-1)


def assets_digest(theme_dir: Path) -> str:
    """One digest of every template, stylesheet and font under theme/pdf/ (names and bytes)."""
    h = hashlib.sha256()
    for p in sorted(theme_dir.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(theme_dir).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def document_key(html: str, assets: str, images: dict[str, str]) -> str:
    h = hashlib.sha256()
    for part in (RENDER_SETTINGS, weasyprint.__version__, assets,
                 json.dumps(sorted(images.items()), ensure_ascii=False), html):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


class PdfCache:
    """<cache_dir>/<key[:2]>/<key>.pdf with a small JSON sidecar (the page count)."""

    def __init__(self, cache_dir: Path):
        self.dir = Path(cache_dir)

    def _paths(self, key: str) -> tuple[Path, Path]:
        d = self.dir / key[:2]
        return d / f"{key}.pdf", d / f"{key}.json"

    def get(self, key: str) -> tuple[bytes, int] | None:
        pdf, meta = self._paths(key)
        info = cache_files.load(meta, "pdf", key)        # sealed, and made from this key
        try:
            pages, digest = int(info["pages"]), info["sha256"]
            data = pdf.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            cache_files.warn(pdf, "校验值不符（被修改或损坏）")
            return None                       # a truncated or tampered entry is a miss
        return data, pages

    def put(self, key: str, data: bytes, pages: int) -> None:
        pdf, meta = self._paths(key)
        write_atomic(pdf, data)
        cache_files.save(meta, "pdf", key, {"pages": pages, "sha256": hashlib.sha256(data).hexdigest()})


    def prune(self, keep: set[str]) -> int:
        """Drop entries not in `keep` (after a full build: documents that changed or went away)."""
        n = 0
        for p in self.dir.glob("??/*"):
            if p.is_file() and p.stem not in keep:
                p.unlink(missing_ok=True)
                n += p.suffix == ".pdf"
        return n


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
