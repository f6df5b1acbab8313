#!/usr/bin/env bash
# Portico against embedded Jetty and Tomcat, all serving the same servlet jar (bench/app) with default settings.
# Prints a Markdown report on stdout (progress goes to stderr) and keeps it with the raw wrk output under $OUT.
#
#   bench/run.sh                                                   # full run on the java on PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run.sh       # the same on Java 25
#   QUICK=1 bench/run.sh                                           # smoke run, about three minutes
#
# Environment [default; QUICK=1 default]:
#   JAVA_HOME     the JDK that runs every server (and Maven)            [java on PATH]
#   DURATION      measured seconds per scenario, "10" or "10s"          [10s; 3s]
#   WARMUP        unmeasured load before each scenario                   [5s; 1s]
#   JIT_WARMUP    plaintext load right after start-up                    [15s; 3s]
#   ROUNDS        rounds; each starts every server afresh, order rotated [3; 1]
#   SERVERS       servers to compare                                     [portico jetty tomcat]
#                 (portico-engine: the engine answering with a bare Handler, no servlet layer)
#   SCENARIOS     subset of: plaintext-32 plaintext-256 json echo-4k stream-1m sleep-100ms new-conn   [all]
#                 https-32 https-new-conn (HTTPS; keystore made with keytool) gzip-64k (servers started --gzip)
#   BUILD         0 skips the Maven build                                [1]
#   SERVER_CPU, CLIENT_CPU   the core the server is pinned to, and wrk's [0, 1]
#   BASE_PORT     first port; servers use BASE_PORT, BASE_PORT+1, ...   [18080]
#   JAVA_OPTS     extra JVM options for every server                     [none]
#   PORTICO_OPTS  extra JVM options for Portico only, e.g. a JFR recording [none]
#   OUT           where results go                   [bench/target/results/DATE-javaN]
#   REPORT_ONLY   a results directory: print its report again from the saved numbers, run nothing
#
# Only 127.0.0.1 is loaded; every wrk run and every start-up has a time limit; every server started here is stopped
# on exit, by its pid.
#
# This script only builds (bench/ is its own Maven reactor over the installed container; BUILD=0 skips it, and so
# does REPORT_ONLY); the run itself, the parsing of wrk's output and the report are bench/harness.py.
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ -z ${REPORT_ONLY:-} && ${BUILD:-1} == 1 ]]; then
    mkdir -p bench/target
    echo "[$(date +%H:%M:%S)] building (mvn -f bench/pom.xml package)" >&2
    if ! mvn -B -q -f bench/pom.xml -DskipTests package > bench/target/build.log 2>&1; then
        tail -40 bench/target/build.log >&2
        echo "run.sh: build failed (see bench/target/build.log)" >&2
        exit 1
    fi
fi
exec python3 -B bench/harness.py   # -B: no __pycache__ in the source tree
