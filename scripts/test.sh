#!/usr/bin/env bash
# All the tests: formatting, lints, unit and integration tests, and the checks on ../shared
# (the seeds and the UN General Debate corpus), which must be present here.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets -q -- -D warnings
DEMARCHE_REQUIRE_SHARED=1 cargo test --workspace --release
bash scripts/check-scale.sh
