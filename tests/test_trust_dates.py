"""Issue 18 §4–5 and issue 19 defect 8: dates and references agree, every number and date has a
documented range checked before any rule runs, and bad values give findings, never tracebacks."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import CODE_A, CODE_B, REPO, START
from conftest import run_portal
from generator.check import run_checks
from generator.site.opendata_tables import published_verdicts

AS_OF = dt.date(2025, 6, 1)
LATER = dt.date(2025, 8, 1)
ROUND = "content/rounds/2025/round.yml"
REVIEW_A = f"content/rounds/2025/reviews/{CODE_A}.yml"
INST_A = f"institutions/{CODE_A}/institution.yml"
MATERIAL = f"institutions/{CODE_A}/materials/2024/aqr.md"


def found(root, as_of=AS_OF, code=None):
    fs = run_checks(root.path, as_of).report.errors
    return [(f.code, f.file, f.line) for f in fs if code is None or f.code == code]


# --- dates and references (§4) ------------------------------------------------------------
def test_verdict_published_before_the_review_ended(root):
    root.replace(REVIEW_A, "published_on: 2025-06-30", "published_on: 2025-05-13")   # the review ends 05-14
    fs = run_checks(root.path, LATER).report.errors
    assert [(f.code, f.file, f.line) for f in fs] == [("verdict.before_review", REVIEW_A, 19)]
    assert "seed 000 §四(三)1" in fs[0].message() and "2025-05-14" in fs[0].message()


def test_verdict_published_on_the_last_review_day_is_accepted(root):
    root.replace(REVIEW_A, "published_on: 2025-06-30", "published_on: 2025-05-14")
    assert not found(root, LATER)


def test_a_verdict_after_as_of_is_not_shown_or_counted(root):
    """rules.verdict.is_published: until its day the verdict is in no history, list or open data."""
    checked = run_checks(root.path, dt.date(2025, 6, 29))
    assert (2025, CODE_A) in checked.outcome.verdicts                    # computed (and checked) …
    assert not checked.outcome.statuses[CODE_A].history                  # … but not counted
    assert not published_verdicts(checked.outcome)                        # nor published as open data
    after = run_checks(root.path, dt.date(2025, 6, 30))
    assert after.outcome.statuses[CODE_A].history and published_verdicts(after.outcome)


def test_review_end_before_start(root):
    root.replace(ROUND, "end: 2025-05-14", "end: 2025-05-10")
    assert found(root) == [("round.dates", ROUND, 8)]


def test_review_start_outside_the_round_year(root):
    root.replace(ROUND, f"start: {START}", "start: 2024-12-30")
    assert ("round.dates", ROUND, 7) in found(root)


def test_the_same_college_twice_in_one_round(root):
    text = root.read(ROUND)
    entry = text[text.index("  - institution"):]
    root.write(ROUND, text + entry.replace("2025-05-12", "2025-09-01").replace("2025-05-14", "2025-09-03"))
    assert ("round.duplicate", ROUND, 10) in found(root)


def test_a_review_for_a_college_not_on_that_years_list(root):
    """Issue 19 defect 8: a verdict for a college not on the year's list was accepted."""
    root.write(f"content/rounds/2025/reviews/{CODE_B}.yml",
               root.read(REVIEW_A).replace(CODE_A, CODE_B))
    fs = run_checks(root.path, LATER).report.errors
    assert [(f.code, f.file) for f in fs] == [("ref.not_listed", f"content/rounds/2025/reviews/{CODE_B}.yml")]
    assert "seed 000 §四(二)3" in fs[0].message()


def test_a_review_in_a_year_without_a_round(root):
    root.write(f"content/rounds/2026/reviews/{CODE_A}.yml", root.read(REVIEW_A))
    assert ("ref.not_listed", f"content/rounds/2026/reviews/{CODE_A}.yml", 1) in found(root, LATER)


def test_review_filename_differs_from_its_institution(root):
    """It silently replaced the other college's review."""
    root.write(f"content/rounds/2025/reviews/{CODE_B}.yml", root.read(REVIEW_A))
    checked = run_checks(root.path, LATER)
    assert [(f.code, f.file) for f in checked.report.errors] == [("ref.filename", f"content/rounds/2025/reviews/{CODE_B}.yml")]
    assert checked.project.reviews[(2025, CODE_A)].loc().file == REVIEW_A


@pytest.mark.parametrize("url", ["javascript:alert(1)", "www.example.edu.cn/a", "/zlbg/2024.html", "ftp://x.cn/a",
                                 "https://", "http:// x.cn"])
def test_source_url_must_be_absolute_http(root, url):
    root.replace(MATERIAL, "published_on:", f"source_url: \"{url}\"\npublished_on:")
    assert [c for c, f, _ in found(root) if f == MATERIAL] == ["schema.value"]


@pytest.mark.parametrize("url", ["https://www.example.edu.cn/zlbg/2024.html", "http://10.0.0.1/a?b=c#d"])
def test_absolute_source_urls_are_accepted(root, url):
    root.replace(MATERIAL, "published_on:", f"source_url: \"{url}\"\npublished_on:")
    assert not found(root)


# --- ranges (§5) --------------------------------------------------------------------------
CONFIG_CASES = {"disclosure_days": ["1000000000000", "0", "-1", "366"],
                "improvement_months": ["0", "-1", "99999999999999", "121"],
                "cycle_years": ["0", "-3", "100000000000000000000", "21"],
                "cycle_start": ["1", "-2025", "9999"]}


@pytest.mark.parametrize("key, value", [(k, v) for k, vs in CONFIG_CASES.items() for v in vs])
def test_rule_numbers_out_of_range(root, key, value):
    text = root.read("site_config.yml")
    text = text.replace("rules:\n", f"rules:\n  {key}: {value}\n") if f"  {key}:" not in text else \
        "\n".join(f"  {key}: {value}" if ln.startswith(f"  {key}:") else ln for ln in text.split("\n"))
    root.write("site_config.yml", text)
    res = run_portal("check", "--root", root.path, "--as-of", "2025-06-01", "--format", "json")
    assert res.returncode == 1, res.stderr
    got = [(f["code"], f["file"]) for f in json.loads(res.stdout)["findings"] if f["severity"] == "error"]
    assert got == [("schema.range", "site_config.yml")]


@pytest.mark.parametrize("value", ["9" * 5000, "-5", "1000001", "99999999999"])
def test_students_out_of_range(root, value):
    root.replace(INST_A, "students: 8200", f"students: {value}")
    assert [c for c, f, _ in found(root) if f == INST_A] == ["schema.range"]


def test_students_with_5000_digits_does_not_crash_the_cli(root):
    root.replace(INST_A, "students: 8200", "students: " + "9" * 5000)
    res = run_portal("check", "--root", root.path, "--as-of", "2025-06-01")
    assert res.returncode == 1 and "schema.range" in res.stdout and "Traceback" not in res.stderr


@pytest.mark.parametrize("year", ["1", "-2025", "9999", "1999", "2101"])
def test_round_year_out_of_range(root, year):
    root.replace(ROUND, "year: 2025", f"year: {year}")
    res = run_portal("check", "--root", root.path, "--as-of", "2025-06-01", "--format", "json")
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    codes = [(f["code"], f["file"]) for f in json.loads(res.stdout)["findings"] if f["severity"] == "error"]
    assert ("schema.range", ROUND) in codes


def test_round_year_differs_from_its_folder(root):
    root.replace(ROUND, "year: 2025", "year: 2026")
    assert ("schema.value", ROUND, 1) in found(root)


@pytest.mark.parametrize("rel, old, new", [
    (MATERIAL, "published_on: 2025-04-12", "published_on: 0001-01-01"),
    (MATERIAL, "published_on: 2025-04-12", "published_on: 1999-12-31"),
    (REVIEW_A, "published_on: 2025-06-30", "published_on: 2101-01-01"),
    (ROUND, "announced_on: 2024-12-20", "announced_on: 0001-01-01"),
])
def test_dates_out_of_range(root, rel, old, new):
    root.replace(rel, old, new)
    assert ("schema.range", rel) in [(c, f) for c, f, _ in found(root)]


@pytest.mark.parametrize("value", ['"16/15"', '"1' + "0" * 5000 + '/3"', '"1/0"'])
def test_ratios_are_valid_fractions(root, value):
    root.replace("site_config.yml", "rules:\n", f"rules:\n  min_sample_fraction: {value}\n")
    assert [c for c, f, _ in found(root) if f == "site_config.yml"] in (["schema.range"], ["schema.type"])


def test_expert_ids_are_unique(root):
    root.replace("content/experts.yml", "id: E002", "id: E001")
    assert ("schema.duplicate_id", "content/experts.yml", 3) in found(root)


def test_unit_ids_are_unique(root):
    root.replace(INST_A, "{id: jdx,", "{id: jwc,")
    assert [c for c, f, _ in found(root) if f == INST_A] == ["schema.duplicate_id"]


def test_a_schema_error_in_one_file_does_not_hide_the_others(root):
    root.replace("site_config.yml", "disclosure_days: 30", "disclosure_days: -1")
    root.replace(MATERIAL, "published_on: 2025-04-12", "published_on: 2025-12-01")        # material.future
    root.replace(ROUND, "end: 2025-05-14", "end: 2025-05-10")                             # round.dates
    codes = {c for c, _, _ in found(root)}
    assert {"schema.range", "material.future", "round.dates"} <= codes


def test_ranges_are_in_the_json_schemas():
    inst = json.loads((REPO / "schemas/institution.schema.json").read_text(encoding="utf-8"))
    assert (inst["properties"]["students"]["minimum"], inst["properties"]["students"]["maximum"]) == (0, 1_000_000)
    cfg = json.loads((REPO / "schemas/site_config.schema.json").read_text(encoding="utf-8"))
    rules = cfg["$defs"]["Rules"]["properties"]
    assert rules["cycle_years"]["minimum"] == 1 and rules["disclosure_days"]["maximum"] == 365
    rnd = json.loads((REPO / "schemas/round.schema.json").read_text(encoding="utf-8"))
    assert (rnd["properties"]["year"]["minimum"], rnd["properties"]["year"]["maximum"]) == (2000, 2100)
    assert "2100" in rnd["properties"]["announced_on"]["pattern"]


def test_effective_threshold_below_abnormal_threshold(root):
    root.replace("site_config.yml", "rules:\n", 'rules:\n  verdict: {effective_min: "9/15", abnormal_below: "10/15"}\n')
    assert [c for c, f, _ in found(root) if f == "site_config.yml"] == ["schema.value"]


def test_scale_bands_must_rise(root):
    root.replace("site_config.yml", "rules:\n", "rules:\n  scale_bands: [10000, 5000]\n")
    assert [c for c, f, _ in found(root) if f == "site_config.yml"] == ["schema.value"]
