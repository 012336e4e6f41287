#!/usr/bin/env bash
# Ingest speed against gzip -6 on the same files, side by side, and peak memory with the
# UN corpus concatenated ten times (as JSON Lines, 19,380 records). Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
UN=${1:-../shared/corpus/un-general-debate}
[ -d "$UN" ] || { echo "MISSING DATA: $UN"; exit 1; }
cargo build --release -q
D=./target/release/demarche
work=$(mktemp -d)
files=$(find "$UN" -name '*.txt' | sort)
mb=$(cat $files | wc -c | awk '{printf "%.1f", $1/1e6}')
for i in 1 2 3; do
  rm -rf "$work/c"
  t0=$(date +%s.%N); $D --corpus "$work/c" ingest -q $files; t1=$(date +%s.%N)
  g0=$(date +%s.%N); cat $files | gzip -6 > /dev/null; g1=$(date +%s.%N)
  echo "run $i: demarche ingest $(echo "$t1 - $t0" | bc) s, gzip -6 $(echo "$g1 - $g0" | bc) s ($mb MB, $(echo $files | wc -w) files)"
done
python3 - "$work/x10.jsonl" $files <<'PY'
import json, sys
out = open(sys.argv[1], "w")
for k in range(10):
    for f in sys.argv[2:]:
        out.write(json.dumps({"id": f"{k}-{f}", "text": open(f, encoding="utf-8").read()}) + "\n")
PY
rm -rf "$work/c10"
/usr/bin/time -f "10x corpus ($(du -m "$work/x10.jsonl" | cut -f1) MB JSONL): %e s, peak RSS %M KB" $D --corpus "$work/c10" ingest -q "$work/x10.jsonl"
$D --corpus "$work/c10" stats | head -2
rm -rf "$work"
