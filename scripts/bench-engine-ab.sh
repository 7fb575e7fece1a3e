#!/usr/bin/env bash
# The exact engine against an earlier build of itself, alternated in one sitting, so that
# the machine's noise falls on both (README, "Speed and size"). Prints figures only.
#   scripts/bench-engine-ab.sh [REV] [ROUNDS]
# REV defaults to d276069, the last commit before work on issue #12 began (the engine the
# issue measured); ROUNDS (default 6) alternations of 3 timed runs each. With
# BENCH_SCENARIO=issue both run the issue's wording of the scenario (sim/benches/throughput.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-d276069}
rounds=${2:-6}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

build() { # build DIR TARGET_DIR: prints the path of the throughput bench binary
  local line path
  line=$(cd "$1" && CARGO_TARGET_DIR="$2" cargo bench --no-run -p autoscale-sim --bench throughput 2>&1 |
    grep 'Executable.*throughput' | tail -1)
  path=${line##*(}
  path=${path%)}
  case $path in /*) echo "$path" ;; *) echo "$1/$path" ;; esac
}

git worktree add -q --detach "$work/old" "$rev"
# The current benchmark file and its scenario (it reads BENCH_HOURS and BENCH_ROUNDS).
cp sim/benches/throughput.rs "$work/old/sim/benches/throughput.rs"
cp -r sim/benches/common "$work/old/sim/benches/"
old=$(build "$work/old" "$work/old-target")
new=$(build . "$PWD/target")
cp "$old" "$work/old-bench"
cp "$new" "$work/new-bench"

echo "alternating $rounds x (3 runs of $rev, 3 of the working tree); medians in million requests/s"
for i in $(seq "$rounds"); do
  o=$(BENCH_ROUNDS=3 "$work/old-bench" | awk '/^median/ { print $2 }')
  n=$(BENCH_ROUNDS=3 "$work/new-bench" | awk '/^median/ { print $2 }')
  echo "round $i: $rev $o, now $n"
  echo "$o $n" >>"$work/pairs"
done
sort -n -k1 "$work/pairs" | awk '{ o[NR] = $1 } END { print "median", rev, o[int((NR + 1) / 2)] }' rev="$rev" >"$work/o"
sort -n -k2 "$work/pairs" | awk '{ n[NR] = $2 } END { print n[int((NR + 1) / 2)] }' >"$work/n"
awk -v rev="$rev" 'NR == FNR { o = $3; next } { printf "median: %s %.2f M/s, now %.2f M/s: x %.2f\n", rev, o, $1, $1 / o }' "$work/o" "$work/n"
