"""Findable and followable (issue 21 §5): robots.txt with the sitemap, the Atom feed announced
on every page, each page's content date as the sitemap's lastmod, the colleges filterable by
status without a server or JavaScript, and home figures that count only published verdicts,
taken from the rule layer. One richroot build per module."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import re
from pathlib import Path

import pytest

from builders import CODE_A, CODE_B, REPO, YEAR
from richroot import AS_OF
from site_helpers import build, html_files, site_root

SITE_URL_RE = re.compile(r"^\s*url:\s*(\S+)", re.M)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("findable")
    root = site_root(base / "root")
    out = base / "out"
    build(root, out)
    site_url = SITE_URL_RE.search((root.path / "site_config.yml").read_text(encoding="utf-8")).group(1)
    return root, out, site_url


def sitemap(out: Path) -> dict[str, str]:
    text = (out / "sitemap.xml").read_text(encoding="utf-8")
    return dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", text))


def test_robots_txt_names_the_sitemap(built):
    _, out, site_url = built
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {site_url}sitemap.xml" in robots.splitlines()


def test_every_page_announces_the_atom_feed(built):
    _, out, _ = built
    pages = [p for p in html_files(out)]
    assert len(pages) > 20
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert len(links) == 1, page
        target = (page.parent / links[0]).resolve() if not links[0].startswith("/") else out / links[0].lstrip("/")
        assert target.name == "feed.xml" and target.is_file(), (page, links[0])


def test_sitemap_lastmod_is_each_pages_content_date(built):
    root, out, site_url = built
    dates = sitemap(out)
    assert len(dates) > 20
    assert all(d <= AS_OF.isoformat() for d in dates.values())
    assert len(set(dates.values())) >= 3, "every page has the same date: the build date, not content dates"
    # a policy: the day it was issued; a published verdict: the day it was published
    assert dates[f"{site_url}policies/fangan/"] == "2024-06-01"
    assert dates[f"{site_url}reviews/{YEAR}/{CODE_B}/"] == "2025-06-28"
    # the compressed copy says the same
    gz = gzip.decompress((out / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", gz)) == dates


def test_colleges_filter_by_status_without_javascript(built):
    from generator.check import run_checks
    from generator.rules.overview import STATUS_FILTERS, colleges_by_status
    from generator import urls
    root, out, _ = built
    c = run_checks(root.path, AS_OF)
    groups = colleges_by_status(c.project, c.outcome, AS_OF)
    assert CODE_B in groups["needs-improvement"]      # richroot: 2025 verdict 待改进, published
    assert CODE_B in groups["disclosing"]             # listed again for 2026, review not over
    assert CODE_B not in groups["overdue"]            # 2025's late materials; its latest review is on course
    assert CODE_A in groups["effective"] and CODE_A not in groups["disclosing"]
    index = (out / urls.COLLEGES / "index.html").read_text(encoding="utf-8")
    for key, (label, _) in STATUS_FILTERS.items():
        assert f'href="../{urls.college_status(key)}"' in index, key     # a plain link: no script needed
        page = (out / urls.college_status(key) / "index.html").read_text(encoding="utf-8")
        body = page.split('class="zg-table', 1)[1] if 'class="zg-table' in page else ""
        listed = set(re.findall(r'href="[./]*colleges/(\d{10})/"', body))
        assert listed == set(groups[key]), (key, listed, groups[key])
    for label in ("待改进", "异常", "逾期", "公示中"):
        assert label in {v[0] for v in STATUS_FILTERS.values()}


def test_home_counts_only_published_verdicts(rich_checked):
    """A verdict committed ahead of its publication day is not on the home page's figures."""
    from generator.rules.overview import figures
    from generator.site.context import gather
    from generator.site.pages import plan, render_page
    from generator import urls
    proj, outcome = rich_checked.project, rich_checked.outcome
    (key, v), = [(k, v) for k, v in outcome.verdicts.items() if k == (YEAR, CODE_B)]
    early = dataclasses.replace(v, year=YEAR + 1, published_on=AS_OF + dt.timedelta(days=30))
    outcome.verdicts[(YEAR + 1, CODE_B)] = early
    f = figures(proj, outcome)
    assert f.verdicts == len(outcome.verdicts) - 1
    assert dict(f.by_verdict)["needs_improvement"] == 1
    site = gather(proj, outcome, rich_checked.report, AS_OF)
    home = next(p for p in plan(site, colleges=False) if p.path == urls.HOME)
    html = render_page(site, home).decode("utf-8")
    n = re.search(r'<span class="zg-figures__n">(\d+)</span><span>份已公布的复核结论', html)
    assert n and int(n.group(1)) == f.verdicts
    assert re.search(r'<span class="zg-figures__n">1</span><span>结论为“待改进”', html)


def test_home_template_only_shows():
    """The counting lives in the rule layer (rules.overview), not in the template."""
    html = (REPO / "theme/pages/home.html").read_text(encoding="utf-8")
    assert "outcome.verdicts" not in html and "selectattr" not in html
