#!/usr/bin/env bash
# `npm run bench`: criterion benchmarks of the core, then bench/run.mjs (Node, browser, size,
# server, batch audit), which writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
if ! command -v twiggy >/dev/null 2>&1; then
  echo "[bench] installing twiggy" >&2
  cargo install twiggy --locked || cargo install twiggy
fi
bash scripts/build-wasm.sh
cargo bench --quiet --bench core -- --warm-up-time 1 --measurement-time 3 >&2
node bench/run.mjs
cat bench/RESULTS.md
