#!/usr/bin/env bash
# The main job on the shipped sample corpus: build, ingest every format, show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
D=./target/release/demarche
corpus=$(mktemp -d)/corpus
$D --corpus "$corpus" ingest samples/ || true   # exit 1 would mean rejected inputs: listed below
echo "== documents"; $D --corpus "$corpus" docs
echo "== stats"; $D --corpus "$corpus" stats
echo "== problems (rejected and skipped)"; $D --corpus "$corpus" problems --all
first=$($D --corpus "$corpus" docs --json | head -1 | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
echo "== one document"; $D --corpus "$corpus" show "$first"
echo "== search: speaker:varga"; $D --corpus "$corpus" search --color never -n 3 'speaker:varga' || true
echo "corpus left in $corpus"
# the main job ends by serving the workbench on the sample corpus (Ctrl-C stops it);
# DEMARCHE_NO_SERVE=1 skips this step
if [ "${DEMARCHE_NO_SERVE:-0}" != 1 ]; then
    echo "== workbench on http://127.0.0.1:8700/ (Ctrl-C to stop)"
    exec $D --corpus "$corpus" serve
fi
