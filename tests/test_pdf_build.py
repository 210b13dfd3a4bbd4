"""`portal build` with PDFs: they render in a background process beside the pages and the engine,
and join the site when it is published (generator/pdf/job.py, engine.Beside)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time

import pytest

from builders import CODE_A, YEAR
from site_helpers import html_files, page_url, parse, resolve
from generator import urls
from generator.build import CACHE, PDF_OUT, build_site
from generator.site.progress import Progress

AS_OF = dt.date(2025, 7, 1)                     # after the verdict's publication (2025-06-30)
EXPECTED = sorted([urls.pdf_dossier(CODE_A, YEAR), urls.pdf_self_diagnosis(CODE_A, YEAR), urls.pdf_verdict(CODE_A, YEAR)])
quiet = Progress(enabled=False)


def pdfs_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))


def built(root, out, **kw):
    res = build_site(root.path, out, AS_OF, progress=quiet, **kw)
    assert res.ok, [f.message() for f in res.errors]
    return res


def test_pdfs_are_published_beside_the_engine_output_and_linked(root, tmp_path):
    out = tmp_path / "out"
    cache = root.path / CACHE
    stale = cache / PDF_OUT / urls.PDFS / "9999999999" / "dossier-2020.pdf"   # a document gone since
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF old")
    res = built(root, out)
    assert pdfs_in(out) == EXPECTED                                      # every planned PDF, no stale one
    assert not stale.exists()
    assert not (cache / "site" / "docs" / urls.PDFS).exists()            # not in the docs tree …
    assert not (cache / "engine" / urls.PDFS).exists()                   # … nor copied by MkDocs
    listing = json.loads((cache / PDF_OUT / "manifest.json").read_bytes().partition(b"\n")[2])   # sealed
    assert sorted(listing) == EXPECTED
    for rel, digest in listing.items():
        data = (out / rel).read_bytes()
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == digest
    linked = set()                                                      # each one opens from the site
    for page in html_files(out):
        for _, href in parse(page).links:
            if href.endswith(".pdf") and (hit := resolve(out, page_url(out, page), href)):
                assert hit[0].is_file(), href
                linked.add(hit[0].relative_to(out).as_posix())
    assert sorted(linked & set(EXPECTED)) == EXPECTED
    assert (out / urls.review(YEAR, CODE_A) / "index.html").is_file()
    assert any(k.startswith("PDF") for k in res.timings)                 # the job's time is reported


def test_a_failed_pdf_refuses_the_build_every_time_and_leaves_the_site(root, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    built(root, out, pdf=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    import generator.pdf.batch as batch
    monkeypatch.setattr(batch, "DEFAULT_TIME_LIMIT", 0.001)             # every document times out
    for _ in range(2):                    # the second build must not take the inputs as done
        res = build_site(root.path, out, AS_OF, progress=quiet)
        assert not res.ok and {f.code for f in res.errors} == {"pdf.timeout"}
        assert "未生成公示站" in capsys.readouterr().err
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_unchanged_inputs_still_publish_the_pdfs_after_the_engine_output_is_lost(root, tmp_path):
    out = tmp_path / "out"
    built(root, out)
    cache = root.path / CACHE
    shutil.rmtree(cache / "engine")            # e.g. a build killed while MkDocs ran
    (cache / "engine.json").unlink()
    shutil.rmtree(out)
    again = built(root, out)
    assert again.engine == "clean" and pdfs_in(out) == EXPECTED
    (cache / PDF_OUT / "manifest.json").unlink()      # the PDFs' listing lost: render them again
    shutil.rmtree(cache / PDF_OUT / urls.PDFS)
    built(root, out)
    assert pdfs_in(out) == EXPECTED and (cache / PDF_OUT / "manifest.json").is_file()


def test_nothing_changed_touches_no_pdf(root, tmp_path):
    out = tmp_path / "out"
    built(root, out)
    stamps = {rel: os.stat(out / rel).st_mtime_ns for rel in EXPECTED}
    time.sleep(0.01)
    res = built(root, out)
    assert res.engine == "unchanged"
    assert {rel: os.stat(out / rel).st_mtime_ns for rel in EXPECTED} == stamps


def test_a_change_to_the_pdfs_alone_is_published(tmp_path, monkeypatch):
    """The engine has nothing to do (no page changed) but a PDF did: the site is published again."""
    from generator.engine import Beside, build_and_publish
    from generator.write_sync import sync_tree
    cache, out = tmp_path / "cache", tmp_path / "out"
    sync_tree(cache / "site", {"docs/index.md": "# 首页\n".encode(), "mkdocs.yml": b"site_name: t\ndocs_dir: docs\nplugins: []\n"},
              manifest=cache / "site.manifest")       # as build.py writes it (the engine checks it)
    folder = tmp_path / "pdf-out"
    pdf = folder / urls.PDFS / CODE_A / "a.pdf"
    pdf.parent.mkdir(parents=True)
    waited = []

    def beside(data: bytes) -> Beside:
        pdf.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        return Beside({urls.PDFS: folder}, lambda: waited.append(1), lambda: digest,
                      lambda: {f"{urls.PDFS}/{CODE_A}/a.pdf": digest})

    import generator.engine as engine
    monkeypatch.setattr(engine, "index_site", lambda site, only=None: None)     # no Pagefind needed here
    assert build_and_publish(cache, out, AS_OF, ["docs/index.md"], beside=beside(b"%PDF one")) == "clean"
    assert (out / urls.PDFS / CODE_A / "a.pdf").read_bytes() == b"%PDF one"
    inode = os.stat(out).st_ino
    assert build_and_publish(cache, out, AS_OF, [], beside=beside(b"%PDF one")) == "unchanged"
    assert os.stat(out).st_ino == inode                                        # nothing new: not published
    assert build_and_publish(cache, out, AS_OF, [], beside=beside(b"%PDF two")) == "unchanged"
    assert (out / urls.PDFS / CODE_A / "a.pdf").read_bytes() == b"%PDF two"
    assert len(waited) >= 3 and (out / "index.html").is_file()


@pytest.mark.parametrize("fork", [True, False])
def test_job_paths_are_the_documents_it_renders(root, tmp_path, fork):
    from generator.check import run_checks
    from generator.pdf.documents import plan_documents
    from generator.pdf.job import start
    from generator.findings import Report
    checked = run_checks(root.path, AS_OF)
    job = start(checked.project, checked.outcome, tmp_path / "o", tmp_path / "c", fork=fork)
    assert sorted(job.paths) == EXPECTED == sorted(d.rel for d in plan_documents(checked.project, checked.outcome))
    report = Report()
    done = job.finish(report)
    assert sorted(r.rel for r in done.results) == EXPECTED and not report.findings and done.seconds > 0
    assert pdfs_in(tmp_path / "o") == EXPECTED
    job.cancel()                                          # after the end: nothing to stop


def test_a_verdict_not_yet_published_has_no_pdf(root, tmp_path):
    """The review file may be committed before its publication day: until then its verdict
    appears nowhere on the site, and a PDF at a guessable URL would give it away."""
    out = tmp_path / "out"
    res = build_site(root.path, out, dt.date(2025, 6, 29), progress=quiet)
    assert res.ok
    assert pdfs_in(out) == [p for p in EXPECTED if "verdict" not in p]
    assert not (out / urls.review(YEAR, CODE_A)).exists()
