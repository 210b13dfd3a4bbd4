"""The build cache's file format (generator/cache_files.py): a sealed entry reads back; another
key is a silent miss; a foreign, edited, unparsable or unreadable file is a logged miss; a failed
write leaves no temporary file behind."""
from __future__ import annotations

import json

import pytest

from generator import cache_files as cf


def test_round_trip_and_any_key(tmp_path):
    p = tmp_path / "c" / "entry.json"
    cf.save(p, "page", "k1", {"a": [1, "中"]})
    assert cf.load(p, "page", "k1") == {"a": [1, "中"]}
    assert cf.load(p, "page", None) == {"a": [1, "中"]}
    assert cf.load(p, "page", "k1", hook=lambda d: sorted(d)) == ["a"]
    assert [q.name for q in p.parent.iterdir()] == ["entry.json"]     # no temporary left


def test_another_key_is_a_silent_miss(tmp_path, capsys):
    p = tmp_path / "e.json"
    cf.save(p, "page", "k1", [1])
    assert cf.load(p, "page", "k2") is None
    assert capsys.readouterr().err == ""


def test_absent_file_is_a_silent_miss(tmp_path, capsys):
    assert cf.load(tmp_path / "none.json", "page", "k") is None
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("data, reason", [
    (b"\x80\x04\x95pickle", "不是本程序写入的缓存格式"),
    (b'{"format": "zg-cache-0", "kind": "page", "key": "k"}\n[]', "不是本程序写入的缓存格式"),
    (b'{"format": "zg-cache-1", "kind": "other", "key": "k"}\n[]', "不是本程序写入的缓存格式"),
    (b"[1, 2]\n[]", "不是本程序写入的缓存格式"),
])
def test_foreign_files_are_logged_misses(tmp_path, capsys, data, reason):
    p = tmp_path / "e.json"
    p.write_bytes(data)
    assert cf.load(p, "page", "k") is None
    assert reason in capsys.readouterr().err


def test_edited_body_fails_the_seal(tmp_path, capsys):
    p = tmp_path / "e.json"
    cf.save(p, "page", "k", {"v": 1})
    p.write_bytes(p.read_bytes().replace(b'"v":1', b'"v":2'))
    assert cf.load(p, "page", "k") is None
    assert "校验值不符" in capsys.readouterr().err


def test_sealed_but_unparsable_body(tmp_path, capsys):
    p = tmp_path / "e.json"
    cf.write_raw(p, "page", "k", b"{not json")
    assert cf.read_raw(p, "page", "k") == b"{not json"
    assert cf.load(p, "page", "k") is None
    assert "内容无法解析" in capsys.readouterr().err


def test_unreadable_file_is_a_logged_miss(tmp_path, capsys):
    d = tmp_path / "adir.json"
    d.mkdir()                                   # open() of a folder: IsADirectoryError
    assert cf.load(d, "page", "k") is None
    assert "无法读取" in capsys.readouterr().err


def test_failed_write_removes_its_temporary(tmp_path, monkeypatch):
    p = tmp_path / "e.json"

    def boom(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(cf.os, "replace", boom)
    with pytest.raises(OSError):
        cf.save(p, "page", "k", [1])
    assert list(tmp_path.iterdir()) == []


def test_header_names_format_kind_and_key(tmp_path):
    p = tmp_path / "e.json"
    cf.save(p, "page", "k9", [])
    head = json.loads(p.read_bytes().split(b"\n", 1)[0])
    assert (head["format"], head["kind"], head["key"]) == (cf.FORMAT, "page", "k9")
    assert len(head["sha256"]) == 64
