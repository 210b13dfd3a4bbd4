"""`portal sample --year Y [--seed S] [--as-of DATE] [--write]`: a reproducible stratified sample
proposal (seed 000 §四(一)2), printed as a table; `--write` drafts content/rounds/<Y>/round.yml."""
from __future__ import annotations

import json
import sys
import unicodedata

from .clock import UsageError
from .context import RunContext
from .findings import Report
from .load import load_project
from .rules.engine import sample_proposal
from .rules.rounds import list_due
from .rules.sampling import Proposal


def add_arguments_sample(p) -> None:
    p.add_argument("--year", type=int, required=True, help="复核年度（如 2026）")
    p.add_argument("--seed", help="公开的随机种子；默认取该年度 round.yml 中记录的 seed")
    p.add_argument("--write", action="store_true", help="写出 content/rounds/<年度>/round.yml 草稿（不覆盖已有文件）")


def run_sample(ctx: RunContext, args) -> int:
    root = ctx.root
    proj = load_project(root, Report())
    if proj.config is None:
        raise UsageError("site_config.yml 有错误，请先运行 portal check 修正")
    target = root / "content" / "rounds" / str(args.year) / "round.yml"
    if args.write and target.exists():
        raise UsageError(f"{target.relative_to(root).as_posix()} 已存在，拒绝覆盖；如需重新生成请先移走该文件")
    rnd = proj.rounds.get(args.year)
    seed = args.seed
    if seed is None and rnd is not None and rnd.sampling is not None and rnd.sampling.seed:
        seed = rnd.sampling.seed
    if not seed:
        raise UsageError("请用 --seed 指定公开的随机种子（例如公布抽样的日期“2025-12-01”）")
    prop = sample_proposal(proj, args.year, seed, ctx.as_of)
    names = {c: col.info.name for c, col in proj.colleges.items() if col.info}
    sys.stdout.write(format_proposal(prop, names))
    if args.write:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(skeleton(prop, names, ctx.as_of, list_due(args.year, proj.config.rules),
                                   proj.config.framework), encoding="utf-8")
        print(f"已写出 {target.relative_to(root).as_posix()}：请补全复核日期与专家组后提交", file=sys.stderr)
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(str(v) + " " * (w - _width(str(v))) for v, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def format_proposal(p: Proposal, names: dict[str, str]) -> str:
    f_needed = len(p.already)
    head = (f"{p.year} 年复核抽样方案（诊改周期 {p.cycle[0]}–{p.cycle[1]}，种子 {json.dumps(p.seed, ensure_ascii=False)}）\n"
            f"院校总数 {p.total}；本周期至少抽样 {p.required} 所；本周期其他年度已抽样 {f_needed} 所；"
            f"本年度建议抽样 {len(p.sample)} 所，改进期满重新复核 {len(p.re_review)} 所\n"
            "方法：按 SHA-256(种子 + 换行 + 学校标识码) 排序，先覆盖尚未覆盖的区域、规模、主要专业大类，"
            "其余名额按 区域×规模×大类 分层比例分配（最大余数法）\n\n")
    rows = [[str(i), pk.code, names.get(pk.code, ""), pk.strata.region, pk.strata.scale, pk.strata.category,
             "抽样复核" if pk.why != "改进期满重新复核" else "重新复核", pk.why, pk.key[:12]]
            for i, pk in enumerate([*p.sample, *p.re_review], 1)]
    out = head + table(["序号", "学校标识码", "学校名称", "区域", "规模", "主要专业大类", "类型", "入选理由", "排序键"], rows)
    if p.uncoverable:
        out += "\n以下分层值没有可抽样的院校（相关院校已抽样、免于复核或列为重新复核）：" + "、".join(v for _, v in p.uncoverable) + "\n"
    if p.excluded:
        out += f"\n不参与本年度抽样 {len(p.excluded)} 所：" + "；".join(f"{c} {why}" for c, why in p.excluded) + "\n"
    return out


def skeleton(p: Proposal, names: dict[str, str], today, due, framework: str | None = None) -> str:
    """A draft round.yml: dates and panels are left empty on purpose, so `portal check` asks for them."""
    lines = [f"# {p.year} 年复核名单草稿（portal sample --year {p.year} --seed {json.dumps(p.seed, ensure_ascii=False)} 生成）",
             "# 请补全每项复核的 start / end（以及 panel）后公布；名单应于上一年年底前公布。",
             f"year: {p.year}",
             f"announced_on: {today}   # 请改为实际公布日期（应不晚于 {due}）",
             *([f"framework: {framework}   # 本轮次适用的诊断项目参考表：以后更换 site_config 的参考表不影响本轮次"]
               if framework else []),
             f"sampling: {{method: stratified, strata: [region, scale, category], seed: {json.dumps(p.seed, ensure_ascii=False)}}}",
             "reviews:"]
    for pk in [*p.sample, *p.re_review]:
        kind = "re_review" if pk.why == "改进期满重新复核" else "sample"
        lines += [f'  - institution: "{pk.code}"   # {names.get(pk.code, "")}｜{pk.strata.region}｜{pk.strata.scale}｜{pk.strata.category}',
                  f"    kind: {kind}",
                  "    start:   # 复核开始日期 YYYY-MM-DD（材料须在此前 30 天公示）",
                  "    end:     # 复核结束日期 YYYY-MM-DD"]
    if not p.sample and not p.re_review:
        lines[-1] = "reviews: []"
    return "\n".join(lines) + "\n"
