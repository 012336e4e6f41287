#!/usr/bin/env bash
# Builds and runs every fuzz target (the readers, the annotate pipeline, the query parser) for
# SECONDS (default 120) each, seeded from samples/ (and example queries).
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
  if [ "$t" = query_parse ]; then
    i=0
    for q in 'sanctions "grain deal"' 'nato OR otan -crimea' '(grain OR wheat) AND export' \
             'outlet:"Russian MFA" lang:ru date:2022-01..2022-03' 'date:..2015 entity:org:CSTO' \
             'speaker:"Maria Zakharova" title:briefing cluster:42' 'министры «зерновая сделка»'; do
      printf '%s' "$q" > corpus/$t/seed-$i; i=$((i + 1))
    done
  fi
  echo "== $t"
  cargo fuzz run -s none "$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 2>&1 | grep -E "^#[0-9]+.*DONE|panicked|ERROR|SUMMARY|Done [0-9]+ runs" | tail -3
done
