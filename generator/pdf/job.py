"""The PDF half of `portal build`, in the background.

A forked process builds, renders (on every core) and writes every PDF below `<out_dir>/pdf/`
while the parent renders the pages and runs the engine and the indexer, so that those steps no
longer wait for the PDFs (planning alone is 12 s at 1,500 colleges). The pages link the planned
paths at once; the build waits for the job just before publishing, and a document that failed
refuses the build, so every link the published site holds is to a PDF it holds.

`<out_dir>/manifest.json` lists the PDFs of the last full render with their SHA-256: the
publisher compares it, not the files, to know whether the PDFs changed.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from .. import cache_files, urls
from ..background import Pending, in_background
from ..findings import Finding, Report
from . import PdfResult, render_pdfs
from .documents import planned

MANIFEST = "manifest.json"
KIND = "pdf-listing"                  # cache_files kind of the manifest


@dataclass(frozen=True)
class Finished:
    results: list[PdfResult]
    failures: list[Finding]       # pdf.timeout / pdf.failed, for the build's report
    seconds: float                # the job's own wall time, from fork to its last PDF


@dataclass
class PdfJob:
    paths: frozenset[str]         # every PDF this build publishes (the pages link these)
    folder: Path                  # <out_dir>/pdf: published as the site's pdf/
    _pending: Pending

    def finish(self, report: Report) -> Finished:
        """Wait for the job; its failures join `report` (they are errors: the build stops)."""
        done = self._pending()
        report.findings.extend(done.failures)
        return done

    def cancel(self) -> None:
        """Stop the job and its workers (a build that failed elsewhere); no-op once finished."""
        self._pending.cancel()


def start(proj, outcome, out_dir: Path, cache_dir: Path, *, jobs: int | None = None,
          fork: bool = True) -> PdfJob:
    """Start rendering every PDF of the project in a forked child (or right now if not `fork`)."""
    paths = frozenset(rel for rel, _ in planned(proj, outcome))
    wait = in_background(fork, _render, proj, outcome, Path(out_dir), Path(cache_dir), jobs)
    return PdfJob(paths, Path(out_dir) / urls.PDFS, wait)


def _render(proj, outcome, out_dir: Path, cache_dir: Path, jobs: int | None) -> Finished:
    started = time.monotonic()
    report = Report()
    results = render_pdfs(proj, outcome, out_dir, cache_dir, jobs=jobs, report=report)
    listing = {r.rel: r.sha256 for r in results if r.path is not None}
    cache_files.save(out_dir / MANIFEST, KIND, "", dict(sorted(listing.items())))
    return Finished(results, list(report.findings), time.monotonic() - started)


def listing(out_dir: Path) -> dict[str, str]:
    """Site path → SHA-256 of every PDF last rendered into `out_dir` (empty if unknown)."""
    data = cache_files.load(Path(out_dir) / MANIFEST, KIND, "")
    return data if isinstance(data, dict) else {}


def digest(out_dir: Path) -> str | None:
    """One digest of the PDFs last rendered into `out_dir` (None if there is no listing)."""
    try:
        return hashlib.sha256((Path(out_dir) / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None
