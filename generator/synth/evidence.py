"""Synthetic structured evidence (DESIGN.md §3, seeds 001–004): most colleges publish last
year's indicators, this year's task table and a specialty review or two. Valid by construction;
the statuses vary (some indicators past their warning value, some tasks overdue, some issues
unanswered) so that the summary pages and open data have something to show at scale."""
from __future__ import annotations

import datetime as dt

from .emit import Emitter, q, ys
from .world import College

SHARE = 0.5            # colleges publishing evidence
# shared indicator ids (the cross-college table groups by id): (id, element, name, standard, warning, centre, unit)
INDICATORS = [
    ("ssb", "3.1", "生师比", ("<=", 18), (">", 20), 18.0, ""),
    ("dkl", "2.2", "学生到课率", (">=", 95), ("<", 90), 94.0, "%"),
    ("sxgw", "3.2", "生均实训工位数", (">=", 0.5), ("<", 0.3), 0.5, ""),
    ("jyl", "4.1", "毕业生就业率", (">=", 92), ("<", 85), 92.0, "%"),
    ("scsx", "2.3", "双师型教师占比", (">=", 60), ("<", 50), 60.0, "%"),
]
TASK_TITLES = ["修订专业人才培养方案", "完善课程标准", "建设校内实训基地", "健全质量年报制度", "开展学生满意度调查",
               "推进校企合作项目", "完善教师考核办法", "升级数据管理平台"]
AREAS = ("planning", "objectives", "teachers", "students", "courses", "resources")
PARTS = ("results", "approach", "deployment", "assessment")


def emit_evidence(em: Emitter, c: College, year: int, as_of: dt.date) -> None:
    rng = em.rng(c.code, "evidence")
    if rng.random() >= SHARE:
        return
    base = f"institutions/{c.code}"
    units = [u for u, _ in c.departments + c.faculties]
    # last year's indicators, published early this year
    lines = [f"year: {year - 1}", f"published_on: {dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(40))}",
             "indicators:"]
    for iid, el, name, std, warn, centre, unit in rng.sample(INDICATORS, rng.randint(2, len(INDICATORS))):
        result = round(centre * rng.uniform(0.9, 1.12), 2)
        lines += [f"  - id: {iid}", f"    element: {q(el)}", f"    name: {ys(name)}",
                  f"    standard: {{op: {q(std[0])}, value: {std[1]}}}",
                  f"    warning: {{op: {q(warn[0])}, value: {warn[1]}}}", f"    result: {result}",
                  f"    unit: {q(unit)}"]
    em.write(f"{base}/indicators/{year - 1}.yml", "\n".join(lines) + "\n")
    # this year's task table, published in February
    if units:
        lines = [f"year: {year}", f"published_on: {dt.date(year, 2, 1) + dt.timedelta(days=rng.randrange(20))}", "tasks:"]
        for i, title in enumerate(rng.sample(TASK_TITLES, rng.randint(2, 5)), 1):
            month = rng.randint(3, 12)
            lines += [f"  - id: T{i:02d}", f"    element: {q(rng.choice(em.element_ids))}",
                      f"    kind: {rng.choice('AB')}", f"    title: {ys(title)}", f"    lead: {rng.choice(units)}",
                      f"    due: {year}-{month:02d}"]
            due_end = dt.date(year, month, 28)
            if due_end < as_of and rng.random() < 0.85:
                lines.append(f"    done_on: {due_end - dt.timedelta(days=rng.randrange(20))}")
            noted = [m for m in range(3, min(month, as_of.month - 1) + 1)]
            if noted:
                lines.append("    progress: {" + ", ".join(f"{year}-{m:02d}: 按计划推进" for m in noted) + "}")
        em.write(f"{base}/tasks/{year}.yml", "\n".join(lines) + "\n")
    # one specialty review of last year per faculty (at most two)
    for k, (fid, fname) in enumerate(c.faculties[:2], 1):
        spec = f"{460300 + k:06d}"
        lines = [f"specialty: {{code: {q(spec)}, name: {ys(fname.removesuffix('系') + '专业')}, faculty: {fid}}}",
                 f"year: {year - 1}", f"published_on: {dt.date(year, 1, 20) + dt.timedelta(days=rng.randrange(30))}",
                 "areas:"]
        for area in AREAS:
            parts = [p for p in PARTS if not (p == "assessment" and rng.random() < 0.01)]
            lines.append(f"  {area}: {{" + ", ".join(f"{p}: 按年度计划推进" for p in parts) + "}")
        lines.append("issues:")
        for j in range(rng.randint(1, 3)):
            to = rng.choice(units)
            if rng.random() < 0.9:
                lines.append(f"  - {{text: 年审问题{j + 1}, to: {to}, response: 已制定整改方案, "
                             f"responded_on: {dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(60))}}}")
            else:
                lines.append(f"  - {{text: 年审问题{j + 1}, to: {to}}}")
        em.write(f"{base}/specialties/{spec}/{year - 1}.yml", "\n".join(lines) + "\n")
