"""Annex-2 rules of seed 000 on the self-diagnosis report (issue 19 defects 1, 3, 4, 5, 13),
at both sides of each boundary, for the 15-element framework and a 16-element one."""
import datetime as dt

import pytest

from builders import CODE_A, DEADLINE, YEAR
from fw16 import FW16_ID, add_framework16, ids_for
from generator.check import run_checks
from generator.rules.report import grading_words

AS_OF = dt.date(2025, 6, 1)
REPORT = f"institutions/{CODE_A}/self-diagnosis/{YEAR}.yml"


def use(root, n):
    if n == 16:
        add_framework16(root)
        root.replace("site_config.yml", "framework: bj-2016", f"framework: {FW16_ID}")
        from fw16 import write_review
        write_review(root, YEAR, CODE_A, ids_for(16), matches=16, measures="strong")
    return ids_for(n)


def findings(root, code=None):
    c = run_checks(root.path, AS_OF)
    return [f for f in c.report.findings if code is None or f.code == code]


@pytest.mark.parametrize("n", [15, 16])
def test_whole_report_is_clean(root, n):
    ids = use(root, n)
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ids)
    assert [f for f in findings(root) if f.code.startswith(("report.", "ref.", "schema."))] == []


@pytest.mark.parametrize("n", [15, 16])
def test_missing_element_is_a_finding_not_a_crash(root, n):
    """Defect 1: an omitted element gave TypeError (name= passed twice)."""
    ids = use(root, n)
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ids[:-1])
    got = findings(root, "report.element_missing")
    assert [(f.severity, dict(f.params)["element"], dict(f.params)["total"]) for f in got] == [("error", ids[-1], n)]
    assert ids[-1] in got[0].message()


@pytest.mark.parametrize("field", ["achievements", "problems", "causes", "measures", "effects"])
@pytest.mark.parametrize("blank", ['""', '"\u3000 **  **"'])
def test_every_field_must_say_something(root, field, blank):
    """Defect 3: annex 2's table has every part filled; empty (also Markdown/space only) is an error."""
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_text={"2.1": {field: blank}})
    got = findings(root, "report.element_empty")
    assert [(dict(f.params)["element"], dict(f.params)["field"], f.severity) for f in got] == [("2.1", field, "error")]


def test_one_character_is_not_empty(root):
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_text={"2.1": {"effects": "无"}})
    assert findings(root, "report.element_empty") == []


@pytest.mark.parametrize("pending, effects, variant", [
    ("true", "措施尚未实施，成效待下一年度报告。", None),
    ("true", "措施正在推进中，成效有待显现。", None),
    ("true", "已于 9 月启动，暂无可报告的成效。", None),
    ("true", "数据更新及时率提高。", "unstated"),
    ("false", "数据更新及时率提高。", None),
    ("false", "措施尚未实施。", "contradicts"),
])
def test_effects_pending(root, pending, effects, variant):
    """Defect 4 (附件2 备注4): pending → say measures are not carried out; not pending → report effects."""
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE,
                        element_text={"3.1": {"effects": effects, "effects_pending": pending}})
    got = [(dict(f.params).get("variant"), f.severity) for f in findings(root, "report.effects_pending")]
    assert got == ([(variant, "error" if variant == "unstated" else "warning")] if variant else [])


@pytest.mark.parametrize("text, words", [
    ("本要素诊断结论：优秀", ["优秀"]),
    ("本要素诊断结论：优秀。", ["优秀"]),
    ("自评等级为“良好”", ["良好"]),
    ("评定为合格等级。", ["合格"]),
    ("结论：不合格", ["不合格"]),
    ("优秀教师占比提高", []),
    ("形成良好的校企合作", []),
    ("取得等级证书的学生增加", []),
    ("职业技能等级证书考核合格率达 95%", []),
    ("合格率提高", []),
    ("结论：合格率仍偏低", []),
    ("自评结果：良好", ["良好"]),
    ("本要素达到优秀等级", ["优秀"]),
    ("教师年度考核结果为优秀的有 12 人", []),
    ("自主诊断结果与复核结果相符", []),
    ("学生体质测试合格率 92%，优秀率 18%", []),
])
def test_grading_lexicon_both_ways(text, words):
    """Defect 5 (附件2 备注5): a conclusion is flagged, a noun containing a grade word is not."""
    assert grading_words(text) == words


def test_grading_in_report_is_a_warning(root):
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE,
                        element_text={"1.1": {"achievements": "本要素诊断结论：优秀"},
                                      "1.2": {"achievements": "职业技能等级证书考核合格率达 95%，优秀教师 3 名"}})
    got = findings(root, "report.grading")
    assert [(f.severity, dict(f.params)["word"]) for f in got] == [("warning", "优秀")]


# --- defect 13: the length rules at n and n+1 字, with Markdown and full-width spaces -----------

def padded(n: int) -> str:
    """n 字 of text wrapped in Markdown emphasis and full-width / ASCII spaces (none counted)."""
    assert n >= 2
    return '"**' + "字" * (n - 1) + "\u3000 " + "_字_" + '"'


@pytest.mark.parametrize("n, bad", [(500, False), (501, True)])
def test_overview_length(root, n, bad):
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE)
    text = root.read(REPORT).splitlines()
    text[1] = "overview: " + padded(n)
    root.write(REPORT, "\n".join(text) + "\n")
    got = findings(root, "report.overview_length")
    assert [dict(f.params)["count"] for f in got] == ([n] if bad else [])


@pytest.mark.parametrize("field, code, limit", [("measures", "report.measures_length", 200),
                                                ("effects", "report.effects_length", 200)])
@pytest.mark.parametrize("extra", [0, 1])
def test_measures_and_effects_length(root, field, code, limit, extra):
    n = limit + extra
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_text={"4.1": {field: padded(n)}})
    got = findings(root, code)
    assert [(dict(f.params)["element"], dict(f.params)["count"]) for f in got] == ([("4.1", n)] if extra else [])


@pytest.mark.parametrize("total, bad", [(500, False), (501, True)])
def test_opinion_length(root, total, bad):
    """自我诊断意见 = achievements + problems + causes ≤ 500 字 (problems+causes kept ≥ half)."""
    a = total // 2
    p = total - a - 10
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE,
                        element_text={"5.1": {"achievements": padded(a), "problems": padded(p), "causes": padded(10)}})
    got = findings(root, "report.opinion_length")
    assert [dict(f.params)["count"] for f in got] == ([total] if bad else [])
    assert findings(root, "report.problem_share") == []


@pytest.mark.parametrize("part, bad", [(150, False), (149, True)])
def test_problem_share_half(root, part, bad):
    """Problems + causes ≥ 1/2 of the opinion: 150 of 300 passes, 149 of 299 … 149 of 300 fails."""
    a = 300 - part
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE,
                        element_text={"5.2": {"achievements": padded(a), "problems": padded(part - 20),
                                              "causes": padded(20)}})
    got = findings(root, "report.problem_share")
    assert [(dict(f.params)["part"], dict(f.params)["count"]) for f in got] == ([(part, 300)] if bad else [])


@pytest.mark.parametrize("signed_by, signed_on, bad", [("王某某", "2025-03-20", False), ("王某某", None, True),
                                                       (None, "2025-03-20", True), ('""', "2025-03-20", True)])
def test_signature_and_its_date(root, signed_by, signed_on, bad):
    """附件2: 校长（签字） and the date."""
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, signed=False)
    extra = (f"signed_by: {signed_by}\n" if signed_by else "") + (f"signed_on: {signed_on}\n" if signed_on else "")
    root.write(REPORT, root.read(REPORT) + extra)
    got = findings(root, "report.unsigned")
    assert [f.severity for f in got] == (["error"] if bad else [])


@pytest.mark.parametrize("n", [15, 16])
@pytest.mark.parametrize("field", ["achievements", "problems", "causes", "measures", "effects"])
def test_every_field_must_be_present(root, n, field):
    """Defect 3, the other half: a field left out is schema.missing at the element (an error)."""
    ids = use(root, n)
    root.self_diagnosis(CODE_A, YEAR, published_on=DEADLINE, element_ids=ids)
    lines = root.read(REPORT).splitlines()
    at = lines.index(f'  "{ids[-1]}":')
    drop = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(f"    {field}:"))
    root.write(REPORT, "\n".join(lines[:drop] + lines[drop + 1:]) + "\n")
    got = [f for f in findings(root, "schema.missing") if f.file == REPORT]
    assert [(dict(f.params)["field"], f.severity) for f in got] == [(f"elements.{ids[-1]}.{field}", "error")]
