"""Render the colleges' own pages on every core: they are nearly all the pages of a large site.

Workers are forked, so they share the site data read-only without copying or pickling it; each
takes tasks of TASK_COLLEGES colleges and sends back their pages' bytes, the college files their
Markdown published (`SiteData.images`) and what the render memo learnt, which the parent merges. The
bytes of a page do not depend on which process rendered it (a test compares both ways).
"""
from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass

from .context import SiteData
from .pages import college_pages, render_page
from .progress import Progress
from .richtext import active_memo

PARALLEL_MIN = 200          # colleges to render: below this, forking costs more than it saves
_JOB: tuple | None = None   # (site, pdfs) for forked workers, set just before the fork
_SEEN: tuple | None = None  # in a worker: (memo keys already known to the parent, misses counted)
TASK_COLLEGES = 25          # colleges per task sent to a worker


@dataclass
class CollegeRender:
    code: str
    pages: list             # [(docs-tree source, bytes)]
    images: dict            # (code, path as written) → file its Markdown published
    memo_keys: list         # Markdown renderings looked up


def render_colleges(site: SiteData, pdfs: frozenset, jobs: int | None, progress: Progress,
                    parallel_min: int = PARALLEL_MIN, skip=frozenset()) -> list[CollegeRender]:
    """The pages of every college not in `skip`, in college order."""
    codes = [c.code for c in site.colleges() if c.code not in skip]
    jobs = min(jobs or os.cpu_count() or 1, len(codes))
    if jobs < 2 or len(codes) < parallel_min or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for i, code in enumerate(codes, 1):
            out.append(_render_one(site, code, pdfs))
            progress.count(i, len(codes))
        return out
    global _JOB
    _JOB = (site, pdfs)
    # Small tasks, results streamed back: a worker never holds more than one task's pages (and
    # their pickled copy); half the site per worker made the memory peak of a national build.
    tasks = [codes[i:i + TASK_COLLEGES] for i in range(0, len(codes), TASK_COLLEGES)]
    memo, rendered = active_memo(), {}
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker) as pool:
            for renders, learnt in pool.imap(_worker, tasks):
                if memo is not None:
                    memo.absorb(learnt)
                for r in renders:
                    site.images.update(r.images)
                    rendered[r.code] = r
                progress.count(len(rendered), len(codes))
    finally:
        _JOB = None
    return [rendered[code] for code in codes]


def _render_one(site: SiteData, code: str, pdfs: frozenset) -> CollegeRender:
    memo = active_memo()
    if memo is not None:
        memo.trace = []
    try:
        pages = [(p.source, render_page(site, p, pdfs)) for p in college_pages(site, site.college(code))]
        keys = memo.trace if memo is not None else []
    finally:
        if memo is not None:
            memo.trace = None
    images = {k: v for k, v in site.images.items() if k[0] == code}
    return CollegeRender(code, pages, images, keys)


def _start_worker() -> None:
    """In each forked worker: what the memo held at the fork, so each task sends only news."""
    global _SEEN
    memo = active_memo()
    _SEEN = (set(memo.used), memo.misses) if memo else None


def _worker(codes: list[str]):
    global _SEEN
    site, pdfs = _JOB
    renders = [_render_one(site, code, pdfs) for code in codes]
    learnt = ({}, 0)
    memo = active_memo()
    if memo is not None and _SEEN is not None:
        known, misses = _SEEN
        entries, total = memo.learnt_since(known)
        known.update(entries)
        learnt = (entries, total - misses)
        _SEEN = (known, total)
    return renders, learnt
