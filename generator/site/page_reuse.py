"""Site-wide pages are rendered again only when what they show changed (issue 24).

A college's own pages are kept per college (site/reuse.py). The other pages — home, lists,
rounds, reviews, policies, the open-data page … — each get a key of their own, the digest of
the facts that page can show:

- `base`: the build's shared inputs (code, theme, options, site_config.yml, content/, every
  institution.yml), everything the rules computed (`outcome_digest`: lists, counts, statuses,
  verdicts), the warnings not tied to a college and the PDFs published (reuse.shared_digest);
- the page itself: path, title, template, crumbs and its data (charts, figures, bodies …);
- its content date (the sitemap's lastmod);
- the college files it read when it was last rendered (page_deps.py), each by its size and
  modification time (as fingerprint.py compares inputs); a college's collection (its reports,
  materials …) by which files it holds; a college folder it read as a whole by that folder's
  input part (fingerprint.py); every folder when it read a per-college collection of SiteData.

A page whose key is the recorded one, and whose docs-tree file is still as last written, is
kept. Any page whose data cannot be hashed is always rendered. The record is plain sealed JSON
(cache_files), removed before the docs tree changes and saved after it is complete.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .. import cache_files
from .context import SiteData
from .lastmod import content_date
from .page_deps import COLLECTIONS, EVERY, college_file, recording
from .pages import Page, render_page
from .reuse import Previous, feed
from .richtext import active_memo

RECORD = "pages.reuse"          # <cache>/pages.reuse
_KIND = "pages-reuse-2"


@dataclass
class Kept:
    key: str
    deps: list                  # college files (paths) and folders (codes) it read, or [EVERY]
    memo_keys: list             # Markdown renderings it used (kept in the memo while it is kept)


class SharedPages:
    """Renders or keeps the site-wide pages of one build; `record` is what to save."""

    def __init__(self, site: SiteData, pages: list[Page], pdfs: frozenset, previous: Previous | None,
                 base: bytes | None, cache: Path) -> None:
        self.site, self.pdfs, self.previous, self.base = site, pdfs, previous, base
        old = load_record(cache) if previous is not None and base is not None else {}
        self.old = {p.source: old[p.source] for p in pages if p.source in old}   # this build's pages only
        self.record: dict[str, Kept] = {}
        self.kept = self.rendered = 0
        self._intact: set | None = None

    def content(self, page: Page):
        """The docs-tree content of `page`: the kept file, or the freshly rendered bytes."""
        stem = self._stem(page)
        old = self.old.get(page.source)
        if stem is not None and old is not None and self._key(stem, old.deps) == old.key \
                and self._is_intact(f"docs/{page.source}"):
            self.record[page.source] = old
            self.kept += 1
            if (memo := active_memo()) is not None:
                memo.carry(old.memo_keys)
            return self.previous.docs / f"docs/{page.source}"
        memo = active_memo()
        if memo is not None:
            memo.trace = []
        try:
            with recording() as seen:
                data = render_page(self.site, page, self.pdfs)
            used = list(dict.fromkeys(memo.trace)) if memo is not None else []
        finally:
            if memo is not None:
                memo.trace = None
        if stem is not None:
            deps = [EVERY] if EVERY in seen else sorted(seen)
            self.record[page.source] = Kept(self._key(stem, deps), deps, used)
        self.rendered += 1
        return data

    def _is_intact(self, source: str) -> bool:
        if self._intact is None:      # one look at the manifest for every candidate
            self._intact = self.previous.intact([f"docs/{s}" for s in self.old])
        return source in self._intact

    def _stem(self, page: Page) -> bytes | None:
        if self.base is None:
            return None
        h = hashlib.sha256(self.base)
        try:
            feed(h, [page.path, page.title, page.template, page.crumbs, page.search_page, page.data,
                     content_date(self.site, page)])
        except TypeError:             # data of a kind the digest does not know: always render
            return None
        return h.digest()

    def _key(self, stem: bytes, deps: list) -> str:
        parts = self.previous.colleges if self.previous is not None else {}
        h = hashlib.sha256(stem)
        for dep in sorted(parts) if EVERY in deps else deps:
            code, _, name = dep.partition("#")
            if name in COLLECTIONS and (col := self.site.college(code)) is not None:
                h.update(f"\0{dep}\0".encode())
                feed(h, getattr(col, name))       # which files: Docs by path, models by file
            elif "/" not in dep and not name:     # a whole folder
                h.update(f"\0{dep}\0{parts.get(dep, '')}".encode())
            elif college_file(dep):
                h.update(f"\0{dep}\0{_stat(self.site.project.root / dep)}".encode())
            else:                                 # not a path this module records
                h.update(f"\0{dep}\0?{os.urandom(8).hex()}".encode())
        h.update(b"\0*" if EVERY in deps else b"\0-")
        return h.hexdigest()


def _stat(path: Path) -> str:
    try:
        st = os.lstat(path)
    except OSError:
        return "-"
    return f"{st.st_mode}:{st.st_size}:{st.st_mtime_ns}"


def load_record(cache: Path) -> dict[str, Kept]:
    path = Path(cache) / RECORD
    data = cache_files.load(path, _KIND, "")
    if not isinstance(data, dict):
        return {}
    try:
        return {str(src): Kept(str(k), [str(c) for c in cols], [bytes.fromhex(m) for m in memo])
                for src, (k, cols, memo) in data.items()}
    except (TypeError, ValueError):
        cache_files.warn(path, "内容不符合格式")
        return {}


def save_record(cache: Path, record: dict[str, Kept]) -> None:
    cache_files.save(Path(cache) / RECORD, _KIND, "", {src: [r.key, r.deps, [k.hex() for k in r.memo_keys]] for src, r in sorted(record.items())})


def forget_record(cache: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(cache) / RECORD)
