"""Pages of the structured evidence (DESIGN.md §3, seeds 001–004): per college its indicator
and task tables, per specialty its RADAR grid and issue → response table, and one page across
colleges. Statuses come from rules/evidence.py; templates only show them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


from ..models_evidence import AREAS, PARTS
from ..rules.evidence import (DONE, DONE_LATE, INDICATOR_LABELS, OVERDUE, TASK_LABELS, UNFINISHED, WARNING,
                              indicator_status, progress_months, radar_gaps, task_status, unanswered_issues)
from .evidence_chart import warning_by_indicator

EVIDENCE = "evidence/"
# badge class per status: the colour of seed 002 图13 (正常 绿, 已完成 黑, 未完成 黄, 预警 红), always with its text
INDICATOR_BADGE = {"warning": "late", "below": "pending", "normal": "on_time"}
OP_LABELS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}
TASK_BADGE = {"done": "ev-done", "done_late": "ev-done", "normal": "on_time", "unfinished": "pending", "warning": "late"}


def indicators_url(code: str, year: int) -> str:
    return f"colleges/{code}/indicators/{year}/"


def tasks_url(code: str, year: int) -> str:
    return f"colleges/{code}/tasks/{year}/"


def specialty_url(code: str, spec: str, year: int) -> str:
    return f"colleges/{code}/specialties/{spec}/{year}/"


def anchor(element_id: str) -> str:
    return "el-" + element_id.replace(".", "-")


def grace(site) -> int:
    return site.config.rules.tasks.grace_months


@dataclass(frozen=True)
class Group:
    item: object                    # framework Item (or None when the element is unknown)
    element: object                 # framework Element
    rows: list


def by_element(framework, rows, key) -> list[Group]:
    """Rows grouped 项目 → 要素 in framework order (seed 002 表5, seed 001 附表1)."""
    buckets = defaultdict(list)
    for r in rows:
        buckets[r[key].element].append(r)
    out = []
    for item, el in framework.elements() if framework else []:
        if el.id in buckets:
            out.append(Group(item, el, buckets.pop(el.id)))
    return out


def indicator_rows(f) -> list[dict]:
    return [{"ind": i, "status": (s := indicator_status(i)), "label": INDICATOR_LABELS[s],
             "badge": INDICATOR_BADGE[s]} for i in f.indicators]


def task_rows(f, as_of, grace_months: int) -> list[dict]:
    out = []
    for t in f.tasks:
        st = task_status(t, as_of, grace_months)
        out.append({"task": t, "status": st.status, "label": st.label, "badge": TASK_BADGE[st.status],
                    "months_late": st.months_late, "strip": progress_months(t, f.year)})
    return out


def specialty_view(rv) -> dict:
    gaps = dict(radar_gaps(rv))
    grid = [(key, label, getattr(rv.areas, key), gaps.get(key, [])) for key, label in AREAS.items()]
    unanswered = unanswered_issues(rv)
    return {"grid": grid, "parts": PARTS, "unanswered": unanswered, "n_unanswered": len(unanswered), "gaps": gaps}


def element_links(col, element_id: str, framework_for=None, framework=None) -> list[tuple[str, str, str]]:
    """Links from a self-diagnosis element row to the evidence that names the same element.
    Given `framework_for` (year → framework in force) and the report's `framework`, only the
    years judged by that same framework: an element id means the same element only there."""
    def same(year) -> bool:
        return framework_for is None or getattr(framework_for(year), "id", None) == getattr(framework, "id", None)
    out = []
    for year, f in sorted(col.indicators.items()):
        if same(year) and any(i.element == element_id for i in f.indicators):
            out.append((f"{year}年状态数据指标", indicators_url(col.code, year), anchor(element_id)))
    for year, f in sorted(col.tasks.items()):
        if same(year) and any(t.element == element_id for t in f.tasks):
            out.append((f"{year}年诊改任务", tasks_url(col.code, year), anchor(element_id)))
    return out


def college_links(col) -> list[tuple[str, str, str]]:
    """(title, url, published_on) of every evidence page of a college, for its page."""
    out = [(f"{y}年状态数据指标与预警", indicators_url(col.code, y), f.published_on) for y, f in sorted(col.indicators.items())]
    out += [(f"{y}年诊改任务表", tasks_url(col.code, y), f.published_on) for y, f in sorted(col.tasks.items())]
    out += [(f"{rv.specialty.name}（{spec}）{y}年专业年审", specialty_url(col.code, spec, y), rv.published_on)
            for (spec, y), rv in sorted(col.specialties.items())]
    return out


def matrix_links(col, kind: str, year: int | None) -> list[tuple[str, str]]:
    """(label, url) of the evidence behind one row of the material matrix: the state-data report
    of year Y → that year's indicators; the annual self-diagnosis of year Y → that year's tasks."""
    if year is None:
        return []
    if kind == "state_data_report" and year in col.indicators:
        return [("状态数据指标", indicators_url(col.code, year))]
    if kind == "annual_self_diagnosis" and year in col.tasks:
        return [("诊改任务表", tasks_url(col.code, year))]
    return []


def college_evidence_pages(site, col, crumbs, page_cls) -> list:
    code, name = col.code, col.info.name
    proj = site.project

    def fw(year):             # the framework in force for that year (its round's, else site_config's)
        return proj.framework_for(year) or proj.framework
    out = []
    for year, f in sorted(col.indicators.items()):
        rows = indicator_rows(f)
        out.append(page_cls(indicators_url(code, year), f"{name} {year}年状态数据指标与预警", "evidence_indicators.html",
                            {"college": col, "year": year, "file": f, "groups": by_element(fw(year), rows, "ind"),
                             "anchor": anchor, "ops": OP_LABELS, "counts": _counts(rows, INDICATOR_LABELS)},
                            crumbs=crumbs))
    for year, f in sorted(col.tasks.items()):
        rows = task_rows(f, site.as_of, grace(site))
        out.append(page_cls(tasks_url(code, year), f"{name} {year}年诊改任务表", "evidence_tasks.html",
                            {"college": col, "year": year, "file": f, "groups": by_element(fw(year), rows, "task"),
                             "anchor": anchor, "grace": grace(site), "counts": _counts(rows, TASK_LABELS),
                             "months": [f"{m}月" for m in range(1, 13)]}, crumbs=crumbs))
    for (spec, year), rv in sorted(col.specialties.items()):
        out.append(page_cls(specialty_url(code, spec, year), f"{name} {rv.specialty.name} {year}年专业年审",
                            "evidence_specialty.html", {"college": col, "year": year, "rv": rv, **specialty_view(rv)},
                            crumbs=crumbs))
    return out


def _counts(rows, labels) -> list[tuple[str, str, int]]:
    n = defaultdict(int)
    for r in rows:
        n[r["status"]] += 1
    return [(s, labels[s], n[s]) for s in labels if n[s]]


def overview(site) -> dict:
    """Across colleges: per indicator id shared by several colleges, how many are in 预警 by
    region and year; overdue (预警) and unfinished tasks by college; unanswered specialty issues."""
    shared = defaultdict(lambda: defaultdict(lambda: [0, 0]))     # id → (year, region) → [warning, total]
    names, colleges_of = {}, defaultdict(set)
    tasks, specialties = [], []
    for col in site.colleges():
        region = col.info.region
        for year, f in col.indicators.items():
            for i in f.indicators:
                cell = shared[i.id][(year, region)]
                cell[0] += indicator_status(i) == WARNING
                cell[1] += 1
                names.setdefault(i.id, i.name)
                colleges_of[i.id].add(col.code)
        late = defaultdict(int)
        for year, f in col.tasks.items():
            for t in f.tasks:
                st = task_status(t, site.as_of, grace(site)).status
                if st in (OVERDUE, UNFINISHED, DONE_LATE):
                    late[st] += 1
        if late:
            tasks.append({"college": col, "overdue": late[OVERDUE], "unfinished": late[UNFINISHED],
                          "done_late": late[DONE_LATE], "urls": [tasks_url(col.code, y) for y in sorted(col.tasks)]})
        for (spec, year), rv in sorted(col.specialties.items()):
            open_issues = len(unanswered_issues(rv))
            if open_issues:
                specialties.append({"college": col, "open": open_issues, "url": specialty_url(col.code, spec, year),
                                    "title": f"{rv.specialty.name}（{spec}）{year}年专业年审"})
    indicators = []
    for iid in sorted(shared):
        if len(colleges_of[iid]) < 2:
            continue
        cells = sorted(shared[iid].items())
        indicators.append({"id": iid, "name": names[iid], "colleges": len(colleges_of[iid]),
                           "cells": [{"year": y, "region": r, "warning": w, "total": n} for (y, r), (w, n) in cells]})
    tasks.sort(key=lambda d: (-d["overdue"], -d["unfinished"], d["college"].code))
    chart = warning_by_indicator(indicators)      # every text in it is escaped by charts.py's helpers
    return {"indicators": indicators, "chart": chart.html(), "tasks": tasks, "specialties": specialties,
            "labels": {"overdue": TASK_LABELS[OVERDUE], "unfinished": TASK_LABELS[UNFINISHED],
                       "done_late": TASK_LABELS[DONE_LATE], "done": TASK_LABELS[DONE]}}
