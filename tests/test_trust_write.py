"""DESIGN.md §7 "a failed build never leaves a half-written site": write-if-changed, the atomic
swap, recovery after SIGKILL at every step, and the hard-link publication of incremental builds."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from builders import REPO
from generator.write import atomic_site, publish_tree, recover, staging_dir
from generator.write_files import write_if_changed
from generator.write_sync import SyncStats, sync_tree


def snapshot(d: Path) -> dict[str, tuple[str, int]]:
    """Every file below `d` with its SHA-256 and inode (to prove the old site was not touched)."""
    out = {}
    for p in sorted(d.rglob("*")):
        if p.is_file():
            out[p.relative_to(d).as_posix()] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


def leftovers(parent: Path, name: str = "site") -> list[str]:
    """Temporary folders left beside the site (the lock file and the spare — the previous site,
    kept on purpose for the next incremental publish — are not leftovers)."""
    return sorted(p.name for p in parent.iterdir()
                  if p.name.startswith(f".{name}.") and p.name not in (f".{name}.lock", f".{name}.spare"))


def inode_bytes(*dirs: Path) -> dict[int, bytes]:
    return {p.stat().st_ino: p.read_bytes() for d in dirs if d.is_dir() for p in d.rglob("*") if p.is_file()}


@pytest.fixture
def old_site(tmp_path) -> Path:
    out = tmp_path / "site"
    with atomic_site(out) as tmp:
        for i in range(50):
            (tmp / f"p{i}").mkdir()
            (tmp / f"p{i}/index.html").write_text(f"旧页面 {i}\n", encoding="utf-8")
    return out


# --- write if changed -------------------------------------------------------------------
def test_write_if_changed_keeps_mtime_of_unchanged_files(tmp_path):
    p = tmp_path / "a/b.html"
    assert write_if_changed(p, b"one") is True
    os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(p, b"one") is False
    assert p.stat().st_mtime_ns == 1_000_000_000
    assert write_if_changed(p, b"two") is True and p.read_bytes() == b"two"


def test_sync_tree_writes_changed_keeps_unchanged_removes_stale(tmp_path):
    dest = tmp_path / "docs"
    assert tuple(sync_tree(dest, {"a.md": b"A", "d/b.md": b"B", "d/e/c.md": b"C"})) == (3, 0, 0)
    os.utime(dest / "a.md", ns=(7, 7))
    (dest / "d/.b.md.tmp-99").write_bytes(b"leftover of a killed run")
    stats = sync_tree(dest, {"a.md": b"A", "d/b.md": b"B2"})
    assert stats == SyncStats(written=1, unchanged=1, removed=2, changed=["d/b.md", "d/e/c.md", "d/.b.md.tmp-99"])
    written, unchanged, removed = stats
    assert (dest / "a.md").stat().st_mtime_ns == 7
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*")) == ["a.md", "d", "d/b.md"]


def test_sync_tree_copies_file_sources_and_refuses_links(tmp_path):
    src = tmp_path / "src.pdf"
    src.write_bytes(b"%PDF")
    sync_tree(tmp_path / "out", {"files/a.pdf": src})
    assert (tmp_path / "out/files/a.pdf").read_bytes() == b"%PDF"
    link = tmp_path / "link.pdf"
    link.symlink_to(src)
    with pytest.raises(OSError):
        sync_tree(tmp_path / "out2", {"files/a.pdf": link})


def test_sync_tree_rejects_escaping_paths(tmp_path):
    with pytest.raises(ValueError):
        sync_tree(tmp_path / "out", {"../evil": b"x"})


# --- the atomic swap --------------------------------------------------------------------
def test_exception_mid_build_leaves_old_site_and_no_temp(old_site):
    before = snapshot(old_site)
    with pytest.raises(RuntimeError):
        with atomic_site(old_site) as tmp:
            (tmp / "p0").mkdir()
            (tmp / "p0/index.html").write_text("半成品", encoding="utf-8")
            raise RuntimeError("the build failed half-way")
    assert snapshot(old_site) == before
    assert leftovers(old_site.parent) == []


def test_success_replaces_the_whole_site(old_site):
    with atomic_site(old_site) as tmp:
        (tmp / "index.html").write_text("新站点", encoding="utf-8")
    assert snapshot(old_site).keys() == {"index.html"}
    assert leftovers(old_site.parent) == []


KILLER = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    import generator.write as w
    out, mode = Path(sys.argv[1]), sys.argv[2]
    if mode == "between":              # die right after "out -> .out.old", before "new -> out"
        w._exchange = lambda a, b: False
        real = os.rename
        def rename(a, b):
            real(a, b)
            if str(b).endswith(".old"):
                os.kill(os.getpid(), signal.SIGKILL)
        w.os.rename = rename
    with w.atomic_site(out) as tmp:
        for i in range(50):
            (tmp / f"p{i}").mkdir()
            with open(tmp / f"p{i}/index.html", "w") as fh:
                fh.write("new")
            if mode == "build" and i == 20:
                Path(sys.argv[1] + ".ready").write_text(str(os.getpid()))
                time.sleep(60)         # killed here, half-way through writing
""")


def _run_killer(out: Path, mode: str) -> int:
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(out), mode, str(REPO)])
    if mode == "build":
        ready = Path(str(out) + ".ready")
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), "the child never reached the middle of the build"
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return proc.returncode


def test_sigkill_mid_build_leaves_old_site_intact(old_site):
    before = snapshot(old_site)
    assert _run_killer(old_site, "build") == -signal.SIGKILL
    assert snapshot(old_site) == before                       # byte for byte, mtimes too
    assert [n for n in leftovers(old_site.parent) if ".tmp-" in n]   # the dead run's folder…
    recover(old_site)
    assert leftovers(old_site.parent) == []                   # …is gone after the next run starts
    assert snapshot(old_site) == before


def test_sigkill_between_the_two_renames_is_recovered(old_site):
    before = snapshot(old_site)
    assert _run_killer(old_site, "between") == -signal.SIGKILL
    assert not old_site.exists() and (old_site.parent / ".site.old").is_dir()   # the worst moment
    staging_dir(old_site)                                     # the next run repairs first
    assert snapshot(old_site) == before
    assert [n for n in leftovers(old_site.parent) if not n.endswith(f"-{os.getpid()}")] == []


def test_leftover_old_after_a_completed_swap_is_removed(old_site):
    stale = old_site.parent / ".site.old"
    stale.mkdir()
    (stale / "x").write_text("previous site", encoding="utf-8")
    before = snapshot(old_site)
    recover(old_site)
    assert not stale.exists() and snapshot(old_site) == before


def test_a_live_concurrent_staging_folder_is_left_alone(old_site):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        theirs = old_site.parent / f".site.tmp-{sleeper.pid}"
        theirs.mkdir()
        recover(old_site)
        assert theirs.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    recover(old_site)
    assert not theirs.exists()


# --- publishing an incremental build by hard links --------------------------------------
def test_publish_tree_copies_only_changes_and_never_touches_the_live_site(tmp_path):
    built, out = tmp_path / "staging", tmp_path / "site"
    for i in range(20):
        p = built / f"p{i}/index.html"
        p.parent.mkdir(parents=True)
        p.write_text(f"页面 {i}", encoding="utf-8")
    assert tuple(publish_tree(built, out)) == (20, 0, 0)
    assert tuple(publish_tree(built, out)) == (0, 20, 0)      # nothing changed: nothing copied
    live = out / "p3/index.html"
    held = open(live, "rb")                                   # a reader of the live site
    ino = os.stat(out / "p4/index.html").st_ino
    # the engine rewrites its staging files in place (truncate + write), as MkDocs does
    with open(built / "p3/index.html", "r+b") as fh:
        fh.truncate(0)
        fh.write("改过的页面 3".encode())
    (built / "p19/index.html").unlink()
    assert tuple(publish_tree(built, out)) == (1, 18, 1)
    assert held.read() == "页面 3".encode()                    # the old inode kept its bytes
    held.close()
    assert live.read_text(encoding="utf-8") == "改过的页面 3"
    assert os.stat(out / "p4/index.html").st_ino == ino       # unchanged pages are the same inodes
    assert not (out / "p19").exists()
    # and staging never shares an inode with the published site
    site_inodes = {p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert not site_inodes & {p.stat().st_ino for p in built.rglob("*") if p.is_file()}
    assert leftovers(tmp_path) == []


def test_publish_tree_into_a_new_site_copies_bytes_and_times(tmp_path):
    """The first publish (a cold build) copies straight into a new staging folder: same bytes
    and mtimes as `built`, no inode shared with it, links left out, nothing left behind."""
    built, out = tmp_path / "engine", tmp_path / "site"
    for rel in ("index.html", "a/b/c.html", "a/d.css", "pagefind/x.pf_fragment"):
        (built / rel).parent.mkdir(parents=True, exist_ok=True)
        (built / rel).write_bytes(rel.encode() * 3)
        os.utime(built / rel, ns=(5, 5_000_000_000))
    (built / "a/link.html").symlink_to(built / "index.html")
    assert tuple(publish_tree(built, out)) == (4, 0, 0)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir())
    assert files == ["a/b/c.html", "a/d.css", "index.html", "pagefind/x.pf_fragment"]
    for rel in files:
        a, b = os.stat(built / rel), os.lstat(out / rel)
        assert (out / rel).read_bytes() == (built / rel).read_bytes()
        assert b.st_mtime_ns == a.st_mtime_ns and b.st_ino != a.st_ino
    assert leftovers(tmp_path) == []


def test_publish_tree_copies_the_late_folders_after_the_work_alongside(tmp_path):
    """The search index is built while the pages are copied: the folders it writes are copied
    only once it has finished (a folder of the same name deeper down is an ordinary one), and
    if it fails nothing is published."""
    import threading
    built, out = tmp_path / "engine", tmp_path / "site"
    for rel, text in (("index.html", "首页"), ("pagefind/pagefind.js", "旧索引"),
                      ("colleges/a/pagefind/index.html", "同名的普通目录")):
        (built / rel).parent.mkdir(parents=True, exist_ok=True)
        (built / rel).write_text(text, encoding="utf-8")
    started, copying = threading.Event(), []

    def staged():
        return sorted(p.relative_to(_staging(tmp_path)).as_posix() for p in _staging(tmp_path).rglob("*")
                      if p.is_file() and not p.name.startswith("."))

    def index():
        started.set()
        deadline = time.monotonic() + 30              # the pages are being copied meanwhile
        while len(staged()) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)
        copying.append(staged())
        shutil.rmtree(built / "pagefind")             # as Pagefind does: a new bundle
        (built / "pagefind").mkdir()
        (built / "pagefind/pagefind.js").write_text("新索引", encoding="utf-8")
        (built / "pagefind-colleges/x").mkdir(parents=True)
        (built / "pagefind-colleges/x/pf_meta").write_text("分片", encoding="utf-8")

    stats = publish_tree(built, out, alongside=index, late=("pagefind", "pagefind-colleges"))
    assert started.is_set() and stats.written == 4
    assert copying == [["colleges/a/pagefind/index.html", "index.html"]]   # no late folder yet
    assert (out / "pagefind/pagefind.js").read_text(encoding="utf-8") == "新索引"
    assert (out / "pagefind-colleges/x/pf_meta").read_text(encoding="utf-8") == "分片"
    assert (out / "colleges/a/pagefind/index.html").is_file()

    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (built / "index.html").write_text("新首页", encoding="utf-8")

    def broken():
        raise RuntimeError("索引失败（测试）")
    with pytest.raises(RuntimeError):
        publish_tree(built, out, alongside=broken, late=("pagefind",))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(tmp_path) == []


def _staging(tmp_path):
    return next(tmp_path.glob(".site.tmp-*"))


@pytest.mark.slow
def test_killed_portal_build_leaves_previous_site(tmp_path):
    """The real `portal build`, SIGKILLed while MkDocs writes: the old site is intact and the next
    build cleans up and succeeds."""
    from builders import ScratchRoot
    root = ScratchRoot(tmp_path / "root").base()
    out = tmp_path / "site"
    cmd = [sys.executable, "-m", "generator", "build", "--root", str(root.path), "--out", str(out),
           "--as-of", "2025-06-01", "--no-pdf"]
    first = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    root.replace("institutions/4111010001/institution.yml", "测试工业职业技术学院", "测试工业职业技术大学")
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        tmp = [p for p in tmp_path.glob(".site.tmp-*") if any(p.rglob("*.html"))]
        if tmp:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == before
    again = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert leftovers(tmp_path) == []
    assert "测试工业职业技术大学" in (out / "colleges/4111010001/index.html").read_text(encoding="utf-8")


def test_publish_tree_reuses_the_spare_without_touching_live_files(tmp_path):
    """Consecutive incremental publishes: the spare (the site before the live one) becomes the
    next staging folder. Files it shares with the live site are only ever replaced by rename,
    so no inode the live site used changes its bytes, and each published site equals `built`."""
    built, out = tmp_path / "built", tmp_path / "site"
    for i in range(30):
        (built / f"p{i}").mkdir(parents=True)
        (built / f"p{i}/index.html").write_text(f"页面 {i}", encoding="utf-8")
    publish_tree(built, out)
    for round_ in range(3):
        live = inode_bytes(out)
        (built / f"p{round_}/index.html").write_text(f"第 {round_} 次修改", encoding="utf-8")
        (built / f"p{20 + round_}/index.html").unlink()
        (built / f"new{round_}.html").write_text("新页面", encoding="utf-8")
        publish_tree(built, out)
        assert (tmp_path / ".site.spare").is_dir()
        after = inode_bytes(out, tmp_path / ".site.spare")
        assert all(after[ino] == data for ino, data in live.items() if ino in after)
        assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == \
            {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("*") if p.is_file()}
        assert leftovers(tmp_path) == []
    # a link planted in the spare does not survive into the next site
    os.symlink("/etc/passwd", tmp_path / ".site.spare/p5/evil")
    publish_tree(built, out)
    assert not (out / "p5/evil").exists() and not (out / "p5/evil").is_symlink()


def test_sync_tree_manifest_skips_reading_back_and_still_sees_edits(tmp_path, monkeypatch):
    import generator.write_sync as write
    dest, manifest = tmp_path / "docs", tmp_path / "site.manifest"
    files = {f"p{i}.md": f"页面 {i}".encode() for i in range(20)}
    assert sync_tree(dest, files, manifest=manifest).written == 20
    real_same = write._same
    read_back = []
    monkeypatch.setattr(write, "_same", lambda t, s: read_back.append(t.name) or real_same(t, s))
    stats = sync_tree(dest, {**files, "p3.md": "改过".encode()}, manifest=manifest)
    assert (stats.written, stats.unchanged) == (1, 19)
    assert read_back == ["p3.md"]                          # the other 19 compared by digest
    # someone edits the tree by hand: its mtime changes, so it is compared and repaired
    (dest / "p5.md").write_text("手工改动", encoding="utf-8")
    read_back.clear()
    stats = sync_tree(dest, {**files, "p3.md": "改过".encode()}, manifest=manifest)
    assert stats.changed == ["p5.md"] and read_back == ["p5.md"]
    assert (dest / "p5.md").read_bytes() == "页面 5".encode()
    manifest.write_bytes(b"not a pickle")                 # a damaged manifest: compare everything
    read_back.clear()
    assert sync_tree(dest, {**files, "p3.md": "改过".encode()}, manifest=manifest).written == 0
    assert len(read_back) == 20


def test_sync_tree_prunes_from_its_listing_and_walks_after_a_kill(tmp_path, monkeypatch):
    """With a complete manifest, stale files are found from the listing (no walk of every
    folder); while a sync runs the manifest is gone, so after a killed sync the next one
    walks and removes whatever the killed run left."""
    import generator.write_sync as write
    dest, manifest = tmp_path / "docs", tmp_path / "site.manifest"
    files = {f"d{i}/index.md": f"页面 {i}".encode() for i in range(10)}
    sync_tree(dest, files, manifest=manifest)
    walked = []
    monkeypatch.setattr(write, "_prune", lambda *a: walked.append(1) or 0)
    smaller = {k: v for k, v in files.items() if k not in ("d3/index.md", "d4/index.md")}
    stats = sync_tree(dest, smaller, manifest=manifest)
    assert walked == [] and stats.removed == 2 and sorted(stats.changed) == ["d3/index.md", "d4/index.md"]
    assert not (dest / "d3").exists() and not (dest / "d4").exists()     # emptied folders go too
    monkeypatch.undo()

    (dest / "d1/.index.md.tmp-999").write_bytes(b"half")          # what a killed sync leaves…
    manifest.unlink()                                              # …and it never saved a manifest
    stats = sync_tree(dest, smaller, manifest=manifest)
    assert stats.removed == 1 and not (dest / "d1/.index.md.tmp-999").exists()
    assert manifest.is_file()


def test_sync_tree_into_a_new_folder_matches_the_comparing_path(tmp_path, monkeypatch):
    """A cold build's docs tree does not exist yet: it is written without comparing, renaming
    or pruning, and gives the same files, stats and manifest as the comparing path."""
    import generator.write_sync as write
    att = tmp_path / "att.pdf"
    att.write_bytes(b"%PDF-1.4")
    files = {"b/index.md": "乙".encode(), "a.md": b"A", "files/x/att.pdf": att, "b/c/d.md": b"D"}
    compared, fresh = tmp_path / "compared", tmp_path / "fresh"
    compared.mkdir()                                   # it exists: every file is compared
    slow = sync_tree(compared, files, manifest=tmp_path / "compared.manifest")
    calls = []
    for name in ("_same", "_prune", "_prune_listed"):
        monkeypatch.setattr(write, name, lambda *a, _n=name: calls.append(_n))
    fast = sync_tree(fresh, files, manifest=tmp_path / "fresh.manifest")
    assert calls == [] and fast == slow and fast.written == 4
    assert {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*") if p.is_file()} == \
        {p.relative_to(compared).as_posix(): p.read_bytes() for p in compared.rglob("*") if p.is_file()}
    listed = {k: (v[0], v[2]) for k, v in write._load_manifest(tmp_path / "fresh.manifest").items()}
    assert listed == {k: (v[0], v[2]) for k, v in write._load_manifest(tmp_path / "compared.manifest").items()}
    monkeypatch.undo()
    again = sync_tree(fresh, files, manifest=tmp_path / "fresh.manifest")     # the manifest holds
    assert (again.written, again.unchanged) == (0, 4)


def test_sync_tree_keeps_a_file_passed_as_itself(tmp_path):
    """A page reused from the last build is passed as its own path: it is neither rewritten nor
    removed, and the manifest keeps listing it (site/reuse.py relies on that)."""
    from generator.write_sync import kept_where
    dest, manifest = tmp_path / "docs", tmp_path / "site.manifest"
    sync_tree(dest, {"a.md": b"A", "b.md": b"B"}, manifest=manifest)
    mtime = (dest / "a.md").stat().st_mtime_ns
    assert kept_where(dest, manifest, ["a.md", "b.md", "c.md"]) == {"a.md", "b.md"}
    stats = sync_tree(dest, {"a.md": dest / "a.md", "b.md": b"B2"}, manifest=manifest)
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (dest / "a.md").read_bytes() == b"A" and (dest / "a.md").stat().st_mtime_ns == mtime
    assert kept_where(dest, manifest, ["a.md"]) == {"a.md"}
    (dest / "a.md").write_bytes(b"X")                             # edited by hand: no longer kept
    os.utime(dest / "a.md", ns=(1, 1))
    assert kept_where(dest, manifest, ["a.md"]) == set()


def test_publish_after_a_clean_engine_run_stops_rereading(tmp_path, monkeypatch):
    """A clean engine run rewrites every file with the same bytes and a new time. Publishing
    then compares bytes once per folder (live and spare alternate) and gives the staged copies
    the new time (replacing, not touching,
    a copy shared with the live site), so the publish after it compares by stat alone."""
    import generator.write_files as write
    built, out = tmp_path / "built", tmp_path / "site"
    for i in range(10):
        (built / f"p{i}").mkdir(parents=True)
        (built / f"p{i}/index.html").write_text(f"页面 {i}", encoding="utf-8")
    publish_tree(built, out)
    publish_tree(built, out)                       # no spare yet: hard links to the live site
    live = inode_bytes(out)
    live_times = {p.stat().st_ino: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    for p in built.rglob("*.html"):                # "clean run": same bytes, new times
        p.write_bytes(p.read_bytes())
        os.utime(p, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    reads = []
    real = write._same_file
    monkeypatch.setattr(write, "_same_file", lambda a, b, n: reads.append(a) or real(a, b, n))
    publish_tree(built, out)
    assert len(reads) == 10
    after = inode_bytes(out, tmp_path / ".site.spare")
    assert all(after[ino] == data for ino, data in live.items() if ino in after)
    for p in (tmp_path / ".site.spare").rglob("*"):   # the previous live site: times untouched
        if p.is_file():
            assert p.stat().st_mtime_ns == live_times[p.stat().st_ino]
    reads.clear()
    publish_tree(built, out)                       # the other folder catches up once too…
    assert len(reads) == 10
    reads.clear()
    publish_tree(built, out)                       # …and from then on: stat only
    publish_tree(built, out)
    assert reads == []
