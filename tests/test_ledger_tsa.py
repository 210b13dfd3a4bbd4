"""`portal publish --tsa URL` stores an RFC 3161 time-stamp of the new chain head, and
`portal verify` / `portal check` verify every stored token (issue 20 §1), against a fake TSA on
127.0.0.1 with its own CA (tests/tsa_fake.py)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from builders import CODE_A
from conftest import run_portal
from generator.ledger import LEDGER, read_ledger
from generator.ledger_publish import publish
from generator.ledger_tsa import ROOTS, TOKENS
from tsa_fake import FakeTsa

AQR = f"institutions/{CODE_A}/materials/2024/aqr.md"
T1 = dt.datetime(2025, 4, 1, 2, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def tsa():
    fake = FakeTsa()
    url = fake.serve()
    yield fake, url
    fake.stop()


@pytest.fixture
def stamped(root, tsa):
    fake, url = tsa
    publish(root.path, T1)
    root.write(ROOTS, fake.root_pem())
    root.replace(AQR, "正文。", "正文（第二版）。")
    res = run_portal("publish", "--root", root.path, "--tsa", url)
    assert res.returncode == 0, res.stderr
    return root


def test_publish_stores_a_token_for_the_new_head_and_verify_checks_it(stamped, tsa, check_json):
    fake, _url = tsa
    entries, _ = read_ledger(stamped.path)
    head = entries[-1]
    token = stamped.path / TOKENS / f"{head.seq}-{head.digest}.tsr"
    assert fake.requests == 1 and token.is_file()
    res = run_portal("verify", "--root", stamped.path)
    assert res.returncode == 0, res.stderr
    _rc, doc = check_json(stamped)
    assert "ledger.tsa" not in [f["code"] for f in doc["findings"]]


def test_a_consistent_rewrite_breaks_the_time_stamp(stamped):
    """Without any earlier site, the token alone shows that the stamped line is not what it was."""
    raw = (stamped.path / LEDGER).read_bytes().split(b"\n")[:-1]
    out, prev = [], "0" * 64
    for i, line in enumerate(raw, 1):
        obj = {**json.loads(line), "published_at": "2025-03-01T00:00:00Z", "seq": i, "prev": prev}
        enc = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        out.append(enc)
        prev = hashlib.sha256(enc).hexdigest()
    (stamped.path / LEDGER).write_bytes(b"".join(x + b"\n" for x in out))
    assert read_ledger(stamped.path)[1] == []          # the chain itself is consistent
    res = run_portal("verify", "--root", stamped.path)
    assert res.returncode == 1 and "[ledger.tsa]" in res.stderr and "改写" in res.stderr


def test_a_token_from_an_untrusted_authority_is_refused(stamped):
    other = FakeTsa()
    (stamped.path / ROOTS).write_bytes(other.root_pem())     # trust another root
    res = run_portal("verify", "--root", stamped.path)
    assert res.returncode == 1 and "[ledger.tsa]" in res.stderr and "Traceback" not in res.stderr


def test_a_corrupt_token_is_reported_not_a_traceback(stamped):
    token = next((stamped.path / TOKENS).glob("*.tsr"))
    token.write_bytes(token.read_bytes()[:40])
    res = run_portal("verify", "--root", stamped.path)
    assert res.returncode == 1 and "[ledger.tsa]" in res.stderr and "Traceback" not in res.stderr


def test_a_wrong_answer_from_the_authority_is_not_stored(root, tsa):
    fake, url = tsa
    publish(root.path, T1)
    root.write(ROOTS, fake.root_pem())
    fake.tamper = True
    res = run_portal("publish", "--root", root.path, "--tsa", url)
    assert res.returncode == 1 and "时间戳无效" in res.stderr
    assert not list((root.path / TOKENS).glob("*.tsr"))


def test_publish_with_a_tsa_needs_its_root_certificate(root, tsa):
    _fake, url = tsa
    publish(root.path, T1)
    res = run_portal("publish", "--root", root.path, "--tsa", url)
    assert res.returncode == 1 and ROOTS in res.stderr
