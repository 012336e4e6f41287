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
echo "corpus left in $corpus"
