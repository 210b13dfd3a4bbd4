"""Verifying the publication ledger end to end (issue 20 §1, DESIGN.md §7, docs/trust.md).

`ledger.read_ledger` checks the chain line by line. This module checks what the chain alone
cannot: that every stored copy under objects/ still hashes to the SHA-256 its line records (a size
check would serve a tampered copy under the recorded hash), that every file the site publishes
from a college folder has an entry for its current bytes, that no stored copy is left over by a
truncation, and that the ledger still extends a chain head published earlier (`--against`: the
only proof against rewriting the whole chain consistently, re-dating the last line, truncating or
deleting it). `portal check` reports the same problems as findings, `portal verify` prints them.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .findings import Loc, Report
from .ledger import _PATH, FIELDS, LEDGER, OBJECTS, Entry, _hash, object_path, read_ledger, tracked_files
from .ledger_tsa import verify_tokens

_HEX = re.compile(r"[0-9a-f]{64}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
MAX_HEAD_BYTES = 64 * 1024
MAX_FEED_BYTES = 8 << 20


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    line: int
    params: dict = field(default_factory=dict)


def line_schema(dialect: str) -> dict:
    """JSON Schema of one ledger line (`portal schemas` → schemas/ledger.schema.json). The checker
    stays the authority: it also checks key order, canonical bytes, seq, prev and time order."""
    hex64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    return {
        "$schema": dialect, "title": "公示台账的一行",
        "description": f"{LEDGER} 的每一行（由 portal publish 追加，请勿手改；重新生成：portal schemas）",
        "type": "object",
        "properties": {
            "seq": {"description": "序号：第几行（从 1 起）", "type": "integer", "minimum": 1},
            "published_at": {"description": "本站发布时间（发布程序自己的 UTC 时钟）", "type": "string",
                             "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"},
            "path": {"description": "院校材料、自我诊改报告或附件的路径", "type": "string",
                     "pattern": f"^(?:{_PATH.pattern})$"},
            "sha256": {"description": "该版本的 SHA-256；null 表示文件被撤下", "anyOf": [hex64, {"type": "null"}]},
            "size": {"description": "字节数（撤下时为 0）", "type": "integer", "minimum": 0},
            "prev": {"description": "上一行字节的 SHA-256（第 1 行为 64 个 0）", **hex64},
        },
        "required": list(FIELDS),
        "additionalProperties": False,
    }


# --- the stored copies and the published files ----------------------------------------------
def verify_objects(root: Path, entries: list[Entry]) -> list[Problem]:
    """Every stored copy exists, is a plain file and hashes to the recorded SHA-256 and size."""
    out, seen = [], set()
    for e in entries:
        if e.sha256 is None or e.sha256 in seen:
            continue
        seen.add(e.sha256)
        obj = Path(root) / object_path(e.sha256)
        if obj.is_symlink() or not obj.is_file():
            out.append(Problem("ledger.object", LEDGER, e.line, {"sha": e.sha256[:12], "variant": "missing", "line": e.line,
                                                                 "object": object_path(e.sha256)}))
            continue
        sha, size = _hash(obj)
        if sha != e.sha256 or size != e.size:
            out.append(Problem("ledger.object", LEDGER, e.line, {"sha": e.sha256[:12], "variant": None, "line": e.line,
                                                                 "object": object_path(e.sha256), "actual": sha[:12]}))
    return out


def orphans(root: Path, entries: list[Entry]) -> list[Problem]:
    """Stored copies no line names: what a truncated ledger leaves behind (or a killed run)."""
    base = Path(root) / OBJECTS
    if not base.is_dir():
        return []
    named = {e.sha256 for e in entries if e.sha256}
    out = []
    for sub in sorted(base.iterdir()):
        if not sub.is_dir() or sub.is_symlink():
            continue
        for p in sorted(sub.iterdir()):
            if not p.name.startswith(".") and p.name not in named:
                out.append(Problem("ledger.orphan", f"{OBJECTS}/{sub.name}/{p.name}", 1,
                                   {"object": f"{OBJECTS}/{sub.name}/{p.name}"}))
    return out


def unrecorded(root: Path, entries: list[Entry], only: str | None = None) -> list[Problem]:
    """Every material, annex-2 report or attachment whose current bytes have no ledger entry: the
    site would publish it with no portal date ("未记入公示台账") until the next `portal publish`."""
    latest = {e.path: e for e in entries}
    out = []
    for rel, p in tracked_files(root).items():
        if only and not rel.startswith(f"institutions/{only}/"):
            continue
        last = latest.get(rel)
        sha, _size = _hash(p)
        if last is None or last.sha256 != sha:
            out.append(Problem("ledger.unrecorded", rel, 1,
                               {"path": rel, "variant": "changed" if last is not None else None}))
    return out


def ledger_missing(root: Path) -> list[Problem]:
    """A deleted ledger whose stored copies remain (deleting both is caught by `--against`)."""
    base = Path(root) / OBJECTS
    if (Path(root) / LEDGER).exists() or not base.is_dir():
        return []
    n = sum(1 for sub in base.iterdir() if sub.is_dir() for p in sub.iterdir() if not p.name.startswith("."))
    return [Problem("ledger.missing", LEDGER, 1, {"objects": n, "ledger": LEDGER})] if n else []


def uses_ledger(root: Path) -> bool:
    return (Path(root) / LEDGER).exists() or (Path(root) / OBJECTS).is_dir()


def verify(root: Path, only: str | None = None) -> tuple[list[Entry], list[Problem]]:
    """Everything `portal verify` and `portal check` verify about the local ledger."""
    root = Path(root)
    entries, chain = read_ledger(root)
    problems = [Problem("ledger.broken", LEDGER, line, {"line": line, "detail": zh, "detail_en": en})
                for line, zh, en in chain]
    problems += ledger_missing(root)
    if not uses_ledger(root):
        return entries, problems          # a root that never published: nothing to verify
    problems += verify_objects(root, entries)
    if not chain:                         # after a break the later lines prove nothing
        problems += orphans(root, entries)
    problems += unrecorded(root, entries, only)
    problems += [Problem("ledger.tsa", rel, 1, {"line": seq, "token": name, "detail": zh, "detail_en": en})
                 for rel, seq, name, zh, en in verify_tokens(root, entries)]
    return entries, problems


def check_store(proj, report: Report) -> None:
    """`portal check`: the verification above as findings (the chain itself: validate.check_ledger)."""
    _entries, problems = verify(proj.root, proj.only)
    for p in problems:
        if p.code != "ledger.broken":
            report.add(p.code, Loc(p.file, p.line, 1 if p.line else 0), **p.params)


# --- an earlier published head --------------------------------------------------------------
class HeadUnavailable(Exception):
    """The earlier head could not be read (Chinese text; `en` holds the English)."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.en = en


def read_head(source: str, timeout: float = 30.0) -> dict:
    """The head an earlier site published: `source` is its base URL or folder, or an archived
    head.json or feed.xml (the feed carries the head as <zg:ledger-head …/>)."""
    limit = MAX_FEED_BYTES if source.endswith(".xml") else MAX_HEAD_BYTES
    if re.match(r"https?://", source):
        url = source if source.endswith((".json", ".xml")) else source.rstrip("/") + "/" + urls.LEDGER_HEAD
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:      # noqa: S310 (http/https only)
                data = resp.read(limit + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise HeadUnavailable(f"无法读取 {url}：{exc}", f"cannot fetch {url}: {exc}") from None
        where = url
    else:
        path = Path(source)
        path = path if path.is_file() else path / urls.LEDGER_HEAD
        try:
            data = path.read_bytes()[:limit + 1]
        except OSError as exc:
            raise HeadUnavailable(f"找不到此前发布的链头 {path}：{exc.strerror}",
                                  f"no published head at {path}: {exc.strerror}") from None
        where = str(path)
    try:
        head = _from_feed(data) if where.endswith(".xml") else json.loads(data.decode("utf-8"))
        ok = (len(data) <= limit and isinstance(head, dict) and type(head.get("seq")) is int
              and head["seq"] >= 1 and isinstance(head.get("sha256"), str) and _HEX.fullmatch(head["sha256"])
              and isinstance(head.get("published_at"), str) and _TIME.fullmatch(head["published_at"]))
    except (UnicodeDecodeError, ValueError):
        ok = False
    if not ok:
        raise HeadUnavailable(f"{where} 不是有效的台账链头（应含 seq、published_at、sha256）",
                              f"{where} is not a valid ledger head (seq, published_at, sha256)")
    return head


def _from_feed(data: bytes) -> dict | None:
    """The head in an Atom feed, read with a pattern (no XML parser, no entity expansion)."""
    m = re.search(rb"<zg:ledger-head\b([^<>]*)/?>", data)
    if not m:
        return None
    attrs = {k.decode(): v.decode("utf-8") for k, v in re.findall(rb'([\w-]+)="([^"]*)"', m.group(1))}
    if not (attrs.get("seq", "").isascii() and attrs["seq"].isdigit()):
        return None
    return {**attrs, "seq": int(attrs["seq"])}


def extends(entries: list[Entry], head: dict) -> Problem | None:
    """Whether the ledger still holds the earlier head's line unchanged. Its SHA-256 covers the
    line's time and `prev`, so a match proves the whole prefix up to it is what was published."""
    seq = head["seq"]
    if seq > len(entries):
        return Problem("ledger.against", LEDGER, 1, {"variant": "short", "seq": seq, "lines": len(entries),
                                                     "at": head["published_at"]})
    e = entries[seq - 1]
    if e.digest != head["sha256"]:
        return Problem("ledger.against", LEDGER, e.line, {"variant": None, "seq": seq, "at": head["published_at"],
                                                          "sha": head["sha256"][:12], "actual": e.digest[:12]})
    return None

