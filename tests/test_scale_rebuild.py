"""Rebuilds cost what changed: unchanged docs files keep their bytes and modification time
(issue 7), on a synthetic root."""
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator import urls
from generator.build import CACHE, build_site
from generator.site.progress import Progress
from generator.site.search import SearchIndexError
from generator.synth import synthesize


def snapshot(docs: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(docs).as_posix(): (os.stat(p).st_mtime_ns, p.read_bytes())
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_rebuild_writes_only_what_changed(tmp_path):
    root, out = tmp_path / "root", tmp_path / "site"
    summary = synthesize(root, 3, "rebuild", 2026)
    quiet = Progress(enabled=False)
    first = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert first.ok and first.written == first.files > 0
    tree = root / CACHE / "site"
    before = snapshot(tree)

    again = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert again.ok and again.written == 0
    assert snapshot(tree) == before                       # same bytes, same mtimes

    code = sorted(p.name for p in (root / "institutions").iterdir())[0]
    mat = sorted((root / "institutions" / code).glob("materials/*/aqr.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n（补充说明：本段为重建测试新增。）\n")
    changed = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    after = snapshot(tree)
    assert changed.ok and 0 < changed.written < changed.files
    rewritten = {rel for rel, (mt, data) in after.items() if rel not in before or before[rel][0] != mt}
    assert rewritten and len(rewritten) == changed.written
    for rel in rewritten:                                  # a new mtime only where bytes changed
        assert rel not in before or before[rel][1] != after[rel][1], rel
    slug = urls.material_slug(mat.relative_to(root).as_posix(), code)
    assert f"docs/{urls.material(code, slug)}index.md" in rewritten
    assert "补充说明" in (out / urls.material(code, slug) / "index.html").read_text(encoding="utf-8")


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_engine_runs_only_on_change_and_dirty_equals_clean(tmp_path, monkeypatch):
    """The engine's output is kept between builds (generator/engine.py): nothing changed → no
    engine run and the site folder untouched; one change → a dirty run whose site is
    byte-for-byte the site a clean build of the same data makes."""
    root, out = tmp_path / "root", tmp_path / "site"
    summary = synthesize(root, 3, "engine", 2026)
    quiet = Progress(enabled=False)
    assert build_site(root, out, summary.as_of, pdf=False, progress=quiet).engine == "clean"
    inode, page = os.stat(out).st_ino, out / "index.html"
    mtime = page.stat().st_mtime_ns

    again = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert (again.engine, again.written) == ("unchanged", 0)
    assert "生成页面" not in again.timings                             # same inputs: not even rendered
    assert os.stat(out).st_ino == inode and page.stat().st_mtime_ns == mtime   # not even swapped

    code = sorted(p.name for p in (root / "institutions").iterdir())[0]
    mats = sorted((root / "institutions" / code).glob("materials/*/*.md"))
    with open(mats[-1], "a", encoding="utf-8") as fh:
        fh.write("\n（增量构建测试：新增一段。）\n")
    gone = mats[0]
    gone_slug = urls.material_slug(gone.relative_to(root).as_posix(), code)
    gone.unlink()
    res = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert res.ok and res.engine == "dirty" and "生成页面" in res.timings, res
    assert not (out / urls.material(code, gone_slug)).exists()      # a removed source's page goes too

    fresh_root, fresh_out = tmp_path / "fresh", tmp_path / "fresh-site"
    shutil.copytree(root, fresh_root, ignore=shutil.ignore_patterns(CACHE))
    assert build_site(fresh_root, fresh_out, summary.as_of, pdf=False, progress=quiet).engine == "clean"
    dirty, clean = site_files(out), site_files(fresh_out)
    assert sorted(dirty) == sorted(clean)
    assert [p for p in clean if dirty[p] != clean[p]] == []

    # A failure after the engine started leaves no stamp: the next build is a clean one.
    import generator.engine as engine
    with open(mats[-1], "a", encoding="utf-8") as fh:
        fh.write("\n再加一段。\n")

    def broken(site, only=None):
        raise SearchIndexError("索引失败（测试）")
    monkeypatch.setattr(engine, "index_site", broken)
    before = site_files(out)
    with pytest.raises(SearchIndexError):
        build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert site_files(out) == before                                   # the published site is intact
    monkeypatch.undo()
    assert build_site(root, out, summary.as_of, pdf=False, progress=quiet).engine == "clean"

    shutil.rmtree(out)                                                 # a deleted site is published again
    res = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert res.engine == "unchanged" and (out / "index.html").is_file()
    # A new as-of date changes every page's footer and the config: a clean build.
    later = summary.as_of + dt.timedelta(days=1)
    assert build_site(root, out, later, pdf=False, progress=quiet).engine == "clean"


def test_fingerprint_follows_inputs_code_and_options(tmp_path):
    from generator.fingerprint import fingerprint
    root, code = tmp_path / "root", tmp_path / "code"
    (root / "institutions/4111010001/files").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "site_config.yml").write_text("a: 1\n", encoding="utf-8")
    att = root / "institutions/4111010001/files/a.pdf"
    att.write_bytes(b"%PDF-1.4")
    code.mkdir()
    (code / "m.py").write_text("X = 1\n", encoding="utf-8")

    def fp(**opts):
        return fingerprint(root, [code], {"as_of": "2026-07-01", **opts}).whole
    first = fp()
    assert fp() == first
    (root / ".portal-cache").mkdir()                        # the cache and the site are outputs
    (root / ".portal-cache/x").write_text("x", encoding="utf-8")
    (root / "site").mkdir()
    assert fp() == first
    assert fp(pdf=True) != first
    os.utime(att, ns=(1, 1))                                # an attachment replaced (new time)
    second = fp()
    assert second != first
    (root / "content/new.md").write_text("新", encoding="utf-8")
    third = fp()
    assert third != second
    (code / "m.py").write_text("X = 2\n", encoding="utf-8")  # the generator changed
    assert fp() != third


def test_render_memo_never_skips_publishing_a_file(tmp_path, monkeypatch):
    """A memo hit must not skip a side effect: renderings that published a college file
    (the `image` callback) are never kept; plain ones are, across builds (the memo file)."""
    from generator.site import richtext
    memo_file = tmp_path / "markdown.memo"
    published = []

    def image(v):
        published.append(v)
        return f"files/4111010001/{v[len('files/'):]}"
    plain, pictured = "正文：达成率 95%。", "![校园](files/campus.png)"
    with richtext.render_memo(memo_file):
        first = {t: richtext.markdown_html(t, "colleges/x/", image, institution="4111010001")
                 for t in (plain, pictured)}
    assert published == ["files/campus.png"] and "campus.png" in first[pictured]

    calls = []
    real = richtext.render_markdown
    monkeypatch.setattr(richtext, "render_markdown", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    with richtext.render_memo(memo_file):
        again = {t: richtext.markdown_html(t, "colleges/x/", image, institution="4111010001")
                 for t in (plain, pictured)}
    assert again == first
    assert calls == [pictured]                      # the plain body came from the memo
    assert published == ["files/campus.png"] * 2    # the picture was published again


def test_search_groups_split_large_regions_and_keep_each_region_apart():
    from generator.site.search import COLLEGES_PER_SHARD as N, groups
    colleges = ([(f"1{i:09d}", "甲省") for i in range(2 * N + 5)]        # large: cut into three shards
                + [(f"2{i:09d}", f"小区{k}") for k in range(6) for i in range(12)]
                + [("3000000001", "")])                                # no region stated
    regions, shards = groups(colleges)
    assert all(0 < len(c) <= N for c in shards.values())
    placed = [c for codes in shards.values() for c in codes]
    assert sorted(placed) == sorted(c for c, _ in colleges)            # every college exactly once
    by_name = {r.name: r for r in regions}
    assert len(by_name["甲省"].shards) == 3 and by_name["未注明地区"].shards
    for name, region in by_name.items():                                # a region's shards: it, all of it
        held = [c for s in region.shards for c in shards[s]]
        assert sorted(held) == sorted(c for c, r in colleges if (r or "未注明地区") == name)
    assert groups(colleges) == (regions, shards)                        # deterministic
    more, _ = groups(colleges + [("4000000001", "新区")])              # a new region moves no shard
    assert {r.name: r.shards for r in more if r.name != "新区"} == {r.name: r.shards for r in regions}


def test_search_steps_take_whole_regions_in_order_and_bound_every_batch():
    """A query fetches one batch of shards: whole regions up to the limit, a region larger
    than the limit in parts of its own, every shard exactly once and in the regions' order."""
    from generator.site.search import Region, steps
    sizes = {"甲": 2, "乙": 3, "丙": 1, "丁": 7, "戊": 4, "己": 3}
    regions = [Region(name, tuple(f"{name}-{k}" for k in range(n))) for name, n in sizes.items()]
    batches = steps(regions, per_step=6)
    assert [b["regions"] for b in batches] == [["甲", "乙", "丙"], ["丁（第1/2部分）"], ["丁（第2/2部分）"],
                                               ["戊"], ["己"]]
    assert all(0 < len(b["bundles"]) <= 6 for b in batches)
    assert [x for b in batches for x in b["bundles"]] == [p for r in regions for p in r.paths()]
    assert steps(regions[:1]) == [{"regions": ["甲"], "bundles": regions[0].paths()}]
    assert steps([]) == []


def test_parallel_render_gives_the_same_tree(tmp_path, monkeypatch):
    """Forked workers render the college pages (generator/site/render_pool.py): the docs tree,
    the published college files and the memo are those of a single-process render."""
    from generator.check import run_checks
    from generator.site import render_pool
    from generator.site.tree import assemble
    root = tmp_path / "root"
    summary = synthesize(root, 6, "pool", 2026)
    checked = run_checks(root, summary.as_of)
    serial = assemble(checked, summary.as_of, tmp_path / "c1", jobs=1)
    real = render_pool.render_colleges
    calls = []

    def forced(site, pdfs, jobs, progress, parallel_min=0, skip=frozenset()):
        calls.append(jobs)
        return real(site, pdfs, 2, progress, parallel_min=0, skip=skip)
    import generator.site.tree as tree_mod
    monkeypatch.setattr(tree_mod, "render_colleges", forced)
    checked = run_checks(root, summary.as_of)
    parallel = assemble(checked, summary.as_of, tmp_path / "c2", jobs=2)
    again = assemble(checked, summary.as_of, tmp_path / "c2", jobs=2)   # memo warm
    assert calls == [2, 2]
    assert serial.pages == parallel.pages == again.pages
    assert sorted(serial.files) == sorted(parallel.files)
    for rel, content in serial.files.items():
        assert parallel.files[rel] == content == again.files[rel], rel
    import json
    learnt = json.loads((tmp_path / "c2" / "markdown.memo").read_bytes().partition(b"\n")[2])
    alone = json.loads((tmp_path / "c1" / "markdown.memo").read_bytes().partition(b"\n")[2])
    assert learnt.keys() == alone.keys() and learnt                  # the workers' memo came home


def test_in_background_runs_in_a_forked_child_and_raises_its_errors():
    import os
    from generator.background import in_background
    assert in_background(True, os.getpid)() != os.getpid()           # forked: another process
    assert in_background(False, os.getpid)() == os.getpid()          # asked not to: right here
    assert in_background(True, sorted, [3, 1, 2])() == [1, 2, 3]
    wait = in_background(True, int, "不是数字")
    with pytest.raises(ValueError):
        wait()


def _sleeper_with_a_child(path):
    import multiprocessing
    import time
    child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    child.start()                       # a daemonic pool worker could not do this
    path.write_text(str(child.pid))
    time.sleep(60)


def test_in_background_child_may_start_processes_and_cancel_stops_them_all(tmp_path):
    import os
    import time
    from generator.background import in_background
    pending = in_background(True, _sleeper_with_a_child, tmp_path / "pid")
    for _ in range(200):
        if (tmp_path / "pid").exists() and (tmp_path / "pid").read_text():
            break
        time.sleep(0.05)
    grandchild = int((tmp_path / "pid").read_text())
    pending.cancel()
    for _ in range(100):                # killed; reaped by init once its parent is gone
        try:
            os.kill(grandchild, 0)
            with open(f"/proc/{grandchild}/stat") as fh:
                if fh.read().split(")")[1].split()[0] == "Z":
                    break
        except (ProcessLookupError, FileNotFoundError):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the background process's own child is still running")


def test_open_data_computed_beside_the_pages_gives_the_same_tree(tmp_path, monkeypatch):
    """From PARALLEL_MIN colleges the open data is computed in a forked child while the pages
    are rendered: the files, and the open-data page that lists them, are those of one process."""
    from generator.check import run_checks
    from generator import background
    from generator.site.tree import assemble
    import generator.site.tree as tree_mod
    root = tmp_path / "root"
    summary = synthesize(root, 4, "data", 2026)
    checked = run_checks(root, summary.as_of)
    alone = assemble(checked, summary.as_of, tmp_path / "c1", jobs=1)
    forks = []
    real = background.in_background
    monkeypatch.setattr(tree_mod, "PARALLEL_MIN", 0)
    monkeypatch.setattr(tree_mod, "in_background", lambda fork, *a: forks.append(fork) or real(fork, *a))
    beside = assemble(checked, summary.as_of, tmp_path / "c2", jobs=2)
    assert forks == [True]
    assert sorted(alone.files) == sorted(beside.files)
    listing = beside.files[f"docs/{urls.DATA}index.md"].decode("utf-8")
    assert "colleges.csv" in listing and "materials.json" in listing       # the page lists the files
    for rel, content in alone.files.items():
        assert beside.files[rel] == content, rel


def test_build_with_relative_paths_as_make_site_runs_it(tmp_path):
    """`portal build --root . --out site` from inside the root (what `make site` does): the
    engine's folders are resolved before MkDocs, which would read a relative --site-dir
    against its config file's folder."""
    from conftest import run_portal
    root = tmp_path / "root"
    summary = synthesize(root, 2, "relative", 2026)
    args = ["build", "--root", ".", "--out", "site", "--no-pdf", "--as-of", summary.as_of.isoformat()]
    first = run_portal(*args, cwd=root)
    assert first.returncode == 0, first.stderr
    assert (root / "site/index.html").is_file() and (root / "site/pagefind/pagefind-entry.json").is_file()
    assert not (root / CACHE / "site" / CACHE).exists()
    mat = sorted((root / "institutions").glob("*/materials/*/*.md"))[0]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n补充一段。\n")
    again = run_portal(*args, cwd=root)
    assert again.returncode == 0 and "增量构建" in again.stderr, again.stderr


def test_reused_college_pages_equal_a_fresh_render(tmp_path, monkeypatch):
    """Pages of colleges whose inputs did not change are kept, not rendered (site/reuse.py).
    After edits of every kind, the docs tree equals that of a fresh build of a copy of the root
    (no cache), byte for byte; a body edit re-renders one college only."""
    import generator.build as build_mod
    monkeypatch.setattr(build_mod, "build_and_publish", lambda *a, **k: "unchanged")   # engine: not under test
    quiet = Progress(enabled=False)
    root = tmp_path / "root"
    summary = synthesize(root, 5, "reuse", 2026)
    codes = sorted(p.name for p in (root / "institutions").iterdir())
    n = len(codes)

    def docs(r):
        d = r / CACHE / "site"
        return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}

    def step(k: int):
        res = build_site(root, tmp_path / "out", summary.as_of, pdf=False, progress=quiet)
        clone = tmp_path / f"fresh-{k}"
        shutil.copytree(root, clone, ignore=shutil.ignore_patterns(CACHE))
        fresh = build_site(clone, tmp_path / f"out-{k}", summary.as_of, pdf=False, progress=quiet)
        assert res.ok and fresh.ok and fresh.reused == 0
        assert docs(root) == docs(clone), k
        return res

    def material(code):
        return sorted((root / "institutions" / code).glob("materials/*/aqr.md"))[-1]

    assert step(0).reused == 0
    with open(material(codes[0]), "a", encoding="utf-8") as fh:       # a body edit
        fh.write("\n（补充说明：沿用测试。）\n")
    assert step(1).reused == n - 1
    (root / "institutions" / codes[1] / "files").mkdir(exist_ok=True)  # an image shown in a body
    (root / "institutions" / codes[1] / "files/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with open(material(codes[1]), "a", encoding="utf-8") as fh:
        fh.write("\n![现场照片](files/pic.png)\n")
    assert step(2).reused == n - 1
    with open(material(codes[2]), "a", encoding="utf-8") as fh:       # the image's college is reused
        fh.write("\n又一段。\n")
    res = step(3)
    assert res.reused == n - 1 and (root / CACHE / "site/docs" / urls.attachment(codes[1], "files/pic.png")).is_file()
    inst = root / "institutions" / codes[3] / "institution.yml"       # a name shows on other pages
    inst.write_text(inst.read_text(encoding="utf-8").replace("学院", "书院", 1), encoding="utf-8")
    assert step(4).reused == 0
    from generator.check import run_checks                          # a date the rules use: all change
    outcome = run_checks(root, summary.as_of).outcome
    used = next(it.provided for d in outcome.disclosures.values() for it in d.items
                if it.provided is not None and it.provided.doc is not None)
    day = used.published_on.isoformat()
    text = (root / used.path).read_text(encoding="utf-8")
    earlier = (used.published_on - dt.timedelta(days=40)).isoformat()
    (root / used.path).write_text(text.replace(f"published_on: {day}", f"published_on: {earlier}", 1), encoding="utf-8")
    assert step(5).reused == 0
    (root / CACHE / "site/docs" / urls.college(codes[0]) / "index.md").write_text("改坏", encoding="utf-8")
    with open(material(codes[2]), "a", encoding="utf-8") as fh:       # a tampered page is rendered again
        fh.write("\n再一段。\n")
    assert step(6).reused == n - 2


def test_outcome_digest_is_the_same_in_every_process(tmp_path):
    """Reuse keys hash what the rules computed: no set or hash order may leak into them."""
    import subprocess
    import sys
    root = tmp_path / "root"
    summary = synthesize(root, 4, "digest", 2026)
    prog = ("import sys, datetime as dt; from generator.check import run_checks; "
            "from generator.site.reuse import outcome_digest; "
            f"print(outcome_digest(run_checks(sys.argv[1], dt.date.fromisoformat('{summary.as_of}')).outcome).hex())")
    repo = Path(__file__).resolve().parent.parent
    got = {subprocess.run([sys.executable, "-c", prog, str(root)], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(got) == 1 and len(got.pop().strip()) == 64
