"""A college's pages are not rendered again when nothing they can show has changed (issue 7).

Nearly all pages of a national site belong to colleges (~33 each), and a rebuild usually
follows one college's commit. A college's pages show its own files and what the rules computed;
other colleges reach them only through the rules (lists, statuses, sampling) and their names. So
a college's pages are reused, unrendered, when its key is the one its pages were rendered with:

- shared: the inputs outside the college folders (code, theme, options, site_config.yml,
  content/, every institution.yml — the build's fingerprint), everything the rules computed
  (`outcome_digest`: Markdown sources count by path, their bytes are their college's input),
  the findings not tied to a college, and the PDFs this build publishes;
- its own: its folder's files (path, size, time) and its findings.

Reuse also needs the docs tree to hold, untouched, what that render wrote (`Previous.intact`,
checked by the write layer against its manifest). The record is saved only after the docs tree
is complete (build.py), and removed before it changes, so a killed build renders again.
A test compares a reusing render with a fresh one byte for byte, after edits of every kind.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterable

from .. import cache_files
from ..project import Doc
from ..schema import Model
from .context import SiteData

RECORD = "colleges.reuse"       # <cache>/colleges.reuse
_KIND = "colleges-reuse-2"


@dataclass
class Previous:
    """What the last build left: its docs tree and a check of which files are still intact."""

    docs: Path
    intact: Callable[[Iterable[str]], set]    # docs-tree paths → those still as last written
    shared: str                               # fingerprint parts of this build's inputs
    colleges: dict


@dataclass
class Rendered:
    """What rendering one college's pages produced, and with which key."""

    key: str
    sources: list             # docs-tree paths of its pages
    images: dict              # (code, path as written) → file: college files its Markdown shows
                              # (→ None when read back from the record: looked up again)
    memo_keys: list           # Markdown renderings it used (kept in the memo while reused)


def shared_digest(site: SiteData, pdfs: frozenset, prev: Previous) -> bytes:
    """What every page of this build may show besides college folders: the shared inputs,
    what the rules computed, the warnings not tied to a college, the PDFs published."""
    h = hashlib.sha256(prev.shared.encode())
    h.update(outcome_digest(site.outcome))
    h.update(repr([f.sort_key() for f in site.site_warnings]).encode())
    h.update(repr(sorted(pdfs)).encode())
    return h.digest()


def college_keys(site: SiteData, pdfs: frozenset, prev: Previous, shared: bytes | None = None) -> dict[str, str]:
    """code → the key of that college's pages in this build."""
    shared = shared if shared is not None else shared_digest(site, pdfs, prev)
    keys = {}
    for col in site.colleges():
        k = hashlib.sha256(shared)
        k.update(prev.colleges.get(col.code, "").encode())
        k.update(repr([f.sort_key() for f in site.warnings.get(col.code, [])]).encode())
        keys[col.code] = k.hexdigest()
    return keys


def reusable(keys: dict[str, str], prev: Previous, record: dict) -> dict[str, Rendered]:
    """The colleges whose pages can be taken from the docs tree as they are."""
    candidates = {code: r for code, r in record.items() if keys.get(code) == r.key}
    intact = prev.intact([s for r in candidates.values() for s in r.sources])
    return {code: r for code, r in candidates.items() if all(s in intact for s in r.sources)}


def outcome_digest(outcome) -> bytes:
    """A digest of everything the rules computed, the same in every process (no hash order)."""
    h = hashlib.sha256()
    _feed(h, outcome)
    return h.digest()


def _feed(h, obj) -> None:
    if obj is None or isinstance(obj, (str, int, float, Fraction, dt.date, enum.Enum)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode("utf-8", "surrogatepass"))
    elif isinstance(obj, Doc):
        h.update(f"Doc:{obj.path};".encode())              # its bytes: its college's input
    elif isinstance(obj, Model):
        h.update(f"{type(obj).__name__}@{obj.loc().file};".encode())   # a source file, likewise
    elif dataclasses.is_dataclass(obj):
        h.update(f"{type(obj).__name__}(".encode())
        for f in dataclasses.fields(obj):
            _feed(h, getattr(obj, f.name))
        h.update(b")")
    elif isinstance(obj, dict):
        h.update(b"{")
        for k, v in obj.items():       # built in a deterministic order by the rules
            _feed(h, k)
            _feed(h, v)
        h.update(b"}")
    elif isinstance(obj, (list, tuple)):
        h.update(b"[")
        for v in obj:
            _feed(h, v)
        h.update(b"]")
    elif isinstance(obj, (set, frozenset)):
        parts = []
        for v in obj:
            sub = hashlib.sha256()
            _feed(sub, v)
            parts.append(sub.digest())
        h.update(b"<" + b"".join(sorted(parts)) + b">")
    else:
        raise TypeError(f"outcome_digest: unexpected {type(obj).__name__}")   # a bug: extend _feed


feed = _feed        # page_reuse.py hashes page data the same way


def load_record(cache: Path) -> dict[str, Rendered]:
    """The last render's record (plain data, sealed: cache_files). An image is kept as the
    (college, path as written) it was, and found and checked again when reused."""
    path = Path(cache) / RECORD
    data = cache_files.load(path, _KIND, "")
    if not isinstance(data, dict):
        return {}
    out = {}
    try:
        for code, r in data.items():
            sources = [str(x) for x in r["sources"]]
            if not all(x.startswith("docs/") and ".." not in x.split("/") for x in sources):
                raise ValueError(code)
            out[code] = Rendered(str(r["key"]), sources, {(str(c), str(rel)): None for c, rel in r["images"]},
                                 [bytes.fromhex(k) for k in r["memo_keys"]])
    except (KeyError, TypeError, ValueError, AttributeError):
        cache_files.warn(path, "内容不符合格式")
        return {}
    return out


def save_record(cache: Path, record: dict[str, Rendered]) -> None:
    cache_files.save(Path(cache) / RECORD, _KIND, "", {
        code: {"key": r.key, "sources": r.sources, "images": sorted([c, rel] for c, rel in r.images),
               "memo_keys": [k.hex() for k in r.memo_keys]} for code, r in record.items()})


def forget_record(cache: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(cache) / RECORD)
