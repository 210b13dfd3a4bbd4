"""`portal check [--institution CODE] [--as-of DATE] [--format text|json] [--strict]`."""
from __future__ import annotations

import sys

from .check import format_json, format_text, run_checks, select, summary_line
from .clock import UsageError
from .context import RunContext
from .findings import ERROR


def add_arguments_check(p) -> None:
    p.add_argument("--institution", metavar="CODE", help="只检查这所院校（10 位学校标识码）")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--strict", action="store_true", help="把警告也当作错误")


def run_check(ctx: RunContext, args) -> int:
    root = ctx.root
    if args.institution and not (root / "institutions" / args.institution).is_dir():
        raise UsageError(f"找不到院校目录 institutions/{args.institution}/")
    checked = run_checks(root, ctx.as_of, only=args.institution)
    findings = select(checked.report.sorted(), args.institution, args.strict)
    if args.format == "json":
        sys.stdout.write(format_json(findings, ctx.lang))
    else:
        sys.stdout.write(format_text(findings, ctx.lang))
        print(summary_line(findings, ctx.lang), file=sys.stderr)
    return 1 if any(f.severity == ERROR for f in findings) else 0
