"""The publication ledger: when the portal itself first received each version of a material.

Git commit dates can be set to anything (GIT_COMMITTER_DATE), so they prove nothing about when a
file became public. `portal publish`, run by the secretariat's deploy, appends to
`content/ledger/publications.jsonl` one line per new, changed or withdrawn material, annex-2
report or attachment: its path, SHA-256, size, the publish run's own UTC time from the system
clock, a sequence number and `prev`, the SHA-256 of the previous line's bytes (a hash chain: a
line cannot be changed, removed or inserted without breaking every later `prev`). Each version's
bytes are kept content-addressed under `content/ledger/objects/` so the site can serve every
version, not only the one in the working tree (docs/trust.md).

`validate.check_ledger` verifies the chain (`ledger.broken`) and uses it as evidence for the rules
(`material.received_late`, `material.changed_after_deadline`). Ledger days are Beijing days
(UTC+8), the time zone of the deadlines. What the chain alone cannot prove (stored copies, files
with no entry, an earlier published head, time-stamps) is verified by `ledger_verify`;
appending to the ledger (`portal publish`) is `ledger_publish`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .findings import Loc, Report

LEDGER = "content/ledger/publications.jsonl"
OBJECTS = "content/ledger/objects"
GENESIS = "0" * 64
BEIJING = dt.timezone(dt.timedelta(hours=8))
FIELDS = ("seq", "published_at", "path", "sha256", "size", "prev")
HEAD_VERSION = 1
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_HEX = re.compile(r"[0-9a-f]{64}")
_PATH = re.compile(r"institutions/\d{10}/(materials/.+\.md|self-diagnosis/[^/]+\.ya?ml|files/.+)")


@dataclass(frozen=True)
class Entry:
    seq: int
    published_at: dt.datetime     # UTC
    path: str
    sha256: str | None            # None: the file was withdrawn
    size: int
    line: int                     # 1-based line in the ledger file
    digest: str                   # SHA-256 of this line's bytes (the next line's prev)

    @property
    def day(self) -> dt.date:
        """The Beijing calendar day of this entry (deadlines are Beijing days)."""
        return self.published_at.astimezone(BEIJING).date()


@dataclass(frozen=True)
class Version:
    seq: int
    published_at: dt.datetime
    sha256: str
    size: int
    object: str                   # path of the stored bytes, relative to the root


# --- reading and verifying --------------------------------------------------------------
def read_ledger(root: Path) -> tuple[list[Entry], list[tuple[int, str, str]]]:
    """Entries of the ledger and its problems as (line, Chinese detail, English detail)."""
    path = Path(root) / LEDGER
    if not path.is_file() or path.is_symlink():
        return [], []
    data = path.read_bytes()
    entries: list[Entry] = []
    problems: list[tuple[int, str, str]] = []
    prev, last_time = GENESIS, None
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        problems.append((len(lines), "不完整（缺少行尾换行，可能写入中断）", "is incomplete (no final newline)"))
    for i, raw in enumerate(lines, 1):
        digest = hashlib.sha256(raw).hexdigest()
        e, why = _parse_line(raw, i, prev, last_time)
        if why:
            problems.append((i, *why))
            break                 # after a break, later lines prove nothing
        entries.append(e)
        prev, last_time = digest, e.published_at
    return entries, problems


def _parse_line(raw: bytes, i: int, prev: str, last_time):
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, ("不是有效的 JSON", "is not valid JSON")
    if not isinstance(obj, dict) or tuple(obj) != FIELDS:
        return None, (f"字段应依次为 {', '.join(FIELDS)}", f"fields must be {', '.join(FIELDS)} in this order")
    if raw != _encode(obj):
        return None, ("不是规范格式（被手工编辑过？）", "is not in canonical form (edited by hand?)")
    if obj["seq"] != i:
        return None, (f"序号 seq 应为 {i}，实际为 {obj['seq']}", f"seq should be {i}, got {obj['seq']}")
    if obj["prev"] != prev:
        return None, ("的 prev 与上一行的 SHA-256 不符（此前的记录被修改、删除或插入过）",
                      "prev does not match the SHA-256 of the previous line (earlier lines were altered)")
    t = obj["published_at"]
    if not isinstance(t, str) or not _TIME.fullmatch(t):
        return None, ("的 published_at 不是 UTC 时间（YYYY-MM-DDTHH:MM:SSZ）", "published_at is not a UTC time")
    try:
        when = dt.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None, ("的 published_at 不是真实时间", "published_at is not a real time")
    if last_time is not None and when < last_time:     # equal: lines of one publish run
        return None, ("的时间早于上一行（台账只能按时间顺序追加）", "is dated before the previous line")
    sha, size = obj["sha256"], obj["size"]
    if not (sha is None or (isinstance(sha, str) and _HEX.fullmatch(sha))) or not isinstance(size, int) or size < 0:
        return None, ("的 sha256 或 size 无效", "has an invalid sha256 or size")
    if not isinstance(obj["path"], str) or not _PATH.fullmatch(obj["path"]) or ".." in obj["path"].split("/"):
        return None, ("的 path 不是院校材料或附件的路径", "path is not a college material or attachment")
    return Entry(i, when, obj["path"], sha, size, i, hashlib.sha256(raw).hexdigest()), None


def _encode(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def object_path(sha: str) -> str:
    return f"{OBJECTS}/{sha[:2]}/{sha}"


def ledger_head(proj_or_root) -> dict | None:
    """The chain head the site shows (anyone may archive it): seq, time and line hash."""
    entries, _ = read_ledger(_root(proj_or_root))
    if not entries:
        return None
    e = entries[-1]
    return {"seq": e.seq, "published_at": _fmt(e.published_at), "sha256": e.digest}


def head_record(entries: list[Entry]) -> dict | None:
    """The chain head as the site publishes it (data/ledger/head.json, the feed, the open data):
    the last line's seq, time and SHA-256, and the number of lines. Anyone who archives it can
    later prove what the ledger said then."""
    if not entries:
        return None
    e = entries[-1]
    return {"version": HEAD_VERSION, "seq": e.seq, "lines": len(entries),
            "published_at": e.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "sha256": e.digest,
            "ledger": urls.LEDGER_FILE}


def head_json(entries: list[Entry]) -> bytes:
    return (json.dumps(head_record(entries), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def ledger_versions(proj_or_root, path: str) -> list[Version]:
    """Every recorded version of one file, oldest first (withdrawals are left out)."""
    entries, _ = read_ledger(_root(proj_or_root))
    return [Version(e.seq, e.published_at, e.sha256, e.size, object_path(e.sha256))
            for e in entries if e.path == path and e.sha256 is not None]


def _root(proj_or_root) -> Path:
    if isinstance(proj_or_root, (str, os.PathLike)):
        return Path(proj_or_root)
    return Path(proj_or_root.root)        # a project.Project


def _fmt(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_received(root: Path, as_of: dt.date) -> dict[str, dt.date]:
    """path → the Beijing day the portal first received it, from the ledger as of `as_of`
    (the evidence that `received_late`, seed 000 §四(二)3, reads). Empty without a ledger."""
    out: dict[str, dt.date] = {}
    for e in read_ledger(root)[0]:
        if e.day <= as_of and e.path not in out:
            out[e.path] = e.day
    return out


# --- what is published (publishing itself: ledger_publish.py) ----------------------------
def tracked_files(root: Path) -> dict[str, Path]:
    """Materials, annex-2 reports and attachments of every college, symbolic links excluded
    (they are refused by `portal check`, and nothing outside a college folder is read)."""
    out: dict[str, Path] = {}
    base = Path(root) / "institutions"
    if not base.is_dir() or base.is_symlink():
        return out
    for college in sorted(base.iterdir()):
        if college.is_symlink() or not college.is_dir() or not re.fullmatch(r"\d{10}", college.name):
            continue
        for sub in ("materials", "self-diagnosis", "files"):
            top = college / sub
            if top.is_symlink() or not top.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(top):      # never follows links
                dirnames[:] = sorted(n for n in dirnames if not n.startswith("."))
                for name in sorted(filenames):
                    p = Path(dirpath) / name
                    rel = p.relative_to(root).as_posix()
                    if not name.startswith(".") and not p.is_symlink() and p.is_file() and _PATH.fullmatch(rel):
                        out[rel] = p
    return out


def _hash(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size
