"""What was on the last published site, and what of it would now vanish (issue 18 §2).

Two records of the published state exist, and both are used:

* the publication ledger `content/ledger/publications.jsonl` — committed, append-only and
  hash-chained, so every `portal check` (a college's CI on a clean clone included) sees it. It
  records each college's materials, reports and attachments as `portal publish` put them on
  the site: a college with a live (not withdrawn) ledger entry was on the site. It does not
  record reviews;
* the open data of the last build in the root's default output folder, `site/data/`
  (`colleges.json`, `verdicts.json`: exactly what the public could read and download). This is
  the only record of published verdicts; it is absent on a fresh clone, so verdicts are guarded
  where the site is built (the secretariat's machine and deploy), which is where they change.

A college that was published and would vanish — its folder removed, or its institution.yml
unusable — is an error unless it is withdrawn explicitly (`status: withdrawn`, DESIGN.md §3);
a published verdict whose review file is gone, or whose `published_on` moved past the check
date, is an error too. Nothing published disappears silently.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .findings import Loc, Report
from .ledger import LEDGER, read_ledger
from .project import Project

SITE_DATA = "site/data"        # `portal build`'s default --out, run from the root, + urls.DATA
MAX_DATA_BYTES = 50_000_000    # open data of a national build stays far below


def published_colleges(root: Path) -> dict[str, tuple[str, str]]:
    """code → (Chinese, English) evidence that the college was on the published site."""
    out: dict[str, tuple[str, str]] = {}
    entries, _ = read_ledger(root)
    live: dict[str, object] = {}
    for e in entries:                  # the latest entry of each path says whether it is live
        live[e.path] = e
    for path, e in live.items():
        code = path.split("/")[1]
        if e.sha256 is not None and code not in out:
            out[code] = (f"公示台账 {LEDGER} 第 {e.line} 行", f"{LEDGER} line {e.line}")
    for rec in _records(root, "colleges"):
        code = rec.get("code")
        if isinstance(code, str) and code not in out:
            out[code] = (f"上次生成的网站 {SITE_DATA}/colleges.json", f"the last built site's {SITE_DATA}/colleges.json")
    return out


def published_verdicts(root: Path, as_of: dt.date) -> dict[tuple[int, str], dt.date]:
    """(year, code) → publication day of each verdict the last built site showed, as far as it
    had been published by `as_of` (checking an earlier day must not see later verdicts)."""
    out = {}
    for rec in _records(root, "verdicts"):
        try:
            key = (int(rec["year"]), str(rec["code"]))
            day = dt.date.fromisoformat(rec["published_on"])
        except (KeyError, TypeError, ValueError):
            continue
        if day <= as_of:
            out[key] = day
    return out


def _records(root: Path, table: str) -> list[dict]:
    """Records of one open-data table of the last build; [] when absent or unreadable (this is
    evidence we use if present, never a file people edit)."""
    path = Path(root) / SITE_DATA / f"{table}.json"
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_DATA_BYTES:
            return []
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    recs = doc.get("records") if isinstance(doc, dict) else None
    return [r for r in recs if isinstance(r, dict)] if isinstance(recs, list) else []


def check_vanished(proj: Project, report: Report, as_of: dt.date) -> None:
    """Issue 18 §2 / DESIGN.md §7: report each college and verdict of the last published site
    that this data would remove without an explicit withdrawal."""
    for code, (ev, ev_en) in sorted(published_colleges(proj.root).items()):
        if proj.only is not None and code != proj.only:
            continue
        col = proj.colleges.get(code)
        if col is not None and col.info is not None:
            continue                   # still there (withdrawn ones too: their record stays)
        if col is None:
            why, why_en = f"目录 institutions/{code}/ 已不存在", f"the folder institutions/{code}/ is gone"
        else:
            why, why_en = "institution.yml 无法读取（见该文件的其他错误）", "institution.yml is unusable (see its other findings)"
        report.add("publish.vanished", Loc(f"institutions/{code}/institution.yml", 1, 1), institution=code,
                   what=f"院校 {code}", what_en=f"college {code}", evidence=ev, evidence_en=ev_en, why=why, why_en=why_en)
    for (year, code), day in sorted(published_verdicts(proj.root, as_of).items()):
        if proj.only is not None and code != proj.only:
            continue
        review = proj.reviews.get((year, code))
        rel = f"content/rounds/{year}/reviews/{code}.yml"
        if review is not None and review.published_on <= as_of:
            continue
        if review is None:
            why, why_en = "复核结论文件缺失或无法读取", "the review file is missing or unusable"
        else:
            why = f"published_on 改为 {review.published_on}，晚于检查日期 {as_of}"
            why_en = f"published_on became {review.published_on}, after the check date {as_of}"
        report.add("publish.vanished", review.loc("published_on") if review is not None else Loc(rel, 1, 1),
                   institution=code, what=f"{year} 年 {code} 的复核结论（{day} 公布）",
                   what_en=f"the {year} verdict of {code} (published {day})",
                   evidence=f"上次生成的网站 {SITE_DATA}/verdicts.json", evidence_en=f"the last built site's {SITE_DATA}/verdicts.json",
                   why=why, why_en=why_en)
