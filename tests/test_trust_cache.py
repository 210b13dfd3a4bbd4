"""The build cache cannot change what is published (issue 20 §2).

Every test compares the published bytes with those of a `--no-cache` build of the same data: an
edited rendered file in `.portal-cache/`, an edited or planted entry of every kind of cache file,
and a planted pickle (which would create a marker file if it were ever unpickled) change nothing.
"""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from generator.build import CACHE, build_site
from generator.site.progress import Progress
from generator.synth import synthesize

QUIET = Progress(enabled=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, out: Path, as_of, **kw):
    res = build_site(root, out, as_of, pdf=kw.pop("pdf", False), progress=QUIET, **kw)
    assert res.ok, [f.message() for f in res.errors]
    return snapshot(out)


@pytest.fixture
def built(tmp_path):
    """A small synthetic root built once with its cache, and the --no-cache reference."""
    root = tmp_path / "root"
    as_of = synthesize(root, 3, "trust-cache", 2026).as_of
    first = build(root, tmp_path / "site", as_of)
    reference = build(root, tmp_path / "reference", as_of, use_cache=False)
    assert first == reference and (root / CACHE).is_dir()
    return root, as_of, reference


def edit(path: Path, keep_time: bool) -> None:
    """Change a file's bytes (same size when `keep_time`, and its times restored: a change a
    size-and-mtime comparison cannot see)."""
    st = os.stat(path)
    data = path.read_bytes()
    if keep_time:                          # the last ASCII letter, swapped for another
        i = max(i for i, b in enumerate(data) if chr(b).isascii() and chr(b).isalpha())
        data = data[:i] + (b"X" if data[i:i + 1] != b"X" else b"Y") + data[i + 1:]
    else:
        data += "<p>篡改的内容</p>\n".encode()
    path.write_bytes(data)
    if keep_time:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_no_cache_reads_and_writes_no_cache(tmp_path):
    root = tmp_path / "root"
    as_of = synthesize(root, 2, "trust-nocache", 2026).as_of
    build(root, tmp_path / "site", as_of, use_cache=False)
    assert not (root / CACHE).exists()
    assert not any(p.name.endswith(".lock") for p in [*tmp_path.iterdir(), *root.iterdir()])


@pytest.mark.parametrize("where", ["engine-new-time", "engine-same-time", "engine-emptied", "docs-tree-clean-build"])
def test_an_edited_rendered_file_is_not_published(built, tmp_path, capfd, where):
    root, as_of, reference = built
    cache = root / CACHE
    page = sorted((cache / "engine/colleges").rglob("index.html"))[0]
    if where == "engine-new-time":
        edit(cache / "engine/index.html", keep_time=False)
    elif where == "engine-same-time":
        edit(page, keep_time=True)
    elif where == "engine-emptied":
        for p in sorted((cache / "engine").rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    else:                                   # no engine output: MkDocs reads the whole docs tree
        edit(cache / "site/docs/index.md", keep_time=True)
        shutil.rmtree(cache / "engine")
    capfd.readouterr()
    assert build(root, tmp_path / "again", as_of) == reference      # no source change, a new folder
    assert "构建缓存文件" in capfd.readouterr().err                     # one line says what was refused
    assert build(root, tmp_path / "site", as_of) == reference


def test_an_edited_engine_file_is_not_published_by_an_incremental_build(built, tmp_path, capfd):
    root, as_of, _ = built
    cache = root / CACHE
    code = sorted(p.name for p in (root / "institutions").iterdir())[0]
    mat = sorted((root / f"institutions/{code}").glob("materials/*/*.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n增量构建时新增的一段。\n")
    edit(cache / "engine/index.html", keep_time=False)
    reference = build(root, tmp_path / "reference2", as_of, use_cache=False)
    assert build(root, tmp_path / "site", as_of) == reference
    assert "增量构建时新增的一段" in "".join(v.decode("utf-8", "replace") for v in reference.values())


def _cache_files(cache: Path) -> list[Path]:
    """One file of every kind the build cache holds (plain data, never code). The pages are
    rendered again next time (as after a killed build), so that every one of them is read."""
    (cache / "render.json").unlink()
    files = [cache / "markdown.memo", cache / "colleges.reuse", cache / "site.manifest",
             cache / "engine.manifest", *sorted((cache / "load").iterdir())]
    assert all(p.is_file() for p in files), files
    return files


class _Plant:
    """Unpickling this opens (creates) the marker file: proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_planted_pickle_is_never_loaded(built, tmp_path, capfd):
    root, as_of, reference = built
    cache, marker = root / CACHE, tmp_path / "pickle-was-loaded"
    payload = pickle.dumps(_Plant(marker))
    files = _cache_files(cache)
    for p in files:
        p.write_bytes(payload)
    for p in list((cache / "load").iterdir()):       # the old names of the load cache too
        p.with_suffix(".pickle").write_bytes(b"zg-load-1\n" + b"0" * 64 + payload)
    capfd.readouterr()
    assert build(root, tmp_path / "again", as_of) == reference
    assert not marker.exists()
    err = capfd.readouterr().err
    assert all(str(p) in err for p in files), err    # each refused file is named in the log
    assert build(root, tmp_path / "site", as_of) == reference and not marker.exists()


def test_an_edited_cache_entry_changes_nothing(built, tmp_path, capfd):
    root, as_of, reference = built
    cache = root / CACHE
    files = _cache_files(cache)
    for p in files:                       # the digest line kept, the data changed
        head, _, body = p.read_bytes().partition(b"\n")
        for old, new in ((b"<p>", "<p>篡改".encode()), (b'"title":"', '"title":"篡改'.encode()),
                         (b"\xe5", b"\xe6"), (b'"key":"', b'"key":"0'), (b'"]', b'0"]')):
            body = body.replace(old, new)
        assert body != p.read_bytes().partition(b"\n")[2]
        p.write_bytes(head + b"\n" + body)
    capfd.readouterr()
    assert build(root, tmp_path / "again", as_of) == reference
    err = capfd.readouterr().err
    assert all(f"{p} 校验值不符" in err for p in files), err
    assert build(root, tmp_path / "site", as_of) == reference


def test_an_entry_moved_to_another_college_is_a_miss(built, tmp_path):
    root, as_of, reference = built
    first, second = sorted((root / CACHE / "load").iterdir())[:2]
    second.write_bytes(first.read_bytes())         # well-formed, sealed, but made from other inputs
    assert build(root, tmp_path / "again", as_of) == reference


def test_edited_pdfs_in_the_cache_are_not_published(root, tmp_path, capfd):
    """The PDFs as published (`pdf-out`) and the PDF cache (`pdf/`), each edited with its
    listed digest left as it was, or rewritten with a forged plain digest."""
    import datetime as dt
    import hashlib
    as_of = dt.date(2025, 7, 1)
    cache = root.path / CACHE
    build(root.path, tmp_path / "site", as_of, pdf=True)
    reference = build(root.path, tmp_path / "reference", as_of, pdf=True, use_cache=False)
    pdfs = sorted(rel for rel in reference if rel.endswith(".pdf"))
    assert len(pdfs) == 3
    published = sorted((cache / "pdf-out").rglob("*.pdf"))
    stored = sorted((cache / "pdf").rglob("*.pdf"))
    assert published and stored
    evil = b"%PDF-1.7\n% forged\n"
    published[0].write_bytes(evil)                          # the published copy of the last build
    for pdf in stored:                                      # every stored entry, and its sidecar's digest
        pdf.write_bytes(evil)
        side = pdf.with_suffix(".json")
        head, _, body = side.read_bytes().partition(b"\n")
        body = body.replace(body[body.index(b'"sha256":"') + 10:][:64], hashlib.sha256(evil).hexdigest().encode())
        side.write_bytes(head + b"\n" + body)
    capfd.readouterr()
    assert build(root.path, tmp_path / "again", as_of, pdf=True) == reference
    assert "构建缓存文件" in capfd.readouterr().err
    (cache / "render.json").unlink()                        # the pages rendered again, the PDFs too
    for pdf in sorted((cache / "pdf").rglob("*.pdf")):
        pdf.write_bytes(evil)
    assert build(root.path, tmp_path / "site", as_of, pdf=True) == reference


def test_every_college_folder_is_kept_in_the_load_cache(built):
    """The codec knows every model a college folder loads into (evidence files included): a
    model it cannot encode would silently drop that college from the cache (a slow rebuild)."""
    root, *_ = built
    colleges = [p.name for p in (root / "institutions").iterdir() if p.is_dir()]
    kept = sorted(p.stem for p in (root / CACHE / "load").iterdir())
    assert kept == sorted(colleges)
    assert any((root / "institutions" / c / "indicators").is_dir() for c in colleges)   # evidence is covered
