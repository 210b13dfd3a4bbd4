"""The PDFs are Chinese: without a CJK font WeasyPrint draws blank boxes and still succeeds.

theme/pdf/pdf.css names the Noto CJK faces (Debian/Ubuntu package `fonts-noto-cjk`), found
through fontconfig. Before any PDF is rendered the build asks fontconfig for a font that covers
Chinese (`fc-list :lang=zh`); with none, the PDF step fails with `pdf.font_missing`, which names
the package to install, instead of publishing PDFs without their text.
"""
from __future__ import annotations

import shutil
import subprocess

from ..findings import Loc, Report

PACKAGE = "fonts-noto-cjk"
STYLESHEET = "theme/pdf/pdf.css"       # where the fonts are named: the finding points there


def chinese_fonts() -> list[str] | None:
    """Families of the installed fonts that cover Chinese, as fontconfig (as WeasyPrint will)
    sees them; None when fontconfig's `fc-list` is not installed."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, ":lang=zh", "family"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return []
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


def check_fonts(report: Report) -> bool:
    """True when a Chinese font is installed; otherwise a `pdf.font_missing` error in `report`."""
    fonts = chinese_fonts()
    if fonts:
        return True
    report.add("pdf.font_missing", Loc(STYLESHEET), package=PACKAGE if fonts is not None else f"fontconfig {PACKAGE}")
    return False
