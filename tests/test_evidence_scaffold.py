"""`portal new indicators|tasks|specialty` (generator/scaffold_evidence.py): skeletons with no
prefilled dates are errors until filled in, then pass; never overwrite; bad options refused."""
import datetime as dt
import re

from builders import CODE_A
from conftest import run_portal
from generator.check import run_checks

AS_OF = "2027-03-01"


def new(root, *args):
    return run_portal("new", *args, "--root", root.path, "--as-of", AS_OF)


def evidence_findings(root):
    c = run_checks(root.path, dt.date(2027, 3, 1))
    return [f for f in c.report.findings if re.search(r"/(indicators|tasks|specialties)/", f.file)]


def test_skeletons_are_errors_until_filled(root):
    for args in (("indicators",), ("tasks",), ("specialty", "--code", "460301", "--name", "机电一体化技术",
                                                "--faculty", "jdx")):
        res = new(root, *args, "--institution", CODE_A, "--year", "2026")
        assert res.returncode == 0, res.stderr
    rels = [f"institutions/{CODE_A}/indicators/2026.yml", f"institutions/{CODE_A}/tasks/2026.yml",
            f"institutions/{CODE_A}/specialties/460301/2026.yml"]
    for rel in rels:
        assert "yaml-language-server: $schema=" in root.read(rel)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", root.read(rel)), rel      # no prefilled dates
    before = evidence_findings(root)
    assert {f.file for f in before if f.severity == "error"} == set(rels)
    # fill in what the comments ask for
    root.replace(rels[0], "published_on:", "published_on: 2027-02-01")
    root.replace(rels[0], "（请填写指标标识，如 ssb）", "ssb")
    root.replace(rels[0], "（请填写要素编号）", "3.1")
    root.replace(rels[0], "value: null}", "value: 18}")
    root.replace(rels[0], "value: null}", "value: 20}")
    root.replace(rels[0], "result:", "result: 17")
    root.replace(rels[1], "published_on:", "published_on: 2026-02-01")
    root.replace(rels[1], "（请填写要素编号）", "2.2")
    root.replace(rels[1], "    due:", "    due: 2027-06")
    root.replace(rels[2], "published_on:", "published_on: 2027-01-10")
    assert [f.code for f in evidence_findings(root) if f.severity == "error"] == []


def test_never_overwrites(root):
    assert new(root, "tasks", "--institution", CODE_A, "--year", "2026").returncode == 0
    res = new(root, "tasks", "--institution", CODE_A, "--year", "2026")
    assert res.returncode == 1 and "已存在" in res.stderr


def test_specialty_options_checked(root):
    res = new(root, "specialty", "--institution", CODE_A, "--year", "2026", "--code", "46030", "--faculty", "jdx")
    assert res.returncode == 2 and "6 位" in res.stderr
    res = new(root, "specialty", "--institution", CODE_A, "--year", "2026", "--code", "460301", "--faculty", "jwc")
    assert res.returncode == 2 and "jdx" in res.stderr
    assert not (root.path / f"institutions/{CODE_A}/specialties").exists()
