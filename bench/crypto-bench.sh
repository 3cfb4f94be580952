#!/usr/bin/env bash
# JDK vs BouncyCastle for the diary's primitives (PBKDF2-HMAC-SHA256 480k, AES-128-CBC decrypt and
# encrypt of 64 MiB, HMAC-SHA256 of 64 MiB), side by side in one JVM, interleaved rounds after a warm-up.
#   bench/crypto-bench.sh [ROUNDS=5]
# Prints a table of medians and each implementation's time over the JDK's. Runs on a fresh clone: Maven
# downloads what it lacks. The machine's AES-NI and SHA-NI decide most of the JDK's figures, so they are printed.
set -Eeuo pipefail
trap 'rc=$?; echo "$0: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}

./mvnw -B -q test-compile
CPF=target/crypto-bench.classpath
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CPF"
if [ -r /proc/cpuinfo ]; then
  has() { grep -q -m1 -w "$1" /proc/cpuinfo && echo yes || echo no; }
  echo "cpu:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, aes: $(has aes), sha_ni: $(has sha_ni)"
fi
echo "java: $(java -version 2>&1 | head -1), bcprov: $(tr ':' '\n' < "$CPF" | grep -o 'bcprov-jdk18on-[^/]*\.jar' || echo none)"
# 64 MiB of plain text, its cipher text and one output buffer stay live: about 200 MiB
exec java -Xms768m -Xmx768m -cp "target/classes:target/test-classes:$(cat "$CPF")" ai.eternego.bench.CryptoBench "$ROUNDS"
