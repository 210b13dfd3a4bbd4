"""The clause map (issue 19): every clause of seed 000 §四, §六 and annexes 1–2, whether a machine
can check it (and why not), its finding codes, the functions that apply it and the tests that
pin it. docs/rules.md shows it (render_markdown); tests/test_clause_map.py keeps it honest
against the code, the message catalogue and the docstrings. Data only: add a row, not logic."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A citation in a docstring: "seed 000 §四(二)3", "seed 000 §四(三)2–3", "seed 000 附件2 备注4" …
CITATION = re.compile(r"seed 000 (§[一二三四五六七八九十]+(?:\([一二三四五六七八九十]+\)(?:\d(?:–\d)?)?)?"
                      r"|附件 ?[12](?: (?:备注\d|注\d|[一二](?![\u4e00-\u9fff])|签字))?)")


@dataclass(frozen=True)
class Clause:
    cite: str                     # as docstrings cite it, e.g. "§四(二)3", "附件2 备注4"
    text: str                     # a short quote of the seed
    checkable: str                # "yes" | "partly" | "no"
    why: str = ""                 # why not (or what part is not) machine-checkable
    codes: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()   # dotted paths under generator
    tests: tuple[str, ...] = ()       # tests/<file>.py::<test>


T = "tests/"
CLAUSES: tuple[Clause, ...] = (
    Clause("§四(一)1", "每3年要至少完成一次质量保证体系诊改工作", "yes",
           codes=("cycle.uncovered", "verdict.deemed_abnormal"),
           functions=("rules.cycles.cycle_of", "rules.cycles.diagnosed_in_cycle", "rules.cycles.owes_cycle"),
           tests=(T + "test_rules_scenarios.py::test_cycle_uncovered_only_after_the_cycle",
                  T + "test_rules_status.py::test_cycle_owed_from_joined_on")),
    Clause("§四(一)2", "每3年…抽样复核…分层抽样…区域分布、规模和专业类别…不少于总数的1/4", "yes",
           codes=("sampling.fraction", "sampling.stratum", "sampling.deviation"),
           functions=("rules.sampling.strata_of", "rules.sampling.enough_sampled", "rules.sampling.summarize",
                      "rules.sampling.propose", "rules.sampling.deviations", "rules.engine.sample_proposal"),
           tests=(T + "test_rules_sampling.py::test_enough_sampled_is_integer_exact",
                  T + "test_rules_sampling.py::test_proposal_guarantees",
                  T + "test_rules_scenarios.py::test_sampling_judged_once_all_rounds_announced",
                  T + "test_rules_sampling_history.py::test_later_rounds_do_not_change_a_past_proposal",
                  T + "test_rules_sampling_history.py::test_seeded_list_must_match_or_give_reasons")),
    Clause("§四(二)1", "前期准备，制定方案…建立诊改培训体系…建立人才培养工作状态数据管理系统", "no",
           why="院校内部的准备工作，公示站没有对应的数据"),
    Clause("§四(二)2", "自主诊改…按照《诊断项目参考表》…将自主诊改情况写入本校人才培养质量年度报告", "partly",
           why="按参考表逐要素自诊由附件2 的检查覆盖；“写入质量年度报告”是正文内容，机器无法判断",
           functions=("rules.report.missing_elements",),
           tests=(T + "test_rules_report.py::test_missing_element_is_a_finding_not_a_crash",)),
    Clause("§四(二)3", "专委会由…职业教育专家、教育研究专家和行业企业专家等组成，根据学校专业特色，选派合适专家到现场复核诊断",
           "partly", why="专委会的组成与“合适”无客观标准；本站检查专家组有人熟悉该校主要专业大类，且在现场复核开始前确定",
           codes=("panel.field_mismatch", "panel.appointed_late", "panel.overlap"),
           functions=("rules.panels.covers_main_category", "rules.panels.appointed_after_start"),
           tests=(T + "test_rules_scenarios.py::test_field_mismatch",
                  T + "test_rules_panels.py::test_panel_appointed_after_the_review_began")),
    Clause("§四(二)3", "于每年年底公布下一年度接受复核的学校名单", "yes",
           codes=("round.announced_late", "round.missing"),
           functions=("rules.rounds.list_due", "rules.rounds.announced_late", "rules.rounds.lists_missing"),
           tests=(T + "test_rules_scenarios.py::test_round_announced_late",
                  T + "test_rules_lists.py::test_next_years_list_missing")),
    Clause("§四(二)3", "抽样复核的学校应当提供以下材料：(1)–(6)", "yes",
           codes=("material.missing", "material.pending", "material.duplicate"),
           functions=("rules.materials.required_keys", "rules.materials.units_of", "rules.materials.disclosure"),
           tests=(T + "test_deadlines.py::test_absent_material_is_pending_until_the_deadline_then_missing",)),
    Clause("§四(二)3", "提交材料应当与复核工作开始前 30 日在校园网上公示", "yes",
           codes=("material.late", "material.received_late"),
           functions=("rules.deadlines.disclosure_deadline", "rules.deadlines.material_status",
                      "rules.materials.received_late", "ledger.first_received"),
           tests=(T + "test_deadlines.py::test_boundary_of_the_deadline",
                  T + "test_rules_lists.py::test_received_late_lists_the_college")),
    Clause("§四(二)3", "逾期未按规定在校园网上公布材料的院校，市教委将予以通报批评，并列入待改进院校名单", "yes",
           why="名单由规则计算（Outcome.lists），不另报发现代码",
           functions=("rules.lists.publication_entries",),
           tests=(T + "test_rules_scenarios.py::test_late_and_missing_publication_lists",
                  T + "test_rules_lists.py::test_received_late_lists_the_college")),
    Clause("§四(三)1", "有效——15 项诊断要素中…相符 ≥ 12 项；改进措施针对性强、切实可行、成效明显", "partly",
           why="相符项数由复核文件给出并计算；措施的评价（strong/mixed/weak）由专家组判断，机器只核对结论",
           codes=("verdict.mismatch", "ref.element"),
           functions=("rules.verdict.meets_effective_ratio", "rules.verdict.verdict_of", "rules.verdict.judge_review"),
           tests=(T + "test_rules_verdict.py::test_verdict_table",
                  T + "test_rules_framework.py::test_round_framework_sets_n_and_thresholds")),
    Clause("§四(三)1", "异常——15 项诊断要素中…相符 < 10 项；改进措施针对性不强、力度不够", "partly",
           why="同上：措施评价由专家组判断",
           codes=("verdict.mismatch",),
           functions=("rules.verdict.below_abnormal_ratio", "rules.verdict.verdict_of"),
           tests=(T + "test_rules_verdict.py::test_verdict_table",
                  T + "test_rules_framework.py::test_config_framework_of_n_elements")),
    Clause("§四(三)1", "如学校执行方案对诊断要素有调整，可根据实际诊断要素数量，按上述比例原则，确定相应标准", "yes",
           codes=("ref.framework",),
           functions=("rules.verdict.smallest_passing", "project.Project.framework_for"),
           tests=(T + "test_rules_verdict.py::test_thresholds_scale_with_n",
                  T + "test_rules_framework.py::test_switching_site_config_keeps_past_verdicts")),
    Clause("§四(三)2", "“待改进”和“异常”的学校改进期为1年，改进期满后须重新提出复核申请", "yes",
           codes=("improvement.overdue", "improvement.early_review"),
           functions=("rules.status.improvement_period", "rules.status.opens_period", "rules.status.early_re_reviews",
                      "rules.status.due_for_re_review"),
           tests=(T + "test_rules_scenarios.py::test_improvement_overdue_and_its_cure",
                  T + "test_rules_status.py::test_re_review_inside_the_improvement_period")),
    Clause("§四(三)2", "再次复核结论为“有效”的，同一周期内可不再复核", "yes",
           functions=("rules.status.exemption_end",),
           tests=(T + "test_rules_scenarios.py::test_re_review_effective_exempts_for_the_cycle",
                  T + "test_rules_status.py::test_effective_re_review_exempts_for_the_rest_of_the_cycle")),
    Clause("§四(三)3", "复核结论作为市级及以上项目申报、新专业备案、招生计划安排等重要参考依据", "no",
           why="结论的使用由主管部门决定，不在公示数据中"),
    Clause("§四(三)3", "复核结论为“异常”和连续2次“待改进”的学校…削减招生计划、暂停备案新专业、限制项目申报", "yes",
           functions=("rules.status.restriction_events",),
           tests=(T + "test_rules_scenarios.py::test_abnormal_restricts",
                  T + "test_rules_scenarios.py::test_two_consecutive_needs_improvement_restrict")),
    Clause("§四(三)3", "没有被列为复核对象，但未按规定开展诊改工作或未按时提交完整的诊改工作材料的，视作复核结论为“异常”",
           "yes", codes=("verdict.deemed_abnormal",),
           functions=("rules.status.deemed_abnormal", "rules.status.missed_annual_materials",
                      "rules.cycles.duties_from", "rules.cycles.owes_annual"),
           tests=(T + "test_rules_scenarios.py::test_deemed_abnormal_for_missed_annual_materials",
                  T + "test_rules_status.py::test_annual_materials_owed_from_joined_on")),
    Clause("§六(一)", "根据教育部报备的实施方案组织开展…如有调整，须及时重新报备", "no",
           why="主管部门之间的报备，公示站没有对应的数据"),
    Clause("§六(二)", "复核工作不得影响学校正常教学秩序，并认真贯彻落实中央八项规定精神", "no",
           why="工作纪律，无可检查的数据"),
    Clause("§六(三)", "复核专家被确定为专家组成员后…不得擅自接受邀请，参加复核学校的诊改辅导或讲座等活动", "yes",
           codes=("panel.conflict",),
           functions=("rules.panels.conflicts", "rules.panels.in_conduct_window"),
           tests=(T + "test_rules_scenarios.py::test_panel_conflict",
                  T + "test_rules_panels.py::test_conduct_window_ends_at_verdict_publication")),
    Clause("§六(三)", "一经查实，应从专家库中除名并在一定范围内公布，同时取消该专家资格", "partly",
           why="“查实”由秘书处认定（status: removed）；本站检查除名记录有日期和理由并公布，除名专家不得在专家组中",
           codes=("panel.removed_expert", "schema.missing"),
           functions=("rules.panels.removed_when_appointed", "rules.panels.removed_while_serving",
                      "rules.panels.removal_published"),
           tests=(T + "test_rules_panels.py::test_removed_expert_may_not_sit_on_a_panel",
                  T + "test_rules_panels.py::test_removed_experts_published_with_reasons")),
    Clause("§六(四)", "指定网站…公布诊改工作相关政策文件、复核专家组名单、接受复核院校应公示材料，以及复核结论等", "partly",
           why="公布本身就是本站；规则只决定结论何时可以公布",
           functions=("rules.verdict.is_published",),
           tests=(T + "test_rules_scenarios.py::test_verdict_needs_improvement_list",)),
    Clause("附件1", "诊断项目参考表：诊断项目、诊断要素、诊断点、影响因素参考提示、数据管理平台相应编号", "yes",
           why="参考表本身是数据（content/frameworks/bj-2016.yml）；要素数 n 由数据计算",
           codes=("schema.missing", "ref.framework"),
           functions=("models.Framework.element_ids",),
           tests=(T + "test_rules_framework.py::test_round_naming_a_missing_framework",)),
    Clause("附件1 注1", "本表设 5 个诊断项目，15 个诊断要素，37 个诊断点", "no",
           why="注与表不符（表中列出 38 个诊断点）；程序不使用注中的数字，一律由参考表数据计算"),
    Clause("附件1 注2", "“数据管理平台相应编号”…起引导作用，不是规定或标准", "no",
           why="引导性说明，不构成检查"),
    Clause("附件2 一", "自我诊改工作概述（500 字以内）", "yes",
           codes=("report.overview_length",), functions=("rules.report.overview_within_limit",),
           tests=(T + "test_rules_report.py::test_overview_length",)),
    Clause("附件2 二", "自我诊断与改进报告表：诊断项目、诊断要素、自我诊断意见、改进措施、改进成效", "yes",
           codes=("report.element_missing", "report.element_empty", "ref.element"),
           functions=("rules.report.missing_elements", "rules.report.empty_fields"),
           tests=(T + "test_rules_report.py::test_missing_element_is_a_finding_not_a_crash",
                  T + "test_rules_report.py::test_every_field_must_say_something",
                  T + "test_rules_framework.py::test_report_follows_its_years_round")),
    Clause("附件2 签字", "校长（签字）：_____ 年月日", "yes",
           codes=("report.unsigned",), functions=("rules.report.signed",),
           tests=(T + "test_rules_report.py::test_signature_and_its_date",)),
    Clause("附件2 备注1", "报告内容必须真实、准确", "no", why="真实性只能由复核判断（复核发现的“相符”）"),
    Clause("附件2 备注2", "“自我诊断意见”需阐明目标达成程度，主要成绩，存在问题，原因分析，总体不超过 500 字。以查找问题和分析原因为主，篇幅不少于 1/2",
           "yes", codes=("report.opinion_length", "report.problem_share", "report.element_empty"),
           functions=("rules.report.opinion_counts", "rules.report.opinion_within_limit",
                      "rules.report.problems_dominate"),
           tests=(T + "test_rules_report.py::test_opinion_length", T + "test_rules_report.py::test_problem_share_half")),
    Clause("附件2 备注3", "“改进措施”需突出针对性、注重可行性，总体不超过 200 字", "partly",
           why="针对性、可行性由专家判断；字数可检查",
           codes=("report.measures_length",), functions=("rules.report.within_limit",),
           tests=(T + "test_rules_report.py::test_measures_and_effects_length",)),
    Clause("附件2 备注4", "“改进效果”指…已经显现的实际效果，不是预测或估计成效。如果措施尚未实施，请加说明。总体不超过 200 字",
           "partly", why="是否“预测”需理解正文；本站检查字数，以及 effects_pending 与“尚未实施”说明一致",
           codes=("report.effects_length", "report.effects_pending"),
           functions=("rules.report.within_limit", "rules.report.effects_consistent", "rules.report.says_not_yet_done"),
           tests=(T + "test_rules_report.py::test_measures_and_effects_length",
                  T + "test_rules_report.py::test_effects_pending")),
    Clause("附件2 备注5", "自我诊改务必写实，无需等级性结论", "partly",
           why="“写实”无法机检；等级性结论按词表（rules/lexicon.py）识别，为警告",
           codes=("report.grading",), functions=("rules.report.grading_words",),
           tests=(T + "test_rules_report.py::test_grading_lexicon_both_ways",
                  T + "test_rules_report.py::test_grading_in_report_is_a_warning")),
)

CHECKABLE_ZH = {"yes": "可机检", "partly": "部分可机检", "no": "不可机检"}


def cited(text: str) -> set[str]:
    """The clauses a docstring cites, ranges expanded: "§四(三)2–3" → §四(三)2, §四(三)3."""
    out = set()
    for c in CITATION.findall(text or ""):
        c = c.replace("附件 ", "附件")
        mt = re.fullmatch(r"(.*\))(\d)–(\d)", c)
        if mt:
            out.update(f"{mt.group(1)}{i}" for i in range(int(mt.group(2)), int(mt.group(3)) + 1))
        else:
            out.add(c)
    return out


def render_markdown() -> str:
    """The clause table of docs/rules.md (between its clause-map markers)."""
    rows = ["| 条款 | 原文（摘） | 机检 | 说明 | 发现代码 | 函数 | 测试 |", "|---|---|---|---|---|---|---|"]
    cell = lambda xs: "<br>".join(f"`{x}`" for x in xs) or "—"  # noqa: E731
    for c in CLAUSES:
        tests = [t.split("::")[1] if "::" in t else t for t in c.tests]
        rows.append(f"| {c.cite} | {c.text} | {CHECKABLE_ZH[c.checkable]} | {c.why or '—'} | {cell(c.codes)} | "
                    f"{cell(c.functions)} | {cell(tests)} |")
    return "\n".join(rows) + "\n"
