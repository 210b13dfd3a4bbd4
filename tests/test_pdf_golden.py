"""Golden check of the annex-2 report's structure: headings, the table's header row, the item ×
element grid (rowspans) and the signature line, plus the PDF outline.

Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
"""
from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader

from builders import CODE_A, YEAR, ScratchRoot
from generator.check import run_checks
from generator.pdf import render_pdfs
from generator.pdf.batch import document_html
from generator.pdf.documents import plan_documents
from pdf_helpers import AS_OF

GOLDEN = Path(__file__).parent / "golden" / "pdf_report_structure.txt"


class Structure(HTMLParser):
    """Lines: 'h1 …', 'h2 …', 'th …' per header row, 'row <item/rowspan> | <element>', 'sign …'."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.stack: list[tuple[str, dict]] = []
        self.buf: list[str] = []
        self.row: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "h3", "th", "td", "p") and not self.stack:
            self.stack.append((tag, a))
            self.buf = []
        elif self.stack:
            self.stack.append((tag, a))
        if tag == "tr":
            self.row = []

    def handle_endtag(self, tag):
        if not self.stack:
            if tag == "tr" and self.row:
                self.lines.append(self.row[0] if self.row[0].startswith("th") else "row " + " | ".join(self.row))
            return
        start, attrs = self.stack.pop()
        if self.stack:
            return
        text = "".join("".join(self.buf).split())
        if start in ("h1", "h2", "h3"):
            self.lines.append(f"{start} {text}")
        elif start == "th":
            if self.row and self.row[0].startswith("th"):
                self.row[0] += f" | {text}"
            else:
                self.row.append(f"th {text}")
        elif start == "td" and ("item" in attrs.get("class", "") or attrs.get("class") == "el"):
            span = f" [rowspan {attrs['rowspan']}]" if "rowspan" in attrs else ""
            self.row.append(text + span)
        elif start == "p" and text.startswith("校长（签字）"):
            self.lines.append(f"sign {text}")

    def handle_data(self, data):
        if self.stack:
            self.buf.append(data)


def test_report_structure_matches_golden(tmp_path):
    root = ScratchRoot(tmp_path / "root").base()
    checked = run_checks(root.path, AS_OF)
    doc = next(d for d in plan_documents(checked.project, checked.outcome, only=CODE_A) if d.kind == "self_diagnosis")
    parser = Structure()
    parser.feed(document_html(doc))
    res = render_pdfs(checked.project, checked.outcome, tmp_path / "site", tmp_path / "cache", only=CODE_A, year=YEAR)
    pdf = next(r for r in res if r.kind == "self_diagnosis")
    outline = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                outline.append(f"outline {'  ' * depth}{it.title}")
    walk(PdfReader(pdf.path).outline, 0)
    got = "\n".join(parser.lines + outline) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
