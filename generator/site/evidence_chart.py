"""The cross-college figure of the structured evidence: for each indicator id several colleges
publish, how many of them are in 预警 per year and region (seed 002 表5; issue 23 "by region
and year"), as inline SVG with its data table and sentences (the conventions of charts.py,
whose pieces it reuses). Region is the college's `region` of institution.yml."""
from __future__ import annotations

from .charts import Chart, _empty, _table, bar_rows_narrow_svg, bar_rows_svg, pct

NO_REGION = "未注明区域"


def warning_groups(indicators: list[dict]) -> list[tuple[str, int, int, list[tuple[str, int, int]]]]:
    """(indicator and year, warning, total, [(region, warning, total), …]) in the order of
    `indicators` (evidence_pages.overview()["indicators"]), years then regions ascending."""
    out = []
    for ind in indicators:
        years: dict[int, list[tuple[str, int, int]]] = {}
        for c in ind["cells"]:
            years.setdefault(c["year"], []).append((c["region"] or NO_REGION, c["warning"], c["total"]))
        for y, regions in sorted(years.items()):
            regions.sort()
            out.append((f"{ind['name']} {y}年", sum(r[1] for r in regions), sum(r[2] for r in regions), regions))
    return out


def warning_by_indicator(indicators: list[dict], key: str = "chart-indicator-warnings") -> Chart:
    """Grouped horizontal bars: per (indicator, year) a heading with its total, then one bar per
    region: colleges in 预警 among those of that region publishing the indicator."""
    title = "多所院校共有指标的预警院校数（按区域与年度）"
    groups = warning_groups(indicators)
    if not groups:
        return _empty(key, title, "尚无多所院校共有的指标。")
    rows, sentences, table = [], [], []
    for label, w, n, regions in groups:
        rows.append((f"{label}：合计预警 {w}/{n}（{pct(w, n)}%）", None, None))
        sentences.append(f"{label}（合计）：{n} 所院校中 {w} 所预警（{pct(w, n)}%）。")
        for region, rw, rn in regions:      # each bar's sentence names its group: it is also its tooltip
            rows.append((region, rw, rn))
            sentences.append(f"{label} {region}：{rn} 所院校中 {rw} 所预警（{pct(rw, rn)}%）。")
            table.append([label, region, rw, rn, f"{pct(rw, rn)}%"])
        table.append([label, "合计", w, n, f"{pct(w, n)}%"])
    sentences = tuple(sentences)
    svg = bar_rows_svg(key, title, rows, sentences, "预警 ", right_w=120)
    narrow = bar_rows_narrow_svg(f"{key}-n", title, rows, sentences, "预警 ", right_w=120)
    return Chart(key, title, svg, _table(title, ["指标与年度", "区域", "预警院校数", "公示院校数", "预警比例"], table),
                 sentences, narrow)
