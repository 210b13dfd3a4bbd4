"""Attachment paths: confined to the college's own folder (DESIGN.md §7)."""
from __future__ import annotations

import os
import posixpath
import stat
import unicodedata
import urllib.parse
from pathlib import Path


def confine(root: Path, college_dir: str, path: str) -> tuple[Path | None, str | None]:
    """Resolve an attachment path written relative to the college folder.

    Returns (absolute path, None) when it is safely inside, or (None, reason) when it escapes.
    Nothing outside the folder is opened: only lstat is used on each component.
    """
    if not path or "\x00" in path:
        return None, "含有空字符"
    if "%" in path and urllib.parse.unquote(path) != path:
        return None, "含有 URL 编码"
    if "\\" in path:
        return None, "含有反斜杠"
    if path.startswith("/") or posixpath.isabs(path) or (len(path) > 1 and path[1] == ":"):
        return None, "绝对路径"
    norm = unicodedata.normalize("NFC", path)
    parts = [p for p in norm.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None, "含有“..”"
    if not parts:
        return None, "空路径"
    base = root / college_dir
    cur = base
    for p in parts:
        cur = cur / p
        try:
            st = os.lstat(cur)
        except FileNotFoundError:
            return cur, None          # inside, but absent: attachment.missing is the caller's
        except OSError:
            return None, "无法访问"
        if stat.S_ISLNK(st.st_mode):
            return None, "路径中含有符号链接"
    return cur, None
