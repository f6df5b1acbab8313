"""Requests to a server before it is loaded, to make sure it serves what the scenario claims to measure: HTTPS with
the run's certificate (openssl s_client: which protocol, cipher and group, and whether a session is resumed), or a
gzip-compressed body that inflates to the plain one (curl)."""

import gzip
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass

PROBE_TIMEOUT = 10


class ProbeFailure(Exception):
    pass


@dataclass(frozen=True)
class TlsHandshake:
    protocol: str   # OpenSSL's names, as s_client prints them
    cipher: str
    group: str      # the key exchange group ("Server Temp Key"), e.g. X25519
    resumed: bool

    def __str__(self):
        return f"{self.protocol} / {self.cipher} / {self.group}"


def curl(args, what):
    command = ["curl", "-sS", "--max-time", str(PROBE_TIMEOUT), *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT + 5)
    except subprocess.TimeoutExpired:
        raise ProbeFailure(f"{what}: curl got no answer in {PROBE_TIMEOUT}s")
    if done.returncode != 0:
        last = (done.stderr.decode(errors="replace").strip().splitlines() or [f"status {done.returncode}"])[-1]
        raise ProbeFailure(f"{what}: curl failed: {last}")
    return done


def tls(port, certificate_pem, tls12=False, session_in=None, session_out=None):
    """One GET /plaintext over a TLS connection made by `openssl s_client`, which verifies the server against the
    run's certificate and says what the handshake settled on: a TlsHandshake, or a ProbeFailure if there was no
    verified 200. session_out keeps the session, session_in offers it again (to see whether it is resumed)."""
    command = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-CAfile", certificate_pem,
               "-verify_return_error", "-ign_eof"]   # -ign_eof: read the answer, and the session ticket with it
    command += ["-tls1_2"] if tls12 else []
    command += ["-sess_in", session_in] if session_in else []
    command += ["-sess_out", session_out] if session_out else []
    request = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    what = f"TLS{'v1.2' if tls12 else ''} to port {port}"
    try:
        done = subprocess.run(command, input=request, capture_output=True, timeout=PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ProbeFailure(f"{what}: openssl s_client got no answer in {PROBE_TIMEOUT}s")
    out = done.stdout.decode(errors="replace")
    handshake = re.search(r"^(New|Reused), (\S+), Cipher is (\S+)", out, re.MULTILINE)
    if done.returncode != 0 or not handshake or "Verify return code: 0 (ok)" not in out:
        last = (done.stderr.decode(errors="replace").strip().splitlines() or ["no handshake"])[-1]
        raise ProbeFailure(f"{what}: no verified handshake ({last})")
    if "HTTP/1.1 200 " not in out:   # not always at a line's start: s_client may print a ticket's dump first
        raise ProbeFailure(f"{what}: no 200 to GET /plaintext")
    group = re.search(r"^Server Temp Key: ([^,\n]+)", out, re.MULTILINE)
    return TlsHandshake(handshake.group(2), handshake.group(3), group.group(1) if group else "?",
                        handshake.group(1) == "Reused")


def gzip_sizes(url):
    """(bytes of the gzip body, bytes of the same body asked for without gzip) — or a ProbeFailure when the answer
    to Accept-Encoding: gzip is not gzip, or does not inflate to the body sent without it."""
    with tempfile.TemporaryDirectory(prefix="bench-gzip-") as tmp:
        head, body = os.path.join(tmp, "head"), os.path.join(tmp, "body")
        curl(["-H", "Accept-Encoding: gzip", "-D", head, "-o", body, url], f"gzip {url}")
        with open(head, errors="replace") as f:
            headers = f.read()
        encoding = re.search(r"^content-encoding:[ \t]*(.*?)\s*$", headers, re.IGNORECASE | re.MULTILINE)
        if not encoding or encoding.group(1).lower() != "gzip":
            raise ProbeFailure(f"{url} was not compressed: the answer to Accept-Encoding: gzip has "
                               + (f"Content-Encoding: {encoding.group(1)}" if encoding else "no Content-Encoding"))
        with open(body, "rb") as f:
            compressed = f.read()
        plain = curl(["-o", "-", url], f"plain {url}").stdout
    try:
        inflated = gzip.decompress(compressed)
    except (OSError, EOFError) as e:
        raise ProbeFailure(f"{url}: the gzip body does not inflate ({e})")
    if inflated != plain:
        raise ProbeFailure(f"{url}: the gzip body inflates to {len(inflated)} bytes that differ from the"
                           f" {len(plain)} bytes sent without gzip")
    return len(compressed), len(plain)
