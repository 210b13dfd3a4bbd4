"""Write layer: the site is swapped in whole; an incremental build is published cheaply.

DESIGN.md §7: a failed or killed build never leaves a half-written site. The site is built in a
sibling folder `.<name>.tmp-<pid>` and swapped in by one rename (Linux: one atomic exchange).
Every state a killed run can leave behind is repaired by `recover()` at the start of the next:

    killed while building        → `.<name>.tmp-<dead pid>` is removed, `out` was never touched
    killed between the renames   → `out` is missing, `.<name>.old` holds the site: renamed back
    killed while removing the old → `out` is the new site; the leftover is removed

API used by generator/build.py (writing a tree if changed: write_sync.py; one file: write_files.py):

    staging_dir(out) -> Path                  an empty folder next to `out`, same filesystem
    publish(staged, out)                      replace `out` by `staged` in one rename
    atomic_site(out)                          context manager: staging_dir … publish, or clean up
    publish_tree(built, out) -> SyncStats     publish a persistent (incremental) build cheaply
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import itertools
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterator, Mapping

from .write_files import (_copy_nofollow, _entries, _files_below, _link_tree, _make_parent, _replace, _sha256_of,
                          _unchanged)
from .write_sync import SyncStats


class Tampered(Exception):
    """A file of the build cache does not hold what was recorded of it: `str()` names it."""


# --- atomic publication of the whole site ----------------------------------------------
def _names(out: Path) -> tuple[Path, str, Path, Path]:
    out = Path(os.path.abspath(out))
    return out, f".{out.name}.tmp-", out.parent / f".{out.name}.old", out.parent / f".{out.name}.lock"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False              # ours from a previous run with a recycled pid: stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path, keep: Path | None = None) -> None:
    """Repair what a killed run left beside `out` (see the module docstring); `keep` is the
    caller's own staging folder."""
    out, tmp_prefix, old, _ = _names(out)
    if not out.parent.is_dir():
        return
    if old.exists() or old.is_symlink():
        if not out.exists():
            os.rename(old, out)   # killed between "out → old" and "new → out"
        else:
            shutil.rmtree(old, ignore_errors=True)
    for p in out.parent.iterdir():
        if p.name.startswith(tmp_prefix) and p != keep:
            pid = p.name[len(tmp_prefix):]
            if not pid.isdigit() or not _alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink()


class Busy(Exception):
    """Another process holds the lock of this output folder (or build cache): `str()` is its path."""


_HELD: dict[str, int] = {}        # lock path → descriptor, for the locks this process holds


@contextlib.contextmanager
def hold_lock(lock: Path, wait: bool = False) -> Iterator[None]:
    """An exclusive fcntl lock on the file `lock`, removed when released (no lock file is left
    behind). Without `wait`, a lock held elsewhere raises Busy at once. Re-entrant within this
    process (a build holds its output's lock, and publishing takes it again)."""
    lock = Path(os.path.abspath(lock))
    key = str(lock)
    if key in _HELD:
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            raise Busy(key) from None
        try:            # the holder before us removed the file on release: lock the one there now
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    _HELD[key] = fd
    try:
        yield
    finally:
        del _HELD[key]
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)          # while still held: a waiter then retries on a new file
        os.close(fd)


def lock_path(out: Path) -> Path:
    """The lock file of an output folder: `.<name>.lock` beside it."""
    return _names(out)[3]


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One publisher at a time per output folder (two builds must not interleave renames)."""
    with hold_lock(lock_path(out), wait=True):
        yield


def staging_dir(out: Path, reuse: bool = False) -> Path:
    """A folder `.<name>.tmp-<pid>` beside `out` (same filesystem: publish is a rename): empty,
    or with `reuse` the previous site kept by the last publish (`.<name>.spare`) when there is
    one. Leftovers of killed runs are repaired first."""
    out, tmp_prefix, _, _ = _names(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f"{tmp_prefix}{os.getpid()}"
    with _lock(out):
        recover(out)
        if tmp.exists():
            shutil.rmtree(tmp)
        spare = _spare(out)
        if reuse and spare.is_dir() and not spare.is_symlink():
            os.rename(spare, tmp)
            return tmp
        if spare.exists() or spare.is_symlink():
            shutil.rmtree(spare, ignore_errors=True) if spare.is_dir() and not spare.is_symlink() else spare.unlink()
    tmp.mkdir()
    return tmp


def _spare(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


def publish(staged: Path, out: Path, keep_previous: bool = False) -> None:
    """Swap the staged site in. The old site stays whole until the new one is in place; with
    `keep_previous` it is then kept as `.<name>.spare` for the next publish_tree to update."""
    out, _, old, _ = _names(out)
    staged = Path(os.path.abspath(staged))
    with _lock(out):
        recover(out, keep=staged)
        if out.exists() and _exchange(staged, out):
            if keep_previous:                              # staged now holds the previous site
                os.rename(staged, _spare(out))
            else:
                shutil.rmtree(staged, ignore_errors=True)
            return
        if out.exists():
            os.rename(out, old)
        try:
            os.rename(staged, out)
        except BaseException:
            if old.exists() and not out.exists():
                os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_site(out: Path, reuse: bool = False) -> Iterator[Path]:
    """`with atomic_site(out) as tmp:` build into `tmp`; it replaces `out` only if the block
    finishes. On an exception the temporary folder is removed and `out` is untouched. `reuse`:
    `tmp` may start as the previous site (see staging_dir), and the replaced site is kept."""
    tmp = staging_dir(out, reuse)
    try:
        yield tmp
        publish(tmp, out, keep_previous=reuse)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


_RENAME_EXCHANGE = 2

_AT_FDCWD = -100

_libc = None


def libc_function(name: str):
    """A function of the C library (loaded once, errno kept), or None where it has none."""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return getattr(_libc, name)
    except (OSError, AttributeError):
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE): `out` never disappears,
    not even for a moment. False where unsupported: the caller falls back to two renames."""
    fn = libc_function("renameat2")
    if fn is None:
        return False
    res = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


# --- cheap publication of an incremental build ------------------------------------------
def publish_tree(built: Path, out: Path, alongside: Callable[[], None] | None = None,
                 late: tuple[str, ...] = (), beside: Mapping[str, Path] | None = None,
                 expected: Callable[[], Mapping[str, str]] | None = None) -> SyncStats:
    """Publish the folder `built` (e.g. a persistent `mkdocs build --dirty` staging site) as `out`.

    The new site starts as the spare kept by the last publish (the site before the current
    one), or else as a hard-link copy of the current `out`; then only files whose size, mtime or
    bytes differ from `built` are copied, each as a new file renamed into place, and files not in
    `built` are removed. Why this is safe: a file shared with the live site is never opened
    for writing — only unlinked or replaced by rename — so the live site's bytes never change;
    and no file of `built` is linked into the site, so an engine that later rewrites `built` in
    place (MkDocs truncates and rewrites) cannot alter the published site.

    `alongside`: work that finishes the top-level folders of `built` named in `late` (the search
    index) while the rest is copied; it runs in a thread, those folders are copied once it has
    returned, and if it raises nothing is published. Copying is mostly one core's system time,
    indexing leaves part of the other idle.

    `beside`: top-level entries of the site taken from another folder instead of `built`
    (name → the folder that holds it; the build's PDFs), copied like `late` ones.

    `expected`: called once `alongside` has returned, the SHA-256 (hex) of every file the site
    may take from `built` and `beside`, as recorded when they were made. A file copied into the
    new site with other bytes, or not listed, raises Tampered and nothing is published: a file
    of the build cache edited since cannot reach the site (issue 20 §2).
    """
    built, out = Path(os.path.abspath(built)), Path(os.path.abspath(out))
    with atomic_site(out, reuse=True) as tmp, ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(alongside) if alongside else None
        prefix = f"{tmp}/"                  # plain strings: pathlib costs seconds over 50,000 files
        entries = _entries(str(tmp))       # the spare's files: rel → is a regular file
        if not entries and out.is_dir():
            entries = dict.fromkeys(_link_tree(str(out), prefix), True)
        old = {rel for rel, regular in entries.items() if regular}
        stats, wanted, made = SyncStats(), set(), set()
        beside = beside or {}
        first = [n for n in sorted(os.listdir(built)) if n not in late and n not in beside]
        then = [(str(built), sorted(late)), *((str(top), [name]) for name, top in sorted(beside.items()))]
        copied: list[tuple[str, str, str]] = []     # (source, rel, SHA-256): checked against `expected`
        for top, rel in itertools.chain(((str(built), rel) for rel in _files_below(str(built), first)),
                                        _after(pending, lambda: ((top, rel) for top, names in then
                                                                 for rel in _files_below(top, names)))):
            wanted.add(rel)
            src, dst = f"{top}/{rel}", prefix + rel
            if not entries:             # a new folder no one else sees: copy straight in
                _make_parent(dst, made)
                copied.append((src, rel, _copy_nofollow(src, dst, hashlib.sha256())))
                stats.written += 1
            elif rel in old and _unchanged(src, dst):
                stats.unchanged += 1
            else:
                copied.append((src, rel, _sha256_of(dst) if _replace(Path(dst), Path(src)) else ""))
                stats.written += 1
        if expected is not None:
            listed = expected()
            for src, rel, digest in copied:
                if listed.get(rel) != digest:
                    raise Tampered(src)
        for rel in sorted(set(entries) - wanted, reverse=True):
            os.unlink(prefix + rel)          # stale pages, and anything but a regular file
            stats.removed += 1
            parent = os.path.dirname(rel)
            while parent and not os.listdir(prefix + parent):
                os.rmdir(prefix + parent)
                parent = os.path.dirname(parent)
    return stats


def _after(pending: Future | None, then: Callable[[], Iterator]) -> Iterator:
    """`then()`'s items once `pending` has finished (its exception, if any, raised here)."""
    if pending is not None:
        pending.result()
    yield from then()
