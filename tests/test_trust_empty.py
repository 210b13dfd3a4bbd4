"""Issue 18 §2: empty is an error, never "no data"; twin files; explicit withdrawal; nothing that
was on the last published site vanishes silently."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import CODE_A, CODE_B
from conftest import run_portal
from generator.check import run_checks
from generator.ledger_publish import publish

AS_OF = dt.date(2025, 6, 1)
LATER = dt.date(2025, 8, 1)
MATERIAL = f"institutions/{CODE_A}/materials/2024/aqr.md"
POLICY = "content/policies/2024-09-10-fangan.md"
NOTICE = "content/notices/2024-12-20-mingdan.md"
# every YAML file the contract defines, and the front matter of every Markdown kind
YAML_FILES = ["site_config.yml", "content/frameworks/bj-2016.yml", f"institutions/{CODE_A}/institution.yml",
              f"institutions/{CODE_A}/self-diagnosis/2025.yml", "content/experts.yml", "content/rounds/2025/round.yml",
              f"content/rounds/2025/reviews/{CODE_A}.yml"]
MD_FILES = [MATERIAL, POLICY, NOTICE]
EMPTY = {"empty": "", "blank-lines": "\n\n  \n", "comment-only": "# 待填\n", "bom-only": "\ufeff",
         "document-marker-only": "---\n"}
WRONG_TOP = {"placeholder-text": "（请填写）\n", "a-list": "- a\n- b\n", "a-number": "2025\n", "null": "null\n"}


def with_docs(root):
    root.write(POLICY, "---\ntitle: 工作方案\nissuer: 测试市教育委员会\nissued_on: 2024-09-10\n---\n正文。\n")
    root.write(NOTICE, "---\ntitle: 2025 年复核名单\ndate: 2024-12-20\n---\n正文。\n")
    return root


def errors_in(checked, rel):
    return [f for f in checked.report.errors if f.file == rel]


def test_the_base_root_with_documents_is_clean(root):
    assert not run_checks(with_docs(root).path, AS_OF).report.errors


@pytest.mark.parametrize("rel", YAML_FILES)
@pytest.mark.parametrize("variant", sorted(EMPTY))
def test_empty_yaml_file_is_an_error(root, rel, variant):
    with_docs(root).write(rel, EMPTY[variant])
    found = errors_in(run_checks(root.path, AS_OF), rel)
    assert [(f.code, f.line) for f in found] == [("file.empty", 1)], found


@pytest.mark.parametrize("rel", YAML_FILES)
@pytest.mark.parametrize("variant", sorted(WRONG_TOP))
def test_wrong_typed_top_level_is_an_error(root, rel, variant):
    with_docs(root).write(rel, WRONG_TOP[variant])
    found = errors_in(run_checks(root.path, AS_OF), rel)
    assert found and {f.code for f in found} <= {"schema.type", "content.placeholder"}, found
    assert all(f.line == 1 for f in found)


@pytest.mark.parametrize("rel", MD_FILES)
@pytest.mark.parametrize("fm", ["", "# 待填\n", "\n"])
def test_empty_front_matter_is_an_error(root, rel, fm):
    with_docs(root).write(rel, f"---\n{fm}---\n正文。\n")
    found = errors_in(run_checks(root.path, AS_OF), rel)
    assert [(f.code, f.line) for f in found] == [("file.empty", 2)], found


def test_emptied_institution_no_longer_passes_and_keeps_its_verdict_honest(root, check_json):
    """The reproduced case: `# 待填` made check exit 0 and the college vanish from the site."""
    root.write(f"institutions/{CODE_A}/institution.yml", "# 待填\n")
    rc, doc = check_json(root)
    assert rc == 1
    assert ("file.empty", f"institutions/{CODE_A}/institution.yml") in [(f["code"], f["file"]) for f in doc["findings"]]


def test_empty_site_config_gives_findings_and_the_build_refuses_without_a_crash(root, tmp_path):
    root.write("site_config.yml", "")
    root.write(f"institutions/{CODE_B}/institution.yml", "")       # a second file's finding is not hidden
    res = run_portal("check", "--root", root.path, "--as-of", "2025-06-01", "--format", "json")
    assert res.returncode == 1, res.stderr
    got = {(f["code"], f["file"]) for f in json.loads(res.stdout)["findings"]}
    assert {("file.empty", "site_config.yml"), ("file.empty", f"institutions/{CODE_B}/institution.yml")} <= got
    res = run_portal("build", "--root", root.path, "--out", tmp_path / "site", "--as-of", "2025-06-01", "--no-pdf")
    assert res.returncode == 1 and "Traceback" not in res.stderr and "内部错误" not in res.stderr, res.stderr
    assert "site_config.yml" in res.stdout + res.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("folder, stem", [("content/rounds/2025/reviews", CODE_A),
                                          (f"institutions/{CODE_A}/self-diagnosis", "2025")])
def test_a_file_present_as_yml_and_yaml_is_an_error(root, folder, stem):
    root.write(f"{folder}/{stem}.yaml", root.read(f"{folder}/{stem}.yml"))
    found = run_checks(root.path, AS_OF).report.errors
    assert [(f.code, f.file) for f in found if f.code == "file.duplicate"] == [("file.duplicate", f"{folder}/{stem}.yml")] \
        or [(f.code, f.file) for f in found if f.code == "file.duplicate"] == [("file.duplicate", f"{folder}/{stem}.yaml")]


def test_institution_yml_beside_institution_yaml_is_an_error(root):
    rel = f"institutions/{CODE_B}/institution"
    root.write(f"{rel}.yaml", root.read(f"{rel}.yml").replace("测试财经职业学院", "另一个名字"))
    assert "file.duplicate" in [f.code for f in run_checks(root.path, AS_OF).report.errors]


# --- explicit withdrawal ----------------------------------------------------------------
def test_status_withdrawn_is_accepted_and_other_values_are_not(root):
    rel = f"institutions/{CODE_B}/institution.yml"
    root.write(rel, root.read(rel) + "status: withdrawn\n")
    checked = run_checks(root.path, AS_OF)
    assert not checked.report.errors
    assert checked.project.colleges[CODE_B].info.status == "withdrawn"
    root.write(rel, root.read(rel).replace("status: withdrawn", "status: gone"))
    assert [f.code for f in errors_in(run_checks(root.path, AS_OF), rel)] == ["schema.type"]


def test_a_withdrawn_college_is_not_sampled_nor_judged_on_duties(root):
    """A college that left the scheme owes no self-diagnosis in later cycles (cycle.uncovered)."""
    rel = f"institutions/{CODE_B}/institution.yml"
    late = dt.date(2028, 3, 1)
    before = [f for f in run_checks(root.path, late).report.findings if f.institution == CODE_B]
    assert "cycle.uncovered" in [f.code for f in before]
    root.write(rel, root.read(rel) + "status: withdrawn\n")
    after = run_checks(root.path, late)
    assert not [f for f in after.report.findings if f.institution == CODE_B and f.code.startswith(("cycle.", "verdict."))]
    assert after.outcome.cycles and all(c.sampling.total == 1 for c in after.outcome.cycles.values())


# --- what the last published site showed -------------------------------------------------
def published(root):
    publish(root.path, dt.datetime(2025, 5, 1, 2, 0, tzinfo=dt.timezone.utc))
    assert (root.path / "content/ledger/publications.jsonl").is_file()
    return root


def vanished(root, as_of=AS_OF):
    return [f for f in run_checks(root.path, as_of).report.errors if f.code == "publish.vanished"]


def test_a_published_college_whose_institution_file_breaks_is_reported(root):
    published(root)
    assert not vanished(root)
    root.write(f"institutions/{CODE_A}/institution.yml", "# 待填\n")
    found = vanished(root)
    assert [(f.file, f.institution) for f in found] == [(f"institutions/{CODE_A}/institution.yml", CODE_A)]
    assert "公示台账" in found[0].message() and "status: withdrawn" in found[0].message()


def test_a_published_college_whose_folder_is_removed_is_reported(root):
    published(root)
    root.remove(f"institutions/{CODE_A}")
    assert [f.institution for f in vanished(root)] == [CODE_A]


def test_an_explicitly_withdrawn_published_college_is_not_reported(root):
    published(root)
    rel = f"institutions/{CODE_A}/institution.yml"
    root.write(rel, root.read(rel) + "status: withdrawn\n")
    assert not vanished(root)


def last_build(root, *verdicts):
    recs = [{"year": y, "code": c, "published_on": d} for y, c, d in verdicts]
    root.write("site/data/verdicts.json", json.dumps({"dataset": "verdicts", "records": recs}))
    root.write("site/data/colleges.json", json.dumps({"dataset": "colleges", "records": [{"code": CODE_A}]}))


def test_a_published_verdict_whose_review_file_is_removed_is_reported(root):
    last_build(root, (2025, CODE_A, "2025-06-30"))
    assert not vanished(root, LATER)
    root.remove(f"content/rounds/2025/reviews/{CODE_A}.yml")
    found = vanished(root, LATER)
    assert [f.file for f in found] == [f"content/rounds/2025/reviews/{CODE_A}.yml"]
    assert "复核结论" in found[0].message() and "site/data/verdicts.json" in found[0].message()


def test_a_published_verdict_moved_into_the_future_is_reported(root):
    last_build(root, (2025, CODE_A, "2025-06-30"))
    root.replace(f"content/rounds/2025/reviews/{CODE_A}.yml", "published_on: 2025-06-30", "published_on: 2025-09-30")
    found = vanished(root, LATER)
    assert [(f.file, f.line) for f in found] == [(f"content/rounds/2025/reviews/{CODE_A}.yml", 19)]


def test_checking_an_earlier_day_does_not_see_later_verdicts(root):
    last_build(root, (2025, CODE_A, "2025-06-30"))
    root.remove(f"content/rounds/2025/reviews/{CODE_A}.yml")
    assert not vanished(root, dt.date(2025, 6, 29))


def test_a_college_of_the_last_build_whose_folder_is_gone_is_reported(root):
    last_build(root)
    root.remove(f"institutions/{CODE_A}")
    assert [f.institution for f in vanished(root)] == [CODE_A]


# --- placeholders (issue 18 §3): one detector for every file kind ----------------------------
@pytest.mark.parametrize("rel, old, new", [
    (f"institutions/{CODE_A}/institution.yml", "name: 测试工业职业技术学院", "name: （请填写学校全称）"),
    (MATERIAL, "title: annual_quality_report 2024", "title: （请填写标题）"),
    (MATERIAL, "正文。", "第一段。\n\n（请填写材料正文或摘要）"),
    (f"institutions/{CODE_A}/self-diagnosis/2025.yml", "signed_by: 王某某", "signed_by: (请填写校长姓名)"),
    (f"content/rounds/2025/reviews/{CODE_A}.yml", "summary: 专家组认为该校自我诊改工作扎实。", "summary: （请填写专家组复核意见）"),
    ("content/experts.yml", "affiliation: 测试大学", "affiliation: （请填写工作单位）"),
    (POLICY, "title: 工作方案", "title: （请填写标题）"),
    (NOTICE, "正文。", "（请填写）"),
])
def test_an_untouched_placeholder_is_an_error_in_every_kind(root, rel, old, new):
    with_docs(root).replace(rel, old, new)
    found = errors_in(run_checks(root.path, AS_OF), rel)
    assert [f.code for f in found] == ["content.placeholder"], found
    assert found[0].line >= 1 and "请填写" in found[0].message()


def test_prose_asking_to_fill_in_a_form_is_not_a_placeholder(root):
    with_docs(root).replace(NOTICE, "正文。", "请填写附件中的申请表，并于月底前报送。")
    assert not run_checks(root.path, AS_OF).report.errors
