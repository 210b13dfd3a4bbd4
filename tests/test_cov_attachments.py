"""Attachment confinement (generator/attachments.py) on the branches the site tests do not
reach: a symlinked or inaccessible college folder, a file or missing parent on the path, hard
links, special files, odd lexical forms; plus the digest memo and the size label."""
from __future__ import annotations

import hashlib
import os

import pytest

from generator.attachments import confine, file_sha256, human_size, lexical_problem

COL = "institutions/4111010001"


@pytest.fixture
def base(tmp_path):
    (tmp_path / COL / "files").mkdir(parents=True)
    (tmp_path / COL / "files" / "a.pdf").write_bytes(b"%PDF-1.7")
    return tmp_path


def test_a_plain_file_inside_is_confined(base):
    assert confine(base, COL, "files/a.pdf") == (base / COL / "files" / "a.pdf", None)
    assert confine(base, COL, "./files/./a.pdf") == (base / COL / "files" / "a.pdf", None)


def test_missing_things_are_missing_not_outside(base):
    assert confine(base, COL, "files/b.pdf") == (base / COL / "files" / "b.pdf", None)
    # a component under a file: its parent is not a folder
    path, why = confine(base, COL, "files/a.pdf/x")
    assert why is None and path.name == "x"
    # the college folder itself absent
    path, why = confine(base, "institutions/4111010009", "files/a.pdf")
    assert why is None and path == base / "institutions/4111010009/files/a.pdf"


def test_symlinked_college_folder_is_refused(base):
    (base / "institutions" / "4111010002").symlink_to(base / COL)
    assert confine(base, "institutions/4111010002", "files/a.pdf") == (None, "院校目录本身是符号链接")


def test_symlink_on_the_path_and_case_tricks(base):
    (base / COL / "link").symlink_to(base / COL / "files")
    assert confine(base, COL, "link/a.pdf")[1] == "路径中含有符号链接"
    assert confine(base, COL, "Files/a.pdf")[1] == "大小写与实际文件名不一致"


def test_hard_link_and_special_file(base):
    os.link(base / COL / "files" / "a.pdf", base / COL / "files" / "twin.pdf")
    assert confine(base, COL, "files/a.pdf")[1] == "文件是硬链接（可能指向目录外的文件）"
    os.mkfifo(base / COL / "files" / "pipe")
    assert confine(base, COL, "files/pipe")[1] == "不是普通文件"


def test_a_folder_is_confined_too(base):
    assert confine(base, COL, "files") == (base / COL / "files", None)


@pytest.mark.parametrize("path, why", [
    ("", "空路径"), ("   ", "空路径"), (".", "空路径"), ("./.", "空路径"),
    ("a\x00b", "含有空字符"), ("a\u202eb.pdf", "含有控制字符或不可见的格式字符"),
    ("%2e%2e/x", "含有 URL 编码（%）"), ("a\\b", "含有反斜杠"),
    ("/etc/passwd", "绝对路径或带有协议/盘符"), ("c:x", "绝对路径或带有协议/盘符"),
    ("file://x", "绝对路径或带有协议/盘符"),
    ("\uff0e\uff0e\uff0fx", "含有经 Unicode 兼容转换后成为“/”的字符"),
    ("a\ufe55b", "含有经 Unicode 兼容转换后成为路径符号的字符"),          # small colon → ":"
    ("files/../x", "含有“..”"), ("files/.. /x", "含有“..”"),
    ("files/.htaccess", "含有隐藏文件或目录（以“.”开头）"),
    ("files/a.pdf.", "文件名以点或空格结尾（Windows 会去掉它们）"),
    ("files/a.pdf ", "文件名以点或空格结尾（Windows 会去掉它们）"),
])
def test_lexical_problems(path, why):
    assert lexical_problem(path) == why
    assert confine("/nonexistent", COL, path) == (None, why)


def test_lexical_ok():
    assert lexical_problem("files/报告 2025.pdf") is None
    assert lexical_problem(None) == "空路径"


def test_file_sha256_is_memoised_by_size_and_mtime(base):
    p = base / COL / "files" / "a.pdf"
    size, sha = file_sha256(p)
    assert (size, sha) == (8, hashlib.sha256(b"%PDF-1.7").hexdigest())
    st = os.stat(p)
    p.write_bytes(b"%PDF-1.6")               # same size: the mtime tells them apart
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert file_sha256(p)[1] != sha


@pytest.mark.parametrize("n, label", [(0, "0 字节"), (1023, "1023 字节"), (1024, "1.0 KB"),
                                      (1536, "1.5 KB"), (1024 * 1024, "1.0 MB"), (5 * 1024 ** 3, "5120.0 MB")])
def test_human_size(n, label):
    assert human_size(n) == label
