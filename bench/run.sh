#!/usr/bin/env bash
# Portico against embedded Jetty and Tomcat, all serving the same servlet jar (bench/app) with default settings.
# Prints a Markdown report on stdout (progress goes to stderr) and keeps it with the raw wrk output under $OUT.
#
#   bench/run.sh                                                   # full run on the java on PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run.sh       # the same on Java 25
#   QUICK=1 bench/run.sh                                           # smoke run, about two minutes
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
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

die() { echo "run.sh: $*" >&2; exit 1; }
progress() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
seconds() {
    local v=${1%s}
    [[ $v =~ ^[0-9]+$ ]] || die "durations are whole seconds, like 10 or 10s (got '$1')"
    echo "$v"
}

if [[ ${QUICK:-0} == 1 ]]; then
    DURATION=$(seconds "${DURATION:-3}"); WARMUP=$(seconds "${WARMUP:-1}")
    JIT_WARMUP=$(seconds "${JIT_WARMUP:-3}"); ROUNDS=${ROUNDS:-1}
else
    DURATION=$(seconds "${DURATION:-10}"); WARMUP=$(seconds "${WARMUP:-5}")
    JIT_WARMUP=$(seconds "${JIT_WARMUP:-15}"); ROUNDS=${ROUNDS:-3}
fi
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"
read -r -a SERVER_LIST <<< "${SERVERS:-portico jetty tomcat}"
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-18080}
STARTUP_TIMEOUT=60
read -r -a JAVA_OPTS_LIST <<< "${JAVA_OPTS:-}"
read -r -a PORTICO_OPTS_LIST <<< "${PORTICO_OPTS:-}"

if [[ -n ${JAVA_HOME:-} ]]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=$(command -v java) || die "no java on PATH and no JAVA_HOME"
fi
[[ -x $JAVA ]] || die "$JAVA is not executable"
JAVA_VERSION_LINE=$("$JAVA" -version 2>&1 | head -1)
JAVA_RUNTIME_LINE=$("$JAVA" -version 2>&1 | sed -n 2p)
JAVA_FEATURE=$(sed -E 's/.*version "([0-9]+).*/\1/' <<< "$JAVA_VERSION_LINE")

# id | label | connections | path | mode (post = 4 KiB POST body, close = Connection: close)
SCENARIO_TABLE=(
    "plaintext-32|plaintext, 32 connections|32|/plaintext|"
    "plaintext-256|plaintext, 256 connections|256|/plaintext|"
    "json|json, 32 connections|32|/json|"
    "echo-4k|echo 4 KiB POST, 32 connections|32|/echo|post"
    "stream-1m|1 MiB streamed, 8 connections|8|/bytes?n=1048576|"
    "sleep-100ms|sleep 100 ms, 200 connections|200|/sleep?ms=100|"
    "new-conn|new connection per request, 32 connections|32|/plaintext|close"
)
if [[ -n ${SCENARIOS:-} ]]; then
    selected=()
    for row in "${SCENARIO_TABLE[@]}"; do
        [[ " $SCENARIOS " == *" ${row%%|*} "* ]] && selected+=("$row")
    done
    (( ${#selected[@]} > 0 )) || die "SCENARIOS matches none of the scenarios"
    SCENARIO_TABLE=("${selected[@]}")
fi

if [[ -n ${REPORT_ONLY:-} ]]; then
    OUT=$(cd "$REPORT_ONLY" && pwd) || die "no such directory: $REPORT_ONLY"
    [[ -f $OUT/run.env ]] || die "$OUT has no run.env"
    # shellcheck source=/dev/null
    source "$OUT/run.env"   # the settings, JDK, servers and scenarios of that run
else
    OUT=${OUT:-$ROOT/bench/target/results/$(date +%Y%m%d-%H%M%S)-java$JAVA_FEATURE}
    mkdir -p "$OUT/raw" "$OUT/logs"
    : > "$OUT/results.tsv"
    : > "$OUT/metrics.tsv"
fi
RESULTS="$OUT/results.tsv"   # round server scenario requests duration_us bytes p50_us p99_us errors cpu_ticks
METRICS="$OUT/metrics.tsv"   # round server metric value
JAVA_OPTS=${JAVA_OPTS:-}
PORTICO_OPTS=${PORTICO_OPTS:-}
APP="$ROOT/bench/app/target/bench-app.jar:dev.portico.bench.app.BenchServlet"
LUA="$ROOT/bench/wrk/report.lua"

# ---- processes ----------------------------------------------------------------------------------------------

SERVER_PID=""
stop_pid() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    if [[ -n $SERVER_PID ]]; then
        stop_pid "$SERVER_PID"
        SERVER_PID=""
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- set-up ---------------------------------------------------------------------------------------------------

if [[ -z ${REPORT_ONLY:-} ]]; then
if ! command -v wrk > /dev/null; then
    progress "installing wrk"
    (apt-get update -qq && apt-get install -y -qq wrk) > "$OUT/logs/apt.log" 2>&1 \
        || die "could not install wrk (see $OUT/logs/apt.log)"
fi
for tool in taskset curl timeout; do
    command -v "$tool" > /dev/null || die "$tool is needed"
done
(( $(nproc) >= 2 )) || progress "warning: one core only; server and wrk will share it"

if [[ ${BUILD:-1} == 1 ]]; then
    progress "building (mvn -f bench/pom.xml package)"
    if ! JAVA_HOME=${JAVA_HOME:-} mvn -B -q -f bench/pom.xml -DskipTests package > "$OUT/logs/build.log" 2>&1; then
        tail -40 "$OUT/logs/build.log" >&2
        die "build failed (see $OUT/logs/build.log)"
    fi
fi
for jar in bench/app/target/bench-app.jar bench/target/jetty-launcher.jar bench/target/tomcat-launcher.jar \
           bench/target/portico-launcher.jar; do
    [[ -f $jar ]] || die "$jar is missing: run without BUILD=0"
done

# Portico runs through its own CLI when the executable jar has one; else through the embedding API launcher.
if [[ -f container/target/portico.jar ]] && grep -qa 'dev/portico/cli/Main.class' container/target/portico.jar; then
    PORTICO_HOW="CLI: java -jar container/target/portico.jar --port PORT JAR:CLASS"
    PORTICO_CLI=1
else
    PORTICO_HOW="embedding API (bench/portico PorticoLauncher), the CLI not being built"
    PORTICO_CLI=0
fi
fi

JETTY_VERSION=$(sed -n 's:.*<jetty.version>\(.*\)</jetty.version>.*:\1:p' bench/pom.xml)
TOMCAT_VERSION=$(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' bench/pom.xml)
display_name() {
    case $1 in
        portico) echo "Portico" ;;
        portico-engine) echo "Portico engine" ;;
        jetty) echo "Jetty $JETTY_VERSION" ;;
        tomcat) echo "Tomcat $TOMCAT_VERSION" ;;
        *) echo "$1" ;;
    esac
}

server_command() {  # name port -> CMD array
    local name=$1 port=$2
    case $name in
        portico)
            if [[ $PORTICO_CLI == 1 ]]; then
                CMD=("$JAVA" "${JAVA_OPTS_LIST[@]}" "${PORTICO_OPTS_LIST[@]}" -jar container/target/portico.jar
                     --port "$port" "$APP")
            else
                CMD=("$JAVA" "${JAVA_OPTS_LIST[@]}" "${PORTICO_OPTS_LIST[@]}" -jar bench/target/portico-launcher.jar
                     --port "$port" "$APP")
            fi ;;
        portico-engine)
            CMD=("$JAVA" "${JAVA_OPTS_LIST[@]}" "${PORTICO_OPTS_LIST[@]}" -cp bench/target/portico-launcher.jar
                 dev.portico.bench.portico.EngineLauncher --port "$port") ;;
        jetty) CMD=("$JAVA" "${JAVA_OPTS_LIST[@]}" -jar bench/target/jetty-launcher.jar --port "$port" "$APP") ;;
        tomcat) CMD=("$JAVA" "${JAVA_OPTS_LIST[@]}" -jar bench/target/tomcat-launcher.jar --port "$port" "$APP") ;;
        *) die "unknown server '$name' (portico, portico-engine, jetty, tomcat)" ;;
    esac
}

port_of() {
    local i
    for i in "${!SERVER_LIST[@]}"; do
        [[ ${SERVER_LIST[$i]} == "$1" ]] && { echo $((BASE_PORT + i)); return; }
    done
}

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# Starts a server pinned to SERVER_CPU and polls until it answers 200; records the time from the fork.
start_server() {  # round name
    local round=$1 name=$2 port
    port=$(port_of "$name")
    port_in_use "$port" && die "port $port is already in use"
    server_command "$name" "$port"
    local log="$OUT/logs/$name-round$round.log"
    local t0 now code
    t0=$(date +%s%N)
    taskset -c "$SERVER_CPU" "${CMD[@]}" > "$log" 2>&1 &
    SERVER_PID=$!
    while :; do
        code=$(taskset -c "$CLIENT_CPU" curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
            "http://127.0.0.1:$port/plaintext" || true)
        now=$(date +%s%N)
        [[ $code == 200 ]] && break
        if ! kill -0 "$SERVER_PID" 2> /dev/null; then
            wait "$SERVER_PID" 2> /dev/null || true
            SERVER_PID=""
            progress "$name exited during start-up; last lines of $log:"
            tail -5 "$log" >&2
            return 1
        fi
        if (( now - t0 > STARTUP_TIMEOUT * 1000000000 )); then
            progress "$name gave no 200 within ${STARTUP_TIMEOUT}s"
            cleanup
            return 1
        fi
        sleep 0.01
    done
    local ms=$(( (now - t0) / 1000000 ))
    printf '%s\t%s\tstartup_ms\t%s\n' "$round" "$name" "$ms" >> "$METRICS"
    progress "$name (pid $SERVER_PID) answered 200 after $ms ms"
}

# One wrk run pinned to CLIENT_CPU; prints the RESULT line, or nothing if wrk failed.
wrk_run() {  # out secs conns path mode
    local out=$1 secs=$2 conns=$3 path=$4 mode=$5 port body=0
    port=$(port_of "$CURRENT_SERVER")
    local extra=()
    [[ $mode == post ]] && body=4096
    [[ $mode == close ]] && extra=(-H "Connection: close")
    WRK_BODY_BYTES=$body taskset -c "$CLIENT_CPU" timeout -k 5 $((secs + 30)) \
        wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s -s "$LUA" "${extra[@]}" "http://127.0.0.1:$port$path" \
        > "$out" 2>&1 || true
    grep '^RESULT ' "$out" || true
}

field() { sed -E "s/.* $1=([0-9]+).*/\1/" <<< "$2"; }

# CPU time (user + system, all threads) the process has used, in clock ticks: /proc/PID/stat fields 14 and 15.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || echo 0; }
CLK_TCK=$(getconf CLK_TCK)

run_server_round() {  # round name
    local round=$1 name=$2
    CURRENT_SERVER=$name
    start_server "$round" "$name" || return 0
    local port
    port=$(port_of "$name")
    progress "$name: JIT warm-up ${JIT_WARMUP}s"
    wrk_run "$OUT/raw/round$round-$name-jit-warmup.txt" "$JIT_WARMUP" 32 /plaintext "" > /dev/null
    local row id label conns path mode result errors cpu0 cpu1
    for row in "${SCENARIO_TABLE[@]}"; do
        IFS='|' read -r id label conns path mode <<< "$row"
        progress "$name: $id warm-up ${WARMUP}s, measure ${DURATION}s"
        wrk_run "$OUT/raw/round$round-$name-$id-warmup.txt" "$WARMUP" "$conns" "$path" "$mode" > /dev/null
        cpu0=$(cpu_ticks "$SERVER_PID")
        result=$(wrk_run "$OUT/raw/round$round-$name-$id.txt" "$DURATION" "$conns" "$path" "$mode")
        cpu1=$(cpu_ticks "$SERVER_PID")
        if [[ -z $result ]]; then
            progress "$name: $id: wrk gave no result (see $OUT/raw/round$round-$name-$id.txt)"
            printf '%s\t%s\t%s\t\t\t\t\t\tfailed\t\n' "$round" "$name" "$id" >> "$RESULTS"
            continue
        fi
        errors=$(( $(field connect "$result") + $(field read "$result") + $(field write "$result")
                   + $(field status "$result") + $(field timeout "$result") ))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$id" "$(field requests "$result")" \
            "$(field duration_us "$result")" "$(field bytes "$result")" "$(field p50_us "$result")" \
            "$(field p99_us "$result")" "$errors" "$((cpu1 - cpu0))" >> "$RESULTS"
        (( errors > 0 )) && progress "$name: $id: $errors errors ($result)"
    done
    if [[ -r /proc/$SERVER_PID/status ]]; then
        local rss
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
        printf '%s\t%s\trss_kb\t%s\n' "$round" "$name" "$rss" >> "$METRICS"
        progress "$name: VmRSS after load $((rss / 1024)) MiB"
    fi
    kill -0 "$SERVER_PID" 2> /dev/null || progress "$name died during the run"
    cleanup
}

# ---- the run --------------------------------------------------------------------------------------------------

if [[ -z ${REPORT_ONLY:-} ]]; then
RUN_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -p DURATION WARMUP JIT_WARMUP ROUNDS SERVER_LIST SCENARIO_TABLE SERVER_CPU CLIENT_CPU JAVA_VERSION_LINE \
    JAVA_RUNTIME_LINE JAVA_FEATURE PORTICO_HOW JAVA_OPTS PORTICO_OPTS RUN_DATE LOAD_BEFORE > "$OUT/run.env"
progress "java: $JAVA_VERSION_LINE; servers: ${SERVER_LIST[*]}; rounds: $ROUNDS;" \
    "per scenario ${WARMUP}s warm-up + ${DURATION}s; results in $OUT"
[[ " ${SERVER_LIST[*]} " == *" portico "* ]] && progress "portico via $PORTICO_HOW"
for round in $(seq "$ROUNDS"); do
    n=${#SERVER_LIST[@]}
    for k in $(seq 0 $((n - 1))); do
        name=${SERVER_LIST[$(( (k + round - 1) % n ))]}   # rotate the order so no server always goes first
        progress "round $round/$ROUNDS: $name"
        run_server_round "$round" "$name"
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
declare -p LOAD_AFTER >> "$OUT/run.env"
fi

# ---- the report -----------------------------------------------------------------------------------------------

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit; print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# value of one statistic for one server and scenario, median over rounds; empty if there is no result
stat() {  # server scenario rps|mbps|p50|p99|cpu_us (per request; per MB for streaming)
    awk -F'\t' -v s="$1" -v sc="$2" -v what="$3" -v tck="$CLK_TCK" '
        $2 == s && $3 == sc && $9 != "failed" && $5 > 0 {
            if (what == "rps") print $4 / ($5 / 1e6)
            else if (what == "cpu_us") { if ($4 > 0 && $6 > 0) print $10 / tck * 1e6 / (sc == "stream-1m" ? $6 / 1e6 : $4) }
            else if (what == "mbps") print $6 / $5
            else if (what == "p50") print $7 / 1000
            else if (what == "p99") print $8 / 1000
        }' "$RESULTS" | median
}
errors_of() {  # server scenario -> total errors, or "failed"
    awk -F'\t' -v s="$1" -v sc="$2" '
        $2 == s && $3 == sc { if ($9 == "failed") f = 1; else e += $9 }
        END { print f ? "failed" : e + 0 }' "$RESULTS"
}
metric() { awk -F'\t' -v s="$1" -v m="$2" '$2 == s && $3 == m { print $4 }' "$METRICS" | median; }

thousands() {
    awk -v v="$1" 'BEGIN { s = sprintf("%d", v + 0.5); n = length(s); out = ""
        for (i = 1; i <= n; i++) { out = out substr(s, i, 1); if (i < n && (n - i) % 3 == 0) out = out "," }
        print out }'
}
fmt() {  # value kind
    [[ -z $1 ]] && { echo "—"; return; }
    case $2 in
        int) thousands "$1" ;;
        mb) awk -v v="$1" 'BEGIN { printf "%.0f", v }' ;;
        ms) awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.2f" : "%.1f"), v }' ;;
        us) awk -v v="$1" 'BEGIN { printf (v < 100 ? "%.1f" : "%.0f"), v }' ;;
        ratio) awk -v v="$1" 'BEGIN { printf "%.2f×", v }' ;;
    esac
}
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) print a / b }'; return 0; }
meets() {  # value >=|<= threshold -> yes, **no**, or — without a value
    if [[ -z $1 ]]; then echo "—"; return; fi
    awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "yes" : "**no**" }'
}
has_server() { [[ " ${SERVER_LIST[*]} " == *" $1 "* ]]; }
has_scenario() { local row; for row in "${SCENARIO_TABLE[@]}"; do [[ ${row%%|*} == "$1" ]] && return 0; done; return 1; }
flag() { local e; e=$(errors_of "$1" "$2"); [[ $e == 0 ]] || echo " ⚠"; }

report() {
    local name row id label conns path mode header sep
    header="| scenario |"; sep="|---|"
    for name in "${SERVER_LIST[@]}"; do header+=" $(display_name "$name") |"; sep+="---:|"; done
    local compare=0
    has_server portico && has_server jetty && compare=1

    echo "## Portico, Jetty and Tomcat on Java $JAVA_FEATURE"
    echo
    echo "- JDK: \`$JAVA_VERSION_LINE\` ($JAVA_RUNTIME_LINE)"
    echo "- date: $RUN_DATE; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
    echo "- server pinned to CPU $SERVER_CPU, wrk (1 thread) to CPU $CLIENT_CPU; JIT warm-up ${JIT_WARMUP}s; per scenario ${WARMUP}s warm-up, ${DURATION}s measured; median of $ROUNDS round(s), each starting every server afresh"
    has_server portico && echo "- Portico via $PORTICO_HOW"
    echo "- load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after: $LOAD_AFTER"
    [[ -n ${JAVA_OPTS:-} ]] && echo "- JAVA_OPTS: \`$JAVA_OPTS\`"
    [[ -n ${PORTICO_OPTS:-} ]] && echo "- PORTICO_OPTS: \`$PORTICO_OPTS\`"
    echo

    echo "### Throughput (req/s; MB/s for streaming)"
    echo
    echo "$header$( ((compare)) && echo " Portico ÷ Jetty |")"
    echo "$sep$( ((compare)) && echo "---:|")"
    for row in "${SCENARIO_TABLE[@]}"; do
        IFS='|' read -r id label conns path mode <<< "$row"
        local what=rps kind=int unit=""
        [[ $id == stream-1m ]] && { what=mbps; kind=mb; unit=" (MB/s)"; }
        local line="| $label$unit |"
        for name in "${SERVER_LIST[@]}"; do line+=" $(fmt "$(stat "$name" "$id" $what)" $kind)$(flag "$name" "$id") |"; done
        ((compare)) && line+=" $(fmt "$(ratio "$(stat portico "$id" $what)" "$(stat jetty "$id" $what)")" ratio) |"
        echo "$line"
    done
    echo

    echo "### Server CPU time per request (µs; per MB for streaming)"
    echo
    echo "User + system time of the server process during the measured window, over what it served: unlike req/s,"
    echo "it hardly moves when other work on the machine takes the server's core away. Lower is better."
    echo
    echo "$header$( ((compare)) && echo " Portico ÷ Jetty |")"
    echo "$sep$( ((compare)) && echo "---:|")"
    for row in "${SCENARIO_TABLE[@]}"; do
        IFS='|' read -r id label conns path mode <<< "$row"
        local line="| $label |"
        for name in "${SERVER_LIST[@]}"; do line+=" $(fmt "$(stat "$name" "$id" cpu_us)" us) |"; done
        ((compare)) && line+=" $(fmt "$(ratio "$(stat portico "$id" cpu_us)" "$(stat jetty "$id" cpu_us)")" ratio) |"
        echo "$line"
    done
    echo

    echo "### Latency p50 / p99 (ms)"
    echo
    echo "$header"
    echo "$sep"
    for row in "${SCENARIO_TABLE[@]}"; do
        IFS='|' read -r id label conns path mode <<< "$row"
        local line="| $label |"
        for name in "${SERVER_LIST[@]}"; do
            line+=" $(fmt "$(stat "$name" "$id" p50)" ms) / $(fmt "$(stat "$name" "$id" p99)" ms) |"
        done
        echo "$line"
    done
    echo

    echo "### Start-up and memory"
    echo
    echo "| |$(for name in "${SERVER_LIST[@]}"; do printf ' %s |' "$(display_name "$name")"; done)$( ((compare)) && echo " Portico ÷ Jetty |")"
    echo "|---|$(for name in "${SERVER_LIST[@]}"; do printf -- '---:|'; done)$( ((compare)) && echo "---:|")"
    local line="| start-up to first 200 (ms) |"
    for name in "${SERVER_LIST[@]}"; do line+=" $(fmt "$(metric "$name" startup_ms)" int) |"; done
    ((compare)) && line+=" $(fmt "$(ratio "$(metric portico startup_ms)" "$(metric jetty startup_ms)")" ratio) |"
    echo "$line"
    line="| VmRSS after load (MiB) |"
    for name in "${SERVER_LIST[@]}"; do
        line+=" $(fmt "$(metric "$name" rss_kb | awk '{ print $1 / 1024 }')" int) |"
    done
    ((compare)) && line+=" $(fmt "$(ratio "$(metric portico rss_kb)" "$(metric jetty rss_kb)")" ratio) |"
    echo "$line"
    echo

    if ((compare)); then
        echo "### Targets (Portico against Jetty)"
        echo
        echo "Throughput targets are judged twice: by the median req/s (MB/s), and by server CPU time per request"
        echo "(Jetty's ÷ Portico's, what the req/s ratio would be if both had a whole core) — the steadier of the two"
        echo "on a shared machine."
        echo
        echo "| target | by req/s | met | by CPU per request | met |"
        echo "|---|---|---|---|---|"
        target_ratio() {  # label scenario stat threshold [>=|<=]
            has_scenario "$2" || return 0
            local r; r=$(ratio "$(stat portico "$2" "$3")" "$(stat jetty "$2" "$3")")
            if [[ $3 == p99 ]]; then
                echo "| $1 | $(fmt "$r" ratio) | $(meets "$r" "${5:->=}" "$4") | | |"
            else
                local c; c=$(ratio "$(stat jetty "$2" cpu_us)" "$(stat portico "$2" cpu_us)")
                echo "| $1 | $(fmt "$r" ratio) | $(meets "$r" "${5:->=}" "$4") | $(fmt "$c" ratio) | $(meets "$c" ">=" "$4") |"
            fi
        }
        target_ratio "plaintext 32 conn. req/s ≥ 1.2× Jetty" plaintext-32 rps 1.2
        target_ratio "plaintext 32 conn. p99 ≤ Jetty" plaintext-32 p99 1.0 "<="
        target_ratio "plaintext 256 conn. req/s ≥ 1.2× Jetty" plaintext-256 rps 1.2
        target_ratio "plaintext 256 conn. p99 ≤ Jetty" plaintext-256 p99 1.0 "<="
        target_ratio "json req/s ≥ 1.1× Jetty" json rps 1.1
        target_ratio "echo 4 KiB req/s ≥ 1.1× Jetty" echo-4k rps 1.1
        target_ratio "1 MiB streaming MB/s ≥ Jetty" stream-1m mbps 1.0
        target_ratio "new connection per request req/s ≥ Jetty" new-conn rps 1.0
        if has_scenario sleep-100ms; then
            local s ok
            s=$(stat portico sleep-100ms rps)
            ok=$(meets "$s" ">=" 1800)
            if [[ -n $s ]] && (( JAVA_FEATURE < 21 )); then
                ok="$ok (the target is for Java 21+)"
            fi
            echo "| sleep 100 ms × 200 conn. ≥ 1,800 req/s | $(fmt "$s" int) req/s | $ok | | |"
        fi
        local r ok
        r=$(ratio "$(metric portico startup_ms)" "$(metric jetty startup_ms)")
        ok=$(meets "$r" "<=" 0.3333)
        echo "| start-up ≤ ⅓ of Jetty's | $(fmt "$r" ratio) | ${ok:-—} | | |"
        r=$(ratio "$(metric portico rss_kb)" "$(metric jetty rss_kb)")
        ok=$(meets "$r" "<=" 0.5)
        echo "| RSS after load ≤ ½ of Jetty's | $(fmt "$r" ratio) | ${ok:-—} | | |"
        echo
    fi

    echo "### Errors"
    echo
    local any=0 e
    for row in "${SCENARIO_TABLE[@]}"; do
        IFS='|' read -r id label conns path mode <<< "$row"
        for name in "${SERVER_LIST[@]}"; do
            e=$(errors_of "$name" "$id")
            if [[ $e != 0 ]]; then
                any=1
                if [[ $e == failed ]]; then
                    echo "- ⚠ $(display_name "$name"), $label: no result in some round (server down or wrk failed)"
                else
                    echo "- ⚠ $(display_name "$name"), $label: $e errors (socket errors or status ≥ 400) over all rounds"
                fi
            fi
        done
    done
    for name in "${SERVER_LIST[@]}"; do
        local started; started=$(awk -F'\t' -v s="$name" '$2 == s && $3 == "startup_ms"' "$METRICS" | wc -l)
        if (( started < ROUNDS )); then
            any=1
            echo "- ⚠ $(display_name "$name") started in $started of $ROUNDS round(s) (logs in $OUT/logs)"
        fi
    done
    ((any)) || echo "None: no socket errors, no status ≥ 400, every server started in every round."
    echo

    if (( ROUNDS > 1 )); then
        echo "### Every round (req/s; MB/s for streaming)"
        echo
        echo "In brackets, the share of its core the server process used while measured. Under 100 % on a CPU-bound"
        echo "scenario, the server was waiting: for its core, taken by other work on the machine, or on its own"
        echo "threads and I/O. Rounds at ~100 % are the cleanest comparison."
        echo
        echo "| scenario | server |$(for round in $(seq "$ROUNDS"); do printf ' round %s |' "$round"; done)"
        echo "|---|---|$(for round in $(seq "$ROUNDS"); do printf -- '---:|'; done)"
        for row in "${SCENARIO_TABLE[@]}"; do
            IFS='|' read -r id label conns path mode <<< "$row"
            for name in "${SERVER_LIST[@]}"; do
                local cells=""
                for round in $(seq "$ROUNDS"); do
                    cells+=" $(awk -F'\t' -v r="$round" -v s="$name" -v sc="$id" -v tck="$CLK_TCK" '
                        $1 == r && $2 == s && $3 == sc && $9 != "failed" && $5 > 0 {
                            v = (sc == "stream-1m") ? $6 / $5 : $4 / ($5 / 1e6)
                            share = $10 / tck / ($5 / 1e6) * 100
                        }
                        END { if (v == "") print "—"; else printf "%.0f (%.0f %%)\n", v, share }' "$RESULTS") |"
                done
                echo "| $id | $(display_name "$name") |$cells"
            done
        done
        echo
    fi
}

report | tee "$OUT/report.md"
progress "report saved to $OUT/report.md"
