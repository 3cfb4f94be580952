#!/usr/bin/env bash
# A thousand personas with a Telegram channel each against the fake Bot API on loopback, with a fake Mind that
# answers at once: the service's live threads, heap after GC and RSS at 0 and at 1000 channels in the same
# JVM; the time from a pushed update to her reply when all 1000 are pushed at once, and one at a time.
#   bench/telegram-bench.sh
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
./mvnw -B -ntp test -Dtest=ThousandBotsTest -Dsurefire.failIfNoSpecifiedTests=false | grep -E '^\[telegram-bench\]|Tests run:'
