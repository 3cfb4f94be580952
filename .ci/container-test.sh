#!/usr/bin/env bash
# The container, proven: builds src/main/docker/Dockerfile.jvm unchanged (over a local stand-in of its
# FROM image, .ci/standin-image.sh) with podman and runs it as a user would, with a token, a published
# port that is not the service's own and a /data volume. It checks that requests without the token are
# refused, that the page is served, that the public fixture diary migrates against a fake provider on
# this machine's loopback, and that after `podman rm` a new container on the same volume still has her,
# file for file. Any failed step fails the script. Needs the packaged jar (./mvnw package) and root.
#
# Networking: slirp4netns with allow_host_loopback lets the container reach the fake, which listens on
# 127.0.0.1 only, as 10.0.2.2; the service's port 5000 is published on 127.0.0.1 of the host under a
# free port, so the Host header carries the host's port. Nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

fixture=${FIXTURE_DIR:-../shared/fixtures/diary}
id=6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7
image=localhost/eternego-jvm:ci
run_id=eternego-ci-$$
volume=$run_id-data
key=sk-ant-container-test-$RANDOM$RANDOM
token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
podman=(podman --runtime runc)
limits=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
work=$(mktemp -d)
fake_pid=

step() { echo "container: $*"; }
current=
fail() {
    [ -z "$current" ] || podman logs "$current" 2>&1 | tail -n 40 >&2
    echo "container: FAILED: $*" >&2
    exit 1
}

cleanup() {
    "${podman[@]}" rm -f -t 2 "$run_id-1" "$run_id-2" >/dev/null 2>&1 || true
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
    [ -z "$fake_pid" ] || kill "$fake_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || fail "no target/quarkus-app/quarkus-run.jar: run ./mvnw package first"
[ -f "$fixture/$id.diary" ] || fail "the public fixture diary is not at $fixture"

.ci/standin-image.sh
step "building src/main/docker/Dockerfile.jvm as $image"
"${podman[@]}" build -q "${limits[@]}" -f src/main/docker/Dockerfile.jvm -t "$image" . >/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
base=http://127.0.0.1:$port

python3 .ci/fake-providers.py "$work/fake.port" "$key" 2>"$work/fake.log" &
fake_pid=$!
for _ in $(seq 100); do [ -s "$work/fake.port" ] && break; kill -0 "$fake_pid" || fail "the fake provider died"; sleep 0.1; done
fake_port=$(cat "$work/fake.port")

podman volume create "$volume" >/dev/null

start() {
    local name=$1
    current=$name
    "${podman[@]}" run -d --name "$name" "${limits[@]}" \
        --network slirp4netns:allow_host_loopback=true -p "127.0.0.1:$port:5000" \
        -v "$volume:/data" -e ETERNEGO_API_TOKEN="$token" "$image" >/dev/null
    local t0=$SECONDS
    until curl -fsS -o /dev/null "$base/q/health/ready" 2>/dev/null; do
        "${podman[@]}" container exists "$name" && [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] \
            || fail "$name stopped before it was ready"
        [ $((SECONDS - t0)) -lt 90 ] || fail "$name not ready in 90 s"
        sleep 0.5
    done
    step "$name ready in $((SECONDS - t0)) s on $base (Host carries port $port, the service listens on 5000)"
}

# status METHOD PATH [curl args...]: prints the HTTP status, the body goes to $work/body
status() {
    local method=$1 path=$2
    shift 2
    curl -sS -o "$work/body" -w '%{http_code}' -X "$method" "$@" "$base$path"
}
auth=(-H "Authorization: Bearer $token")
expect() { [ "$1" = "$2" ] || { cat "$work/body" >&2; echo >&2; fail "$3: HTTP $1, expected $2"; }; }

# every file of the fixture's manifest but config.json (rewritten by migrate) is in the volume, byte for byte
whole() {
    local home
    home=$(podman volume inspect -f '{{.Mountpoint}}' "$volume")/personas/$id/home
    python3 - "$fixture/$id.manifest.json" "$home" <<'PY' || fail "her files in the volume differ from the fixture"
import hashlib, json, os, sys
manifest, home = json.load(open(sys.argv[1])), sys.argv[2]
bad = []
for f in manifest["files"]:
    if f["path"] == "config.json":
        continue
    p = os.path.join(home, f["path"])
    if not os.path.isfile(p) or hashlib.sha256(open(p, "rb").read()).hexdigest() != f["sha256"]:
        bad.append(f["path"])
if bad:
    sys.exit("missing or changed: " + ", ".join(bad))
print("container: %d files of her home match the fixture's manifest" % (len(manifest["files"]) - 1))
PY
}

step "without a token the container refuses to start"
if refused=$(timeout 120 "${podman[@]}" run --rm "${limits[@]}" --network none "$image" 2>&1); then
    fail "the container started without ETERNEGO_API_TOKEN"
fi
grep -q "Refusing to listen on 0.0.0.0 without an API token" <<<"$refused" || { echo "$refused" | tail -n 20 >&2; fail "no refusal"; }

start "$run_id-1"
expect "$(status GET /api/personas)" 401 "a request without the token"
expect "$(status GET /api/personas -H 'Authorization: Bearer wrong')" 401 "a request with a wrong token"
expect "$(status GET /api/personas "${auth[@]}")" 200 "a request with the token"
expect "$(status GET / "${auth[@]}")" 200 "the page"
grep -qi '<html' "$work/body" || fail "the page is not HTML"
step "refuses requests without the token, serves the page"

expect "$(status POST /api/persona/migrate "${auth[@]}" \
    -F "diary=@$fixture/$id.diary" -F "phrase=<$fixture/$id.phrase" \
    -F model=claude-sonnet-4-6 -F provider=anthropic -F "api_key=$key" -F "url=http://10.0.2.2:$fake_port")" \
    200 "migrating the fixture diary"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["persona"]; assert p["id"]==sys.argv[2] and p["name"]=="Vesper", p["id"]' \
    "$work/body" "$id" || fail "the migrate answer is not hers"
grep -q "GET /v1/models/claude-sonnet-4-6" "$work/fake.log" || fail "the fake provider was never asked"
step "migrated the fixture diary (Vesper) against the fake provider on the host's loopback"
whole

"${podman[@]}" rm -f -t 10 "$run_id-1" >/dev/null
current=
step "removed $run_id-1; a new container on the same volume"
start "$run_id-2"
expect "$(status GET "/api/persona/$id" "${auth[@]}")" 200 "her view after the new container"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["name"]=="Vesper" and v["running"] is True, v' \
    "$work/body" || fail "she is not whole after the new container"
expect "$(status GET "/api/persona/$id/export" "${auth[@]}")" 200 "her export (her key unsealed by the kept machine key)"
[ "$(wc -c <"$work/body")" -gt 1000 ] || fail "her exported diary is empty"
whole
step "she is still there, whole, running, and her diary opens"
step "passed in $((SECONDS - started)) s"
