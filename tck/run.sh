#!/usr/bin/env bash
# Runs the Jakarta Servlet TCK 6.1.2 against this checkout's Portico and writes the conformance table.
#
#   tck/run.sh                      # the whole TCK; writes docs/conformance.md
#   tck/run.sh --check              # the same, then fails if the failures differ from tck/expected-failures.txt
#   tck/run.sh 'Servlet*Tests'      # only the test classes matching a Surefire -Dtest pattern (the table goes to
#   tck/run.sh --check 'Async*'     #   tck/target/conformance.md; --check looks only at the classes that ran)
#   tck/run.sh --write-expected     # the whole TCK; rewrites tck/expected-failures.txt from its failures
#
# Environment:
#   SERVLET_TCK_SRC   the TCK's source: the tck/ folder of jakartaee/servlet at tag 6.1.2-RELEASE-tck
#                     [../shared/servlet-tck, relative to the project root]
#   JAVA_HOME         the JDK that builds and runs everything [java on PATH]
#   TCK_TEST_TIMEOUT  how long one test may take before it fails [120 s]
#   TCK_INSTALL       1: install the TCK into the local repository even if it is there already
#   MAVEN_REPO_LOCAL  where that repository is, if not ~/.m2/repository
#
# The TCK is not on Maven Central: its source is copied to tck/target/ and its two jars are installed into the
# local Maven repository (jakarta.servlet.tck:servlet-tck-runtime and servlet-tck-util 6.1.2), once. Portico itself is
# built in the tck/ reactor and not installed. Exit status: 0, or 1 when --check finds a difference, 2 when the
# build or the run could not be done.
set -euo pipefail

CALLED_FROM=$(pwd)
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TCK=$ROOT/tck
REPORTS=$TCK/runner/target/surefire-reports
EXPECTED=$TCK/expected-failures.txt

die() { echo "run.sh: $*" >&2; exit 2; }
progress() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mode=report
pattern=""
for arg in "$@"; do
    case $arg in
        --check) mode=check ;;
        --write-expected) mode=expected ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $arg (try --help)" ;;
        *) [[ -z $pattern ]] || die "one CLASS-PATTERN only"; pattern=$arg ;;
    esac
done
[[ $mode != expected || -z $pattern ]] || die "--write-expected needs the whole TCK, without a CLASS-PATTERN"

command -v python3 >/dev/null || die "python3 is needed to read the test reports"
if [[ -n ${JAVA_HOME:-} ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
MVN=(mvn -B -ntp)
[[ -z ${MAVEN_REPO_LOCAL:-} ]] || MVN+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")

# 1. The TCK from source, into the local repository.
TCK_VERSION=6.1.2  # also in tck/pom.xml (servlet-tck.version)
SRC=${SERVLET_TCK_SRC:-$ROOT/../shared/servlet-tck}
[[ $SRC == /* ]] || SRC=$CALLED_FROM/$SRC
# Installed once: rewriting the jars in place while another run has them open corrupts that run's class path
# (ZipException: invalid LOC header), and the local repository is shared by every checkout on the machine.
mkdir -p "$TCK/target"
INSTALLED=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/jakarta/servlet/tck
if [[ ${TCK_INSTALL:-0} == 1 || ! -f $INSTALLED/servlet-tck/$TCK_VERSION/servlet-tck-$TCK_VERSION.pom
      || ! -f $INSTALLED/servlet-tck-util/$TCK_VERSION/servlet-tck-util-$TCK_VERSION.jar
      || ! -f $INSTALLED/servlet-tck-runtime/$TCK_VERSION/servlet-tck-runtime-$TCK_VERSION.jar ]]; then
    [[ -f $SRC/tck-runtime/pom.xml ]] || die "no TCK source at $SRC (set SERVLET_TCK_SRC to the tck/ folder of"\
" jakartaee/servlet, tag 6.1.2-RELEASE-tck)"
    progress "installing the TCK from $SRC"
    rm -rf "$TCK/target/servlet-tck-src"
    cp -r "$SRC" "$TCK/target/servlet-tck-src"
    chmod -R u+w "$TCK/target/servlet-tck-src"
    "${MVN[@]}" -q -f "$TCK/target/servlet-tck-src/pom.xml" -DskipTests install -pl tck-util,tck-runtime -am \
        > "$TCK/target/tck-install.log" 2>&1 \
        || { tail -40 "$TCK/target/tck-install.log" >&2; die "installing the TCK failed"; }
else
    progress "the TCK $TCK_VERSION is already in the local repository (TCK_INSTALL=1 installs it again)"
fi

# 2. Portico, the adapter and the TCK run. -DskipTests keeps ../container's unit tests out; the runner ignores it.
progress "running the TCK${pattern:+ (classes matching $pattern)}; the log is tck/target/run.log"
rm -rf "$REPORTS"
args=(-f "$TCK/pom.xml" -DskipTests test)
[[ -z $pattern ]] || args+=("-Dtest=$pattern" -Dsurefire.failIfNoSpecifiedTests=false)
[[ -z ${TCK_TEST_TIMEOUT:-} ]] || args+=("-Dtck.testTimeout=$TCK_TEST_TIMEOUT")
start=$(date +%s)
"${MVN[@]}" "${args[@]}" > "$TCK/target/run.log" 2>&1 || { tail -40 "$TCK/target/run.log" >&2; die "the TCK run failed"; }
progress "the TCK ran in $(( $(date +%s) - start )) s"
[[ -d $REPORTS ]] || die "no test reports in $REPORTS (did the pattern match a class?)"

# 3. What it says.
partial=()
out=$ROOT/docs/conformance.md
command="tck/run.sh${*:+ $*}"
if [[ -n $pattern ]]; then
    partial=(--partial)
    out=$TCK/target/conformance.md
fi
if [[ $mode == expected ]]; then
    python3 "$TCK/conformance.py" expected "$REPORTS" --expected "$EXPECTED"
fi
python3 "$TCK/conformance.py" report "$REPORTS" "$out" --expected "$EXPECTED" --command "$command" \
    "${partial[@]}"
progress "wrote ${out#"$ROOT"/}"
if [[ $mode == check ]]; then
    python3 "$TCK/conformance.py" check "$REPORTS" --expected "$EXPECTED" "${partial[@]}"
else
    python3 "$TCK/conformance.py" check "$REPORTS" --expected "$EXPECTED" "${partial[@]}" || true
fi
