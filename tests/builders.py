"""Scratch portal roots for tests (Lektor-style layered fixtures).

`ScratchRoot` writes a small valid root into a temporary folder; tests then add, change or
break single files and run the checker or the build on it.
"""
from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRAMEWORK = REPO / "content" / "frameworks" / "bj-2016.yml"
CODE_A = "4111010001"
CODE_B = "4111010002"
ELEMENT_IDS = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2",
               "5.1", "5.2", "5.3", "5.4"]
YEAR = 2025
START = dt.date(2025, 5, 12)            # deadline = 2025-04-12
DEADLINE = START - dt.timedelta(days=30)


def dedent(s: str) -> str:
    return textwrap.dedent(s).lstrip("\n")


class ScratchRoot:
    def __init__(self, path: Path):
        self.path = Path(path)

    # --- writing ---------------------------------------------------------------
    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    def remove(self, rel: str) -> None:
        p = self.path / rel
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    # --- the standard small root --------------------------------------------------
    def base(self) -> "ScratchRoot":
        self.write("site_config.yml", dedent("""
            site:
              name: 测试公示网
              authority: 测试市教育委员会
              secretariat: 测试秘书处
              url: https://zhengai.test/
            framework: bj-2016
            rules:
              disclosure_days: 30
              cycle_start: 2025
            """))
        (self.path / "content/frameworks").mkdir(parents=True, exist_ok=True)
        shutil.copy(FRAMEWORK, self.path / "content/frameworks/bj-2016.yml")
        self.write("content/experts.yml", dedent("""
            experts:
              - {id: E001, name: 李某, kind: vocational, affiliation: 测试大学, fields: [装备制造大类]}
              - {id: E002, name: 王某, kind: research, affiliation: 测试研究院, fields: [电子与信息大类]}
              - {id: E003, name: 赵某, kind: industry, affiliation: 测试集团, fields: [装备制造大类]}
            """))
        self.college(CODE_A, "测试工业职业技术学院", region="东城区", students=8200,
                     categories=["装备制造大类"])
        self.college(CODE_B, "测试财经职业学院", region="西城区", students=3000,
                     categories=["财经商贸大类"], departments=[], faculties=[])
        self.write(f"content/rounds/{YEAR}/round.yml", dedent(f"""
            year: {YEAR}
            announced_on: 2024-12-20
            sampling: {{method: stratified, strata: [region, scale, category], seed: "2024-12-01", deviations: [{{institution: "{CODE_B}", reason: 该校当年迁址，改于下一年度复核}}]}}
            reviews:
              - institution: "{CODE_A}"
                kind: sample
                start: {START}
                end: 2025-05-14
                panel: {{leader: E001, members: [E002, E003], appointed_on: 2025-03-01}}
            """))
        self.all_materials(CODE_A, YEAR, published_on=DEADLINE)
        self.review(YEAR, CODE_A, matches=15, measures="strong")
        return self

    def college(self, code: str, name: str, *, region: str, students: int, categories: list[str],
                departments=(("jwc", "教务处"),), faculties=(("jdx", "机电工程系"),)) -> None:
        deps = "".join(f"\n  - {{id: {i}, name: {n}}}" for i, n in departments) or " []"
        facs = "".join(f"\n  - {{id: {i}, name: {n}}}" for i, n in faculties) or " []"
        text = (f'code: "{code}"\nname: {name}\nregion: {region}\nstudents: {students}\n'
                f'categories: [{", ".join(categories)}]\nwebsite: https://www.example.edu.cn/\n'
                f"departments:{deps}\nfaculties:{facs}\n")
        self.write(f"institutions/{code}/institution.yml", text)

    def material(self, code: str, rel: str, kind: str, *, published_on: dt.date, year: int | None = None,
                 unit: str | None = None, plan: str | None = None, body: str = "正文。",
                 attachments: list[str] | None = None, extra: str = "") -> str:
        lines = ["---", f"kind: {kind}"]
        if year is not None:
            lines.append(f"year: {year}")
        if unit is not None:
            lines.append(f"unit: {unit}")
        if plan is not None:
            lines.append(f"plan: {plan}")
        lines += [f"title: {kind} {year or ''} {unit or plan or ''}".rstrip(), f"published_on: {published_on}"]
        if attachments is not None:
            lines.append(f"attachments: [{', '.join(attachments)}]")
        if extra:
            lines.append(extra)
        lines += ["---", body, ""]
        path = f"institutions/{code}/materials/{rel}"
        self.write(path, "\n".join(lines))
        return path

    def all_materials(self, code: str, year: int, *, published_on: dt.date, units=("school", "jwc", "jdx")) -> None:
        for y in (year - 1, year - 2):
            self.material(code, f"{y}/aqr.md", "annual_quality_report", year=y, published_on=published_on)
            self.material(code, f"{y}/sdr.md", "state_data_report", year=y, published_on=published_on)
            for u in units:
                self.material(code, f"{y}/asd-{u}.md", "annual_self_diagnosis", year=y, unit=u,
                              published_on=published_on)
        self.material(code, "plans/development.md", "development_plans", plan="development", published_on=published_on)
        self.material(code, "plans/qa.md", "development_plans", plan="qa_system", published_on=published_on)
        self.material(code, "plans/regional.md", "regional_plan", published_on=published_on)
        self.self_diagnosis(code, year, published_on=published_on)

    def self_diagnosis(self, code: str, year: int, *, published_on: dt.date, element_ids=ELEMENT_IDS,
                       element_text: dict | None = None, signed: bool = True) -> str:
        element_text = element_text or {}
        out = [f"year: {year}", "overview: 本校按照方案开展了自我诊改工作，覆盖学校、专业、课程、教师、学生五个层面。", "elements:"]
        for eid in element_ids:
            t = {"achievements": "目标基本达成。", "problems": "部分制度执行不到位，考核结果运用不足。",
                 "causes": "质量责任分解不够细，信息平台数据更新滞后。", "measures": "修订考核办法，按月通报数据。",
                 "effects": "数据更新及时率提高。", **element_text.get(eid, {})}
            out.append(f'  "{eid}":')
            out += [f"    {k}: {v}" for k, v in t.items()]
        if signed:
            out += ["signed_by: 王某某", f"signed_on: {published_on}"]
        out.append(f"published_on: {published_on}")
        path = f"institutions/{code}/self-diagnosis/{year}.yml"
        self.write(path, "\n".join(out) + "\n")
        return path

    def review(self, year: int, code: str, *, matches: int, measures: str, verdict: str | None = None,
               published_on: str = "2025-06-30") -> str:
        lines = [f'institution: "{code}"', "findings:"]
        for i, eid in enumerate(ELEMENT_IDS):
            lines.append(f'  "{eid}": {{match: {"true" if i < matches else "false"}}}')
        lines.append(f"measures: {measures}")
        if verdict:
            lines.append(f"verdict: {verdict}")
        lines += [f"published_on: {published_on}", "summary: 专家组认为该校自我诊改工作扎实。"]
        path = f"content/rounds/{year}/reviews/{code}.yml"
        self.write(path, "\n".join(lines) + "\n")
        return path
