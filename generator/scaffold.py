"""`portal new institution|material|review …`: write a valid skeleton with Chinese comments.

A skeleton parses, but it cannot be published by accident (issue 18 §3): every text to replace
reads “（请填写…）”, which `portal check` reports as `content.placeholder` until replaced, and
dates, match results and the measures rating are left empty (`schema.missing`) — a skeleton
never carries today's date or a prefilled verdict. Existing files are never overwritten (exit 1). The first line points editors at the JSON Schema (yaml-language-server).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from . import models as m
from .clock import UsageError
from .findings import Report
from .i18n import say
from .load import load_project
from .project import Project
from .modelinfo import schema_path
from .rules.materials import KIND_LABELS, Key, describe, provided_items, satisfies
from .rules.verdict import smallest_passing
from .scaffold_evidence import add_parsers as add_evidence_parsers
from .scaffold_evidence import new_evidence

PLAN_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")


class Refused(Exception):
    """The skeleton would overwrite or duplicate something: exit 1, nothing written."""


# --- command line -----------------------------------------------------------------
def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="以该日期为“今天”（脚手架不预填日期）")
    sub = p.add_subparsers(dest="what", required=True, parser_class=type(p),
                           metavar="institution|material|review|indicators|tasks|specialty")
    inst = sub.add_parser("institution", help="新院校目录与 institution.yml")
    inst.add_argument("code", metavar="CODE", help="10 位学校标识码")
    inst.add_argument("--name", help="学校全称")
    mat = sub.add_parser("material", help="一份公示材料（自我诊改报告为附件2格式的 YAML）")
    mat.add_argument("--institution", required=True, metavar="CODE")
    mat.add_argument("--kind", required=True, choices=m.MATERIAL_KINDS)
    mat.add_argument("--year", type=int, help="年度（年度类材料必填）")
    mat.add_argument("--unit", help="annual_self_diagnosis：school 或部门/院（系）id")
    mat.add_argument("--plan", help="development_plans：development | qa_system | 其他子规划 id")
    rev = sub.add_parser("review", help="一所院校某年度的复核结论（秘书处）")
    rev.add_argument("--year", type=int, required=True)
    rev.add_argument("--institution", required=True, metavar="CODE")
    for s in (inst, mat, rev):  # accept the common options after the sub-verb too
        _common(s)
    add_evidence_parsers(sub, _common)


def _common(s) -> None:
    s.add_argument("--root", default=argparse.SUPPRESS, help="公示站数据根目录")
    s.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    s.add_argument("--as-of", dest="as_of", metavar="DATE", default=argparse.SUPPRESS)


def run(args) -> int:
    root, lang, as_of = Path(args.root), args.lang, args.today
    if not (root / "site_config.yml").is_file():
        raise UsageError(say("no_root", lang, root=root))
    try:
        if args.what == "institution":
            rel, text, code = new_institution(root, args.code, args.name, lang)
        elif args.what == "material":
            rel, text, code = new_material(root, args, as_of, lang)
        elif args.what == "review":
            rel, text, code = new_review(root, args.year, args.institution, as_of, lang)
        else:
            rel, text, code = new_evidence(root, args, _project, lang)
        write_new(root / rel, text, rel, lang)
    except Refused as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 1
    print(say("new.wrote", lang, path=rel))
    steps = [say("new.next_edit", lang, path=rel),
             say("new.next_check", lang, code=code) if args.what != "review" else say("new.next_check_all", lang),
             say("new.next_serve", lang), say("new.next_commit", lang, path=rel)]
    print(say("new.next", lang))
    for i, s in enumerate(steps, 1):
        print(f"  {i}. {s}")
    return 0


def write_new(path: Path, text: str, rel: str, lang: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:   # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        raise Refused(say("new.exists", lang, path=rel)) from None


def modeline(rel: str, stem: str) -> str:
    """`# yaml-language-server: $schema=…` with the schema path relative to the written file."""
    target = os.path.relpath(schema_path(stem), os.path.dirname(rel)).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={target}\n"


def _project(root: Path, code: str, lang: str) -> Project:
    if not re.fullmatch(m.CODE_RE, code):
        raise UsageError(say("new.bad_code", lang, code=code))
    proj = load_project(root, Report(), only=code)
    col = proj.colleges.get(code)
    if col is None or not (root / col.dir / "institution.yml").is_file():
        raise Refused(say("new.no_college", lang, code=code))
    if col.info is None:
        raise Refused(say("new.bad_college", lang, code=code))
    return proj


# --- institution --------------------------------------------------------------------
def new_institution(root: Path, code: str, name: str | None, lang: str) -> tuple[str, str, str]:
    if not re.fullmatch(m.CODE_RE, code):
        raise UsageError(say("new.bad_code", lang, code=code))
    rel = f"institutions/{code}/institution.yml"
    text = modeline(rel, "institution") + f"""\
# 院校基本信息。字段说明见 docs/format-reference.md；“（请填写…）”是占位文字，提交前请全部替换。

# 10 位学校标识码：必须加引号，且与目录名一致
code: "{code}"
# 学校全称
name: {_yaml_text(name) if name else "（请填写学校全称）"}
# 所在区域（区、县），分层抽样的“区域分布”
region: （请填写所在区域）
# 在校生人数（整数），分层抽样的“规模”
students: 0
# 专业大类，第一个为主要类别：分层抽样的“专业类别”，也用于专家组的领域匹配
categories: [（请填写主要专业大类）]
# 学校网站（校园网）地址，如 https://www.example.edu.cn/
website: null
# 校内职能部门：每个部门每年都要公示年度自我诊改报告。id 只用小写字母、数字、-，例如
#   - {{id: jwc, name: 教务处}}
departments: []
# 院（系）：同上，例如
#   - {{id: jdx, name: 机电工程系}}
faculties: []
# 可修改本目录的代码托管账号（生成 CODEOWNERS），例如 ["@example-college"]
maintainers: []
# 纳入诊改工作的日期（YYYY-MM-DD）。新加入的院校务必填写：年度材料与周期自我诊改的义务自此开始；
# 留空则视为方案实施时即已纳入，此前各年度未公示的材料会使本校被视作“异常”
joined_on:
"""
    return rel, text, code


def _yaml_text(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)   # a JSON string is a valid double-quoted YAML scalar


# --- material --------------------------------------------------------------------------
_FILE_NAMES = {"annual_quality_report": "annual-quality-report", "state_data_report": "state-data-report"}


def material_path(code: str, kind: str, year: int | None, unit: str | None, plan: str | None) -> str:
    base = f"institutions/{code}"
    if kind == "self_diagnosis_report":
        return f"{base}/self-diagnosis/{year}.yml"
    if kind == "annual_self_diagnosis":
        return f"{base}/materials/{year}/annual-self-diagnosis-{unit}.md"
    if kind == "development_plans":
        return f"{base}/materials/plans/{plan.replace('_', '-')}.md"
    if kind == "regional_plan":
        return f"{base}/materials/regional-plan.md"
    return f"{base}/materials/{year}/{_FILE_NAMES[kind]}.md"


def new_material(root: Path, args, as_of: dt.date, lang: str) -> tuple[str, str, str]:
    code, kind = args.institution, args.kind
    proj = _project(root, code, lang)
    col = proj.colleges[code]
    units = [u.id for u in col.info.departments + col.info.faculties]
    allowed = "、".join(["school", *units])
    for option, value, used in (("--year", args.year, kind in m.YEARLY_KINDS),
                                ("--unit", args.unit, kind == "annual_self_diagnosis"),
                                ("--plan", args.plan, kind == "development_plans")):
        if value is not None and not used:
            raise UsageError(say("new.unused", lang, kind=kind, option=option))
    if kind in m.YEARLY_KINDS and args.year is None:
        raise UsageError(say("new.need_year", lang, kind=kind))
    if kind == "annual_self_diagnosis":
        if args.unit is None:
            raise UsageError(say("new.need_unit", lang, allowed=allowed))
        if args.unit != "school" and args.unit not in units:
            raise UsageError(say("new.bad_unit", lang, unit=args.unit, allowed=allowed))
    if kind == "development_plans":
        if args.plan is None:
            raise UsageError(say("new.need_plan", lang))
        if not PLAN_RE.fullmatch(args.plan):
            raise UsageError(say("new.bad_plan", lang, plan=args.plan))
    key = Key(kind, args.year, args.unit, args.plan)
    for item in provided_items(col):   # a second file for the same material would be a duplicate
        if item.key == key or (kind == "regional_plan" and satisfies(item.key, key)):
            raise Refused(say("new.duplicate", lang, other=item.path))
    rel = material_path(code, kind, args.year, args.unit, args.plan)
    if kind == "self_diagnosis_report":
        fw = proj.framework_for(args.year)        # the framework of that year's round
        if fw is None:
            raise Refused(say("new.no_framework", lang))
        return rel, self_diagnosis_text(rel, args.year, fw, as_of), code
    return rel, material_text(rel, key, col, as_of), code


def material_text(rel: str, key: Key, col, as_of: dt.date) -> str:
    fm = ["---", modeline(rel, "material").rstrip("\n"),
          "# 公示材料的头信息。字段说明见 docs/format-reference.md；“（请填写…）”是占位文字，提交前请全部替换。",
          f"# 材料类别：{KIND_LABELS[key.kind]}（seed 000 §四(二)3）", f"kind: {key.kind}"]
    if key.year is not None:
        fm += ["# 年度：材料所属的年份", f"year: {key.year}"]
    if key.unit is not None:
        fm += ["# 单位：school 表示学校本身，其他为 institution.yml 中职能部门或院（系）的 id", f"unit: {key.unit}"]
    if key.plan is not None:
        fm += ["# 规划：development 事业发展规划 | qa_system 质保体系建设规划 | 其他子规划的 id", f"plan: {key.plan}"]
    fm += [f"# 标题，例如“{describe(key, col)}”", "title: （请填写标题）",
           "# 在校园网首次公示的日期（YYYY-MM-DD），公示后填写。公示截止日 = 复核开始日 − 30 天，晚于截止日即为逾期公示",
           "published_on:",
           "# 校园网上的原文地址，例如 https://www.example.edu.cn/zlbg/2024.html",
           "source_url: null",
           "# 附件：相对于院校目录的路径，放在本校 files/ 下，例如 [files/2024-quality-report.pdf]",
           "attachments: []", "---"]
    body = ("（请填写材料正文或摘要：可直接粘贴全文，支持 Markdown 标题、列表和表格；"
            "完整文件请作为附件上传到本校 files/ 目录。）\n")
    return "\n".join(fm) + "\n" + body


def self_diagnosis_text(rel: str, year: int, fw: m.Framework, as_of: dt.date) -> str:
    out = [modeline(rel, "self-diagnosis").rstrip("\n"),
           f"# {year} 年《内部质量保证体系自我诊改报告》（seed 000 附件2 格式）。",
           "# 字段说明见 docs/format-reference.md；“（请填写…）”是占位文字，提交前请全部替换。",
           "# 字数（不计空白与 Markdown 标记）：概述 ≤500 字；每个要素的自我诊断意见（成绩+问题+原因）≤500 字，",
           "# 其中“存在问题”与“原因分析”不少于一半；改进措施 ≤200 字；改进成效 ≤200 字。务必写实，无需等级性结论。",
           "", "# 年度，与文件名一致", f"year: {year}",
           "# 一、自我诊改工作概述（≤500 字）", "overview: （请填写自我诊改工作概述）", "",
           f"# 二、按现行诊断项目参考表“{fw.name}”的全部 {len(fw.element_ids())} 个诊断要素逐项填写；不得增删要素编号。",
           "elements:"]
    first = True
    for item in fw.items:
        out.append(f"  # 诊断项目 {item.id} {item.name}")
        for el in item.elements:
            points = "、".join(p.name for p in el.points)
            out.append(f"  # {el.id} {el.name}" + (f" — 诊断点：{points}" if points else ""))
            out.append(f'  "{el.id}":')
            fields = [("achievements", "（请填写主要成绩）", "目标达成程度、主要成绩"),
                      ("problems", "（请填写存在问题）", "存在问题"),
                      ("causes", "（请填写原因分析）", "原因分析"),
                      ("measures", "（请填写改进措施）", "改进措施（≤200 字）"),
                      ("effects", "（请填写改进成效）", "改进成效（≤200 字）；措施尚未实施时写明“措施尚未实施”"),
                      ("effects_pending", "false", "措施尚未实施时改为 true")]
            for name, value, doc in fields:
                out.append(f"    {name}: {value}" + (f"   # {doc}" if first else ""))
            first = False
    out += ["", "# 校长（签字）与签字日期（YYYY-MM-DD，签字后填写）", "signed_by: （请填写校长姓名）", "signed_on:",
            "# 在校园网公示的日期（YYYY-MM-DD），公示后填写", "published_on:"]
    return "\n".join(out) + "\n"


# --- review (secretariat) ------------------------------------------------------------------
def new_review(root: Path, year: int, code: str, as_of: dt.date, lang: str) -> tuple[str, str, str]:
    proj = _project(root, code, lang)
    rnd = proj.rounds.get(year)
    if rnd is None:
        raise Refused(say("new.no_round", lang, year=year))
    if not any(rv.institution == code for rv in rnd.reviews):
        raise Refused(say("new.not_in_round", lang, year=year, code=code))
    fw = proj.framework_for(year)
    if fw is None:
        raise Refused(say("new.no_framework", lang))
    rel = f"content/rounds/{year}/reviews/{code}.yml"
    name = proj.colleges[code].info.name
    n, rule = len(fw.element_ids()), proj.config.rules.verdict
    out = [modeline(rel, "review").rstrip("\n"),
           f"# {year} 年 {name}（{code}）复核结论（秘书处填写）。字段说明见 docs/format-reference.md。",
           f"# 复核结论由程序计算（seed 000 §四(三)1），不必填写：{n} 个要素中相符 ≥ {smallest_passing(n, rule.effective_min)} 个",
           f"# 且措施 strong 为“有效”；相符 < {smallest_passing(n, rule.abnormal_below)} 个且措施 weak 为“异常”；其余为“待改进”。", "",
           "# 院校标识码（加引号）", f'institution: "{code}"',
           "# 逐个诊断要素：自我诊断结果与复核结果是否相符。相符写 true；不相符写 false，并在 note 中说明。",
           "# 留空（null）的要素不能通过检查：复核结论不预先填写",
           "findings:"]
    for _, el in fw.elements():
        out.append(f'  "{el.id}": {{match: null}}   # {el.name}')
    out += ["# 改进措施评价：strong 针对性强、切实可行、成效明显 | mixed 介于两者之间 | weak 针对性不强、力度不够",
            "measures:",
            "# 复核结论公布日期（YYYY-MM-DD），不得早于现场复核结束日期；公布时填写", "published_on:",
            "# 专家组复核意见（Markdown）", "summary: （请填写专家组复核意见）"]
    return rel, "\n".join(out) + "\n", code
