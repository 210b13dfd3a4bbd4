"""What the last built site published (generator/published.py): the open-data tables it reads
as evidence, and what it does with absent, damaged or odd records."""
from __future__ import annotations

import datetime as dt
import json

from generator.published import SITE_DATA, published_colleges, published_verdicts


def _table(root, name, doc):
    p = root / SITE_DATA / f"{name}.json"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode())
    return p


def test_no_site_no_evidence(tmp_path):
    assert published_colleges(tmp_path) == {}
    assert published_verdicts(tmp_path, dt.date(2030, 1, 1)) == {}


def test_verdicts_up_to_as_of_and_bad_records_skipped(tmp_path):
    _table(tmp_path, "verdicts", {"records": [
        {"year": 2025, "code": "4111010001", "published_on": "2025-06-30"},
        {"year": "2024", "code": 4111010002, "published_on": "2024-06-30"},
        {"year": 2026, "code": "4111010001", "published_on": "2026-06-30"},   # after as_of
        {"year": 2025, "code": "4111010003"},                                # no date
        {"year": "x", "code": "4111010004", "published_on": "2025-01-01"},
        {"year": 2025, "code": "4111010005", "published_on": "30/06/2025"},
        "not a record",
    ]})
    got = published_verdicts(tmp_path, dt.date(2025, 12, 31))
    assert got == {(2025, "4111010001"): dt.date(2025, 6, 30), (2024, "4111010002"): dt.date(2024, 6, 30)}


def test_colleges_from_the_open_data(tmp_path):
    _table(tmp_path, "colleges", {"records": [{"code": "4111010001"}, {"code": 5}, {}]})
    got = published_colleges(tmp_path)
    assert list(got) == ["4111010001"]
    assert "colleges.json" in got["4111010001"][1]


def test_damaged_tables_are_no_evidence(tmp_path):
    for doc in (b"\xff\xfe", b"{oops", json.dumps([1, 2]).encode(), json.dumps({"records": "x"}).encode()):
        _table(tmp_path, "colleges", doc)
        assert published_colleges(tmp_path) == {}


def test_symlinked_table_is_ignored(tmp_path):
    real = tmp_path / "elsewhere.json"
    real.write_text(json.dumps({"records": [{"code": "4111010001"}]}), encoding="utf-8")
    link = tmp_path / SITE_DATA / "colleges.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    assert published_colleges(tmp_path) == {}
