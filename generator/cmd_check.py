"""`portal check [--institution CODE] [--as-of DATE] [--format text|json] [--strict]`."""
from __future__ import annotations

import sys

from .check import format_json, format_text, select, summary_line
from .check_cache import cached_findings
from .clock import UsageError
from .context import RunContext
from .findings import ERROR, Report


def add_arguments_check(p) -> None:
    p.add_argument("--institution", metavar="CODE", help="只检查这所院校（10 位学校标识码）")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--strict", action="store_true", help="把警告也当作错误")
    p.add_argument("--no-cache", dest="no_cache", action="store_true",
                   help="不读也不写检查缓存（.portal-cache/check），全部重新检查")


def run_check(ctx: RunContext, args) -> int:
    root = ctx.root
    if args.institution and not (root / "institutions" / args.institution).is_dir():
        raise UsageError(f"找不到院校目录 institutions/{args.institution}/")
    found = Report(cached_findings(root, ctx.as_of, args.institution, use_cache=not args.no_cache))
    findings = select(found.sorted(), args.institution, args.strict)
    if args.format == "json":
        sys.stdout.write(format_json(findings, ctx.lang))
    else:
        sys.stdout.write(format_text(findings, ctx.lang))
        print(summary_line(findings, ctx.lang), file=sys.stderr)
    return 1 if any(f.severity == ERROR for f in findings) else 0
