"""Figures as inline SVG made at build time (no client-side charting), each with a text
equivalent: verdicts by year, on-time disclosure rate by year, match rate per framework element.

Every text is XML-escaped; each SVG has role="img" with a Chinese <title> and <desc>, scales by
its viewBox, and tells series apart by pattern and label as well as by colour. Ratios are
integer arithmetic; percentages are for display only. Each chart is drawn twice: 640 wide for
a desktop, and NARROW wide for a phone (CSS shows one), so that its text, 12 units or more,
is shown at 12 px or more on a 375 px screen (issue 21 §3) instead of shrinking to ~6 px.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from html import escape

from ..project import Project
from ..rules.deadlines import ON_TIME
from ..rules.outcome import Outcome, published_verdicts
from ..rules.labels import VERDICT_LABELS
from ..safe_markdown import SafeHtml

FONT = ("'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB',"
        "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif")
VERDICT_ORDER = ("effective", "needs_improvement", "abnormal")    # bottom to top of a stack
# colour, and a pattern so that the series differ without colour too (see _defs)
COLOURS = {"effective": "#2e7d32", "needs_improvement": "#b26a00", "abnormal": "#c62828"}
BAR = "#1565c0"
WIDE, NARROW = 640, 340      # viewBox widths; a 375 px phone gives the content ~343 px
INK, GRID = "#222", "#ccc"


@dataclass(frozen=True)
class Chart:
    key: str              # verdicts_by_year | on_time_by_year | match_by_element
    title: str
    svg: str              # an inline <svg> element
    table: str            # the text equivalent: an HTML <table>
    sentences: tuple[str, ...]   # the same in words (also the SVG's <desc>)
    narrow: str = ""      # the same chart laid out for a phone

    def html(self) -> SafeHtml:
        """A <figure> with both SVGs and its caption, then the data table (collapsed) after it
        (HTML allows no <details> in a <figure> after its <figcaption>)."""
        narrow = f'<div class="zg-chart__narrow">{self.narrow}</div>' if self.narrow else ""
        return SafeHtml(f'<div class="zg-chart-block"><figure class="zg-chart{" zg-chart--two" if narrow else ""}" '
                f'id="{self.key}"><div class="zg-chart__wide">{self.svg}</div>{narrow}'
                f'<figcaption>{escape(self.title)}</figcaption></figure><details class="zg-chart-data">'
                f'<summary>{escape(self.title)}：数据表</summary>{self.table}</details></div>')


def pct(m: int, n: int) -> int:
    """m/n as a whole percentage, rounded half up, with integers only."""
    return (200 * m + n) // (2 * n)


def text_width(text: str, size: int) -> int:
    """Rough advance width: CJK and full-width characters 1 em, the rest 0.6 em."""
    return int(sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text))


# --- data ----------------------------------------------------------------------------------
def verdict_counts(outcome: Outcome) -> list[tuple[int, dict[str, int]]]:
    """(year, {verdict: count}) over published verdicts, oldest year first."""
    by_year: dict[int, dict[str, int]] = {}
    for (year, _), v in published_verdicts(outcome).items():
        row = by_year.setdefault(year, dict.fromkeys(VERDICT_ORDER, 0))
        row[v.computed] += 1
    return sorted(by_year.items())


def on_time_counts(outcome: Outcome) -> list[tuple[int, int, int]]:
    """(year, on time, due): required materials of that year's reviews whose deadline has
    passed as of the build day, and how many of them were published on time."""
    rows: dict[int, list[int]] = {}
    for (year, _), d in sorted(outcome.disclosures.items()):
        row = rows.setdefault(year, [0, 0])
        if outcome.as_of > d.deadline:
            row[0] += d.count(ON_TIME)
            row[1] += len(d.items)
    return [(y, m, n) for y, (m, n) in sorted(rows.items())]


def element_matches(proj: Project, outcome: Outcome) -> list[tuple[str, str, int, int]]:
    """(element id, name, matches, findings) across all published reviews, least matched first
    (ties in framework order): the elements colleges misjudge most come first. Only rounds judged
    against the framework in force count: another framework's element ids mean other elements."""
    if proj.framework is None:
        return []
    found = [proj.reviews[k] for k in published_verdicts(outcome) if k in proj.reviews
             and proj.framework_id_for(k[0]) == proj.framework.id]
    rows = []
    for i, (_, el) in enumerate(proj.framework.elements()):
        fs = [rv.findings[el.id] for rv in found if el.id in rv.findings]
        if fs:
            rows.append((i, el.id, el.name, sum(1 for f in fs if f.match), len(fs)))
    rows.sort(key=lambda r: (Fraction(r[3], r[4]), r[0]))
    return [r[1:] for r in rows]


# --- SVG pieces ----------------------------------------------------------------------------
def _svg(key: str, w: int, h: int, title: str, desc: str, body: list[str], defs: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
            f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
            f'aria-labelledby="{key}-t {key}-d" font-family="{escape(FONT)}" font-size="13" fill="{INK}" '
            f'class="zg-chart-svg zg-chart-svg--{"narrow" if w <= NARROW else "wide"}">'
            f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>'
            f'{f"<defs>{defs}</defs>" if defs else ""}{"".join(body)}</svg>')


def _text(x, y, text: str, anchor: str = "middle", size: int = 13, halo: bool = False, weight: str = "") -> str:
    extra = ' class="zg-halo" stroke="#fff" stroke-width="3"' if halo else ""   # paint-order: zg.css
    bold = f' font-weight="{weight}"' if weight else ""
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}"{extra}{bold}>{escape(text)}</text>'


def _defs(key: str) -> str:
    """有效 solid; 待改进 diagonal stripes; 异常 cross-hatch."""
    c = COLOURS
    return (f'<pattern id="{key}-needs_improvement" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{c["needs_improvement"]}"/>'
            f'<rect width="3" height="8" fill="#fff" fill-opacity="0.55"/></pattern>'
            f'<pattern id="{key}-abnormal" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{c["abnormal"]}"/>'
            f'<path d="M0 0L8 8M8 0L0 8" stroke="#fff" stroke-opacity="0.7" stroke-width="1.5"/></pattern>')


def _fit(text: str, width: int, size: int) -> str:
    """Shorten a label to a width, ending it with "…" (the table keeps the full text)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _fill(key: str, verdict: str) -> str:
    return COLOURS["effective"] if verdict == "effective" else f"url(#{key}-{verdict})"


def _empty(key: str, title: str, message: str) -> Chart:
    def draw(k: str, w: int) -> str:
        return _svg(k, w, 80, title, message, [_text(w // 2, 45, message, size=15)])
    table = (f'<table class="zg-chart-table"><caption>{escape(title)}</caption>'
             f'<tbody><tr><td>{escape(message)}</td></tr></tbody></table>')
    return Chart(key, title, draw(key, WIDE), table, (message,), draw(f"{key}-n", NARROW))


def _table(title: str, head: list[str], rows: list[list]) -> str:
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join("<tr>" + f'<th scope="row">{escape(str(r[0]))}</th>'
                   + "".join(f"<td>{escape(str(c))}</td>" for c in r[1:]) + "</tr>" for r in rows)
    return (f'<table class="zg-chart-table"><caption>{escape(title)}</caption>'
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")


# --- the charts ----------------------------------------------------------------------------
def verdicts_by_year(proj: Project, outcome: Outcome, key: str = "chart-verdicts") -> Chart:
    """Stacked bars per year: 有效 / 待改进 / 异常 counts of the published verdicts."""
    title = "历年复核结论分布"
    data = verdict_counts(outcome)
    if not data:
        return _empty(key, title, "尚无已公布的复核结论。")
    sentences = tuple(f"{y}年：" + "，".join(f"{VERDICT_LABELS[v]} {row[v]} 所" for v in VERDICT_ORDER)
                      + f"，共 {sum(row.values())} 所。" for y, row in data)
    table = _table(title, ["年度", *(VERDICT_LABELS[v] for v in VERDICT_ORDER), "合计"],
                   [[f"{y}年", *(row[v] for v in VERDICT_ORDER), sum(row.values())] for y, row in data])
    return Chart(key, title, _verdicts_svg(key, WIDE, title, data, sentences), table, sentences,
                 _verdicts_svg(f"{key}-n", NARROW, title, data, sentences))


def _verdicts_svg(key: str, w: int, title: str, data, sentences) -> str:
    top, bottom, left, right = 48, 32, 44, 16
    ph = 220
    h = top + ph + bottom
    peak = max(sum(row.values()) for _, row in data)
    step = max(1, -(-peak // 5))
    ymax = step * -(-peak // step)
    slot = (w - left - right) // len(data)
    bw = min(64, slot * 3 // 5)
    body = []
    for t in range(0, ymax + 1, step):
        y = top + ph - ph * t // ymax
        body.append(f'<line x1="{left}" y1="{y}" x2="{w - right}" y2="{y}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, str(t), anchor="end", size=12))
    x_leg = left
    for v in VERDICT_ORDER:   # legend: pattern swatch + label
        body.append(f'<rect x="{x_leg}" y="14" width="16" height="16" fill="{_fill(key, v)}" stroke="{INK}"/>')
        body.append(_text(x_leg + 22, 27, VERDICT_LABELS[v], anchor="start"))
        x_leg += 40 + text_width(VERDICT_LABELS[v], 13)
    for i, (year, row) in enumerate(data):
        x = left + i * slot + (slot - bw) // 2
        base = top + ph
        for v in VERDICT_ORDER:
            if not row[v]:
                continue
            sh = ph * row[v] // ymax
            body.append(f'<rect x="{x}" y="{base - sh}" width="{bw}" height="{sh}" fill="{_fill(key, v)}" '
                        f'stroke="#fff"><title>{escape(f"{year}年 {VERDICT_LABELS[v]}：{row[v]} 所")}</title></rect>')
            if sh >= 16:   # the label names the series too; a narrow bar gets the count only
                label = f"{VERDICT_LABELS[v]} {row[v]}"
                label = label if text_width(label, 12) <= bw else str(row[v])
                body.append(_text(x + bw // 2, base - sh // 2 + 5, label, halo=True, size=12))
            base -= sh
        total = f"共 {sum(row.values())}"
        body.append(_text(x + bw // 2, base - 6, total if text_width(total, 12) <= slot else
                          str(sum(row.values())), size=12, weight="bold"))
        year_label = f"{year}年" if text_width(f"{year}年", 13) <= slot else f"{year % 100:02d}"
        body.append(_text(x + bw // 2, top + ph + 20, year_label))
    return _svg(key, w, h, title, "".join(sentences), body, _defs(key))


def on_time_by_year(proj: Project, outcome: Outcome, key: str = "chart-on-time") -> Chart:
    """Bars per year: share of required materials published on time, among those due."""
    title = "历年复核材料按时公示率"
    data = on_time_counts(outcome)
    if not data:
        return _empty(key, title, "尚无复核安排。")
    sentences = tuple(f"{y}年：截止日已过的 {n} 项材料中按时公示 {m} 项（{pct(m, n)}%）。" if n
                      else f"{y}年：公示截止日尚未到。" for y, m, n in data)
    table = _table(title, ["年度", "按时公示项数", "截止日已过的项数", "按时公示率"],
                   [[f"{y}年", m, n, f"{pct(m, n)}%" if n else "—"] for y, m, n in data])
    return Chart(key, title, _on_time_svg(key, WIDE, title, data, sentences), table, sentences,
                 _on_time_svg(f"{key}-n", NARROW, title, data, sentences))


def _on_time_svg(key: str, w: int, title: str, data, sentences) -> str:
    top, bottom, left, right, ph = 28, 32, 48, 16, 200
    h = top + ph + bottom
    slot = (w - left - right) // len(data)
    bw = min(64, slot * 3 // 5)
    body = []
    for t in (0, 25, 50, 75, 100):
        y = top + ph - ph * t // 100
        body.append(f'<line x1="{left}" y1="{y}" x2="{w - right}" y2="{y}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, f"{t}%", anchor="end", size=12))
    for i, (year, m, n) in enumerate(data):
        x = left + i * slot + (slot - bw) // 2
        cx = x + bw // 2
        if n:
            bh = ph * m // n
            body.append(f'<rect x="{x}" y="{top + ph - bh}" width="{bw}" height="{bh}" fill="{BAR}">'
                        f'<title>{escape(sentences[i])}</title></rect>')
            label_y = max(top + ph - bh - 6, 14)
            label = f"{pct(m, n)}%（{m}/{n}）"    # a narrow slot shows the percentage only
            label = label if text_width(label, 12) <= slot - 4 else f"{pct(m, n)}%"
            body.append(_text(cx, label_y, label, size=12, halo=True, weight="bold"))
        else:
            body.append(_text(cx, top + ph - 8, "未到截止日" if text_width("未到截止日", 12) <= slot else "未到",
                              size=12))
        year_label = f"{year}年" if text_width(f"{year}年", 13) <= slot else f"{year % 100:02d}"
        body.append(_text(cx, top + ph + 20, year_label))
    return _svg(key, w, h, title, "".join(sentences), body)


def match_by_element(proj: Project, outcome: Outcome, key: str = "chart-elements") -> Chart:
    """Horizontal bars per framework element: share of reviews where the college's own
    diagnosis matched the panel's, least matched (most misjudged) first."""
    title = "各诊断要素自我诊断与复核结果相符率（相符率低者在前）"
    data = element_matches(proj, outcome)
    if not data:
        return _empty(key, title, "尚无已公布的复核发现。")
    sentences = tuple(f"要素 {eid} {name}：{n} 次复核中相符 {m} 次（{pct(m, n)}%）。" for eid, name, m, n in data)
    table = _table(title, ["诊断要素", "相符次数", "复核次数", "相符率"],
                   [[f"{eid} {name}", m, n, f"{pct(m, n)}%"] for eid, name, m, n in data])
    return Chart(key, title, _elements_svg(key, title, data, sentences), table, sentences,
                 _elements_narrow_svg(f"{key}-n", title, data, sentences))


def _elements_svg(key: str, title: str, data, sentences) -> str:
    return bar_rows_svg(key, title, [(f"{eid} {name}", m, n) for eid, name, m, n in data], sentences, "")


def _elements_narrow_svg(key: str, title: str, data, sentences) -> str:
    return bar_rows_narrow_svg(key, title, [(f"{eid} {name}", m, n) for eid, name, m, n in data], sentences, "")


def _value(prefix: str, m: int, n: int) -> str:
    return f"{prefix}{m}/{n}（{pct(m, n)}%）"


def bar_rows_svg(key: str, title: str, rows, sentences, prefix: str, right_w: int = 96) -> str:
    """Horizontal bars, one per (label, m, n): the label left of its bar, m/n (%) right of it."""
    labels = [_fit(label, 252, 12) for label, _, _ in rows]
    w, top, row_h = WIDE, 12, 24
    label_w = min(260, max(text_width(s, 12) for s in labels) + 8)
    bar_w = w - label_w - right_w - 8
    h = top + row_h * len(rows) + 12
    body = [f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{h - 12}" stroke="{INK}"/>']
    for i, ((_, m, n), label) in enumerate(zip(rows, labels)):
        y = top + i * row_h
        body.append(_text(label_w - 6, y + 16, label, anchor="end", size=12))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" fill="#eee"/>')
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * m // n}" height="{row_h - 8}" fill="{BAR}">'
                    f'<title>{escape(sentences[i])}</title></rect>')
        body.append(_text(label_w + bar_w + 6, y + 16, _value(prefix, m, n), anchor="start", size=12))
    return _svg(key, w, h, title, "".join(sentences), body)


def bar_rows_narrow_svg(key: str, title: str, rows, sentences, prefix: str, right_w: int = 92) -> str:
    """The phone layout of the same: each label on its own line above its bar and value."""
    w, top, row_h = NARROW, 4, 40
    bar_w = w - right_w - 8
    h = top + row_h * len(rows) + 4
    body = []
    for i, (label, m, n) in enumerate(rows):
        y = top + i * row_h
        body.append(_text(0, y + 14, _fit(label, w, 12), anchor="start", size=12))
        body.append(f'<rect x="0" y="{y + 20}" width="{bar_w}" height="14" fill="#eee"/>')
        body.append(f'<rect x="0" y="{y + 20}" width="{bar_w * m // n}" height="14" fill="{BAR}">'
                    f'<title>{escape(sentences[i])}</title></rect>')
        body.append(_text(bar_w + 6, y + 32, _value(prefix, m, n), anchor="start", size=12))
    return _svg(key, w, h, title, "".join(sentences), body)


def all_charts(proj: Project, outcome: Outcome) -> list[Chart]:
    return [verdicts_by_year(proj, outcome), on_time_by_year(proj, outcome), match_by_element(proj, outcome)]
