#!/usr/bin/env bash
# Peak live heap of the packaged service while a 10 MB voice message and a 20 MB PDF pass through her Telegram
# channel (fake Bot API on loopback: getFile, then the file route), are kept in her media/ and given to her ear
# (OpenAI transcription, faked) and her researcher (Gemini, faked), against the same service idle. The service
# runs as its own process at a small -Xmx; its heap is sampled over JMX (a full GC, then heap used, again and
# again) while each file passes. Each run is a fresh process and home; medians of the runs are printed last.
#   bench/media-bench.sh [XMX=64m] [RUNS=3] [VOICE_MB=10] [PDF_MB=20] [PAUSE_MS=0]
# PAUSE_MS between two samples: 0 samples back to back (finest peak; the forced GCs slow the transfer).
# Builds target/quarkus-app when it is missing (a fresh clone); BUILD=1 rebuilds it. Data under
# ${BENCH_TMP:-/tmp/media-bench}.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
XMX=${1:-64m}
RUNS=${2:-3}
VOICE_MB=${3:-10}
PDF_MB=${4:-20}
PAUSE_MS=${5:-0}
TMP=${BENCH_TMP:-/tmp/media-bench}
mkdir -p "$TMP"
if [ "${BUILD:-0}" = 1 ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q -ntp package -DskipTests -Dquarkus.package.jar.appcds.enabled=false
fi
./mvnw -B -q -ntp test-compile
CPF="$TMP/classpath.txt"
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$CPF"
# a private snapshot of the service and the compiled classes: target/ is shared with parallel builds
SNAP="$TMP/snapshot"
rm -rf "$SNAP"; mkdir -p "$SNAP"
cp -r target/quarkus-app "$SNAP/service"
cp -r target/classes "$SNAP/main"
cp -r target/test-classes "$SNAP/test"
java -Xmx1g -cp "$SNAP/main:$SNAP/test:$(cat "$CPF")" ai.eternego.bench.MediaBench \
  "$SNAP/service/quarkus-run.jar" "$TMP/work" "$XMX" "$RUNS" "$VOICE_MB" "$PDF_MB" "$PAUSE_MS"
