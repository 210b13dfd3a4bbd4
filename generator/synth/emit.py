"""Write a planned synthetic world as a portal root (DESIGN.md §2–3 formats)."""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

from . import pools
from .plan import Disclosures, Material
from .schedule import Round
from .text import Writer
from .world import SCALE_BANDS, College, Expert

_PLAIN = re.compile(r"[0-9A-Za-z]*[^\x00-\x7f][^\x00-\x1f\x7f\"'#:,\[\]{}&*!|>%@`\\]*")


def ys(s: str) -> str:
    """A YAML scalar for text: plain when it is unambiguous Chinese text, else double-quoted."""
    if _PLAIN.fullmatch(s) and not s.endswith(" "):
        return s
    return json.dumps(s, ensure_ascii=False)


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(ys(i) for i in items) + "]"


class Emitter:
    def __init__(self, out: Path, seed: str, element_ids: list[str]):
        self.out = out
        self.seed = seed
        self.element_ids = element_ids
        self.files = 0

    def write(self, rel: str, data: str | bytes) -> None:
        p = self.out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        p.write_bytes(data)
        self.files += 1

    def rng(self, *parts) -> random.Random:
        """One stream per file: a file's bytes depend on the seed and its own identity only."""
        return random.Random("|".join([self.seed, *map(str, parts)]))

    # --- site-wide files ----------------------------------------------------------------
    def site_config(self, year: int, n: int) -> None:
        self.write("site_config.yml", f"""\
# 合成数据（portal synth）：{n} 所虚构院校，院校、专家、日期与文字均为随机生成。
site:
  name: 全国高等职业院校内部质量保证体系诊断与改进公示网（合成数据）
  authority: 示例教育部门
  secretariat: 高等职业院校内部质量诊断与改进工作秘书处（示例）
  url: https://zhengai.example.org/
framework: bj-2016
rules:
  disclosure_days: 30
  recent_year_offsets: [1, 2]
  verdict:
    effective_min: "12/15"
    abnormal_below: "10/15"
  improvement_months: 12
  cycle_years: 3
  cycle_start: {year - 2}
  min_sample_fraction: "1/4"
  list_announced_by: "12-31"
  annual_materials_due: "06-30"
  scale_bands: [{SCALE_BANDS[0]}, {SCALE_BANDS[1]}]
""")

    def experts(self, experts: list[Expert]) -> None:
        lines = ["experts:"]
        for e in experts:
            lines += [f"  - id: {e.id}", f"    name: {ys(e.name)}", f"    title: {ys(e.title)}",
                      f"    kind: {e.kind}", f"    affiliation: {ys(e.affiliation)}"]
            if e.affiliation_code:
                lines.append(f"    affiliation_code: {q(e.affiliation_code)}")
            lines.append(f"    fields: {flow(e.fields)}")
            if e.removed:
                lines += ["    status: removed", f"    removed: {{on: {e.removed[0]}, reason: {ys(e.removed[1])}}}"]
            else:
                lines.append("    status: active")
            if e.engagements:
                lines.append("    engagements:")
                lines += [f"      - {{institution: {q(c)}, on: {on}, kind: {k}}}" for c, on, k in e.engagements]
        self.write("content/experts.yml", "\n".join(lines) + "\n")

    def rounds(self, rounds: list[Round], colleges: dict[str, College], as_of: dt.date) -> None:
        for r in rounds:
            lines = [f"# {r.year}年度抽样复核名单（合成数据）", f"year: {r.year}", f"announced_on: {r.announced_on}",
                     # no seed: synth draws the list with its own generator, not from a published seed,
                     # so it claims none (a seed would make check compare the list with portal sample)
                     "sampling: {method: stratified, strata: [region, scale, category]}",
                     "reviews:"]
            for rv in r.reviews:
                lines += [f"  - institution: {q(rv.code)}", f"    kind: {rv.kind}", f"    start: {rv.start}",
                          f"    end: {rv.end}"]
                if rv.panel:
                    lines.append(f"    panel: {{leader: {rv.panel[0]}, members: [{', '.join(rv.panel[1:])}], "
                                 f"appointed_on: {rv.appointed_on}}}")
                if rv.published_on:
                    self.review(rv, colleges[rv.code])
            self.write(f"content/rounds/{r.year}/round.yml", "\n".join(lines) + "\n")
            self.notices(r, colleges, as_of)

    def review(self, rv, col: College) -> None:
        w = Writer(self.rng("review", rv.year, rv.code),
                   {"school": col.name, "start": _cn(rv.start), "end": _cn(rv.end), "unmatched": len(rv.unmatched)})
        lines = [f"institution: {q(rv.code)}", "findings:"]
        for eid in self.element_ids:
            if eid in rv.unmatched:
                lines.append(f'  "{eid}": {{match: false, note: {ys(w.finding_note())}}}')
            else:
                lines.append(f'  "{eid}": {{match: true}}')
        lines.append(f"measures: {rv.measures}")
        if rv.declare:
            lines.append(f"verdict: {rv.verdict}")
        lines += [f"published_on: {rv.published_on}", f"summary: {ys(w.review_summary())}"]
        self.write(f"content/rounds/{rv.year}/reviews/{rv.code}.yml", "\n".join(lines) + "\n")

    def notices(self, r: Round, colleges: dict[str, College], as_of: dt.date) -> None:
        if r.announced_on <= as_of:
            names = "、".join(colleges[rv.code].name for rv in r.reviews if rv.kind == "sample")
            self.write(f"content/notices/{r.announced_on}-{r.year}-list.md", _md(
                {"title": f"关于公布{r.year}年度高等职业院校内部质量保证体系诊改抽样复核名单的通知", "date": r.announced_on},
                f"根据诊改工作方案，经分层抽样，确定{r.year}年度接受抽样复核的院校共"
                f"{sum(rv.kind == 'sample' for rv in r.reviews)}所，名单如下：\n\n{names}。\n\n"
                "请各院校按要求在复核开始30天前于校园网公示相关材料。\n"))
        done = [rv for rv in r.reviews if rv.published_on]
        if done:
            on = max(rv.published_on for rv in done)
            self.write(f"content/notices/{on}-{r.year}-results.md", _md(
                {"title": f"{r.year}年度抽样复核结论公告（第一批）" if r.year == as_of.year else f"{r.year}年度抽样复核结论公告",
                 "date": on}, f"{r.year}年度已完成复核{len(done)}所院校，复核结论见“复核结论”栏目。\n"))

    def policies(self, year: int) -> None:
        docs = [("fangan", "高等职业院校内部质量保证体系诊断与改进工作方案（合成数据）", "示例教育部门",
                 dt.date(year - 3, 9, 10), f"示教职〔{year - 3}〕12号"),
                ("zhuanjia", "诊改工作专家库管理办法（合成数据）", "示例教育部门", dt.date(year - 3, 11, 5), None),
                ("gongshi", "院校诊改材料公示规范（合成数据）", "诊改工作秘书处", dt.date(year - 2, 2, 18), None)]
        for slug, title, issuer, on, no in docs:
            meta = {"title": title, "issuer": issuer, "issued_on": on}
            if no:
                meta["doc_no"] = no
            self.write(f"content/policies/{on}-{slug}.md", _md(meta, "本文件为合成数据，用于规模测试，内容为占位文字。\n"))

    # --- one college ------------------------------------------------------------------
    def college(self, c: College, d: Disclosures, framework_points: dict[str, list[str]]) -> None:
        base = f"institutions/{c.code}"
        units = lambda pairs: "".join(f"\n  - {{id: {i}, name: {ys(n)}}}" for i, n in pairs) or " []"  # noqa: E731
        self.write(f"{base}/institution.yml",
                   f"code: {q(c.code)}\nname: {ys(c.name)}\nregion: {ys(c.region)}\nstudents: {c.students}\n"
                   f"categories: {flow(c.categories)}\nwebsite: {c.website}\n"
                   f"departments:{units(c.departments)}\nfaculties:{units(c.faculties)}\n")
        for mat in d.materials:
            self.material(c, mat)
        for rep in d.reports:
            self.report(c, rep, framework_points)

    def material(self, c: College, mat: Material) -> None:
        k = mat.key
        rng = self.rng(c.code, mat.rel)
        w = Writer(rng, {"school": c.name, "city": c.city, "region": c.region, "cat": c.categories[0],
                         "year": k.year or mat.published_on.year, "students": c.students,
                         "unit": mat.unit_name or "学校",
                         "firm": c.city + rng.choice(pools.FIRM_WORDS) + rng.choice(pools.FIRM_SUFFIXES)})
        table = w.data_table(k.year, c.students) if k.kind == "state_data_report" else ""
        body = w.body(mat.text, *mat.length, table=table)
        meta = {"kind": k.kind}
        if k.year is not None:
            meta["year"] = k.year
        if k.unit is not None:
            meta["unit"] = k.unit
        if k.plan is not None:
            meta["plan"] = k.plan
        meta |= {"title": mat.title, "published_on": mat.published_on,
                 "source_url": f"{c.website}zlgs/{mat.rel.removesuffix('.md')}.html"}
        if mat.attachments:
            meta["attachments"] = mat.attachments
            for a in mat.attachments:
                self.write(f"institutions/{c.code}/{a}", attachment(a, c.code))
        self.write(f"institutions/{c.code}/materials/{mat.rel}", _md(meta, body))

    def report(self, c: College, rep, framework_points: dict[str, list[str]]) -> None:
        rng = self.rng(c.code, "self-diagnosis", rep.year)
        w = Writer(rng, {"school": c.name, "year": rep.year, "n": len(framework_points)})
        lines = [f"year: {rep.year}", f"overview: {ys(w.overview())}", "elements:"]
        for eid, points in framework_points.items():
            pending = rng.random() < 0.08
            parts = w.element(rng.choice(points), pending)
            lines.append(f'  "{eid}":')
            lines += [f"    {k}: {ys(v)}" for k, v in parts.items()]
            if pending:
                lines.append("    effects_pending: true")
        lines += [f"signed_by: {ys(c.president)}", f"signed_on: {rep.signed_on}", f"published_on: {rep.published_on}"]
        self.write(f"institutions/{c.code}/self-diagnosis/{rep.year}.yml", "\n".join(lines) + "\n")


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _md(meta: dict, body: str) -> str:
    lines = ["---"]
    for k, v in meta.items():
        if isinstance(v, list):
            lines.append(f"{k}: {flow(v)}")
        elif isinstance(v, (int, dt.date)):
            lines.append(f"{k}: {v}")
        elif k in ("source_url", "kind", "unit", "plan"):
            lines.append(f"{k}: {v}")
        else:
            lines.append(f"{k}: {ys(v)}")
    return "\n".join(lines) + "\n---\n" + body


def attachment(rel: str, code: str) -> bytes:
    if rel.endswith(".csv"):
        return ("指标,数值\n全日制在校生（人）,—\n专任教师（人）,—\n备注,合成数据\n").encode("utf-8")
    return tiny_pdf(f"Synthetic attachment {code} {rel}")


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with a line of ASCII text, offsets computed so that readers accept it."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)
