"""Builds survive faults with one clear message (issue 20 §4): a build already running into the
same output, a write the system refuses (disk full), and no font that can draw Chinese.
Each leaves the published site as it was, and no lock file or temporary folder beside it."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
AS_OF = "2027-03-01"
PORTAL = [sys.executable, "-m", "generator"]


def demo(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    for name in ("site_config.yml", "content", "institutions"):
        src = REPO / name
        shutil.copytree(src, root / name) if src.is_dir() else shutil.copy2(src, root / name)
    return root


def portal(*args, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*PORTAL, *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})}, timeout=300, **kw)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Lock files and temporary folders a build left beside `out`."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}.") and not p.name.endswith(".spare"))


def test_a_held_output_folder_gives_the_lock_message(tmp_path):
    root, out = demo(tmp_path), tmp_path / "site"
    first = portal("build", "--root", root, "--out", out, "--no-pdf", "--as-of", AS_OF)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    # another process holds the output folder's lock (as a running build does)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys\n"
        f"fd = os.open({str(out.parent / ('.' + out.name + '.lock'))!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = portal("build", "--root", root, "--out", out, "--no-pdf", "--as-of", AS_OF)
    finally:
        holder.communicate("")
    assert second.returncode == 3, second.stderr
    assert "另一个构建正在使用" in second.stderr and "Traceback" not in second.stderr
    assert snapshot(out) == before
    assert not [n for n in leftovers(out) if ".tmp-" in n]


def test_two_builds_at_once_one_publishes_the_other_is_refused(tmp_path):
    root, out = demo(tmp_path), tmp_path / "site"
    args = [*PORTAL, "build", "--root", str(root), "--out", str(out), "--no-pdf", "--as-of", AS_OF]
    procs = [subprocess.Popen(args, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    done = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close(), p.stderr.close()
    codes = sorted(rc for rc, _ in done)
    assert all("Traceback" not in err and "内部错误" not in err for _, err in done), done
    assert codes in ([0, 0], [0, 3]), done          # one after the other, or the second refused
    if codes == [0, 3]:
        assert "另一个构建正在使用" in [err for rc, err in done if rc == 3][0]
    assert (out / "index.html").is_file()
    assert leftovers(out) == []
    assert not (root / ".portal-cache.lock").exists()


def test_a_full_disk_leaves_the_old_site_and_no_lock(tmp_path, monkeypatch, capsys):
    from generator import cli
    root, out = demo(tmp_path), tmp_path / "site"
    argv = ["build", "--root", str(root), "--out", str(out), "--no-pdf", "--as-of", AS_OF]
    assert cli.main(argv) == 0
    before = snapshot(out)
    notice = root / "content/notices/disk-full.md"
    notice.parent.mkdir(exist_ok=True)
    notice.write_text("---\ntitle: 磁盘测试\ndate: 2027-02-01\n---\n正文。\n", encoding="utf-8")
    capsys.readouterr()

    def full(*a, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/fake/full")
    monkeypatch.setattr(shutil, "copyfileobj", full)      # every file copied into the site
    rc = cli.main(argv)
    err = capsys.readouterr().err
    assert rc == 4, err
    assert "磁盘空间不足" in err and "原有站点保持不变" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert not (root / ".portal-cache.lock").exists()


def test_no_chinese_font_is_a_finding_naming_the_package(tmp_path):
    root, out = demo(tmp_path), tmp_path / "site"
    conf = tmp_path / "fonts.conf"            # fontconfig with no font folder at all
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    res = portal("build", "--root", root, "--out", out, "--as-of", AS_OF, env={"FONTCONFIG_FILE": str(conf)})
    assert res.returncode == 1, res.stderr
    assert "[pdf.font_missing]" in res.stderr and "fonts-noto-cjk" in res.stderr
    assert "Traceback" not in res.stderr and not out.exists()
    code = sorted(p.name for p in (root / "institutions").iterdir())[0]
    one = portal("pdf", "--root", root, "--institution", code, "--as-of", AS_OF, "--out", tmp_path / "pdfs",
                 env={"FONTCONFIG_FILE": str(conf)})
    assert one.returncode == 1 and "[pdf.font_missing]" in one.stderr, one.stderr
