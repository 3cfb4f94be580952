#!/usr/bin/env bash
# Create latency of this checkout against another commit, in one run: both services are packaged,
# then driven in turn by the same CreateBench (1, 3 and 7 cloud organs behind fakes that answer after
# DELAY_MS), PAIRS times, alternating which goes first. Prints each run's table under its label.
#   bench/create-compare.sh BASE_REF [PAIRS=2] [ROUNDS=5] [DELAY_MS=300]
# The cold-start and key-derivation parts of create-bench.sh are left out here (one cold start each).
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/create-compare.sh BASE_REF [PAIRS=2] [ROUNDS=5] [DELAY_MS=300]}
PAIRS=${2:-2}
ROUNDS=${3:-5}
DELAY_MS=${4:-300}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/create-compare.XXXXXX")
cleanup() { git worktree remove --force "$TMP/base" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT

git worktree add -q --detach "$TMP/base" "$BASE"
(cd "$TMP/base" && ./mvnw -B -q package -DskipTests)
cp -r "$TMP/base/target/quarkus-app" "$TMP/app-base"
./mvnw -B -q package -DskipTests
cp -r target/quarkus-app "$TMP/app-head"
cp -r target/classes "$TMP/classes-main"
cp -r target/test-classes "$TMP/classes-test"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$TMP/classpath.txt"
CP="$TMP/classes-main:$TMP/classes-test:$(cat "$TMP/classpath.txt")"

run() {
  echo "== $1"
  java -Xmx512m -Djava.io.tmpdir="$TMP" -cp "$CP" ai.eternego.bench.CreateBench "$2" "$ROUNDS" 2 1 0 "$DELAY_MS"
}
echo "base $(git rev-parse --short "$BASE") vs head $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain -- src pom.xml)" ] || echo ' (dirty)')"
for pair in $(seq 1 "$PAIRS"); do
  if [ $((pair % 2)) = 1 ]; then
    run "base, pair $pair" "$TMP/app-base"; run "head, pair $pair" "$TMP/app-head"
  else
    run "head, pair $pair" "$TMP/app-head"; run "base, pair $pair" "$TMP/app-base"
  fi
done
