#!/usr/bin/env python3
"""Portico against embedded Jetty and Tomcat, all serving the same servlet jar (bench/app) with default settings.

Run through bench/run.sh, which builds first; the environment variables it documents are read here. Prints a
Markdown report on stdout (progress goes to stderr) and keeps it with the raw wrk output under OUT. Only 127.0.0.1
is loaded; every wrk run and every start-up has a time limit; every server started here is stopped on exit, by its
pid.
"""

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
import zipfile

import probes
import processes
import report
import settings
import tls_setup
from processes import progress

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "bench/app/target/bench-app.jar") + ":dev.portico.bench.app.BenchServlet"
LUA = os.path.join(ROOT, "bench/wrk/report.lua")
PORTICO_JAR = "container/target/portico.jar"
LAUNCHERS = ["bench/app/target/bench-app.jar", "bench/target/jetty-launcher.jar", "bench/target/tomcat-launcher.jar",
             "bench/target/portico-launcher.jar"]
STARTUP_TIMEOUT = 60
WRK_GRACE = 30   # seconds a wrk run may take beyond its duration before it is killed
# The JIT warm-up load of each server set-up (path, wrk mode): the code paths its scenarios take. For tls, a
# handshake per request: a keep-alive warm-up would leave the handshake (RSA signing above all) to the interpreter,
# and the first handshakes of every later wrk run in the measured window.
JIT_WARMUP_LOAD = {"plain": ("/plaintext", ""), "tls": ("/plaintext", "tls,close"), "gzip": ("/catalog", "gzip")}


class Failure(Exception):
    pass


def versions():
    with open(os.path.join(ROOT, "bench/pom.xml")) as f:
        pom = f.read()
    found = {k: re.search(f"<{k}.version>(.*)</{k}.version>", pom) for k in ("jetty", "tomcat")}
    return {k: m.group(1) if m else "" for k, m in found.items()}


def display_names():
    v = versions()
    names = {"portico": "Portico", "portico-engine": "Portico engine", "jetty": f"Jetty {v['jetty']}",
             "tomcat": f"Tomcat {v['tomcat']}"}
    return lambda name: names.get(name, name)


class Bench:
    """One run: every round starts each server afresh, pinned to SERVER_CPU, and loads it with wrk on CLIENT_CPU."""

    def __init__(self, s, out, java, portico_cli, base_port, tls_keystore):
        self.s = s
        self.out = out
        self.java = java
        self.portico_cli = portico_cli
        self.server = None
        self.base_port = base_port
        self.keystore = tls_keystore   # None when no scenario needs HTTPS
        self.results = os.path.join(out, "results.tsv")
        self.metrics = os.path.join(out, "metrics.tsv")
        self.probes = os.path.join(out, "probes.tsv")

    def port_of(self, name):
        return self.base_port + self.s.servers.index(name)

    def command(self, name, port, setup):
        """Every server takes the same flags as Portico's CLI: --port, and --tls-keystore/--tls-password-file or
        --gzip for those set-ups."""
        java = [self.java, *(tls_setup.JVM_OPTS if setup == "tls" else []), *self.s.java_opts.split()]
        portico = [*java, *self.s.portico_opts.split()]
        flags = ["--port", str(port)]
        if setup == "tls":
            flags += self.keystore.server_flags()
        elif setup == "gzip":
            flags.append("--gzip")
        if name == "portico":
            jar = PORTICO_JAR if self.portico_cli else "bench/target/portico-launcher.jar"
            return [*portico, "-jar", jar, *flags, APP]
        if name == "portico-engine":
            return [*portico, "-cp", "bench/target/portico-launcher.jar", "dev.portico.bench.portico.EngineLauncher",
                    *flags]
        return [*java, "-jar", f"bench/target/{name}-launcher.jar", *flags, APP]

    def url(self, name, setup, path):
        scheme = "https" if setup == "tls" else "http"
        return f"{scheme}://127.0.0.1:{self.port_of(name)}{path}"

    def record(self, path, *fields):
        with open(path, "a") as f:
            f.write("\t".join(str(x) for x in fields) + "\n")

    def start(self, round, name, setup):
        """Starts the server and polls until it answers 200 (over HTTPS with the run's certificate, for tls);
        records the time from the fork. False if it did not."""
        port = self.port_of(name)
        if processes.port_in_use(port):
            raise Failure(f"port {port} is already in use")
        suffix = "" if setup == "plain" else f"-{setup}"   # the plain log keeps the name it always had
        log = os.path.join(self.out, "logs", f"{name}-round{round}{suffix}.log")
        tls_context = ssl.create_default_context(cafile=self.keystore.certificate_pem) if setup == "tls" else None
        t0 = time.monotonic_ns()
        self.server = processes.start(self.command(name, port, setup), log, cpu=self.s.server_cpu)
        while True:
            answered = answers_200(self.url(name, setup, "/plaintext"), tls_context)
            now = time.monotonic_ns()
            if answered:
                break
            if self.server.poll() is not None:
                self.server = None
                progress(f"{name} exited during start-up; last lines of {log}:")
                with open(log, errors="replace") as f:
                    sys.stderr.write("".join(f.readlines()[-5:]))
                return False
            if now - t0 > STARTUP_TIMEOUT * 1_000_000_000:
                progress(f"{name} gave no 200 within {STARTUP_TIMEOUT}s")
                self.stop()
                return False
            time.sleep(0.01)
        ms = (now - t0) // 1_000_000
        self.record(self.metrics, round, name, report.startup_metric(setup), ms)
        progress(f"{name} (pid {self.server.pid}, {setup}) answered 200 after {ms} ms")
        return True

    def stop(self):
        processes.stop(self.server)
        self.server = None

    def wrk(self, out, secs, conns, url, mode):
        """One wrk run pinned to CLIENT_CPU; its RESULT line (see bench/wrk/report.lua), or None if wrk failed."""
        flags = settings.mode_flags(mode)
        env = dict(os.environ, WRK_BODY_BYTES="4096" if "post" in flags else "0")
        extra = ["-H", "Connection: close"] if "close" in flags else []
        if "gzip" in flags:
            extra += ["-H", "Accept-Encoding: gzip"]
        command = ["taskset", "-c", self.s.client_cpu, "wrk", "-t1", f"-c{conns}", f"-d{secs}s", "--timeout", "5s",
                   "-s", LUA, *extra, url]
        with open(out, "w") as f:
            # its own process group, so that a time-out stops all it started, as timeout(1) would
            wrk = subprocess.Popen(command, stdout=f, stderr=subprocess.STDOUT, env=env, start_new_session=True)
            try:
                wrk.wait(timeout=secs + WRK_GRACE)
            except subprocess.TimeoutExpired:
                pass   # stopped below; its output then has no RESULT line
            finally:
                stop_group(wrk)
        with open(out, errors="replace") as f:
            return next((line.strip() for line in f if line.startswith("RESULT ")), None)

    def round(self, round, name):
        """The server once per set-up its scenarios need, each time started afresh: plain, then tls, then gzip."""
        for setup in self.s.setups():
            scenarios = [sc for sc in self.s.scenarios if sc.setup == setup]
            if not self.s.runs(name, setup):
                progress(f"{name}: no {setup} set-up, skipping {' '.join(sc.id for sc in scenarios)}")
            else:
                self.setup_round(round, name, setup, scenarios)

    def setup_round(self, round, name, setup, scenarios):
        if not self.start(round, name, setup):
            return
        raw = os.path.join(self.out, "raw")
        not_full_handshake = self.probe_tls(round, name) if setup == "tls" else None
        warmup_path, warmup_mode = JIT_WARMUP_LOAD[setup]
        suffix = "" if setup == "plain" else f"-{setup}"
        progress(f"{name}: JIT warm-up {self.s.jit_warmup}s ({setup})")
        self.wrk(f"{raw}/round{round}-{name}-jit-warmup{suffix}.txt", self.s.jit_warmup, 32,
                 self.url(name, setup, warmup_path), warmup_mode)
        for sc in scenarios:
            url = self.url(name, setup, sc.path)
            if "gzip" in sc.flags and not self.probe_gzip(round, name, sc, url):
                continue
            if "close" in sc.flags and not_full_handshake:
                self.fail(round, name, sc, not_full_handshake)
                continue
            progress(f"{name}: {sc.id} warm-up {self.s.warmup}s, measure {self.s.duration}s")
            self.wrk(f"{raw}/round{round}-{name}-{sc.id}-warmup.txt", self.s.warmup, sc.connections, url, sc.mode)
            measured = f"{raw}/round{round}-{name}-{sc.id}.txt"
            cpu0 = cpu_ticks(self.server.pid)
            line = self.wrk(measured, self.s.duration, sc.connections, url, sc.mode)
            cpu1 = cpu_ticks(self.server.pid)
            if line is None or line.startswith("RESULT requests=0 "):   # nothing answered is no measurement
                progress(f"{name}: {sc.id}: wrk gave no result (see {measured})")
                self.record(self.results, round, name, sc.id, "", "", "", "", "", "failed", "")
                continue
            result = {k: int(v) for k, v in re.findall(r"(\w+)=([0-9]+)", line)}
            errors = sum(result.get(k, 0) for k in ("connect", "read", "write", "status", "timeout"))
            self.record(self.results, round, name, sc.id, result["requests"], result["duration_us"],
                        result["bytes"], result["p50_us"], result["p99_us"], errors, cpu1 - cpu0)
            if errors > 0:
                progress(f"{name}: {sc.id}: {errors} errors ({line})")
        rss = vm_rss_kb(self.server.pid)
        if rss is not None and setup == "plain":   # RSS stays the measure of the plain set-up, as it always was
            self.record(self.metrics, round, name, "rss_kb", rss)
            progress(f"{name}: VmRSS after load {rss // 1024} MiB")
        if self.server.poll() is not None:
            progress(f"{name} died during the run")
        self.stop()

    def probe_tls(self, round, name):
        """What the TLS handshake settles on with the server, by default and with TLS 1.2 (recorded for the
        report), and whether it resumes a session offered again after another client's handshake, as under load.
        None if it does not; else why a new connection to this server would not be a full handshake."""
        port, certificate = self.port_of(name), self.keystore.certificate_pem
        session = os.path.join(self.out, "tls", f"session-{name}-round{round}.pem")
        try:
            self.record(self.probes, round, name, "tls", probes.tls(port, certificate, session_out=session))
        except probes.ProbeFailure as e:
            return self.warn(round, name, "tls", str(e))
        try:
            self.record(self.probes, round, name, "tls1.2", probes.tls(port, certificate, tls12=True))
        except probes.ProbeFailure as e:
            self.warn(round, name, "tls1.2", str(e))
        try:
            resumed = probes.tls(port, certificate, session_in=session).resumed
        except probes.ProbeFailure as e:
            return self.warn(round, name, "resumption", str(e))
        self.record(self.probes, round, name, "resumption", "resumed" if resumed else "none")
        return "it resumed a TLS session despite " + " ".join(tls_setup.JVM_OPTS) if resumed else None

    def warn(self, round, name, what, reason):
        progress(f"{name}: warning: {reason}")
        self.record(self.probes, round, name, what, f"failed: {reason}")
        return reason

    def fail(self, round, name, sc, reason):
        """The scenario has no result, loudly: on stderr now, and under Errors in the report."""
        progress(f"{name}: {sc.id}: FAILED: {reason}")
        self.record(self.results, round, name, sc.id, "", "", "", "", "", "failed", "")
        self.record(self.probes, round, name, f"failed:{sc.id}", reason)

    def probe_gzip(self, round, name, sc, url):
        """One curl request with Accept-Encoding: gzip before the load; False (and the scenario failed, loudly)
        if the server did not compress, so that no uncompressed run passes for a gzip result."""
        try:
            compressed, plain = probes.gzip_sizes(url)
        except probes.ProbeFailure as e:
            self.fail(round, name, sc, str(e))
            return False
        self.record(self.metrics, round, name, f"gzip_body_bytes:{sc.id}", compressed)
        self.record(self.metrics, round, name, f"plain_body_bytes:{sc.id}", plain)
        progress(f"{name}: {sc.id}: gzip body {compressed} bytes for {plain} ({plain / compressed:.1f}×)")
        return True

    def run(self):
        s = self.s
        for round in range(1, s.rounds + 1):
            n = len(s.servers)
            for k in range(n):
                name = s.servers[(k + round - 1) % n]   # rotate the order so no server always goes first
                progress(f"round {round}/{s.rounds}: {name}")
                self.round(round, name)


def stop_group(process):
    """SIGTERM to the process group of a process started in its own session, SIGKILL 5 s later."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def answers_200(url, tls_context=None):
    try:
        with urllib.request.urlopen(url, timeout=2, context=tls_context) as response:
            response.read()
            return response.status == 200
    except (OSError, http.client.HTTPException, ValueError):   # refused, reset, timed out, not HTTP (yet)
        return False


def cpu_ticks(pid):
    """CPU time (user + system, all threads) the process has used, in clock ticks: /proc/PID/stat fields 14, 15."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()   # after the command name, which may hold spaces
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def vm_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), None)
    except OSError:
        return None


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def find_java():
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java:
        raise Failure("no java on PATH and no JAVA_HOME")
    if not os.access(java, os.X_OK):
        raise Failure(f"{java} is not executable")
    return java


def set_up(out):
    """Tools, jars, and how Portico runs; the results directory is made."""
    for sub in ("raw", "logs"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for name in ("results.tsv", "metrics.tsv", "probes.tsv"):
        open(os.path.join(out, name), "w").close()
    if not shutil.which("wrk"):
        progress("installing wrk")
        apt_log = os.path.join(out, "logs", "apt.log")
        with open(apt_log, "w") as log:
            ok = subprocess.run("apt-get update -qq && apt-get install -y -qq wrk", shell=True, stdout=log,
                                stderr=subprocess.STDOUT).returncode == 0
        if not ok:
            raise Failure(f"could not install wrk (see {apt_log})")
    if not shutil.which("taskset"):
        raise Failure("taskset is needed")
    if settings.machine_cores() < 2:
        progress("warning: one core only; server and wrk will share it")
    for jar in LAUNCHERS:
        if not os.path.isfile(jar):
            raise Failure(f"{jar} is missing: run without BUILD=0")
    # Portico runs through its own CLI when the executable jar has one; else through the embedding API launcher.
    if os.path.isfile(PORTICO_JAR):
        with zipfile.ZipFile(PORTICO_JAR) as jar:
            if "dev/portico/cli/Main.class" in jar.namelist():
                return True, "CLI: java -jar container/target/portico.jar --port PORT JAR:CLASS"
    return False, "embedding API (bench/portico PorticoLauncher), the CLI not being built"


def cpu_set(spec):
    """The cores of a taskset-style list such as "1" or "0,2-3"."""
    cores = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        cores.update(range(int(first), int(last or first) + 1))
    return cores


def measure(env):
    s = settings.from_environment(env)
    if not re.fullmatch(r"[0-9]+", env.get("BASE_PORT") or "18080"):
        raise Failure("BASE_PORT must be a port number")
    base_port = int(env.get("BASE_PORT") or 18080)
    java = find_java()
    s.java_version_line, s.java_runtime_line, s.java_feature = settings.java_identity(java)
    out = env.get("OUT") or os.path.join(ROOT, "bench/target/results",
                                         time.strftime("%Y%m%d-%H%M%S") + f"-java{s.java_feature}")
    portico_cli, s.portico_how = set_up(out)
    s.run_date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    s.load_before = load_average()
    run_env = os.path.join(out, "run.env")
    settings.write_run_env(run_env, s)
    progress(f"java: {s.java_version_line}; servers: {' '.join(s.servers)}; rounds: {s.rounds}; per scenario "
             f"{s.warmup}s warm-up + {s.duration}s; results in {out}")
    if s.has_server("portico"):
        progress(f"portico via {s.portico_how}")
    try:
        os.sched_setaffinity(0, cpu_set(s.client_cpu))   # the harness's own polling stays off the server's core
    except (OSError, ValueError):
        raise Failure(f"CLIENT_CPU '{s.client_cpu}' is not a core (or list of cores) of this machine")
    for tool, setup in (("curl", "gzip"), ("openssl", "tls")):
        if setup in s.setups() and not shutil.which(tool):
            raise Failure(f"{tool} is needed: it checks each server's {setup} answers before the load")
    tls_keystore = None
    if "tls" in s.setups():
        try:
            tls_keystore = tls_setup.make(java, os.path.join(out, "tls"))
        except (tls_setup.KeystoreError, OSError, subprocess.TimeoutExpired) as e:
            raise Failure(str(e))
        progress(f"TLS: {tls_setup.DESCRIPTION} in {os.path.dirname(tls_keystore.path)}")
    bench = Bench(s, out, java, portico_cli, base_port, tls_keystore)
    try:
        bench.run()
    finally:
        bench.stop()
    s.load_after = load_average()
    settings.append_run_env(run_env, "LOAD_AFTER", s.load_after)
    return s, out


def main():
    os.chdir(ROOT)
    cores = settings.machine_cores()   # before the harness pins itself, as nproc would see it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))   # unwinds through the finally that stops the server
    env = os.environ
    try:
        if env.get("REPORT_ONLY"):
            settings.select_scenarios(env.get("SCENARIOS", ""))   # as before: a bad subset is an error either way
            out = os.path.abspath(env["REPORT_ONLY"])
            if not os.path.isdir(out):
                raise Failure(f"no such directory: {env['REPORT_ONLY']}")
            if not os.path.isfile(os.path.join(out, "run.env")):
                raise Failure(f"{out} has no run.env")
            s = settings.read_run_env(os.path.join(out, "run.env"))   # the settings, JDK, servers of that run
        else:
            s, out = measure(env)
    except (Failure, settings.SettingsError) as e:
        print(f"run.sh: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    text = "\n".join(report.report(s, report.Results(out), out, display_names(), cores)) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(text)
    progress(f"report saved to {os.path.join(out, 'report.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
