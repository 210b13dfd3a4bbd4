"""The options every verb shares, declared once, and the run context the CLI makes from them.

`--root` and `--lang` belong to every verb; `--as-of` to the verbs that have a "today". The
portal root is resolved here, once, with one error in the chosen language.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .clock import UsageError, today
from .context import RunContext
from .findings import Report
from .i18n import say
from .models import SiteConfig
from .schema import INVALID, Ctx, build
from .yamlsafe import load_file

CONFIG = "site_config.yml"
AS_OF_HELP = "以该日期为“今天”（YYYY-MM-DD）"


def add_common(p: argparse.ArgumentParser, *, as_of: bool, repeated: bool = False) -> None:
    """--root, --lang and (when the verb has a "today") --as-of. `repeated`: the same options
    again after a sub-verb (`portal new material --root …`); SUPPRESS keeps a value given before it."""
    keep = {"default": argparse.SUPPRESS} if repeated else {}
    p.add_argument("--root", **(keep or {"default": "."}), help="公示站数据根目录（默认当前目录）")
    p.add_argument("--lang", choices=["zh", "en"], **(keep or {"default": "zh"}), help="消息语言")
    if as_of:
        p.add_argument("--as-of", dest="as_of", metavar="DATE", **keep, help=AS_OF_HELP)


def portal_root(root: Path, lang: str) -> Path:
    """The one check that --root is a portal root (it holds site_config.yml), said in `lang`."""
    if not (root / CONFIG).is_file():
        raise UsageError(say("no_root", lang, root=root))
    return root


def site_config(root: Path) -> SiteConfig | None:
    """site_config.yml alone, without the rest of the root, as load.py reads it (None when
    unreadable or invalid; `portal check` reports why)."""
    report = Report()
    node = load_file(str(root / CONFIG), CONFIG, report)
    obj = build(SiteConfig, node, Ctx(CONFIG, report)) if node is not None else INVALID
    return None if obj is INVALID else obj


def make_context(args: argparse.Namespace, *, needs_root: bool, has_as_of: bool) -> RunContext:
    """The run's context, made once per command from the parsed line. The day is fixed first
    (a bad --as-of is reported before a bad --root, as before)."""
    option = getattr(args, "as_of", None) if has_as_of else None
    as_of = today(option, args.lang) if has_as_of else None
    root = Path(args.root)
    if needs_root:
        portal_root(root, args.lang)
    return RunContext(root=root, lang=args.lang, as_of=as_of, as_of_option=option, load_config=site_config)
