#!/usr/bin/env bash
# `npm run fuzz [SECONDS]`: each fuzz target (value normalisation, check on arbitrary JSON,
# extraction of arbitrary text and HTML) for SECONDS (default 600), with libFuzzer through
# cargo-fuzz on the nightly toolchain. The committed seed corpus (fuzz/corpus) is copied, so a
# run does not change it; findings land in fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-600}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked || cargo install cargo-fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in normalise check_json extract; do
  cp -r "fuzz/corpus/$target" "$work/$target"
  echo "=== $target: ${seconds}s ===" >&2
  if ! cargo +nightly fuzz run "$target" "$work/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 2>"$work/$target.log"; then
    status=1
    echo "$target: FOUND A FAILURE (see fuzz/artifacts/$target)" >&2
  fi
  grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|cov: " "$work/$target.log" | tail -3 >&2
done
exit "$status"
