#!/usr/bin/env bash
# Crash test: the packaged service is killed with SIGKILL at random moments while clients create,
# migrate, write diaries (POST /api/persona/{id}/sleep) and talk (POST /api/persona/{id}/hear, her Mind
# answering slowly, so kills land during her turns); after every restart the invariants are checked (no
# staging leftovers, every listed persona whole, nothing that answered 200 lost: no persona, no message
# missing from her conversation.jsonl) and she answers a chat again.
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
