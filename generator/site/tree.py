"""The docs tree of one build, in memory: {path below the cache's site folder: bytes or file}.

mkdocs.yml, overrides/ (Material named-block overrides), docs/ (pages, CSS/JS, open data,
feeds, attachments). The write layer then stores it where bytes changed. PDFs are not in it:
they are rendered beside it and published beside the engine's output (pdf/job.py).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..background import in_background
from ..rules.outcome import Checked
from .charts import all_charts
from .context import gather
from .feeds import render_atom, render_ical, render_robots
from .ledger_view import files as ledger_files
from .mkdocs_config import mkdocs_yml
from .opendata import render_open_data, title_of
from .pages import plan
from .progress import Progress
from .render_pool import PARALLEL_MIN, render_colleges
from .page_reuse import SharedPages
from .reuse import Previous, Rendered, college_keys, load_record, reusable, shared_digest
from .richtext import render_memo
from .search import GROUPS_FILE as SEARCH_GROUPS, groups as search_groups, groups_json
from .templating import THEME

ASSETS = "assets/zg/"
MEMO = "markdown.memo"


@dataclass
class Tree:
    files: dict          # str → bytes | Path
    pages: int
    record: dict | None = None   # code → Rendered: saved once the tree is written (site/reuse.py)
    reused: int = 0              # colleges whose pages were kept, not rendered
    pages_record: dict | None = None   # site-wide page → its key (site/page_reuse.py), saved likewise
    pages_kept: int = 0          # site-wide pages kept, not rendered


@dataclass(frozen=True)
class DataFile:
    path: str
    title: str
    size: int


def assemble(checked: Checked, as_of: dt.date, cache: Path, *, pdfs: frozenset = frozenset(),
             jobs: int | None = None, progress: Progress | None = None, previous: Previous | None = None) -> Tree:
    """The docs tree of this build. `pdfs`: the site paths of the PDFs this build publishes
    (rendered elsewhere, pdf/job.py; the pages link them). `previous`: the last build's docs
    tree, whose pages of unchanged colleges are kept instead of rendered again (site/reuse.py)."""
    proj, outcome, report = checked.project, checked.outcome, checked.report
    progress = progress or Progress(enabled=False)
    # The open data (~4 s at 1,500 colleges, most of a one-college rebuild's render) depends on
    # every college: it is computed beside the pages, and only the open-data page waits for it.
    fork = (jobs or os.cpu_count() or 1) > 1 and len(proj.colleges) >= PARALLEL_MIN
    open_data = in_background(fork, render_open_data, proj, outcome, proj.config)
    site = gather(proj, outcome, report, as_of)
    files: dict = {}

    def doc(rel: str, content) -> None:
        files[f"docs/{rel}"] = content

    feeds = {urls.FEED: render_atom(proj, outcome, proj.config, as_of, site.ledger.head),
             urls.CALENDAR: render_ical(proj, outcome, proj.config),
             urls.ROBOTS: render_robots(proj.config.site.url)}
    for rel, content in feeds.items():
        doc(rel, content)

    progress.step("生成页面")
    # colleges with pages below their home page (materials, reports): the only ones in a shard
    regions, shards = search_groups([(c.code, c.info.region) for c in site.colleges()
                                     if site.materials.get(c.code) or c.reports])
    doc(SEARCH_GROUPS, groups_json(regions, shards))    # read by the indexer
    extra = {"charts": [c.html() for c in all_charts(proj, outcome)], "search_regions": regions}
    base = shared_digest(site, pdfs, previous) if previous else None
    keys = college_keys(site, pdfs, previous, base) if previous else {}
    kept = reusable(keys, previous, load_record(cache)) if previous else {}
    record: dict[str, Rendered] = {}
    with render_memo(cache / MEMO) as memo:     # unchanged bodies are not rendered again
        pages = plan(site, extra, colleges=False)
        data_page = next(p for p in pages if p.path == urls.DATA)   # lists the open-data files: last
        shared = SharedPages(site, pages, pdfs, previous, base, cache)   # kept when what they show is
        for page in pages:
            if page is not data_page:
                doc(page.source, shared.content(page))
        own = {r.code: r for r in render_colleges(site, pdfs, jobs, progress, skip=kept)}  # on every core
        n_own = 0
        for col in site.colleges():             # college order, as a full render gives it
            if (done := kept.get(col.code)) is not None:
                for source in done.sources:
                    doc(source[len("docs/"):], previous.docs / source)   # the file itself: keep it
                for code, rel in done.images:   # found and checked again, as a render does
                    site.image_path(code, rel)
                if memo is not None:
                    memo.carry(done.memo_keys)
            else:
                r = own[col.code]
                for source, content in r.pages:
                    doc(source, content)
                done = Rendered(keys.get(col.code, ""), [f"docs/{s}" for s, _ in r.pages], r.images,
                                list(dict.fromkeys(r.memo_keys)))
            record[col.code] = done
            n_own += len(done.sources)
        data = open_data()
        for rel, content in data.items():
            doc(rel, content)
        data_page.data["files"] = data_files(data, feeds)
        doc(data_page.source, shared.content(data_page))

    for views in site.materials.values():          # after the pages: they register images
        for view in views:
            for att in view.attachments:
                if att.served:
                    doc(att.url, att.source)
    for (code, rel), source in sorted(site.images.items()):
        doc(urls.attachment(code, rel), source)
    for rel, content in ledger_files(site.ledger):  # the chain, and every version to download
        doc(rel, content)

    for p in sorted((THEME / "assets").iterdir()):
        if p.is_file():
            doc(ASSETS + p.name, p)
    overrides = THEME / "overrides"
    for p in sorted(overrides.rglob("*")):
        if p.is_file():
            files[f"overrides/{p.relative_to(overrides).as_posix()}"] = p
    files["mkdocs.yml"] = mkdocs_yml(proj.config.site, as_of).encode("utf-8")
    return Tree(files, len(pages) + n_own, record if previous else None, len(kept),
                shared.record if previous else None, shared.kept)


def data_files(data: dict, feeds: dict) -> list[DataFile]:
    """The open-data page's table: every file with its title (from the JSON itself)."""
    titles = {}
    for path, content in data.items():
        if path.endswith(".json"):
            title = title_of(content)
            if path.endswith(".schema.json"):
                title = f"JSON Schema：{title or path}"
            elif path.endswith("/index.json"):
                title = "文件索引（含每个文件的 SHA-256 与大小）"
            titles[path] = title or path
    out = []
    for path, content in sorted(data.items()):
        title = titles.get(path)
        if path.endswith(".csv"):
            base = titles.get(path[:-4] + ".json", path)
            title = f"{base}（CSV，UTF-8）"
        elif path.endswith(".json") and not path.endswith(".schema.json") and not path.endswith("/index.json"):
            title = f"{title}（JSON）"
        out.append(DataFile(path, title or path, len(content)))
    out.append(DataFile(urls.FEED, "Atom 订阅：通知公告、复核名单、复核结论与名单公示", len(feeds[urls.FEED])))
    out.append(DataFile(urls.CALENDAR, "iCalendar 日历：复核日期与材料公示截止日", len(feeds[urls.CALENDAR])))
    return out
