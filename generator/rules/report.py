"""Format checks of the 《内部质量保证体系自我诊改报告》 (seed 000 附件2 and its 备注)."""
from __future__ import annotations

import re

from .. import models as m
from ..findings import Report
from ..textcount import count_zi
from . import lexicon as lx

OVERVIEW_MAX = 500      # 附件2 一、自我诊改工作概述（500 字以内）
OPINION_MAX = 500       # 备注2: 自我诊断意见 总体不超过 500 字
MEASURES_MAX = 200      # 备注3
EFFECTS_MAX = 200       # 备注4
FIELDS = ("achievements", "problems", "causes", "measures", "effects")
FIELD_LABELS = {"achievements": "目标达成程度、主要成绩", "problems": "存在问题", "causes": "原因分析",
                "measures": "改进措施", "effects": "改进成效"}
# 备注5 "无需等级性结论": a grade word used as a verdict (lexicon in rules/lexicon.py).
_GRADING = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(lx.CUES, key=len, reverse=True))) + ")"
    "[" + re.escape(lx.SEPARATORS) + "]{0,3}"
    "(" + "|".join(map(re.escape, lx.GRADES)) + ")"
    "(?=$|[" + re.escape(lx.ENDINGS) + "]|" + "|".join(map(re.escape, lx.GRADE_SUFFIXES)) + ")"
    "|(" + "|".join(map(re.escape, lx.GRADES)) + ")(?=" + "|".join(map(re.escape, lx.GRADE_NOUNS)) + ")")


def overview_within_limit(count: int) -> bool:
    """seed 000 附件2 一: 自我诊改工作概述（500 字以内）."""
    return count <= OVERVIEW_MAX


def signed(rep: m.SelfDiagnosis) -> bool:
    """seed 000 附件2 签字: 校长（签字） and the date (年月日) close the report."""
    return bool(rep.signed_by) and rep.signed_on is not None


def within_limit(count: int, limit: int) -> bool:
    """seed 000 附件2 备注3 (改进措施 ≤ 200 字) and seed 000 附件2 备注4 (改进效果 ≤ 200 字)."""
    return count <= limit


def missing_elements(rep: m.SelfDiagnosis, fw: m.Framework) -> list[str]:
    """seed 000 附件2 二 (报告表: every 诊断要素 of the framework in force, seed 000 附件1 for
    bj-2016; seed 000 §四(二)2 自主诊改 按照参考表), in framework order."""
    return [eid for eid in fw.element_ids() if eid not in rep.elements]


def opinion_counts(el: m.ElementReport) -> tuple[int, int]:
    """(自我诊断意见 字数, 其中 存在问题+原因分析 字数) — seed 000 附件2 备注2."""
    part = count_zi(el.problems) + count_zi(el.causes)
    return count_zi(el.achievements) + part, part


def opinion_within_limit(count: int) -> bool:
    """seed 000 附件2 备注2: the 自我诊断意见 of an element totals at most 500 字."""
    return count <= OPINION_MAX


def problems_dominate(count: int, part: int) -> bool:
    """seed 000 附件2 备注2: 以查找问题和分析原因为主，篇幅不少于 1/2 — integers, no floats."""
    return 2 * part >= count


def grading_words(text: str | None) -> list[str]:
    """seed 000 附件2 备注5: 自我诊改务必写实，无需等级性结论. A grade word counts only as a
    conclusion (「本要素诊断结论：优秀」), never inside a noun (「优秀教师」「等级证书」「合格率」)."""
    return [mt.group(1) or mt.group(2) for mt in _GRADING.finditer(text or "")]


def empty_fields(el: m.ElementReport) -> list[str]:
    """seed 000 附件2 二 报告表 (自我诊断意见: 目标达成程度、主要成绩、存在问题、原因分析; 改进措施;
    改进成效) and 备注2: every field of an element says something (0 字 after Markdown is stripped is empty)."""
    return [f for f in FIELDS if count_zi(getattr(el, f)) == 0]


def says_not_yet_done(text: str | None) -> bool:
    """seed 000 附件2 备注4 如果措施尚未实施，请加说明: the effects text says so."""
    return any(p in (text or "") for p in lx.NOT_YET_DONE)


def effects_consistent(el: m.ElementReport) -> str | None:
    """seed 000 附件2 备注4: with effects_pending the 改进成效 must say the measures are not yet
    carried out ("unstated" otherwise); without it, it reports effects already seen, so a text
    saying they are not carried out contradicts the flag ("contradicts"). None when consistent."""
    if el.effects_pending and not says_not_yet_done(el.effects):
        return "unstated"
    if not el.effects_pending and says_not_yet_done(el.effects):
        return "contradicts"
    return None


def check_report(rep: m.SelfDiagnosis, fw: m.Framework, report: Report, code: str) -> None:
    """Every check of 附件2 on one report; all findings are collected."""
    add = lambda c, name="", **kw: report.add(c, rep.loc(name), institution=code, **kw)  # noqa: E731
    n = count_zi(rep.overview)
    if not overview_within_limit(n):
        add("report.overview_length", "overview", count=n, limit=OVERVIEW_MAX)
    for word in grading_words(rep.overview):
        add("report.grading", "overview", where="工作概述", word=word)
    if not signed(rep):
        add("report.unsigned", "signed_by" if rep.signed_by is None else "signed_on")
    names = {el.id: el.name for _, el in fw.elements()}
    for eid in missing_elements(rep, fw):
        add("report.element_missing", "elements", element=eid, element_name=names[eid], total=len(names))
    for eid, el in rep.elements.items():
        if eid not in names:
            report.add("ref.element", el.loc(), institution=code, id=eid, framework=fw.id)
            continue
        for fname in empty_fields(el):
            report.add("report.element_empty", el.loc(fname), institution=code, element=eid,
                       field=fname, label=FIELD_LABELS[fname])
        variant = effects_consistent(el)
        if variant is not None:
            # "contradicts" rests on wording alone (a caveat may read like it): a warning
            report.add("report.effects_pending", el.loc("effects" if variant == "unstated" else "effects_pending"),
                       severity="error" if variant == "unstated" else "warning",
                       institution=code, element=eid, variant=variant)
        count, part = opinion_counts(el)
        if not opinion_within_limit(count):
            report.add("report.opinion_length", el.loc("achievements"), institution=code,
                       element=eid, count=count, limit=OPINION_MAX)
        if count and not problems_dominate(count, part):
            report.add("report.problem_share", el.loc("problems"), institution=code,
                       element=eid, part=part, count=count)
        for fname, limit, code_ in (("measures", MEASURES_MAX, "report.measures_length"),
                                    ("effects", EFFECTS_MAX, "report.effects_length")):
            c = count_zi(getattr(el, fname))
            if not within_limit(c, limit):
                report.add(code_, el.loc(fname), institution=code, element=eid, count=c, limit=limit)
        for fname in FIELDS:
            for word in grading_words(getattr(el, fname)):
                report.add("report.grading", el.loc(fname), institution=code,
                           where=f"要素 {eid} 的 {fname} 中", word=word)
