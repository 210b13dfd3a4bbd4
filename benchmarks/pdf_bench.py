"""PDF benchmark: seconds per page of the disclosure dossier, and the parallel, cached build.

    .venv/bin/python benchmarks/pdf_bench.py [--colleges 4] [--out FILE.json]
    .venv/bin/python benchmarks/pdf_bench.py --root DIR --as-of DATE [--jobs N] [--out FILE.json]

Synthesises colleges with tests/builders.py (every material with a few paragraphs and a table,
the annex-2 report near its length limits), then
  1. renders each dossier alone, in this process, and reports wall and CPU seconds per page
     (median over the dossiers; target ≤ 0.5 s per page on the 2-core reference machine);
  2. renders every PDF with render_pdfs (a process per core), then again (all cache hits).
CPU time is printed beside wall time because a shared machine's load inflates the latter.

With --root (a `portal synth` tree; `make bench` passes its 100-college root) it renders every PDF
of that root once, cold (an empty cache), a process per core, and reports seconds and CPU seconds
per page and the load average around the run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from builders import DEADLINE, ELEMENT_IDS, YEAR, ScratchRoot, dedent  # noqa: E402

from generator.check import run_checks  # noqa: E402
from generator.pdf import THEME_DIR, render_pdfs  # noqa: E402
from generator.pdf.batch import document_html  # noqa: E402
from generator.pdf.documents import plan_documents  # noqa: E402
from generator.pdf.render import Task, _init_worker, render_task  # noqa: E402

AS_OF = dt.date(2025, 7, 1)
BODY = dedent("""
    ## 一、总体情况

    {p}

    ## 二、主要做法

    1. {p}
    2. {p}

    | 指标 | 2023 | 2024 |
    |---|---|---|
    | 在校生 | 8100 | 8200 |
    | 就业率 | 95.1% | 96.3% |

    ## 三、存在问题与改进

    {p}
    """)
PARA = "学校坚持以质量为核心，完善内部质量保证体系，推进专业、课程、教师、学生各层面诊断与改进工作常态化。" * 4
TEXT = {"achievements": "目标基本达成，专业建设规划完成度较高，" * 6, "problems": "部分制度执行不到位，考核结果运用不足，" * 6,
        "causes": "质量责任分解不够细，信息平台数据更新滞后，" * 6, "measures": "修订考核办法，按月通报数据，" * 10,
        "effects": "数据更新及时率明显提高，" * 12}


def synth(path: Path, colleges: int) -> ScratchRoot:
    root = ScratchRoot(path).base()
    reviews = []
    for i in range(colleges):
        code = f"41110100{i + 11:02d}"
        deps = tuple((f"d{j}", f"职能部门{j}") for j in range(3))
        facs = tuple((f"f{j}", f"院系{j}") for j in range(3))
        root.college(code, f"基准测试第{i + 1}职业技术学院", region="东城区", students=6000, categories=["装备制造大类"],
                     departments=deps, faculties=facs)
        units = ("school", *(d for d, _ in deps), *(f for f, _ in facs))
        root.all_materials(code, YEAR, published_on=DEADLINE, units=units)
        for md in (root.path / f"institutions/{code}/materials").rglob("*.md"):
            md.write_text(md.read_text(encoding="utf-8").replace("正文。", BODY.format(p=PARA)), encoding="utf-8")
        root.self_diagnosis(code, YEAR, published_on=DEADLINE, element_text={e: TEXT for e in ELEMENT_IDS})
        root.review(YEAR, code, matches=13, measures="strong")
        start = dt.date(2025, 5, 12) + dt.timedelta(days=7 * (i + 1))
        reviews.append(f'  - {{institution: "{code}", kind: sample, start: {start}, '
                       f'end: {start + dt.timedelta(days=2)}}}')
    root.replace(f"content/rounds/{YEAR}/round.yml", "reviews:\n", "reviews:\n" + "\n".join(reviews) + "\n")
    return root


def cold_root(root: Path, as_of: dt.date, jobs: int | None) -> dict:
    """Every PDF of `root`, rendered once from an empty cache: wall and CPU seconds per page."""
    checked = run_checks(root, as_of)
    if checked.report.errors:
        raise SystemExit(f"{root} has errors: {[f.code for f in checked.report.errors[:5]]}")
    with tempfile.TemporaryDirectory() as tmp:
        load_before = os.getloadavg()
        w0, c0 = time.perf_counter(), _cpu()
        res = render_pdfs(checked.project, checked.outcome, Path(tmp) / "site", Path(tmp) / "cache", jobs=jobs)
        wall, cpu = time.perf_counter() - w0, _cpu() - c0
    pages = sum(r.pages for r in res)
    kinds: dict[str, int] = {}
    for r in res:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    return {"root": str(root), "cores": os.cpu_count(), "jobs": jobs or os.cpu_count(), "pdfs": len(res),
            "kinds": kinds, "failed": sum(r.error is not None for r in res), "pages": pages,
            "bytes": sum(r.bytes for r in res), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "s_per_page": round(wall / max(pages, 1), 4), "cpu_s_per_page": round(cpu / max(pages, 1), 4),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()]}


def _cpu() -> float:
    """CPU seconds of this process and of the workers it has waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--colleges", type=int, default=4)
    ap.add_argument("--root", type=Path, help="render every PDF of this root, cold (see above)")
    ap.add_argument("--as-of", dest="as_of", type=dt.date.fromisoformat, help="with --root: the check date")
    ap.add_argument("--jobs", type=int, default=None, help="with --root: worker processes (default: cores)")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()
    if args.root:
        figures = cold_root(args.root, args.as_of or AS_OF, args.jobs)
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        if args.out:
            args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return 0 if not figures["failed"] else 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = synth(tmp / "root", args.colleges)
        checked = run_checks(root.path, AS_OF)
        errors = checked.report.errors
        if errors:
            print("synthetic data has errors:", [f.code for f in errors[:5]], file=sys.stderr)
            return 1
        docs = [d for d in plan_documents(checked.project, checked.outcome) if d.kind == "dossier"]
        _init_worker()
        render_task(Task("0" * 64, document_html(docs[0]), str(THEME_DIR), (str(THEME_DIR),)), 600)  # warm fonts
        per_page_wall, per_page_cpu, pages = [], [], []
        for d in docs:
            html = document_html(d)
            w0, c0 = time.perf_counter(), time.process_time()
            r = render_task(Task("0" * 64, html, str(THEME_DIR), (str(THEME_DIR), str(root.path))), 600)
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            pages.append(r.pages)
            per_page_wall.append(wall / r.pages)
            per_page_cpu.append(cpu / r.pages)
            print(f"dossier {d.code}: {r.pages} pages, {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"{wall / r.pages:.3f} s/page")
        w0 = time.perf_counter()
        res = render_pdfs(checked.project, checked.outcome, tmp / "site", tmp / "cache")
        cold = time.perf_counter() - w0
        w0 = time.perf_counter()
        res2 = render_pdfs(checked.project, checked.outcome, tmp / "site2", tmp / "cache")
        warm = time.perf_counter() - w0
        total_pages = sum(r.pages for r in res)
        figures = {
            "colleges": args.colleges, "cores": os.cpu_count(), "dossier_pages": pages,
            "dossier_median_s_per_page_wall": round(statistics.median(per_page_wall), 3),
            "dossier_median_s_per_page_cpu": round(statistics.median(per_page_cpu), 3),
            "all_pdfs": len(res), "all_pages": total_pages, "all_bytes": sum(r.bytes for r in res),
            "parallel_cold_s": round(cold, 2), "cached_s": round(warm, 2),
            "cache_hits": sum(r.cached for r in res2), "load_average": os.getloadavg()[0],
        }
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
