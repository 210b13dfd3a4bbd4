"""JSON Schemas in schemas/: generated from the models, committed up to date, and agreeing with
the checker on real files (the demo, the scratch root) and on typical mistakes."""
import glob
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from builders import REPO
from conftest import run_portal
from generator import jsonschema as gen
from generator.modelinfo import FILES, is_required, model_fields, nested_models

GLOBS = {"site_config": "site_config.yml", "framework": "content/frameworks/*.yml",
         "institution": "institutions/*/institution.yml", "material": "institutions/*/materials/**/*.md",
         "self-diagnosis": "institutions/*/self-diagnosis/*.yml", "experts": "content/experts.yml",
         "round": "content/rounds/*/round.yml", "review": "content/rounds/*/reviews/*.yml",
         "policy": "content/policies/*.md", "notice": "content/notices/*.md",
         "indicators": "institutions/*/indicators/*.yml", "tasks": "institutions/*/tasks/*.yml",
         "specialty": "institutions/*/specialties/*/*.yml"}


class _Yaml12(yaml.SafeLoader):
    """Dates stay strings, as in the YAML 1.2 core schema editors use."""


_Yaml12.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".md":
        text = text.split("---\n", 2)[1]
    return yaml.load(text, _Yaml12)


def validator(stem: str):
    schema = json.loads((REPO / "schemas" / f"{stem}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schemas_are_up_to_date():
    assert gen.stale(REPO / "schemas") == [], "run: portal schemas"
    assert sorted(p.name for p in (REPO / "schemas").glob("*.json")) == sorted(f"{s}.schema.json" for s in gen.stems())


def test_check_option_detects_a_stale_schema(tmp_path):
    assert run_portal("schemas", "--check", "--root", REPO).returncode == 0
    out = tmp_path / "schemas"
    assert run_portal("schemas", "--out", out).returncode == 0
    (out / "review.schema.json").write_text("{}\n", encoding="utf-8")
    res = run_portal("schemas", "--check", "--out", out)
    assert res.returncode == 1 and "review.schema.json" in res.stderr and "portal schemas" in res.stderr
    assert run_portal("schemas", "--out", out).returncode == 0
    assert run_portal("schemas", "--check", "--out", out).returncode == 0


@pytest.mark.parametrize("stem", list(FILES))
def test_schema_mirrors_the_model(stem):
    schema = gen.file_schema(stem)
    cls = FILES[stem][0]
    for name, obj in [(cls.__name__, schema), *((n, schema["$defs"][n]) for n in nested_models(cls))]:
        model = cls if name == cls.__name__ else nested_models(cls)[name]
        fields = model_fields(model)
        assert list(obj["properties"]) == [f.name for f in fields], name
        assert obj.get("required", []) == [f.name for f in fields if is_required(f)], name
        assert obj["additionalProperties"] is False
        assert all(p.get("description") for p in obj["properties"].values()), name


@pytest.mark.parametrize("base", ["demo", "scratch"])
def test_real_files_validate(base, root):
    top = REPO if base == "demo" else root.path
    seen = 0
    for stem, pattern in GLOBS.items():
        v = validator(stem)
        for p in sorted(glob.glob(str(top / pattern), recursive=True)):
            errors = [e.message for e in v.iter_errors(load(Path(p)))]
            assert errors == [], (p, errors)
            seen += 1
    assert seen >= (100 if base == "demo" else 20)


def bad(stem, doc) -> list[str]:
    return [e.message for e in validator(stem).iter_errors(doc)]


def test_schemas_refuse_typical_mistakes():
    inst = {"code": "4111010001", "name": "甲", "region": "东湖区", "students": 100, "categories": ["装备制造大类"]}
    assert bad("institution", inst) == []
    assert bad("institution", {**inst, "regoin": "x"})                 # unknown key
    assert bad("institution", {**inst, "code": 4111010001})            # unquoted code
    assert bad("institution", {**inst, "code": "411101000"})           # 9 digits
    assert bad("institution", {**inst, "categories": []})              # min_items
    assert bad("institution", {**inst, "departments": [{"id": "教务处", "name": "教务处"}]})  # unit id pattern
    mat = {"kind": "annual_quality_report", "year": 2024, "title": "t", "published_on": "2025-01-20"}
    assert bad("material", mat) == []
    assert bad("material", {**mat, "published_on": "2025-02-30"})     # impossible date
    assert bad("material", {**mat, "kind": "quality_report"})          # not a kind
    assert bad("material", {k: v for k, v in mat.items() if k != "year"})   # yearly kind needs year
    assert bad("material", {**mat, "kind": "annual_self_diagnosis"})   # needs unit
    assert bad("material", {**mat, "kind": "development_plans", "year": None})   # needs plan
    assert bad("material", {**mat, "kind": "regional_plan", "year": None}) == []
    cfg = {"site": {"name": "n", "authority": "a", "secretariat": "s", "url": "https://x.org/"}, "framework": "bj-2016"}
    assert bad("site_config", cfg) == []
    assert bad("site_config", {**cfg, "rules": {"verdict": {"effective_min": "12:15"}}})
    assert bad("site_config", {**cfg, "rules": {"list_announced_by": "12/31"}})
    review = {"institution": "4111010001", "findings": {"1.1": {"match": True}}, "measures": "strong",
              "published_on": "2025-06-30"}
    assert bad("review", review) == []
    assert bad("review", {**review, "measures": "good"})
    assert bad("review", {**review, "findings": {"1.1": {"match": "yes"}}})


def test_defaults_and_descriptions_come_from_the_models():
    cfg = gen.file_schema("site_config")
    rules = cfg["$defs"]["Rules"]["properties"]
    assert rules["disclosure_days"]["default"] == 30
    assert rules["min_sample_fraction"]["default"] == "1/4"
    assert "seed 000" in rules["disclosure_days"]["description"]
    inst = gen.file_schema("institution")["properties"]["code"]
    assert "引号" in inst["description"] and inst["pattern"] == r"^(?:\d{10})$"
    date = gen.file_schema("material")["properties"]["published_on"]
    assert date["format"] == "date" and date["pattern"]
