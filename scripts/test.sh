#!/usr/bin/env bash
# All the tests: formatting, lints, unit and integration tests, and the checks on ../shared
# (the seeds and the UN General Debate corpus), which must be present here.
set -euo pipefail
cd "$(dirname "$0")/.."
# the browser tests drive Debian's Chromium through chromedriver
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
cargo fmt --all -- --check
cargo clippy --all-targets -q -- -D warnings
# the peers' outputs on the generalisation sets, for the scorer tests (pinned pip packages)
bash scripts/peer-outputs.sh
DEMARCHE_REQUIRE_SHARED=1 DEMARCHE_REQUIRE_BROWSER=1 DEMARCHE_REQUIRE_PEERS=1 cargo test --workspace --release
bash scripts/check-scale.sh
