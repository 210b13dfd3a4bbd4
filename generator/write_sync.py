"""Write layer: make a folder hold exactly a set of files, writing only where bytes changed.

API used by generator/build.py and engine.py:

    sync_tree(dest, files) -> SyncStats       write-if-changed, remove stale files
    kept_where(dest, manifest, paths) -> set  which files the last sync left untouched since
    verify_tree(dest, manifest) -> list       files whose bytes are not the listed ones
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import cache_files
from .tree_digest import walk_tree
from .write_files import Source, _make_parent, _replace, _same


@dataclass
class SyncStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list = field(default_factory=list)     # paths written or removed, in that order

    def __iter__(self):       # `written, unchanged, removed = sync_tree(…)`
        return iter((self.written, self.unchanged, self.removed))


def sync_tree(dest: Path, files: Mapping[str, Source], manifest: Path | None = None) -> SyncStats:
    """Make `dest` hold exactly `files` (POSIX relative path → content). Unchanged files keep
    their bytes and modification time; files not in `files` (stale pages, leftovers of a killed
    run) are removed, and so are folders left empty. A `Path` source that is the target itself
    means "keep the file as it is" (a page whose inputs did not change, not rendered again);
    the caller has checked it against the manifest (kept_where), so a listed one is not looked
    at again: the kept pages cost nothing here (issue 24).

    `manifest`: a file listing every file of `dest` with its size, mtime and digest, as the last
    sync left them. A file whose size and mtime are still the listed ones is compared by digest
    instead of by reading it back (measured: reading 50,000 pages back took ~20 s, hashing them
    in memory ~1 s), and stale files are found from the listing instead of walking every folder
    (~50,000 folders at national scale: ~10 s). The manifest is removed while the tree changes
    and saved once it is complete, so after a killed run the next one compares and walks."""
    dest = Path(dest)
    if not dest.exists():
        return _write_new_tree(f"{dest}/", files, manifest)
    stats = SyncStats()
    known = _load_manifest(manifest) if manifest else None
    if manifest:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(manifest)
    seen: dict[str, tuple[int, int, bytes | None]] = {}
    prefix = f"{dest}/"
    for rel in sorted(files):
        _inside(rel)
        src = files[rel]
        entry = known.get(rel) if known else None
        if entry is not None and isinstance(src, Path) and entry[2] is not None and str(src) == prefix + rel:
            stats.unchanged += 1                 # kept as listed (kept_where looked at it): not touched
            seen[rel] = entry
            continue
        target = Path(prefix + rel)
        digest = _digest(src) if isinstance(src, bytes) else None
        if isinstance(src, Path) and src == target:
            same = _regular(target)
            if entry is not None:
                digest = entry[2]                # still the bytes listed: _kept_where checked them
        elif digest is not None and _remembered(target, entry, digest):
            same = True
        else:
            same = _same(target, src)
            if same and digest is None:          # a copied file (attachment), as it is
                digest = _digest(target.read_bytes())
        if same:
            stats.unchanged += 1
        else:
            copied = _replace(target, src)
            digest = bytes.fromhex(copied) if copied else digest
            stats.written += 1
            stats.changed.append(rel)
        if manifest:
            st = os.lstat(target)
            seen[rel] = (st.st_size, st.st_mtime_ns, digest)
    if known is not None:
        stats.removed = _prune_listed(dest, set(known) - set(files), stats.changed)
    elif dest.is_dir():
        stats.removed = _prune(dest, set(files), stats.changed)
    if manifest:
        _save_manifest(manifest, seen)
    return stats


def _inside(rel: str) -> None:
    if rel.startswith("/") or ".." in rel.split("/"):
        raise ValueError(f"sync_tree: path escapes the tree: {rel!r}")   # a bug, not data


def _write_new_tree(prefix: str, files: Mapping[str, Source], manifest: Path | None) -> SyncStats:
    """sync_tree into a folder that did not exist (a cold build): every file is new and none
    can be stale, so nothing is compared, renamed or pruned, and each folder is made once
    (measured at 1,500 colleges: 13.8 s → 7.5 s for 50,617 files). Plain strings, not pathlib."""
    if manifest:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(manifest)
    stats, seen, made = SyncStats(), {}, set()
    for rel in sorted(files):
        _inside(rel)
        src, target = files[rel], prefix + rel
        _make_parent(target, made)
        if isinstance(src, bytes):
            with open(target, "xb") as fh:
                fh.write(src)
            digest = _digest(src)
        else:
            digest = bytes.fromhex(_replace(Path(target), src))
        stats.written += 1
        stats.changed.append(rel)
        if manifest:
            st = os.lstat(target)
            seen[rel] = (st.st_size, st.st_mtime_ns, digest)
    if manifest:
        _save_manifest(manifest, seen)
    return stats


def kept_where(dest: Path, manifest: Path, paths) -> set[str]:
    """Which of `paths` still hold exactly what the last sync listed (size and mtime as in the
    manifest): those may be passed back to sync_tree as "keep as it is"."""
    known = _load_manifest(manifest) or {}
    return {rel for rel in paths if _as_listed(f"{dest}/{rel}", known.get(rel))}


def verify_tree(dest: Path, manifest: Path) -> list[str]:
    """Files of `dest` whose bytes are not those its manifest lists (or unlisted, or missing):
    every file is read. Before the engine reads the whole docs tree (a clean build)."""
    known = _load_manifest(manifest)
    if known is None:
        return ["(manifest)"]
    present = dict(walk_tree(str(dest))) if os.path.isdir(dest) else {}
    bad = sorted(set(known) ^ set(present))
    for rel, entry in known.items():
        if rel in present:
            try:
                with open(f"{dest}/{rel}", "rb") as fh:
                    ok = entry[2] is not None and _digest(fh.read()) == entry[2]
            except OSError:
                ok = False
            if not ok:
                bad.append(rel)
    return bad


def _regular(target: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(target).st_mode)
    except FileNotFoundError:
        return False


def _as_listed(target, entry) -> bool:
    """A regular file whose size and mtime are those of its manifest entry."""
    if entry is None:
        return False
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return False
    return stat.S_ISREG(st.st_mode) and (st.st_size, st.st_mtime_ns) == entry[:2]


def _digest(data: bytes) -> bytes:
    """What the manifest records of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _remembered(target: Path, entry, digest: bytes) -> bool:
    return entry is not None and entry[2] == digest and _as_listed(target, entry)


_MANIFEST = "site-manifest-3"       # cache_files kind; the key: none (it lists the tree itself)


def _load_manifest(path: Path) -> dict | None:
    """{rel: (size, mtime_ns, digest or None)} of every file of the tree, or None if unknown."""
    data = cache_files.load(path, _MANIFEST, None)
    if not isinstance(data, dict):
        return None
    try:
        return {rel: (int(e[0]), int(e[1]), bytes.fromhex(e[2]) if e[2] is not None else None)
                for rel, e in data.items()}
    except (TypeError, ValueError, IndexError):
        cache_files.warn(path, "内容不符合格式")
        return None


def _save_manifest(path: Path, data: dict) -> None:
    cache_files.save(path, _MANIFEST, "", {rel: [size, mtime, digest.hex() if digest is not None else None]
                                           for rel, (size, mtime, digest) in data.items()})


def _prune_listed(dest: Path, stale: set[str], gone: list) -> int:
    """Remove the listed stale files, then the folders they leave empty."""
    removed, parents = 0, set()
    for rel in sorted(stale):
        try:
            os.unlink(f"{dest}/{rel}")
        except FileNotFoundError:
            continue
        removed += 1
        gone.append(rel)
        parents.add(os.path.dirname(rel))
    for parent in sorted(parents, key=len, reverse=True):
        while parent and os.path.isdir(f"{dest}/{parent}") and not os.listdir(f"{dest}/{parent}"):
            os.rmdir(f"{dest}/{parent}")
            parent = os.path.dirname(parent)
    return removed


def _prune(dest: Path, wanted: set[str], gone: list | None = None) -> int:
    removed = 0
    for dirpath, dirnames, filenames in os.walk(dest, topdown=False):
        d = Path(dirpath)
        for name in filenames + [n for n in dirnames if os.path.islink(d / n)]:
            p = d / name
            rel = p.relative_to(dest).as_posix()
            if rel not in wanted:
                p.unlink()
                removed += 1
                if gone is not None:
                    gone.append(rel)
        if d != dest and not any(d.iterdir()):
            d.rmdir()
    return removed
