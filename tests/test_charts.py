"""Inline SVG charts: well-formed, accessible (role, title, desc), responsive, escaped, with the
counts in them and a text equivalent that says the same."""
import dataclasses
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from builders import CODE_B
from generator.check import run_checks
from generator.site import charts
from richroot import AS_OF, rich

S = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def checked(rich_checked):
    return rich_checked


def _svg(chart):
    el = ET.fromstring(chart.svg)
    assert el.tag == f"{S}svg"
    assert el.get("role") == "img" and el.get("viewBox", "").startswith("0 0 ")
    assert el.get("width") == "100%" and "Noto Sans CJK SC" in el.get("font-family")
    title, desc = el.find(f"{S}title"), el.find(f"{S}desc")
    assert title.text and desc.text and el.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return el


def _texts(el):
    return ["".join(t.itertext()) for t in el.iter(f"{S}text")]


def _table_cells(html: str) -> list[list[str]]:
    root = ET.fromstring(html)
    return [[c.text or "" for c in tr] for tr in root.iter("tr")]


def test_verdicts_by_year(checked):
    ch = charts.verdicts_by_year(checked.project, checked.outcome)
    el = _svg(ch)
    assert ch.sentences == ("2025年：有效 1 所，待改进 1 所，异常 0 所，共 2 所。",)
    texts = _texts(el)
    assert "有效 1" in texts and "待改进 1" in texts and "共 2" in texts and "2025年" in texts
    # series differ by pattern, not colour alone; and the legend names each
    assert el.find(f".//{S}pattern[@id='chart-verdicts-needs_improvement']") is not None
    assert {"有效", "待改进", "异常"} <= set(texts)
    assert _table_cells(ch.table)[1] == ["2025年", "1", "1", "0", "2"]


def test_on_time_rate_counts_only_passed_deadlines(checked):
    ch = charts.on_time_by_year(checked.project, checked.outcome)
    el = _svg(ch)
    # 2025: A 14 on time, B 10 late → 14/24; 2026's deadline is still ahead
    assert charts.on_time_counts(checked.outcome) == [(2025, 14, 24), (2026, 0, 0)]
    assert "58%（14/24）" in _texts(el) and "未到截止日" in _texts(el)
    assert _table_cells(ch.table)[1:] == [["2025年", "14", "24", "58%"], ["2026年", "0", "0", "—"]]


def test_match_rate_sorted_most_misjudged_first(checked):
    ch = charts.match_by_element(checked.project, checked.outcome)
    el = _svg(ch)
    rows = charts.element_matches(checked.project, checked.outcome)
    assert [r[0] for r in rows[:4]] == ["5.1", "5.2", "5.3", "5.4"] and rows[0][2:] == (1, 2)
    assert rows[4][0] == "1.1" and rows[4][2:] == (2, 2)
    assert "1/2（50%）" in _texts(el)
    assert _table_cells(ch.table)[1][1:] == ["1", "2", "50%"]
    assert len(el.findall(f".//{S}rect")) == 2 * len(rows)


def test_text_is_escaped(root):
    rich(root)
    root.replace(f"institutions/{CODE_B}/institution.yml", "name: 测试财经职业学院", "name: '<script>alert(1)</script>&'")
    fw = root.read("content/frameworks/bj-2016.yml")
    root.write("content/frameworks/bj-2016.yml", fw.replace("name: 质量保证理念", "name: 理念<b>&\"'", 1))
    c = run_checks(root.path, AS_OF)
    for ch in charts.all_charts(c.project, c.outcome):
        assert "<script" not in ch.svg and "<b>" not in ch.svg and "<b>" not in ch.table
        ET.fromstring(ch.svg)
        ET.fromstring(ch.table)
        ET.fromstring(ch.html())
    el = ET.fromstring(charts.match_by_element(c.project, c.outcome).svg)
    assert any("理念<b>&\"'" in t for t in _texts(el))


def test_no_data_gives_a_message_not_an_empty_picture(scratch):
    scratch.base()
    scratch.remove("content/rounds")
    c = run_checks(scratch.path, AS_OF)
    for ch in charts.all_charts(c.project, c.outcome):
        el = _svg(ch)
        assert _texts(el) and ch.sentences[0].startswith("尚无")


def test_many_years_keep_labels_inside_narrow_bars(checked):
    """Twelve years of verdicts: bars get narrow, so a segment shows its count without the name."""
    out = checked.outcome
    fake = {(2014 + i, f"41110100{i:02d}"): SimpleNamespace(computed="effective", published_on=AS_OF)
            for i in range(12)}
    fake.update({(2014 + i, f"41110199{i:02d}"): SimpleNamespace(computed="needs_improvement", published_on=AS_OF)
                 for i in range(12)})
    ch = charts.verdicts_by_year(checked.project, dataclasses.replace(out, verdicts=fake))
    texts = _texts(_svg(ch))
    assert texts.count("1") >= 24 and "有效 1" not in texts
    assert len(_table_cells(ch.table)) == 1 + 12


def test_pct_is_integer_rounding():
    assert charts.pct(1, 3) == 33 and charts.pct(2, 3) == 67 and charts.pct(1, 2) == 50 and charts.pct(0, 5) == 0


def test_charts_are_reproducible(checked):
    one = [c.svg + c.table for c in charts.all_charts(checked.project, checked.outcome)]
    two = [c.svg + c.table for c in charts.all_charts(checked.project, checked.outcome)]
    assert one == two
