"""A 16-element framework as annex 2 of seed 000 groups the report table (6 items, 16 elements),
and helpers that write reports and reviews for any element list (issue 19)."""
from __future__ import annotations

from builders import ELEMENT_IDS, ScratchRoot

FW16_ID = "annex2-16"
ANNEX2 = [("1", "体系总体构架", ["质量保证理念", "组织构架", "制度构架", "信息系统"]),
          ("2", "专业质量保证", ["专业建设规划", "专业诊改"]),
          ("3", "课程质量保证", ["课程建设规划", "课程诊改"]),
          ("4", "师资质量保证", ["师资队伍建设规划", "师资队伍建设诊改"]),
          ("5", "学生全面发展保证", ["育人体系", "成长环境"]),
          ("6", "体系运行效果", ["外部环境改进", "质量事故管控", "质量保证效果", "体系特色"])]
ELEMENT_IDS_16 = [f"{i}.{k + 1}" for i, _, els in ANNEX2 for k in range(len(els))]
assert len(ELEMENT_IDS_16) == 16


def framework16_yaml() -> str:
    out = [f"id: {FW16_ID}", "name: 附件2 报告表的诊断要素（6 个项目、16 个要素）", "items:"]
    for iid, iname, els in ANNEX2:
        out += [f'  - id: "{iid}"', f"    name: {iname}", "    elements:"]
        for k, name in enumerate(els):
            out += [f'      - id: "{iid}.{k + 1}"', f"        name: {name}",
                    "        points:", f"          - {{name: {name}诊断点}}"]
    return "\n".join(out) + "\n"


def add_framework16(root: ScratchRoot) -> None:
    root.write(f"content/frameworks/{FW16_ID}.yml", framework16_yaml())


def ids_for(n: int) -> list[str]:
    return {15: ELEMENT_IDS, 16: ELEMENT_IDS_16}[n]


def write_review(root: ScratchRoot, year: int, code: str, ids: list[str], *, matches: int, measures: str,
                 verdict: str | None = None, published_on: str = "2025-06-30") -> str:
    lines = [f'institution: "{code}"', "findings:"]
    lines += [f'  "{eid}": {{match: {"true" if i < matches else "false"}}}' for i, eid in enumerate(ids)]
    lines.append(f"measures: {measures}")
    if verdict:
        lines.append(f"verdict: {verdict}")
    lines += [f"published_on: {published_on}", "summary: 专家组复核意见。"]
    path = f"content/rounds/{year}/reviews/{code}.yml"
    root.write(path, "\n".join(lines) + "\n")
    return path
