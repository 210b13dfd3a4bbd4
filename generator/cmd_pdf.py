"""`portal pdf --institution CODE [--year Y] [--out DIR] [--as-of DATE]`: one college's PDFs.

Checks the data first (as `portal check --institution` does); errors stop it, warnings don't.
Writes the self-diagnosis report, the disclosure dossier and the verdict notice of each year
(or only --year) below DIR at the same paths as the site (pdf/<code>/…).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .check import format_text, run_checks, select
from .clock import UsageError
from .context import RunContext
from .findings import ERROR, Report

CACHE = ".portal-cache/pdf"


def add_arguments_pdf(p) -> None:
    p.add_argument("--institution", metavar="CODE", required=True, help="院校的 10 位学校标识码")
    p.add_argument("--year", type=int, metavar="Y", help="只生成该年度的 PDF")
    p.add_argument("--out", metavar="DIR", default="site", help="输出目录（默认 site/，PDF 位于 pdf/<code>/）")
    p.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认 CPU 核数）")


def run_pdf(ctx: RunContext, args) -> int:
    root = ctx.root
    code = args.institution
    if not (root / "institutions" / code).is_dir():
        raise UsageError(f"找不到院校目录 institutions/{code}/")
    checked = run_checks(root, ctx.as_of, only=code)
    errors = [f for f in select(checked.report.sorted(), code, False) if f.severity == ERROR]
    if errors or checked.outcome is None or checked.project.framework is None:
        sys.stderr.write(format_text(errors, ctx.lang))
        print(f"portal: 数据有 {len(errors)} 个错误，未生成 PDF；请先修正（portal check --institution {code}）",
              file=sys.stderr)
        return 1
    from .pdf import render_pdfs   # WeasyPrint loads only when a PDF is made
    from .pdf.fonts import check_fonts
    report = Report()
    if not check_fonts(report):
        sys.stderr.write(format_text(report.sorted(), ctx.lang))
        return 1
    out = Path(args.out)
    results = render_pdfs(checked.project, checked.outcome, out, root / CACHE, jobs=args.jobs, only=code,
                          report=report, year=args.year)
    for r in results:
        if r.error is None:
            note = "（缓存）" if r.cached else ""
            print(f"{r.path}  {r.pages} 页  {r.bytes:,} 字节{note}")
    if not results:
        print(f"portal: {code} 没有可生成的 PDF（无自我诊改报告、复核安排或复核结论）", file=sys.stderr)
    failures = report.sorted()
    sys.stderr.write(format_text(failures, ctx.lang))
    return 1 if failures else 0
