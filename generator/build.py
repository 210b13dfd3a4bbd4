"""`portal build [--root DIR] [--out DIR] [--as-of DATE] [--no-pdf] [--jobs N]`.

load → validate → compute (refuse on errors) → render (pages, open data) in memory, the PDFs in
a background process → write the docs tree where bytes changed → MkDocs into a folder beside
--out → Pagefind → wait for the PDFs → swap the new site in. Nothing is written before everything
is loaded and valid, and a failed build (a PDF that failed included) leaves the previous site as
it was (DESIGN.md §7).
"""
from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path

from . import cache_files
from .check import format_text, run_checks, summary_line
from .clock import UsageError
from .context import RunContext
from .findings import Finding
from .engine import Beside, build_and_publish
from .fingerprint import fingerprint, forget, remember, unchanged
from .load_cache import CollegeCache, keys_of
from .pdf.fonts import check_fonts
from .site import engines
from .site.mkdocs_config import EngineError
from .site.progress import Progress
from .site.search import SearchIndexError
from .site.templating import THEME
from .site.tree import assemble
from .site.reuse import Previous, forget_record, save_record
from .site import page_reuse
from .urls import PDFS
from .write import Busy, Tampered, hold_lock, libc_function, lock_path
from .write_sync import kept_where, sync_tree

CACHE = ".portal-cache"
CACHE_LOCK = ".portal-cache.lock"  # beside the cache: two builds of one root share it
DOCS, DOCS_MANIFEST = "site", "site.manifest"   # <cache>/site: the docs tree, and its listing
PDF_OUT = "pdf-out"             # <cache>/pdf-out/pdf/…: the PDFs of the last build, as published
PACKAGE = Path(__file__).resolve().parent
EXIT_BUSY = 3                   # another build holds the output folder or the build cache
EXIT_OS_ERROR = 4               # the system refused a write (disk full, permissions …)
ENGINE_ZH = {"clean": "完整构建", "dirty": "增量构建", "unchanged": "无改动，未重新构建"}


@dataclass
class BuildResult:
    ok: bool
    errors: list[Finding] = field(default_factory=list)
    warnings: int = 0
    pages: int = 0
    files: int = 0
    written: int = 0
    seconds: float = 0.0
    out: Path | None = None
    engine: str = ""            # "clean", "dirty" or "unchanged" (generator.engine)
    reused: int = 0             # colleges whose pages were kept from the last build, not rendered
    pages_kept: int = 0         # site-wide pages kept likewise (site/page_reuse.py)
    timings: dict = field(default_factory=dict)   # step → seconds
    warning_codes: dict = field(default_factory=dict)   # finding code → count, for the summary


def add_arguments_build(p) -> None:
    p.add_argument("--out", default="site", help="输出目录（默认 site/）")
    p.add_argument("--no-pdf", dest="no_pdf", action="store_true", help="不生成 PDF（更快）")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="并行进程数（默认 CPU 核数）")
    p.add_argument("--no-cache", dest="no_cache", action="store_true",
                   help=f"不读取也不更新构建缓存 {CACHE}/（完整构建，用于正式发布或核对）")
    p.add_argument("--engine", choices=engines.NAMES, default=engines.DEFAULT,
                   help="静态站点引擎（默认 mkdocs；zensical 需 pip install -e '.[zensical]'，差异见 docs/engines.md）")


def run_build(ctx: RunContext, args) -> int:
    root = ctx.root
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs 应为正整数")
    try:
        res = build_site(root, Path(args.out), ctx.as_of, pdf=not args.no_pdf, jobs=args.jobs, lang=ctx.lang,
                         use_cache=not args.no_cache, engine=args.engine)
    except (EngineError, SearchIndexError) as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 2
    except Busy as exc:
        print(f"portal: 另一个构建正在使用 {exc}（锁文件），本次未构建；请等它结束后再试", file=sys.stderr)
        return EXIT_BUSY
    except OSError as exc:
        print(f"portal: {write_failure(exc)}", file=sys.stderr)
        return EXIT_OS_ERROR
    if not res.ok:
        return 1
    print(f"公示站已生成：{res.out}/index.html（{res.pages} 个页面，{res.files} 个文件，"
          f"本次写入 {res.written} 个，{ENGINE_ZH.get(res.engine, res.engine)}，用时 {res.seconds:.1f} 秒）\n"
          + (f"{res.reused} 所院校的数据未变，其页面沿用上次构建\n" if res.reused else "") +
          f"用时分布：{'，'.join(f'{k} {v:.1f} 秒' for k, v in res.timings.items())}\n"
          f"预览：portal serve，或 python -m http.server -d {res.out}（链接以 / 开头，不能直接用 file:// 打开）", file=sys.stderr)
    print(warnings_summary(res, ctx), file=sys.stderr)
    return 0


def write_failure(exc: OSError) -> str:
    """One line for an OSError met while writing (the build stopped before publishing)."""
    reason = "磁盘空间不足" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
    where = f"：{exc.filename}" if exc.filename else ""
    return f"写入失败（{reason}）{where}；未发布新站点，原有站点保持不变"


def warnings_summary(res: BuildResult, ctx: RunContext) -> str:
    """Warnings do not stop a build but are published on the site: say how many, of which kind,
    and how to list them (the build itself prints errors only)."""
    if not res.warnings:
        return "数据检查：共 0 个错误，0 个警告" if not ctx.english else "check: 0 error(s), 0 warning(s)"
    kinds = "，".join(f"{code} {n}" for code, n in res.warning_codes.items())
    as_of = f" --as-of {ctx.as_of_option}" if ctx.as_of_option else ""
    if ctx.english:
        return (f"check: 0 error(s), {res.warnings} warning(s) ({kinds}); they are shown on the site. "
                f"List them: portal check{as_of}")
    return f"数据检查：共 0 个错误，{res.warnings} 个警告（{kinds}），已在网站上公示；逐条查看：portal check{as_of}"


def build_site(root: Path, out: Path, as_of: dt.date, *, pdf: bool = True, jobs: int | None = None,
               lang: str = "zh", progress: Progress | None = None, use_cache: bool = True,
               engine: str = "mkdocs") -> BuildResult:
    """Build and publish. Raises Busy when another build holds `out` or this root's build
    cache (one lock each, held for the whole build), OSError when a write fails (the site
    as it was, no temporary folder or lock left behind).

    Without `use_cache` the build cache is neither read nor written (a folder of its own,
    removed afterwards). A cache file found edited on the way (write.Tampered) stops this
    attempt before anything is published: it is logged, the cache emptied, the build redone."""
    root, out = Path(os.path.abspath(root)), Path(os.path.abspath(out))   # the engine runs elsewhere
    engines.version(engine)              # an engine that is not installed: say so before any work
    with hold_lock(lock_path(out)), hold_lock(root / CACHE_LOCK):
        if not use_cache:
            with tempfile.TemporaryDirectory(prefix="portal-nocache-") as tmp:
                return _build_site(root, Path(tmp), out, as_of, pdf=pdf, jobs=jobs, lang=lang, progress=progress, engine=engine)
        try:
            return _build_site(root, root / CACHE, out, as_of, pdf=pdf, jobs=jobs, lang=lang, progress=progress, engine=engine)
        except Tampered as exc:
            cache_files.warn(exc, "与记录不符（被修改）")
            shutil.rmtree(root / CACHE, ignore_errors=True)
            return _build_site(root, root / CACHE, out, as_of, pdf=pdf, jobs=jobs, lang=lang, progress=progress, engine=engine)


def _build_site(root: Path, cache: Path, out: Path, as_of: dt.date, *, pdf: bool, jobs: int | None,
                lang: str, progress: Progress | None, engine: str) -> BuildResult:
    started = time.monotonic()
    progress = progress or Progress()
    progress.timings.clear()
    inputs = fingerprint(root, [PACKAGE, THEME], {"as_of": as_of, "pdf": pdf})   # before reading them

    progress.step("检查数据")
    loads = CollegeCache(cache / "load", keys_of(inputs.code, inputs.colleges))   # unchanged folders: kept
    checked = run_checks(root, as_of, cache=loads)                      # load → validate → compute
    _give_back_memory()                  # what reading freed, before render workers fork
    report = checked.report
    if refused := _refuse(report, lang, progress):
        return refused
    if pdf and not check_fonts(report):        # PDFs without their Chinese text: refused
        return _refuse(report, lang, progress)
    result = BuildResult(True, warnings=len(report.warnings), out=out,
                         warning_codes=dict(Counter(f.code for f in report.warnings).most_common()))

    last = unchanged(cache, inputs.whole, cache / DOCS)                 # same inputs: same docs tree
    if last and pdf and _pdf_digest(cache) is None:                     # … and the PDFs it made
        last = None
    pdfs = None if last or not pdf else start_pdfs(checked, cache, jobs)   # on every core, beside
    try:                                                                   # all that follows
        if last:
            result.pages, result.files, changed = last["pages"], last["files"], []
        else:
            forget(cache)                    # remembered again once the site is published
            changed = _docs_tree(checked, as_of, cache, inputs, pdfs.paths if pdfs else frozenset(),
                                 jobs, progress, result)                # render; write where changed
        del checked
        gc.collect()
        _give_back_memory()              # before the engine's processes start: peak memory

        beside = _pdf_folder(cache, pdfs, report, result) if pdf else None
        try:
            result.engine = build_and_publish(cache, out, as_of, changed, progress, jobs, beside,  # swap in
                                              engine_name=engine)
        except PdfFailed:
            return _refuse(report, lang, progress)
    finally:
        if pdfs is not None:
            pdfs.cancel()                # a build stopped by an error does not leave it running
    if not last:
        remember(cache, inputs.whole, result.pages, result.files)
    progress.done()
    result.seconds, result.timings = time.monotonic() - started, {**progress.timings, **result.timings}
    return result


def _docs_tree(checked, as_of: dt.date, cache: Path, inputs, pdfs: frozenset, jobs: int | None,
               progress: Progress, result: BuildResult) -> list[str]:
    """Render every page in memory, then write the docs tree where bytes changed; the paths
    written or removed. Colleges whose inputs did not change keep their pages."""
    docs, manifest = cache / DOCS, cache / DOCS_MANIFEST
    progress.step("生成页面")
    previous = Previous(docs, partial(kept_where, docs, manifest), inputs.shared, inputs.colleges)
    tree = assemble(checked, as_of, cache, pdfs=pdfs, jobs=jobs, progress=progress, previous=previous)
    progress.step("写入文档树")
    forget_record(cache)
    page_reuse.forget_record(cache)
    stats = sync_tree(docs, tree.files, manifest=manifest)
    save_record(cache, tree.record)
    page_reuse.save_record(cache, tree.pages_record)
    result.pages, result.files, result.written, result.reused = tree.pages, len(tree.files), stats.written, tree.reused
    result.pages_kept = tree.pages_kept
    return stats.changed


class PdfFailed(Exception):
    """A PDF could not be rendered: its finding is in the report, and the build is refused."""


def _pdf_digest(cache: Path) -> str | None:
    from .pdf.job import digest
    return digest(cache / PDF_OUT)


def _pdf_folder(cache: Path, job, report, result: BuildResult) -> Beside:
    """The PDFs as published beside the engine's output: those of `job` once it has finished,
    or (inputs unchanged since the last build) those it rendered then."""
    state: dict = {}

    def wait() -> None:
        if "done" not in state:
            state["done"] = done = job.finish(report)
            result.timings["PDF（后台，与以上步骤同时）"] = done.seconds
        if report.errors:
            raise PdfFailed()
    from .pdf.job import listing
    return Beside({PDFS: cache / PDF_OUT}, wait if job is not None else None, lambda: _pdf_digest(cache),
                  lambda: listing(cache / PDF_OUT))


def start_pdfs(checked, cache: Path, jobs: int | None):
    from .pdf.job import start           # WeasyPrint is heavy: loaded only when PDFs are made
    return start(checked.project, checked.outcome, cache / PDF_OUT, cache / "pdf", jobs=jobs)


def _give_back_memory() -> None:
    """Hand freed heap pages back to the system. glibc keeps them otherwise, and the engine's
    two processes run beside this one (measured at 1,500 colleges: 693 → 205 MB resident)."""
    if (trim := libc_function("malloc_trim")) is not None:      # glibc only
        trim(0)


def _refuse(report, lang: str, progress: Progress) -> BuildResult | None:
    """Errors block the build: print every finding as `portal check` does, write nothing."""
    errors = report.errors
    if not errors:
        return None
    progress.done()
    findings = report.sorted()
    sys.stderr.write(format_text(findings, lang))
    print(summary_line(findings, lang), file=sys.stderr)
    print("portal: 数据有错误，未生成公示站（原有站点保持不变）" if lang != "en"
          else "portal: errors found; the site was not built (the previous site is unchanged)", file=sys.stderr)
    return BuildResult(False, errors=sorted(set(errors), key=Finding.sort_key))
