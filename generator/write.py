"""Write layer: the docs tree is written only where bytes changed; the site is swapped in whole.

Minimal version written by the site (issue 4) so the build can run; the trust layer owns this
file and may harden it (DESIGN.md §7: a failed build never leaves a half-written site; the
same inputs give the same bytes). API used by generator/build.py:

    sync_tree(dest, files) -> SyncStats       write-if-changed, remove stale files
    staging_dir(out) -> Path                  an empty folder next to `out`, same filesystem
    publish(staged, out)                      replace `out` by `staged` in one rename
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Union

Source = Union[bytes, Path]   # the bytes themselves, or a file to copy (attachments)


@dataclass
class SyncStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def _same(target: Path, src: Source) -> bool:
    try:
        st = target.stat()
    except FileNotFoundError:
        return False
    if isinstance(src, Path):
        if st.st_size != src.stat().st_size:
            return False
        with open(target, "rb") as a, open(src, "rb") as b:
            while True:
                x, y = a.read(1 << 16), b.read(1 << 16)
                if x != y:
                    return False
                if not x:
                    return True
    return st.st_size == len(src) and target.read_bytes() == src


def sync_tree(dest: Path, files: Mapping[str, Source]) -> SyncStats:
    """Make `dest` hold exactly `files` (POSIX relative path → content). Unchanged files keep
    their bytes and modification time, so incremental tools downstream can skip them."""
    dest = Path(dest)
    stats = SyncStats()
    for rel in sorted(files):
        src = files[rel]
        target = dest / rel
        if _same(target, src):
            stats.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        if isinstance(src, Path):
            shutil.copyfile(src, tmp)
        else:
            tmp.write_bytes(src)
        os.replace(tmp, target)
        stats.written += 1
    if dest.is_dir():
        wanted = set(files)
        for p in sorted(dest.rglob("*"), reverse=True):   # children before their folders
            rel = p.relative_to(dest).as_posix()
            if p.is_file() or p.is_symlink():
                if rel not in wanted:
                    p.unlink()
                    stats.removed += 1
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    return stats


def staging_dir(out: Path) -> Path:
    """A fresh folder beside `out` (same filesystem, so publish is a rename)."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))


def publish(staged: Path, out: Path) -> None:
    """Swap the staged site in: the old site stays whole until the new one is in place."""
    out = Path(out).resolve()
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    try:
        os.rename(staged, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
