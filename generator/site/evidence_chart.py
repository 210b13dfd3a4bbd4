"""The cross-college figure of the structured evidence: for each indicator id several colleges
publish, how many of them are in 预警 per year (seed 002 表5), as inline SVG with its data
table and sentences (the conventions of charts.py, whose pieces it reuses)."""
from __future__ import annotations

from .charts import Chart, _empty, _table, bar_rows_narrow_svg, bar_rows_svg, pct


def warning_by_indicator(indicators: list[dict], key: str = "chart-indicator-warnings") -> Chart:
    """Horizontal bars, one per (indicator, year): colleges in 预警 among those publishing it.
    `indicators` is evidence_pages.overview()["indicators"] (regions summed per year)."""
    title = "多所院校共有指标的预警院校数（按年度）"
    data = []
    for ind in indicators:
        years: dict[int, list[int]] = {}
        for c in ind["cells"]:
            wn = years.setdefault(c["year"], [0, 0])
            wn[0] += c["warning"]
            wn[1] += c["total"]
        data += [(f"{ind['name']} {y}年", w, n) for y, (w, n) in sorted(years.items())]
    if not data:
        return _empty(key, title, "尚无多所院校共有的指标。")
    sentences = tuple(f"{label}：{n} 所院校中 {w} 所预警（{pct(w, n)}%）。" for label, w, n in data)
    svg = bar_rows_svg(key, title, data, sentences, "预警 ", right_w=120)
    narrow = bar_rows_narrow_svg(f"{key}-n", title, data, sentences, "预警 ", right_w=120)
    table = _table(title, ["指标与年度", "预警院校数", "公示院校数", "预警比例"],
                   [[label, m, n, f"{pct(m, n)}%"] for label, m, n in data])
    return Chart(key, title, svg, table, sentences, narrow)
