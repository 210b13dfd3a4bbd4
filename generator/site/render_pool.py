"""Render the colleges' own pages on every core: they are nearly all the pages of a large site.

Workers are forked, so they share the site data read-only without copying or pickling it; each
renders every n-th college and sends back its pages' bytes, the college files its Markdown
published (`SiteData.images`) and what the render memo learnt, which the parent merges. The
bytes of a page do not depend on which process rendered it (a test compares both ways).
"""
from __future__ import annotations

import multiprocessing
import os

from .context import SiteData
from .pages import college_pages, render_page
from .progress import Progress
from .richtext import active_memo

PARALLEL_MIN = 200          # colleges: below this, forking costs more than it saves
_JOB: tuple | None = None   # (site, pdfs) for forked workers, set just before the fork


def render_colleges(site: SiteData, pdfs: frozenset, jobs: int | None, progress: Progress,
                    parallel_min: int = PARALLEL_MIN) -> list[tuple[str, bytes]]:
    """[(docs-tree source, bytes)] of every college's pages, in college order."""
    colleges = site.colleges()
    jobs = min(jobs or os.cpu_count() or 1, len(colleges))
    if jobs < 2 or len(colleges) < parallel_min or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for i, col in enumerate(colleges, 1):
            out += [(p.source, render_page(site, p, pdfs)) for p in college_pages(site, col)]
            progress.count(i, len(colleges))
        return out
    global _JOB
    _JOB = (site, pdfs)
    shares = [[c.code for c in colleges[k::jobs]] for k in range(jobs)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_worker, shares)
    finally:
        _JOB = None
    memo, rendered = active_memo(), {}
    for share, (pages, images, learnt) in zip(shares, results):
        site.images.update(images)
        if memo is not None:
            memo.absorb(learnt)
        for code, items in zip(share, pages):
            rendered[code] = items
    progress.count(len(colleges), len(colleges))
    return [item for col in colleges for item in rendered[col.code]]


def _worker(codes: list[str]):
    site, pdfs = _JOB
    memo = active_memo()
    known_images, known_keys = set(site.images), set(memo.used) if memo else set()
    misses = memo.misses if memo else 0
    pages = []
    for code in codes:
        col = site.college(code)
        pages.append([(p.source, render_page(site, p, pdfs)) for p in college_pages(site, col)])
    images = {k: v for k, v in site.images.items() if k not in known_images}
    learnt = ({}, 0)
    if memo is not None:
        entries, total = memo.learnt_since(known_keys)
        learnt = (entries, total - misses)
    return pages, images, learnt
