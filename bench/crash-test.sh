#!/usr/bin/env bash
# Crash test: the packaged service is killed with SIGKILL at random moments while clients create,
# migrate and write diaries (POST /api/persona/{id}/sleep); after every restart the invariants are
# checked (no staging leftovers, every listed persona whole, nothing that answered 200 lost).
#   bench/crash-test.sh [KILLS=30] [SEED=random]
# Prints one line per cycle and a summary: "N SIGKILLs, N survived with nothing lost". CI runs the
# short form (3 kills) as ai.eternego.it.CrashIT during ./mvnw verify.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
KILLS=${1:-30}
SEED=${2:-$(date +%s)}
TMP=${BENCH_TMP:-/tmp/eternego-crash-bench}
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/test-classes/ai/eternego/it/CrashDriver.class ]; then
  ./mvnw -B -q package -DskipTests
fi
mkdir -p "$TMP"
CPF="$TMP/classpath.txt"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CPF"
rm -rf "$TMP/run"; mkdir -p "$TMP/run"
java -cp "target/classes:target/test-classes:$(cat "$CPF")" ai.eternego.it.CrashDriver "$KILLS" "$SEED" "$TMP/run"
