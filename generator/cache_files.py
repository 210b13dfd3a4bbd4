"""Files of the build cache (`.portal-cache/`): plain data, sealed, never code (issue 20 §2).

A cache file is one JSON header line and a JSON body:

    {"format": "zg-cache-1", "kind": KIND, "key": KEY, "sha256": DIGEST}\\n<body>

KEY is what the entry was computed from (the hash of its inputs and of the generator's code,
fingerprint.py); DIGEST is the SHA-256 of kind, key and body. Reading checks all three: another
key is an ordinary miss (the inputs changed); a damaged, edited or foreign file (a pickle planted
under a cache name included) is a miss too, logged in one line, and the caller renders again —
what such a file holds is never used, let alone published. JSON, not pickle: reading it cannot
run code. `portal build --no-cache` reads none of this.

The digest detects edits, truncation, entries moved between keys and files of another
format. It is not a signature: someone who rewrites a file *and* its digest the way this
module would has the power of editing the generator itself; builds of record run --no-cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

FORMAT = "zg-cache-1"


def _seal(kind: str, key: str, body: bytes) -> str:
    h = hashlib.sha256(f"{FORMAT}\0{kind}\0{key}\0".encode())
    h.update(body)
    return h.hexdigest()


def warn(path, reason: str) -> None:
    """One line on stderr: a cache file was not used."""
    print(f"portal: 构建缓存文件 {path} {reason}，已弃用（按无缓存重新生成，不会发布其内容）", file=sys.stderr)


def dump(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")


def save(path: Path, kind: str, key: str, payload) -> None:
    """Write `payload` (JSON data) as the entry `kind`/`key`, atomically."""
    write_raw(path, kind, key, dump(payload))


def write_raw(path: Path, kind: str, key: str, body: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = json.dumps({"format": FORMAT, "kind": kind, "key": key, "sha256": _seal(kind, key, body)})
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(head.encode() + b"\n")
            fh.write(body)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(path: Path, kind: str, key: str | None, *, hook=None):
    """The payload stored as `kind`/`key` (any key when `key` is None), or None: no file, another
    key (silent), or a file that fails its check (logged). `hook`: json object_hook."""
    raw = read_raw(path, kind, key)
    if raw is None:
        return None
    try:
        return json.loads(raw, object_hook=hook) if hook else json.loads(raw)
    except (ValueError, TypeError, KeyError, RecursionError):
        warn(path, "内容无法解析")
        return None


def read_raw(path: Path, kind: str, key: str | None) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        warn(path, f"无法读取（{exc.strerror}）")
        return None
    head, sep, body = data.partition(b"\n")
    try:
        meta = json.loads(head) if sep else None
    except (ValueError, UnicodeDecodeError):
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("kind") != kind:
        warn(path, "不是本程序写入的缓存格式")
        return None
    if key is not None and meta.get("key") != key:
        return None                              # made from other inputs: an ordinary miss
    if meta.get("sha256") != _seal(kind, str(meta.get("key")), body):
        warn(path, "校验值不符（被修改或损坏）")
        return None
    return body
