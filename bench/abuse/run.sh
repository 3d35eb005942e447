#!/bin/sh
# bench/abuse: the abuse scenarios of tests/abuse (issue 16, proof 4), run longer, with figures.
# Each scenario starts its own `tiaojie serve` process; a good client submits at a steady rate
# (open schedule, one at a time) while the scenario's abuse runs; the binary prints, per scenario,
# the good client's acknowledgement latency p50/p99/max and the daemon's peak RSS (VmHWM), and at
# the end a table beside the baseline (the same good client with no abuse, measured in the same
# run). Figures: docs/benchmarks.md "abuse".
#
#   bench/abuse/run.sh [SECONDS [RATE]]     default 30 s of abuse per scenario, 200 submits/s
#   PRESET=release bench/abuse/run.sh       another build preset (default: ci, -O2 with asserts)
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-30}
rate=${2:-200}
preset=${PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target tiaojie tiaojie_abuse_tests
echo "load before the run: $(uptime)"
TIAOJIE_ABUSE_SECONDS=$seconds TIAOJIE_ABUSE_RATE=$rate \
  "build/$preset/tests/abuse/tiaojie_abuse_tests" --order-by=file
echo "load after the run: $(uptime)"
