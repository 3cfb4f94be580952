#!/usr/bin/env bash
# Boot time and heap with 1, 100 and 1000 personas on disk, and GET /api/personas latency at 1000
# (wrk against loopback). Needs the packaged jar (./mvnw package -DskipTests), python3-cryptography,
# wrk and jcmd. Heartbeats are set to 1h so none runs during the measurement; the personas' organs
# point at a closed loopback port, so nothing leaves the machine.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
PORT=${PORT:-5077}
COUNTS=${COUNTS:-"1 100 1000"}
WRK_SECONDS=${WRK_SECONDS:-15}
[ -f "$JAR" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 1; }
MACHINE_KEY=$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')
now_ms() { date +%s%3N; }

for n in $COUNTS; do
  home=$(mktemp -d /tmp/eternego-bench-$n.XXXX)
  python3 bench/gen_personas.py "$home" "$n" "$MACHINE_KEY"
  log="$home/service.log"
  start=$(now_ms)
  ETERNEGO_KEYS_MACHINE_KEY="$MACHINE_KEY" java -Deternego.home="$home" -Dquarkus.http.port="$PORT" \
      -Deternego.agent.heartbeat=1h -jar "$JAR" > "$log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/personas"; do
    kill -0 $pid 2>/dev/null || { echo "service died; see $log" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  until grep -q "Started $n of $n active personas" "$log"; do
    kill -0 $pid 2>/dev/null || { echo "service died; see $log" >&2; exit 1; }
    sleep 0.02
  done
  all=$(( $(now_ms) - start ))
  running=$(curl -sf "http://127.0.0.1:$PORT/api/personas" | python3 -c 'import json,sys; print(sum(p["running"] for p in json.load(sys.stdin)["personas"]))')
  jcmd $pid GC.run > /dev/null
  heap_kb=$(jcmd $pid GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}' | tr -d K)
  rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "personas=$n http_ready_ms=$ready all_started_ms=$all running=$running heap_used_after_gc_mb=$((heap_kb/1024)) rss_mb=$((rss_kb/1024))"
  if [ "$n" = "1000" ]; then
    curl -s -o /dev/null -w "one GET /api/personas: %{size_download} bytes in %{time_total}s\n" "http://127.0.0.1:$PORT/api/personas"
    wrk -t2 -c16 -d"${WRK_SECONDS}s" --latency "http://127.0.0.1:$PORT/api/personas"
  fi
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$home"
done
