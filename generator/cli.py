"""Command line: `portal VERB …` (DESIGN.md §5). Exit 0 ok, 1 findings, 2 usage or internal failure."""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from . import cli_lang
from .cli_options import add_common, make_context
from .clock import UsageError

# verb → (module, help, what it takes). "root": it runs on a portal root (resolved once, by
# cli_options.portal_root); "as_of": it has a "today" (--as-of). Every handler has one shape: the
# module's `add_arguments_<verb>(parser)` declares the verb's own options and
# `run_<verb>(ctx, args)` runs it with the run context made once here.
ROOT, AS_OF = "root", "as_of"
VERBS = {
    "check": ("generator.cmd_check", "检查数据是否符合格式与规则", {ROOT, AS_OF}),
    "build": ("generator.build", "构建公示站（网站、PDF、开放数据）", {ROOT, AS_OF}),
    "serve": ("generator.serve", "本地预览，修改后自动重建", {ROOT, AS_OF}),
    "new": ("generator.scaffold", "生成院校、材料、复核结论的模板文件", {ROOT, AS_OF}),
    "sample": ("generator.cmd_sample", "按公开种子提出分层抽样方案", {ROOT, AS_OF}),
    "scope": ("generator.scope", "检查一次提交是否只改动了本校目录", set()),
    "publish": ("generator.cmd_ledger", "把新增或修改的材料记入公示台账", {ROOT}),
    "verify": ("generator.cmd_ledger", "验证公示台账：哈希链、存档版本、未记入的文件、此前发布的链头", {ROOT}),
    "synth": ("generator.synth", "生成任意规模的合成数据", set()),
    "pdf": ("generator.cmd_pdf", "生成单个院校的 PDF", {ROOT, AS_OF}),
    "codeowners": ("generator.scope", "根据 maintainers 生成 CODEOWNERS", set()),
    "schemas": ("generator.jsonschema", "导出各类文件的 JSON Schema", set()),
}


class _Parser(argparse.ArgumentParser):
    english = False   # set by build_parser from the line being parsed (parsing failed: sniffed)

    def error(self, message):  # usage errors exit 2 with a Chinese hint
        self.print_usage(sys.stderr)
        print(f"portal: usage error: {message}" if self.english else f"portal: 用法错误：{message}", file=sys.stderr)
        sys.exit(2)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Only the invoked verb's module is imported: startup stays fast (WeasyPrint, MkDocs and
    Playwright are heavy) and one verb's problem cannot break the others."""
    argv = sys.argv[1:] if argv is None else argv
    english = cli_lang.wants_english(argv)
    cli_lang.use(english)
    _Parser.english = english   # the argv given, not sys.argv: main(argv) is also called in-process
    chosen = next((a for a in argv if a in VERBS), None)
    parser = _Parser(prog="portal", description="诊改公示站生成器")
    sub = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    for verb, (modname, help_, takes) in VERBS.items():
        p = sub.add_parser(verb, help=help_, description=help_)
        add_common(p, as_of=AS_OF in takes)
        if verb != chosen:
            continue
        mod = importlib.import_module(modname)
        getattr(mod, f"add_arguments_{verb}")(p)
        p.set_defaults(_handler=getattr(mod, f"run_{verb}"))
    if english:
        cli_lang.translate_help(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser(argv).parse_args(argv)
    takes = VERBS[args.verb][2]
    try:
        ctx = make_context(args, needs_root=ROOT in takes, has_as_of=AS_OF in takes)
        return int(args._handler(ctx, args) or 0)
    except UsageError as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("portal: 已中断", file=sys.stderr)
        return 2
    except Exception:  # a bug: show the traceback, exit 2 (bad data never gets here)
        traceback.print_exc()
        print("portal: 内部错误（这是程序缺陷，请报告上面的信息）", file=sys.stderr)
        return 2
