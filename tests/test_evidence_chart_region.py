"""The cross-college evidence chart has the region dimension (issue 23 "how many are in 预警 by
region and year (a chart and a table)"): per (indicator, year) a heading with its total, then
one bar per region; the same in the phone layout, in the sentences and in the data table."""
from __future__ import annotations

import re

from generator.site.charts import NARROW, bar_rows_svg, text_width
from generator.site.evidence_chart import NO_REGION, warning_by_indicator, warning_groups

IND = [{"id": "ssb", "name": "生师比", "colleges": 5, "cells": [
    {"year": 2025, "region": "东湖区", "warning": 0, "total": 1},
    {"year": 2026, "region": "西岭区", "warning": 0, "total": 2},
    {"year": 2026, "region": "东湖区", "warning": 1, "total": 2},
    {"year": 2026, "region": "", "warning": 1, "total": 1}]}]


def bars(svg: str) -> list[str]:
    """The tooltips of the drawn bars (one per region row; headings draw none)."""
    return re.findall(r'fill="#1565c0"><title>([^<]*)</title>', svg)


def test_groups_by_year_then_region_with_totals():
    assert warning_groups(IND) == [
        ("生师比 2025年", 0, 1, [("东湖区", 0, 1)]),
        ("生师比 2026年", 2, 5, [("东湖区", 1, 2), (NO_REGION, 1, 1), ("西岭区", 0, 2)])]


def test_each_region_is_a_bar_in_both_layouts():
    chart = warning_by_indicator(IND)
    want = ["生师比 2025年 东湖区：1 所院校中 0 所预警（0%）。", "生师比 2026年 东湖区：2 所院校中 1 所预警（50%）。",
            f"生师比 2026年 {NO_REGION}：1 所院校中 1 所预警（100%）。", "生师比 2026年 西岭区：2 所院校中 0 所预警（0%）。"]
    assert bars(chart.svg) == want and bars(chart.narrow) == want
    for svg in (chart.svg, chart.narrow):
        assert ">生师比 2026年：合计预警 2/5（40%）</text>" in svg       # the group heading
        assert ">西岭区</text>" in svg and ">预警 1/2（50%）</text>" in svg
    assert "按区域与年度" in chart.title


def test_data_table_has_region_rows_and_totals():
    table = warning_by_indicator(IND).table
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    cells = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", r) for r in rows]
    assert cells[0] == ["指标与年度", "区域", "预警院校数", "公示院校数", "预警比例"]
    assert ["生师比 2026年", "东湖区", "1", "2", "50%"] in cells
    assert ["生师比 2026年", "合计", "2", "5", "40%"] in cells
    assert ["生师比 2025年", "合计", "0", "1", "0%"] in cells
    assert len(cells) == 1 + 4 + 2


def test_accessible_name_and_description_name_regions():
    chart = warning_by_indicator(IND)
    for svg, key in ((chart.svg, "chart-indicator-warnings"), (chart.narrow, "chart-indicator-warnings-n")):
        assert f'role="img" aria-labelledby="{key}-t {key}-d"' in svg
        desc = re.search(rf'<desc id="{key}-d">([^<]*)</desc>', svg).group(1)
        assert "生师比 2026年（合计）：5 所院校中 2 所预警（40%）。" in desc and "西岭区" in desc


def test_phone_layout_text_is_12_units_or_more_and_fits():
    """340 units across a ~343 px phone column: 12 units ≈ 12 px; no text runs off the right."""
    long = [{"name": "专任教师中具有双师素质教师的比例" * 2, "cells": [
        {"year": 2026, "region": "很长很长的区域名称" * 3, "warning": 1, "total": 3},
        {"year": 2026, "region": "乙", "warning": 0, "total": 1}]}]
    narrow = warning_by_indicator(long).narrow
    assert 'viewBox="0 0 340 ' in narrow
    texts = re.findall(r'<text x="(\d+)" y="\d+" text-anchor="start" font-size="(\d+)"[^>]*>([^<]*)</text>', narrow)
    assert len(texts) == 1 + 2 * 2
    for x, size, text in texts:
        assert int(size) >= 12
        assert int(x) + text_width(text, int(size)) <= NARROW, text
    assert all(int(s) >= 12 for s in re.findall(r'font-size="(\d+)"', warning_by_indicator(IND).svg))


def test_heading_rows_leave_ungrouped_charts_unchanged():
    """A chart without heading rows (the element chart) keeps its single axis line."""
    svg = bar_rows_svg("k", "t", [("甲", 1, 2), ("乙", 2, 2)], ("a", "b"), "")
    assert svg.count("<line ") == 1 and len(bars(svg)) == 2
    grouped = bar_rows_svg("k", "t", [("组", None, None), ("甲", 1, 2), ("乙", 2, 2)], ("h", "a", "b"), "")
    assert grouped.count("<line ") == 2 and len(bars(grouped)) == 2


def test_summary_page_data_carries_regions_into_the_chart():
    """evidence_pages.overview: colleges' `region` (institution.yml) reaches the chart, and an id
    published by one college only is left out."""
    import datetime as dt
    from types import SimpleNamespace as NS

    from generator.site.evidence_pages import overview
    from test_evidence_rules import ind

    def college(code, region, result, extra=()):
        f = NS(indicators=[ind(result), *extra])
        return NS(code=code, info=NS(region=region), indicators={2026: f}, tasks={}, specialties={})
    only = ind(1)
    only = type(only)(id="solo", element="3.1", name="独有", result=only.result, warning=only.warning)
    cols = [college("1", "东湖区", 21, [only]), college("2", "东湖区", 17), college("3", "西岭区", 25)]
    site = NS(colleges=lambda: cols, as_of=dt.date(2027, 3, 1), config=NS(rules=NS(tasks=NS(grace_months=1))))
    data = overview(site)
    assert [i["id"] for i in data["indicators"]] == ["x"]
    html = str(data["chart"])
    assert ">生师比 2026年：合计预警 2/3（67%）</text>" in html
    assert "生师比 2026年 东湖区：2 所院校中 1 所预警（50%）。" in html
    assert "生师比 2026年 西岭区：1 所院校中 1 所预警（100%）。" in html


def test_short_region_labels_share_the_line_with_their_bar_on_a_phone():
    """31 regions × 5 indicators at 1,500 colleges: region names sit left of their bars, 24 units
    a row instead of 40, and every text still ends inside the 340-unit width."""
    narrow = warning_by_indicator(IND).narrow
    h = int(re.search(r'viewBox="0 0 340 (\d+)"', narrow).group(1))
    assert h == 4 + 2 * 22 + 4 * 24 + 4                 # two headings, four region rows
    labels = re.findall(r'<text x="(\d+)" y="(\d+)" text-anchor="end" font-size="12">([^<]*)</text>', narrow)
    assert [t for _, _, t in labels] == ["东湖区", "东湖区", NO_REGION, "西岭区"]
    bar_x = {int(x) for x in re.findall(r'<rect x="(\d+)" y="\d+" width="\d+" height="14" fill="#eee"/>', narrow)}
    assert len(bar_x) == 1 and all(int(x) + 6 == min(bar_x) for x, _, _ in labels)
    for x, text in re.findall(r'<text x="(\d+)" y="\d+" text-anchor="start" font-size="12">([^<]*)</text>', narrow):
        assert int(x) + text_width(text, 12) <= NARROW, text


def test_the_longest_province_name_still_fits_inline():
    one = [{"name": "生师比", "cells": [{"year": 2026, "region": "新疆维吾尔自治区", "warning": 12, "total": 103},
                                      {"year": 2026, "region": "北京市", "warning": 0, "total": 1}]}]
    narrow = warning_by_indicator(one).narrow
    assert re.search(r'viewBox="0 0 340 (\d+)"', narrow).group(1) == str(4 + 22 + 2 * 24 + 4)
    for x, text in re.findall(r'<text x="(\d+)" y="\d+" text-anchor="start" font-size="12">([^<]*)</text>', narrow):
        assert int(x) + text_width(text, 12) <= NARROW, text
    for x, text in re.findall(r'<text x="(\d+)" y="\d+" text-anchor="end" font-size="12">([^<]*)</text>', narrow):
        assert int(x) - text_width(text, 12) >= 0, text
