"""Loader branches reached through the public checker: folder names that disagree with the file
inside, a missing institution.yml, front matter closed by "..." or not closed, an empty evidence
file, a review filed under another college's name."""
from __future__ import annotations

import datetime as dt

from builders import CODE_A, CODE_B, YEAR
from generator.check import run_checks

AS_OF = dt.date(2025, 7, 1)


def _findings(root):
    return [(f.file, f.code, dict(f.params).get("field")) for f in run_checks(root.path, AS_OF).report.findings]


def test_round_year_differs_from_its_folder(root):
    root.write("content/rounds/2023/round.yml", root.read(f"content/rounds/{YEAR}/round.yml"))
    got = _findings(root)
    assert ("content/rounds/2023/round.yml", "schema.value", "year") in got


def test_a_round_folder_not_named_by_a_year_is_not_read_for_reviews(root):
    root.write("content/rounds/draft/reviews/x.yml", "not: [valid\n")
    assert not [f for f, _c, _fld in _findings(root) if f.startswith("content/rounds/draft/")]


def test_institution_code_differs_from_its_folder(root):
    root.replace(f"institutions/{CODE_B}/institution.yml", f'code: "{CODE_B}"', 'code: "4111010003"')
    assert (f"institutions/{CODE_B}/institution.yml", "schema.value", "code") in _findings(root)


def test_missing_institution_file(root):
    root.remove(f"institutions/{CODE_B}/institution.yml")
    rel = f"institutions/{CODE_B}/institution.yml"
    assert (rel, "schema.missing", rel) in _findings(root)


def test_front_matter_closed_by_dots_is_read(root):
    rel = root.material(CODE_A, "extra/dots.md", "regional_plan", published_on=dt.date(2025, 1, 2))
    root.write(rel, root.read(rel).replace("\n---\n正文", "\n...\n正文"))
    root.remove(f"institutions/{CODE_A}/materials/plans/regional.md")
    got = [x for x in _findings(root) if x[0] == rel]
    assert got == []


def test_unclosed_or_absent_front_matter(root):
    rel = f"institutions/{CODE_A}/materials/extra/open.md"
    root.write(rel, "---\nkind: regional_plan\ntitle: x\n")
    plain = f"institutions/{CODE_A}/materials/extra/plain.md"
    root.write(plain, "# 只有正文\n")
    got = _findings(root)
    assert (rel, "file.front_matter", None) in got
    assert (plain, "file.front_matter", None) in got


def test_empty_evidence_file(root):
    rel = f"institutions/{CODE_A}/indicators/{YEAR}.yml"
    root.write(rel, "# 待填写\n")
    assert (rel, "evidence.empty", None) in _findings(root)


def test_review_filed_under_another_college(root):
    text = root.read(f"content/rounds/{YEAR}/reviews/{CODE_A}.yml")
    root.write(f"content/rounds/{YEAR}/reviews/{CODE_B}.yml", text)
    got = {c for f, c, _fld in _findings(root) if f == f"content/rounds/{YEAR}/reviews/{CODE_B}.yml"}
    assert "ref.filename" in got
