"""PDFs of the portal (WeasyPrint): the annex-2 report, the disclosure dossier, the verdict notice.

    results = render_pdfs(proj, outcome, out_dir, cache_dir)

writes each PDF at out_dir / urls.pdf_*(…) and returns what was made. Templates and print CSS
live in theme/pdf/; WeasyPrint reads nothing else (see fetcher.py) and never the network.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..findings import Loc, Report

THEME_DIR = Path(__file__).resolve().parents[2] / "theme" / "pdf"


@dataclass(frozen=True)
class PdfResult:
    kind: str                 # self_diagnosis | dossier | verdict
    code: str
    year: int
    rel: str                  # below the site root, as linked (urls.pdf_*)
    path: Path | None         # the written file; None when rendering failed
    pages: int
    bytes: int
    cached: bool
    sha256: str = ""
    error: str | None = None  # timeout | failed: …


def render_pdfs(proj, outcome, out_dir: Path, cache_dir: Path, jobs: int | None = None,
                only: str | None = None, report: Report | None = None,
                time_limit: float | None = None, year: int | None = None) -> list[PdfResult]:
    """Render (or take from the cache) every PDF of the project — or of one college (`only`) and
    one year — and write it at out_dir / rel. Failures become findings in `report`."""
    from .batch import render_all
    return render_all(proj, outcome, Path(out_dir), Path(cache_dir), jobs=jobs, only=only,
                      report=report, time_limit=time_limit, year=year)


def add_failure(report: Report | None, res: PdfResult, source: str, limit: float) -> None:
    if report is None or res.error is None:
        return
    if res.error == "timeout":
        report.add("pdf.timeout", Loc(source), institution=res.code, pdf=res.rel, limit=int(limit))
    elif res.error.startswith("glyphs: "):
        chars = res.error.removeprefix("glyphs: ")
        report.add("pdf.glyph_missing", Loc(source), institution=res.code, pdf=res.rel, chars=chars,
                   codes=" ".join(f"U+{ord(c):04X}" for c in chars))
    else:
        report.add("pdf.failed", Loc(source), institution=res.code, pdf=res.rel,
                   detail=res.error.removeprefix("failed: "))
