"""generator/ledger_verify.py below the command: the published head (head_record, read_head from
a folder, a head.json, a feed, a URL), `extends`, and the stored copies (objects, orphans,
a deleted ledger, files with no entry)."""
from __future__ import annotations

import hashlib
import json

import pytest

from generator import urls
from generator.ledger import LEDGER, OBJECTS, head_json, head_record, object_path, read_ledger
from generator.ledger_verify import (HeadUnavailable, extends, ledger_missing, orphans, read_head, unrecorded,
                                     uses_ledger, verify, verify_objects)
from test_cov_ledger_chain import PATH, chain

BODY = b"stored bytes"
BODY_SHA = hashlib.sha256(BODY).hexdigest()


def _root(tmp_path, *records, store=True):
    lines = chain(*records)
    p = tmp_path / LEDGER
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"\n".join(lines) + b"\n")
    if store:
        obj = tmp_path / object_path(BODY_SHA)
        obj.parent.mkdir(parents=True, exist_ok=True)
        obj.write_bytes(BODY)
    entries, problems = read_ledger(tmp_path)
    assert problems == []
    return entries


def _one(**kw):
    return {"sha256": BODY_SHA, "size": len(BODY), **kw}


def test_head_record_and_json(tmp_path):
    assert head_record([]) is None
    entries = _root(tmp_path, _one(), _one(published_at="2025-03-04T05:06:07Z"))
    rec = head_record(entries)
    assert rec["seq"] == 2 and rec["lines"] == 2
    assert rec["published_at"] == "2025-03-04T05:06:07Z"
    assert rec["sha256"] == entries[-1].digest and rec["ledger"] == urls.LEDGER_FILE
    assert json.loads(head_json(entries)) == rec


def test_read_head_from_a_site_folder_and_a_file(tmp_path):
    entries = _root(tmp_path, _one())
    site = tmp_path / "site"
    (site / urls.LEDGER_HEAD).parent.mkdir(parents=True)
    (site / urls.LEDGER_HEAD).write_bytes(head_json(entries))
    assert read_head(str(site))["sha256"] == entries[0].digest
    assert read_head(str(site / urls.LEDGER_HEAD))["seq"] == 1
    with pytest.raises(HeadUnavailable) as exc:
        read_head(str(tmp_path / "nowhere"))
    assert "no published head" in exc.value.en


@pytest.mark.parametrize("doc", [
    b"not json", b"\xff", b"[1]", json.dumps({"seq": 0, "sha256": "a" * 64, "published_at": "2025-01-01T00:00:00Z"}).encode(),
    json.dumps({"seq": True, "sha256": "a" * 64, "published_at": "2025-01-01T00:00:00Z"}).encode(),
    json.dumps({"seq": 1, "sha256": "A" * 64, "published_at": "2025-01-01T00:00:00Z"}).encode(),
    json.dumps({"seq": 1, "sha256": "a" * 64, "published_at": "2025-01-01"}).encode(),
    json.dumps({"seq": 1, "sha256": "a" * 64, "published_at": "2025-01-01T00:00:00Z", "pad": "x" * 70000}).encode(),
])
def test_read_head_refuses_what_is_not_a_head(tmp_path, doc):
    p = tmp_path / "head.json"
    p.write_bytes(doc)
    with pytest.raises(HeadUnavailable) as exc:
        read_head(str(p))
    assert "is not a valid ledger head" in exc.value.en


def test_read_head_from_an_archived_feed(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<feed><zg:ledger-head seq="7" published_at="2025-03-01T02:00:00Z" '
                    f'sha256="{"c" * 64}"/></feed>', encoding="utf-8")
    head = read_head(str(feed))
    assert head["seq"] == 7 and head["sha256"] == "c" * 64
    for bad in ('<feed></feed>', '<feed><zg:ledger-head seq="x7" sha256="c"/></feed>',
                '<feed><zg:ledger-head seq="７" published_at="2025-03-01T02:00:00Z"/></feed>'):
        feed.write_text(bad, encoding="utf-8")
        with pytest.raises(HeadUnavailable):
            read_head(str(feed))


def test_read_head_from_an_unreachable_url():
    with pytest.raises(HeadUnavailable) as exc:
        read_head("http://127.0.0.1:9/site", timeout=5)
    assert exc.value.en.startswith(f"cannot fetch http://127.0.0.1:9/site/{urls.LEDGER_HEAD}")


def test_extends(tmp_path):
    entries = _root(tmp_path, _one(), _one())
    head = head_record(entries[:1])
    assert extends(entries, head) is None
    short = extends(entries[:1], head_record(entries))
    assert (short.code, short.params["variant"], short.params["lines"]) == ("ledger.against", "short", 1)
    changed = extends(entries, {**head, "sha256": "d" * 64})
    assert changed.params["variant"] is None and changed.line == 1
    assert changed.params["actual"] == entries[0].digest[:12]


def test_verify_objects_missing_and_altered(tmp_path):
    entries = _root(tmp_path, _one(), _one(sha256=None, size=0), _one())
    assert verify_objects(tmp_path, entries) == []          # one copy, checked once
    (tmp_path / object_path(BODY_SHA)).write_bytes(b"altered")
    [p] = verify_objects(tmp_path, entries)
    assert p.code == "ledger.object" and p.params["variant"] is None and p.line == 1
    (tmp_path / object_path(BODY_SHA)).unlink()
    [p] = verify_objects(tmp_path, entries)
    assert p.params["variant"] == "missing" and p.params["object"] == object_path(BODY_SHA)


def test_orphans_and_deleted_ledger(tmp_path):
    entries = _root(tmp_path, _one())
    stray = tmp_path / object_path("e" * 64)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    (tmp_path / OBJECTS / "ee" / ".keep").write_bytes(b"")
    (tmp_path / OBJECTS / "README").write_text("not a folder", encoding="utf-8")
    assert [p.file for p in orphans(tmp_path, entries)] == [object_path("e" * 64)]
    assert ledger_missing(tmp_path) == []
    (tmp_path / LEDGER).unlink()
    [p] = ledger_missing(tmp_path)
    assert p.code == "ledger.missing" and p.params["objects"] == 2
    assert uses_ledger(tmp_path)


def test_a_root_that_never_published_has_nothing_to_verify(tmp_path):
    assert not uses_ledger(tmp_path)
    assert verify(tmp_path) == ([], [])
    assert orphans(tmp_path, []) == [] and ledger_missing(tmp_path) == []


def test_unrecorded_new_and_changed_files(tmp_path):
    entries = _root(tmp_path, _one())
    f = tmp_path / PATH
    f.parent.mkdir(parents=True)
    f.write_bytes(BODY)
    assert unrecorded(tmp_path, entries) == []
    f.write_bytes(b"edited")
    other = tmp_path / "institutions/4111010002/materials/a.md"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"new")
    got = {p.file: p.params["variant"] for p in unrecorded(tmp_path, entries)}
    assert got == {PATH: "changed", "institutions/4111010002/materials/a.md": None}
    assert [p.file for p in unrecorded(tmp_path, entries, only="4111010002")] == [
        "institutions/4111010002/materials/a.md"]


def test_verify_skips_orphans_after_a_break(tmp_path):
    _root(tmp_path, _one())
    stray = tmp_path / object_path("e" * 64)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    codes = [p.code for p in verify(tmp_path)[1]]
    assert "ledger.orphan" in codes
    with open(tmp_path / LEDGER, "ab") as fh:
        fh.write(b"garbage\n")
    codes = [p.code for p in verify(tmp_path)[1]]
    assert "ledger.broken" in codes and "ledger.orphan" not in codes
