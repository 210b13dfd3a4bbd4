"""Open data (DESIGN.md §6 开放数据): every JSON validates against its schema, CSV and JSON agree
row for row, the index's hashes are right, and the same inputs give the same bytes."""
import csv
import datetime as dt
import hashlib
import io
import json
import re

import jsonschema
import pytest

from builders import CODE_A, CODE_B, REPO, YEAR
from generator.check import run_checks
from generator.site.opendata import render_open_data
from richroot import AS_OF, ATTACHMENT, NASTY_TITLE, rich

BOM = b"\xef\xbb\xbf"


def _render(root, as_of=AS_OF):
    c = run_checks(root.path, as_of)
    assert not c.report.errors, [f.message() for f in c.report.errors]
    return render_open_data(c.project, c.outcome, c.project.config)


@pytest.fixture
def files(root):
    return _render(rich(root))


def _json(files, path):
    return json.loads(files[path].decode("utf-8"))


def _records(files, stem):
    return _json(files, f"data/{stem}.json")["records"]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def _expected_cell(value) -> str:
    """The CSV convention written down independently of the code under test."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_expected_cell(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return str(value)


def _json_paths(files):
    return [p for p in files if p.endswith(".json") and "/schema/" not in p and p != "data/index.json"]


def test_every_json_file_validates_against_its_schema(files):
    index = _json(files, "data/index.json")
    schema_of = {e["path"]: e["schema"] for e in index["files"]}
    checked = 0
    for path in _json_paths(files):
        schema = _json(files, schema_of[path])
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        validator.validate(_json(files, path))
        checked += 1
    index_schema = _json(files, "data/schema/index.schema.json")
    jsonschema.Draft202012Validator(index_schema).validate(index)
    assert checked >= 8 + 4       # the eight tables and the four lists of 2025


def test_schema_rejects_a_wrong_record(files):
    schema = _json(files, "data/schema/reviews.schema.json")
    doc = _json(files, "data/reviews.json")
    doc["records"][0]["match_ratio"] = 0.8          # a float ratio is exactly what must not pass
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(doc)


def test_csv_and_json_agree_row_for_row(files):
    for path in _json_paths(files):
        records = _json(files, path)["records"]
        rows = _csv_rows(files[path.removesuffix(".json") + ".csv"])
        header, body = rows[0], rows[1:]
        assert len(body) == len(records), path
        for rec, row in zip(records, body):
            assert header == list(rec), path
            assert row == [_expected_cell(v) for v in rec.values()], path


def test_csv_is_rfc4180_with_bom_and_english_header(files):
    data = files["data/colleges.csv"]
    assert data.startswith(BOM)
    assert data.replace(b"\r\n", b"").count(b"\n") == 0    # every line ends CRLF
    header = _csv_rows(data)[0]
    assert header[:3] == ["code", "name", "region"] and all(h.isascii() for h in header)


def test_index_lists_every_file_with_its_hash_and_size(files):
    index = _json(files, "data/index.json")
    listed = {e["path"]: e for e in index["files"]}
    assert set(listed) == set(files) - {"data/index.json"}
    for path, e in listed.items():
        assert e["bytes"] == len(files[path])
        assert e["sha256"] == hashlib.sha256(files[path]).hexdigest()
    assert all(p.startswith("data/") for p in files)


def test_no_floats_anywhere(files):
    def walk(v):
        assert not isinstance(v, float)
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for path in files:
        if path.endswith(".json"):
            walk(_json(files, path))


def test_materials_carry_hashes_and_review_status(files, root):
    mats = {r["path"]: r for r in _records(files, "materials")}
    a = mats[f"institutions/{CODE_A}/materials/2024/aqr.md"]
    src = (root.path / a["path"]).read_bytes()
    assert a["sha256"] == hashlib.sha256(src).hexdigest()
    att = (root.path / "institutions" / CODE_A / ATTACHMENT).read_bytes()
    assert a["attachments"] == [ATTACHMENT]
    assert a["attachment_sha256"] == [hashlib.sha256(att).hexdigest()]
    assert a["attachment_bytes"] == [len(att)]
    assert a["attachment_urls"][0].startswith("https://zhengai.test/files/") and "%E8%B4%A8" in a["attachment_urls"][0]
    assert a["review_status"] == [f"{YEAR}:on_time"]
    b = mats[f"institutions/{CODE_B}/materials/plans/qa.md"]
    assert b["review_status"] == [f"{YEAR}:late", "2026:on_time"]    # a plan counts for both reviews
    report = mats[f"institutions/{CODE_B}/self-diagnosis/{YEAR}.yml"]
    assert report["kind"] == "self_diagnosis_report" and report["page"].endswith(f"/self-diagnosis/{YEAR}/")


def test_reviews_verdicts_findings_lists_experts(files):
    reviews = {(r["year"], r["code"]): r for r in _records(files, "reviews")}
    b = reviews[(YEAR, CODE_B)]
    assert (b["late"], b["on_time"], b["verdict"], b["match_ratio"]) == (10, 0, "needs_improvement", "11/15")
    assert b["deadline"] == "2025-04-20" and b["panel_leader"] == "E002" and b["panel_members"] == ["E003"]
    assert reviews[(2026, CODE_B)]["verdict"] is None and reviews[(2026, CODE_B)]["pending"] == 4
    v = {r["code"]: r for r in _records(files, "verdicts")}
    assert (v[CODE_A]["matches"], v[CODE_A]["elements"], v[CODE_A]["verdict"]) == (15, 15, "effective")
    assert v[CODE_B]["unmatched"] == ["5.1", "5.2", "5.3", "5.4"] and v[CODE_B]["effective_needed"] == 12
    fnd = _records(files, "findings")
    assert len(fnd) == 2 * 15 and sum(1 for f in fnd if f["match"] is False) == 4
    lists = _records(files, "lists")
    assert {(r["list"], r["code"]) for r in lists} >= {("criticized", CODE_B), ("needs_improvement", CODE_B)}
    crit = _json(files, f"data/lists/{YEAR}/criticized.json")
    assert crit["title"] == f"{YEAR}年通报批评" and [r["code"] for r in crit["records"]] == [CODE_B]
    assert crit["schema"] == "../../schema/lists.schema.json"
    experts = {r["id"]: r for r in _records(files, "experts")}
    assert experts["E004"]["status"] == "removed" and experts["E004"]["removed_reason"].startswith("复核期间")
    assert experts["E002"]["panels"] == [f"{YEAR}:{CODE_A}:member", f"{YEAR}:{CODE_B}:leader"]


def test_csv_neutralises_formulas_but_json_keeps_the_text(files):
    rec = next(r for r in _records(files, "materials") if r["title"] == NASTY_TITLE)
    rows = _csv_rows(files["data/materials.csv"])
    col = rows[0].index("title")
    cell = next(r[col] for r in rows[1:] if r[rows[0].index("path")] == rec["path"])
    assert cell == "'" + NASTY_TITLE
    assert "测试".encode() in files["data/colleges.json"]            # ensure_ascii=False


def test_a_verdict_before_its_publication_day_is_not_published(root):
    rich(root)
    root.replace(f"content/rounds/{YEAR}/reviews/{CODE_B}.yml", "published_on: 2025-06-28", "published_on: 2025-08-01")
    files = _render(root)
    assert [r["code"] for r in _records(files, "verdicts")] == [CODE_A]
    assert {r["code"] for r in _records(files, "findings")} == {CODE_A}
    b = next(r for r in _records(files, "reviews") if (r["year"], r["code"]) == (YEAR, CODE_B))
    assert b["verdict"] is None and b["match_ratio"] is None
    college = next(r for r in _records(files, "colleges") if r["code"] == CODE_B)
    assert college["latest_verdict"] is None
    assert not any(r["reason"].startswith("verdict_") and r["code"] == CODE_B for r in _records(files, "lists"))


def test_same_inputs_same_bytes(root):
    rich(root)
    first = _render(root)
    assert _render(root) == first
    assert list(first) == sorted(first)


def test_empty_portal_still_gives_valid_files(scratch):
    scratch.base()
    scratch.remove("content/rounds")
    files = _render(scratch)
    assert _json(files, "data/reviews.json")["records"] == []
    assert _csv_rows(files["data/lists.csv"])[1:] == []
    for path in _json_paths(files):
        schema = _json(files, f"data/schema/{_json(files, path)['dataset']}.schema.json")
        jsonschema.Draft202012Validator(schema).validate(_json(files, path))


def test_embedded_demo_open_data_validates():
    """The shipped example (make site) as of its pinned day: schemas hold on real-looking data."""
    c = run_checks(REPO, dt.date(2027, 3, 1))
    files = render_open_data(c.project, c.outcome, c.project.config)
    index = _json(files, "data/index.json")
    schema_of = {e["path"]: e["schema"] for e in index["files"]}
    for path in _json_paths(files):
        doc = _json(files, path)
        jsonschema.Draft202012Validator(_json(files, schema_of[path])).validate(doc)
        assert len(_csv_rows(files[path.removesuffix(".json") + ".csv"])) == 1 + doc["count"] == 1 + len(doc["records"])
    assert _json(files, "data/colleges.json")["count"] == len(c.project.colleges)


def test_docs_describe_every_dataset_and_field():
    """docs/open-data.md is the public field reference: it must keep up with the tables."""
    from generator.site.opendata_evidence import EVIDENCE_TABLES
    from generator.site.opendata_tables import TABLES
    doc = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    for table in (*TABLES, *EVIDENCE_TABLES):
        section = doc.split(f"`data/{table.name}.json` · `data/{table.name}.csv`", 1)
        assert len(section) == 2, table.name
        body = section[1].split("\n### ", 1)[0]
        assert [c.name for c in table.columns] == re.findall(r"^\| `([a-z_0-9]+)` \|", body, re.M), table.name
