"""Attachment paths: confined to the college's own folder (DESIGN.md §7).

A path is judged as written, before anything is opened; then each component is checked with
lstat only, so nothing outside the folder is ever read. Refused, with the reason shown to the
college (`attachment.outside`, an error):

- empty, NUL or other control characters, Unicode format characters (e.g. U+202E, which makes
  "fdp.exe" display as "exe.pdf"), URL encoding (%2e%2e), backslashes, absolute or drive paths;
- "..", and anything that turns into ".." or a separator after Unicode compatibility
  normalisation (fullwidth "．．／") or on Windows (trailing dots and spaces: ".. ");
- hidden names (".htaccess" would configure a web server that serves the site);
- case tricks: a component whose case differs from the name on disk ("Files/" for "files/")
  resolves on a case-insensitive disk (a college's laptop) but not on the server, and would be
  copied under a different URL — the name must match exactly;
- a symbolic link anywhere on the path (also the college folder itself), a hard-linked file (it
  may alias a file elsewhere on the machine), a device, FIFO or socket (reading could hang).
"""
from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def confine(root: Path, college_dir: str, path: str) -> tuple[Path | None, str | None]:
    """Resolve an attachment path written relative to the college folder.

    Returns (absolute path, None) when it is safely inside — the file may still be absent,
    which is the caller's `attachment.missing` — or (None, reason in Chinese) when it escapes.
    """
    why = lexical_problem(path)
    if why:
        return None, why
    base = Path(root) / college_dir
    cur = Path(root)
    for part in college_dir.split("/"):
        cur = cur / part
        try:
            if stat.S_ISLNK(os.lstat(cur).st_mode):
                return None, "院校目录本身是符号链接"
        except FileNotFoundError:
            return base.joinpath(*path.split("/")), None
        except OSError:
            return None, "无法访问"
    cur, st = base, None
    for part in path.split("/"):
        if part in ("", "."):
            continue
        try:
            names = os.listdir(cur)
        except OSError:
            return cur / part, None   # parent absent or not a folder: missing, not outside
        if part not in names:
            if any(n.casefold() == part.casefold() for n in names):
                return None, "大小写与实际文件名不一致"
            return cur / part, None
        cur = cur / part
        try:
            st = os.lstat(cur)
        except OSError:
            return None, "无法访问"
        if stat.S_ISLNK(st.st_mode):
            return None, "路径中含有符号链接"
    if st is None:
        return None, "空路径"
    if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        return None, "文件是硬链接（可能指向目录外的文件）"
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return None, "不是普通文件"
    return cur, None


def lexical_problem(path: str) -> str | None:
    """Why `path`, as written, is not a plain relative path inside the folder (None if it is)."""
    if not isinstance(path, str) or not path.strip():
        return "空路径"
    if "\x00" in path:
        return "含有空字符"
    if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in path):
        return "含有控制字符或不可见的格式字符"
    if "%" in path:
        return "含有 URL 编码（%）"
    if "\\" in path:
        return "含有反斜杠"
    if path.startswith("/") or (len(path) > 1 and path[1] == ":") or ":" in path:
        return "绝对路径或带有协议/盘符"
    for form in (path, unicodedata.normalize("NFKC", path)):
        if "\\" in form or ":" in form or "%" in form:
            return "含有经 Unicode 兼容转换后成为路径符号的字符"
        parts = form.split("/")
        if form != path and len(parts) != len(path.split("/")):
            return "含有经 Unicode 兼容转换后成为“/”的字符"
        for p in parts:
            if p in ("", "."):
                continue
            if p == ".." or p.rstrip(". ") == "":
                return "含有“..”"
            if p.startswith("."):
                return "含有隐藏文件或目录（以“.”开头）"
            if p != p.rstrip(". "):
                return "文件名以点或空格结尾（Windows 会去掉它们）"
    if not [p for p in path.split("/") if p not in ("", ".")]:
        return "空路径"
    return None


_DIGESTS: dict[tuple, tuple[int, str]] = {}


def file_sha256(path: Path) -> tuple[int, str]:
    """(size, SHA-256) of a file, cached by path, size and mtime: pages, PDFs and open data all ask."""
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _DIGESTS:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        _DIGESTS[key] = (st.st_size, h.hexdigest())
    return _DIGESTS[key]


@dataclass(frozen=True)
class Found:
    """One attachment path as looked up (look_up): where it is, or why it is refused."""

    rel: str
    path: Path | None          # confined absolute path; None when outside
    why: str | None            # why the path is refused (attachment.outside), else None
    exists: bool               # a regular file is there (else attachment.missing)

    def digest(self) -> tuple[int, str] | None:
        """(size, SHA-256), hashed on first use only (file_sha256 keeps it): `portal check` needs none."""
        return file_sha256(self.path) if self.exists and self.path is not None else None


def look_up(root: Path, college_dir: str, rel: str) -> Found:
    """Confine `rel` to the college folder and see whether the file is there (DESIGN.md §7).
    `project.Project.attachment` keeps the answer for the run: validation, pages, PDFs and
    open data all ask it, so each path is judged once."""
    target, why = confine(root, college_dir, rel)
    if why or target is None:
        return Found(rel, None, why, False)
    return Found(rel, target, None, target.is_file())


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
