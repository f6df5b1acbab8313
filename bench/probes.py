"""One curl request to a server before it is loaded, to make sure it serves what the scenario claims to measure:
HTTPS with the run's certificate (and which protocol and cipher it settled on), or a gzip-compressed body."""

import gzip
import os
import re
import subprocess
import tempfile

CURL_TIMEOUT = 10


class ProbeFailure(Exception):
    pass


def curl(args, what):
    command = ["curl", "-sS", "--max-time", str(CURL_TIMEOUT), *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CURL_TIMEOUT + 5)
    except subprocess.TimeoutExpired:
        raise ProbeFailure(f"{what}: curl got no answer in {CURL_TIMEOUT}s")
    if done.returncode != 0:
        raise ProbeFailure(f"{what}: curl failed: {done.stderr.decode(errors='replace').strip().splitlines()[-1:]}")
    return done


def tls(url, certificate_pem, tls_max=None):
    """'TLSv1.3 / TLS_AES_256_GCM_SHA384' (OpenSSL's names, as curl prints them) for a verified 200 over HTTPS."""
    limit = ["--tls-max", tls_max] if tls_max else []
    done = curl(["-v", "--cacert", certificate_pem, *limit, "-o", os.devnull, "-w", "%{http_code}", url],
                f"HTTPS {url}")
    status = done.stdout.decode().strip()
    if status != "200":
        raise ProbeFailure(f"HTTPS {url}: status {status}, not 200")
    m = re.search(r"SSL connection using (\S+) / (\S+)", done.stderr.decode(errors="replace"))
    if not m:
        raise ProbeFailure(f"HTTPS {url}: curl did not say which protocol and cipher it used")
    return f"{m.group(1)} / {m.group(2)}"


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
