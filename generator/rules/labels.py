"""Chinese labels of the engine's codes, in one place (site, PDFs, open data and messages)."""
from __future__ import annotations

import re

VERDICT_LABELS = {"effective": "有效", "needs_improvement": "待改进", "abnormal": "异常"}
MEASURES_LABELS = {
    "strong": "针对性强、切实可行、成效明显",
    "mixed": "介于两者之间",
    "weak": "针对性不强、力度不够",
}
REVIEW_KIND_LABELS = {"sample": "抽样复核", "re_review": "改进期满重新复核", "deemed": "视作异常"}
STRATUM_LABELS = {"region": "区域", "scale": "规模", "category": "主要专业大类"}
SAMPLING_METHOD_LABELS = {"stratified": "分层抽样", "random": "简单随机抽样", "systematic": "系统抽样", "cluster": "整群抽样"}
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

# --- citing the policy in public text --------------------------------------------------------
# The title as seed 000's own heading gives it; rules cite clauses as "seed 000 §四(三)1".
POLICY_TITLE = "北京市高等职业院校内部质量保证体系诊断与改进工作方案（试行）"
POLICY_TITLE_EN = "the Work Plan for Diagnosis and Improvement (trial)"
_PARTS = "一二三四五六七八九十"
_CLAUSE = re.compile(r"seed 000\s*(?:§(?P<part>[一二三四五六七八九十]+)(?:\((?P<sec>[一二三四五六七八九十]+)\))?"
                     r"(?P<item>\d+(?:[–-]\d+)?)?|(?P<annex>附件\s*\d+))\s*$")


def public_citation(clause: str, lang: str = "zh") -> str:
    """'seed 000 §四(三)1' → '《…工作方案（试行）》第四部分（三）1': the one way a page, PDF or
    message names the clause a rule rests on (the public knows the policy, not our seed numbers)."""
    m = _CLAUSE.match(clause.strip())
    if m is None:
        raise ValueError(f"not a clause reference: {clause!r}")
    if m["annex"]:
        annex = m["annex"].replace(" ", "")
        return f"《{POLICY_TITLE}》{annex}" if lang == "zh" else f"{POLICY_TITLE_EN}, annex {annex[2:]}"
    item = (m["item"] or "").replace("-", "–")
    if lang == "zh":
        return f"《{POLICY_TITLE}》第{m['part']}部分" + (f"（{m['sec']}）" if m["sec"] else "") + item
    sec = f" ({_PARTS.index(m['sec']) + 1})" if m["sec"] else ""
    return f"{POLICY_TITLE_EN}, part {_PARTS.index(m['part']) + 1}{sec}" + (f" {item}" if item else "")
