#!/usr/bin/env bash
# The exact engine's speed against the hand-written JavaScript peer, in one run (README,
# "Speed and size"); then the fluid engine's (examples/fluid_speed). Prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=$(cargo bench -q -p autoscale-sim --bench throughput 2>/dev/null | tee /dev/stderr | awk '/^median/ { print $2 }')
peer=$(node tests/bench/peer.mjs | tee /dev/stderr | awk '/^median/ { print $2 }')
awk -v e="$engine" -v p="$peer" 'BEGIN { printf "exact engine %.2f M/s, JavaScript peer %.2f M/s: ratio %.2f\n", e, p, e / p }'
cargo run --release -q -p autoscale-sim --example fluid_speed
