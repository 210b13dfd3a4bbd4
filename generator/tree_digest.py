"""Walking a folder and digesting code, shared by the build's fingerprint (fingerprint.py), the
check cache (check_cache.py) and the writers (write_files.py): one walk order, one digest.

The walk lists symbolic links without following them, so each caller decides what a link means
(the check cache refuses it, the writers treat it as not a regular file).
"""
from __future__ import annotations

import hashlib
import os
from importlib import metadata
from typing import Iterator

BYTECODE = frozenset({"__pycache__"})


def walk_tree(top: str, rel: str = "", skip: frozenset = frozenset()) -> Iterator[tuple[str, bool]]:
    """(relative path, is a regular file) of every non-folder entry below `top`, in name order;
    symbolic links are listed, never followed; entries named in `skip` are passed over."""
    with os.scandir(f"{top}/{rel}" if rel else top) as it:
        entries = sorted((e for e in it if e.name not in skip), key=lambda e: e.name)
    for e in entries:
        r = f"{rel}{e.name}"
        if e.is_dir(follow_symlinks=False):
            yield from walk_tree(top, r + "/", skip)
        else:
            yield r, e.is_file(follow_symlinks=False)


def file_digest(path: str) -> bytes:
    """SHA-256 of one file's bytes."""
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).digest()


def code_digest(h: "hashlib._Hash", libraries: tuple[str, ...], tops: list[str]) -> str:
    """Add the versions of `libraries` and every file below `tops` (path and bytes, bytecode
    left out) to `h`; return its hex digest. A cache keyed on it misses after any code change."""
    for lib in libraries:
        try:
            h.update(f"\0{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{lib}=-".encode())
    for top in tops:
        for rel, _regular in walk_tree(top, skip=BYTECODE):
            h.update(f"\0{rel}\0".encode() + file_digest(f"{top}/{rel}"))
    return h.hexdigest()
