"""The PDFs are Chinese: without a CJK font WeasyPrint draws blank boxes and still succeeds.

theme/pdf/pdf.css names the Noto CJK faces (Debian/Ubuntu package `fonts-noto-cjk`), found
through fontconfig. Before any PDF is rendered the build asks fontconfig for a font that covers
Chinese (`fc-list :lang=zh`); with none, the PDF step fails with `pdf.font_missing`, which names
the package to install, instead of publishing PDFs without their text.

A Chinese font is not enough for every text: a character no installed font covers (a rare
ideograph, an emoji) would come out as an empty box. Each document's text is therefore checked
against the union of what the installed fonts cover (`fc-list : charset`, the same fonts
WeasyPrint falls back on); a document with such a character is refused (`pdf.glyph_missing`).
"""
from __future__ import annotations

import bisect
import html
import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache

from ..findings import Loc, Report

PACKAGE = "fonts-noto-cjk"
STYLESHEET = "theme/pdf/pdf.css"       # where the fonts are named: the finding points there


def chinese_fonts() -> list[str] | None:
    """Families of the installed fonts that cover Chinese, as fontconfig (as WeasyPrint will)
    sees them; None when fontconfig's `fc-list` is not installed."""
    out = _fc_list(":lang=zh", "family")
    if out is None:
        return None
    return sorted({line.strip() for line in out.splitlines() if line.strip()})


def _fc_list(*args: str) -> str | None:
    """fontconfig's `fc-list ARGS` output; None when it is not installed or cannot run, "" when
    it fails (as WeasyPrint would find no font either)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else ""


def check_fonts(report: Report) -> bool:
    """True when a Chinese font is installed; otherwise a `pdf.font_missing` error in `report`."""
    fonts = chinese_fonts()
    if fonts:
        return True
    report.add("pdf.font_missing", Loc(STYLESHEET), package=PACKAGE if fonts is not None else f"fontconfig {PACKAGE}")
    return False


_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def coverage() -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(starts, ends) of the code-point ranges some installed font draws, merged and sorted;
    None when fontconfig's `fc-list` is not installed (then `check_fonts` has refused already)."""
    out = _fc_list(":", "charset")
    if out is None:
        return None
    spans = []
    for token in out.replace("charset=", " ").split():
        if token == ":":
            continue
        a, _, b = token.partition("-")
        try:
            spans.append((int(a, 16), int(b or a, 16)))
        except ValueError:
            continue
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple(a for a, _ in merged), tuple(b for _, b in merged)


def undrawable(markup: str) -> list[str]:
    """The characters of a document's text (its HTML, tags dropped) that no installed font can
    draw, in code-point order; [] when fontconfig cannot tell."""
    cov = coverage()
    if cov is None:
        return []
    starts, ends = cov
    chars = {c for c in html.unescape(_TAG.sub(" ", markup))
             if ord(c) > 0x20 and not c.isspace() and not _invisible(c)}
    out = []
    for c in sorted(chars):
        i = bisect.bisect_right(starts, ord(c)) - 1
        if i < 0 or ord(c) > ends[i]:
            out.append(c)
    return out


def _invisible(c: str) -> bool:
    """Format characters and variation selectors shape their neighbours; no glyph of their own."""
    return unicodedata.category(c) == "Cf" or 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF
