"""`make bench`: the cost of the portal at 100 and 1,500 colleges, beside plain MkDocs.

For each size, on one synthetic root (`portal synth`), in fresh processes:
  check            `portal check`, cold (no check cache)
  check-warm       the same again, nothing changed (its cache, .portal-cache/check, filled)
  check-one        warm, after one college changed one material
  build            `portal build --no-pdf` from a cold cache (no .portal-cache, no site)
  rebuild-none     the same build again, nothing changed
  rebuild-one      after one college changed one material
  mkdocs           baseline: plain `python -m mkdocs build` of the very docs tree the build wrote
  mkdocs-search    the same with Material's own search plugin on (MkDocs' default `plugins`)
  build-pdf        `portal build` with PDFs, cold (smallest size only: see docs/benchmark.md)
  pdf              the PDFs alone, cold, a process per core (benchmarks/pdf_bench.py --root):
                   s/page and CPU-s/page, with the load average around the run
  search           Chinese queries in headless Chromium, in each search scope (default; one
                   region's materials; every region's materials, its first and second batch of
                   regions): bytes of index, ms to results
Prints a table and writes benchmarks/results.md. Usage: python benchmarks/run.py [--sizes 100,1500]
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.report import Row, machine, render   # noqa: E402

PY = sys.executable
SEED = "bench"
YEAR = 2026
QUERIES = ["质量年度报告", "诊改"]   # common words; a college name is added per size


def step(log: Path, cmd: list[str], cwd: Path = REPO) -> dict:
    """Run `cmd` under benchmarks/measure.py (a fresh parent, so peak memory is this step's)."""
    res = subprocess.run([PY, str(HERE / "measure.py"), str(log), "--", *cmd], cwd=cwd,
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"measure failed: {res.stderr}")
    m = json.loads(res.stdout.strip().splitlines()[-1])
    return m


def portal(*args) -> list[str]:
    return [PY, "-m", "generator", *map(str, args)]


def has_build() -> bool:
    return importlib.util.find_spec("generator.build") is not None


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def repeat(n: int, fn) -> list[dict]:
    runs = []
    for _ in range(n):
        runs.append(fn())
        if runs[-1]["rc"] not in (0, 1):
            break
    return runs


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def summarise(name: str, n: int, runs: list[dict], pages: int = 0, note: str = "") -> Row:
    ok = all(r["rc"] == 0 for r in runs)
    return Row(size=n, step=name, runs=len(runs), wall=median(runs, "wall"), cpu=median(runs, "cpu"),
               pages=pages, tree_mb=max(r["tree_rss_kb"] for r in runs) / 1024,
               single_mb=max(r["maxrss_kb"] for r in runs) / 1024, ok=ok, note=note,
               pss_mb=max(r.get("tree_pss_kb", 0) for r in runs) / 1024)


def _each(runs: list[dict]) -> str:
    """Every run's wall time, in order (the first rebuild after a cold build also prepares the
    spare copy of the site that later publishes start from)."""
    return "各次 " + " / ".join(f"{r['wall']:.1f}" for r in runs) + " 秒"


def touch_one_material(root: Path, k: int) -> str:
    """One college changes one material: a sentence appended to its latest quality report."""
    college = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())[0]
    mat = sorted(college.glob("materials/*/aqr.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write(f"\n（本报告于基准测试中第 {k} 次更新。）\n")
    return mat.relative_to(root).as_posix()


def bench_check(n: int, quick: int, root: Path, as_of: str, logs: Path) -> list[Row]:
    """`portal check` cold (its cache, .portal-cache/check, removed before each run), warm with
    nothing changed, and warm after one college changed one material (issue 24)."""
    rows = []
    cmd = portal("check", "--root", root, "--as-of", as_of, "--format", "json")
    cache = root / ".portal-cache" / "check"

    def cold():
        shutil.rmtree(cache, ignore_errors=True)
        return step(logs / f"check-{n}.log", cmd)
    rows.append(summarise("check", n, repeat(quick, cold)))
    print(rows[-1].line(), flush=True)
    runs = repeat(quick, lambda: step(logs / f"check-warm-{n}.log", cmd))
    rows.append(summarise("check-warm", n, runs, note=_each(runs)))
    print(rows[-1].line(), flush=True)
    changed = []

    def one():
        changed.append(touch_one_material(root, 100 + len(changed)))
        return step(logs / f"check-one-{n}.log", cmd)
    runs = repeat(quick, one)
    rows.append(summarise("check-one", n, runs, note=f"{changed[0]}；{_each(runs)}"))
    print(rows[-1].line(), flush=True)
    return rows


def bench_size(n: int, reps: int, work: Path, logs: Path, with_pdf: bool, with_search: bool,
               check_only: bool = False) -> tuple[list[Row], dict]:
    root, site = work / f"root-{n}", work / f"site-{n}"
    rows: list[Row] = []
    extra: dict = {"colleges": n}
    print(f"\n== {n} 所院校 ==", flush=True)
    t0 = time.perf_counter()
    res = subprocess.run(portal("synth", "--colleges", n, "--seed", SEED, "--year", YEAR, "--out", root),
                         cwd=REPO, capture_output=True, text=True, check=True)
    as_of = json.loads((root / ".portal-synth.json").read_text(encoding="utf-8"))["as_of"]
    extra |= {"synth_s": time.perf_counter() - t0, "as_of": as_of,
              "files": sum(1 for p in root.rglob("*") if p.is_file()),
              "mb": sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6}
    print(res.stdout.strip(), flush=True)

    # Checks and rebuilds are cheap next to a cold build: always the median of at least 3 runs.
    quick = max(reps, 3)
    rows += bench_check(n, quick, root, as_of, logs)
    errors = _check_errors(root, as_of)
    extra["check_errors"], rows[0].ok = errors, errors == 0 and rows[0].ok
    if check_only:
        return rows, extra

    if not has_build():
        print("跳过构建各步：generator/build.py 尚不存在（portal build 未实现）", flush=True)
        extra["skipped"] = "portal build 尚未实现"
        return rows, extra

    cache = root / ".portal-cache"

    def cold_build(pdf: bool):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        args = ["build", "--root", root, "--out", site, "--as-of", as_of] + ([] if pdf else ["--no-pdf"])
        return step(logs / f"build{'-pdf' if pdf else ''}-{n}.log", portal(*args))

    runs = repeat(reps, lambda: cold_build(False))
    pages = count_pages(site)
    full = summarise("build", n, runs, pages)
    rows.append(full)
    print(full.line(), flush=True)

    warm = ["build", "--root", root, "--out", site, "--as-of", as_of, "--no-pdf"]
    runs = repeat(quick, lambda: step(logs / f"rebuild-none-{n}.log", portal(*warm)))
    rows.append(summarise("rebuild-none", n, runs, count_pages(site), note=_each(runs)))
    print(rows[-1].line(), flush=True)

    changed = []

    def one():
        changed.append(touch_one_material(root, len(changed) + 1))
        return step(logs / f"rebuild-one-{n}.log", portal(*warm))
    runs = repeat(quick, one)
    rows.append(summarise("rebuild-one", n, runs, count_pages(site), note=f"{changed[0]}；{_each(runs)}"))
    print(rows[-1].line(), flush=True)

    base_site = work / f"baseline-{n}"
    config = cache / "site" / "mkdocs.yml"

    def baseline():
        shutil.rmtree(base_site, ignore_errors=True)
        return step(logs / f"mkdocs-{n}.log", [PY, "-m", "mkdocs", "build", "--quiet", "--clean",
                                                "--config-file", str(config), "--site-dir", str(base_site)])
    runs = repeat(reps, baseline)
    rows.append(summarise("mkdocs", n, runs, count_pages(base_site)))
    print(rows[-1].line(), flush=True)

    # MkDocs' default config has `plugins: [search]`: the same build with Material's search on
    with_search_cfg = config.with_name("mkdocs-bench-search.yml")
    with_search_cfg.write_text(config.read_text(encoding="utf-8").replace("\nplugins: []\n", "\nplugins: [search]\n"),
                               encoding="utf-8")

    def baseline_search():
        shutil.rmtree(base_site, ignore_errors=True)
        return step(logs / f"mkdocs-search-{n}.log", [PY, "-m", "mkdocs", "build", "--quiet", "--clean",
                                                       "--config-file", str(with_search_cfg),
                                                       "--site-dir", str(base_site)])
    runs = repeat(reps, baseline_search)
    index = base_site / "search" / "search_index.json"
    rows.append(summarise("mkdocs-search", n, runs, count_pages(base_site),
                          note=f"{index.stat().st_size / 1e6:.0f} MB" if index.is_file() else ""))
    print(rows[-1].line(), flush=True)
    with_search_cfg.unlink()
    shutil.rmtree(base_site, ignore_errors=True)

    if with_search:
        try:
            from benchmarks.search_probe import probe
            name, region = _a_college(root)
            extra["search"] = []
            for scope, label in (("", "默认范围"), (region, f"{region}材料"), ("all", "全部地区材料，第 1 批"),
                                 ("all&batch=2", "全部地区材料，第 2 批")):
                path = "search/" + (f"?scope={urllib.parse.quote(scope, safe='&=')}" if scope else "")
                for s in probe(site, QUERIES + [name], path):
                    s["scope"] = label
                    extra["search"].append(s)
                    print(f"search [{label}] {s['query']}: {s['index_bytes'] / 1024:.0f} KiB index, "
                          f"{s['all_bytes'] / 1024:.0f} KiB in all, {s['ms']:.0f} ms, found={s['found']}", flush=True)
        except Exception as exc:   # the table still says what was measured
            extra["search_error"] = f"{type(exc).__name__}: {exc}"
            print(f"search probe failed: {extra['search_error']}", flush=True)

    if with_pdf:
        runs = repeat(1, lambda: cold_build(True))
        rows.append(summarise("build-pdf", n, runs, count_pages(site)))
        print(rows[-1].line(), flush=True)
        figures = work / f"pdf-{n}.json"
        runs = [step(logs / f"pdf-{n}.log", [PY, str(HERE / "pdf_bench.py"), "--root", root, "--as-of", as_of,
                                              "--out", figures])]
        if figures.is_file():
            extra["pdf"] = json.loads(figures.read_text(encoding="utf-8"))
        rows.append(summarise("pdf", n, runs, extra.get("pdf", {}).get("pages", 0)))
        print(rows[-1].line(), extra.get("pdf", {}).get("cpu_s_per_page", "?"), "CPU 秒/页", flush=True)
    return rows, extra


def _a_college(root: Path) -> tuple[str, str]:
    """A rare query — one college's name (common words match nearly every page at scale) —
    and that college's region (a search scope)."""
    first = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())[0]
    found = {}
    for line in (first / "institution.yml").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(":")
        if key in ("name", "region"):
            found[key] = value.strip().strip('"')
    return found.get("name", "职业技术学院"), found.get("region", "")


def _check_errors(root: Path, as_of: str) -> int:
    res = subprocess.run(portal("check", "--root", root, "--as-of", as_of, "--format", "json"),
                         cwd=REPO, capture_output=True, text=True)
    try:
        return json.loads(res.stdout)["summary"]["errors"]
    except (ValueError, KeyError):
        return -1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1500", help="college counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=None,
                    help="runs per build step (median); default 3 up to 300 colleges, else 1; "
                         "checks and rebuilds always run at least 3 times")
    ap.add_argument("--pdf-max", type=int, default=100, help="build with PDFs only up to this size")
    ap.add_argument("--no-search", action="store_true", help="skip the Chromium search probe")
    ap.add_argument("--workdir", help="where roots and sites go (default: a temporary folder, removed)")
    ap.add_argument("--results", default=str(HERE / "results.md"))
    ap.add_argument("--check-only", action="store_true", help="measure `portal check` only (cold and warm)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")   # MkDocs 1.6 prints a banner otherwise
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="portal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    started = dt.datetime.now()
    info = machine()
    all_rows, extras = [], []
    try:
        for n in sizes:
            reps = args.repeat or (3 if n <= 300 else 1)
            rows, extra = bench_size(n, reps, work, logs, n <= args.pdf_max, not args.no_search, args.check_only)
            all_rows += rows
            extras.append(extra)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    info["duration_min"] = (dt.datetime.now() - started).total_seconds() / 60
    text = render(all_rows, extras, info, started)
    Path(args.results).write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"已写入 {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
