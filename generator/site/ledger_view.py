"""The publication ledger as the site shows it (issue 6, docs/trust.md): every version of each
college file with the portal's own date and hash, the chain head, and the files to publish.

The ledger module reads and verifies the chain; this module only indexes what it read, up to
the build's as-of day (a site built "as of" a day shows the ledger as it stood that day: the
chain is time-ordered, so that is a prefix of it, and its head is the line anyone could have
archived then).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from .. import urls
from ..ledger import BEIJING, LEDGER, head_json, head_record, object_path, read_ledger


@dataclass(frozen=True)
class LedgerVersion:
    number: int                 # 1, 2, … among the versions of its file (withdrawals not counted)
    seq: int                    # the ledger line
    published_at: dt.datetime   # the publish run's time (UTC)
    sha256: str | None          # None: the file was withdrawn
    size: int
    url: str | None             # site path of the stored bytes; None when not served
    download: str               # the file name a browser saves it under

    @property
    def beijing(self) -> dt.datetime:
        return self.published_at.astimezone(BEIJING)

    @property
    def day(self) -> dt.date:
        """The Beijing day: deadlines are Beijing days (ledger.Entry.day)."""
        return self.beijing.date()


@dataclass
class LedgerView:
    head: dict | None = None                                   # ledger.head_record
    head_json: bytes = b""                                     # data/ledger/head.json
    lines: int = 0
    raw: bytes = b""                                           # the ledger's lines up to as-of
    versions: dict[str, list[LedgerVersion]] = field(default_factory=dict)   # path → oldest first
    objects: dict[str, Path] = field(default_factory=dict)     # site path → stored bytes

    def of(self, path: str) -> list[LedgerVersion]:
        return self.versions.get(path, [])

    def first_day(self, path: str) -> dt.date | None:
        """The Beijing day the portal first published this file."""
        for v in self.of(path):
            if v.sha256 is not None:
                return v.day
        return None


def load_ledger_view(root: Path, as_of: dt.date, served: Callable[[str], bool]) -> LedgerView:
    """`served(path)` says whether a version of that file may be downloaded from the site."""
    entries, _problems = read_ledger(root)       # a broken chain already stopped the build
    entries = [e for e in entries if e.day <= as_of]
    view = LedgerView()
    if not entries:
        return view
    view.head = head_record(entries)
    view.head_json = head_json(entries)
    view.lines = len(entries)
    view.raw = b"".join(line + b"\n" for line in (Path(root) / LEDGER).read_bytes().split(b"\n")[:len(entries)])
    counts: dict[str, int] = {}
    for e in entries:
        name = PurePosixPath(e.path)
        url, download, number = None, name.name, counts.get(e.path, 0)
        if e.sha256 is not None:
            number = counts[e.path] = number + 1
            download = f"{name.stem}.v{number}.{e.sha256[:8]}{name.suffix}"
            if served(e.path):
                url = urls.ledger_object(e.sha256)
                view.objects[url] = Path(root) / object_path(e.sha256)
        view.versions.setdefault(e.path, []).append(
            LedgerVersion(number, e.seq, e.published_at, e.sha256, e.size, url, download))
    return view


def files(view: LedgerView) -> list[tuple[str, bytes | Path]]:
    """What the site publishes of the ledger: the chain as a file, its head (for `portal verify
    --against`), and every served version."""
    if not view.lines:
        return []
    return [(urls.LEDGER_FILE, view.raw), (urls.LEDGER_HEAD, view.head_json), *sorted(view.objects.items())]
