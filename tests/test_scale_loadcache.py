"""Parsed college folders kept between builds (generator/load_cache.py) give exactly what
reading the folders gives; a changed folder, new code or a damaged cache file is read again."""
import os

import generator.load as load
from generator.build import CACHE, PACKAGE, build_site
from generator.findings import Report
from generator.fingerprint import fingerprint
from generator.load_cache import CollegeCache, keys_of
from generator.site.progress import Progress
from generator.site.templating import THEME
from generator.synth import synthesize

from test_scale_load import _snapshot


def cache_for(root, folder, extra_code=()):
    inputs = fingerprint(root, [PACKAGE, *extra_code], {})
    return CollegeCache(folder, keys_of(inputs.code, inputs.colleges))


def load_with(root, cache=None):
    report = Report()
    proj = load.load_project(root, report, cache=cache)
    return proj, report.findings


def test_cached_folders_equal_read_folders(tmp_path):
    root, folder = tmp_path / "root", tmp_path / "cache"
    synthesize(root, 8, "loadcache", 2026)
    codes = sorted(p.name for p in (root / "institutions").iterdir())
    (root / f"institutions/{codes[3]}/materials/bad.md").write_text("---\nkind: nope\n---\n正文\n", encoding="utf-8")
    (root / "institutions/notacode").mkdir()

    fresh, fresh_findings = load_with(root)
    first = cache_for(root, folder)
    _, findings = load_with(root, first)
    assert first.hits == 0 and findings == fresh_findings
    assert sorted(os.listdir(folder)) == [f"{c}.json" for c in codes]

    again = cache_for(root, folder)
    proj, findings = load_with(root, again)
    assert again.hits == len(codes)
    assert list(proj.colleges) == list(fresh.colleges)
    assert _snapshot(proj) == _snapshot(fresh)
    assert findings == fresh_findings                         # same findings, same order
    assert any(f.code == "schema.value" and f.file == "institutions/notacode" for f in findings)

    # one college changes one material: only that folder is read again
    mat = sorted((root / f"institutions/{codes[0]}").glob("materials/*/*.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n缓存测试：新增一段。\n")
    changed = cache_for(root, folder)
    proj, findings = load_with(root, changed)
    assert changed.hits == len(codes) - 1
    fresh, fresh_findings = load_with(root)
    assert _snapshot(proj) == _snapshot(fresh) and findings == fresh_findings
    assert any("缓存测试" in d.body for d in proj.colleges[codes[0]].materials)

    # a damaged file is ignored and replaced; a removed college's file goes
    (folder / f"{codes[1]}.json").write_bytes(b"zg-load-1\n" + b"0" * 64 + b"not a pickle")
    (folder / ".stale.tmp-1").write_bytes(b"")
    os.rename(root / f"institutions/{codes[2]}", tmp_path / "gone")
    damaged = cache_for(root, folder)
    proj, findings = load_with(root, damaged)
    assert damaged.hits == len(codes) - 2
    fresh, fresh_findings = load_with(root)
    assert _snapshot(proj) == _snapshot(fresh) and findings == fresh_findings
    assert sorted(os.listdir(folder)) == [f"{c}.json" for c in codes if c != codes[2]]

    # other code: nothing is served
    other = tmp_path / "plugin"
    other.mkdir()
    (other / "x.py").write_text("# another version of the generator\n", encoding="utf-8")
    newcode = cache_for(root, folder, [other])
    load_with(root, newcode)
    assert newcode.hits == 0


def test_rebuild_reads_only_the_changed_folder(tmp_path, monkeypatch):
    root, out = tmp_path / "root", tmp_path / "site"
    summary = synthesize(root, 4, "loadcache-build", 2026)
    quiet = Progress(enabled=False)
    assert build_site(root, out, summary.as_of, pdf=False, progress=quiet).ok
    read = []
    real = load._load_college
    monkeypatch.setattr(load, "_load_college", lambda proj, d: read.append(d.name) or real(proj, d))
    assert build_site(root, out, summary.as_of, pdf=False, progress=quiet).ok
    assert read == []                                          # every folder came from the cache
    code = sorted(p.name for p in (root / "institutions").iterdir())[1]
    mat = sorted((root / f"institutions/{code}").glob("materials/*/*.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n重建只读这一所。\n")
    res = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert res.ok and read == [code]
    # what the cache served after a whole build (validated, computed, rendered) is still what
    # reading gives: no later step changed the objects it keeps
    monkeypatch.undo()
    served = cache_for(root, root / CACHE / "load", [THEME])      # the build's own keys
    cached, cached_findings = load_with(root, served)
    fresh, fresh_findings = load_with(root)
    assert served.hits == len(fresh.colleges) == 4
    assert _snapshot(cached) == _snapshot(fresh) and cached_findings == fresh_findings
