#!/usr/bin/env bash
# Builds and runs every fuzz target for SECONDS (default 120) each, seeded from samples/.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain provide them.
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-120}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in $(cargo fuzz list); do
  mkdir -p corpus/$t
  cp -n ../samples/* corpus/$t/ 2>/dev/null || true
  cp -n ../samples/channel/result.json corpus/$t/ 2>/dev/null || true
  echo "== $t"
  cargo fuzz run -s none "$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 2>&1 | grep -E "^#[0-9]+.*DONE|panicked|ERROR|SUMMARY|Done [0-9]+ runs" | tail -3
done
