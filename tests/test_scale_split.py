"""A clean MkDocs build in two processes (generator/site/mkdocs_split.py) makes exactly the
site one process makes (issue 7: both cores at work during the longest step)."""
import gzip
import os
import shutil
import subprocess

import pytest

from generator import urls
from generator.build import CACHE, build_site
from generator.site import mkdocs_split
from generator.site.mkdocs_config import EngineError, run_mkdocs
from generator.site.progress import Progress
from generator.synth import synthesize

from test_scale_rebuild import site_files

URL = "https://x.example/"


def entry(loc: str) -> str:
    return f"\n    <url>\n         <loc>{URL}{loc}</loc>\n    </url>"


def sitemap(*locs: str) -> str:
    return '<?xml version="1.0"?>\n<urlset>' + "".join(entry(loc) for loc in locs) + "\n</urlset>"


def test_sitemaps_merge_in_the_order_of_one_run():
    first = sitemap("", "colleges/", "colleges/11/", "colleges/11/a/", "colleges/13/", "lists/")
    second = sitemap("colleges/10/", "colleges/12/", "colleges/12/b/", "colleges/14/")
    merged = mkdocs_split.merge_sitemaps(first, second, URL + "colleges/")
    assert merged == sitemap("", "colleges/", "colleges/10/", "colleges/11/", "colleges/11/a/",
                             "colleges/12/", "colleges/12/b/", "colleges/13/", "colleges/14/", "lists/")
    # every college in part 2: they go right after the colleges' index page
    alone = mkdocs_split.merge_sitemaps(sitemap("", "colleges/", "lists/"), second, URL + "colleges/")
    assert alone == sitemap("", "colleges/", "colleges/10/", "colleges/12/", "colleges/12/b/",
                            "colleges/14/", "lists/")
    with pytest.raises(ValueError):          # part 2 may only hold college pages
        mkdocs_split.merge_sitemaps(first, sitemap("lists/"), URL + "colleges/")
    with pytest.raises(ValueError):          # one run never separates the colleges' pages
        mkdocs_split.merge_sitemaps(sitemap("colleges/11/", "lists/", "colleges/13/"), second, URL + "colleges/")


def test_plan_halves_the_colleges_or_declines(tmp_path):
    docs = tmp_path / "docs"
    for k in range(100):
        (docs / "colleges" / f"41{k:08d}").mkdir(parents=True)
    (docs / "colleges" / "index.md").write_text("# 院校\n", encoding="utf-8")
    split = mkdocs_split.plan(docs, "colleges", min_colleges=40)
    in_part2 = [n for n in os.listdir(docs / "colleges") if n[-1] in split.digits]
    assert 45 <= len(in_part2) <= 55
    first, second = split.excludes()
    assert first == f"/colleges/*[{split.digits}]/\n"
    assert mkdocs_split.plan(docs, "colleges", min_colleges=101) is None      # too small to gain
    (docs / "colleges" / "41-odd name").mkdir()
    assert mkdocs_split.plan(docs, "colleges", min_colleges=40) is None       # not expressible
    assert mkdocs_split.plan(tmp_path / "missing", "colleges") is None


def leftovers(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(".mkdocs.part-") or n.endswith(".part-2")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("split")
    root = tmp / "root"
    summary = synthesize(root, 6, "split", 2026)
    res = build_site(root, tmp / "site", summary.as_of, pdf=False, jobs=1, progress=Progress(enabled=False))
    assert res.ok
    return tmp, root, summary


def test_two_processes_build_what_one_builds(built):
    tmp, root, summary = built
    config = root / CACHE / "site" / "mkdocs.yml"
    one, two = tmp / "one", tmp / "two"
    assert run_mkdocs(config, one, summary.as_of, jobs=1, min_colleges=2) == 1
    assert run_mkdocs(config, two, summary.as_of, jobs=2, min_colleges=2) == 2
    a, b = site_files(one), site_files(two)
    assert sorted(a) == sorted(b)
    assert [p for p in a if a[p] != b[p]] == []
    # the merge was needed: each part rendered some colleges, and the sitemap lists them all
    codes = sorted(p.name for p in (root / "institutions").iterdir())
    assert all(f"{urls.COLLEGES}{c}/index.html" in b for c in codes)
    assert gzip.decompress(b["sitemap.xml.gz"]) == b["sitemap.xml"]
    assert all(f"{c}/</loc>".encode() in b["sitemap.xml"] for c in codes)
    assert leftovers(tmp) == []                                            # no part left behind


def test_a_failing_part_fails_the_build_and_leaves_nothing(built, monkeypatch):
    tmp, root, summary = built
    config = root / CACHE / "site" / "mkdocs.yml"
    real = mkdocs_split.run_parts

    def second_fails(cmds, env):
        results = real(cmds, env)
        return [results[0], subprocess.CompletedProcess(cmds[1], 1, "第二部分出错（测试）", "")]
    monkeypatch.setattr(mkdocs_split, "run_parts", second_fails)
    with pytest.raises(EngineError, match="第二部分出错"):
        run_mkdocs(config, tmp / "broken", summary.as_of, jobs=2, min_colleges=2)
    assert leftovers(tmp) == []                                            # parts and configs gone
    shutil.rmtree(tmp / "broken", ignore_errors=True)


def test_build_uses_both_processes_and_publishes_the_same_site(built, monkeypatch):
    tmp, root, summary = built
    used = []
    real = mkdocs_split.combine
    monkeypatch.setattr(mkdocs_split, "MIN_COLLEGES", 2)
    monkeypatch.setattr(mkdocs_split, "combine", lambda *a: used.append(a) or real(*a))
    fresh = tmp / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(CACHE))
    res = build_site(fresh, tmp / "fresh-site", summary.as_of, pdf=False, jobs=2, progress=Progress(enabled=False))
    assert res.ok and res.engine == "clean" and len(used) == 1
    one, two = site_files(tmp / "site"), site_files(tmp / "fresh-site")   # search index included
    assert sorted(one) == sorted(two)
    assert [p for p in one if one[p] != two[p]] == []
