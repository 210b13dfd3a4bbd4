"""`portal build [--root DIR] [--out DIR] [--as-of DATE] [--no-pdf] [--jobs N]`.

load → validate → compute (refuse on errors) → render (pages, open data, PDFs) in memory →
write the docs tree where bytes changed → MkDocs into a folder beside --out → Pagefind →
swap the new site in. Nothing is written before everything is loaded and valid, and a failed
build leaves the previous site as it was (DESIGN.md §7).
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path

from .check import format_text, run_checks, summary_line
from .clock import UsageError
from .findings import Finding
from .engine import build_and_publish
from .fingerprint import fingerprint, forget, remember, unchanged
from .load_cache import CollegeCache, keys_of
from .site.mkdocs_config import EngineError
from .site.progress import Progress
from .site.search import SearchIndexError
from .site.templating import THEME
from .site.tree import assemble
from .site.reuse import Previous, forget_record, save_record
from .write import kept_where, libc_function, sync_tree

CACHE = ".portal-cache"
PACKAGE = Path(__file__).resolve().parent
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
    timings: dict = field(default_factory=dict)   # step → seconds


def add_arguments(p) -> None:
    p.add_argument("--out", default="site", help="输出目录（默认 site/）")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="以该日期为“今天”（YYYY-MM-DD）")
    p.add_argument("--no-pdf", dest="no_pdf", action="store_true", help="不生成 PDF（更快）")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="并行进程数（默认 CPU 核数）")


def run(args) -> int:
    root = Path(args.root)
    if not (root / "site_config.yml").is_file():
        raise UsageError(f"{root} 不是公示站数据根目录（找不到 site_config.yml）；请用 --root 指定")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs 应为正整数")
    try:
        res = build_site(root, Path(args.out), args.today, pdf=not args.no_pdf, jobs=args.jobs, lang=args.lang)
    except (EngineError, SearchIndexError) as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 2
    if not res.ok:
        return 1
    print(f"公示站已生成：{res.out}/index.html（{res.pages} 个页面，{res.files} 个文件，"
          f"本次写入 {res.written} 个，{ENGINE_ZH.get(res.engine, res.engine)}，用时 {res.seconds:.1f} 秒）\n"
          + (f"{res.reused} 所院校的数据未变，其页面沿用上次构建\n" if res.reused else "") +
          f"用时分布：{'，'.join(f'{k} {v:.1f} 秒' for k, v in res.timings.items())}\n"
          f"预览：portal serve，或 python -m http.server -d {res.out}（搜索需通过 http 访问）", file=sys.stderr)
    return 0


def build_site(root: Path, out: Path, as_of: dt.date, *, pdf: bool = True, jobs: int | None = None,
               lang: str = "zh", progress: Progress | None = None) -> BuildResult:
    started = time.monotonic()
    progress = progress or Progress()
    progress.timings.clear()
    root, out = Path(os.path.abspath(root)), Path(os.path.abspath(out))   # the engine runs elsewhere
    cache = root / CACHE
    docs, manifest = cache / "site", cache / "site.manifest"     # the docs tree and its listing

    inputs = fingerprint(root, [PACKAGE, THEME], {"as_of": as_of, "pdf": pdf})   # before reading them

    progress.step("检查数据")
    loads = CollegeCache(cache / "load", keys_of(inputs.code, inputs.colleges))   # unchanged folders: kept
    checked = run_checks(root, as_of, cache=loads)                      # load → validate → compute
    _give_back_memory()                  # what reading freed, before render workers fork
    if refused := _refuse(checked.report, lang, progress):
        return refused
    result = BuildResult(True, warnings=len(checked.report.warnings), out=out)

    if last := unchanged(cache, inputs.whole, docs):                    # same inputs: same docs tree
        result.pages, result.files, changed = last["pages"], last["files"], []
    else:
        progress.step("生成页面")                                        # render, in memory
        previous = Previous(docs, partial(kept_where, docs, manifest), inputs.shared, inputs.colleges)
        tree = assemble(checked, as_of, cache, pdf=pdf, jobs=jobs, progress=progress,
                        previous=previous)                              # unchanged colleges: kept
        if refused := _refuse(checked.report, lang, progress):         # e.g. a PDF that failed
            return refused
        progress.step("写入文档树")                                      # write-if-changed
        forget(cache)
        forget_record(cache)
        stats = sync_tree(docs, tree.files, manifest=manifest)
        save_record(cache, tree.record)
        remember(cache, inputs.whole, tree.pages, len(tree.files))
        result.pages, result.files, result.written, changed = tree.pages, len(tree.files), stats.written, stats.changed
        result.reused = tree.reused
        del tree                         # the engine runs in its own process: free the tree first
    del checked
    gc.collect()
    _give_back_memory()                  # before the engine's processes start: peak memory

    result.engine = build_and_publish(cache, out, as_of, changed, progress, jobs)   # what changed; swap in
    progress.done()
    result.seconds, result.timings = time.monotonic() - started, dict(progress.timings)
    return result


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
