"""`portal publish [--tsa URL]` and `portal verify [--against URL|FOLDER]` (the publication ledger).

publish: append what changed, by the run's own clock (no option sets the time; `--as-of` is for
checks only). verify: the chain, every stored copy's SHA-256, every published file without an
entry, the time-stamps, and optionally that the ledger extends a head an earlier site published.
Exit 0 verified, 1 a problem (warnings only: 0, unless --strict), 2 usage.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import messages
from .clock import UsageError
from .findings import ERROR
from .ledger import LEDGER, head_record
from .ledger_publish import LedgerBroken, publish
from .ledger_verify import HeadUnavailable, extends, read_head, verify


def _root(args) -> Path:
    root = Path(args.root)
    if not (root / "site_config.yml").is_file():
        raise UsageError(f"{root} 不是公示站数据根目录（找不到 site_config.yml）；请用 --root 指定")
    return root


def _print(problems, lang: str, strict: bool = False) -> int:
    worst = 0
    for p in problems:
        sev = messages.default_severity(p.code)
        serious = sev == ERROR or strict
        worst = max(worst, 1 if serious else 0)
        name = ("error" if serious else "warning") if lang == "en" else ("错误" if serious else "警告")
        line, col = (p.line, 1) if p.line else (0, 0)
        print(f"{p.file}:{line}:{col}: {name} [{p.code}] {messages.render(p.code, p.params, lang)}",
              file=sys.stderr)
    return worst


# --- portal publish ----------------------------------------------------------------------------
def add_arguments_publish(p) -> None:
    p.add_argument("--tsa", metavar="URL", help="向该 RFC 3161 时间戳服务申请新链头的可信时间戳（可选）")


def run_publish(args) -> int:
    root = _root(args)
    _entries, problems = verify(root)
    bad = [p for p in problems if messages.default_severity(p.code) == ERROR]
    if bad:                      # never append to a chain that does not verify
        _print(bad, args.lang)
        return 1
    try:
        records = publish(root)
    except LedgerBroken as exc:  # changed between the verification and the lock
        for line, zh, en in exc.problems:
            msg = f"公示台账第 {line} 行{zh}" if args.lang != "en" else f"ledger line {line}: {en}"
            print(f"{LEDGER}:{line}:1: {msg}", file=sys.stderr)
        return 1
    for r in records:
        print(f"{r['seq']}\t{r['published_at']}\t{(r['sha256'] or '（已撤下）')[:12]}\t{r['path']}")
    print(f"公示台账新增 {len(records)} 行" if args.lang != "en" else f"{len(records)} ledger line(s) added",
          file=sys.stderr)
    if args.tsa:
        from .ledger_tsa import TsaError, stamp_head  # noqa: PLC0415 (only when asked: network code)
        try:
            token = stamp_head(root, args.tsa)
        except TsaError as exc:
            print(f"portal: {exc if args.lang != 'en' else exc.en}", file=sys.stderr)
            return 1
        print(f"可信时间戳已保存：{token}" if args.lang != "en" else f"timestamp token stored: {token}",
              file=sys.stderr)
    return 0


# --- portal verify -----------------------------------------------------------------------------
def add_arguments_verify(p) -> None:
    p.add_argument("--against", metavar="URL_OR_FOLDER", action="append", default=[],
                   help="此前发布的网站（网址或文件夹，或其 data/ledger/head.json）：现台账须延续其链头；可重复")
    p.add_argument("--strict", action="store_true", help="把警告（如未记入台账的文件）也当作错误")


def run_verify(args) -> int:
    root = _root(args)
    entries, problems = verify(root)
    for source in args.against:
        try:
            head = read_head(source)
        except HeadUnavailable as exc:
            print(f"portal: {exc if args.lang != 'en' else exc.en}", file=sys.stderr)
            return 2
        found = extends(entries, head)
        if found is not None:
            problems.append(found)
    rc = _print(problems, args.lang, args.strict)
    head = head_record(entries)
    if head:
        print(f"seq={head['seq']}\tlines={head['lines']}\tpublished_at={head['published_at']}\tsha256={head['sha256']}")
    if args.lang == "en":
        print("ledger verified" if rc == 0 else "ledger verification FAILED", file=sys.stderr)
    else:
        print("公示台账验证通过" if rc == 0 else "公示台账验证未通过", file=sys.stderr)
    return rc
