# Sourced by scripts/build-wasm.sh and scripts/test.sh: the wasm features the browsers clerks have
# all support (Chromium 86 and Firefox 78: no reference types, no bulk memory), and the check.
WASM_FEATURES=(--mvp-features --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int)

# wasm_features_ok FILE: whether FILE uses only those features. It reads a copy without any
# target_features section: wasm-opt would enable what such a section lists.
wasm_features_ok() {
  local bare
  bare=$(mktemp)
  node scripts/strip-target-features.mjs "$1" "$bare"
  node_modules/.bin/wasm-opt -q "${WASM_FEATURES[@]}" "$bare" -o /dev/null 2>/dev/null
  local status=$?
  rm -f "$bare"
  return "$status"
}
