"""The publication ledger is verifiable by anyone, end to end (issue 20 §1): `portal verify` and
`portal check` re-hash every stored copy and report every published file with no entry; the site
publishes the chain head (head.json, the feed), and `portal verify --against` an earlier site (a
folder or a URL) catches truncation, deletion, re-dating and a consistent rewrite; the publish
time comes from the run's clock only and moves strictly forward; ledger lines have a schema.
One site build per module."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import jsonschema
import pytest

from builders import CODE_A, REPO, ScratchRoot
from conftest import run_portal
from generator.clock import UsageError
from generator.ledger import LEDGER, OBJECTS, object_path, read_ledger
from generator.ledger_publish import publish
from generator.ledger import head_record
from site_helpers import build

AS_OF = dt.date(2025, 7, 1)
AQR = f"institutions/{CODE_A}/materials/2024/aqr.md"
T1 = dt.datetime(2025, 4, 1, 2, 0, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2025, 4, 25, 2, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A root published twice, and the site built from it (the "earlier site" anyone archived)."""
    base = tmp_path_factory.mktemp("ledger-verify")
    root = ScratchRoot(base / "root").base()
    root.write(f"institutions/{CODE_A}/files/a.pdf", b"%PDF-1.4 first\n")
    publish(root.path, T1)
    root.replace(AQR, "正文。", "正文（第二版）。")
    root.write(f"institutions/{CODE_A}/files/b.pdf", b"%PDF-1.4 second\n")
    publish(root.path, T2)
    out = base / "site"
    build(root, out, AS_OF)
    return root.path, out


@pytest.fixture
def copy(published, tmp_path) -> Path:
    """A fresh copy of the published root to tamper with."""
    src, _out = published
    dst = tmp_path / "root"
    shutil.copytree(src, dst, symlinks=True)
    return dst


def verify(root: Path, *extra):
    return run_portal("verify", "--root", root, *extra)


def lines(root: Path) -> list[bytes]:
    return (root / LEDGER).read_bytes().split(b"\n")[:-1]


def write_lines(root: Path, raw: list[bytes]) -> None:
    (root / LEDGER).write_bytes(b"".join(x + b"\n" for x in raw))


def rechain(raw: list[bytes], edit) -> list[bytes]:
    """Rewrite every line through `edit` and recompute seq and prev: a consistent forgery."""
    out, prev = [], "0" * 64
    for i, line in enumerate(raw, 1):
        obj = edit(json.loads(line))
        obj["seq"], obj["prev"] = i, prev
        enc = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        out.append(enc)
        prev = hashlib.sha256(enc).hexdigest()
    return out


# --- the published head ---------------------------------------------------------------------
def test_site_publishes_the_chain_head(published):
    root, out = published
    entries, problems = read_ledger(root)
    assert problems == []
    head = json.loads((out / "data/ledger/head.json").read_text(encoding="utf-8"))
    assert head == head_record(entries)
    assert head["seq"] == head["lines"] == len(entries) and head["published_at"] == "2025-04-25T02:00:00Z"
    assert head["sha256"] == hashlib.sha256(lines(root)[-1]).hexdigest()
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f'sha256="{head["sha256"]}"' in feed and f'seq="{head["seq"]}"' in feed
    assert "data/ledger/head.json" in feed
    page = (out / "data/index.html").read_text(encoding="utf-8")
    assert head["sha256"] in page and "data/ledger/head.json" in page


def test_untouched_ledger_verifies_against_the_earlier_site(published, copy):
    _root, out = published
    res = verify(copy, "--against", out)
    assert res.returncode == 0, res.stderr
    publish(copy, T2 + dt.timedelta(days=1))         # nothing changed: nothing appended
    (copy / AQR).write_text((copy / AQR).read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    assert publish(copy, T2 + dt.timedelta(days=2))  # appending extends the old head
    res = verify(copy, "--against", out, "--against", out / "data/ledger/head.json", "--against", out / "feed.xml")
    assert res.returncode == 0, res.stderr


def _truncate(root):
    write_lines(root, lines(root)[:-1])


def _delete(root):
    (root / LEDGER).unlink()
    shutil.rmtree(root / OBJECTS)


def _redate_last(root):
    raw = lines(root)
    obj = json.loads(raw[-1])
    obj["published_at"] = "2025-04-25T09:00:00Z"      # still in time order: the chain alone cannot tell
    raw[-1] = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_lines(root, raw)


def _rewrite(root):
    write_lines(root, rechain(lines(root), lambda o: {**o, "published_at": "2025-03-01T02:00:00Z"}))


@pytest.mark.parametrize("tamper", [_truncate, _delete, _redate_last, _rewrite], ids=lambda f: f.__name__[1:])
def test_a_ledger_that_does_not_extend_the_published_head_fails(published, copy, tamper):
    _root, out = published
    tamper(copy)
    res = verify(copy, "--against", out)
    assert res.returncode == 1 and "[ledger.against]" in res.stderr, res.stderr
    assert "未通过" in res.stderr
    res = verify(copy, "--against", out / "feed.xml")       # a feed reader's archive proves the same
    assert res.returncode == 1 and "[ledger.against]" in res.stderr, res.stderr
    if tamper in (_redate_last, _rewrite):     # the chain alone cannot see these: only the head can
        _rc, problems = read_ledger(copy)
        assert problems == []


def test_against_a_url(published, copy):
    """The earlier site fetched over HTTP (a loopback server stands in for the public site)."""
    _root, out = published
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        assert verify(copy, "--against", url).returncode == 0
        _rewrite(copy)
        res = verify(copy, "--against", url)
        assert res.returncode == 1 and "[ledger.against]" in res.stderr
        res = verify(copy, "--against", url + "no/such/site/")
        assert res.returncode == 2 and "无法读取" in res.stderr and "Traceback" not in res.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_against_a_folder_without_a_head_is_a_usage_error(copy, tmp_path):
    res = verify(copy, "--against", tmp_path / "nothing")
    assert res.returncode == 2 and "找不到此前发布的链头" in res.stderr and "Traceback" not in res.stderr


# --- the local store ------------------------------------------------------------------------
def test_a_tampered_stored_copy_of_the_same_size_is_caught(copy, check_json):
    entries, _ = read_ledger(copy)
    obj = copy / object_path(entries[0].sha256)
    data = obj.read_bytes()
    obj.write_bytes(data[:-1] + (b"X" if data[-1:] != b"X" else b"Y"))     # same size, other bytes
    res = verify(copy)
    assert res.returncode == 1 and "[ledger.object]" in res.stderr and "篡改" in res.stderr
    rc, doc = check_json(ScratchRoot(copy))
    found = [f for f in doc["findings"] if f["code"] == "ledger.object"]
    assert rc == 1 and found and found[0]["severity"] == "error" and found[0]["file"] == LEDGER
    assert run_portal("publish", "--root", copy).returncode == 1      # no appending on top of it
    from generator.build import build_site
    out = copy.parent / "site"
    res = build_site(copy, out, AS_OF, pdf=False)
    assert not res.ok and not out.exists()                            # nothing tampered is published


def test_deleting_the_ledger_but_not_the_copies_is_caught(copy, check_json):
    (copy / LEDGER).unlink()
    rc, doc = check_json(ScratchRoot(copy))
    assert rc == 1 and "ledger.missing" in [f["code"] for f in doc["findings"]]


def test_truncation_leaves_orphan_copies(copy):
    entries, _ = read_ledger(copy)
    _truncate(copy)                     # the last line is the only one naming its version
    res = verify(copy)
    assert "[ledger.orphan]" in res.stderr and entries[-1].sha256 in res.stderr


def test_unrecorded_published_file_is_reported(copy, check_json):
    assert "[ledger.unrecorded]" not in verify(copy).stderr
    (copy / f"institutions/{CODE_A}/files/new.pdf").write_bytes(b"%PDF-1.4 new\n")
    (copy / AQR).write_text((copy / AQR).read_text(encoding="utf-8") + "\n未发布的修改。\n", encoding="utf-8")
    res = verify(copy)
    assert res.returncode == 0 and res.stderr.count("[ledger.unrecorded]") == 2      # a warning
    assert verify(copy, "--strict").returncode == 1
    _rc, doc = check_json(ScratchRoot(copy))
    found = sorted(f["file"] for f in doc["findings"] if f["code"] == "ledger.unrecorded")
    assert found == [f"institutions/{CODE_A}/files/new.pdf", AQR]
    publish(copy, T2 + dt.timedelta(days=1))
    assert "[ledger.unrecorded]" not in verify(copy).stderr


def test_the_demo_ledger_is_complete_and_verifies():
    res = verify(REPO, "--strict")
    assert res.returncode == 0, res.stderr[-3000:]
    assert "[ledger." not in res.stderr


# --- the clock ------------------------------------------------------------------------------
def test_publish_has_no_option_to_set_the_time(copy):
    res = run_portal("publish", "--root", copy, "--now", "2030-01-01T00:00:00Z")
    assert res.returncode == 2 and "--now" in res.stderr
    assert "--now" not in run_portal("publish", "--help").stdout


def test_a_new_entry_is_strictly_after_the_previous(copy):
    (copy / AQR).write_text((copy / AQR).read_text(encoding="utf-8") + "\n改。\n", encoding="utf-8")
    with pytest.raises(UsageError, match="倒填"):
        publish(copy, T2)                               # the same second as the head
    with pytest.raises(UsageError):
        publish(copy, T2 - dt.timedelta(days=30))
    assert read_ledger(copy)[0][-1].published_at == T2   # nothing appended
    added = publish(copy, T2 + dt.timedelta(seconds=1))
    assert added and {r["published_at"] for r in added} == {"2025-04-25T02:00:01Z"}


def test_publish_uses_the_system_clock(copy):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    (copy / f"institutions/{CODE_A}/files/c.pdf").write_bytes(b"%PDF-1.4 c\n")
    res = run_portal("publish", "--root", copy)
    assert res.returncode == 0, res.stderr
    when = read_ledger(copy)[0][-1].published_at
    assert before <= when <= dt.datetime.now(dt.timezone.utc)


# --- the schema -----------------------------------------------------------------------------
def test_schema_validates_ledger_lines(published):
    root, _out = published
    schema = json.loads((REPO / "schemas/ledger.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    for path in (root / LEDGER, REPO / LEDGER):
        for line in path.read_bytes().splitlines():
            assert list(v.iter_errors(json.loads(line))) == []
    good = json.loads(lines(root)[0])
    for bad in ({**good, "seq": "1"}, {**good, "extra": 1}, {**good, "sha256": "abc"},
                {**good, "path": "content/x.md"}, {**good, "published_at": "2025-04-01 02:00"},
                {k: x for k, x in good.items() if k != "prev"}):
        assert list(v.iter_errors(bad)), bad
