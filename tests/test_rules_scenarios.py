"""Each rule code and each list on small scenario roots (seed 000 §四, §六)."""
import datetime as dt

import pytest
import yaml

from builders import CODE_A, CODE_B, DEADLINE, ScratchRoot, dedent
from generator.check import run_checks

D = dt.date.fromisoformat


class Scenario(ScratchRoot):
    """The standard root plus the few writers these scenarios need."""

    def round(self, year, announced="2024-12-20", reviews=()):
        """reviews: (code, kind, start, end, panel-or-None) tuples; panel as a YAML flow map."""
        lines = [f"year: {year}", f"announced_on: {announced}"]
        if not reviews:
            lines.append("reviews: []")
        else:
            lines.append("reviews:")
        for code, kind, start, end, panel in reviews:
            lines += [f'  - institution: "{code}"', f"    kind: {kind}", f"    start: {start}", f"    end: {end}"]
            if panel:
                lines.append(f"    panel: {panel}")
        self.write(f"content/rounds/{year}/round.yml", "\n".join(lines) + "\n")

    def experts(self, text):
        self.write("content/experts.yml", dedent(text))

    def annual(self, code, year, on, units=("school",)):
        """The annual materials of `year` a college not under review must still publish."""
        self.material(code, f"{year}/aqr.md", "annual_quality_report", year=year, published_on=on)
        self.material(code, f"{year}/sdr.md", "state_data_report", year=year, published_on=on)
        for u in units:
            self.material(code, f"{year}/asd-{u}.md", "annual_self_diagnosis", year=year, unit=u, published_on=on)


PANEL = "{leader: E001, members: [E002, E003], appointed_on: 2025-03-01}"


@pytest.fixture
def sc(tmp_path) -> Scenario:
    return Scenario(tmp_path / "root").base()


def run(root, as_of):
    return run_checks(root.path, D(as_of))


def found(checked, code, institution=None):
    out = [f for f in checked.report.sorted() if f.code == code
           and (institution is None or f.institution == institution)]
    for f in out:  # every finding renders in both languages
        assert f.message("zh") and f.message("en")
    return out


# --- verdicts ------------------------------------------------------------------------------------
def test_standard_root_verdict_and_no_rule_findings(sc):
    c = run(sc, "2025-06-01")
    assert c.report.sorted() == []
    v = c.outcome.verdicts[(2025, CODE_A)]
    assert (v.computed, v.matches, v.n, v.review_kind) == ("effective", 15, 15, "sample")


def test_verdict_mismatch_at_the_verdict_line(sc):
    path = sc.review(2025, CODE_A, matches=11, measures="strong", verdict="effective")
    c = run(sc, "2025-06-01")
    [f] = found(c, "verdict.mismatch")
    line = next(i for i, t in enumerate(sc.read(path).splitlines(), 1) if t.startswith("verdict:"))
    assert (f.file, f.line, f.severity) == (path, line, "error")
    assert "待改进" in f.message() and "有效" in f.message()
    sc.review(2025, CODE_A, matches=11, measures="strong", verdict="needs_improvement")
    assert found(run(sc, "2025-06-01"), "verdict.mismatch") == []


def test_findings_must_cover_every_element(sc):
    path = sc.review(2025, CODE_A, matches=15, measures="strong")
    sc.replace(path, '  "5.4": {match: true}\n', '  "9.9": {match: true}\n')
    c = run(sc, "2025-06-01")
    msgs = {f.message() for f in found(c, "ref.element")}
    assert any("缺少诊断要素 5.4" in t for t in msgs)
    assert any("“9.9”" in t for t in msgs)
    assert all(f.severity == "error" for f in found(c, "ref.element"))


# --- improvement, exemption, restrictions ----------------------------------------------------
def test_improvement_overdue_and_its_cure(sc):
    sc.review(2025, CODE_A, matches=11, measures="strong")            # 待改进, published 2025-06-30
    assert found(run(sc, "2026-06-30"), "improvement.overdue", CODE_A) == []
    c = run(sc, "2026-07-01")
    [f] = found(c, "improvement.overdue", CODE_A)
    assert f.severity == "warning" and f.file == f"content/rounds/2025/reviews/{CODE_A}.yml"
    st = c.outcome.statuses[CODE_A]
    assert st.overdue and st.periods[0].until == D("2026-06-30")
    sc.round(2026, "2025-12-15", [(CODE_A, "re_review", "2026-09-01", "2026-09-02", None)])
    c = run(sc, "2026-07-01")
    assert found(c, "improvement.overdue", CODE_A) == []
    assert c.outcome.statuses[CODE_A].periods[0].followed_by == 2026


def test_re_review_effective_exempts_for_the_cycle(sc):
    sc.review(2025, CODE_A, matches=11, measures="strong")
    sc.round(2026, "2025-12-15", [(CODE_A, "re_review", "2026-09-01", "2026-09-02", None)])
    sc.review(2026, CODE_A, matches=15, measures="strong", published_on="2026-10-01")
    st = run(sc, "2026-12-01").outcome.statuses[CODE_A]
    assert [h.verdict for h in st.history if h.kind != "deemed"] == ["needs_improvement", "effective"]
    assert st.exempt_until == D("2027-12-31")
    assert not st.restricted


def test_abnormal_restricts(sc):
    sc.review(2025, CODE_A, matches=5, measures="weak")
    c = run(sc, "2025-07-01")
    st = c.outcome.statuses[CODE_A]
    assert st.restricted and st.latest_verdict == "abnormal"
    lists = c.outcome.lists[2025]
    assert [(e.code, e.kind) for e in lists.restricted if e.code == CODE_A] == [(CODE_A, "verdict_abnormal")]
    assert (CODE_A, "verdict_abnormal") in [(e.code, e.kind) for e in lists.needs_improvement]


def test_two_consecutive_needs_improvement_restrict(sc):
    sc.review(2025, CODE_A, matches=11, measures="strong")
    sc.round(2026, "2025-12-15", [(CODE_A, "re_review", "2026-09-01", "2026-09-02", None)])
    sc.review(2026, CODE_A, matches=11, measures="mixed", published_on="2026-10-01")
    sc.annual(CODE_A, 2025, "2026-01-10")
    c = run(sc, "2026-10-02")
    st = c.outcome.statuses[CODE_A]
    assert st.restricted and "连续 2 次" in st.restriction_reasons[0]
    assert [e.kind for e in c.outcome.lists[2026].restricted if e.code == CODE_A] == ["needs_improvement_twice"]
    assert [e for e in c.outcome.lists[2025].restricted if e.code == CODE_A] == []


def test_single_needs_improvement_is_not_restricted(sc):
    sc.review(2025, CODE_A, matches=11, measures="strong")
    assert not run(sc, "2025-07-01").outcome.statuses[CODE_A].restricted


def test_effective_in_between_breaks_the_chain():
    from generator.rules.results import HistoryEntry
    from generator.rules.status import restricted_now, restriction_events
    h = [HistoryEntry(2025, "sample", "needs_improvement", D("2025-06-30")),
         HistoryEntry(2026, "re_review", "effective", D("2026-06-30")),
         HistoryEntry(2028, "sample", "needs_improvement", D("2028-06-30"))]
    assert restriction_events(h) == [] and restricted_now(h) == (False, ())
    h.append(HistoryEntry(2029, "re_review", "needs_improvement", D("2029-06-30")))
    assert [k for _, k, _ in restriction_events(h)] == ["needs_improvement_twice"]
    h.append(HistoryEntry(2030, "re_review", "effective", D("2030-06-30")))
    assert restricted_now(h) == (False, ())    # lifted by a later 有效


# --- deemed 异常 and cycles ------------------------------------------------------------------
def test_deemed_abnormal_for_missed_annual_materials(sc):
    assert found(run(sc, "2025-06-30"), "verdict.deemed_abnormal") == []     # due day not passed
    c = run(sc, "2025-07-01")
    [f] = found(c, "verdict.deemed_abnormal")
    assert f.institution == CODE_B and f.file == f"institutions/{CODE_B}/institution.yml"
    [e] = c.outcome.lists[2025].deemed_abnormal
    assert (e.code, e.kind, e.clause) == (CODE_B, "annual_materials", "seed 000 §四(三)3")
    assert "2024年度人才培养质量年度报告" in e.reason_zh
    assert c.outcome.statuses[CODE_B].restricted
    assert [e.kind for e in c.outcome.lists[2025].restricted] == ["deemed_abnormal"]


def test_annual_materials_on_the_due_day_are_in_time(sc):
    sc.annual(CODE_B, 2024, "2025-06-30", units=("school",))
    assert found(run(sc, "2025-07-01"), "verdict.deemed_abnormal") == []
    sc.annual(CODE_B, 2024, "2025-07-01", units=("school",))
    assert found(run(sc, "2025-07-02"), "verdict.deemed_abnormal", CODE_B) != []


def test_cycle_uncovered_only_after_the_cycle(sc):
    assert found(run(sc, "2027-12-31"), "cycle.uncovered") == []
    c = run(sc, "2028-01-01")
    [f] = found(c, "cycle.uncovered")
    assert f.institution == CODE_B and f.severity == "warning"
    cyc = c.outcome.cycles[2025]
    assert cyc.ended and cyc.uncovered == (CODE_B,) and cyc.self_diagnosed == (CODE_A,)
    assert (CODE_B, "no_self_diagnosis") in [(e.code, e.kind) for e in c.outcome.lists[2027].deemed_abnormal]


# --- rounds and sampling ---------------------------------------------------------------------------
def test_round_announced_late(sc):
    sc.replace("content/rounds/2025/round.yml", "announced_on: 2024-12-20", "announced_on: 2024-12-31")
    assert found(run(sc, "2025-06-01"), "round.announced_late") == []
    sc.replace("content/rounds/2025/round.yml", "announced_on: 2024-12-31", "announced_on: 2025-01-02")
    c = run(sc, "2025-06-01")
    [f] = found(c, "round.announced_late")
    assert (f.file, f.line, f.severity) == ("content/rounds/2025/round.yml", 2, "warning")
    assert c.outcome.announcements[2025] == (D("2024-12-31"), True)


def test_sampling_judged_once_all_rounds_announced(sc):
    c = run(sc, "2025-06-01")
    assert not c.outcome.cycles[2025].sampling.judged
    assert found(c, "sampling.stratum") == []
    sc.round(2026, "2025-12-10")
    sc.round(2027, "2026-12-10")
    c = run(sc, "2025-06-01")
    assert c.outcome.cycles[2025].sampling.judged
    assert found(c, "sampling.fraction") == []                       # 1 of 2 ≥ 1/4
    values = {dict(f.params)["value"] for f in found(c, "sampling.stratum")}
    assert values == {"西城区", "小型（<5000人）", "财经商贸大类"}
    for i in range(3, 6):
        sc.college(f"411101000{i}", f"学院{i}", region="东城区", students=8000, categories=["装备制造大类"])
    c = run(sc, "2025-06-01")
    [f] = found(c, "sampling.fraction")                              # 1 of 5 < 1/4: needs 2
    assert dict(f.params)["required"] == 2 and f.file == "content/rounds/2027/round.yml"


# --- panels ----------------------------------------------------------------------------------------
EXPERTS = """
    experts:
      - {id: E001, name: 李某, kind: vocational, affiliation: 测试大学, fields: [装备制造大类]}
      - id: E002
        name: 王某
        kind: research
        affiliation: 测试研究院
        fields: [电子与信息大类]
    %s
      - {id: E003, name: 赵某, kind: industry, affiliation: 测试集团, fields: [装备制造大类]%s}
    """


def _experts(sc, e2="", e3=""):
    sc.experts(EXPERTS % (e2, e3))


@pytest.mark.parametrize("e2,severity,text", [
    ("    affiliation_code: \"4111010001\"", "error", "任职于被复核院校"),
    ("    engagements: [{institution: \"4111010001\", on: 2025-02-01, kind: coaching}]", "error", "利益冲突"),
    ("    engagements: [{institution: \"4111010001\", on: 2025-03-01, kind: lecture}]", "error", "利益冲突"),
    ("    engagements: [{institution: \"4111010001\", on: 2025-04-02, kind: coaching}]", "warning", "第六部分（三）"),
])
def test_panel_conflict(sc, e2, severity, text):
    _experts(sc, e2)
    c = run(sc, "2025-06-01")
    [f] = found(c, "panel.conflict")
    assert f.severity == severity and text in f.message() and f.institution == CODE_A
    assert f.file == "content/rounds/2025/round.yml"
    [issue] = c.outcome.panels[(2025, CODE_A)]
    assert issue.expert == "E002" and issue.severity == severity


def test_engagement_in_another_year_or_college_is_no_conflict(sc):
    _experts(sc, "    engagements: [{institution: \"4111010001\", on: 2024-11-01, kind: coaching},"
                 " {institution: \"4111010002\", on: 2025-02-01, kind: coaching}]")
    assert found(run(sc, "2025-06-01"), "panel.conflict") == []


@pytest.mark.parametrize("removed_on,expected", [("2025-02-01", 1), ("2025-03-01", 1), ("2025-03-02", 1), ("2025-07-01", 0)])
def test_removed_expert(sc, removed_on, expected):
    _experts(sc, e3=f", status: removed, removed: {{on: {removed_on}, reason: 参加被复核院校诊改辅导}}")
    fs = found(run(sc, "2025-06-01"), "panel.removed_expert")
    assert len(fs) == expected and all(f.severity == "error" for f in fs)


def test_field_mismatch(sc):
    sc.replace("content/rounds/2025/round.yml", PANEL, "{leader: E002, members: [], appointed_on: 2025-03-01}")
    [f] = found(run(sc, "2025-06-01"), "panel.field_mismatch")
    assert f.severity == "warning" and "装备制造大类" in f.message()


def test_expert_on_overlapping_panels(sc):
    sc.round(2025, reviews=[(CODE_A, "sample", "2025-05-12", "2025-05-14", PANEL),
                            (CODE_B, "sample", "2025-05-14", "2025-05-15",
                             "{leader: E003, members: [], appointed_on: 2025-03-01}")])
    [f] = found(run(sc, "2025-06-01"), "panel.overlap")
    assert f.severity == "warning" and f.institution == CODE_B and "E003" in f.message()
    sc.round(2025, reviews=[(CODE_A, "sample", "2025-05-12", "2025-05-14", PANEL),
                            (CODE_B, "sample", "2025-05-15", "2025-05-16",
                             "{leader: E003, members: [], appointed_on: 2025-03-01}")])
    assert found(run(sc, "2025-06-01"), "panel.overlap") == []


# --- the lists ---------------------------------------------------------------------------------------
def test_late_and_missing_publication_lists(sc):
    sc.all_materials(CODE_A, 2025, published_on=DEADLINE + dt.timedelta(days=1))
    c = run(sc, "2025-06-01")
    lists = c.outcome.lists[2025]
    assert [(e.code, e.kind, e.clause) for e in lists.criticized] == [(CODE_A, "late_publication", "seed 000 §四(二)3")]
    assert lists.criticized[0] in lists.needs_improvement
    sc.remove(f"institutions/{CODE_A}/materials/plans/regional.md")
    lists = run(sc, "2025-06-01").outcome.lists[2025]
    assert {e.kind for e in lists.criticized} == {"late_publication", "missing_publication"}


def test_verdict_needs_improvement_list(sc):
    sc.review(2025, CODE_A, matches=11, measures="strong")
    lists = run(sc, "2025-06-01").outcome.lists[2025]
    assert lists.needs_improvement == ()                     # not yet published on 2025-06-01
    lists = run(sc, "2025-06-30").outcome.lists[2025]
    [e] = lists.needs_improvement
    assert (e.code, e.kind, e.clause) == (CODE_A, "verdict_needs_improvement", "seed 000 §四(三)1")
    assert lists.criticized == ()


def test_institution_filter_keeps_other_colleges_out(sc):
    c = run_checks(sc.path, D("2025-07-01"), only=CODE_A)
    assert set(c.outcome.statuses) == {CODE_A}
    assert found(c, "verdict.deemed_abnormal") == []


def test_round_yml_written_by_sample_is_yaml(tmp_path):
    """The skeleton is plain YAML that the loader reads (dates left empty on purpose)."""
    from generator.cmd_sample import skeleton
    from generator.rules.results import Strata
    from generator.rules.sampling import Pick, Proposal
    p = Proposal(2026, 'se"ed', (2025, 2027), 2, 1, (), (), 1,
                 (Pick(CODE_A, Strata("东城区", "中型", "装备制造大类"), "ab", "按比例分配"),), (), ())
    doc = yaml.safe_load(skeleton(p, {CODE_A: "学院"}, D("2025-12-01"), D("2025-12-31")))
    assert doc["sampling"]["seed"] == 'se"ed'
    assert doc["reviews"] == [{"institution": CODE_A, "kind": "sample", "start": None, "end": None}]
