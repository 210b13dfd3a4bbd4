"""Subscriptions: an Atom feed (RFC 4287) of notices, review lists, verdicts and published lists,
and an iCalendar file (RFC 5545) of review dates and disclosure deadlines.

Pure and reproducible: every timestamp comes from the data (a notice's date, a verdict's
publication day, a round's announcement), never from the clock; ids and UIDs derive from
stable site paths, so a feed reader or a calendar sees an entry once and updates it in place.
"""
from __future__ import annotations

import datetime as dt
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..project import Project
from ..rules.outcome import Outcome, published_verdicts
from ..rules.labels import LIST_LABELS, REVIEW_KIND_LABELS, VERDICT_LABELS
from ..rules.verdict import is_published
from ..textcount import strip_markdown
from .evidence_pages import college_links
from .opendata_tables import LIST_KINDS

ATOM_NS = "http://www.w3.org/2005/Atom"
LEDGER_NS = "urn:zhengai-portal:ledger"      # the ledger head: an Atom extension element
MAX_ENTRIES = 50
TZ = "+08:00"             # dates are China Standard Time days
SUMMARY_CHARS = 140
ICAL_LINE_OCTETS = 75     # RFC 5545 §3.1, not counting the CRLF


def _info(site_cfg):
    return getattr(site_cfg, "site", site_cfg)   # a SiteConfig or its SiteInfo


def _abs(base: str, rel: str) -> str:
    return base + urllib.parse.quote(rel, safe="/#")


def _zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _clip(text: str) -> str:
    return text[:SUMMARY_CHARS] + ("…" if len(text) > SUMMARY_CHARS else "")


def _name(proj: Project, code: str) -> str:
    col = proj.colleges.get(code)
    return col.info.name if col and col.info else code


# --- Atom ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedEntry:
    path: str             # site-relative page (with #fragment when several entries share a page)
    title: str
    on: dt.date
    category: str         # notice | round | verdict | list
    summary: str


CATEGORY_LABELS = {"notice": "通知公告", "round": "复核名单", "verdict": "复核结论", "list": "名单公示",
                   "evidence": "指标、任务与专业年审"}


def feed_entries(proj: Project, outcome: Outcome, as_of: dt.date) -> list[FeedEntry]:
    """Everything published on or before `as_of`, newest first (ties: by path)."""
    out = []
    for doc in proj.notices:
        if doc.meta.date <= as_of:
            text = _clip(" ".join(strip_markdown(doc.body).split()))
            out.append(FeedEntry(urls.notice(Path(doc.path).stem), doc.meta.title, doc.meta.date, "notice", text))
    for year, rnd in sorted(proj.rounds.items()):
        if rnd.announced_on <= as_of:
            names = "、".join(_name(proj, rv.institution) for rv in rnd.reviews)
            out.append(FeedEntry(urls.round_(year), f"{year}年复核名单公布", rnd.announced_on, "round",
                                 _clip(f"{year}年复核院校 {len(rnd.reviews)} 所：{names}。")))
    for (year, code), v in published_verdicts(outcome).items():
        if is_published(v.published_on, as_of):      # the feed's own date may come before the outcome's
            out.append(FeedEntry(urls.review(year, code),
                                 f"{_name(proj, code)} {year}年复核结论：{VERDICT_LABELS[v.computed]}",
                                 v.published_on, "verdict", v.explanation_zh))
    for year, yl in sorted(outcome.lists.items()):
        for kind in LIST_KINDS:
            entries = getattr(yl, kind)
            if not entries:
                continue
            on = min(as_of, max(_list_entry_date(outcome, year, e) for e in entries))
            names = "、".join(sorted({_name(proj, e.code) for e in entries}))
            out.append(FeedEntry(f"{urls.lists_year(year)}#{kind}", f"{year}年{LIST_LABELS[kind]}", on, "list",
                                 _clip(f"共 {len({e.code for e in entries})} 所院校：{names}。")))
    for code, col in sorted(proj.colleges.items()):    # structured evidence (DESIGN.md §3), on its published_on
        if col.info is not None:
            out.extend(FeedEntry(path, f"{col.info.name} {title}", on, "evidence", f"{col.info.name}公示{title}。")
                       for title, path, on in college_links(col) if on <= as_of)
    return sorted(out, key=lambda e: (-e.on.toordinal(), e.path))[:MAX_ENTRIES]


def _list_entry_date(outcome: Outcome, year: int, e) -> dt.date:
    """The day a list entry became known, from the outcome it was derived from."""
    if getattr(e, "on", None):
        return e.on
    v = outcome.verdicts.get((year, e.code))
    if e.kind.startswith("verdict_") and v:
        return v.published_on
    d = outcome.disclosures.get((year, e.code))
    if e.kind.endswith("_publication") and d:
        return d.deadline + dt.timedelta(days=1)        # the first day the failure was certain
    st = outcome.statuses.get(e.code)
    if st:
        for da in st.deemed_abnormal:
            if da.year == year and da.kind == e.kind:
                return da.on
        days = [h.on for h in st.history if h.year == year]
        if days:
            return max(days)
    return outcome.as_of


def _stamp(d: dt.date) -> str:
    return f"{d.isoformat()}T00:00:00{TZ}"


def render_robots(site_url: str) -> bytes:
    """robots.txt: every page may be crawled; the sitemap (with each page's content date) is here."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n".encode("utf-8")


def render_atom(proj: Project, outcome: Outcome, site_cfg, as_of: dt.date, ledger_head: dict | None = None) -> bytes:
    """feed.xml: at most MAX_ENTRIES entries; entry id = the entry's absolute page URL. The
    publication ledger's chain head rides along (feed readers archive it: `portal verify --against`)."""
    info = _info(site_cfg)
    base = info.url
    entries = feed_entries(proj, outcome, as_of)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "zh-CN"})
    ET.SubElement(feed, "id").text = _abs(base, urls.FEED)
    ET.SubElement(feed, "title").text = info.name
    ET.SubElement(feed, "subtitle").text = "通知公告、复核名单、复核结论与名单公示"
    ET.SubElement(feed, "updated").text = _stamp(entries[0].on if entries else as_of)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = info.secretariat
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": _abs(base, urls.FEED)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": base})
    ET.SubElement(feed, "generator").text = "zhengai-portal"
    if ledger_head:
        ET.SubElement(feed, "link", {"rel": "related", "type": "application/json", "title": "公示台账链头",
                                     "href": _abs(base, urls.LEDGER_HEAD)})
        ET.SubElement(feed, "zg:ledger-head", {"xmlns:zg": LEDGER_NS, **{k: str(ledger_head[k]) for k in
                      ("seq", "lines", "published_at", "sha256")}})
    for e in entries:
        el = ET.SubElement(feed, "entry")
        ET.SubElement(el, "id").text = _abs(base, e.path)
        ET.SubElement(el, "title").text = e.title
        ET.SubElement(el, "updated").text = _stamp(e.on)
        ET.SubElement(el, "published").text = _stamp(e.on)
        ET.SubElement(el, "link", {"rel": "alternate", "type": "text/html", "href": _abs(base, e.path)})
        ET.SubElement(el, "category", {"term": e.category, "label": CATEGORY_LABELS[e.category]})
        ET.SubElement(el, "summary", {"type": "text"}).text = e.summary or e.title
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


# --- iCalendar -------------------------------------------------------------------------------
def ical_escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newline are escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """RFC 5545 §3.1: lines of at most 75 octets, continued after CRLF + one space; a UTF-8
    character is never split (a Chinese character is 3 octets)."""
    out, cur, size = [], [], 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > ICAL_LINE_OCTETS:
            out.append("".join(cur))
            cur, size = [" "], 1
        cur.append(ch)
        size += n
    out.append("".join(cur))
    return "\r\n".join(out).encode("utf-8") + b"\r\n"


def _date(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


@dataclass(frozen=True)
class CalEvent:
    uid: str
    stamp: dt.date        # DTSTAMP: when the information was published (the round's announcement)
    start: dt.date
    end: dt.date          # inclusive last day
    summary: str
    description: str
    path: str
    category: str


def calendar_events(proj: Project, outcome: Outcome, host: str) -> list[CalEvent]:
    out = []
    for year, rnd in sorted(proj.rounds.items()):
        for rv in sorted(rnd.reviews, key=lambda r: (r.start, r.institution)):
            name = _name(proj, rv.institution)
            kind = REVIEW_KIND_LABELS[rv.kind]
            out.append(CalEvent(f"review-{year}-{rv.institution}@{host}", rnd.announced_on, rv.start, rv.end,
                                f"{name} {kind}", f"{year}年{kind}：{name}，{_zh_date(rv.start)}至{_zh_date(rv.end)}。",
                                urls.round_(year), "复核"))
            d = outcome.disclosures.get((year, rv.institution))
            if d is not None:
                out.append(CalEvent(f"deadline-{year}-{rv.institution}@{host}", rnd.announced_on, d.deadline,
                                    d.deadline, f"{name} 复核材料公示截止",
                                    f"{name}须在{_zh_date(d.deadline)}（含）前在校园网公示{year}年复核所需材料"
                                    f"（复核开始日 {_zh_date(rv.start)}）。", urls.college(rv.institution), "公示截止"))
    return sorted(out, key=lambda e: (e.start, e.uid))


def render_ical(proj: Project, outcome: Outcome, site_cfg) -> bytes:
    """calendar.ics: one all-day VEVENT per review (start–end) and per disclosure deadline."""
    info = _info(site_cfg)
    host = urllib.parse.urlsplit(info.url).hostname or "zhengai.invalid"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zhengai-portal//诊改公示站//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ical_escape(info.name)}",
             f"X-WR-CALDESC:{ical_escape('复核日期与材料公示截止日期')}",
             "REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D"]   # RFC 7986: re-fetch daily
    for ev in calendar_events(proj, outcome, host):
        lines += ["BEGIN:VEVENT", f"UID:{ev.uid}", f"DTSTAMP:{_date(ev.stamp)}T000000Z",
                  f"DTSTART;VALUE=DATE:{_date(ev.start)}",
                  f"DTEND;VALUE=DATE:{_date(ev.end + dt.timedelta(days=1))}",   # DTEND is exclusive
                  f"SUMMARY:{ical_escape(ev.summary)}", f"DESCRIPTION:{ical_escape(ev.description)}",
                  f"CATEGORIES:{ical_escape(ev.category)}", f"URL:{_abs(info.url, ev.path)}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
