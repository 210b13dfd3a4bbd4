"""The cross-college figure of the structured evidence: for each indicator id several colleges
publish, how many of them are in 预警 per year (seed 002 表5), as inline SVG with its data
table and sentences (the conventions of charts.py, whose pieces it reuses)."""
from __future__ import annotations

from html import escape

from .charts import BAR, INK, Chart, _empty, _fit, _svg, _table, _text, pct, text_width


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
        data += [(f"{ind['name']}（{ind['id']}）{y}年", w, n) for y, (w, n) in sorted(years.items())]
    if not data:
        return _empty(key, title, "尚无多所院校共有的指标。")
    sentences = tuple(f"{label}：{n} 所院校中 {w} 所预警（{pct(w, n)}%）。" for label, w, n in data)
    labels = [_fit(label, 252, 12) for label, _, _ in data]
    w, top, row_h, right_w = 640, 12, 24, 120
    label_w = min(260, max(text_width(s, 12) for s in labels) + 8)
    bar_w = w - label_w - right_w - 8
    h = top + row_h * len(data) + 12
    body = [f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{h - 12}" stroke="{INK}"/>']
    for i, ((_, m, n), label) in enumerate(zip(data, labels)):
        y = top + i * row_h
        bl = bar_w * m // n
        body.append(_text(label_w - 6, y + 16, label, anchor="end", size=12))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" fill="#eee"/>')
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bl}" height="{row_h - 8}" fill="{BAR}">'
                    f'<title>{escape(sentences[i])}</title></rect>')
        body.append(_text(label_w + bar_w + 6, y + 16, f"预警 {m}/{n}（{pct(m, n)}%）", anchor="start", size=12))
    svg = _svg(key, w, h, title, "".join(sentences), body)
    table = _table(title, ["指标与年度", "预警院校数", "公示院校数", "预警比例"],
                   [[label, m, n, f"{pct(m, n)}%"] for label, m, n in data])
    return Chart(key, title, svg, table, sentences)
