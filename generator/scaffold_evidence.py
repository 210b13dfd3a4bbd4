"""`portal new indicators|tasks|specialty`: skeletons of the structured evidence (DESIGN.md §3).

Unlike a material skeleton these are NOT valid as written: dates, measurements and due forms
are left empty (null), so `portal check` reports them until someone fills them in — a
skeleton committed by mistake must never be published as data (no prefilled dates)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .clock import UsageError
from .i18n import TEXTS, say
from .models_evidence import AREAS, PARTS

TEXTS.update({
    "new.bad_specialty": ("专业代码应为 6 位数字：{code}", "a specialty code is 6 digits: {code}"),
    "new.bad_faculty": ("院（系）“{faculty}”不在 institution.yml 中；可选：{allowed}",
                        "faculty '{faculty}' is not in institution.yml; allowed: {allowed}"),
    "new.need_faculty": ("专业年审需要 --faculty：institution.yml 中院（系）的 id 之一：{allowed}",
                         "a specialty review needs --faculty, one of: {allowed}"),
})


def add_parsers(sub, common) -> None:
    ind = sub.add_parser("indicators", help="状态数据指标与预警值（indicators/<年度>.yml）")
    tsk = sub.add_parser("tasks", help="诊改任务表（tasks/<年度>.yml）")
    spc = sub.add_parser("specialty", help="专业年审（specialties/<专业代码>/<年度>.yml）")
    for p in (ind, tsk, spc):
        p.add_argument("--institution", required=True, metavar="CODE")
        p.add_argument("--year", type=int, required=True)
        common(p)
    spc.add_argument("--code", required=True, help="6 位专业代码")
    spc.add_argument("--name", help="专业名称")
    spc.add_argument("--faculty", help="所属院（系）id")


def new_evidence(root: Path, args, project, lang: str) -> tuple[str, str, str]:
    """`project(root, code, lang)` loads the college (scaffold._project: refuses unknown ones)."""
    code, year = args.institution, args.year
    proj = project(root, code, lang)
    col = proj.colleges[code]
    base = f"institutions/{code}"
    if args.what == "indicators":
        return f"{base}/indicators/{year}.yml", indicators_text(year, proj.framework), code
    if args.what == "tasks":
        units = [u.id for u in col.info.departments + col.info.faculties]
        return f"{base}/tasks/{year}.yml", tasks_text(year, proj.framework, units), code
    if not re.fullmatch(r"\d{6}", args.code):
        raise UsageError(say("new.bad_specialty", lang, code=args.code))
    faculties = [u.id for u in col.info.faculties]
    allowed = "、".join(faculties) or "（无）"
    if args.faculty is None:
        raise UsageError(say("new.need_faculty", lang, allowed=allowed))
    if args.faculty not in faculties:
        raise UsageError(say("new.bad_faculty", lang, faculty=args.faculty, allowed=allowed))
    units = [u.id for u in col.info.departments + col.info.faculties]
    rel = f"{base}/specialties/{args.code}/{year}.yml"
    return rel, specialty_text(year, args.code, args.name, args.faculty, units), code


def _head(rel: str, stem: str, title: str) -> list[str]:
    target = os.path.relpath(f"schemas/{stem}.schema.json", os.path.dirname(rel)).replace(os.sep, "/")
    return [f"# yaml-language-server: $schema={target}",
            f"# {title}。字段说明见 docs/format-reference.md。",
            "# 日期、测量结果、完成时限留空（null）时 portal check 报错：填写真实数据后才能公示；"
            "“（请填写…）”是占位文字，须全部替换。"]


def _elements(fw) -> str:
    return "、".join(el.id for _, el in fw.elements()) if fw else "（见现行诊断项目参考表）"


def indicators_text(year: int, fw) -> str:
    out = _head(f"institutions/x/indicators/{year}.yml", "indicators", f"{year} 年状态数据指标与预警值（seed 002 表5）") + [
        "", "# 年度，与文件名一致", f"year: {year}",
        "# 在校园网公示的日期（YYYY-MM-DD）", "published_on:",
        f"# 每个指标一项；element 为现行参考表的要素编号（{_elements(fw)}），point 可选，如 \"3.1.2\"",
        "# standard（诊断标准，可选）与 warning（预警值）写成 {op, value}，op 为 < <= > >= ==；",
        "# 状态由程序计算：结果满足 warning 为“预警”，否则不满足 standard 为“未达标”，其余为“正常”",
        "indicators:",
        "  - id: （请填写指标标识，如 ssb）",
        "    element: \"（请填写要素编号）\"",
        "    name: （请填写诊断点/质控指标名称）",
        "    measure: （请填写测量数据内涵）",
        "    standard: {op: \"<=\", value: null}",
        "    warning: {op: \">\", value: null}",
        "    result:",
        "    unit: \"\""]
    return "\n".join(out) + "\n"


def tasks_text(year: int, fw, units: list[str]) -> str:
    out = _head(f"institutions/x/tasks/{year}.yml", "tasks", f"{year} 年诊改任务表（seed 001 附表1、seed 002 图13、seed 004 附表1）") + [
        "", "# 年度，与文件名一致", f"year: {year}",
        "# 在校园网公示的日期（YYYY-MM-DD）", "published_on:",
        f"# 每项任务一项；element 为要素编号（{_elements(fw)}）；lead 为牵头部门 id（{'、'.join(units) or '先在 institution.yml 中登记部门'}）",
        "# due：YYYY-MM | {from: YYYY-MM, to: YYYY-MM} | 2026H1 | 2026H2 | ongoing；done_on 完成后填写；",
        "# progress：月度完成情况，如 {2026-03: 完成调研}。状态（正常/已完成/逾期完成/未完成/预警）由程序计算",
        "tasks:",
        "  - id: T01",
        "    element: \"（请填写要素编号）\"",
        "    source: （请填写任务来源）",
        "    kind: A                      # A 重点工作 | B 常规工作",
        "    title: （请填写建设目标与任务）",
        "    targets: []",
        f"    lead: {units[0] if units else '（请填写牵头部门 id）'}",
        "    due:",
        "    done_on: null",
        "    progress: {}"]
    return "\n".join(out) + "\n"


def specialty_text(year: int, code: str, name: str | None, faculty: str, units: list[str]) -> str:
    out = _head(f"institutions/x/specialties/{code}/{year}.yml", "specialty", f"{year} 年专业年审（seed 003：六个方面 × RADAR）") + [
        "", f"specialty: {{code: \"{code}\", name: {name or '（请填写专业名称）'}, faculty: {faculty}}}",
        "# 年度，与文件名一致", f"year: {year}",
        "# 在校园网公示的日期（YYYY-MM-DD）", "published_on:",
        "# 六个方面，每个方面写 RADAR 四个环节：" + "、".join(f"{k} {v}" for k, v in PARTS.items()),
        "# 缺少的环节在网站上标为“缺”",
        "areas:"]
    for key, label in AREAS.items():
        out.append(f"  {key}:   # {label}")
        out += [f"    {p}: （请填写{label}的{plabel}）" for p, plabel in PARTS.items()]
    out += [f"# 年审提出的问题；to 为责任单位 id（{'、'.join(units)}）；回应后同时填写 response 与 responded_on",
            "issues: []", "# 专业预警：{signal: 预警信号, action: 应对措施}", "warnings: []"]
    return "\n".join(out) + "\n"
