#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every suite. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
step() { printf '\n=== %s ===\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "cargo test (native core, examples, property tests)"
cargo test --quiet

step "wasm build (cargo + wasm-bindgen + wasm-opt -Oz, validated for Chromium 86 / Firefox 78; and the trap-test build)"
NIANBAO_TRAP_TEST=1 bash scripts/build-wasm.sh

step "browser compatibility: Chromium 86+ / Firefox 78+ (wasm features checked by the build)"
# The build's feature check must reject what it is there to reject: the module before lowering
# (bulk-memory instructions from std).
. scripts/wasm-features.sh
if wasm_features_ok target/wasm32-unknown-unknown/release/nianbao.wasm; then
  echo "the wasm feature check accepted a module with bulk-memory instructions" >&2
  exit 1
fi
wasm_features_ok www/pkg/nianbao_bg.wasm
# FinalizationRegistry: wasm-bindgen's glue uses it only where it exists (see eslint.config.mjs).
es=(node_modules/.bin/es-check es2020 --checkFeatures --ignore FinalizationRegistry)
"${es[@]}" www/pkg/nianbao.js
"${es[@]}" --module www/dropin.mjs www/nianbao.mjs www/api.mjs www/extract.mjs www/send.mjs www/paste.mjs www/guard.mjs www/summary.mjs www/wrapper.mjs www/pkg/glue-web.mjs
node_modules/.bin/eslint --max-warnings 0 www/pkg/nianbao.js www/dropin.mjs www/nianbao.mjs www/api.mjs www/extract.mjs www/send.mjs www/paste.mjs www/guard.mjs www/summary.mjs www/wrapper.mjs

step "wasm-bindgen-test in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$PWD/scripts/wasm-test-runner.sh" CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_ONLY_WEB=1 cargo test --target wasm32-unknown-unknown --test wasm

step "node --test tests/node (package API, CLI, recheck endpoint over loopback HTTP)"
node --test tests/node/

step "node --test tests/e2e (the drop-in wrapper in headless Chromium; screenshots in test-output/)"
node --test --test-concurrency=1 tests/e2e/

printf '\nall suites passed in %ss\n' "$(( $(date +%s) - start ))"
