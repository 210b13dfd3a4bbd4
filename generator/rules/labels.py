"""Chinese labels of the engine's codes, in one place (site, PDFs, open data and messages)."""
from __future__ import annotations

VERDICT_LABELS = {"effective": "有效", "needs_improvement": "待改进", "abnormal": "异常"}
MEASURES_LABELS = {
    "strong": "针对性强、切实可行、成效明显",
    "mixed": "介于两者之间",
    "weak": "针对性不强、力度不够",
}
REVIEW_KIND_LABELS = {"sample": "抽样复核", "re_review": "改进期满重新复核", "deemed": "视作异常"}
STRATUM_LABELS = {"region": "区域", "scale": "规模", "category": "主要专业大类"}
LIST_LABELS = {
    "needs_improvement": "待改进院校名单",
    "criticized": "通报批评",
    "restricted": "限制措施",
    "deemed_abnormal": "视作复核结论为“异常”的院校",
}
RESTRICTION_MEASURES_ZH = "削减招生计划、暂停备案新专业、限制项目申报"
PANEL_ISSUE_LABELS = {
    "affiliation": "专家任职于被复核院校",
    "engagement_before": "专家在复核年度曾在被复核院校辅导或讲座",
    "engagement_after": "专家确定为专家组成员后参加被复核院校的辅导或讲座",
    "removed": "专家已被除名",
    "field_mismatch": "专家组无人熟悉该校主要专业大类",
    "overlap": "专家同时参加两个复核时间重叠的专家组",
    "appointed_late": "专家组确定日期晚于现场复核开始日期",
}
