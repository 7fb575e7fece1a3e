#!/usr/bin/env bash
# Runs every test: format, lints, native tests, browser tests, release build, end-to-end,
# accessibility (axe-core) and Lighthouse.
# Installs what is missing first (scripts/setup.sh test). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format";                cargo fmt --all --check
step "clippy, native";        cargo clippy --workspace --all-targets -- -D warnings
step "clippy, wasm";          cargo clippy --target wasm32-unknown-unknown -p autoscale-lab --all-targets -- -D warnings
step "native tests";          cargo test --workspace
# The loop README's ceiling figures come from must still give the engine's figures bit for bit.
step "ceiling loop = engine";  BENCH_HOURS=0.2 BENCH_ROUNDS=0 cargo run -q -p autoscale-sim --example ceiling
step "core builds for wasm";  cargo build -p autoscale-sim --lib --target wasm32-unknown-unknown
# The release build comes first: the browser tests load its run worker from dist/.
step "release build";         trunk build --release
# The test runner gives a whole test file 20 s by default; app_state's five pages take
# 40-45 s on a busy 2-core machine (debug wasm), which ended in "Failed to detect test as
# having been run".
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
step "browser tests";         wasm-pack test --headless --chrome
step "release size";          scripts/size.sh
step "end-to-end, Chromium";  node tests/e2e/e2e.mjs dist
step "axe-core, Lighthouse";  node tests/e2e/audit.mjs dist
step "all tests passed"
