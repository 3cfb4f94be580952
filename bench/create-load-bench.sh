#!/usr/bin/env bash
# Creates per second with 50 concurrent clients against the packaged service and a fake provider
# (cloud Mind, so no model pull), beside the machine's limit: PBKDF2 derivations per second on all
# cores (each create derives one diary key: 480 000 iterations).
#   bench/create-load-bench.sh [CLIENTS=50] [CREATES=300]
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
CLIENTS=${1:-50}
CREATES=${2:-300}
TMP=${BENCH_TMP:-/tmp/eternego-create-load-bench}
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/test-classes/ai/eternego/it/CreateLoadBench.class ]; then
  ./mvnw -B -q package -DskipTests
fi
mkdir -p "$TMP"
CPF="$TMP/classpath.txt"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CPF"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "target/classes:target/test-classes:$(cat "$CPF")" ai.eternego.it.CreateLoadBench "$CLIENTS" "$CREATES"
