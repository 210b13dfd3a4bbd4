"""Panels and §六(三) conduct (issue 19 defect 6, issue 18 §4 panel rules), both sides of each
boundary: the conduct window runs from appointment until the verdict is published."""
import datetime as dt

import pytest

from builders import CODE_A, YEAR, dedent
from generator.check import run_checks

ROUND = f"content/rounds/{YEAR}/round.yml"      # panel appointed 2025-03-01, review 05-12..05-14
AS_OF = dt.date(2025, 8, 1)                     # the base review's verdict is published 2025-06-30


def experts(root, e2_extra: str):
    root.write("content/experts.yml", dedent("""
        experts:
          - {id: E001, name: 李某, kind: vocational, affiliation: 测试大学, fields: [装备制造大类]}
          - {id: E002, name: 王某, kind: research, affiliation: 测试研究院, fields: [电子与信息大类]%s}
          - {id: E003, name: 赵某, kind: industry, affiliation: 测试集团, fields: [装备制造大类]}
        """) % e2_extra)


def found(root, code, as_of=AS_OF):
    return [f for f in run_checks(root.path, as_of).report.findings if f.code == code]


@pytest.mark.parametrize("on, variant", [
    ("2025-03-01", "engagement_before"),     # the appointment day itself: a conflict when appointed
    ("2025-03-02", "engagement_after"),      # the day after: inside the window
    ("2025-05-15", "engagement_after"),      # after the on-site end, before the verdict (old rule missed it)
    ("2025-06-30", "engagement_after"),      # the verdict's publication day: still inside
    ("2025-07-01", None),                    # the day after publication: free again
])
def test_conduct_window_ends_at_verdict_publication(root, on, variant):
    experts(root, f", engagements: [{{institution: \"{CODE_A}\", on: {on}, kind: lecture}}]")
    got = found(root, "panel.conflict")
    assert [dict(f.params).get("variant") for f in got] == ([variant] if variant else [])
    if variant == "engagement_after":
        assert got[0].severity == "warning"           # published on the site, the build goes on


def test_window_open_while_no_verdict_is_recorded(root):
    root.remove(f"content/rounds/{YEAR}/reviews/{CODE_A}.yml")
    experts(root, f", engagements: [{{institution: \"{CODE_A}\", on: 2025-07-20, kind: coaching}}]")
    assert [dict(f.params).get("variant") for f in found(root, "panel.conflict")] == ["engagement_after"]


@pytest.mark.parametrize("appointed, late", [("2025-05-12", False), ("2025-05-13", True)])
def test_panel_appointed_after_the_review_began(root, appointed, late):
    root.replace(ROUND, "appointed_on: 2025-03-01", f"appointed_on: {appointed}")
    got = found(root, "panel.appointed_late")
    assert [(f.severity, f.file) for f in got] == ([("error", ROUND)] if late else [])


@pytest.mark.parametrize("removed_on, variant", [
    ("2025-03-01", None),          # removed by the appointment day: may not be appointed (no variant)
    ("2025-03-02", "serving"),     # removed while on the panel, before the verdict
    ("2025-06-30", "serving"),
    ("2025-07-01", "none"),        # after the verdict was published: the panel's work is done
])
def test_removed_expert_may_not_sit_on_a_panel(root, removed_on, variant):
    experts(root, f", status: removed, removed: {{on: {removed_on}, reason: 复核期间参加被复核院校讲座}}")
    got = found(root, "panel.removed_expert")
    if variant == "none":
        assert got == []
    else:
        assert [(f.severity, dict(f.params).get("variant")) for f in got] == [("error", variant)]


def test_removed_without_reason_is_an_error(root):
    experts(root, ", status: removed")
    got = [f for f in found(root, "schema.missing") if dict(f.params)["field"] == "removed"]
    assert [(f.file, f.severity) for f in got] == [("content/experts.yml", "error")]


def test_removed_experts_published_with_reasons(root, tmp_path):
    from site_helpers import build
    experts(root, ", status: removed, removed: {on: 2025-07-01, reason: 复核期间参加被复核院校讲座}")
    out = tmp_path / "out"
    build(root, out, as_of=AS_OF)
    page = (out / "experts/index.html").read_text(encoding="utf-8")
    assert 'id="x-E002"' in page and "复核期间参加被复核院校讲座" in page
