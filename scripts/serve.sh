#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080/ , rebuilding on change; installs what is missing first.
# Extra arguments go to trunk (for example --port 9000, or --release).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh serve
export PATH="$PWD/node_modules/.bin:$PATH"
exec trunk serve "$@"
