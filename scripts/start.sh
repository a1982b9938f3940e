#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the wasm module, serves www/ on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
bash scripts/build-wasm.sh
exec node www/server.mjs "$@"
