#!/usr/bin/env bash
# Writes tests/fixtures/parity/NAME.result.json from the native core, for each fixture
# NAME.MODE-PHASE-LOCALE.json. Review the diff before committing: every suite (native, Node,
# Chromium) must reproduce these bytes exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --example check
for f in tests/fixtures/parity/*.json; do
  case "$f" in *.result.json) continue ;; esac
  stem=${f%.json}
  opts=${stem##*.}
  mode=${opts%%-*}; rest=${opts#*-}; phase=${rest%%-*}; locale=${rest#*-}
  code=0
  target/debug/examples/check "$f" --mode "$mode" --phase "$phase" --locale "$locale" >"$stem.result.json" || code=$?
  [ "$code" -le 1 ] || { echo "bless: $f: exit $code" >&2; exit 1; }
done
ls tests/fixtures/parity/*.result.json | wc -l
