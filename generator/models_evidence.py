"""Typed models of the optional structured evidence a college may publish (DESIGN.md §3,
"Structured evidence a college may publish"; seeds 001–004): state-data indicators with
warning values, the diagnosis task table, and a specialty's annual RADAR review."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .schema import INVALID, Model, spec

OPS = ("<", "<=", ">", ">=", "==")
ID_RE = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
HALF_RE = re.compile(r"^(\d{4})H([12])$")
AREAS = {"planning": "规划体系", "objectives": "目标体系", "teachers": "教师",
         "students": "学生", "courses": "课程", "resources": "资源建设"}          # seed 003 §四
PARTS = {"results": "目标（结果）", "approach": "方法", "deployment": "实施",
         "assessment": "评价改进"}                                             # seed 003 RADAR


class Number(float):
    """A number written as a YAML int or float (measurements are often decimal: 18.8)."""

    type_label = "数值"

    @classmethod
    def from_node(cls, node, ctx, label):
        if node.kind == "scalar" and not node.quoted and node.tag in (
                "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            try:
                v = float(node.value.replace("_", ""))
                if v == v and v not in (float("inf"), float("-inf")):
                    return cls(v)
            except ValueError:
                pass
        got = node.value if node.kind == "scalar" else {"map": "映射", "seq": "列表"}[node.kind]
        ctx.add("schema.type", node, field=label, expected="数值", expected_en="a number", got=got)
        return INVALID

    @classmethod
    def json_schema(cls) -> dict:
        return {"type": "number"}


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Due:
    """完成时限: `YYYY-MM`, `{from: YYYY-MM, to: YYYY-MM}`, `2026H1` / `2026H2` or `ongoing`.
    `end` is the last day of the period (None for ongoing)."""

    text: str
    start: dt.date | None
    end: dt.date | None

    type_label = "`YYYY-MM` \\| `{from: YYYY-MM, to: YYYY-MM}` \\| `2026H1` \\| `2026H2` \\| `ongoing`"

    @classmethod
    def from_node(cls, node, ctx, label):
        if node.kind == "scalar":
            text = node.value
            if text == "ongoing":
                return cls(text, None, None)
            mt = MONTH_RE.match(text)
            if mt:
                y, mo = int(mt.group(1)), int(mt.group(2))
                return cls(text, dt.date(y, mo, 1), month_end(y, mo))
            mt = HALF_RE.match(text)
            if mt:
                y, h = int(mt.group(1)), int(mt.group(2))
                return cls(text, dt.date(y, 1 if h == 1 else 7, 1), month_end(y, 6 if h == 1 else 12))
        elif node.kind == "map" and sorted(k.value for k, _ in node.value) == ["from", "to"]:
            a, b = (node.keys["from"], node.keys["to"])
            ma = MONTH_RE.match(a.value) if a.kind == "scalar" else None
            mb = MONTH_RE.match(b.value) if b.kind == "scalar" else None
            if ma and mb:
                start = dt.date(int(ma.group(1)), int(ma.group(2)), 1)
                end = month_end(int(mb.group(1)), int(mb.group(2)))
                if start > end:
                    ctx.add("task.due_order", node, field=label, start=a.value, end=b.value)
                    return INVALID
                return cls(f"{a.value}～{b.value}", start, end)
        got = node.value if node.kind == "scalar" else {"map": "映射", "seq": "列表"}[node.kind]
        ctx.add("task.due", node, field=label, got=got)
        return INVALID

    @classmethod
    def json_schema(cls) -> dict:
        month = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}
        return {"anyOf": [{"type": "string", "pattern": r"^(\d{4}-(0[1-9]|1[0-2])|\d{4}H[12]|ongoing)$"},
                          {"type": "object", "properties": {"from": month, "to": month},
                           "required": ["from", "to"], "additionalProperties": False}]}


# --- institutions/<code>/indicators/<year>.yml (seed 002 表5) --------------------------
@dataclass(kw_only=True)
class Comparison(Model):
    op: str = spec("比较符：< | <= | > | >= | ==")
    value: Number = spec("比较值")


@dataclass(kw_only=True)
class Indicator(Model):
    id: str = spec("指标标识（文件内唯一）", pattern=ID_RE)
    element: str = spec("诊断要素编号，如 \"3.1\"", quoted=True)
    point: str | None = spec("诊断点编号：要素编号加序号，如 \"3.1.2\"（可选）", default=None, quoted=True)
    name: str = spec("诊断点/质控指标名称")
    measure: str = spec("测量数据内涵", default="")
    standard: Comparison | None = spec("诊断标准（可选）：测量结果满足此条件为达标", default=None)
    warning: Comparison = spec("预警值：测量结果满足此条件即为预警")
    result: Number = spec("测量结果")
    unit: str = spec("单位，如 \"%\"、\"人\"", default="")


@dataclass(kw_only=True)
class IndicatorsFile(Model):
    year: int = spec("年度")
    published_on: dt.date = spec("公示日期")
    indicators: list[Indicator] = spec("状态数据指标", min_items=1)


# --- institutions/<code>/tasks/<year>.yml (seed 001 附表1, seed 002 图13, seed 004 附表1) ---
@dataclass(kw_only=True)
class Task(Model):
    id: str = spec("任务编号（文件内唯一）", pattern=ID_RE)
    element: str = spec("诊断要素编号，如 \"2.2\"", quoted=True)
    point: str | None = spec("诊断点编号，如 \"2.2.1\"（可选）", default=None, quoted=True)
    source: str = spec("任务来源，如 十四五规划", default="")
    kind: str = spec("属性：A 重点工作 | B 常规工作", pattern="A|B")
    title: str = spec("建设目标与任务")
    targets: list[str] = spec("目标（可量化的完成标志）", factory=list)
    lead: str = spec("牵头部门：institution.yml 中职能部门或院（系）的 id")
    due: Due = spec("完成时限")
    done_on: dt.date | None = spec("实际完成日期（可选）", default=None)
    progress: dict[str, str] = spec("月度完成情况，键为 \"YYYY-MM\"", factory=dict)


@dataclass(kw_only=True)
class TasksFile(Model):
    year: int = spec("年度")
    published_on: dt.date = spec("公示日期")
    tasks: list[Task] = spec("诊改任务", min_items=1)


# --- institutions/<code>/specialties/<专业代码>/<year>.yml (seed 003) ------------------
@dataclass(kw_only=True)
class SpecialtyRef(Model):
    code: str = spec("专业代码（带引号，6 位）", quoted=True, pattern=r"\d{6}")
    name: str = spec("专业名称")
    faculty: str = spec("所属院（系）：institution.yml 中 faculties 的 id")


@dataclass(kw_only=True)
class RadarArea(Model):
    results: str | None = spec("R 目标（结果）", default=None)
    approach: str | None = spec("A 方法", default=None)
    deployment: str | None = spec("D 实施", default=None)
    assessment: str | None = spec("A&R 评价改进", default=None)


@dataclass(kw_only=True)
class Areas(Model):
    planning: RadarArea | None = spec("规划体系", default=None)
    objectives: RadarArea | None = spec("目标体系", default=None)
    teachers: RadarArea | None = spec("教师", default=None)
    students: RadarArea | None = spec("学生", default=None)
    courses: RadarArea | None = spec("课程", default=None)
    resources: RadarArea | None = spec("资源建设", default=None)


@dataclass(kw_only=True)
class SpecialtyIssue(Model):
    text: str = spec("年审中提出的问题")
    to: str = spec("责任单位：institution.yml 中职能部门或院（系）的 id")
    response: str | None = spec("责任单位的回应（回应前省略）", default=None)
    measure: str | None = spec("改进举措", default=None)
    responded_on: dt.date | None = spec("回应日期（与 response 同时填写）", default=None)


@dataclass(kw_only=True)
class SpecialtyWarning(Model):
    signal: str = spec("预警信号，如 岗位需求变化")
    action: str = spec("应对措施")


@dataclass(kw_only=True)
class SpecialtyReview(Model):
    specialty: SpecialtyRef = spec("专业")
    year: int = spec("年度")
    published_on: dt.date = spec("公示日期")
    areas: Areas = spec("六个方面的 RADAR 自我诊断")
    issues: list[SpecialtyIssue] = spec("问题与回应", factory=list)
    warnings: list[SpecialtyWarning] = spec("专业预警", factory=list)
