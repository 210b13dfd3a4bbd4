"""A scratch root with something in every open-data table, feed and chart: two reviewed colleges
(one on time and 有效, one late and 待改进), an attachment, a removed expert, a notice, and a
next-year round whose deadline is still ahead. Used by test_opendata, test_feeds, test_charts."""
from __future__ import annotations

import datetime as dt

from builders import CODE_A, CODE_B, YEAR, ScratchRoot, dedent

AS_OF = dt.date(2025, 7, 1)
START_B = dt.date(2025, 5, 20)
DEADLINE_B = START_B - dt.timedelta(days=30)     # 2025-04-20
LATE_B = DEADLINE_B + dt.timedelta(days=3)       # B publishes three days late
START_NEXT = dt.date(2026, 6, 1)                 # 2026 re-review of B: deadline 2026-05-02
ATTACHMENT = "files/2024年质量报告.pdf"
NASTY_TITLE = '=HYPERLINK("http://x.invalid","点我") <b>&"'


def rich(root: ScratchRoot) -> ScratchRoot:
    root.write("content/experts.yml", dedent("""
        experts:
          - {id: E001, name: 李某, title: 教授, kind: vocational, affiliation: 测试大学, fields: [装备制造大类]}
          - {id: E002, name: 王某, kind: research, affiliation: 测试研究院, fields: [电子与信息大类, 财经商贸大类]}
          - {id: E003, name: 赵某, kind: industry, affiliation: 测试集团, fields: [装备制造大类, 财经商贸大类]}
          - id: E004
            name: 钱某
            kind: industry
            affiliation: 某公司
            status: removed
            removed: {on: 2025-03-01, reason: 复核期间参加被复核院校诊改辅导}
        """))
    root.write(f"content/rounds/{YEAR}/round.yml", dedent(f"""
        year: {YEAR}
        announced_on: 2024-12-20
        sampling: {{method: stratified, strata: [region, scale, category], seed: "2024-12-01"}}
        reviews:
          - institution: "{CODE_A}"
            kind: sample
            start: 2025-05-12
            end: 2025-05-14
            panel: {{leader: E001, members: [E002, E003], appointed_on: 2025-03-01}}
          - institution: "{CODE_B}"
            kind: sample
            start: {START_B}
            end: 2025-05-22
            panel: {{leader: E002, members: [E003], appointed_on: 2025-03-05}}
        """))
    root.write("content/rounds/2026/round.yml", dedent(f"""
        year: 2026
        announced_on: 2025-06-20
        reviews:
          - institution: "{CODE_B}"
            kind: re_review
            start: {START_NEXT}
            end: 2026-06-02
            panel: {{leader: E001, members: [E003], appointed_on: 2025-06-25}}
        """))
    root.all_materials(CODE_B, YEAR, published_on=LATE_B, units=("school",))
    root.review(YEAR, CODE_B, matches=11, measures="mixed", published_on="2025-06-28")
    root.write(f"institutions/{CODE_A}/{ATTACHMENT}", b"%PDF-1.4 test\n")
    root.material(CODE_A, "2024/aqr.md", "annual_quality_report", year=2024, published_on=dt.date(2025, 4, 1),
                  attachments=[ATTACHMENT])
    root.replace(f"institutions/{CODE_A}/materials/2024/aqr.md", "title: annual_quality_report 2024",
                 f"title: '{NASTY_TITLE}'")
    root.write("content/notices/2025-06-01-tongzhi.md", dedent("""
        ---
        title: 关于公布2025年复核结论的通知
        date: 2025-06-29
        ---
        各高职院校：现将 **2025 年**复核结论予以公布，请登录公示网查看。
        """))
    return root
