#!/usr/bin/env bash
# Create latency of the packaged service with 1, 3 and 7 cloud organs behind WireMock fakes that
# answer after DELAY_MS each, cold (first create after a start) vs warm, and our key derivation vs
# upstream's (shared/bench/upstream_baseline.py kdf, against DiaryBench kdf in a fresh JVM), in one run.
#   bench/create-bench.sh [ROUNDS=7] [WARMUP=2] [COLD_STARTS=3] [KDF_ROUNDS=3] [DELAY_MS=300]
# COLD_STARTS service starts measure the first create right at ready, as many more measure it after
# 5 s (time for the background warm-up, diary/CryptoWarmUp); the last start serves the warm rounds.
# Packages the service once (./mvnw -B -q package -DskipTests), copies target/quarkus-app and the
# compiled classes to a private temporary folder (target/ is shared with parallel builds), runs
# ai.eternego.bench.CreateBench, and removes the folder at the end. Prints tables of medians.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
ROUNDS=${1:-7}
WARMUP=${2:-2}
COLD_STARTS=${3:-3}
KDF_ROUNDS=${4:-3}
DELAY_MS=${5:-300}
export PYTHON=${PYTHON:-/usr/bin/python3}
export UPSTREAM_BASELINE=${UPSTREAM_BASELINE:-$(cd .. && pwd)/shared/bench/upstream_baseline.py}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/create-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# one package, then a private snapshot of the app and the classes
for attempt in 1 2 3; do
  ./mvnw -B -q package -DskipTests
  rm -rf "$TMP/app" "$TMP/classes"; mkdir -p "$TMP/classes"
  cp -r target/quarkus-app "$TMP/app" 2>/dev/null || true
  cp -r target/classes "$TMP/classes/main" 2>/dev/null || true
  cp -r target/test-classes "$TMP/classes/test" 2>/dev/null || true
  if [ -f "$TMP/app/quarkus-run.jar" ] && [ -f "$TMP/app/quarkus/quarkus-application.dat" ] \
     && ls "$TMP/app/app/"*.jar >/dev/null 2>&1 \
     && [ -f "$TMP/classes/test/ai/eternego/bench/CreateBench.class" ] \
     && [ -f "$TMP/classes/test/ai/eternego/bench/DiaryBench.class" ] \
     && [ -f "$TMP/classes/test/ai/eternego/testing/Fakes.class" ] \
     && [ -f "$TMP/classes/main/ai/eternego/diary/DiaryKey.class" ]; then break; fi
  if [ "$attempt" = 3 ]; then echo "could not snapshot a complete build" >&2; exit 1; fi
done
CPF="$TMP/classpath.txt"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CPF"
CP="$TMP/classes/main:$TMP/classes/test:$(cat "$CPF")"
echo "service: $(du -sm "$TMP/app" | cut -f1) MB quarkus-app, commit $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain -- src pom.xml)" ] || echo ' (dirty)')"

java -Xmx512m -Djava.io.tmpdir="$TMP" -cp "$CP" ai.eternego.bench.CreateBench \
  "$TMP/app" "$ROUNDS" "$WARMUP" "$COLD_STARTS" "$KDF_ROUNDS" "$DELAY_MS"
