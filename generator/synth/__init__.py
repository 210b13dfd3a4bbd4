"""`portal synth --colleges N [--seed S] [--year Y] --out DIR`: a valid, varied synthetic root.

Deterministic: every draw comes from `random.Random` instances seeded from S (never the global
generator), so the same arguments give a byte-identical tree. The root passes `portal check`
without errors as of the printed date; its warnings (late, missing, pending, a panel member's
engagement after appointment, a round announced late …) are the realistic share a national
portal would show.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import models as m
from ..clock import UsageError
from ..context import RunContext
from ..findings import Report
from ..schema import INVALID, Ctx, Ratio, build
from ..yamlsafe import parse, read_text
from .emit import Emitter
from .evidence import emit_evidence
from .plan import plan_disclosures
from .schedule import plan_rounds
from .world import make_colleges, make_experts

FRAMEWORK_ID = "bj-2016"
MARKER = ".portal-synth.json"     # lets --force recognise (and only then remove) an earlier output
DEFAULT_YEAR = 2026


@dataclass
class Summary:
    colleges: int
    experts: int
    reviews: int
    files: int
    as_of: dt.date


def add_arguments_synth(p) -> None:
    p.add_argument("--colleges", type=int, required=True, metavar="N", help="院校数量")
    p.add_argument("--seed", default="1", metavar="S", help="随机种子（相同种子生成逐字节相同的数据）")
    p.add_argument("--year", type=int, default=DEFAULT_YEAR, metavar="Y",
                   help=f"最近一轮复核的年份；生成 Y-2、Y-1、Y 三轮（默认 {DEFAULT_YEAR}）")
    p.add_argument("--out", required=True, metavar="DIR", help="输出目录（须不存在或为空）")
    p.add_argument("--force", action="store_true", help="覆盖此前由 portal synth 生成的输出目录")


def run_synth(ctx: RunContext, args) -> int:
    if args.colleges < 1:
        raise UsageError("--colleges 至少为 1")
    if not 2000 <= args.year <= 2100:
        raise UsageError("--year 应为 2000–2100 之间的年份")
    s = synthesize(Path(args.out), args.colleges, str(args.seed), args.year, force=args.force)
    print(f"已生成合成数据：{s.colleges} 所院校、{s.experts} 位专家、{s.reviews} 次复核，共 {s.files} 个文件 → {args.out}")
    print(f"检查日期（--as-of）：{s.as_of}")
    print(f"检查：portal check --root {args.out} --as-of {s.as_of}")
    return 0


def framework_source() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "content" / "frameworks" / f"{FRAMEWORK_ID}.yml"


def as_of_for(year: int) -> dt.date:
    """The check day of a synthetic root: mid-year of its last round (some reviews done, some pending)."""
    return dt.date(year, 7, 1)


def synthesize(out: Path, n: int, seed: str, year: int, force: bool = False) -> Summary:
    src = framework_source()
    fw = _framework(src)
    _prepare(out, force)
    as_of = as_of_for(year)
    rng = random.Random(f"synth|{seed}")
    colleges = make_colleges(random.Random(f"colleges|{seed}"), n)
    experts = make_experts(random.Random(f"experts|{seed}"), max(20, n // 10), colleges, year)
    rule = m.VerdictRule(effective_min=Ratio(12, 15), abnormal_below=Ratio(10, 15))
    element_ids = fw.element_ids()
    rounds = plan_rounds(rng, colleges, experts, year, as_of, element_ids, rule)
    disclosures = plan_disclosures(random.Random(f"disclosures|{seed}"), colleges, rounds, year, as_of)

    em = Emitter(out, seed, element_ids)
    em.site_config(year, n)
    em.write(f"content/frameworks/{FRAMEWORK_ID}.yml", src.read_bytes())
    em.experts(experts)
    by_code = {c.code: c for c in colleges}
    em.rounds(rounds, by_code, as_of)
    em.policies(year)
    points = {el.id: [p.name for p in el.points] or [el.name] for _, el in fw.elements()}
    for c in colleges:
        em.college(c, disclosures[c.code], points)
        emit_evidence(em, c, year, as_of)
    reviews = sum(len(r.reviews) for r in rounds)
    em.write(MARKER, json.dumps({"colleges": n, "seed": seed, "year": year, "as_of": str(as_of)},
                                ensure_ascii=False, indent=1) + "\n")
    return Summary(n, len(experts), reviews, em.files, as_of)


def _framework(src: Path) -> m.Framework:
    report = Report()
    text = read_text(str(src), src.name, report) if src.is_file() else None
    node = parse(text, src.name, report) if text is not None else None
    fw = build(m.Framework, node, Ctx(src.name, report)) if node is not None else INVALID
    if fw is INVALID:
        raise UsageError(f"无法读取诊断项目参考表 {src}")
    return fw


def _prepare(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} 不是目录")
    if out.is_dir() and any(out.iterdir()):
        if not (force and (out / MARKER).is_file()):
            raise UsageError(f"输出目录 {out} 不为空；请换一个目录（由 portal synth 生成的目录可加 --force 覆盖）")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
