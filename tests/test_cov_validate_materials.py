"""Per-material rules of the validate layer (generator/validate.py `_materials`), each on its
own file of one scratch root: year, unit and plan required or refused by kind (DESIGN.md §3),
a date after --as-of, attachments outside or missing, and the two kinds of duplicate."""
from __future__ import annotations

import datetime as dt

import pytest

from builders import CODE_A, DEADLINE, YEAR
from generator.check import run_checks

AS_OF = dt.date(2025, 7, 1)
M = f"institutions/{CODE_A}/materials"


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    """(file, code, field) of every finding of a root with one fault per new material."""
    from builders import ScratchRoot
    root = ScratchRoot(tmp_path_factory.mktemp("v") / "root").base()
    on = DEADLINE
    root.material(CODE_A, "x/no-year.md", "annual_quality_report", published_on=on)
    root.material(CODE_A, "x/no-unit.md", "annual_self_diagnosis", year=2022, published_on=on)
    root.material(CODE_A, "x/bad-unit.md", "annual_self_diagnosis", year=2022, unit="xsc", published_on=on)
    root.material(CODE_A, "x/unit-elsewhere.md", "regional_plan", unit="jwc", published_on=on)
    root.material(CODE_A, "x/no-plan.md", "development_plans", published_on=on)
    root.material(CODE_A, "x/plan-elsewhere.md", "state_data_report", year=2021, plan="qa_system",
                  published_on=on)
    root.material(CODE_A, "x/future.md", "annual_quality_report", year=2021, published_on=AS_OF + dt.timedelta(days=1))
    root.material(CODE_A, "x/outside.md", "annual_quality_report", year=2020, published_on=on,
                  attachments=["../../4111010002/institution.yml"])
    root.material(CODE_A, "x/missing.md", "state_data_report", year=2020, published_on=on,
                  attachments=["files/none.pdf"])
    root.material(CODE_A, "x/dup.md", "annual_quality_report", year=YEAR - 1, published_on=on)
    root.material(CODE_A, "x/sdr-md.md", "self_diagnosis_report", year=YEAR, published_on=on)
    report = run_checks(root.path, AS_OF).report
    return {(f.file.removeprefix(M + "/"), f.code, dict(f.params).get("field")) for f in report.findings}


def _of(found, name):
    return {(c, fld) for f, c, fld in found if f == f"x/{name}.md"}


def test_yearly_kind_needs_a_year(found):
    assert _of(found, "no-year") == {("schema.missing", "year")}


def test_unit_rules(found):
    assert _of(found, "no-unit") == {("schema.missing", "unit")}
    assert _of(found, "bad-unit") == {("ref.unit", None)}
    assert _of(found, "unit-elsewhere") == {("schema.value", "unit")}


def test_plan_rules(found):
    assert _of(found, "no-plan") == {("schema.missing", "plan")}
    assert _of(found, "plan-elsewhere") == {("schema.value", "plan")}


def test_published_after_as_of(found):
    assert ("material.future", None) in _of(found, "future")


def test_attachments(found):
    assert _of(found, "outside") == {("attachment.outside", None)}
    assert _of(found, "missing") == {("attachment.missing", None)}


def test_duplicates(found):
    # the second annual quality report of one year, and a report that also exists as the yml
    assert _of(found, "dup") == {("material.duplicate", None)}
    assert _of(found, "sdr-md") == {("material.duplicate", None)}


def test_the_base_materials_stay_clean(found):
    assert not [x for x in found if not x[0].startswith("x/") and x[0].startswith(("20", "plans/"))]
