"""Parsed college folders kept between builds (`.portal-cache/load/<code>.pickle`).

Reading and parsing ~50,000 files is most of `portal check` at national scale (12 s at 1,500
colleges), and a rebuild after one college's change needs only that college read again. Each
file holds one college's loaded model and the findings of reading it, under a key: the digest
of the generator's code and libraries and of the college folder's files (path, type, size,
mtime), as `fingerprint.fingerprint` computed it before anything was read. A file read after
the key was taken can only make the key older than the content, so the next build misses and
reads the folder again; it never serves old content under a new key.

The build cache is our own folder (like the docs-tree manifest and the render memo): a file
that cannot be read or has another key is ignored and replaced.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from .load import paused_gc

_MAGIC = b"zg-load-1\n"
_SUFFIX = ".pickle"


def keys_of(code_digest: str, colleges: dict[str, str]) -> dict[str, str]:
    """One key per college folder from the fingerprint's parts."""
    return {name: hashlib.sha256(f"{code_digest}\0{part}".encode()).hexdigest() for name, part in colleges.items()}


class CollegeCache:
    def __init__(self, folder: Path, keys: dict[str, str]):
        self.folder, self.keys = Path(folder), keys
        self.hits = 0

    def lookup(self, names: list[str]) -> dict[str, tuple]:
        """{name: (College, findings)} for the folders whose stored key is still theirs."""
        out: dict[str, tuple] = {}
        with paused_gc():
            for name in names:
                key = self.keys.get(name)
                if key is None:
                    continue
                try:
                    with open(self.folder / f"{name}{_SUFFIX}", "rb") as fh:
                        if fh.read(len(_MAGIC) + len(key)) != _MAGIC + key.encode():
                            continue
                        out[name] = pickle.load(fh)    # our own file in the build cache
                except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                    continue
        self.hits = len(out)
        return out

    def store(self, loaded: dict[str, tuple], names: list[str]) -> None:
        """Write what was read this time, one folder at a time (pickled as soon as it is read,
        before any later step could touch the objects, and never all held at once: ~140 MB at
        1,500 colleges); remove the files of folders not in `names` (every folder there is)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with paused_gc():
            for name, value in loaded.items():
                if name not in self.keys:
                    continue
                tmp = self.folder / f".{name}.tmp-{os.getpid()}"
                with open(tmp, "wb") as fh:
                    fh.write(_MAGIC + self.keys[name].encode())
                    pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.folder / f"{name}{_SUFFIX}")
        live = {f"{n}{_SUFFIX}" for n in names}
        for entry in os.listdir(self.folder):
            if entry not in live:
                try:
                    os.unlink(self.folder / entry)
                except OSError:
                    pass
