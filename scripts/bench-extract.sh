#!/usr/bin/env bash
# Article extraction speed, demarche against trafilatura, side by side in one run on the same
# pages (../shared/eval/article-extraction/html by default), one core each (taskset -c 0),
# pages held in memory by both. Installs the pinned trafilatura in bench/.venv-trafilatura.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-../shared/eval/article-extraction/html}
SECS=${2:-3}
[ -d "$PAGES" ] || { echo "MISSING DATA: $PAGES"; exit 1; }
cargo build --release -q
VENV=bench/.venv-trafilatura
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q -r bench/trafilatura-requirements.txt
ours=$(taskset -c 0 ./target/release/demarche bench extract --json --data "$PAGES" --min-secs "$SECS")
theirs=$(taskset -c 0 "$VENV/bin/python" bench/trafilatura_extract.py "$PAGES" "$SECS")
echo "demarche:    $ours"
echo "trafilatura: $theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
r = a["pages_per_second"] / b["pages_per_second"]
print(f"{a['pages']} pages, one core: demarche {a['pages_per_second']:.1f} pages/s, "
      f"{b['system']} {b['pages_per_second']:.1f} pages/s: ratio {r:.1f}x")
PY
