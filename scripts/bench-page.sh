#!/usr/bin/env bash
# Responsiveness benchmarks of the page (README, "Benchmarks"): builds the release page,
# then drives it in headless Chromium and prints figures. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build --release
node tests/bench/page.mjs dist
