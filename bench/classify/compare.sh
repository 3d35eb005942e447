#!/usr/bin/env bash
# bench/classify beside the machine's limit, in the same minutes: alternates bench_classify and the
# ceiling's classify_limit (../shared/bench/ceiling, Boost.JSON + Hyperscan; a reference, not a
# dependency) ROUNDS times on core 0, then prints each figure's median over the rounds and our
# share of the ceiling's corresponding figure. Both count the same way: the fastest of 5 passes
# over the same corpus, wall clock, one core; both check every decision against the reference.
# Usage: bench/classify/compare.sh [N [ROUNDS]]   (default 100000 disputes, 5 rounds)
# Env: SHARED (default ../shared beside the clone), CEILING_DIR (the ceiling's scratch folder).
# Needs python3, and libhyperscan-dev for the ceiling (its run.sh build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$repo/../shared}/bench
n=${1:-100000}
rounds=${2:-5}
if [[ ! -f "$shared/gen_corpus.py" || ! -x "$shared/ceiling/run.sh" ]]; then
  echo "compare.sh needs the shared benchmark material ($shared); set SHARED" >&2
  exit 2
fi
export CEILING_DIR=${CEILING_DIR:-${TMPDIR:-/tmp}/tiaojie-ceiling}
work="$repo/build/bench-classify"
mkdir -p "$work"
bench="$repo/build/release/bench/classify/bench_classify"
[[ -x "$bench" ]] || { echo "build bench_classify first (release preset, TIAOJIE_BUILD_BENCH=ON)" >&2; exit 2; }
[[ -x "$CEILING_DIR/bin/classify_limit" ]] || "$shared/ceiling/run.sh" build >/dev/null

python3 "$repo/bench/classify/convert_spec.py" "$shared/rules_spec.json" "$work/rules"
[ -s "$work/corpus-$n.ndjson" ] || python3 "$shared/gen_corpus.py" --n "$n" --out "$work/corpus-$n.ndjson"
[ -s "$work/expected-$n.tsv" ] ||
  python3 "$shared/reference_classify.py" "$work/corpus-$n.ndjson" >"$work/expected-$n.tsv"

log="$work/compare-$n.log"
: >"$log"
for r in $(seq "$rounds"); do
  echo "== round $r: tiaojie" >>"$log"
  taskset -c 0 "$bench" --rules "$work/rules" --corpus "$work/corpus-$n.ndjson" \
    --expected "$work/expected-$n.tsv" >>"$log"
  echo "== round $r: ceiling" >>"$log"
  "$shared/ceiling/run.sh" classify "$work/corpus-$n.ndjson" "$work/expected-$n.tsv" >>"$log"
  echo "round $r of $rounds done" >&2
done
grep -q "0 differ" "$log" || { echo "a decision differs from the reference: $log" >&2; exit 1; }

python3 - "$log" <<'EOF'
import re, statistics, sys
ours, ceiling, side = {}, {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("== round"):
        side = ours if line.rstrip().endswith("tiaojie") else ceiling
        continue
    m = re.match(r"(\S+)\s.*?(\d+) /s cpu median\s+(\d+) /s wall best", line)
    if m and side is ours:
        ours.setdefault(m[1], []).append((int(m[2]), int(m[3])))
    m = re.match(r"(.*?\))\s+(\d+) disputes/s", line)
    if m and side is ceiling:
        ceiling.setdefault(m[1].strip(), []).append(int(m[2]))
med = lambda xs: statistics.median(xs)
rows = [  # ours, the ceiling's figure it does the work of, the issue's target share
    ("parse", "parse (Boost.JSON + fields)", 0.80),
    ("classify", "classify (Hyperscan + decide)", 0.50),
    ("classification", "classify (Hyperscan + decide)", 0.50),
    ("decide", "classify (Hyperscan + decide)", None),
    ("classify", "classify (AC DFA + decide)", None),
    ("parse+classify", "parse + classify (AC DFA)", 0.60),
    ("parse+classification", "parse + classify (AC DFA)", 0.60),
]
print(f"{'tiaojie (wall, best of 5)':<24}{'/s':>10}  {'ceiling':<32}{'/s':>10}  {'share':>6}  target")
for name, peer, target in rows:
    o = med([w for _, w in ours[name]])
    c = med(ceiling[peer])
    t = f">= {target:.0%}" if target else ""
    print(f"{name:<24}{o:>10.0f}  {peer:<32}{c:>10.0f}  {o / c:>6.0%}  {t}")
print(f"(medians of {len(ours['parse'])} alternated rounds; ours per CPU second, median pass: " +
      ", ".join(f"{k} {med([c for c, _ in v]):.0f}" for k, v in ours.items()) + ")")
EOF
