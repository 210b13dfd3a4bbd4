"""Optional RFC 3161 time-stamps of the ledger's chain head (`portal publish --tsa URL`).

The chain proves order, not time: whoever holds the repository could rewrite it consistently
with other dates. A time-stamping authority (TSA) outside the secretariat signs the SHA-256 of
the head line's bytes together with its own clock, so the token proves that the ledger said
this by then. The token (the TSA's DER TimeStampResp) is kept as
`content/ledger/timestamps/<seq>-<SHA-256 of that line>.tsr`; each is verified by
`portal verify` and `portal check` (`ledger.tsa`): the line must still be in the ledger with the
same bytes, and the signature must chain to a root in `content/ledger/timestamps/tsa-roots.pem`
(the TSA's root certificate, committed once by the secretariat; an outside verifier compares it
with the root the TSA publishes). Uses the maintained `rfc3161-client` package (docs/trust.md).
"""
from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from pathlib import Path

from .ledger import LEDGER, Entry, read_ledger

TOKENS = "content/ledger/timestamps"
ROOTS = f"{TOKENS}/tsa-roots.pem"
MAX_RESPONSE = 1 << 20
_NAME = re.compile(r"(\d+)-([0-9a-f]{64})\.tsr")


class TsaError(Exception):
    """Time-stamping failed (Chinese text; `en` holds the English)."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.en = en


def token_name(e: Entry) -> str:
    return f"{TOKENS}/{e.seq}-{e.digest}.tsr"


def _roots(root: Path) -> list:
    from cryptography import x509  # noqa: PLC0415 (only when time-stamps are used)
    path = Path(root) / ROOTS
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError):
        return []


def _line(root: Path, e: Entry) -> bytes:
    return (Path(root) / LEDGER).read_bytes().split(b"\n")[e.seq - 1]


def _check(raw: bytes, token: bytes, roots: list, nonce: int | None = None):
    """The decoded response if it is a granted, trusted time-stamp of `raw`; else TsaError."""
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response  # noqa: PLC0415
    try:
        resp = decode_timestamp_response(token)
        builder = VerifierBuilder(nonce=nonce)
        for cert in roots:
            builder = builder.add_root_certificate(cert)
        builder.build().verify_message(resp, raw)
    except (VerificationError, ValueError) as exc:
        raise TsaError(f"时间戳无效：{exc}", f"invalid timestamp: {exc}") from None
    return resp


def stamp_head(root: Path, url: str, timeout: float = 30.0) -> str:
    """Ask the TSA at `url` to time-stamp the current head line; store and return the token path."""
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder  # noqa: PLC0415
    root = Path(root)
    entries, problems = read_ledger(root)
    if problems or not entries:
        raise TsaError("公示台账为空或已损坏，无法申请时间戳", "the ledger is empty or broken: nothing to time-stamp")
    roots = _roots(root)
    if not roots:
        raise TsaError(f"缺少时间戳服务的根证书 {ROOTS}（PEM）；请先把该服务公布的根证书保存到这里",
                       f"no TSA root certificate in {ROOTS} (PEM): save the TSA's published root there first")
    head = entries[-1]
    raw = _line(root, head)
    req = (TimestampRequestBuilder().data(raw).hash_algorithm(HashAlgorithm.SHA256)
           .nonce(nonce=True).cert_request(cert_request=True).build())
    http = urllib.request.Request(url, data=req.as_bytes(), headers={"Content-Type": "application/timestamp-query"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as resp:   # noqa: S310 (the operator's TSA URL)
            token = resp.read(MAX_RESPONSE + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise TsaError(f"无法连接时间戳服务 {url}：{exc}", f"cannot reach the TSA {url}: {exc}") from None
    if len(token) > MAX_RESPONSE:
        raise TsaError("时间戳服务的应答过大", "the TSA's answer is too large")
    _check(raw, token, roots, req.nonce)
    dest = root / token_name(head)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    tmp.write_bytes(token)
    os.replace(tmp, dest)
    return token_name(head)


def verify_tokens(root: Path, entries: list[Entry]) -> list[tuple[str, int, str, str, str]]:
    """Problems of the stored time-stamps as (token path, ledger line, token, Chinese, English)."""
    folder = Path(root) / TOKENS
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.suffix == ".tsr")
    out = []
    roots = _roots(root) if names else []
    for name in names:
        rel = f"{TOKENS}/{name}"
        m = _NAME.fullmatch(name)
        seq = int(m.group(1)) if m else 0
        if not m:
            out.append((rel, 0, name, "文件名应为 <序号>-<该行的 SHA-256>.tsr", "the name must be <seq>-<line SHA-256>.tsr"))
        elif not 1 <= seq <= len(entries) or entries[seq - 1].digest != m.group(2):
            out.append((rel, seq, name, "所证明的台账行已不在台账中或已被改动（台账被截断或改写）",
                        "the line it time-stamps is gone or changed (the ledger was truncated or rewritten)"))
        elif not roots:
            out.append((rel, seq, name, f"缺少根证书 {ROOTS}，无法验证", f"no root certificate in {ROOTS} to verify it"))
        else:
            try:
                _check(_line(root, entries[seq - 1]), (folder / name).read_bytes(), roots)
            except TsaError as exc:
                out.append((rel, seq, name, str(exc), exc.en))
    return out
