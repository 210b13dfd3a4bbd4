"""The language of the command line itself: argparse's own words (usage, options, errors) and
the options' help, Chinese by default and English with `--lang en`.

argparse looks its words up through the module-level `_`/`ngettext` (gettext) each time it
prints, so pointing them at a table translates usage, help headings and usage errors alike.
"""
from __future__ import annotations

import argparse

# argparse's message ids (Python 3.11–3.13) → Chinese
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "subcommands": "子命令",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少以下必需参数：%s",
    "one of the arguments %s is required": "参数 %s 中必须提供一个",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可匹配 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}

# the options' and verbs' Chinese help → English (`--lang en`)
HELP_EN = {
    "诊改公示站生成器": "generator of the diagnosis-and-improvement disclosure portal",
    "检查数据是否符合格式与规则": "check the data against the formats and rules",
    "构建公示站（网站、PDF、开放数据）": "build the portal (site, PDFs, open data)",
    "本地预览，修改后自动重建": "preview locally, rebuilding on change",
    "生成院校、材料、复核结论的模板文件": "write template files for a college, a material or a verdict",
    "按公开种子提出分层抽样方案": "propose the stratified sample from the public seed",
    "检查一次提交是否只改动了本校目录": "check that a commit changes only its college's folder",
    "把新增或修改的材料记入公示台账": "record new or changed materials in the publication ledger",
    "生成任意规模的合成数据": "generate synthetic data of any size",
    "生成单个院校的 PDF": "render the PDFs of one college",
    "根据 maintainers 生成 CODEOWNERS": "write CODEOWNERS from the maintainers",
    "导出各类文件的 JSON Schema": "export the JSON Schema of every file format",
    "10 位学校标识码": "10-digit college code",
    "annual_self_diagnosis：school 或部门/院（系）id": "annual_self_diagnosis: school or a department/faculty id",
    "development_plans：development | qa_system | 其他子规划 id": "development_plans: development | qa_system | another plan id",
    "一份公示材料（自我诊改报告为附件2格式的 YAML）": "one disclosed material (the self-diagnosis report is annex-2 YAML)",
    "一所院校某年度的复核结论（秘书处）": "the verdict of one college's review in a year (secretariat)",
    "不生成 PDF（更快）": "no PDFs (faster)",
    "仅供测试：以该 UTC 时间（YYYY-MM-DDTHH:MM:SSZ）记账；默认为系统时钟":
        "tests only: record at this UTC time (YYYY-MM-DDTHH:MM:SSZ); default: the system clock",
    "以该日期为“今天”（YYYY-MM-DD）": "take this date as today (YYYY-MM-DD)",
    "以该日期为“今天”（填入日期占位）": "take this date as today (fills the date placeholders)",
    "公开的随机种子；默认取该年度 round.yml 中记录的 seed": "the public random seed; default: the seed in that year's round.yml",
    "公示站数据根目录": "portal data root",
    "公示站数据根目录（默认当前目录）": "portal data root (default: the current folder)",
    "写出 content/rounds/<年度>/round.yml 草稿（不覆盖已有文件）":
        "write a draft content/rounds/<year>/round.yml (never over an existing file)",
    "只检查文件是否最新（过期时退出码 1）": "only check that the file is current (exit 1 when stale)",
    "只检查这所院校（10 位学校标识码）": "check only this college (10-digit code)",
    "只比较，不写入；与模型不一致时退出码 1": "compare only, write nothing; exit 1 when out of date",
    "只生成该年度的 PDF": "only that year's PDFs",
    "同时刷新格式说明中的字段表（如 docs/format-reference.md）":
        "also refresh the field tables of the format reference (docs/format-reference.md)",
    "同时生成 PDF（较慢；默认不生成）": "also render PDFs (slower; off by default)",
    "复核年度（如 2026）": "review year (e.g. 2026)",
    "学校全称": "the college's full name",
    "年度（年度类材料必填）": "year (required for yearly materials)",
    "并行进程数（默认 CPU 核数）": "parallel processes (default: the number of CPUs)",
    "待检查的提交（默认 HEAD）": "the commit to check (default HEAD)",
    "把警告也当作错误": "treat warnings as errors",
    "不读也不写检查缓存（.portal-cache/check），全部重新检查":
        "neither read nor write the check cache (.portal-cache/check): check everything afresh",
    "提交方院校的 10 位学校标识码": "the submitting college's 10-digit code",
    "提交者账号：按基准版本中各校 maintainers 确定其院校（CI 中优先使用）":
        "the submitter's account: its college comes from the maintainers in the base version (preferred in CI)",
    "新院校目录与 institution.yml": "a new college folder with its institution.yml",
    "构建到该目录（默认临时目录，退出时删除）": "build into this folder (default: a temporary one, removed on exit)",
    "消息语言": "language of the messages",
    "监听地址（默认只允许本机访问）": "address to listen on (default: this machine only)",
    "目标分支（如 origin/main）": "target branch (e.g. origin/main)",
    "秘书处提交：允许改动任何路径": "a secretariat commit: any path may change",
    "秘书处的账号或团队（拥有全部其他路径）": "the secretariat's account or team (owns every other path)",
    "端口（默认 8000；0 表示任选空闲端口）": "port (default 8000; 0 picks a free one)",
    "覆盖此前由 portal synth 生成的输出目录": "overwrite an output folder made by an earlier portal synth",
    "输出文件（相对于 --root；默认 .github/CODEOWNERS）": "output file (relative to --root; default .github/CODEOWNERS)",
    "输出目录（须不存在或为空）": "output folder (must not exist or be empty)",
    "输出目录（默认 ROOT/schemas）": "output folder (default ROOT/schemas)",
    "输出目录（默认 site/）": "output folder (default site/)",
    "输出目录（默认 site/，PDF 位于 pdf/<code>/）": "output folder (default site/; PDFs under pdf/<code>/)",
    "院校数量": "number of colleges",
    "院校的 10 位学校标识码": "the college's 10-digit code",
    "随机种子（相同种子生成逐字节相同的数据）": "random seed (the same seed gives byte-identical data)",
}


def wants_english(argv: list[str]) -> bool:
    """`--lang en` anywhere on the line (the parser has not run yet, or failed)."""
    return "--lang=en" in argv or any(a == "--lang" and b == "en" for a, b in zip(argv, argv[1:]))


def use(english: bool) -> None:
    """Point argparse's words at Chinese, or back at its own English."""
    if english:
        argparse._ = lambda s: s
        argparse.ngettext = lambda s, p, n: s if n == 1 else p
    else:
        argparse._ = lambda s: ARGPARSE_ZH.get(s, s)
        argparse.ngettext = lambda s, p, n: ARGPARSE_ZH.get(s if n == 1 else p, s if n == 1 else p)


def translate_help(parser: argparse.ArgumentParser) -> None:
    """English help for every option, sub-command and description of `parser` and below."""
    parser.description = HELP_EN.get(parser.description, parser.description)
    for action in parser._actions:
        if action.help:
            action.help = HELP_EN.get(action.help, action.help)
        for choice in getattr(action, "_choices_actions", ()):
            choice.help = HELP_EN.get(choice.help, choice.help)
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                translate_help(sub)
