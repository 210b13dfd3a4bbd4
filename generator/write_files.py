"""Write layer, one file at a time: compare, replace by rename (never truncate), copy without
following links; and the walks over a folder tree that write.py and write_sync.py share."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
from pathlib import Path
from typing import Iterator, Union

from .tree_digest import walk_tree


Source = Union[bytes, Path]   # the bytes themselves, or a file to copy (attachments)

_CHUNK = 1 << 16


def _same_file(a, b, size: int) -> bool:
    if os.stat(a).st_size != size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(_CHUNK), fb.read(_CHUNK)
            if x != y:
                return False
            if not x:
                return True


def _same(target: Path, src: Source) -> bool:
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if isinstance(src, Path):
        return _same_file(src, target, st.st_size)
    return st.st_size == len(src) and target.read_bytes() == src


def _replace(target: Path, src: Source) -> str | None:
    """Write a new file beside `target` and rename it over: a new inode, never a truncate.
    A copied file's digest (`_digest`, hex) is returned.

    A reader (or a hard link elsewhere) of the old file keeps seeing the old bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    digest = None
    try:
        if isinstance(src, Path):
            digest = _copy_nofollow(src, tmp)
        else:
            with open(tmp, "wb") as fh:
                fh.write(src)
        os.replace(tmp, target)
        return digest
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class _Hashing:
    """A file object that hashes what passes through it (the copy reads every byte anyway)."""

    def __init__(self, fh, h):
        self.fh, self.h = fh, h

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.h.update(data)
        return data


def _copy_nofollow(src: Path | str, dst: Path | str, h=None) -> str:
    """Copy bytes and mtime (see publish_tree); a symbolic link as the source is refused, so a
    path swapped for a link after it was checked (attachments) cannot pull in another file.
    Returns the hex digest of the bytes copied: `_digest`'s, or that of the hash `h`."""
    fd = os.open(src, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    h = h or hashlib.blake2b(digest_size=16)
    with os.fdopen(fd, "rb") as fin, open(dst, "wb") as fout:
        st = os.fstat(fin.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(src))
        shutil.copyfileobj(_Hashing(fin, h), fout, _CHUNK * 16)
    os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
    return h.hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly these bytes (then its mtime stays,
    so incremental tools downstream skip it). True when written."""
    path = Path(path)
    if _same(path, data):
        return False
    _replace(path, data)
    return True


def _make_parent(path: str, made: set[str]) -> None:
    """Make the folder of `path` unless this run already did (one mkdir per folder, not per file)."""
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _sha256_of(path: str) -> str:
    """SHA-256 (hex) of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK * 16):
            h.update(chunk)
    return h.hexdigest()


def _files_below(top: str, names: list[str]) -> Iterator[str]:
    """Regular files among or below these entries of `top`, in name order."""
    for name in names:
        path = f"{top}/{name}"
        if os.path.isdir(path) and not os.path.islink(path):
            yield from (rel for rel, regular in walk_tree(top, name + "/") if regular)
        elif os.path.isfile(path) and not os.path.islink(path):
            yield name


def _entries(top: str) -> dict[str, bool]:
    return dict(walk_tree(top)) if os.path.isdir(top) else {}


def _files(top: str) -> Iterator[str]:
    """Relative paths of the regular files below `top`."""
    return (rel for rel, regular in walk_tree(top) if regular)


def _unchanged(src: str, dst: str) -> bool:
    try:
        a, b = os.stat(src), os.lstat(dst)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(b.st_mode) or a.st_size != b.st_size:
        return False
    if a.st_mtime_ns == b.st_mtime_ns:
        return True               # copied by copy2 from this very file last time
    if not _same_file(src, dst, b.st_size):
        return False
    # Same bytes, another time (e.g. after a clean engine run): take the source's time so the
    # next publish compares by stat alone instead of reading 100,000 files again. A file shared
    # with the live site (hard link) is replaced by a copy instead: the live one stays as it is.
    if b.st_nlink == 1:
        os.utime(dst, ns=(b.st_atime_ns, a.st_mtime_ns))
    else:
        _replace(Path(dst), Path(src))
    return True


def _link_tree(src: str, prefix: str) -> set[str]:
    """Hard-link every regular file of `src` into `prefix` (folders made as needed): the
    relative paths linked."""
    linked: set[str] = set()
    for rel in _files(src):
        dst = prefix + rel
        parent = os.path.dirname(dst)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        os.link(f"{src}/{rel}", dst)
        linked.add(rel)
    return linked
