"""A fake RFC 3161 time-stamping authority on 127.0.0.1 for the tests: its own CA and TSA key
(made with `cryptography`), answering a TimeStampReq with a signed TimeStampResp (RFC 3161 §2.4,
CMS SignedData per RFC 5652 with the ESS signing-certificate-v2 attribute of RFC 5816).
`rfc3161-client` builds requests and verifies responses but has no server side, so the DER is
written here by hand (a few tags suffice)."""
from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


# --- DER ---------------------------------------------------------------------------------------
def tlv(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def seq(*parts: bytes) -> bytes:
    return tlv(0x30, b"".join(parts))


def set_of(*parts: bytes) -> bytes:
    return tlv(0x31, b"".join(sorted(parts)))         # DER: SET OF sorted by encoding


def integer(v: int) -> bytes:
    return tlv(0x02, v.to_bytes(v.bit_length() // 8 + 1, "big", signed=True))


def oid(dotted: str) -> bytes:
    nums = [int(x) for x in dotted.split(".")]
    body = bytearray([40 * nums[0] + nums[1]])
    for n in nums[2:]:
        chunk = [n & 0x7F]
        while n > 0x7F:
            n >>= 7
            chunk.insert(0, 0x80 | (n & 0x7F))
        body += bytes(chunk)
    return tlv(0x06, bytes(body))


def octets(b: bytes) -> bytes:
    return tlv(0x04, b)


def explicit(n: int, body: bytes) -> bytes:
    return tlv(0xA0 | n, body)


def parse(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """The TLVs of one level: (tag, body, whole encoding)."""
    out, i = [], 0
    while i < len(data):
        tag, n = data[i], data[i + 1]
        j = i + 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[j:j + k], "big")
            j += k
        out.append((tag, data[j:j + n], data[i:j + n]))
        i = j + n
    return out


SHA256 = seq(oid("2.16.840.1.101.3.4.2.1"))
ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))
ID_SIGNED_DATA = "1.2.840.113549.1.7.2"
ID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
POLICY = "1.3.6.1.4.1.99999.1"


# --- the authority -----------------------------------------------------------------------------
class FakeTsa:
    def __init__(self):
        now = dt.datetime.now(dt.timezone.utc)
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA Root")])
        self.ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
                   .public_key(self.ca_key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                   .sign(self.ca_key, hashes.SHA256()))
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.cert = (x509.CertificateBuilder()
                     .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
                     .issuer_name(ca_name).public_key(self.key.public_key())
                     .serial_number(x509.random_serial_number())
                     .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
                     .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
                     .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                                    critical=True)
                     .sign(self.ca_key, hashes.SHA256()))
        self.serial = 0
        self.requests = 0
        self.tamper = False          # answer with a token over other bytes

    def root_pem(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.PEM)

    def answer(self, request: bytes) -> bytes:
        self.requests += 1
        (_t, req, _w), = parse(request)
        fields = parse(req)
        imprint = fields[1][2]
        nonce = next((w for t, _b, w in fields[2:] if t == 0x02), b"")
        if self.tamper:
            imprint = seq(SHA256, octets(hashlib.sha256(b"something else").digest()))
        self.serial += 1
        gen_time = tlv(0x18, dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%SZ").encode())
        tst_info = seq(integer(1), oid(POLICY), imprint, integer(self.serial), gen_time, nonce)
        cert_der = self.cert.public_bytes(serialization.Encoding.DER)
        attrs = [
            seq(oid("1.2.840.113549.1.9.3"), set_of(oid(ID_TST_INFO))),
            seq(oid("1.2.840.113549.1.9.4"), set_of(octets(hashlib.sha256(tst_info).digest()))),
            seq(oid("1.2.840.113549.1.9.16.2.47"),
                set_of(seq(seq(seq(octets(hashlib.sha256(cert_der).digest())))))),
        ]
        signed_attrs = set_of(*attrs)
        signature = self.key.sign(signed_attrs, ec.ECDSA(hashes.SHA256()))
        signer = seq(integer(1), seq(self.ca.subject.public_bytes(), integer(self.cert.serial_number)), SHA256,
                     tlv(0xA0, signed_attrs[2 if signed_attrs[1] < 0x80 else 2 + (signed_attrs[1] & 0x7F):]),
                     ECDSA_SHA256, octets(signature))
        signed_data = seq(integer(3), set_of(SHA256), seq(oid(ID_TST_INFO), explicit(0, octets(tst_info))),
                          tlv(0xA0, b"".join(sorted([cert_der, self.ca.public_bytes(serialization.Encoding.DER)]))),
                          set_of(signer))
        token = seq(oid(ID_SIGNED_DATA), explicit(0, signed_data))
        return seq(seq(integer(0)), token)

    # --- HTTP on 127.0.0.1 ---------------------------------------------------------------------
    def serve(self) -> str:
        tsa = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                data = tsa.answer(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
