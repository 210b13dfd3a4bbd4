"""Typed models of every hand-written file (DESIGN.md §3). Field docs feed the format reference."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .schema import YEAR_MAX, YEAR_MIN, Model, MonthDay, Ratio, spec

CODE_RE = r"\d{10}"
FRAMEWORK_ID_RE = r"[a-z0-9][a-z0-9_-]{0,63}"   # a file name under content/frameworks/: no path, bounded
MATERIAL_KINDS = ("self_diagnosis_report", "annual_quality_report", "state_data_report",
                  "annual_self_diagnosis", "development_plans", "regional_plan")
YEARLY_KINDS = ("self_diagnosis_report", "annual_quality_report", "state_data_report", "annual_self_diagnosis")
VERDICTS = ("effective", "needs_improvement", "abnormal")


# --- site_config.yml ---------------------------------------------------------
@dataclass(kw_only=True)
class SiteInfo(Model):
    name: str = spec("网站名称")
    authority: str = spec("主管教育行政部门")
    secretariat: str = spec("诊改工作秘书处")
    url: str = spec("网站地址（以 / 结尾）", pattern=r"https?://[^\s\"'<>\\`]+/")


@dataclass(kw_only=True)
class VerdictRule(Model):
    effective_min: Ratio = spec("有效：相符要素比例下限（含），seed 000 §四(三)1", default=Ratio(12, 15))
    abnormal_below: Ratio = spec("异常：相符要素比例上限（不含），seed 000 §四(三)1", default=Ratio(10, 15))


@dataclass(kw_only=True)
class TaskRules(Model):
    grace_months: int = spec("诊改任务逾期不超过此月数为“未完成”，超过为“预警”（本站规则，seed 002 图13 只给出颜色）", default=1)


@dataclass(kw_only=True)
class Rules(Model):
    disclosure_days: int = spec("材料须在复核开始前公示的天数，seed 000 §四(二)3", default=30, ge=1, le=365)
    recent_year_offsets: list[int] = spec("“近2年”= 复核年份减去这些数", factory=lambda: [1, 2], ge=1, le=20)
    verdict: VerdictRule = spec("复核结论标准", factory=VerdictRule)
    improvement_months: int = spec("改进期（月），seed 000 §四(三)2", default=12, ge=1, le=120)
    cycle_years: int = spec("诊改周期（年），seed 000 §四(一)1", default=3, ge=1, le=20)
    cycle_start: int = spec("首个周期的起始年份（周期按此对齐）", default=2016, ge=YEAR_MIN, le=YEAR_MAX)
    min_sample_fraction: Ratio = spec("每周期抽样院校占比下限，seed 000 §四(一)2", default=Ratio(1, 4))
    list_announced_by: MonthDay = spec("下一年度复核名单公布截止（月-日），seed 000 §四(二)3", default=MonthDay("12-31"))
    annual_materials_due: MonthDay = spec("未抽中院校上一年度材料的提交截止（月-日）", default=MonthDay("06-30"))
    scale_bands: list[int] = spec("规模分层的在校生人数分界（升序）", factory=lambda: [5000, 10000], ge=1, le=1_000_000)
    tasks: TaskRules = spec("诊改任务状态规则（tasks/<year>.yml）", factory=TaskRules)


@dataclass(kw_only=True)
class SiteConfig(Model):
    site: SiteInfo = spec("网站信息")
    framework: str = spec("现行诊断项目参考表的 id（content/frameworks/<id>.yml）", pattern=FRAMEWORK_ID_RE)
    rules: Rules = spec("规则参数", factory=Rules)


# --- content/frameworks/<id>.yml ----------------------------------------------
@dataclass(kw_only=True)
class Point(Model):
    name: str = spec("诊断点")
    hint: str = spec("影响因素参考提示", default="")
    platform_refs: list[str] = spec("数据管理平台相应编号", factory=list)


@dataclass(kw_only=True)
class Element(Model):
    id: str = spec("要素编号，如 \"1.1\"", quoted=True)
    name: str = spec("诊断要素名称")
    points: list[Point] = spec("诊断点", factory=list)


@dataclass(kw_only=True)
class Item(Model):
    id: str = spec("项目编号，如 \"1\"", quoted=True)
    name: str = spec("诊断项目名称")
    elements: list[Element] = spec("诊断要素", min_items=1)


@dataclass(kw_only=True)
class Framework(Model):
    id: str = spec("参考表 id")
    name: str = spec("参考表名称")
    items: list[Item] = spec("诊断项目", min_items=1)

    def elements(self) -> list[tuple[Item, Element]]:
        return [(it, el) for it in self.items for el in it.elements]

    def element_ids(self) -> list[str]:
        """seed 000 附件1 (bj-2016: 5 items, 15 elements): n, the element count, comes from the data."""
        return [el.id for _, el in self.elements()]


# --- institutions/<code>/institution.yml --------------------------------------
@dataclass(kw_only=True)
class Unit(Model):
    id: str = spec("单位标识（小写字母、数字、-）", pattern=r"[a-z0-9][a-z0-9_-]*")
    name: str = spec("单位名称")


@dataclass(kw_only=True)
class Institution(Model):
    code: str = spec("10 位学校标识码（带引号）", quoted=True, pattern=CODE_RE)
    name: str = spec("学校名称")
    region: str = spec("所在区域（分层：区域分布）")
    students: int = spec("在校生人数（分层：规模）", ge=0, le=1_000_000)
    categories: list[str] = spec("专业大类，第一个为主要类别（分层：专业类别）", min_items=1)
    website: str | None = spec("学校网站", default=None)
    departments: list[Unit] = spec("校内职能部门", factory=list)
    faculties: list[Unit] = spec("院（系）", factory=list)
    maintainers: list[str] = spec("可修改本目录的账号（用于 CODEOWNERS）", factory=list)
    status: Literal["active", "withdrawn"] = spec(
        "active | withdrawn：撤销院校须明确写 withdrawn（不再列入复核与名单，已公布内容保留），不能以清空文件代替",
        default="active")
    joined_on: dt.date | None = spec("纳入诊改工作的日期（周期义务自此开始，seed 000 §四(三)3）", default=None)


# --- institutions/<code>/materials/**/*.md front matter ------------------------
@dataclass(kw_only=True)
class MaterialMeta(Model):
    kind: Literal[MATERIAL_KINDS] = spec("材料类别")  # type: ignore[valid-type]
    title: str = spec("标题")
    published_on: dt.date = spec("在校园网首次公示的日期")
    year: int | None = spec("年度（年度类材料必填）", default=None, ge=YEAR_MIN, le=YEAR_MAX)
    unit: str | None = spec("annual_self_diagnosis：school 或职能部门/院（系）的 id", default=None)
    plan: str | None = spec("development_plans：development | qa_system | 其他子规划 id", default=None)
    source_url: str | None = spec("校园网原文地址（http:// 或 https:// 开头的完整地址）", default=None,
                                 pattern=r"https?://[^\s/?#]+[^\s]*")
    attachments: list[str] = spec("附件（相对于院校目录）", factory=list)


# --- institutions/<code>/self-diagnosis/<year>.yml (annex 2) ------------------
@dataclass(kw_only=True)
class ElementReport(Model):
    achievements: str = spec("目标达成程度、主要成绩")
    problems: str = spec("存在问题")
    causes: str = spec("原因分析")
    measures: str = spec("改进措施（≤200 字）")
    effects: str = spec("改进成效（≤200 字）")
    effects_pending: bool = spec("措施尚未实施时为 true（并在 effects 中说明）", default=False)


@dataclass(kw_only=True)
class SelfDiagnosis(Model):
    year: int = spec("年度", ge=YEAR_MIN, le=YEAR_MAX)
    overview: str = spec("自我诊改工作概述（≤500 字）")
    elements: dict[str, ElementReport] = spec("每个诊断要素的报告，键为要素编号")
    published_on: dt.date = spec("公示日期")
    signed_by: str | None = spec("校长（签字）", default=None)
    signed_on: dt.date | None = spec("签字日期", default=None)


# --- content/experts.yml ------------------------------------------------------
@dataclass(kw_only=True)
class Removal(Model):
    on: dt.date = spec("除名日期")
    reason: str = spec("除名原因")


@dataclass(kw_only=True)
class Engagement(Model):
    institution: str = spec("院校标识码", quoted=True, pattern=CODE_RE)
    on: dt.date = spec("日期")
    kind: Literal["coaching", "lecture"] = spec("coaching 诊改辅导 | lecture 讲座")


@dataclass(kw_only=True)
class Expert(Model):
    id: str = spec("专家编号")
    name: str = spec("姓名")
    kind: Literal["vocational", "research", "industry"] = spec("职业教育专家 | 教育研究专家 | 行业企业专家")
    affiliation: str = spec("工作单位")
    title: str | None = spec("职称", default=None)
    affiliation_code: str | None = spec("工作单位为高职院校时的学校标识码", default=None, quoted=True, pattern=CODE_RE)
    fields: list[str] = spec("熟悉的专业大类", factory=list)
    status: Literal["active", "removed"] = spec("active | removed", default="active")
    removed: Removal | None = spec("除名记录（status: removed 时必填）", default=None)
    engagements: list[Engagement] = spec("在院校的辅导、讲座（seed 000 §六(三)）", factory=list)


@dataclass(kw_only=True)
class ExpertsFile(Model):
    experts: list[Expert] = spec("专家库")


# --- content/rounds/<year>/round.yml --------------------------------------------
@dataclass(kw_only=True)
class Deviation(Model):
    institution: str = spec("与方案不同的院校（加入或未列入名单）", quoted=True, pattern=CODE_RE)
    reason: str = spec("理由")


@dataclass(kw_only=True)
class Sampling(Model):
    method: str = spec("抽样方法，如 stratified")
    strata: list[str] = spec("分层维度", factory=list)
    seed: str = spec("公开的随机种子", default="")
    deviations: list[Deviation] = spec("名单与 portal sample 方案不同之处及理由（seed 000 §四(一)2）", factory=list)


@dataclass(kw_only=True)
class Panel(Model):
    leader: str = spec("组长（专家编号）")
    members: list[str] = spec("成员（专家编号）", factory=list)
    appointed_on: dt.date = spec("专家组确定日期")

    def experts(self) -> list[str]:
        return [self.leader, *self.members]


@dataclass(kw_only=True)
class RoundReview(Model):
    institution: str = spec("院校标识码", quoted=True, pattern=CODE_RE)
    kind: Literal["sample", "re_review"] = spec("sample 抽样复核 | re_review 改进期满重新复核")
    start: dt.date = spec("复核开始日期")
    end: dt.date = spec("复核结束日期")
    panel: Panel | None = spec("专家组", default=None)


@dataclass(kw_only=True)
class Round(Model):
    year: int = spec("复核年度", ge=YEAR_MIN, le=YEAR_MAX)
    announced_on: dt.date = spec("复核名单公布日期")
    framework: str | None = spec("本年度适用的诊断项目参考表 id（默认 site_config 的 framework）", default=None)
    reviews: list[RoundReview] = spec("复核安排", factory=list)
    sampling: Sampling | None = spec("抽样记录", default=None)


# --- content/rounds/<year>/reviews/<code>.yml ----------------------------------
@dataclass(kw_only=True)
class ElementFinding(Model):
    match: bool = spec("自我诊断结果与复核结果是否相符")
    note: str | None = spec("说明", default=None)


@dataclass(kw_only=True)
class Review(Model):
    institution: str = spec("院校标识码", quoted=True, pattern=CODE_RE)
    findings: dict[str, ElementFinding] = spec("每个诊断要素的复核发现，键为要素编号")
    measures: Literal["strong", "mixed", "weak"] = spec("改进措施评价：strong | mixed | weak")
    published_on: dt.date = spec("复核结论公布日期")
    verdict: Literal[VERDICTS] | None = spec("复核结论（可省略；由程序计算，填写不一致即报错）", default=None)  # type: ignore[valid-type]
    summary: str = spec("专家组复核意见（Markdown）", default="")


# --- content/policies/*.md and content/notices/*.md front matter ----------------
@dataclass(kw_only=True)
class PolicyMeta(Model):
    title: str = spec("标题")
    issuer: str = spec("发文单位")
    issued_on: dt.date = spec("发文日期")
    doc_no: str | None = spec("文号", default=None)


@dataclass(kw_only=True)
class NoticeMeta(Model):
    title: str = spec("标题")
    date: dt.date = spec("发布日期")
