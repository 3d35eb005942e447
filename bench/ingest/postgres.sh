#!/usr/bin/env bash
# Ingest on PostgreSQL (issue 20; docs/benchmarks.md "ingest on PostgreSQL"): a private server
# with PostgreSQL's durability defaults (tests/support/pg_cluster, PG_CLUSTER_DURABLE=1), then
# bench_ingest with 1 and with 2 daemons, each on a fresh database and each beside the raw
# PostgreSQL limit for the same rows and batches in the same run. The server is stopped and its
# folder removed at the end.
# Usage: bench/ingest/postgres.sh [DISPUTES [CONNECTIONS [WINDOW]]]   (default 20000 8 64)
set -euo pipefail
cd "$(dirname "$0")/../.."
disputes=${1:-20000}
connections=${2:-8}
window=${3:-64}
bench=build/release/bench/ingest/bench_ingest
if [[ ! -x $bench ]]; then
  echo "build it first: cmake --preset release && cmake --build --preset release --target bench_ingest" >&2
  exit 2
fi
dir=$(mktemp -d /tmp/tiaojie-pgbench-XXXXXX)
trap 'tests/support/pg_cluster stop "$dir" || true' EXIT
PG_CLUSTER_DURABLE=1 tests/support/pg_cluster start "$dir"
for daemons in 1 2; do
  db="bench_${daemons}"
  psql -q "$(tests/support/pg_cluster url "$dir")" -c "CREATE DATABASE $db" >/dev/null
  echo "== $daemons daemon(s): $disputes disputes, $connections connections x $window in flight, load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$bench" --disputes "$disputes" --connections "$connections" --window "$window" \
    --daemons "$daemons" --store "$(tests/support/pg_cluster url "$dir" "$db")" \
    --dir "build/bench-ingest-pg-$daemons"
done
