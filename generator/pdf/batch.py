"""Plan → HTML → cache lookup → parallel render → write: the PDF half of `portal build`."""
from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from .. import urls
from . import THEME_DIR, PdfResult, add_failure
from .cache import PdfCache, assets_digest, document_key, write_atomic
from .documents import PdfDoc, plan_documents
from .render import DEFAULT_TIME_LIMIT, Task, run_tasks


def environment(theme_dir: Path = THEME_DIR) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def document_html(doc: PdfDoc, env: jinja2.Environment | None = None) -> str:
    return (env or environment()).get_template(doc.template).render(**doc.context)


def render_all(proj, outcome, out_dir: Path, cache_dir: Path, *, jobs=None, only=None, report=None,
               time_limit=None, year=None) -> list[PdfResult]:
    limit = time_limit or DEFAULT_TIME_LIMIT
    env, cache, assets = environment(), PdfCache(cache_dir), assets_digest(THEME_DIR)
    docs = [d for d in plan_documents(proj, outcome, only=only) if year is None or d.year == year]
    planned: list[tuple[PdfDoc, str]] = []
    tasks: dict[str, Task] = {}
    for doc in docs:
        html = document_html(doc, env)
        key = document_key(html, assets, doc.images)
        planned.append((doc, key))
        if key not in tasks and cache.get(key) is None:
            roots = (str(THEME_DIR), str(proj.root / f"institutions/{doc.code}"))
            tasks[key] = Task(key, html, str(THEME_DIR), roots)
    # the longest documents first: the last one to finish is then a short one, not a dossier
    rendered = run_tasks(sorted(tasks.values(), key=lambda t: -len(t.html)), jobs, limit)
    for key, r in rendered.items():
        if r.data is not None:
            cache.put(key, r.data, r.pages)
    full = only is None and year is None       # a full build knows every live document
    if full:
        cache.prune({key for _, key in planned})
    results = []
    for doc, key in planned:
        r = rendered.get(key)
        hit = cache.get(key)
        if hit is None:
            res = PdfResult(doc.kind, doc.code, doc.year, doc.rel, None, 0, 0, False,
                            error=(r.error if r else "failed: no output"))
            add_failure(report, res, doc.source, limit)
        else:
            data, pages = hit
            path = Path(out_dir) / doc.rel
            if not _holds(path, data):           # unchanged files keep their time: cheap to publish
                write_atomic(path, data)
            res = PdfResult(doc.kind, doc.code, doc.year, doc.rel, path, pages, len(data),
                            cached=r is None, sha256=hashlib.sha256(data).hexdigest())
        results.append(res)
    if full:
        _prune(Path(out_dir) / urls.PDFS, {Path(out_dir) / d.rel for d, _ in planned})
    return results


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _prune(folder: Path, keep: set[Path]) -> None:
    """Remove the PDFs of documents that no longer exist (a full build's output folder)."""
    if folder.is_dir():
        for p in sorted(folder.rglob("*"), reverse=True):
            if p.is_file() or p.is_symlink():
                if p not in keep:
                    p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
