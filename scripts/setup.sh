#!/usr/bin/env bash
# Installs what autoscale-lab needs, skipping whatever is already present.
#   scripts/setup.sh serve   the wasm target, trunk, the wasm-bindgen CLI, npm packages
#   scripts/setup.sh test    all of the above, plus Chromium, ChromeDriver and wasm-pack
# Everything comes from the package registries (crates.io, npm, Debian); nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-serve}

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
# The wasm-bindgen CLI must equal the library version in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (a cold build takes 10-15 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile names a crate version this registry lacks.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

if [ ! -f node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (plotly.js sources, esbuild, binaryen, playwright-core, axe-core, lighthouse)"
  npm ci --no-audit --no-fund
fi

if [ "$want" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and ChromeDriver from Debian"
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
    say "installing wasm-pack $WASM_PACK_VERSION"
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
  fi
fi

# Trunk.toml pins the tool versions and works offline: fetch the crates it will need.
cargo fetch --quiet
say "ready ($want)"
