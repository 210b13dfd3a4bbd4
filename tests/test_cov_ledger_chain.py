"""The ledger's chain check line by line (generator/ledger.py `read_ledger`): each way a line can
be wrong gives its own problem at its own line, and reading stops at the first break."""
from __future__ import annotations

import hashlib
import json

import pytest

from generator.ledger import GENESIS, LEDGER, read_ledger

PATH = "institutions/4111010001/materials/2024/aqr.md"
SHA = "ab" * 32


def _encode(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain(*records: dict) -> list[bytes]:
    """Canonical lines with seq and prev filled in, as `portal publish` writes them."""
    out, prev = [], GENESIS
    for i, rec in enumerate(records, 1):
        obj = {"seq": i, "published_at": "2025-03-01T02:00:00Z", "path": PATH, "sha256": SHA,
               "size": 10, "prev": prev}
        obj.update(rec)
        obj = {k: obj[k] for k in ("seq", "published_at", "path", "sha256", "size", "prev")}
        raw = _encode(obj)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    return out


def _read(tmp_path, lines: list[bytes], final_newline=True):
    p = tmp_path / LEDGER
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"\n".join(lines) + (b"\n" if final_newline else b""))
    return read_ledger(tmp_path)


def test_no_ledger_is_empty(tmp_path):
    assert read_ledger(tmp_path) == ([], [])


def test_symlinked_ledger_is_ignored(tmp_path):
    real = tmp_path / "elsewhere.jsonl"
    real.write_bytes(b"\n".join(chain({})) + b"\n")
    (tmp_path / LEDGER).parent.mkdir(parents=True)
    (tmp_path / LEDGER).symlink_to(real)
    assert read_ledger(tmp_path) == ([], [])


def test_good_chain_reads_every_entry(tmp_path):
    lines = chain({}, {"published_at": "2025-03-01T02:00:00Z", "sha256": None, "size": 0},
                  {"published_at": "2025-03-02T16:30:00Z"})
    entries, problems = _read(tmp_path, lines)
    assert problems == []
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].sha256 is None                       # a withdrawal
    assert entries[2].digest == hashlib.sha256(lines[2]).hexdigest()
    assert str(entries[2].day) == "2025-03-03"              # 16:30 UTC is the next Beijing day


def test_missing_final_newline_is_reported_but_lines_still_read(tmp_path):
    entries, problems = _read(tmp_path, chain({}, {}), final_newline=False)
    assert [e.seq for e in entries] == [1, 2]
    assert [(ln, en) for ln, _zh, en in problems] == [(2, "is incomplete (no final newline)")]


def _problem(tmp_path, lines):
    entries, problems = _read(tmp_path, lines)
    assert len(problems) == 1, problems
    line, zh, en = problems[0]
    assert zh and en
    return len(entries), line, en


def _replace_last(lines: list[bytes], **change) -> list[bytes]:
    obj = json.loads(lines[-1])
    obj.update(change)
    return [*lines[:-1], _encode(obj)]


@pytest.mark.parametrize("change, expected", [
    ({"seq": 5}, "seq should be 2, got 5"),
    ({"prev": "0" * 64}, "prev does not match"),
    ({"published_at": "2025-03-01 02:00:00"}, "published_at is not a UTC time"),
    ({"published_at": "2025-02-30T02:00:00Z"}, "published_at is not a real time"),
    ({"published_at": "2025-02-28T02:00:00Z"}, "is dated before the previous line"),
    ({"sha256": "XYZ"}, "invalid sha256 or size"),
    ({"size": -1}, "invalid sha256 or size"),
    ({"size": "10"}, "invalid sha256 or size"),
    ({"path": "content/experts.yml"}, "path is not a college material"),
    ({"path": "institutions/4111010001/materials/../../x.md"}, "path is not a college material"),
    ({"published_at": 20250301}, "published_at is not a UTC time"),
])
def test_second_line_problems(tmp_path, change, expected):
    lines = _replace_last(chain({}, {}), **change)
    kept, line, en = _problem(tmp_path, lines)
    assert kept == 1 and line == 2
    assert expected in en


def test_not_json(tmp_path):
    kept, line, en = _problem(tmp_path, [*chain({}), b"{not json"])
    assert (kept, line, en) == (1, 2, "is not valid JSON")


def test_not_utf8(tmp_path):
    kept, line, en = _problem(tmp_path, [b"\xff\xfe"])
    assert (kept, line, en) == (0, 1, "is not valid JSON")


def test_fields_in_wrong_order_or_not_an_object(tmp_path):
    obj = json.loads(chain({})[0])
    reordered = _encode(dict(reversed(list(obj.items()))))
    assert "in this order" in _problem(tmp_path, [reordered])[2]
    assert "in this order" in _problem(tmp_path, [b"[1, 2]"])[2]


def test_hand_edited_spacing_is_not_canonical(tmp_path):
    obj = json.loads(chain({})[0])
    raw = json.dumps(obj).encode()          # ", " and ": " separators
    assert "canonical" in _problem(tmp_path, [raw])[2]


def test_reading_stops_at_the_first_break(tmp_path):
    """A later good-looking line proves nothing once the chain is broken."""
    lines = chain({}, {}, {})
    broken = [lines[0], _replace_last([lines[1]], size=-5)[0], lines[2]]
    entries, problems = _read(tmp_path, broken)
    assert [e.seq for e in entries] == [1]
    assert [ln for ln, _zh, _en in problems] == [2]
