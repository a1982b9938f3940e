#!/usr/bin/env bash
# Builds the one wasm module into www/pkg and prints its sizes:
#   cargo build (wasm32, target-cpu=mvp: .cargo/config.toml)
#   wasm-bindgen (--target web)         → glue-web.mjs (browser ES module glue) + nianbao_bg.wasm
#   wasm-bindgen (--target nodejs)      → glue-node.cjs (Node glue, reads the same .wasm)
#   wasm-bindgen (--target no-modules)  → inside nianbao.js, the classic drop-in script
#   wasm-opt -Oz (npm `binaryen`)       → the .wasm, lowered to the features old browsers have,
#                                         optimised for size and validated, in place
#   www/api.mjs, www/extract.mjs        → api.cjs, extract.cjs (the same code for require())
# The three glues must come with byte-identical .wasm files: one module for every target.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=www/pkg
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The precompiled std marks its objects +reference-types, and wasm-bindgen reads that mark to
# emit externref glue the mvp-built crate does not have: drop the mark before it reads it.
bindable() { # CARGO_WASM OUT
  node scripts/strip-target-features.mjs "$1" "$2"
}
cargo build --quiet --release --target wasm32-unknown-unknown
bindable target/wasm32-unknown-unknown/release/nianbao.wasm "$tmp/main.wasm"
wasm="$out/nianbao_bg.wasm"
for target in web nodejs no-modules; do
  wasm-bindgen --target "$target" --no-typescript --out-dir "$tmp/$target" --out-name nianbao "$tmp/main.wasm"
  [ -f "$wasm" ] || cp "$tmp/$target/nianbao_bg.wasm" "$wasm"
  if ! cmp -s "$tmp/$target/nianbao_bg.wasm" "$wasm"; then
    echo "build: the $target and web targets produced different .wasm files; one module is required" >&2
    exit 1
  fi
done
cp "$tmp/web/nianbao.js" "$out/glue-web.mjs"
cp "$tmp/nodejs/nianbao.js" "$out/glue-node.cjs"

# wasm-opt: lower the bulk-memory instructions the precompiled std brings (Firefox 78 has none),
# optimise for size, then validate against the features Chromium 86 and Firefox 78 both have
# (no reference types, no bulk memory): a module using more fails the build here, not on a
# township PC.
. scripts/wasm-features.sh
optimise() { # FILE, in place
  node_modules/.bin/wasm-opt "${WASM_FEATURES[@]}" --enable-bulk-memory --enable-bulk-memory-opt \
    --llvm-memory-copy-fill-lowering -Oz --converge --strip-debug --strip-producers --strip-target-features \
    "$1" -o "$1.opt"
  mv "$1.opt" "$1"
  wasm_features_ok "$1" \
    || { echo "build: $1 uses wasm features that Chromium 86 / Firefox 78 lack" >&2; exit 1; }
}
before=$(wc -c <"$wasm")
optimise "$wasm"

# The API and the page extraction for require(): the ES modules with their `export`s turned into
# module.exports.
for m in api extract paste; do
  {
    echo '"use strict";'
    sed -e 's/^export \(async \)\{0,1\}function /\1function /' "www/$m.mjs"
    printf 'module.exports = { %s };\n' "$(sed -n 's/^export \(async \)\{0,1\}function \([A-Za-z]*\).*/\2/p' "www/$m.mjs" | paste -sd, | sed 's/,/, /g')"
  } >"$out/$m.cjs"
done

# The audit module, for Node only (npx nianbao audit): the same crate with the `audit` feature
# (published-report extraction, suggestions), kept out of the browser module's size budget.
cargo build --quiet --release --target wasm32-unknown-unknown --features audit --target-dir target/audit
bindable target/audit/wasm32-unknown-unknown/release/nianbao.wasm "$tmp/audit.wasm"
wasm-bindgen --target nodejs --no-typescript --out-dir "$out/audit" --out-name nianbao "$tmp/audit.wasm"
mv "$out/audit/nianbao.js" "$out/audit/glue-node.cjs"
optimise "$out/audit/nianbao_bg.wasm"

# The classic drop-in script: www/dropin.mjs and the modules it imports, bundled by Rolldown
# (scripts/bundle.mjs) with the no-modules glue as a factory (so a trapped instance can be
# replaced by a fresh one), then minified and made ASCII (scripts/minify.mjs).
dropin() { # GLUE OUT
  node scripts/bundle.mjs "$1" "$2"
  node --check "$2"
  node scripts/minify.mjs "$2"
  node --check "$2"
  # ASCII only (minify.mjs escapes the rest): a GBK page may decode it as GBK.
  if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$2"; then
    echo "build: $2 has non-ASCII bytes" >&2
    exit 1
  fi
}
dropin "$tmp/no-modules/nianbao.js" "$out/nianbao.js"

# The test build with an export that traps (recovery test), when asked for.
if [ "${NIANBAO_TRAP_TEST:-}" = 1 ]; then
  cargo build --quiet --release --target wasm32-unknown-unknown --features trap-test --target-dir target/trap
  bindable target/trap/wasm32-unknown-unknown/release/nianbao.wasm "$tmp/trap.wasm"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$tmp/trap" --out-name nianbao "$tmp/trap.wasm"
  mkdir -p "$out/trap-test"
  cp "$tmp/trap/nianbao_bg.wasm" "$out/trap-test/nianbao_bg.wasm"
  dropin "$tmp/trap/nianbao.js" "$out/trap-test/nianbao.js"
fi

# The form-A demo: the portal's page exactly as in the fixture, plus the two lines README gives
# portals (the module preloaded while the page parses, the drop-in script) and the demo's own
# prefill script.
sed -e 's|</head>|<link rel="preload" href="../pkg/nianbao_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n</head>|' \
  -e 's|</body>|<script src="../pkg/nianbao.js" defer></script>\n<script src="demo.js" defer></script>\n</body>|' \
  tests/fixtures/forms/portal-form-a.html >www/demo/index.html
grep -q 'rel="preload"' www/demo/index.html
grep -q 'pkg/nianbao.js' www/demo/index.html

gz() { gzip -9c "$1" | wc -c; }
printf '[build] %s: %d bytes before wasm-opt, %d after, %d gzipped; ES module glue %d gzipped; drop-in script %d (%d gzipped); audit module (Node) %d\n' \
  "$wasm" "$before" "$(wc -c <"$wasm")" "$(gz "$wasm")" "$(gz "$out/glue-web.mjs")" \
  "$(wc -c <"$out/nianbao.js")" "$(gz "$out/nianbao.js")" "$(wc -c <"$out/audit/nianbao_bg.wasm")" >&2
