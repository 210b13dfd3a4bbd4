"""Machine description and the results table of `make bench` (benchmarks/results.md)."""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ["mkdocs", "mkdocs-material", "pagefind", "weasyprint", "pyyaml", "markdown", "nh3", "playwright"]
STEP_ZH = {"check": "portal check（冷启动，无检查缓存）", "check-warm": "portal check（热：无改动）",
           "check-one": "portal check（热：一所院校改一份材料）", "build": "portal build --no-pdf（冷启动）",
           "rebuild-none": "重建：无改动", "rebuild-one": "重建：一所院校改一份材料",
           "mkdocs": "基线：mkdocs build",
           "mkdocs-search": "基线：mkdocs build（开启 Material 自带搜索）", "build-pdf": "portal build（含 PDF，冷启动）",
           "pdf": "仅 PDF（冷启动，每核一个进程；页数为 PDF 页）"}


@dataclass
class Row:
    size: int
    step: str
    runs: int
    wall: float
    cpu: float
    pages: int
    tree_mb: float
    single_mb: float
    ok: bool
    note: str = ""
    pss_mb: float = 0.0      # peak summed PSS: forked workers' shared pages counted once

    def line(self) -> str:
        pps = f"{self.pages / self.wall:.0f} 页/秒" if self.pages and self.step != "check" else ""
        return (f"{self.size:>5} {self.step:<13} {self.wall:8.1f} s  CPU {self.cpu:7.1f} s  "
                f"{self.tree_mb:7.0f} MB  {pps}{'' if self.ok else '  (失败)'}")


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(next(ln for ln in fh if ln.startswith("MemTotal")).split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    versions = {}
    for p in PACKAGES:
        try:
            versions[p] = importlib.metadata.version(p)
        except importlib.metadata.PackageNotFoundError:
            versions[p] = "—"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem, "python": sys.version.split()[0],
            "os": platform.platform(), "versions": versions, "load_start": load}


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "—"


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("达标" if ok else "未达标")


def render(rows: list[Row], extras: list[dict], info: dict, started: dt.datetime) -> str:
    load_end = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    out = ["# 规模基准测试结果（make bench）", "",
           f"- 日期：{started:%Y-%m-%d %H:%M}，用时 {info.get('duration_min', 0):.1f} 分钟",
           f"- 机器：{info['nproc']} 核（nproc），{info['cpu'] or '未知 CPU'}，内存 {info['mem']}；{info['os']}",
           f"- Python {info['python']}；" + "，".join(f"{k} {v}" for k, v in info["versions"].items()),
           f"- 负载（1/5/15 分钟平均）：开始 {_load(info['load_start'])}，结束 {_load(load_end)}"
           "（机器若同时运行其他任务，墙钟时间会偏高；CPU 时间一栏受影响较小）",
           "- 数据：`portal synth --seed bench --year 2026`，检查日期取合成数据给出的 as-of；"
           "每步在新的子进程中运行；时间取中位数；内存为进程树 RSS 之和与 PSS 之和的峰值（至少每 0.1 秒、至多占一个核 5 % 的 CPU 采样一次：2 GB 的进程树约每 0.8 秒一次）", ""]
    for ex in extras:
        n = ex["colleges"]
        rs = {r.step: r for r in rows if r.size == n}
        out += [f"## {n} 所院校", "",
                f"合成 {ex['files']} 个文件（{ex['mb']:.0f} MB），用时 {ex['synth_s']:.0f} 秒；"
                f"`portal check` 错误数：{ex['check_errors']}（应为 0）", ""]
        if ex.get("skipped"):
            out += [f"构建各步已跳过：{ex['skipped']}", ""]
        out += ["| 步骤 | 次数 | 墙钟时间（中位数） | CPU 时间 | 页面数 | 页/秒 | 峰值内存（RSS 之和） | 峰值内存（PSS 之和） | 与基线之比 |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        base = rs.get("mkdocs")
        for r in rs.values():
            pps = f"{r.pages / r.wall:.0f}" if r.pages and r.step != "check" else "—"
            ratio = _ratio(r.wall, base.wall) if base and r.step != "pdf" and not r.step.startswith("check") else "—"
            note = f"（{r.note}）" if r.note and r.step == "mkdocs-search" else ""
            out.append(f"| {STEP_ZH.get(r.step, r.step)}{note}{'' if r.ok else '（失败）'} | {r.runs} | {r.wall:.1f} s | "
                       f"{r.cpu:.1f} s | {r.pages or '—'} | {pps} | {r.tree_mb:.0f} MB | "
                       f"{f'{r.pss_mb:.0f} MB' if r.pss_mb else '—'} | {ratio} |")
        out.append("")
        runs_notes = [f"- {STEP_ZH.get(r.step, r.step)}：{r.note}" for r in rs.values()
                      if r.note and r.step in ("rebuild-none", "rebuild-one", "check-warm", "check-one")]
        out += runs_notes + ([""] if runs_notes else [])
        out += _targets(n, rs, ex)
    out += size_independence(rows)
    out += ["## 说明", "", "各步骤的含义、目标与复现方法见 docs/benchmark.md。", ""]
    notes = Path(__file__).with_name("notes.md")      # the hand-written analysis of the last full run
    if notes.is_file():
        out += [notes.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(out)


def size_independence(rows: list[Row]) -> list[str]:
    """Issue 24: a one-college change costs ≤ 5 s end to end at every size, and about the same
    at every size. One row per size, then the largest size's time over the smallest's."""
    one = sorted((r for r in rows if r.step == "rebuild-one"), key=lambda r: r.size)
    if not one:
        return []
    out = ["## 改一所院校后重建：与规模无关（issue 24）", "",
           "| 院校数 | 墙钟时间（中位数） | CPU 时间 | ≤ 5 s |", "|---:|---:|---:|---|"]
    out += [f"| {r.size} | {r.wall:.1f} s | {r.cpu:.1f} s | {_verdict(r.ok and r.wall <= 5)} |" for r in one]
    if len(one) > 1:
        lo, hi = one[0], one[-1]
        out += ["", f"{hi.size} 所 ÷ {lo.size} 所：墙钟 {_ratio(hi.wall, lo.wall)} 倍，CPU {_ratio(hi.cpu, lo.cpu)} 倍"
                f"（院校数 {hi.size / lo.size:.0f} 倍；与规模无关时应接近 1）"]
    return out + [""]


def _load(t) -> str:
    return "/".join(f"{x:.1f}" for x in t)


def _targets(n: int, rs: dict, ex: dict) -> list[str]:
    g = lambda s: rs[s].wall if s in rs else None  # noqa: E731
    full, base = g("build"), g("mkdocs")
    peak = max((r.tree_mb for r in rs.values()), default=0)
    pss = max((r.pss_mb for r in rs.values()), default=0)
    rows = [("`portal check` ≤ 15 s", f"{g('check'):.1f} s" if g("check") else "—",
             None if g("check") is None else g("check") <= 15),
            ("`portal check` 热（无改动）≤ 5 s", f"{g('check-warm'):.1f} s" if g("check-warm") else "—",
             None if g("check-warm") is None else g("check-warm") <= 5),
            ("`portal check` 热（一所院校改一份材料）≤ 5 s", f"{g('check-one'):.1f} s" if g("check-one") else "—",
             None if g("check-one") is None else g("check-one") <= 5),
            ("任一步峰值内存 ≤ 2 GB（RSS 之和）", f"{peak:.0f} MB", peak <= 2048),
            ("任一步峰值内存 ≤ 2 GB（PSS 之和：fork 出的进程共享的页只算一次）", f"{pss:.0f} MB" if pss else "—",
             None if not pss else pss <= 2048),
            ("完整构建（无 PDF）≤ 1.25 × 基线", _ratio(full, base), None if not (full and base) else full <= 1.25 * base),
            ("（参考）完整构建 ÷ 开启 Material 搜索的基线", _ratio(full, g("mkdocs-search")), None),
            ("改一份材料后重建 ≤ 10 % 完整构建", _pct(g("rebuild-one"), full),
             None if not (full and g("rebuild-one")) else g("rebuild-one") <= 0.10 * full),
            ("无改动重建 ≤ 5 % 完整构建", _pct(g("rebuild-none"), full),
             None if not (full and g("rebuild-none")) else g("rebuild-none") <= 0.05 * full)]
    for s in ex.get("search", []):
        rows.append((f"搜索“{s['query']}”（{s.get('scope', '默认范围')}）下载索引 ≤ 1 MB、≤ 1 s 出结果",
                     f"{s['index_bytes'] / 1024:.0f} KiB（含界面 {s['all_bytes'] / 1024:.0f} KiB），{s['ms']:.0f} ms"
                     + ("" if s["found"] else "，无结果"),
                     s["index_bytes"] <= 1_000_000 and s["ms"] <= 1000))
    if ex.get("search_error"):
        rows.append(("搜索探测", ex["search_error"], False))
    if "build-pdf" in rs:
        rows.append((f"含 PDF 完整构建 ≤ 60 s（目标针对 100 所；本次 {n} 所）", f"{g('build-pdf'):.1f} s",
                     g("build-pdf") <= 60))
    if pdf := ex.get("pdf"):
        rows.append((f"（参考）仅 PDF：{pdf['pdfs']} 份、{pdf['pages']} 页，{pdf['jobs']} 个进程",
                     f"{pdf['wall_s']:.1f} s、{pdf['cpu_s']:.1f} CPU 秒；每页 {pdf['s_per_page']:.3f} s、"
                     f"{pdf['cpu_s_per_page']:.3f} CPU 秒；负载 {_load(pdf['load_before'])} → {_load(pdf['load_after'])}",
                     None))
    out = ["| 目标 | 实测 | 结论 |", "|---|---|---|"]
    out += [f"| {t} | {v} | {_verdict(ok)} |" for t, v, ok in rows]
    return out + [""]


def _pct(a, b) -> str:
    return f"{100 * a / b:.0f} %（{a:.1f} s）" if a is not None and b else "—"
