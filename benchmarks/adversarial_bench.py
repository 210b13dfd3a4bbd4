"""Time and peak memory of each hostile input, through the same functions `portal check` uses.

    .venv/bin/python benchmarks/adversarial_bench.py

Target (issue 6): each rejected with its finding within one second and modest memory. The
worst cases *inside* the Markdown bounds are timed too: they are what the bounds allow.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.findings import Report  # noqa: E402
from generator import safe_markdown as md  # noqa: E402
from generator.yamlsafe import load_file, parse  # noqa: E402


def yaml_case(text: str):
    def run(report):
        parse(text, "x.yml", report)
    return run


def file_case(data: bytes | None = None, size: int = 0):
    def run(report):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "x.yml"
            with open(p, "wb") as fh:
                if data is not None:
                    fh.write(data)
                else:
                    fh.seek(size - 1)
                    fh.write(b"\n")
            load_file(str(p), "x.yml", report)
    return run


def md_case(text: str):
    def run(report):
        md.render_markdown(text, file="m.md", line=1, institution="4111010001", report=report)
    return run


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
CASES = {
    "YAML billion laughs": yaml_case(LAUGHS),
    "YAML 10,000-deep flow sequences": yaml_case("[" * 10_000 + "]" * 10_000),
    "YAML 10,000-deep flow mappings": yaml_case("{a: " * 10_000 + "1" + "}" * 10_000),
    "YAML 10,000-deep block sequences": yaml_case("- " * 10_000 + "x\n"),
    "YAML duplicate keys at 5 levels": yaml_case("a:\n  b:\n    - c:\n        d: 1\n        d: 2\n" * 1),
    "YAML 50 MB file": file_case(size=50 * 1024 * 1024),
    "YAML 900 KB of keys (under the cap)": file_case(b"".join(b"k%d: v\n" % i for i in range(95_000))),
    "GBK file": file_case("name: 示例学院\n".encode("gbk") * 1000),
    "UTF-16 file": file_case("name: 示例学院\n".encode("utf-16") * 1000),
    "Markdown 300-deep list (refused)": md_case("".join("    " * i + "- a\n" for i in range(300))),
    "Markdown 20,000 '[' (refused)": md_case("[" * 20_000),
    "Markdown worst allowed: one chunk of 500 unclosed '['": md_case("[" * 500 + "a"),
    "Markdown worst allowed: 25 chunks of 100 unclosed '['": md_case(("[" * 100 + "a\n\n") * 25),
    "Markdown worst allowed: 500 stray '<div a=' in chunks": md_case("<div a='\n\n" * 500),
    "Markdown worst allowed: 500 stray '<b a=' on a line": md_case("<b a='" * 500),
    "Markdown worst allowed: 20 '<![CDATA[' on a line": md_case("<![CDATA[" * 20),
    "Markdown 2,000 '<![CDATA[' on a line (refused)": md_case("<![CDATA[" * 2000),
    "Markdown worst allowed: 5,000 well-formed tags": md_case("<b>x</b> " * 2500),
    "Markdown 501 unclosed '[' (refused)": md_case("[" * 501),
    "Markdown 16-deep quotes + 12-deep lists (allowed)": md_case(
        "".join("> " * 16 + "    " * i + "- a\n" for i in range(12))),
    f"Markdown {md.MAX_CHARS:,} characters of prose (allowed)": md_case(
        ("这是一段正常的中文文本，包含**强调**和[链接](https://a.cn)。\n\n" * 6000)[: md.MAX_CHARS]),
    "Markdown all 81 XSS payloads in one body": md_case("\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "tests/adversarial/xss").glob("*.md")))),
}


def main() -> None:
    rows = []
    for name, run in CASES.items():
        report = Report()
        t0 = time.perf_counter()
        run(report)
        dt = time.perf_counter() - t0
        tracemalloc.start()              # a second run for memory: tracing slows Python down
        run(Report())
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        found = sorted({f.code for f in report.findings}) or ["—"]
        rows.append((name, dt, peak, ", ".join(found)))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'seconds':>8}  {'peak MiB':>8}  findings")
    for name, dt, peak, found in rows:
        flag = "" if dt < 1 else "  ← over 1 s"
        print(f"{name:<{width}}  {dt:8.3f}  {peak / 2**20:8.1f}  {found}{flag}")
    print(f"\n{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
