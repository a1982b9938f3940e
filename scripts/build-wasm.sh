#!/usr/bin/env bash
# Builds the one wasm module into www/pkg and prints its sizes:
#   wasm-pack (--target web)          → nianbao.js (browser ES module glue) + nianbao_bg.wasm
#   wasm-bindgen (--target nodejs)    → nianbao_node.cjs (Node glue, reads the same .wasm)
#   wasm-opt -Oz (npm `binaryen`)     → the .wasm, optimised for size in place
#   www/api.mjs                       → api.cjs (the same API for require())
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=www/pkg
rm -rf "$out"
wasm-pack build --target web --release --out-dir "$out" --out-name nianbao --no-pack --no-typescript . >&2
wasm="$out/nianbao_bg.wasm"

node_dir=$(mktemp -d)
trap 'rm -rf "$node_dir"' EXIT
wasm-bindgen --target nodejs --no-typescript --out-dir "$node_dir" --out-name nianbao \
  target/wasm32-unknown-unknown/release/nianbao.wasm
if ! cmp -s "$node_dir/nianbao_bg.wasm" "$wasm"; then
  echo "build: the nodejs and web targets produced different .wasm files; one module is required" >&2
  exit 1
fi
cp "$node_dir/nianbao.js" "$out/nianbao_node.cjs"

before=$(wc -c <"$wasm")
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"

# The API module for require(): the ES module with its `export`s turned into module.exports.
{
  echo '"use strict";'
  sed -e 's/^export function /function /' www/api.mjs
  printf 'module.exports = { %s };\n' "$(sed -n 's/^export function \([A-Za-z]*\).*/\1/p' www/api.mjs | paste -sd, | sed 's/,/, /g')"
} >"$out/api.cjs"

gz() { gzip -9c "$1" | wc -c; }
printf '[build] %s: %d bytes before wasm-opt, %d after, %d gzipped; glue %d (%d gzipped); api %d (%d gzipped)\n' \
  "$wasm" "$before" "$(wc -c <"$wasm")" "$(gz "$wasm")" \
  "$(wc -c <"$out/nianbao.js")" "$(gz "$out/nianbao.js")" \
  "$(wc -c <www/api.mjs)" "$(gz www/api.mjs)" >&2
