#!/usr/bin/env bash
# Builds the wasm module into www/pkg: wasm-pack (--target web), then wasm-opt -Oz from the npm
# `binaryen` package. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=www/pkg
wasm-pack build --target web --release --out-dir "$out" --out-name nianbao --no-pack . >&2
wasm="$out/nianbao_bg.wasm"
before=$(wc -c <"$wasm")
node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
printf '[build] %s: %d bytes before wasm-opt, %d after, %d gzipped\n' \
  "$wasm" "$before" "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)" >&2
