#!/usr/bin/env bash
# Prints the size of the release build in dist/: the page's and the run worker's wasm
# modules, plotly, and everything, raw and gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
kib() { awk -v b="$1" 'BEGIN { printf "%.0f KiB", b / 1024 }'; }
gz() { gzip -9 -c "$1" | wc -c; }
page=$(ls dist/autoscale-lab-*_bg.wasm)
worker=dist/autoscale-worker_bg.wasm
total_raw=0; total_gz=0
for f in dist/*; do
  total_raw=$((total_raw + $(wc -c < "$f"))); total_gz=$((total_gz + $(gz "$f")))
done
plotly=dist/plotly-lab.min.js
printf 'release build size (gzip -9):\n'
printf '  page wasm         %10s raw %10s gzip\n' "$(kib "$(wc -c < "$page")")" "$(kib "$(gz "$page")")"
printf '  worker wasm       %10s raw %10s gzip\n' "$(kib "$(wc -c < "$worker")")" "$(kib "$(gz "$worker")")"
printf '  plotly.js (lab)   %10s raw %10s gzip\n' "$(kib "$(wc -c < "$plotly")")" "$(kib "$(gz "$plotly")")"
printf '  dist/ in total    %10s raw %10s gzip\n' "$(kib $total_raw)" "$(kib $total_gz)"
