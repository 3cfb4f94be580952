#!/usr/bin/env bash
# Peak heap of her organs while a 10 MB voice message (OpenAI multipart transcription) and a 20 MB PDF
# (Gemini inline base64) pass through, against the idle process in the same run, each sent to a loopback
# server that drains it; and, for contrast, the same PDF body built in memory the simple way.
#   bench/organ-bench.sh [XMX=64m] [VOICE_MB=10] [PDF_MB=20]
# Heap is sampled every millisecond (garbage not yet collected counts too, so it is an upper bound);
# the small -Xmx is the real proof: a body held whole would not fit. Data under ${BENCH_TMP:-/tmp/organ-bench}.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
XMX=${1:-64m}
VOICE_MB=${2:-10}
PDF_MB=${3:-20}
TMP=${BENCH_TMP:-/tmp/organ-bench}
mkdir -p "$TMP"
if [ ! -f target/test-classes/ai/eternego/bench/OrganBench.class ]; then
  ./mvnw -B -q test-compile
fi
CPF="$TMP/classpath.txt"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CPF"
# a private snapshot of the compiled classes: target/ is shared with parallel builds
SNAP="$TMP/classes"
rm -rf "$SNAP"; mkdir -p "$SNAP"
cp -r target/classes "$SNAP/main"
cp -r target/test-classes "$SNAP/test"
java -Xmx"$XMX" -XX:+UseSerialGC -cp "$SNAP/main:$SNAP/test:$(cat "$CPF")" ai.eternego.bench.OrganBench "$TMP/work" "$VOICE_MB" "$PDF_MB"
