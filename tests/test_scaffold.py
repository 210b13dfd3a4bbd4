"""`portal new …`: skeletons that are refused by `portal check` until every placeholder and empty
date is filled in (issue 18 §3), then pass; never overwrite; say what's next."""
import os
import re

import pytest

from builders import CODE_A, CODE_B, dedent
from conftest import codes, run_portal

NEW = "4111010099"
AS_OF = "2026-03-01"


def new(root, *args, lang="zh"):
    return run_portal("new", *args, "--root", root.path, "--as-of", AS_OF, "--lang", lang)


PLACEHOLDER = re.compile(r"（请填写([^）]*)）")
EMPTY_DATE = re.compile(r"^(\s*)(published_on|signed_on|joined_on):\s*$", re.M)


def fill(path, day="2026-01-15", match="true", measures="strong"):
    """What a clerk does with a skeleton: replace each placeholder and fill in each empty field."""
    text = path.read_text(encoding="utf-8")
    text = PLACEHOLDER.sub(lambda mt: mt.group(1) + "内容", text)
    text = EMPTY_DATE.sub(lambda mt: f"{mt.group(1)}{mt.group(2)}: {day}", text)
    text = text.replace("{match: null}", "{match: %s}" % match).replace("measures:\n", f"measures: {measures}\n")
    path.write_text(text, encoding="utf-8")


def modeline_target(path):
    first = path.read_text(encoding="utf-8").splitlines()
    line = next(ln for ln in first[:2] if "yaml-language-server" in ln)
    rel = re.search(r"\$schema=(\S+)", line).group(1)
    return (path.parent / rel).resolve()


def test_new_college_with_every_material_passes_check(root, check_json):
    assert run_portal("schemas", "--root", root.path).returncode == 0
    res = new(root, "institution", NEW, "--name", "新建职业技术学院")
    assert res.returncode == 0, res.stderr
    inst = root.path / f"institutions/{NEW}/institution.yml"
    assert "name: \"新建职业技术学院\"" in inst.read_text(encoding="utf-8")
    # The clerk adds a department; its yearly report is then required and accepted.
    root.replace(f"institutions/{NEW}/institution.yml", "departments: []", "departments:\n  - {id: jwc, name: 教务处}")
    root.write("content/rounds/2026/round.yml", dedent(f"""
        year: 2026
        announced_on: 2025-12-20
        reviews:
          - {{institution: "{NEW}", kind: sample, start: 2026-05-11, end: 2026-05-13}}
        """))
    written = [inst]
    for args in (["--kind", "self_diagnosis_report", "--year", "2026"],
                 *(["--kind", k, "--year", y] for k in ("annual_quality_report", "state_data_report")
                   for y in ("2024", "2025")),
                 *(["--kind", "annual_self_diagnosis", "--year", y, "--unit", u]
                   for y in ("2024", "2025") for u in ("school", "jwc")),
                 ["--kind", "development_plans", "--plan", "development"],
                 ["--kind", "development_plans", "--plan", "qa_system"],
                 ["--kind", "regional_plan"]):
        res = new(root, "material", "--institution", NEW, *args)
        assert res.returncode == 0, (args, res.stderr)
        rel = re.search(r"已创建 (\S+)", res.stdout).group(1)
        written.append(root.path / rel)
    rc, doc = check_json(root, "--institution", NEW, as_of=AS_OF)
    # As written, a skeleton cannot pass: its placeholders and empty dates are errors.
    assert rc == 1 and set(codes(doc)) >= {"content.placeholder", "schema.missing"}, doc
    assert {f["code"] for f in doc["findings"] if f["severity"] == "error"} <= {"content.placeholder", "schema.missing"}
    texts = {p: p.read_text(encoding="utf-8") for p in written}
    for p in written:
        fill(p)
    rc, doc = check_json(root, "--institution", NEW, as_of=AS_OF)
    assert rc == 0, doc
    assert not [f for f in doc["findings"] if f["severity"] == "error"]
    # Every required material is there and on time: nothing about materials or the report.
    assert not [c for c in codes(doc) if c.startswith(("material.", "report.", "schema.", "ref."))], doc
    for path in written:
        text = texts[path]
        assert "（请填写" in text, path             # obviously a placeholder
        assert AS_OF not in text, path            # no date is prefilled
        assert modeline_target(path).is_file(), path  # the editor finds its schema
    sd = (root.path / f"institutions/{NEW}/self-diagnosis/2026.yml").read_text(encoding="utf-8")
    assert sd.count("achievements:") == 15 and '"5.4":' in sd and "诊断点：" in sd
    # …and the new college appears on the site with its materials.
    site = root.path.parent / "site"
    res = run_portal("build", "--root", root.path, "--out", site, "--as-of", AS_OF, "--no-pdf")
    assert res.returncode == 0, res.stderr
    assert "新建职业技术学院" in (site / f"colleges/{NEW}/index.html").read_text(encoding="utf-8")
    pages = [p for p in (site / f"colleges/{NEW}/materials").iterdir() if (p / "index.html").is_file()]
    assert len(pages) == len(written) - 2   # every Markdown material (not institution.yml, not the report)


def test_new_review_is_refused_until_filled_in(root, check_json):
    """Issue 18 §3: `portal new review` prefilled today's date (a verdict published before the
    review happened) and `match: true` everywhere; now nothing is prefilled."""
    root.remove(f"content/rounds/2025/reviews/{CODE_A}.yml")
    res = new(root, "review", "--year", "2025", "--institution", CODE_A)
    assert res.returncode == 0, res.stderr
    rel = f"content/rounds/2025/reviews/{CODE_A}.yml"
    text = root.read(rel)
    assert text.startswith("# yaml-language-server: $schema=../../../../schemas/review.schema.json\n")
    assert text.count("{match: null}") == 15 and "verdict:" not in text.replace("# 复核结论", "")
    assert AS_OF not in text and "{match: true}" not in text and "measures: mixed" not in text
    rc, doc = check_json(root, as_of=AS_OF)
    assert rc == 1
    errors = [f for f in doc["findings"] if f["severity"] == "error"]
    assert errors and {f["file"] for f in errors} == {rel}
    assert {f["code"] for f in errors} == {"content.placeholder", "schema.missing"}
    fill(root.path / rel, day="2025-06-20")
    rc, doc = check_json(root, as_of=AS_OF)
    assert rc == 0, doc


def test_refuses_to_overwrite(root):
    assert new(root, "institution", NEW).returncode == 0
    path = root.path / f"institutions/{NEW}/institution.yml"
    path.write_text("# 已编辑\n", encoding="utf-8")
    res = new(root, "institution", NEW, "--name", "另一所")
    assert res.returncode == 1
    assert "已存在" in res.stderr and "未作任何修改" in res.stderr
    assert path.read_text(encoding="utf-8") == "# 已编辑\n"
    res = new(root, "review", "--year", "2025", "--institution", CODE_A)   # the base root has it
    assert res.returncode == 1 and f"reviews/{CODE_A}.yml 已存在" in res.stderr


def test_refuses_a_second_file_for_the_same_material(root):
    before = sorted(p for p in (root.path / f"institutions/{CODE_A}").rglob("*") if p.is_file())
    res = new(root, "material", "--institution", CODE_A, "--kind", "annual_quality_report", "--year", "2024")
    assert res.returncode == 1
    assert f"institutions/{CODE_A}/materials/2024/aqr.md" in res.stderr
    res = new(root, "material", "--institution", CODE_A, "--kind", "self_diagnosis_report", "--year", "2025")
    assert res.returncode == 1 and "self-diagnosis/2025.yml" in res.stderr
    after = sorted(p for p in (root.path / f"institutions/{CODE_A}").rglob("*") if p.is_file())
    assert before == after


@pytest.mark.parametrize("args, text", [
    (["institution", "41110"], "10 位数字"),
    (["material", "--institution", CODE_A, "--kind", "annual_quality_report"], "--year"),
    (["material", "--institution", CODE_A, "--kind", "annual_self_diagnosis", "--year", "2024"], "--unit"),
    (["material", "--institution", CODE_A, "--kind", "annual_self_diagnosis", "--year", "2024", "--unit", "xyz"],
     "jwc"),
    (["material", "--institution", CODE_A, "--kind", "development_plans"], "--plan"),
    (["material", "--institution", CODE_A, "--kind", "development_plans", "--plan", "../x"], "--plan"),
    (["material", "--institution", CODE_A, "--kind", "regional_plan", "--year", "2024"], "--year"),
    (["material", "--institution", CODE_A, "--kind", "no_such_kind"], "no_such_kind"),
])
def test_usage_errors_exit_2(root, args, text):
    res = new(root, *args)
    assert res.returncode == 2, res.stdout
    assert text in res.stderr
    assert "Traceback" not in res.stderr


def test_preconditions_exit_1(root):
    res = new(root, "material", "--institution", "4111010098", "--kind", "regional_plan")
    assert res.returncode == 1 and "portal new institution 4111010098" in res.stderr
    res = new(root, "review", "--year", "2025", "--institution", CODE_B)
    assert res.returncode == 1 and "复核名单中没有院校" in res.stderr
    res = new(root, "review", "--year", "2031", "--institution", CODE_A)
    assert res.returncode == 1 and "round.yml" in res.stderr
    assert not (root.path / f"content/rounds/2025/reviews/{CODE_B}.yml").exists()


def test_prints_next_steps_in_both_languages(root):
    res = new(root, "material", "--institution", CODE_B, "--kind", "regional_plan")
    assert res.returncode == 0, res.stderr
    rel = f"institutions/{CODE_B}/materials/regional-plan.md"
    assert f"已创建 {rel}" in res.stdout
    for step in (f"编辑 {rel}", f"portal check --institution {CODE_B}", "make serve", "http://127.0.0.1:8000/",
                 f"git add {rel}"):
        assert step in res.stdout
    os.remove(root.path / rel)
    res = new(root, "material", "--institution", CODE_B, "--kind", "regional_plan", lang="en")
    assert res.returncode == 0, res.stderr
    assert f"created {rel}" in res.stdout and "Next:" in res.stdout and "pull request" in res.stdout
    assert "已创建" not in res.stdout


def test_options_after_the_sub_verb(root, tmp_path):
    # `portal new --root R institution X` and `portal new institution X --root R` both work.
    res = run_portal("new", "institution", NEW, "--root", root.path, "--lang", "en")
    assert res.returncode == 0, res.stderr
    assert (root.path / f"institutions/{NEW}/institution.yml").is_file() and "created" in res.stdout
    res = run_portal("new", "--root", tmp_path, "institution", NEW)
    assert res.returncode == 2 and "site_config.yml" in res.stderr
