#!/usr/bin/env bash
# bench/ingest/write_bytes.sh PATTERN COMMAND… — runs COMMAND and prints the bytes it had written
# (/proc/PID/io: wchar and write_bytes) when a line matching PATTERN first appears in its output,
# then the output itself. With bench_ingest and '^daemon:' it tells what the ingest wrote, before
# the raw SQLite limits the bench runs afterwards.
set -euo pipefail
pattern=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
stdbuf -oL "$@" >"$out" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  io=$(grep -e '^wchar' -e '^write_bytes' "/proc/$pid/io" 2>/dev/null | tr '\n' ' ' || true)
  if grep -q -e "$pattern" "$out"; then
    echo "at '$pattern': $io"
    break
  fi
  sleep 0.02
done
wait "$pid"
cat "$out"
