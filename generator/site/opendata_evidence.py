"""Open-data tables of the structured evidence (DESIGN.md §3, seeds 001–004): indicators,
tasks, specialty reviews and their issues. Statuses come from rules/evidence.py, as of the
outcome's date. Measurements are decimal strings ("18.8"): no floats in open data."""
from __future__ import annotations

from decimal import Decimal

from ..project import Project
from ..rules.evidence import INDICATOR_LABELS, TASK_LABELS, indicator_status, radar_gaps, task_status, unanswered_issues
from .evidence_pages import indicators_url, specialty_url, tasks_url
from .opendata_tables import C, Table

_PAGE = C("page", "url", "本站对应页面的地址")

INDICATORS = Table("indicators", "状态数据指标", "院校公示的状态数据指标、诊断标准、预警值与测量结果（一行一项；seed 002 表5）", (
    C("code", "code", "学校标识码"), C("year", "integer", "年度"), C("published_on", "date", "公示日期"),
    C("id", "string", "指标标识（院校内）"), C("element", "string", "诊断要素编号"),
    C("point", "string", "诊断点编号", nullable=True), C("name", "string", "诊断点/质控指标"),
    C("measure", "string", "测量数据内涵"),
    C("standard_op", "string", "诊断标准比较符", nullable=True), C("standard_value", "decimal", "诊断标准值", nullable=True),
    C("warning_op", "string", "预警值比较符"), C("warning_value", "decimal", "预警值"),
    C("result", "decimal", "测量结果"), C("unit", "string", "单位"),
    C("status", "string", "状态代码（本站计算）", enum=INDICATOR_LABELS), C("status_label", "string", "状态"),
    _PAGE))

TASKS = Table("tasks", "诊改任务", "院校公示的诊改任务表（一行一项任务；seed 001 附表1、seed 002 图13、seed 004 附表1）", (
    C("code", "code", "学校标识码"), C("year", "integer", "年度"), C("published_on", "date", "公示日期"),
    C("id", "string", "任务编号"), C("element", "string", "诊断要素编号"),
    C("point", "string", "诊断点编号", nullable=True), C("source", "string", "任务来源"),
    C("kind", "string", "属性：A 重点工作，B 常规工作", enum=("A", "B")), C("title", "string", "建设目标与任务"),
    C("targets", "string[]", "目标"), C("lead", "string", "牵头部门代码"), C("lead_name", "string", "牵头部门名称"),
    C("due", "string", "完成时限（原文）"), C("due_end", "date", "完成时限的最后一天（持续性任务为空）", nullable=True),
    C("done_on", "date", "实际完成日期", nullable=True),
    C("progress_months", "string[]", "有完成情况记录的月份（YYYY-MM）"),
    C("status", "string", "状态代码（本站按数据日期计算）", enum=TASK_LABELS), C("status_label", "string", "状态"),
    C("months_late", "integer", "超过完成时限的月数"),
    _PAGE))

SPECIALTIES = Table("specialties", "专业年审", "院校公示的专业年审（一行一个专业一年；seed 003）", (
    C("code", "code", "学校标识码"), C("year", "integer", "年度"), C("published_on", "date", "公示日期"),
    C("specialty", "string", "专业代码"), C("name", "string", "专业名称"), C("faculty", "string", "所属院（系）代码"),
    C("radar_gaps", "string[]", "缺少 RADAR 环节的方面，形如 resources:assessment"),
    C("issues", "integer", "年审提出的问题数"), C("unanswered", "integer", "尚未回应的问题数"),
    _PAGE))

SPECIALTY_ISSUES = Table("specialty_issues", "专业年审问题与回应", "专业年审提出的每个问题及责任单位的回应（一行一个问题；seed 003）", (
    C("code", "code", "学校标识码"), C("year", "integer", "年度"), C("specialty", "string", "专业代码"),
    C("text", "string", "问题"), C("to", "string", "责任单位代码"), C("to_name", "string", "责任单位名称"),
    C("response", "string", "回应", nullable=True), C("measure", "string", "改进举措", nullable=True),
    C("responded_on", "date", "回应日期", nullable=True), C("answered", "boolean", "是否已回应"),
    _PAGE))

EVIDENCE_TABLES = (INDICATORS, TASKS, SPECIALTIES, SPECIALTY_ISSUES)


def decimal(x: float | None) -> str | None:
    """A measurement as a plain decimal string: 20.0 → "20", 0.42 → "0.42" (never an exponent)."""
    if x is None:
        return None
    s = format(Decimal(repr(float(x))), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def evidence_rows(proj: Project, as_of, page) -> dict[str, list[dict]]:
    grace = proj.config.rules.tasks.grace_months
    out = {t.name: [] for t in EVIDENCE_TABLES}
    for code, col in sorted(proj.colleges.items()):
        if col.info is None:
            continue
        names = {u.id: u.name for u in col.info.departments + col.info.faculties}
        for year, f in sorted(col.indicators.items()):
            for i in f.indicators:
                s = indicator_status(i)
                out["indicators"].append({
                    "code": code, "year": year, "published_on": f.published_on.isoformat(), "id": i.id,
                    "element": i.element, "point": i.point, "name": i.name, "measure": i.measure,
                    "standard_op": i.standard.op if i.standard else None,
                    "standard_value": decimal(i.standard.value) if i.standard else None,
                    "warning_op": i.warning.op, "warning_value": decimal(i.warning.value), "result": decimal(i.result),
                    "unit": i.unit, "status": s, "status_label": INDICATOR_LABELS[s],
                    "page": page(indicators_url(code, year))})
        for year, f in sorted(col.tasks.items()):
            for t in f.tasks:
                st = task_status(t, as_of, grace)
                out["tasks"].append({
                    "code": code, "year": year, "published_on": f.published_on.isoformat(), "id": t.id,
                    "element": t.element, "point": t.point, "source": t.source, "kind": t.kind, "title": t.title,
                    "targets": list(t.targets), "lead": t.lead, "lead_name": names.get(t.lead, t.lead),
                    "due": t.due.text, "due_end": t.due.end.isoformat() if t.due.end else None,
                    "done_on": t.done_on.isoformat() if t.done_on else None,
                    "progress_months": sorted(t.progress), "status": st.status, "status_label": st.label,
                    "months_late": st.months_late, "page": page(tasks_url(code, year))})
        for (spec, year), rv in sorted(col.specialties.items()):
            url = page(specialty_url(code, spec, year))
            out["specialties"].append({
                "code": code, "year": year, "published_on": rv.published_on.isoformat(), "specialty": spec,
                "name": rv.specialty.name, "faculty": rv.specialty.faculty,
                "radar_gaps": [f"{a}:{p}" for a, parts in radar_gaps(rv) for p in parts],
                "issues": len(rv.issues), "unanswered": len(unanswered_issues(rv)), "page": url})
            for iss in rv.issues:
                out["specialty_issues"].append({
                    "code": code, "year": year, "specialty": spec, "text": iss.text, "to": iss.to,
                    "to_name": names.get(iss.to, iss.to), "response": iss.response, "measure": iss.measure,
                    "responded_on": iss.responded_on.isoformat() if iss.responded_on else None,
                    "answered": bool(iss.response), "page": url})
    return out

