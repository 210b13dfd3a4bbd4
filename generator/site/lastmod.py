"""Each page's content date: the sitemap's <lastmod> (theme/overrides/sitemap.xml reads it from
the page's front matter), so a crawler revisits what changed, not every page on every build.

A page's date is the latest public event it shows (a material or report published, a verdict
published, a list announced, a policy issued), never after the build's as-of day.
"""
from __future__ import annotations

import datetime as dt

from .context import SiteData


def _upto(site: SiteData, dates) -> dt.date | None:
    shown = [d for d in dates if d is not None and d <= site.as_of]
    return max(shown, default=None)


def _college_dates(site: SiteData, code: str) -> list:
    col = site.college(code)
    out = []
    if col is not None:
        out += [doc.meta.published_on for doc in col.materials]
        out += [site.portal_published(doc.path) for doc in col.materials]
        out += [rep.published_on for rep in col.reports.values()]
    out += [v.published_on for (y, c), v in site.published.items() if c == code]
    out += [site.project.rounds[y].announced_on for y, rv in site.reviews_of(code)]
    return out


def _everything(site: SiteData) -> dt.date | None:
    cached = getattr(site, "_zg_latest", False)
    if cached is False:
        dates = [rnd.announced_on for rnd in site.project.rounds.values()]
        dates += [doc.meta.issued_on for doc in site.policies()] + [doc.meta.date for doc in site.notices()]
        for col in site.colleges():
            dates += _college_dates(site, col.code)
        cached = _upto(site, dates)
        site._zg_latest = cached
    return cached


def content_date(site: SiteData, page) -> dt.date | None:
    """The content date of one page (pages.Page), or None when it shows no dated event."""
    t, data = page.template, page.data
    if t in ("policy.html",):
        return _upto(site, [data["doc"].meta.issued_on])
    if t == "notice.html":
        return _upto(site, [data["doc"].meta.date])
    if t == "material.html":
        view = data["m"]
        return _upto(site, [view.doc.meta.published_on, data.get("published")])
    if t == "self_diagnosis.html":
        return _upto(site, [data["report"].published_on, data.get("published")])
    if t == "college.html":
        return _upto(site, _college_dates(site, data["code"]))
    if t == "review.html":
        return _upto(site, [data["verdict"].published_on if data.get("verdict") else None])
    if t in ("round.html", "reviews_year.html", "lists_year.html"):
        year = data["year"]
        rnd = site.project.rounds.get(year)
        dates = [rnd.announced_on] if rnd is not None and t != "reviews_year.html" else []
        dates += [v.published_on for (y, _), v in site.published.items() if y == year]
        return _upto(site, dates)
    return _everything(site)   # indexes, home, open data: whatever changed last
