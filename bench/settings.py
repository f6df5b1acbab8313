"""The settings of a bench/run.sh run: from the environment, and kept in OUT/run.env so that REPORT_ONLY can print
the report of that run again. run.env is in the format of bash's `declare -p`, which older runs wrote."""

import os
import re
import subprocess
from dataclasses import dataclass

# id, label, connections, path, mode: a comma-separated list of
#   post   a 4 KiB POST body           close  Connection: close, a new connection per request
#   tls    over HTTPS                  gzip   Accept-Encoding: gzip, to a server started with --gzip
# A tls or a gzip scenario runs against a server started for it (see Scenario.setup).
SCENARIO_TABLE = [
    "plaintext-32|plaintext, 32 connections|32|/plaintext|",
    "plaintext-256|plaintext, 256 connections|256|/plaintext|",
    "json|json, 32 connections|32|/json|",
    "echo-4k|echo 4 KiB POST, 32 connections|32|/echo|post",
    "stream-1m|1 MiB streamed, 8 connections|8|/bytes?n=1048576|",
    "sleep-100ms|sleep 100 ms, 200 connections|200|/sleep?ms=100|",
    "new-conn|new connection per request, 32 connections|32|/plaintext|close",
    "https-32|https plaintext, 32 connections|32|/plaintext|tls",
    "https-new-conn|https, new connection (full handshake) per request, 32 connections|32|/plaintext|tls,close",
    "gzip-64k|64 KiB JSON gzipped, 32 connections|32|/catalog|gzip",
]
# How a server is started: plain HTTP at its defaults, HTTPS with the run's keystore, or plain HTTP with --gzip.
SETUPS = ("plain", "tls", "gzip")
# Set-ups a server cannot be started in: the bare engine launcher answers plain HTTP only.
UNSUPPORTED_SETUPS = {"portico-engine": ("tls", "gzip")}
SERVER_NAMES = ("portico", "portico-engine", "jetty", "tomcat")


class SettingsError(Exception):
    pass


@dataclass(frozen=True)
class Scenario:
    id: str
    label: str
    connections: int
    path: str
    mode: str

    @staticmethod
    def parse(row):
        id, label, conns, path, mode = row.split("|")
        return Scenario(id, label, int(conns), path, mode)

    @property
    def flags(self):
        return mode_flags(self.mode)

    @property
    def setup(self):
        """The server set-up the scenario needs (one of SETUPS)."""
        return "tls" if "tls" in self.flags else "gzip" if "gzip" in self.flags else "plain"

    def row(self):
        return "|".join([self.id, self.label, str(self.connections), self.path, self.mode])


@dataclass
class RunSettings:
    """What run.env holds: enough to measure, and to report what was measured."""
    duration: int
    warmup: int
    jit_warmup: int
    rounds: int
    servers: list
    scenarios: list
    server_cpu: str
    client_cpu: str
    java_version_line: str = ""
    java_runtime_line: str = ""
    java_feature: str = ""
    portico_how: str = ""
    java_opts: str = ""
    portico_opts: str = ""
    run_date: str = ""
    load_before: str = ""
    load_after: str = ""

    def has_server(self, name):
        return name in self.servers

    def has_scenario(self, id):
        return any(s.id == id for s in self.scenarios)

    def setups(self):
        """The server set-ups the chosen scenarios need, in the order of SETUPS."""
        return [setup for setup in SETUPS if any(sc.setup == setup for sc in self.scenarios)]

    def runs(self, server, setup):
        return setup not in UNSUPPORTED_SETUPS.get(server, ())


def mode_flags(mode):
    """The set of flags of a scenario's mode, e.g. {"tls", "close"} for "tls,close"."""
    return set(mode.split(",")) - {""}


def seconds(value):
    v = value[:-1] if value.endswith("s") else value
    if not re.fullmatch(r"[0-9]+", v):
        raise SettingsError(f"durations are whole seconds, like 10 or 10s (got '{value}')")
    return int(v)


def from_environment(env):
    quick = env.get("QUICK", "0") == "1"
    rounds = env.get("ROUNDS") or ("1" if quick else "3")
    if not re.fullmatch(r"[1-9][0-9]*", rounds):
        raise SettingsError("ROUNDS must be a positive number")
    servers = (env.get("SERVERS") or "portico jetty tomcat").split()
    for name in servers:
        if name not in SERVER_NAMES:
            raise SettingsError(f"unknown server '{name}' (portico, portico-engine, jetty, tomcat)")
    return RunSettings(
        duration=seconds(env.get("DURATION") or ("3" if quick else "10")),
        warmup=seconds(env.get("WARMUP") or ("1" if quick else "5")),
        jit_warmup=seconds(env.get("JIT_WARMUP") or ("3" if quick else "15")),
        rounds=int(rounds),
        servers=servers,
        scenarios=select_scenarios(env.get("SCENARIOS", "")),
        server_cpu=env.get("SERVER_CPU") or "0",
        client_cpu=env.get("CLIENT_CPU") or "1",
        java_opts=env.get("JAVA_OPTS", ""),
        portico_opts=env.get("PORTICO_OPTS", ""),
    )


def select_scenarios(wanted):
    table = [Scenario.parse(row) for row in SCENARIO_TABLE]
    if not wanted:
        return table
    names = wanted.split()
    selected = [s for s in table if s.id in names]   # in the table's order, whatever the order asked
    if not selected:
        raise SettingsError("SCENARIOS matches none of the scenarios")
    return selected


def java_identity(java):
    """The first two lines of `java -version` and the feature release number, e.g. 17."""
    lines = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines() + ["", ""]
    m = re.match(r'.*version "([0-9]+)', lines[0])
    return lines[0], lines[1], m.group(1) if m else lines[0]


# ---- run.env ----------------------------------------------------------------------------------------------------

_SCALARS = [("DURATION", "duration"), ("WARMUP", "warmup"), ("JIT_WARMUP", "jit_warmup"), ("ROUNDS", "rounds")]
_ARRAYS = [("SERVER_LIST", "servers"), ("SCENARIO_TABLE", "scenarios")]
_TEXTS = [("SERVER_CPU", "server_cpu"), ("CLIENT_CPU", "client_cpu"), ("JAVA_VERSION_LINE", "java_version_line"),
          ("JAVA_RUNTIME_LINE", "java_runtime_line"), ("JAVA_FEATURE", "java_feature"),
          ("PORTICO_HOW", "portico_how"), ("JAVA_OPTS", "java_opts"), ("PORTICO_OPTS", "portico_opts"),
          ("RUN_DATE", "run_date"), ("LOAD_BEFORE", "load_before")]


def _quote(value):
    return '"' + re.sub(r'([\\"$`])', r"\\\1", str(value)) + '"'


def _unquote(text):
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def declare(name, value):
    if isinstance(value, list):
        items = " ".join(f"[{i}]={_quote(v)}" for i, v in enumerate(value))
        return f"declare -a {name}=({items})\n"
    return f"declare -- {name}={_quote(value)}\n"


def write_run_env(path, s):
    with open(path, "w") as out:
        for name, attr in _SCALARS:
            out.write(declare(name, getattr(s, attr)))
        out.write(declare("SERVER_LIST", s.servers))
        out.write(declare("SCENARIO_TABLE", [sc.row() for sc in s.scenarios]))
        for name, attr in _TEXTS:
            out.write(declare(name, getattr(s, attr)))


def append_run_env(path, name, value):
    with open(path, "a") as out:
        out.write(declare(name, value))


_QUOTED = r'"(?:[^"\\]|\\.)*"'


def read_run_env(path):
    values = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"declare -\S+ (\w+)=(.*)$", line.rstrip("\n"))
            if not m:
                continue
            name, rhs = m.groups()
            if rhs.startswith("("):
                values[name] = [_unquote(q) for q in re.findall(r"\[\d+\]=(" + _QUOTED + ")", rhs)]
            elif rhs.startswith('"'):
                values[name] = _unquote(rhs)
            else:
                values[name] = rhs
    try:
        s = RunSettings(duration=int(values["DURATION"]), warmup=int(values["WARMUP"]),
                        jit_warmup=int(values["JIT_WARMUP"]), rounds=int(values["ROUNDS"]),
                        servers=values["SERVER_LIST"],
                        scenarios=[Scenario.parse(row) for row in values["SCENARIO_TABLE"]],
                        server_cpu=values["SERVER_CPU"], client_cpu=values["CLIENT_CPU"])
    except KeyError as missing:
        raise SettingsError(f"{path} has no {missing}")
    for name, attr in _TEXTS[2:]:
        setattr(s, attr, values.get(name, ""))
    s.load_after = values.get("LOAD_AFTER", "")
    return s


def machine_cores():
    """The cores this process may run on (what nproc prints), read before the harness pins itself."""
    return len(os.sched_getaffinity(0))
