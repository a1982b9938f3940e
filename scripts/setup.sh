#!/usr/bin/env bash
# Installs everything `npm start` and `npm test` need. Idempotent: each step checks first.
# Nothing here downloads a browser or a prebuilt binary: Rust tools are built from crates.io,
# Chromium and chromedriver come from Debian, wasm-opt from the npm `binaryen` package.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[setup] %s\n' "$*" >&2; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate pinned in Cargo.toml.
want=$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$want" ] || { echo "setup: wasm-bindgen is not pinned with '=' in Cargo.toml" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # --locked can name a dependency version the registry no longer serves; then resolve afresh.
  cargo install wasm-bindgen-cli --version "=$want" --locked --force \
    || cargo install wasm-bindgen-cli --version "=$want" --force
fi

# 3. Debian's Chromium, its driver, and CJK fonts for readable screenshots.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# 4. npm packages, exactly as locked.
stamp=node_modules/.nianbao-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
