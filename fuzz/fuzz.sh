#!/usr/bin/env bash
# Fuzzes Portico's parsers with Jazzer for a bounded time, one target at a time (Jazzer fuzzes one @FuzzTest per
# JVM), and prints one line per target.
#
#   fuzz/fuzz.sh                     every target, FUZZ_SECONDS each (default 25)
#   FUZZ_SECONDS=300 fuzz/fuzz.sh UriPath Cookies
#                                    only these targets (the test class name without "FuzzTest")
#
# Exit code 0 when no target found anything, 1 when one did or could not run (a found input is saved in that
# target's Inputs directory under fuzz/src/test/resources, where the regression run of `mvn verify` picks it up),
# 2 when the build failed.
# Each target's full output is kept in fuzz/target/fuzz-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-25}
all=(RequestParser ChunkedInputStream Forwarded MultipartParser FormDecoder Cookies UriPath WebXml AcceptEncoding)
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=("${all[@]}")
fi
logs=fuzz/target/fuzz-logs
mvn=(mvn -B -ntp -Dstyle.color=never -pl fuzz -am -Dsurefire.failIfNoSpecifiedTests=false)

echo "fuzzing ${#targets[@]} target(s), ${seconds} s each"
if ! "${mvn[@]}" -q test-compile; then
  echo "fuzz: the build failed"
  exit 2
fi
mkdir -p "$logs"

found=0
passed=0
failed=0
for target in "${targets[@]}"; do
  log=$logs/$target.log
  "${mvn[@]}" -Pfuzz -Dfuzz.duration="${seconds}s" -Dtest="${target}FuzzTest" test >"$log" 2>&1
  rc=$?
  # libFuzzer's last status line ("#123 DONE cov: 456 ft: 789 corp: 12/3Kb ...") and its run count.
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | sed -E 's/Done ([0-9]+) runs in ([0-9]+) second/\1 runs in \2 s/')
  cov=$(grep -oE '(DONE|pulse|NEW|REDUCE|INITED) +cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 \
    | sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)/coverage \1, features \2, corpus \3/')
  input=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')
  if [ $rc -eq 0 ]; then
    echo "fuzz ${target}: ok (${runs:-no run count}; ${cov:-no coverage line})"
    passed=$((passed + 1))
  elif [ -z "$input" ] && [ -n "$runs" ] && grep -q 'terminated without properly saying goodbye' "$log"; then
    # Fuzzing ran to its end without a finding, but Surefire lost the forked JVM's last events (seen now and
    # then after a long fuzzing run): what libFuzzer printed is the result.
    echo "fuzz ${target}: ok (${runs}; ${cov:-no coverage line}; Surefire lost the test JVM's exit)"
    passed=$((passed + 1))
  elif [ -n "$input" ]; then
    what=$(grep -m1 -oE 'FuzzTestFindingException: .*' "$log" | sed 's/^FuzzTestFindingException: //' | cut -c1-240)
    echo "fuzz ${target}: FOUND ${what:-a failure} -- input saved as ${input#"$PWD"/} (log: $log)"
    echo "  the input, base64: $(base64 -w0 "$input" | cut -c1-2000)"
    found=1
    failed=$((failed + 1))
  elif grep -qE '^\[ERROR\]   [A-Za-z]+FuzzTest\.' "$log"; then
    # A committed input (seed or earlier finding) fails before fuzzing starts.
    what=$(grep -m1 -E '^\[ERROR\]   [A-Za-z]+FuzzTest\.' "$log" | sed 's/^\[ERROR\]   //' | cut -c1-240)
    echo "fuzz ${target}: FAILED on a committed input: ${what} (log: $log)"
    found=1
    failed=$((failed + 1))
  else
    echo "fuzz ${target}: FAILED without a finding (build or setup error; log: $log)"
    tail -20 "$log"
    found=1
    failed=$((failed + 1))
  fi
done
echo "fuzz: ${passed} passed, ${failed} failed"
exit $found
