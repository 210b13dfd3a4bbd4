"""`portal publish`: append the new, changed and withdrawn files to the publication ledger and
store their bytes. This is the command; reading and checking the chain is the rule (ledger.py)."""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
from pathlib import Path

from .clock import UsageError, now_utc
from .ledger import FIELDS, GENESIS, LEDGER, _encode, _fmt, _hash, object_path, read_ledger, tracked_files


def publish(root: Path, now: dt.datetime | None = None) -> list[dict]:
    """Append a line for every tracked file whose bytes differ from its last ledger entry, and
    one for every file that disappeared. Objects are stored before the lines are appended, so a
    killed run never leaves a line without its bytes. Returns the appended records.

    The time is the run's own clock (`clock.now_utc`; no command-line option sets it, tests
    pass `now` in-process) and must be strictly after the previous run's: append-only."""
    root = Path(root)
    now = (now or now_utc()).astimezone(dt.timezone.utc).replace(microsecond=0)
    ledger = root / LEDGER
    ledger.parent.mkdir(parents=True, exist_ok=True)
    with open(ledger, "ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)       # one publisher at a time
        entries, problems = read_ledger(root)
        if problems:
            raise LedgerBroken(problems)
        latest = {e.path: e for e in entries}
        stamp = _fmt(now)
        seq, prev = (entries[-1].seq, entries[-1].digest) if entries else (0, GENESIS)
        lines, records = [], []
        current = tracked_files(root)
        changes = []
        for rel, p in current.items():
            sha, size = _store(root, p)
            last = latest.get(rel)
            if last is None or last.sha256 != sha:
                changes.append((rel, sha, size))
        for rel, last in sorted(latest.items()):
            if rel not in current and last.sha256 is not None:
                changes.append((rel, None, 0))
        for rel, sha, size in sorted(changes):
            seq += 1
            obj = dict(zip(FIELDS, (seq, stamp, rel, sha, size, prev)))
            raw = _encode(obj)
            lines.append(raw + b"\n")
            records.append(obj)
            prev = hashlib.sha256(raw).hexdigest()
        if lines and entries and now <= entries[-1].published_at:   # append-only: time moves forward
            raise UsageError(f"发布时间 {stamp} 不晚于台账最后一行的 {_fmt(entries[-1].published_at)}；"
                             "台账只能按时间顺序追加，不能倒填日期（系统时钟被调回？请稍后重试）")
        if lines:
            lock.write(b"".join(lines))
            lock.flush()
            os.fsync(lock.fileno())
    return records


def _store(root: Path, path: Path) -> tuple[str, int]:
    """Hash a file and keep its bytes under objects/ (written once, by rename; streamed, so a
    large attachment never sits in memory)."""
    sha, size = _hash(path)
    dest = root / object_path(sha)
    if not dest.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{sha}.tmp-{os.getpid()}")
        h = hashlib.sha256()
        with open(path, "rb") as src, open(tmp, "wb") as out:
            while chunk := src.read(1 << 20):
                h.update(chunk)
                out.write(chunk)
        if h.hexdigest() != sha:              # changed while we read it: record what we stored
            sha, size = h.hexdigest(), tmp.stat().st_size
            dest = root / object_path(sha)
            dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, dest)
    return sha, size


class LedgerBroken(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(f"line {ln}: {en}" for ln, _zh, en in problems))
        self.problems = problems
