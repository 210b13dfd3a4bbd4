"""`portal synth`: a valid, varied, deterministic synthetic root (issue 7)."""
import json
from pathlib import Path

import pytest
import yaml

from conftest import run_portal
from generator import models as m
from generator.rules.report import EFFECTS_MAX, MEASURES_MAX, OPINION_MAX, OVERVIEW_MAX
from generator.synth import MARKER, synthesize
from generator.synth.emit import tiny_pdf, ys
from generator.textcount import count_zi


def tree(root: Path) -> dict[str, bytes]:
    """The generated files (not the check cache a `portal check` of the root leaves behind)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".portal-cache/")}


@pytest.fixture(scope="module")
def synth20(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "root"
    res = run_portal("synth", "--colleges", 20, "--seed", "7", "--out", out)
    assert res.returncode == 0, res.stderr
    return out, res.stdout


def check(root: Path, as_of: str, *extra):
    res = run_portal("check", "--root", root, "--as-of", as_of, "--format", "json", *extra)
    assert res.returncode in (0, 1), res.stderr
    return res.returncode, json.loads(res.stdout)


def test_twenty_colleges_pass_check_without_errors(synth20):
    root, stdout = synth20
    as_of = json.loads((root / MARKER).read_text(encoding="utf-8"))["as_of"]
    assert f"--as-of）：{as_of}" in stdout                 # the date is printed for the user
    rc, doc = check(root, as_of)
    errors = [f for f in doc["findings"] if f["severity"] == "error"]
    assert rc == 0 and errors == [], errors[:5]
    assert len(list((root / "institutions").iterdir())) == 20


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, synth20):
    root, _ = synth20
    again = tmp_path / "again"
    synthesize(again, 20, "7", 2026)
    assert tree(again) == tree(root)
    other = tmp_path / "other"
    synthesize(other, 20, "8", 2026)
    a, b = tree(root), tree(other)
    assert sorted(p for p in a if p.startswith("institutions/")) != sorted(p for p in b if p.startswith("institutions/"))


def test_structure_is_varied_and_complete(synth20):
    root, _ = synth20
    insts = [yaml.safe_load((d / "institution.yml").read_text(encoding="utf-8"))
             for d in sorted((root / "institutions").iterdir())]
    assert all(1 <= len(i["departments"]) <= 5 and 1 <= len(i["faculties"]) <= 5 for i in insts)
    assert len({i["region"] for i in insts}) >= 4
    assert {len(i["departments"]) for i in insts} != {1}
    experts = yaml.safe_load((root / "content/experts.yml").read_text(encoding="utf-8"))["experts"]
    assert len(experts) >= 20
    rounds = sorted(p.name for p in (root / "content/rounds").iterdir())
    assert rounds == ["2024", "2025", "2026"]
    sampled = {rv["institution"] for y in rounds
               for rv in yaml.safe_load((root / f"content/rounds/{y}/round.yml").read_text(encoding="utf-8"))["reviews"]
               if rv["kind"] == "sample"}
    assert 4 * len(sampled) >= len(insts)                      # ≥ 1/4 over the cycle
    kinds = {yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["kind"]
             for p in (root / "institutions").rglob("*.md")}
    assert kinds == set(m.MATERIAL_KINDS) - {"self_diagnosis_report"}   # that one is self-diagnosis/<year>.yml
    assert list((root / "institutions").glob("*/self-diagnosis/*.yml"))
    assert list((root / "institutions").glob("*/files/*/*"))


def test_texts_respect_annex2_limits_and_body_lengths(synth20):
    root, _ = synth20
    reports = list((root / "institutions").glob("*/self-diagnosis/*.yml"))
    assert reports
    for p in reports:
        rep = yaml.safe_load(p.read_text(encoding="utf-8"))
        assert count_zi(rep["overview"]) <= OVERVIEW_MAX
        for el in rep["elements"].values():
            part = count_zi(el["problems"]) + count_zi(el["causes"])
            total = count_zi(el["achievements"]) + part
            assert total <= OPINION_MAX and 2 * part >= total
            assert count_zi(el["measures"]) <= MEASURES_MAX and count_zi(el["effects"]) <= EFFECTS_MAX
    for p in (root / "institutions").rglob("*.md"):
        body = p.read_text(encoding="utf-8").split("---\n", 2)[2]
        assert 250 <= count_zi(body) <= 1800, (p, count_zi(body))


def test_plain_yaml_scalars_round_trip():
    for s in ["吉林船舶职业技术学院", "2024年人才培养质量年度报告", "生师比为17.2:1", "a: b", "含“引号”与#号",
              "50%的专业", "[列表]", "- 开头", "E0001", "true", "2025-01-01"]:
        assert yaml.safe_load(f"k: {ys(s)}\n") == {"k": s}


def test_attachment_pdf_is_well_formed():
    pdf = tiny_pdf("hello")
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split()[0])
    assert pdf[xref:xref + 4] == b"xref"


def test_out_must_be_empty_unless_forced_over_a_synth_output(tmp_path, synth20):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    res = run_portal("synth", "--colleges", 2, "--out", busy)
    assert res.returncode == 2 and "不为空" in res.stderr
    res = run_portal("synth", "--colleges", 2, "--out", busy, "--force")
    assert res.returncode == 2 and (busy / "keep.txt").exists()   # not ours: never removed
    out = tmp_path / "ours"
    assert run_portal("synth", "--colleges", 2, "--out", out).returncode == 0
    res = run_portal("synth", "--colleges", 3, "--out", out, "--force")
    assert res.returncode == 0 and len(list((out / "institutions").iterdir())) == 3
    assert run_portal("synth", "--colleges", 0, "--out", tmp_path / "z").returncode == 2


@pytest.mark.slow
def test_hundred_colleges_pass_check_with_realistic_warnings(tmp_path):
    root = tmp_path / "root"
    summary = synthesize(root, 100, "1", 2026)
    rc, doc = check(root, str(summary.as_of))
    codes = [f["code"] for f in doc["findings"]]
    assert rc == 0 and doc["summary"]["errors"] == 0
    assert {"material.late", "material.pending"} <= set(codes)
    assert doc["summary"]["warnings"] < 100          # a realistic share, not noise
