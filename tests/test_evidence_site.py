"""The structured-evidence pages in the built site (issue 23): per college indicators and tasks,
per specialty the RADAR grid and issues, the cross-college summary; links from the college and
self-diagnosis pages; colours always with text; indexed by Pagefind; open data. One build."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builders import CODE_A, CODE_B, YEAR, dedent
from site_helpers import build, html_files, page_url, parse, resolve, site_root

IND = dedent(f"""
    year: {YEAR}
    published_on: 2025-06-01
    indicators:
      - {{id: ssb, element: "3.1", name: 生师比甲, standard: {{op: "<=", value: 18}}, warning: {{op: ">", value: 20}}, result: 20.5}}
      - {{id: dkl, element: "2.2", name: 到课率, warning: {{op: "<", value: 90}}, result: 95, unit: "%"}}
    """)
TASKS = dedent(f"""
    year: {YEAR}
    published_on: 2025-02-01
    tasks:
      - {{id: T01, element: "3.1", kind: A, title: 引进专任教师甲, lead: jwc, due: 2025-04, progress: {{2025-03: 完成招聘}}}}
      - {{id: T02, element: "2.2", kind: B, title: 修订方案乙, lead: jdx, due: 2025-05, done_on: 2025-05-20}}
    """)
SPEC = dedent(f"""
    specialty: {{code: "460301", name: 机电一体化技术, faculty: jdx}}
    year: {YEAR}
    published_on: 2025-06-15
    areas:
      courses: {{results: 课程结果丙, approach: b, deployment: c, assessment: d}}
    issues:
      - {{text: 兼职教师比例偏低丁, to: jwc}}
    """)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("evsite")
    root = site_root(base / "root")
    root.write(f"institutions/{CODE_A}/indicators/{YEAR}.yml", IND)
    root.write(f"institutions/{CODE_A}/tasks/{YEAR}.yml", TASKS)
    root.write(f"institutions/{CODE_A}/specialties/460301/{YEAR}.yml", SPEC)
    # a second college shares the indicator id (the cross-college table needs two)
    root.write(f"institutions/{CODE_B}/indicators/{YEAR}.yml", IND.replace("result: 20.5", "result: 17"))
    out = base / "out"
    build(root, out)
    return root, out


def read(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_indicator_page_groups_by_element_with_text_badges(built):
    _, out = built
    html = read(out, f"colleges/{CODE_A}/indicators/{YEAR}/")
    assert 'id="el-3-1"' in html and 'id="el-2-2"' in html
    row = html[html.index('id="ind-ssb"'):html.index("</tr>", html.index('id="ind-ssb"'))]
    assert "20.5" in row and "&gt; 20" in row and "≤ 18" in row
    assert '<span class="zg-badge zg-badge--late">预警</span>' in row
    row = html[html.index('id="ind-dkl"'):html.index("</tr>", html.index('id="ind-dkl"'))]
    assert '<span class="zg-badge zg-badge--on_time">正常</span>' in row


def test_task_page_statuses_and_month_strip(built):
    _, out = built
    html = read(out, f"colleges/{CODE_A}/tasks/{YEAR}/")
    t1 = html[html.index('id="task-T01"'):html.index("</tr>", html.index('id="task-T01"'))]
    assert "预警" in t1 and "zg-badge--late" in t1          # due 2025-04, as of 2025-07-01: 3 months
    assert t1.count('class="zg-month') == 12 and "2025-03：完成招聘" in t1
    t2 = html[html.index('id="task-T02"'):html.index("</tr>", html.index('id="task-T02"'))]
    assert "已完成" in t2 and "zg-badge--ev-done" in t2
    assert "教务处" in t1 and "机电工程系" in t2                 # lead units by name


def test_specialty_page_grid_and_issues(built):
    _, out = built
    html = read(out, f"colleges/{CODE_A}/specialties/460301/{YEAR}/")
    grid = html[html.index('id="area-courses"'):html.index("</tr>", html.index('id="area-courses"'))]
    assert "课程结果丙" in grid and "缺" not in grid
    planning = html[html.index('id="area-planning"'):html.index("</tr>", html.index('id="area-planning"'))]
    assert planning.count(">缺<") == 4
    assert "兼职教师比例偏低丁" in html and "尚未回应" in html


def test_linked_from_college_and_self_diagnosis_rows(built):
    _, out = built
    college = read(out, f"colleges/{CODE_A}/")
    for u in (f"indicators/{YEAR}/", f"tasks/{YEAR}/", f"specialties/460301/{YEAR}/"):
        assert f'href="../../colleges/{CODE_A}/{u}"' in college, u
    sd = read(out, f"colleges/{CODE_A}/self-diagnosis/{YEAR}/")
    row = sd[sd.index('id="el-3-1"'):sd.index("</tr>", sd.index('id="el-3-1"'))]
    assert f'indicators/{YEAR}/#el-3-1"' in row and f'tasks/{YEAR}/#el-3-1"' in row
    row = sd[sd.index('id="el-1-1"'):sd.index("</tr>", sd.index('id="el-1-1"'))]
    assert "indicators/" not in row


def test_links_and_anchors_of_evidence_pages_resolve(built):
    _, out = built
    broken = []
    for file in html_files(out):
        url = page_url(out, file)
        if "/indicators/" not in url and "/tasks/" not in url and "/specialties/" not in url \
                and not url.startswith("evidence/") and "self-diagnosis" not in url:
            continue
        for _tag, href in parse(file).links:
            hit = resolve(out, url, href)
            if hit is None:
                continue
            target, frag = hit
            if not target.is_file() or (frag and target.suffix == ".html" and frag not in parse(target).ids):
                broken.append((url, href))
    assert not broken, broken


def test_cross_college_summary(built):
    _, out = built
    html = read(out, "evidence/")
    assert "生师比甲" in html and "预警 1" in html            # CODE_A warns, CODE_B does not
    assert "过期未完成" in html and "引进专任教师甲" not in html
    assert html.count("zg-badge--late") >= 2
    assert 'href="../evidence/"' in read(out, "colleges/")


def test_pagefind_indexes_evidence_pages(built):
    _, out = built
    html = read(out, f"colleges/{CODE_A}/indicators/{YEAR}/")
    assert "data-pagefind-body" in html
    body = html[html.index("data-pagefind-body"):]
    assert "生师比甲" in body and "data-pagefind-ignore" not in body.split("生师比甲")[0].split("<h1")[-1]


def test_open_data_json_csv_and_schemas(built):
    import jsonschema
    _, out = built
    for name in ("indicators", "tasks", "specialties", "specialty_issues"):
        doc = json.loads((out / f"data/{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((out / f"data/schema/{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema).validate(doc)
        assert (out / f"data/{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert doc["count"] >= 1, name
    ind = json.loads((out / "data/indicators.json").read_text(encoding="utf-8"))["records"]
    a = next(r for r in ind if r["code"] == CODE_A and r["id"] == "ssb")
    assert (a["result"], a["warning_value"], a["status"], a["status_label"]) == ("20.5", "20", "warning", "预警")
    tasks = json.loads((out / "data/tasks.json").read_text(encoding="utf-8"))["records"]
    assert {r["id"]: r["status"] for r in tasks} == {"T01": "warning", "T02": "done"}
    issues = json.loads((out / "data/specialty_issues.json").read_text(encoding="utf-8"))["records"]
    assert [(r["text"], r["answered"]) for r in issues] == [("兼职教师比例偏低丁", False)]


def test_atom_feed_announces_published_evidence(built):
    _, out = built
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f"colleges/{CODE_A}/indicators/{YEAR}/" in feed and f"colleges/{CODE_A}/tasks/{YEAR}/" in feed
    assert f"colleges/{CODE_A}/specialties/460301/{YEAR}/" in feed
    assert 'term="evidence"' in feed


def test_atom_leaves_out_evidence_published_after_as_of(monkeypatch):
    import datetime as dt
    from types import SimpleNamespace as NS

    from generator.site import feeds
    col = NS(info=NS(name="甲"), code=CODE_A, indicators={2025: NS(published_on=dt.date(2025, 7, 2))}, tasks={},
             specialties={})
    proj, outcome = NS(notices=[], rounds={}, colleges={CODE_A: col}), NS(lists={})
    monkeypatch.setattr(feeds, "published_verdicts", lambda o: {})
    assert feeds.feed_entries(proj, outcome, dt.date(2025, 7, 1)) == []
    assert [e.category for e in feeds.feed_entries(proj, outcome, dt.date(2025, 7, 2))] == ["evidence"]



def test_pagefind_index_counts_the_evidence_pages(built):
    """The evidence pages sit under colleges/<code>/…, so they go into the region shards
    (generator/site/search.py) like the material pages: every such page is in an index."""
    _, out = built
    pages = [p for p in (out / "colleges").rglob("index.html") if len(p.relative_to(out).parts) > 3]
    assert any("indicators" in p.parts for p in pages) and any("specialties" in p.parts for p in pages)
    indexed = 0
    for entry in (out / "pagefind-colleges").glob("*/pagefind-entry.json"):
        indexed += sum(lang["page_count"] for lang in json.loads(entry.read_text())["languages"].values())
    assert indexed == len(pages)
    main = json.loads((out / "pagefind/pagefind-entry.json").read_text())["languages"]
    assert sum(lang["page_count"] for lang in main.values()) >= 1


def test_summary_chart_with_text_equivalent(built):
    _, out = built
    html = read(out, "evidence/")
    fig = html[html.index('id="chart-indicator-warnings"'):]
    assert "<svg" in fig and 'role="img"' in fig and "数据表" in fig
    assert "预警 1/2（50%）" in fig                       # CODE_A of two colleges, 2025


def test_chart_escapes_names_from_yaml():
    from generator.site.evidence_chart import warning_by_indicator
    chart = warning_by_indicator([{"id": "x", "name": "<script>", "colleges": 2,
                                   "cells": [{"year": 2026, "region": "甲", "warning": 1, "total": 2}]}])
    assert "<script>" not in chart.html() and "&lt;script&gt;" in chart.html()


def test_material_matrix_rows_link_their_evidence():
    """The state-data report of year Y links that year's indicators, the annual self-diagnosis of
    year Y that year's task table; other rows and years without evidence link nothing."""
    from types import SimpleNamespace as NS
    from generator.site.evidence_pages import matrix_links
    col = NS(code=CODE_A, indicators={2024: object()}, tasks={2023: object()})
    assert matrix_links(col, "state_data_report", 2024) == [("状态数据指标", f"colleges/{CODE_A}/indicators/2024/")]
    assert matrix_links(col, "annual_self_diagnosis", 2023) == [("诊改任务表", f"colleges/{CODE_A}/tasks/2023/")]
    assert matrix_links(col, "state_data_report", 2023) == []
    assert matrix_links(col, "annual_quality_report", 2024) == []
    assert matrix_links(col, "development_plans", None) == []


def test_summary_chart_has_a_phone_layout():
    """Like the home page's charts, the evidence chart is also drawn 340 units wide, so its
    12-unit text stays ≥ 12 px on a 375 px phone."""
    from generator.site.evidence_chart import warning_by_indicator
    chart = warning_by_indicator([{"name": "生师比", "cells": [{"year": 2025, "region": "东城区", "warning": 1, "total": 2}]}])
    assert 'viewBox="0 0 340 ' in chart.narrow and "预警 1/2（50%）" in chart.narrow
    assert 'viewBox="0 0 640 ' in chart.svg
