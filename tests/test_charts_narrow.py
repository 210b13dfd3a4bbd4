"""Each chart also comes drawn for a phone (issue 21 §3): a 340-wide viewBox whose text is never
under 12 units, so it shows at ≥ 12 px on a 375 px screen; ids differ from the wide drawing's
(both are in the page); the data table follows the figure, outside it (valid HTML)."""
import re
import xml.etree.ElementTree as ET

from generator.site import charts

S = "{http://www.w3.org/2000/svg}"


def test_narrow_drawings_have_readable_text_and_their_own_ids(rich_checked):
    for ch in charts.all_charts(rich_checked.project, rich_checked.outcome):
        for svg, width in ((ch.svg, charts.WIDE), (ch.narrow, charts.NARROW)):
            el = ET.fromstring(svg)
            assert el.get("viewBox").split()[2] == str(width)
            sizes = [int(t.get("font-size", el.get("font-size"))) for t in el.iter(f"{S}text")]
            assert sizes and min(sizes) >= 12, (ch.key, width, sorted(sizes)[:3])
            for t in el.iter(f"{S}text"):        # no label runs off the drawing
                assert 0 <= float(t.get("x")) <= width, (ch.key, t.text)
        wide_ids = set(re.findall(r'id="([^"]+)"', ch.svg))
        narrow_ids = set(re.findall(r'id="([^"]+)"', ch.narrow))
        assert wide_ids and narrow_ids and not wide_ids & narrow_ids


def test_figure_holds_both_drawings_and_the_table_follows_it(rich_checked):
    ch = charts.verdicts_by_year(rich_checked.project, rich_checked.outcome)
    block = ET.fromstring(ch.html())
    figure, details = list(block)
    assert figure.tag == "figure" and details.tag == "details"
    assert [d.get("class") for d in figure.findall("div")] == ["zg-chart__wide", "zg-chart__narrow"]
    assert figure.find("figcaption").text == ch.title
    assert details.find("table") is not None and ch.title in details.find("summary").text
