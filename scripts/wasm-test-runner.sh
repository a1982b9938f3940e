#!/usr/bin/env bash
# cargo's runner for the wasm32 tests (scripts/test.sh): the test module as shipped modules are
# built (target-cpu=mvp), without the target_features mark the precompiled std leaves (see
# scripts/build-wasm.sh), then wasm-bindgen-test-runner in headless Chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
wasm="$1"
shift
bare="${wasm%.wasm}.bare.wasm"
node "$here/scripts/strip-target-features.mjs" "$wasm" "$bare"
exec wasm-bindgen-test-runner "$bare" "$@"
