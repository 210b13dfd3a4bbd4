"""Atom feed (RFC 4287) and iCalendar (RFC 5545): well-formed, expected entries, stable ids,
dates from the data, folding by octets, reproducible bytes."""
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from builders import CODE_A, CODE_B, YEAR
from generator.check import run_checks
from generator.site import feeds
from richroot import AS_OF, DEADLINE_B, START_NEXT, rich

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def checked(rich_checked):
    return rich_checked


def _atom(c, as_of=AS_OF):
    return feeds.render_atom(c.project, c.outcome, c.project.config, as_of)


def _entries(data: bytes):
    feed = ET.fromstring(data)
    assert feed.tag == f"{A}feed"
    return feed, [{"id": e.findtext(f"{A}id"), "title": e.findtext(f"{A}title"),
                   "updated": e.findtext(f"{A}updated"), "term": e.find(f"{A}category").get("term"),
                   "href": e.find(f"{A}link").get("href")} for e in feed.findall(f"{A}entry")]


def test_atom_has_notices_rounds_verdicts_and_lists_newest_first(checked):
    feed, entries = _entries(_atom(checked))
    ids = [e["id"] for e in entries]
    base = "https://zhengai.test/"
    assert f"{base}reviews/{YEAR}/{CODE_A}/" in ids and f"{base}reviews/{YEAR}/{CODE_B}/" in ids
    assert f"{base}notices/2025-06-01-tongzhi/" in ids
    assert f"{base}rounds/2026/" in ids
    assert f"{base}lists/{YEAR}/#criticized" in ids and f"{base}lists/{YEAR}/#needs_improvement" in ids
    assert {e["term"] for e in entries} == {"notice", "round", "verdict", "list"}
    assert len(ids) == len(set(ids))
    dates = [e["updated"] for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert all(d.endswith("T00:00:00+08:00") for d in dates)
    b = next(e for e in entries if e["id"].endswith(f"{YEAR}/{CODE_B}/"))
    assert b["updated"] == "2025-06-28T00:00:00+08:00" and "待改进" in b["title"] and b["href"] == b["id"]
    crit = next(e for e in entries if e["id"].endswith("#criticized"))
    assert crit["updated"].startswith((DEADLINE_B + dt.timedelta(days=1)).isoformat())
    assert feed.findtext(f"{A}updated") == dates[0]
    assert feed.findtext(f"{A}id") == f"{base}feed.xml"


def test_atom_leaves_out_what_is_not_yet_published(checked):
    _, entries = _entries(_atom(checked, as_of=dt.date(2025, 6, 29)))
    ids = [e["id"] for e in entries]
    assert not any(i.endswith(f"reviews/{YEAR}/{CODE_A}/") for i in ids)     # published 06-30
    assert any(i.endswith(f"reviews/{YEAR}/{CODE_B}/") for i in ids)         # published 06-28


def test_atom_is_capped_and_escapes_text(root):
    rich(root)
    for i in range(60):
        root.write(f"content/notices/n{i:02d}.md", f"---\ntitle: '通知 <{i}> & \"引号\"'\ndate: 2025-01-{i % 28 + 1:02d}\n---\n正文\n")
    c = run_checks(root.path, AS_OF)
    _, entries = _entries(_atom(c))
    assert len(entries) == feeds.MAX_ENTRIES
    assert any(e["title"].startswith("通知 <") and "&" in e["title"] for e in entries)


def test_atom_reproducible(checked, root):
    first = _atom(checked)
    assert _atom(checked) == first
    again = run_checks(root.path, AS_OF)
    assert _atom(again) == first


def _ical(c):
    return feeds.render_ical(c.project, c.outcome, c.project.config)


def _unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def test_ical_lines_crlf_and_folded_by_octets(checked):
    data = _ical(checked)
    assert data.endswith(b"\r\n") and data.replace(b"\r\n", b"").count(b"\n") == 0
    raw = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in raw)
    assert any(line.startswith(b" ") for line in raw)      # long Chinese lines were folded
    for line in raw:
        line.decode("utf-8")                               # no character split across lines
    lines = _unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"


def test_ical_events_dates_and_uids(checked):
    lines = _unfold(_ical(checked))
    events, cur = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            k, _, v = line.partition(":")
            cur[k] = v
    uids = {e["UID"]: e for e in events}
    assert len(uids) == len(events) == 2 * 3
    dl = uids[f"deadline-{YEAR}-{CODE_B}@zhengai.test"]
    assert dl["DTSTART;VALUE=DATE"] == DEADLINE_B.strftime("%Y%m%d")
    assert dl["DTEND;VALUE=DATE"] == (DEADLINE_B + dt.timedelta(days=1)).strftime("%Y%m%d")
    rv = uids[f"review-{YEAR}-{CODE_B}@zhengai.test"]
    assert (rv["DTSTART;VALUE=DATE"], rv["DTEND;VALUE=DATE"]) == ("20250520", "20250523")   # end exclusive
    assert rv["DTSTAMP"] == "20241220T000000Z"                                             # announcement
    nxt = uids[f"deadline-2026-{CODE_B}@zhengai.test"]
    assert nxt["DTSTART;VALUE=DATE"] == (START_NEXT - dt.timedelta(days=30)).strftime("%Y%m%d")
    assert "测试财经职业学院" in nxt["SUMMARY"]
    assert all(e["DTSTAMP"].endswith("T000000Z") for e in events)


def test_ical_reproducible(checked):
    assert _ical(checked) == _ical(checked)


@pytest.mark.parametrize("text", ["短", "a" * 200, "诊" * 100, "a" + "诊" * 40, "x;y,z\\w"])
def test_fold_never_splits_a_character(text):
    out = feeds.fold("DESCRIPTION:" + feeds.ical_escape(text))
    parts = out.split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in parts)
    assert b"".join([parts[0]] + [p[1:] for p in parts[1:]]).decode("utf-8") == "DESCRIPTION:" + feeds.ical_escape(text)


def test_ical_escape():
    assert feeds.ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
