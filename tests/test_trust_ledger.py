"""The publication ledger: `portal publish` dates what the portal received by its own clock, the
hash chain exposes any edit, and `portal check` uses it as evidence (received late, changed)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess

import pytest

from builders import CODE_A, DEADLINE
from conftest import run_portal
from generator.clock import UsageError
from generator.ledger import LEDGER, ledger_head, ledger_versions, object_path, read_ledger
from generator.ledger_publish import publish as publish_at

AQR = f"institutions/{CODE_A}/materials/2024/aqr.md"


def publish(root, now: str | None = None, env=None):
    """A publish run at `now` (the clock injected in-process: no CLI option sets the time), or
    `portal publish` itself on the system clock."""
    if now:
        publish_at(root.path, dt.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc))
    else:
        res = run_portal("publish", "--root", root.path, env=env)
        assert res.returncode == 0, res.stderr
    return [json.loads(x) for x in (root.path / LEDGER).read_text(encoding="utf-8").splitlines()]


def findings(check_json, root, code):
    _rc, doc = check_json(root)
    return [f for f in doc["findings"] if f["code"] == code]


def test_publish_records_each_file_once_and_chains_lines(root):
    lines = publish(root, "2025-04-01T02:00:00Z")
    paths = [x["path"] for x in lines]
    assert AQR in paths and f"institutions/{CODE_A}/self-diagnosis/2025.yml" in paths
    assert all(p.startswith("institutions/") for p in paths) and len(paths) == len(set(paths))
    raw = (root.path / LEDGER).read_bytes().split(b"\n")[:-1]
    assert lines[0]["prev"] == "0" * 64
    for prev, line, obj in zip(raw, raw[1:], lines[1:]):
        assert obj["prev"] == hashlib.sha256(prev).hexdigest()
    assert [x["seq"] for x in lines] == list(range(1, len(lines) + 1))
    for x in lines:   # every version's bytes are kept for the site
        assert hashlib.sha256((root.path / object_path(x["sha256"])).read_bytes()).hexdigest() == x["sha256"]
    assert publish(root, "2025-04-02T00:00:00Z") == lines          # nothing changed: nothing added


def test_changed_added_and_removed_files_get_a_line(root):
    first = publish(root, "2025-04-01T00:00:00Z")
    root.replace(AQR, "正文。", "修改后的正文。")
    root.write(f"institutions/{CODE_A}/files/report.pdf", b"%PDF-1.7 report")
    root.remove(f"institutions/{CODE_A}/materials/2023/sdr.md")
    added = publish(root, "2025-04-20T08:00:00Z")[len(first):]
    by_path = {x["path"]: x for x in added}
    assert set(by_path) == {AQR, f"institutions/{CODE_A}/files/report.pdf", f"institutions/{CODE_A}/materials/2023/sdr.md"}
    assert by_path[f"institutions/{CODE_A}/materials/2023/sdr.md"]["sha256"] is None
    versions = ledger_versions(root.path, AQR)
    assert len(versions) == 2 and versions[0].sha256 != versions[1].sha256
    assert (root.path / versions[0].object).read_bytes() != (root.path / versions[1].object).read_bytes()
    head = ledger_head(root.path)
    raw_last = (root.path / LEDGER).read_bytes().split(b"\n")[-2]
    assert head == {"seq": len(first) + 3, "published_at": "2025-04-20T08:00:00Z",
                    "sha256": hashlib.sha256(raw_last).hexdigest()}


def test_back_dated_commit_is_dated_by_the_publish_run(root):
    """git dates are the author's word: a commit back-dated 60 days (and SOURCE_DATE_EPOCH set
    to it, as reproducible-build deploys do) does not move the ledger's date."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": "/nonexistent"}
    git = lambda *a, **kw: subprocess.run(["git", "-C", str(root.path), *a], check=True, capture_output=True,  # noqa: E731
                                          env={**env, **kw})
    git("init", "-q")
    git("add", "-A")
    back = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=60)).replace(microsecond=0)
    stamp = back.strftime("%Y-%m-%dT%H:%M:%S+0000")
    git("commit", "-q", "-m", "back-dated", GIT_COMMITTER_DATE=stamp, GIT_AUTHOR_DATE=stamp)
    committed = subprocess.run(["git", "-C", str(root.path), "log", "-1", "--format=%cI"], capture_output=True,
                               text=True).stdout.strip()
    assert committed.startswith(back.strftime("%Y-%m-%d"))
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    lines = publish(root, env={**os.environ, "SOURCE_DATE_EPOCH": str(int(back.timestamp()))})
    after = dt.datetime.now(dt.timezone.utc)
    when = {dt.datetime.strptime(x["published_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
            for x in lines}
    assert len(when) == 1 and before <= when.pop() <= after


def test_now_before_the_chain_head_is_refused(root):
    publish(root, "2025-04-10T00:00:00Z")
    root.replace(AQR, "正文。", "倒填日期的修改。")
    with pytest.raises(UsageError, match="倒填"):
        publish(root, "2025-03-01T00:00:00Z")


@pytest.mark.parametrize("tamper", ["edit", "delete", "insert", "truncate", "object", "reorder"])
def test_any_tampering_breaks_the_chain(root, check_json, tamper):
    publish(root, "2025-04-01T00:00:00Z")
    root.replace(AQR, "正文。", "第二版。")
    lines = publish(root, "2025-04-02T00:00:00Z")
    path = root.path / LEDGER
    raw = path.read_bytes().split(b"\n")[:-1]
    if tamper == "edit":        # back-date the first receipt of a file
        raw[2] = raw[2].replace(b"2025-04-01", b"2025-03-01")
    elif tamper == "delete":
        del raw[3]
    elif tamper == "insert":
        raw.insert(1, raw[1])
    elif tamper == "reorder":
        raw[1], raw[2] = raw[2], raw[1]
    elif tamper == "object":
        os.unlink(root.path / object_path(lines[-1]["sha256"]))
    data = b"\n".join(raw) + (b"" if tamper == "truncate" else b"\n")
    path.write_bytes(data[:-5] if tamper == "truncate" else data)
    found = findings(check_json, root, "ledger.object" if tamper == "object" else "ledger.broken")
    assert found and found[0]["file"] == LEDGER and found[0]["severity"] == "error"
    assert run_portal("publish", "--root", root.path).returncode == 1     # no appending to a broken chain


def test_received_late_when_declared_on_time_but_received_after_the_deadline(root, check_json):
    # declared published_on = the deadline (2025-04-12); the portal first saw the files on 04-20
    publish(root, "2025-04-20T01:00:00Z")
    found = findings(check_json, root, "material.received_late")
    assert any(f["file"] == AQR and f["severity"] == "warning" for f in found)
    assert all("2025-04-20" in f["message"] and "8 天" in f["message"] for f in found)


def test_received_on_deadline_day_beijing_time_is_on_time(root, check_json):
    publish(root, "2025-04-12T15:59:59Z")      # 23:59:59 in Beijing, the deadline day
    assert findings(check_json, root, "material.received_late") == []


def test_received_just_after_midnight_beijing_is_late(root, check_json):
    publish(root, "2025-04-12T16:00:00Z")      # 00:00 on 04-13 in Beijing
    assert findings(check_json, root, "material.received_late")


def test_changed_after_deadline(root, check_json):
    publish(root, "2025-04-01T00:00:00Z")
    assert findings(check_json, root, "material.changed_after_deadline") == []
    root.replace(AQR, "正文。", "截止后修改的正文。")
    publish(root, "2025-04-25T00:00:00Z")
    found = findings(check_json, root, "material.changed_after_deadline")
    assert [f["file"] for f in found] == [AQR] and "2025-04-25" in found[0]["message"]
    # with --as-of before the change, the later entry is not yet evidence
    _rc, doc = check_json(root, as_of="2025-04-20")
    assert not [f for f in doc["findings"] if f["code"] == "material.changed_after_deadline"]


def test_attachment_changed_after_deadline(root, check_json):
    root.material(CODE_A, "2024/aqr.md", "annual_quality_report", year=2024, published_on=DEADLINE,
                  attachments=["files/aqr.pdf"])
    root.write(f"institutions/{CODE_A}/files/aqr.pdf", b"%PDF v1")
    publish(root, "2025-04-01T00:00:00Z")
    root.write(f"institutions/{CODE_A}/files/aqr.pdf", b"%PDF v2")
    publish(root, "2025-05-01T00:00:00Z")
    found = findings(check_json, root, "material.changed_after_deadline")
    assert "files/aqr.pdf" in found[0]["message"]


def test_no_ledger_no_evidence(root, check_json):
    _rc, doc = check_json(root)
    assert not [f for f in doc["findings"] if f["code"].startswith(("ledger.", "material.received", "material.changed"))]
    assert read_ledger(root.path) == ([], [])
