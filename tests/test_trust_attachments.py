"""DESIGN.md §7 "attachments stay inside their own folder": every escape is `attachment.outside`,
the build fails, and nothing outside the folder is read; symlinked sources are not read either."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from builders import CODE_A, CODE_B, DEADLINE
from conftest import codes
from generator import attachments
from generator.attachments import confine

COLLEGE = f"institutions/{CODE_A}"


@pytest.fixture
def tree(tmp_path) -> Path:
    (tmp_path / COLLEGE / "files/sub").mkdir(parents=True)
    (tmp_path / COLLEGE / "files/a.pdf").write_bytes(b"%PDF-1.7 a")
    (tmp_path / COLLEGE / "files/sub/b.pdf").write_bytes(b"%PDF-1.7 b")
    (tmp_path / f"institutions/{CODE_B}/files").mkdir(parents=True)
    (tmp_path / f"institutions/{CODE_B}/files/secret.pdf").write_bytes(b"other college")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("path", ["files/a.pdf", "files/sub/b.pdf", "./files/a.pdf", "files//a.pdf"])
def test_inside_paths_resolve(tree, path):
    target, why = confine(tree, COLLEGE, path)
    assert why is None and target.is_file()


def test_absent_inside_path_is_missing_not_outside(tree):
    target, why = confine(tree, COLLEGE, "files/nope.pdf")
    assert why is None and not target.exists()


@pytest.mark.parametrize("path", [
    "../../secret.txt", f"../{CODE_B}/files/secret.pdf", "files/../../../secret.txt", "files/sub/../../../x",
    "/etc/passwd", "C:/Windows/win.ini", "c:\\x", "file:///etc/passwd", "https://evil.invalid/x.pdf",
    "files%2F..%2F..%2Fsecret.txt", "files/%2e%2e/%2e%2e/secret.txt", "files/a.pdf%00.png",
    "files/a.pdf\x00.png", "files\\..\\..\\secret.txt", "files/\u202efdp.exe", "files/a\u200b.pdf",
    "files/\uff0e\uff0e/\uff0e\uff0e/secret.txt", "files\uff0f..\uff0f..\uff0fsecret.txt", "files/.. /x",
    "files/.../x", "files/a.pdf.", "files/a.pdf ", "files/.htaccess", ".git/config", "", "   ", "./", "files/\n",
])
def test_escapes_are_refused(tree, path):
    target, why = confine(tree, COLLEGE, path)
    assert target is None and why


def test_case_trick_is_refused(tree):
    """`Files/a.pdf` names `files/a.pdf` on a case-insensitive disk (a college laptop) but not on
    the server; the name must match the disk exactly, whatever the file system."""
    target, why = confine(tree, COLLEGE, "Files/a.pdf")
    assert target is None or not target.exists()
    # simulate the case-insensitive disk: the folder exists under another case
    (tree / COLLEGE / "Docs").mkdir()
    (tree / COLLEGE / "Docs/c.pdf").write_bytes(b"x")
    target, why = confine(tree, COLLEGE, "docs/c.pdf")
    assert target is None and "大小写" in why
    target, why = confine(tree, COLLEGE, "Docs/C.PDF")
    assert target is None and "大小写" in why


def test_symlinks_anywhere_on_the_path_are_refused(tree):
    col = tree / COLLEGE
    (col / "files/link.pdf").symlink_to(tree / "secret.txt")
    (col / "files/inside-link.pdf").symlink_to(col / "files/a.pdf")
    (col / "linked-dir").symlink_to(tree / f"institutions/{CODE_B}/files")
    for path in ("files/link.pdf", "files/inside-link.pdf", "linked-dir/secret.pdf"):
        target, why = confine(tree, COLLEGE, path)
        assert target is None and "符号链接" in why, path


def test_symlinked_college_folder_is_refused(tmp_path):
    real = tmp_path / "elsewhere"
    (real / "files").mkdir(parents=True)
    (real / "files/a.pdf").write_bytes(b"x")
    (tmp_path / "institutions").mkdir()
    (tmp_path / COLLEGE).symlink_to(real)
    target, why = confine(tmp_path, COLLEGE, "files/a.pdf")
    assert target is None and "符号链接" in why


def test_hard_links_and_special_files_are_refused(tree):
    os.link(tree / "secret.txt", tree / COLLEGE / "files/hard.pdf")
    target, why = confine(tree, COLLEGE, "files/hard.pdf")
    assert target is None and "硬链接" in why
    os.mkfifo(tree / COLLEGE / "files/pipe.pdf")
    target, why = confine(tree, COLLEGE, "files/pipe.pdf")
    assert target is None and why


def test_nothing_outside_is_opened(tree, monkeypatch):
    """confine judges with lstat and directory listings inside the folder only."""
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1])
    listed = []
    real_listdir = os.listdir
    monkeypatch.setattr(os, "listdir", lambda p: (listed.append(Path(p)), real_listdir(p))[1])
    for path in ("../../secret.txt", f"../{CODE_B}/files/secret.pdf", "files/a.pdf", "files/sub/b.pdf"):
        attachments.confine(tree, COLLEGE, path)
    assert opened == []
    assert all(str(p).startswith(str(tree / COLLEGE)) for p in listed)


def test_check_and_build_fail_on_an_escaping_attachment(root, check_json, tmp_path):
    root.material(CODE_A, "extra/leak.md", "development_plans", plan="campus", published_on=DEADLINE,
                  attachments=[f"../{CODE_B}/institution.yml"])
    rc, doc = check_json(root)
    assert rc == 1 and "attachment.outside" in codes(doc)
    from generator.build import build_site
    res = build_site(root.path, tmp_path / "out", DEADLINE)
    assert not res.ok and "attachment.outside" in [f.code for f in res.errors]
    assert not (tmp_path / "out").exists()


def test_symlinked_material_is_not_read(root, check_json, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\nkind: regional_plan\ntitle: 伪造\npublished_on: 2025-01-01\n---\n秘密\n", encoding="utf-8")
    link = root.path / COLLEGE / "materials/plans/stolen.md"
    link.symlink_to(outside)
    rc, doc = check_json(root)
    found = [f for f in doc["findings"] if f["code"] == "file.symlink"]
    assert rc == 1 and found and found[0]["file"] == f"{COLLEGE}/materials/plans/stolen.md"


def test_symlinked_institution_yml_and_folders_are_not_read(root, check_json):
    inst = root.path / f"institutions/{CODE_B}/institution.yml"
    inst.unlink()
    inst.symlink_to(root.path / COLLEGE / "institution.yml")
    (root.path / COLLEGE / "materials/linked").symlink_to(root.path / f"institutions/{CODE_B}")
    rc, doc = check_json(root)
    files = {f["file"] for f in doc["findings"] if f["code"] == "file.symlink"}
    assert rc == 1 and f"institutions/{CODE_B}/institution.yml" in files
