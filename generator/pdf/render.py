"""HTML → PDF with WeasyPrint, in worker processes, each document under a time limit.

The worker is the only place WeasyPrint runs; it reads through `RestrictedFetcher` only.
A document that takes longer than its limit is stopped (SIGALRM inside the worker; a backstop
in the parent kills the pool if a worker stops answering) and reported as a finding.
"""
from __future__ import annotations

import concurrent.futures as cf
import functools
import logging
import multiprocessing
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import weasyprint

from .fonts import undrawable

from .fetcher import RestrictedFetcher

DEFAULT_TIME_LIMIT = 120.0      # seconds per document; a real dossier takes a few
PDF_VARIANT = "pdf/ua-1"        # a change here needs a new cache.RENDER_SETTINGS


class RenderTimeout(Exception):
    pass


@dataclass(frozen=True)
class Task:
    key: str              # cache key, also the PDF's /ID
    html: str
    base_dir: str         # theme/pdf: relative URLs in the templates resolve here
    roots: tuple[str, ...]  # folders the fetcher may read


@dataclass(frozen=True)
class Rendered:
    key: str
    data: bytes | None
    pages: int
    error: str | None = None       # "timeout" | "failed: …"
    refused: tuple[str, ...] = ()


def _alarm(signum, frame):
    raise RenderTimeout()


def _init_worker() -> None:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)   # refused URLs are expected, not news


def render_task(task: Task, time_limit: float) -> Rendered:
    """Runs in a worker: WeasyPrint under a wall-clock limit, never raising."""
    fetcher = RestrictedFetcher([Path(r) for r in task.roots])
    signal.signal(signal.SIGALRM, _alarm)       # main thread of a worker (or of a benchmark)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        if missing := undrawable(task.html):      # an empty box instead of the character: refused
            return Rendered(task.key, None, 0, "glyphs: " + "".join(missing[:20]), tuple(fetcher.refused))
        doc = weasyprint.HTML(string=task.html, base_url=Path(task.base_dir).as_uri() + "/",
                              url_fetcher=fetcher).render()
        # PDF/UA-1 (issue 21 §4): tagged structure, /Lang from <html lang>, the title shown
        # instead of the file name, bookmarks from the headings.
        data = doc.write_pdf(pdf_identifier=bytes.fromhex(task.key[:32]), pdf_variant=PDF_VARIANT,
                             finisher=serialize_once)
        return Rendered(task.key, data, len(doc.pages), None, tuple(fetcher.refused))
    except RenderTimeout:
        return Rendered(task.key, None, 0, "timeout", tuple(fetcher.refused))
    except Exception as exc:  # noqa: BLE001 — a hostile document must not stop the build
        return Rendered(task.key, None, 0, f"failed: {type(exc).__name__}: {str(exc)[:200]}", tuple(fetcher.refused))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def serialize_once(document, pdf) -> None:
    """WeasyPrint finisher: every object of the finished PDF makes its bytes once.

    With an /ID (PDF/UA wants one) pydyf builds every object's bytes twice — to write them, then
    again for the MD5 in the ID — so each stream is deflated twice at level 9 (measured: 5–8 %
    of a document's CPU). The objects are complete when the finisher runs, so the bytes are the
    same; tests/test_pdf_parallel.py checks that they are."""
    for obj in pdf.objects:
        if obj.free != "f":
            obj.__class__ = _once(type(obj))


@functools.cache
def _once(cls: type) -> type:
    if getattr(cls, "_serialized_once", False):
        return cls
    plain = cls.data

    def data(self):
        memo = self.__dict__.get("_pdf_bytes")
        if memo is None:
            memo = self.__dict__["_pdf_bytes"] = plain.__get__(self, cls)
        return memo
    return type(cls.__name__, (cls,), {"data": property(data), "_serialized_once": True,
                                       "__module__": cls.__module__})


def run_tasks(tasks: list[Task], jobs: int | None, time_limit: float = DEFAULT_TIME_LIMIT) -> dict[str, Rendered]:
    """Render every task across `jobs` processes (default: every core); results by key."""
    if not tasks:
        return {}
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    # fork: workers inherit the already-imported WeasyPrint and its font configuration
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)
    futures = {pool.submit(render_task, t, time_limit): t for t in tasks}
    rounds = -(-len(tasks) // jobs)
    done, not_done = cf.wait(futures, timeout=rounds * (time_limit + 5) + 30)
    out: dict[str, Rendered] = {}
    for fut in done:
        task = futures[fut]
        try:
            out[task.key] = fut.result()
        except Exception as exc:  # noqa: BLE001 — e.g. a worker killed by the OS
            out[task.key] = Rendered(task.key, None, 0, f"failed: {type(exc).__name__}")
    if not_done:  # a worker stuck outside Python: end the pool's own processes
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.kill()
        for fut in not_done:
            out[futures[fut].key] = Rendered(futures[fut].key, None, 0, "timeout")
    pool.shutdown(wait=not not_done, cancel_futures=True)
    return out
