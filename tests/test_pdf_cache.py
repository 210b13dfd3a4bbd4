"""PDF cache and reproducible bytes: same inputs → a cache hit and identical bytes; a change in
one document re-renders that document only."""
from __future__ import annotations

import pytest

from builders import CODE_A, ScratchRoot
from generator.check import run_checks
from generator.pdf import render_pdfs
from pdf_helpers import AS_OF


def render(root, out, cache):
    checked = run_checks(root.path, AS_OF)
    return {r.kind: r for r in render_pdfs(checked.project, checked.outcome, out, cache, only=CODE_A)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("pdfcache")
    root = ScratchRoot(base / "root").base()
    first = render(root, base / "out1", base / "cache")
    second = render(root, base / "out2", base / "cache")
    fresh = render(root, base / "out3", base / "other-cache")      # a second, independent render
    root.replace(f"institutions/{CODE_A}/materials/plans/regional.md", "正文。", "修改后的正文。")
    changed = render(root, base / "out4", base / "cache")
    return base, first, second, fresh, changed


def test_first_render_is_not_cached(runs):
    _, first, *_ = runs
    assert set(first) == {"self_diagnosis", "dossier", "verdict"}
    assert not any(r.cached for r in first.values())


def test_unchanged_inputs_hit_the_cache(runs):
    _, first, second, *_ = runs
    for kind, r in second.items():
        assert r.cached, kind
        assert r.path.read_bytes() == first[kind].path.read_bytes()
        assert (r.pages, r.bytes, r.sha256) == (first[kind].pages, first[kind].bytes, first[kind].sha256)


def test_same_inputs_give_identical_bytes(runs):
    _, first, _, fresh, _ = runs
    for kind, r in fresh.items():
        assert not r.cached
        assert r.path.read_bytes() == first[kind].path.read_bytes(), kind


def test_a_change_re_renders_only_its_document(runs):
    _, first, _, _, changed = runs
    assert not changed["dossier"].cached
    assert changed["dossier"].sha256 != first["dossier"].sha256
    assert changed["self_diagnosis"].cached and changed["verdict"].cached


def test_a_damaged_cache_entry_is_a_miss(runs, tmp_path):
    base, first, *_, changed = runs
    # damage the entry the current inputs use (the cache also holds the dossier before the change)
    live = changed["verdict"].path.read_bytes()
    entry = next(p for p in (base / "cache").rglob("*.pdf") if p.read_bytes() == live)
    entry.write_bytes(entry.read_bytes()[:100])
    root = ScratchRoot(base / "root")
    again = render(root, tmp_path / "out", base / "cache")
    assert sum(not r.cached for r in again.values()) == 1
    assert all(r.error is None and r.path.read_bytes().startswith(b"%PDF-") for r in again.values())


def test_a_full_build_prunes_stale_entries(runs, tmp_path):
    base, *_ = runs
    root = ScratchRoot(base / "root")
    checked = run_checks(root.path, AS_OF)
    cache = base / "cache"
    stale = cache / "ff" / ("f" * 64 + ".pdf")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"%PDF-old")
    render_pdfs(checked.project, checked.outcome, tmp_path / "o1", cache, only=CODE_A)
    assert stale.exists()                              # a partial run keeps what it didn't plan
    full = render_pdfs(checked.project, checked.outcome, tmp_path / "o2", cache)
    assert not stale.exists()
    assert len(list(cache.rglob("*.pdf"))) == len(full)
