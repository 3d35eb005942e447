#!/usr/bin/env bash
# bench/ingest/vs_ceiling.sh — durable ingest of the daemon beside ../shared/bench/ceiling's minimal
# durable server, in the same minutes: ROUNDS alternated rounds (ours, ceiling, ours, …), both fed
# the same corpus lines by C connections × W in flight (closed loop) or paced at RATE/s (open
# loop), then the median of each and the share. The ceiling is a reference, not a dependency: its
# binaries are built from ../shared into $CEILING_DIR by its own run.sh.
#
#   bench/ingest/vs_ceiling.sh [CONNS WINDOW N ROUNDS RATE]   (defaults 8 64 30000 5 0)
#
# Needs: the release build of bench_ingest (cmake --preset release && cmake --build --preset
# release --target bench_ingest) and ../shared beside the clone (SHARED overrides it).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$repo/../shared}
ceiling=$shared/bench/ceiling
export CEILING_DIR=${CEILING_DIR:-${TMPDIR:-/tmp}/tiaojie-ceiling}
conns=${1:-8} window=${2:-64} n=${3:-30000} rounds=${4:-5} rate=${5:-0}
ours_bin=$repo/build/release/bench/ingest/bench_ingest
corpus=$CEILING_DIR/corpus200k.ndjson
if [[ ! -x $ours_bin ]]; then
  echo "build bench_ingest first: cmake --build --preset release --target bench_ingest" >&2
  exit 2
fi
if [[ ! -f $ceiling/run.sh ]]; then
  echo "no ceiling at $ceiling: put ../shared beside the clone or set SHARED" >&2
  exit 2
fi
[[ -x $CEILING_DIR/bin/server && -x $CEILING_DIR/bin/client ]] || "$ceiling/run.sh" build
[[ -s $corpus ]] || python3 "$shared/bench/gen_corpus.py" --n 200000 --out "$corpus"

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ours_rate=() ours_p99=() ceil_rate=() ceil_p99=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  out=$("$ours_bin" --corpus "$corpus" --disputes "$n" --connections "$conns" --window "$window" \
    --rate "$rate" --dir "$work/ours")
  rate_ours=$(sed -n 's/.* = \([0-9]*\) durable disputes\/s.*/\1/p' <<<"$out")
  p99_ours=$(sed -n 's/.* p99 \([0-9.]*\) .*/\1/p' <<<"$out")
  store_us=$(sed -n 's/^store thread: \([0-9.]*\) us CPU.*/\1/p' <<<"$out")
  daemon_us=$(sed -n 's/.*daemon \([0-9]*\) us\/dispute.*/\1/p' <<<"$out")
  out=$("$ceiling/run.sh" ingest "$conns" "$window" "$n" "$rate" | grep '^client')
  rate_ceil=$(sed -n 's/.* acked_per_s=\([0-9]*\).*/\1/p' <<<"$out")
  p99_ceil=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$out")
  printf 'round %d (load %s): ours %s/s p99 %s ms (daemon %s us CPU/dispute, store thread %s us)  ceiling %s/s p99 %s ms\n' \
    "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$rate_ours" "$p99_ours" "$daemon_us" "$store_us" \
    "$rate_ceil" "$p99_ceil"
  ours_rate+=("$rate_ours") ours_p99+=("$p99_ours") ceil_rate+=("$rate_ceil") ceil_p99+=("$p99_ceil")
done
a=$(printf '%s\n' "${ours_rate[@]}" | median) b=$(printf '%s\n' "${ceil_rate[@]}" | median)
c=$(printf '%s\n' "${ours_p99[@]}" | median) d=$(printf '%s\n' "${ceil_p99[@]}" | median)
awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v cw="$conns x $window" -v rate="$rate" -v k="$rounds" 'BEGIN {
  printf "median of %d rounds, %s, %s: ours %.0f/s, ceiling %.0f/s -> %.0f%%; ack p99 ours %.2f ms, ceiling %.2f ms -> %.1fx\n",
    k, cw, (rate > 0 ? "offered " rate "/s" : "closed loop"), a, b, 100 * a / b, c, d, (d > 0 ? c / d : 0) }'
