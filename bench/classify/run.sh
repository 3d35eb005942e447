#!/usr/bin/env bash
# bench/classify: everything in one run, on one core —
#   1. builds bench_classify (release preset),
#   2. converts ../shared/bench/rules_spec.json into a tiaojie rules folder,
#   3. generates the shared corpus (100k disputes) and the reference answer,
#   4. runs our parse and classify measurements and checks our decisions against the reference,
#   5. runs the peer engine (json-rules-engine) on the same corpus and prints the ratio.
# Usage: bench/classify/run.sh [N]   (N disputes, default 100000). Needs python3, node and npm.
# SHARED overrides where the shared material is (default ../shared beside the clone).
# Beside the machine's limit (../shared/bench/ceiling) rather than the peer: compare.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared="${SHARED:-$repo/../shared}/bench"  # ../shared beside the clone
if [[ ! -f "$shared/gen_corpus.py" || ! -f "$shared/rules_spec.json" ]]; then
  echo "bench/classify needs the shared benchmark material ($shared: gen_corpus.py, rules_spec.json," >&2
  echo "reference_classify.py, peer/): put ../shared beside the clone" >&2
  exit 2
fi
n=${1:-100000}
work="$repo/build/bench-classify"
mkdir -p "$work"

cmake --preset release >/dev/null
cmake --build --preset release --target bench_classify >/dev/null

python3 "$repo/bench/classify/convert_spec.py" "$shared/rules_spec.json" "$work/rules"
[ -s "$work/corpus-$n.ndjson" ] || python3 "$shared/gen_corpus.py" --n "$n" --out "$work/corpus-$n.ndjson"
python3 "$shared/reference_classify.py" "$work/corpus-$n.ndjson" > "$work/expected-$n.tsv"

echo "== tiaojie (one core)"
ours=$(taskset -c 0 "$repo/build/release/bench/classify/bench_classify" --rules "$work/rules" \
  --corpus "$work/corpus-$n.ndjson" --expected "$work/expected-$n.tsv" --out "$work/ours-$n.tsv")
echo "$ours"

echo "== peer: json-rules-engine (one core)"
peer=$(taskset -c 0 "$shared/peer/run_peer.sh" "$work/corpus-$n.ndjson" "$work/peer-$n.tsv")
echo "$peer"
if cmp -s "$work/peer-$n.tsv" "$work/expected-$n.tsv"; then
  echo "peer decisions: equal to the reference"
else
  echo "peer decisions: differ from the reference"
fi

# Our lines read "NAME (what)   CPU /s cpu median   WALL /s wall best". The peer reports wall-clock
# time only, so the ratio compares wall clock with wall clock, both measured in this run.
cpu_rate() { sed -n "s/^$1 .* \([0-9][0-9]*\) \/s cpu median .*$/\1/p"; }
wall_rate() { sed -n "s/^$1 .* \([0-9][0-9]*\) \/s wall best$/\1/p"; }
classify_cpu=$(echo "$ours" | cpu_rate 'classification')
classify_wall=$(echo "$ours" | wall_rate 'classification')
parse_classify_wall=$(echo "$ours" | wall_rate 'parse+classification')
peer_rate=$(echo "$peer" | sed -n 's/.*= \([0-9][0-9]*\) disputes\/s$/\1/p')
echo "== ratio (wall clock, same run, same core)"
awk -v c="$classify_wall" -v cc="$classify_cpu" -v pc="$parse_classify_wall" -v p="$peer_rate" 'BEGIN {
  printf "classify / peer:          %.0fx  (%d vs %d disputes/s; ours per CPU second: %d)\n", c / p, c, p, cc;
  printf "parse + classify / peer:  %.0fx\n", pc / p }'
