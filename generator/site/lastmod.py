"""Each page's content date: the sitemap's <lastmod> (theme/overrides/sitemap.xml reads it from
the page's front matter), so a crawler revisits what changed, not every page on every build.

A page's date is the latest public event it shows (a material or report published, a verdict
published, a list announced, a policy issued), never after the build's as-of day.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .context import SiteData
from .mkdocs_split import gzip_like


def _upto(site: SiteData, dates) -> dt.date | None:
    shown = [d for d in dates if d is not None and d <= site.as_of]
    return max(shown, default=None)


def _verdict_days(site: SiteData) -> dict[str, list]:
    """code → publication days of its published verdicts (built once: pages ask per college)."""
    cached = getattr(site, "_zg_verdict_days", None)
    if cached is None:
        cached = {}
        for (_, code), v in site.published.items():
            cached.setdefault(code, []).append(v.published_on)
        site._zg_verdict_days = cached
    return cached


def _college_dates(site: SiteData, code: str) -> list:
    col = site.college(code)
    out = list(_verdict_days(site).get(code, ()))
    if col is not None:
        out += [doc.meta.published_on for doc in col.materials]
        out += [site.portal_published(doc.path) for doc in col.materials]
        out += [rep.published_on for rep in col.reports.values()]
    out += [site.project.rounds[y].announced_on for y, rv in site.reviews_of(code)]
    return out


def _everything(site: SiteData) -> dt.date | None:
    cached = getattr(site, "_zg_latest", False)
    if cached is False:
        dates = [rnd.announced_on for rnd in site.project.rounds.values()]
        dates += [doc.meta.issued_on for doc in site.policies()] + [doc.meta.date for doc in site.notices()]
        dates += [v.published_on for v in site.published.values()] + list(site.portal_dates.values())
        for col in site.colleges():
            dates += [doc.meta.published_on for doc in col.materials]
            dates += [rep.published_on for rep in col.reports.values()]
        cached = _upto(site, dates)
        site._zg_latest = cached
    return cached


def content_date(site: SiteData, page) -> dt.date:
    """The content date of one page (pages.Page); a page that shows no dated event takes the
    site's latest (every page has one: a page without it in the sitemap was not read)."""
    return _own_date(site, page) or _everything(site) or site.as_of


def _own_date(site: SiteData, page) -> dt.date | None:
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
    return None   # indexes, home, open data: whatever changed last


# --- the sitemap of a dirty MkDocs run -------------------------------------------------------
# MkDocs --dirty does not read the pages it does not re-render, so the sitemap template finds
# no front matter for them and writes UNREAD; their dates are the last build's (unchanged page,
# unchanged date).
UNREAD = "0000-00-00"
_ENTRY = re.compile(r"<loc>([^<]+)</loc>(\s*)<lastmod>([^<]+)</lastmod>")


def lastmods(sitemap: Path) -> dict[str, str]:
    try:
        return {loc: d for loc, _, d in _ENTRY.findall(sitemap.read_text(encoding="utf-8"))}
    except OSError:
        return {}


def fill_unread(site_dir: Path, before: dict[str, str], fallback: dt.date) -> None:
    """Give the pages MkDocs did not read their previous lastmod (else `fallback`)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    if UNREAD not in text:
        return
    text = _ENTRY.sub(lambda m: m.group(0) if m.group(3) != UNREAD else
                      f"<loc>{m.group(1)}</loc>{m.group(2)}<lastmod>{before.get(m.group(1), fallback.isoformat())}</lastmod>",
                      text)
    sitemap.write_text(text, encoding="utf-8")
    gz = site_dir / "sitemap.xml.gz"
    if gz.is_file():
        gz.write_bytes(gzip_like(gz, text))
