"""The Markdown report of a bench/run.sh run, from its results.tsv and metrics.tsv.

results.tsv: round server scenario requests duration_us bytes p50_us p99_us errors cpu_ticks (errors "failed":
wrk gave no result, or the gzip check before it failed). metrics.tsv: round server metric value (startup_ms, or
startup_ms_tls / startup_ms_gzip for the servers started for those scenarios; rss_kb; gzip_body_bytes:SCENARIO and
plain_body_bytes:SCENARIO, from the gzip check). probes.tsv (runs with tls or gzip scenarios): round server what text
— "tls" and "tls1.2": protocol / cipher / group of openssl s_client's handshake, by default and with -tls1_2;
"resumption": "none" or "resumed", for a session offered again; "failed:SCENARIO": why that scenario's check failed.

Every value goes through awk_number on its way, as the numbers of the shell version went through awk's print: six
significant digits. That keeps the report of a saved run the same whoever prints it.
"""

import os
import re

import tls_setup

CLK_TCK = os.sysconf("SC_CLK_TCK")


def startup_metric(setup):
    """The metric of a start-up: plain starts keep the name older runs have."""
    return "startup_ms" if setup == "plain" else f"startup_ms_{setup}"


def awk_number(x):
    """x as awk's print would leave it: integers whole, other numbers to six significant digits (OFMT %.6g)."""
    if x == int(x) and abs(x) < 1e16:
        return float(int(x))
    return float("%.6g" % x)


def median(values):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return None
    return values[n // 2] if n % 2 else awk_number((values[n // 2 - 1] + values[n // 2]) / 2)


def _read_tsv(path):
    if not os.path.exists(path):   # probes.tsv: only in runs since the HTTPS and gzip scenarios
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def _number(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


class Results:
    def __init__(self, out):
        self.rows = [r + [""] * (10 - len(r)) for r in _read_tsv(os.path.join(out, "results.tsv"))]
        self.metrics = _read_tsv(os.path.join(out, "metrics.tsv"))
        self.probes = [p for p in _read_tsv(os.path.join(out, "probes.tsv")) if len(p) == 4]

    def _measured(self, server, scenario):
        for r in self.rows:
            if r[1] == server and r[2] == scenario and r[8] != "failed" and _number(r[4]) > 0:
                yield r

    def stat(self, server, scenario, what):
        """rps, mbps, p50, p99 (ms), cpu_us (per request; per MB for streaming) or wire_bytes (bytes wrk read
        per response, head included): the median over rounds."""
        values = []
        for r in self._measured(server, scenario):
            requests, duration_us, size = _number(r[3]), _number(r[4]), _number(r[5])
            if what == "rps":
                values.append(requests / (duration_us / 1e6))
            elif what == "cpu_us":
                if requests > 0 and size > 0:
                    per = size / 1e6 if scenario == "stream-1m" else requests
                    values.append(_number(r[9]) / CLK_TCK * 1e6 / per)
            elif what == "mbps":
                values.append(size / duration_us)
            elif what == "wire_bytes":
                values.append(size / requests)
            elif what == "p50":
                values.append(_number(r[6]) / 1000)
            elif what == "p99":
                values.append(_number(r[7]) / 1000)
        return median([awk_number(v) for v in values])

    def errors(self, server, scenario):
        """The errors over all rounds, or "failed" if some round has no result."""
        failed, total = False, 0.0
        for r in self.rows:
            if r[1] == server and r[2] == scenario:
                if r[8] == "failed":
                    failed = True
                else:
                    total += _number(r[8])
        return "failed" if failed else int(total)

    def metric(self, server, name):
        return median([awk_number(_number(m[3])) for m in self.metrics if m[1] == server and m[2] == name])

    def starts(self, server, setup="plain"):
        return sum(1 for m in self.metrics if m[1] == server and m[2] == startup_metric(setup))

    def probed(self, server, what):
        """What the probes found over the rounds, each distinct text once, or None."""
        found = []
        for p in self.probes:
            if p[1] == server and p[2] == what and p[3] not in found:
                found.append(p[3])
        return "; ".join(found) if found else None

    def probe_failures(self):
        """(round, server, what, reason): every scenario whose check failed, and every TLS probe that failed."""
        failed = []
        for round, server, what, text in self.probes:
            if what.startswith("failed:"):
                failed.append((round, server, what[len("failed:"):], text))
            elif text.startswith("failed: "):
                failed.append((round, server, f"{what} probe", text[len("failed: "):]))
        return failed

    def round_cell(self, round, server, scenario):
        cell = "—"
        for r in self._measured(server, scenario):
            if r[0] == str(round):
                duration_s = _number(r[4]) / 1e6
                v = _number(r[5]) / _number(r[4]) if scenario == "stream-1m" else _number(r[3]) / duration_s
                share = _number(r[9]) / CLK_TCK / duration_s * 100
                cell = "%.0f (%.0f %%)" % (v, share)
        return cell


def fmt(value, kind):
    if value is None:
        return "—"
    if kind == "int":
        return f"{int(value + 0.5):,}"
    if kind == "mb":
        return "%.0f" % value
    if kind == "ms":
        return ("%.2f" if value < 10 else "%.1f") % value
    if kind == "us":
        return ("%.1f" if value < 100 else "%.0f") % value
    if kind == "percent":
        return "%.1f %%" % (value * 100)
    return "%.2f×" % value


def ratio(a, b):
    return awk_number(a / b) if a is not None and b is not None and b > 0 else None


def meets(value, op, threshold):
    if value is None:
        return "—"
    return "yes" if (value >= threshold if op == ">=" else value <= threshold) else "**no**"


def machine():
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if "model name" in line:
                model = line.split(":", 1)[1].rstrip("\n")
                model = model[1:] if model.startswith(" ") else model
                break
    with open("/proc/meminfo") as f:
        kb = next(int(re.search(r"\d+", line).group()) for line in f if "MemTotal" in line)
    return model, "%.0f GiB" % (kb / 1048576)


def report(s, results, out, display_name, cores):
    """The report's lines; s holds the run's settings, display_name gives a server's name with its version."""
    lines = []
    emit = lines.append
    compare = s.has_server("portico") and s.has_server("jetty")
    header = "| scenario |" + "".join(f" {display_name(n)} |" for n in s.servers)
    sep = "|---|" + "---:|" * len(s.servers)
    ratio_head, ratio_sep = (" Portico ÷ Jetty |", "---:|") if compare else ("", "")
    stat, metric = results.stat, results.metric

    def versus(value_of):
        """The Portico ÷ Jetty cell of a row, when both are in the run."""
        return f" {fmt(ratio(value_of('portico'), value_of('jetty')), 'ratio')} |" if compare else ""

    model, memory = machine()
    emit(f"## Portico, Jetty and Tomcat on Java {s.java_feature}")
    emit("")
    emit(f"- JDK: `{s.java_version_line}` ({s.java_runtime_line})")
    emit(f"- date: {s.run_date}; machine: {cores} cores, {model}, {memory} RAM")
    emit(f"- server pinned to CPU {s.server_cpu}, wrk (1 thread) to CPU {s.client_cpu}; JIT warm-up {s.jit_warmup}s;"
         f" per scenario {s.warmup}s warm-up, {s.duration}s measured; median of {s.rounds} round(s), each starting"
         " every server afresh")
    if s.has_server("portico"):
        emit(f"- Portico via {s.portico_how}")
    emit(f"- load average (1, 5, 15 min) before the run: {s.load_before}; after: {s.load_after}")
    if s.java_opts:
        emit(f"- JAVA_OPTS: `{s.java_opts}`")
    if s.portico_opts:
        emit(f"- PORTICO_OPTS: `{s.portico_opts}`")
    emit("")

    emit("### Throughput (req/s; MB/s for streaming)")
    emit("")
    emit(header + ratio_head)
    emit(sep + ratio_sep)
    for sc in s.scenarios:
        what, kind, unit = ("mbps", "mb", " (MB/s)") if sc.id == "stream-1m" else ("rps", "int", "")
        emit(f"| {sc.label}{unit} |"
             + "".join(f" {fmt(stat(n, sc.id, what), kind)}{'' if results.errors(n, sc.id) == 0 else ' ⚠'} |"
                       for n in s.servers)
             + versus(lambda n: stat(n, sc.id, what)))
    emit("")

    emit("### Server CPU time per request (µs; per MB for streaming)")
    emit("")
    emit("User + system time of the server process during the measured window, over what it served: unlike req/s,")
    emit("it hardly moves when other work on the machine takes the server's core away. Lower is better.")
    emit("")
    emit(header + ratio_head)
    emit(sep + ratio_sep)
    for sc in s.scenarios:
        emit(f"| {sc.label} |" + "".join(f" {fmt(stat(n, sc.id, 'cpu_us'), 'us')} |" for n in s.servers)
             + versus(lambda n: stat(n, sc.id, "cpu_us")))
    emit("")

    emit("### Latency p50 / p99 (ms)")
    emit("")
    emit(header)
    emit(sep)
    for sc in s.scenarios:
        emit(f"| {sc.label} |" + "".join(
            f" {fmt(stat(n, sc.id, 'p50'), 'ms')} / {fmt(stat(n, sc.id, 'p99'), 'ms')} |" for n in s.servers))
    emit("")

    def mib(n):
        rss = metric(n, "rss_kb")
        return None if rss is None else awk_number(rss / 1024)

    emit("### Start-up and memory")
    emit("")
    emit("| |" + "".join(f" {display_name(n)} |" for n in s.servers) + ratio_head)
    emit("|---|" + "---:|" * len(s.servers) + ratio_sep)
    emit("| start-up to first 200 (ms) |" + "".join(f" {fmt(metric(n, 'startup_ms'), 'int')} |" for n in s.servers)
         + versus(lambda n: metric(n, "startup_ms")))
    emit("| VmRSS after load (MiB) |" + "".join(f" {fmt(mib(n), 'int')} |" for n in s.servers)
         + versus(lambda n: metric(n, "rss_kb")))
    emit("")

    if "tls" in s.setups():
        tls(s, results, display_name, emit)
    if "gzip" in s.setups():
        compression(s, results, display_name, emit)
    if compare:
        targets(s, results, emit)
    errors(s, results, out, display_name, emit)
    if s.rounds > 1:
        every_round(s, results, display_name, emit)
    return lines


def not_run(s, setup, display_name, emit):
    for n in s.servers:
        if not s.runs(n, setup):
            emit(f"{display_name(n)} has no {setup} set-up: its cells for these scenarios are empty (—).")
            emit("")


def tls(s, results, display_name, emit):
    emit("### HTTPS")
    emit("")
    emit(f"For the https scenarios each server is started afresh on one HTTPS port with the run's keystore, a"
         f" {tls_setup.DESCRIPTION},")
    emit("protocols TLSv1.3 and TLSv1.2 and the JDK's default cipher suites (Portico: `--tls-keystore FILE"
         " --tls-password-file FILE`;")
    emit("Jetty: an `SslContextFactory.Server` connector; Tomcat: a JSSE SSL connector). wrk (OpenSSL) is the client.")
    emit(f"Every server runs with `{' '.join(tls_setup.JVM_OPTS)}`")
    emit("so that a new connection is a full handshake (certificate and signature included): wrk offers each")
    emit("connection's last session again, which the JDK would otherwise resume. Before the load, `openssl s_client`")
    emit("checks each server (protocol / cipher / key exchange group), and offers a session again after another")
    emit("handshake; a server that resumes it has no result for the new-connection scenario.")
    emit("")
    not_run(s, "tls", display_name, emit)
    shown = [n for n in s.servers if s.runs(n, "tls")]
    emit("| |" + "".join(f" {display_name(n)} |" for n in shown))
    emit("|---|" + "---|" * len(shown))
    emit("| by default |" + "".join(f" {results.probed(n, 'tls') or '—'} |" for n in shown))
    emit("| with TLS 1.2 |" + "".join(f" {results.probed(n, 'tls1.2') or '—'} |" for n in shown))
    emit("| session offered again |" + "".join(f" {results.probed(n, 'resumption') or '—'} |" for n in shown))
    emit("| start-up to first 200 over HTTPS (ms) |"
         + "".join(f" {fmt(results.metric(n, startup_metric('tls')), 'int')} |" for n in shown))
    emit("")


def compression(s, results, display_name, emit):
    stat, metric = results.stat, results.metric
    shown = [n for n in s.servers if s.runs(n, "gzip")]
    emit("### gzip")
    emit("")
    emit("For the gzip scenarios each server is started afresh with compression on at its defaults (Portico `--gzip`,")
    emit("Jetty's `GzipHandler`, Tomcat's `compression=\"on\"`) and wrk sends `Accept-Encoding: gzip`. Before the load,")
    emit("one curl request checks that the answer has `Content-Encoding: gzip` and inflates to the body sent without")
    emit("it; a server that did not compress has no result (see *Errors*). On the wire: what wrk read per response,")
    emit("head included.")
    emit("")
    not_run(s, "gzip", display_name, emit)
    emit("| |" + "".join(f" {display_name(n)} |" for n in shown))
    emit("|---|" + "---:|" * len(shown))
    for sc in (sc for sc in s.scenarios if sc.setup == "gzip"):
        def body(n, which):
            return metric(n, f"{which}_body_bytes:{sc.id}")
        emit(f"| {sc.label}: body uncompressed (bytes) |" + "".join(f" {fmt(body(n, 'plain'), 'int')} |" for n in shown))
        emit(f"| {sc.label}: gzip body (bytes) |" + "".join(f" {fmt(body(n, 'gzip'), 'int')} |" for n in shown))
        emit(f"| {sc.label}: compressed to |" + "".join(
            f" {fmt(ratio(body(n, 'gzip'), body(n, 'plain')), 'percent')} |" for n in shown))
        emit(f"| {sc.label}: on the wire per response (bytes) |"
             + "".join(f" {fmt(stat(n, sc.id, 'wire_bytes'), 'int')} |" for n in shown))
    emit("")


def targets(s, results, emit):
    stat, metric = results.stat, results.metric
    emit("### Targets (Portico against Jetty)")
    emit("")
    emit("Throughput targets are judged twice: by the median req/s (MB/s), and by server CPU time per request")
    emit("(Jetty's ÷ Portico's, what the req/s ratio would be if both had a whole core) — the steadier of the two")
    emit("on a shared machine.")
    emit("")
    emit("| target | by req/s | met | by CPU per request | met |")
    emit("|---|---|---|---|---|")

    def target(label, scenario, what, threshold, op=">="):
        if not s.has_scenario(scenario):
            return
        r = ratio(stat("portico", scenario, what), stat("jetty", scenario, what))
        if what == "p99":
            emit(f"| {label} | {fmt(r, 'ratio')} | {meets(r, op, threshold)} | | |")
        else:
            c = ratio(stat("jetty", scenario, "cpu_us"), stat("portico", scenario, "cpu_us"))
            emit(f"| {label} | {fmt(r, 'ratio')} | {meets(r, op, threshold)} | {fmt(c, 'ratio')}"
                 f" | {meets(c, '>=', threshold)} |")

    target("plaintext 32 conn. req/s ≥ 1.2× Jetty", "plaintext-32", "rps", 1.2)
    target("plaintext 32 conn. p99 ≤ Jetty", "plaintext-32", "p99", 1.0, "<=")
    target("plaintext 256 conn. req/s ≥ 1.2× Jetty", "plaintext-256", "rps", 1.2)
    target("plaintext 256 conn. p99 ≤ Jetty", "plaintext-256", "p99", 1.0, "<=")
    target("json req/s ≥ 1.1× Jetty", "json", "rps", 1.1)
    target("echo 4 KiB req/s ≥ 1.1× Jetty", "echo-4k", "rps", 1.1)
    target("1 MiB streaming MB/s ≥ Jetty", "stream-1m", "mbps", 1.0)
    target("new connection per request req/s ≥ Jetty", "new-conn", "rps", 1.0)
    if s.has_scenario("sleep-100ms"):
        v = stat("portico", "sleep-100ms", "rps")
        ok = meets(v, ">=", 1800)
        if v is not None and int(s.java_feature) < 21:
            ok += " (the target is for Java 21+)"
        emit(f"| sleep 100 ms × 200 conn. ≥ 1,800 req/s | {fmt(v, 'int')} req/s | {ok} | | |")
    r = ratio(metric("portico", "startup_ms"), metric("jetty", "startup_ms"))
    emit(f"| start-up ≤ ⅓ of Jetty's | {fmt(r, 'ratio')} | {meets(r, '<=', 0.3333)} | | |")
    r = ratio(metric("portico", "rss_kb"), metric("jetty", "rss_kb"))
    emit(f"| RSS after load ≤ ½ of Jetty's | {fmt(r, 'ratio')} | {meets(r, '<=', 0.5)} | | |")
    emit("")


def errors(s, results, out, display_name, emit):
    emit("### Errors")
    emit("")
    any_problem = False
    for round, n, scenario, reason in results.probe_failures():
        any_problem = True
        emit(f"- ⚠ {display_name(n)}, {scenario}, round {round}: {reason}")
    for sc in s.scenarios:
        for n in s.servers:
            e = results.errors(n, sc.id)
            if e == "failed":
                emit(f"- ⚠ {display_name(n)}, {sc.label}: no result in some round (server down or wrk failed)")
            elif e != 0:
                emit(f"- ⚠ {display_name(n)}, {sc.label}: {e} errors (socket errors or status ≥ 400)"
                     " over all rounds")
            any_problem |= e != 0
    for n in s.servers:
        for setup in (setup for setup in s.setups() if s.runs(n, setup)):
            started = results.starts(n, setup)
            if started < s.rounds:
                any_problem = True
                how = "" if setup == "plain" else f" for the {setup} scenarios"
                emit(f"- ⚠ {display_name(n)} started{how} in {started} of {s.rounds} round(s) (logs in {out}/logs)")
    if not any_problem:
        emit("None: no socket errors, no status ≥ 400, every server started in every round.")
    emit("")


def every_round(s, results, display_name, emit):
    rounds = range(1, s.rounds + 1)
    emit("### Every round (req/s; MB/s for streaming)")
    emit("")
    emit("In brackets, the share of its core the server process used while measured. Under 100 % on a CPU-bound")
    emit("scenario, the server was waiting: for its core, taken by other work on the machine, or on its own")
    emit("threads and I/O. Rounds at ~100 % are the cleanest comparison.")
    emit("")
    emit("| scenario | server |" + "".join(f" round {r} |" for r in rounds))
    emit("|---|---|" + "---:|" * len(rounds))
    for sc in s.scenarios:
        for n in s.servers:
            emit(f"| {sc.id} | {display_name(n)} |" + "".join(f" {results.round_cell(r, n, sc.id)} |" for r in rounds))
    emit("")
