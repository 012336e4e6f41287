#!/usr/bin/env bash
# Full-size bad-input checks, run by scripts/test.sh: a single 2 GB line (gzip-compressed,
# followed by a good record) and a folder of 100,000 files. Each must be handled with bounded
# memory, the problem named, and the rest ingested.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release -q
D=$PWD/target/release/demarche
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/long.jsonl.gz" <<'PY'
import gzip, sys
with gzip.open(sys.argv[1], "wb", compresslevel=1) as f:
    chunk = b"a" * (1 << 24)
    for _ in range(128):          # 128 x 16 MiB = 2 GiB on one line
        f.write(chunk)
    f.write(b"\n")
    f.write(b'{"text": "The record after the 2 GB line is ingested."}\n')
PY
set +e
/usr/bin/time -f "%M" -o "$work/rss" "$D" --corpus "$work/c1" ingest -q "$work/long.jsonl.gz"
rc=$?
set -e
rss=$(tail -1 "$work/rss")
echo "2 GB line: exit $rc, peak RSS ${rss} KB"
[ "$rc" = 1 ] || { echo "FAIL: expected exit 1 (a rejected record)"; exit 1; }
"$D" --corpus "$work/c1" problems | grep -q "line 1.*too large" || { echo "FAIL: the long line is not reported"; exit 1; }
[ "$("$D" --corpus "$work/c1" docs | wc -l)" = 1 ] || { echo "FAIL: the record after the long line is missing"; exit 1; }
[ "$rss" -lt 600000 ] || { echo "FAIL: memory ${rss} KB for a 2 GB line"; exit 1; }

python3 - "$work/many" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(100_000):
    d = os.path.join(root, f"{i // 1000:03d}")
    if i % 1000 == 0:
        os.makedirs(d)
    with open(os.path.join(d, f"{i}.txt"), "w") as f:
        f.write(f"Statement {i}: the ministry noted {i * 7} visits and {i % 97} agreements in region {i % 13}.\n")
PY
/usr/bin/time -f "%e s, peak RSS %M KB" -o "$work/t2" "$D" --corpus "$work/c2" ingest -q --json "$work/many" > "$work/out2.json"
echo "100,000 files: $(cat "$work/out2.json") $(cat "$work/t2")"
python3 -c "import json,sys; v=json.load(open(sys.argv[1])); assert v['new']==100000 and v['rejected']==0, v" "$work/out2.json"
echo "scale checks passed"
