#!/usr/bin/env python3
"""Soak test: mixed load against the Portico CLI for a while, sampling the server's resources as it goes.

    bench/soak.sh                                                 # 10 minutes on the java on PATH
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/soak.sh     # the same on Java 25
    python3 bench/soak.py --minutes 1                             # a short run (after a build)

The load mixes, on 127.0.0.1 only and bounded in time: keep-alive and close-per-request GETs, pipelined GETs, 4 KiB
uploads, 1 MiB chunked downloads, slow request heads (cut by the header timeout), slow bodies (cut by the minimum body
data rate), connections aborted mid-response, and 404s. Every 10 s it samples the server process: open file
descriptors, threads, resident memory, and the heap after a full GC (jcmd). When the load stops it waits for the
fd and thread counts to return to their baseline. Prints a Markdown report on stdout; progress goes to stderr.

Exit status 0 when: fds and threads are back at their baseline, the heap after GC shows no growth trend, and no
client saw an unexpected answer.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from processes import free_port, progress, wait_for_port
import processes

APP_CLASS = "dev.portico.bench.app.BenchServlet"
UPLOAD = b"u" * 4096
MIB = 1024 * 1024


# ---- a minimal HTTP/1.1 client over raw sockets: the soak must see exactly what the server sends -----------------

class Reply:
    def __init__(self, status, headers, body_length):
        self.status = status
        self.headers = headers
        self.body_length = body_length


class UnexpectedAnswer(Exception):
    pass


def read_line(reader):
    line = reader.readline(65536)
    if not line.endswith(b"\n"):
        raise ConnectionError("connection closed mid-line")
    return line.rstrip(b"\r\n")


def read_reply(reader, head_request=False):
    status_line = read_line(reader).decode("latin-1")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise UnexpectedAnswer("bad status line: " + status_line)
    status = int(parts[1])
    headers = {}
    while True:
        line = read_line(reader)
        if not line:
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = 0
    if head_request or status in (204, 304):
        pass
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int(read_line(reader).split(b";")[0], 16)
            if size == 0:
                while read_line(reader):
                    pass
                break
            length += len(read_exactly(reader, size))
            read_line(reader)
    elif "content-length" in headers:
        length = len(read_exactly(reader, int(headers["content-length"])))
    else:
        length = len(reader.read())
    return Reply(status, headers, length)


def read_exactly(reader, n):
    data = reader.read(n)
    if len(data) != n:
        raise ConnectionError("connection closed mid-body")
    return data


def request(method, path, extra="", body=b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode("latin-1") + body


# ---- load -----------------------------------------------------------------------------------------------------------

@dataclass
class Counts:
    lock: threading.Lock = field(default_factory=threading.Lock)
    ok: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    examples: list = field(default_factory=list)

    def success(self, kind, n=1):
        with self.lock:
            self.ok[kind] = self.ok.get(kind, 0) + n

    def error(self, kind, problem):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.examples) < 20:
                self.examples.append(f"{kind}: {problem}")


class Load:
    """Each scenario is a loop run by its own client threads until the deadline."""

    def __init__(self, port, deadline, counts, slow_interval):
        self.port = port
        self.deadline = deadline
        self.counts = counts
        self.slow_interval = slow_interval

    def connect(self, timeout=30):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def running(self):
        return time.monotonic() < self.deadline

    def expect(self, reply, status, kind, length=None):
        if reply.status != status:
            raise UnexpectedAnswer(f"status {reply.status}, expected {status}")
        if length is not None and reply.body_length != length:
            raise UnexpectedAnswer(f"{reply.body_length} body bytes, expected {length}")
        self.counts.success(kind)

    def run(self, kind, body):
        while self.running():
            try:
                body()
            except (OSError, UnexpectedAnswer, ValueError) as e:
                self.counts.error(kind, repr(e))
                time.sleep(0.2)

    def keep_alive(self):
        with self.connect() as s, s.makefile("rb") as r:
            for _ in range(200):
                if not self.running():
                    return
                s.sendall(request("GET", "/plaintext"))
                self.expect(read_reply(r), 200, "keep-alive", 13)

    def close_each(self):
        with self.connect() as s, s.makefile("rb") as r:
            s.sendall(request("GET", "/plaintext", "Connection: close\r\n"))
            self.expect(read_reply(r), 200, "close", 13)
            if r.read(1):
                raise UnexpectedAnswer("bytes after a Connection: close response")

    def pipelined(self):
        with self.connect() as s, s.makefile("rb") as r:
            s.sendall(request("GET", "/plaintext") * 8 + request("GET", "/json"))
            for _ in range(8):
                self.expect(read_reply(r), 200, "pipelined", 13)
            self.expect(read_reply(r), 200, "pipelined")

    def upload(self):
        with self.connect() as s, s.makefile("rb") as r:
            for _ in range(20):
                s.sendall(request("POST", "/echo", "Content-Type: application/octet-stream\r\n", UPLOAD))
                self.expect(read_reply(r), 200, "upload 4 KiB", len(UPLOAD))

    def download(self):
        with self.connect() as s, s.makefile("rb") as r:
            s.sendall(request("GET", f"/bytes?n={MIB}"))
            self.expect(read_reply(r), 200, "download 1 MiB", MIB)

    def not_found(self):
        with self.connect() as s, s.makefile("rb") as r:
            for _ in range(20):
                s.sendall(request("GET", "/no/such/thing"))
                self.expect(read_reply(r), 404, "404")

    def aborted(self):
        s = self.connect()
        try:
            s.sendall(request("GET", f"/bytes?n={16 * MIB}"))
            s.recv(32 * 1024)
            # close with a reset while the server is still writing
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        finally:
            s.close()
        self.counts.success("aborted")

    def slow_head(self):
        """A head trickled one byte at a time: the header timeout answers 408 (or closes) however steady it is."""
        with self.connect(timeout=60) as s, s.makefile("rb") as r:
            trickle = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 4096
            for b in trickle:
                if not self.running():
                    return
                try:
                    s.sendall(bytes([b]))
                except OSError:
                    break  # the server cut us off
                if self.readable(s, self.slow_interval):
                    break
            self.expect_cut(r, "slow head")

    def slow_body(self):
        """A body trickled one byte at a time: the minimum body data rate answers 408 (or closes)."""
        with self.connect(timeout=60) as s, s.makefile("rb") as r:
            s.sendall(b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 200000\r\n\r\n")
            for _ in range(200000):
                if not self.running():
                    return
                try:
                    s.sendall(b"b")
                except OSError:
                    break
                if self.readable(s, self.slow_interval):
                    break
            self.expect_cut(r, "slow body")

    @staticmethod
    def readable(s, timeout):
        import select
        ready, _, _ = select.select([s], [], [], timeout)
        return bool(ready)

    def expect_cut(self, reader, kind):
        try:
            line = reader.readline(1024)
        except OSError:
            line = b""
        if line and not line.startswith(b"HTTP/1.1 408"):
            raise UnexpectedAnswer(f"{kind}: answered {line!r}, expected 408 or a close")
        self.counts.success(kind)


SCENARIOS = [
    ("keep-alive", "keep_alive", 4),
    ("close", "close_each", 2),
    ("pipelined", "pipelined", 1),
    ("upload 4 KiB", "upload", 2),
    ("download 1 MiB", "download", 2),
    ("404", "not_found", 1),
    ("aborted", "aborted", 1),
    ("slow head", "slow_head", 8),
    ("slow body", "slow_body", 8),
]


# ---- sampling the server -------------------------------------------------------------------------------------------

@dataclass
class Sample:
    seconds: float
    fds: int
    threads: int
    rss_mib: float
    heap_mib: float
    phase: str


class Sampler:
    def __init__(self, pid, jcmd):
        self.pid = pid
        self.jcmd = jcmd

    def fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def status(self, key):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        raise RuntimeError(f"no {key} in /proc/{self.pid}/status")

    def heap_after_gc_mib(self):
        subprocess.run([self.jcmd, str(self.pid), "GC.run"], check=True, capture_output=True, timeout=60)
        out = subprocess.run([self.jcmd, str(self.pid), "GC.heap_info"], check=True, capture_output=True,
                             text=True, timeout=60).stdout
        # "garbage-first heap   total 262144K, used 12345K [...]" (the first "used" is the whole heap's)
        m = re.search(r"used (\d+)K", out)
        if not m:
            raise RuntimeError("cannot read the heap from jcmd GC.heap_info:\n" + out)
        return int(m.group(1)) / 1024

    def sample(self, t0, phase):
        heap = self.heap_after_gc_mib()
        return Sample(time.monotonic() - t0, self.fds(), self.status("Threads"), self.status("VmRSS") / 1024, heap,
                      phase)


def slope_per_minute(samples):
    """Least-squares slope of heap-after-GC over time, in MiB per minute."""
    n = len(samples)
    if n < 3:
        return 0.0
    xs = [s.seconds / 60 for s in samples]
    ys = [s.heap_mib for s in samples]
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="load duration [10]")
    parser.add_argument("--interval", type=float, default=10, help="seconds between samples [10]")
    parser.add_argument("--java", default=None, help="java executable [$JAVA_HOME/bin/java, else java on PATH]")
    parser.add_argument("--slow-interval", type=float, default=1.0, help="seconds between slow clients' bytes [1]")
    parser.add_argument("--settle", type=float, default=90, help="seconds to wait for fds/threads to settle [90]")
    parser.add_argument("--server-opts", default="", help="extra Portico options, e.g. '--threads 8'")
    args = parser.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    java = args.java or (os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME")
                         else shutil.which("java"))
    java = shutil.which(java) or sys.exit(f"soak.py: no java at {java}")
    jcmd = os.path.join(os.path.dirname(os.path.realpath(java)), "jcmd")
    container = os.path.join(root, "container", "target", "portico.jar")
    app = os.path.join(root, "bench", "app", "target", "bench-app.jar")
    for jar in (container, app):
        if not os.path.isfile(jar):
            sys.exit(f"soak.py: {jar} is missing; build first (bench/soak.sh does)")
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]

    port = free_port()
    command = [java, "-jar", container, "--port", str(port), *args.server_opts.split(), f"{app}:{APP_CLASS}"]
    progress("starting: " + " ".join(command))
    server = processes.start(command, os.path.join(root, "bench", "target", "soak-server.log"))
    try:
        wait_for_port(port, server)
        sampler = Sampler(server.pid, jcmd)
        t0 = time.monotonic()
        # the baseline: after one request of each kind, so lazily created state (class loading, buffers) is in
        warm = Load(port, time.monotonic() + 5, Counts(), args.slow_interval)
        for method in ("keep_alive", "close_each", "upload", "download", "not_found"):
            getattr(warm, method)()
        time.sleep(2)
        baseline = sampler.sample(t0, "baseline")
        samples = [baseline]
        progress(f"baseline: {baseline.fds} fds, {baseline.threads} threads, {baseline.rss_mib:.0f} MiB RSS, "
                 f"{baseline.heap_mib:.1f} MiB heap after GC")

        counts = Counts()
        deadline = time.monotonic() + args.minutes * 60
        load = Load(port, deadline, counts, args.slow_interval)
        threads = []
        for kind, method, clients in SCENARIOS:
            for _ in range(clients):
                t = threading.Thread(target=load.run, args=(kind, getattr(load, method)), daemon=True)
                t.start()
                threads.append(t)
        while time.monotonic() < deadline:
            time.sleep(min(args.interval, max(0.0, deadline - time.monotonic())))
            if server.poll() is not None:
                raise RuntimeError(f"the server exited under load with status {server.returncode}")
            s = sampler.sample(t0, "load")
            samples.append(s)
            done = sum(counts.ok.values())
            progress(f"{s.seconds:5.0f} s: {s.fds} fds, {s.threads} threads, {s.rss_mib:.0f} MiB RSS, "
                     f"{s.heap_mib:.1f} MiB heap, {done} exchanges, {sum(counts.errors.values())} errors")
        for t in threads:
            t.join(timeout=90)

        # after the load: fds and threads must come back to the baseline (idle connections time out, the pool
        # shrinks); sample until they do or the settle time runs out
        settle_until = time.monotonic() + args.settle
        while True:
            s = sampler.sample(t0, "after")
            samples.append(s)
            if (s.fds <= baseline.fds and s.threads <= baseline.threads) or time.monotonic() > settle_until:
                break
            time.sleep(args.interval / 2)
        final = samples[-1]
    finally:
        processes.stop(server, grace=30)

    load_samples = [s for s in samples if s.phase == "load"]
    # the first minute holds the JIT's and the pools' warm-up; the trend is judged on the rest
    trend = slope_per_minute([s for s in load_samples if s.seconds >= 60] or load_samples)
    heap_values = [s.heap_mib for s in load_samples] or [baseline.heap_mib]
    fds_back = final.fds <= baseline.fds
    threads_back = final.threads <= baseline.threads
    heap_flat = trend < 0.5
    no_errors = not counts.errors

    print(f"### Soak, {version}, {args.minutes:g} min of mixed load\n")
    print(f"`{' '.join(['bench/soak.sh'] + (['--minutes', f'{args.minutes:g}'] if args.minutes != 10 else []))}`"
          f" on {time.strftime('%Y-%m-%d')}; server: `{' '.join(os.path.basename(c) for c in command)}`\n")
    print("| t (s) | phase | open fds | threads | RSS (MiB) | heap after GC (MiB) |")
    print("|---:|---|---:|---:|---:|---:|")
    for s in samples:
        print(f"| {s.seconds:.0f} | {s.phase} | {s.fds} | {s.threads} | {s.rss_mib:.0f} | {s.heap_mib:.1f} |")
    print()
    print("| exchanges by kind | count |")
    print("|---|---:|")
    for kind, _, _ in SCENARIOS:
        print(f"| {kind} | {counts.ok.get(kind, 0)} |")
    print()
    print(f"- fds: baseline {baseline.fds}, peak {max(s.fds for s in samples)}, after {final.fds} "
          f"→ {'back to baseline' if fds_back else 'NOT back to baseline'}")
    print(f"- threads: baseline {baseline.threads}, peak {max(s.threads for s in samples)}, after {final.threads} "
          f"→ {'back to baseline' if threads_back else 'NOT back to baseline'}")
    print(f"- heap after GC under load: {min(heap_values):.1f}–{max(heap_values):.1f} MiB, trend after the first "
          f"minute {trend:+.2f} MiB/min → {'flat' if heap_flat else 'GROWING'}")
    print(f"- unexpected errors: {sum(counts.errors.values())}")
    for example in counts.examples:
        print(f"  - {example}")
    return 0 if fds_back and threads_back and heap_flat and no_errors else 1


if __name__ == "__main__":
    sys.exit(main())
