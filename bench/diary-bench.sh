#!/usr/bin/env bash
# Side-by-side benchmark of the diary code against upstream's Python way (shared/bench/upstream_baseline.py).
#   bench/diary-bench.sh [MEGABYTES=1024] [ROUNDS=3]
# Generated data lives under ${BENCH_TMP:-/tmp/diary-bench}, never in the repo. Prints a table of medians.
# Ours: one JVM per operation (-Xmx256m), seconds measured in-process (JVM start-up excluded, like the
# Python figures exclude interpreter start-up), wall = whole process including start-up, peak RSS = VmHWM.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
MB=${1:-1024}
ROUNDS=${2:-3}
PY=${PYTHON:-/usr/bin/python3}
SHARED=$(cd .. && pwd)/shared
BASE="$SHARED/bench/upstream_baseline.py"
TMP=${BENCH_TMP:-/tmp/diary-bench}
ID=6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7

if [ ! -f target/test-classes/ai/eternego/bench/DiaryBench.class ]; then
  ./mvnw -B -q test-compile
fi
CPF="$TMP/classpath.txt"
mkdir -p "$TMP"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CPF"
# a private snapshot of the compiled classes: target/ is shared with parallel builds
SNAP="$TMP/classes"
for attempt in 1 2 3; do
  rm -rf "$SNAP"; mkdir -p "$SNAP"
  cp -r target/classes "$SNAP/main" 2>/dev/null || true
  cp -r target/test-classes "$SNAP/test" 2>/dev/null || true
  if [ -f "$SNAP/main/ai/eternego/diary/DiaryWriter.class" ] && [ -f "$SNAP/main/ai/eternego/diary/SafeUnzip.class" ] \
     && [ -f "$SNAP/test/ai/eternego/bench/DiaryBench.class" ]; then break; fi
  ./mvnw -B -q test-compile
done
CP="$SNAP/main:$SNAP/test:$(cat "$CPF")"
JAVA=(java -Xmx256m -cp "$CP" ai.eternego.bench.DiaryBench)

RES="$TMP/results.jsonl"
: > "$RES"
# run LABEL cmd...: appends {"who":LABEL, ...json..., "wall": s}
run() {
  local label=$1; shift
  local t0 t1 line
  t0=$(date +%s.%N)
  line=$("$@" | tail -1)
  t1=$(date +%s.%N)
  echo "$line" | "$PY" -c 'import json,sys; d=json.loads(sys.stdin.read()); d["who"]=sys.argv[1]; d["wall"]=float(sys.argv[3])-float(sys.argv[2]); print(json.dumps(d))' "$label" "$t0" "$t1" >> "$RES"
  tail -1 "$RES"
}

HOME_DIR="$TMP/home-$MB"
if [ ! -f "$HOME_DIR/config.json" ]; then
  rm -rf "$HOME_DIR"; mkdir -p "$HOME_DIR"
  "${JAVA[@]}" gen "$HOME_DIR" "$MB"
fi
PHRASE="$TMP/phrase"
printf '%s' "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art" > "$PHRASE"
echo "home: $HOME_DIR ($(du -sm "$HOME_DIR" | cut -f1) MB, $(find "$HOME_DIR" -type f | wc -l) files), rounds: $ROUNDS"

for r in $(seq "$ROUNDS"); do
  run ours "${JAVA[@]}" kdf 5
  run upstream "$PY" "$BASE" kdf --runs 5
  rm -f "$TMP/ours/$ID.diary" "$TMP/up/$ID.diary"; mkdir -p "$TMP/ours" "$TMP/up"
  run ours "${JAVA[@]}" write "$HOME_DIR" "$TMP/ours/$ID.diary" "$PHRASE" "$ID"
  run upstream "$PY" "$BASE" write "$HOME_DIR" "$TMP/up/$ID.diary" --phrase-file "$PHRASE" --persona-id "$ID"
  rm -rf "$TMP/ours-out" "$TMP/up-out"
  run ours "${JAVA[@]}" read "$TMP/ours/$ID.diary" "$TMP/ours-out" "$PHRASE" "$ID"
  run upstream "$PY" "$BASE" read "$TMP/up/$ID.diary" "$TMP/up-out" --phrase-file "$PHRASE" --persona-id "$ID"
done
diff -rq "$HOME_DIR" "$TMP/ours-out" && echo "ours: read-back identical to the home"

"$PY" - "$RES" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def med(op, who, key):
    v = [r[key] for r in rows if r["op"] == op and r["who"] == who and key in r]
    return statistics.median(v) if v else float("nan")
print()
print(f"{'op':<6} {'metric':<16} {'ours':>10} {'upstream':>10} {'ours/up':>8}")
for op in ("kdf", "write", "read"):
    metrics = [("seconds", "s"), ("wall", "s"), ("peak_rss_mb", "MB")]
    if op == "kdf":
        metrics.insert(0, ("cold_seconds", "s"))
    for key, unit in metrics:
        o = med(op, "ours", key)
        u = med(op, "upstream", "seconds" if key == "cold_seconds" else key)
        label = {"seconds": "time (warm)" if op == "kdf" else "time", "cold_seconds": "time (cold)",
                 "wall": "wall (process)", "peak_rss_mb": "peak RSS"}[key]
        print(f"{op:<6} {label + ' ' + unit:<16} {o:>10.3f} {u:>10.3f} {o / u:>8.2f}")
PYEOF
