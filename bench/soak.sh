#!/usr/bin/env bash
# Builds the CLI and the bench servlet, then runs bench/soak.py (10 minutes of mixed load by default) on the java
# of JAVA_HOME or PATH. Arguments go to soak.py (--minutes, --interval, --server-opts ...); the report is printed on
# stdout and kept in bench/target/soak-javaN.md.
#
#   bench/soak.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/soak.sh --minutes 10
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p bench/target
echo "[$(date +%H:%M:%S)] building (mvn -f bench/pom.xml -pl app -am package, and the CLI)" >&2
mvn -B -q -ntp -DskipTests -pl container package > bench/target/soak-build.log 2>&1
mvn -B -q -ntp -f bench/pom.xml -DskipTests -pl app package >> bench/target/soak-build.log 2>&1
major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
python3 -B bench/soak.py --java "$JAVA" "$@" | tee "bench/target/soak-java$major.md"
