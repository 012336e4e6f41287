#!/usr/bin/env bash
# Extraction against the peers, side by side in one run, one core each (taskset -c 0), pages
# held in memory by all:
#   - the 181 article-extraction pages: demarche and trafilatura, pages/s;
#   - ../shared/eval/web-pages: demarche and trafilatura 2.3.1, pages/s and snippet F1;
#   - ../shared/eval/page-dates: demarche (whole extraction, text and metadata) and htmldate
#     1.11.0 (extensive and fast), pages/s and day F1.
# Peak memory (maximum resident set) of each run from /usr/bin/time. Installs the pinned peers
# (bench/trafilatura-requirements.txt) in bench/.venv-trafilatura; their outputs go to
# bench/out/ (scripts/peer-outputs.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${1:-../shared/eval/article-extraction/html}
WEB=${WEB_PAGES:-../shared/eval/web-pages}
DATES=${PAGE_DATES:-../shared/eval/page-dates}
SECS=${SECS:-3}
for d in "$ARTICLES" "$WEB" "$DATES"; do [ -d "$d" ] || { echo "MISSING DATA: $d"; exit 1; }; done
cargo build --release -q -p demarche
VENV=bench/.venv-trafilatura
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q -r bench/trafilatura-requirements.txt
mkdir -p bench/out
BIN=./target/release/demarche
rss() { grep "Maximum resident" "$1" | awk '{print $NF}'; }
one() { # label, output file, command...
    local label=$1 out=$2; shift 2
    /usr/bin/time -v -o "bench/out/$label.time" taskset -c 0 "$@" > "$out"
    echo "$label $(rss "bench/out/$label.time")" >> bench/out/rss.txt
}
: > bench/out/rss.txt
one demarche-articles bench/out/demarche-articles.json $BIN bench extract --json --data "$ARTICLES" --min-secs "$SECS"
one trafilatura-articles bench/out/trafilatura-articles.json "$VENV/bin/python" bench/trafilatura_extract.py "$ARTICLES" "$SECS"
one demarche-web bench/out/demarche-web.json $BIN bench extract --json --data "$WEB/html" --min-secs "$SECS"
one trafilatura-web bench/out/trafilatura-web.json "$VENV/bin/python" bench/peers.py web-pages "$WEB" bench/out/trafilatura.json
one demarche-dates bench/out/demarche-dates.json $BIN bench extract --json --data "$DATES/html" --min-secs "$SECS"
one htmldate-ext bench/out/htmldate-ext.json "$VENV/bin/python" bench/peers.py page-dates "$DATES" bench/out/htmldate-extensive.json extensive
one htmldate-fast bench/out/htmldate-fast.json "$VENV/bin/python" bench/peers.py page-dates "$DATES" bench/out/htmldate-fast.json fast
$BIN eval web-pages --data "$WEB" --json > bench/out/f1-web.json
$BIN eval page-dates --data "$DATES" --json > bench/out/f1-dates.json
python3 - <<'PY'
import json
def load(n): return json.load(open(f"bench/out/{n}.json"))
rss = dict(l.split() for l in open("bench/out/rss.txt"))
def f1(file, system):
    for s in load(file)["systems"]:
        if s["system"] == system:
            r = s["report"]
            return f"F1 {r['all']['f1']:.3f} (check part {r['check']['f1']:.3f})"
    return "F1 -"
rows = [
    ("181 article pages", "demarche-articles", "trafilatura-articles", None, None),
    ("web-pages", "demarche-web", "trafilatura-web", ("f1-web", "demarche"), ("f1-web", "trafilatura")),
    ("page-dates", "demarche-dates", "htmldate-ext", ("f1-dates", "demarche"), ("f1-dates", "htmldate-ext")),
    ("page-dates", "demarche-dates", "htmldate-fast", ("f1-dates", "demarche"), ("f1-dates", "htmldate-fast")),
]
for name, ours, theirs, fo, ft in rows:
    a, b = load(ours), load(theirs)
    r = a["pages_per_second"] / b["pages_per_second"]
    print(f"{name:<18} demarche {a['pages_per_second']:7.1f} pages/s ({int(rss[ours])//1024} MB)"
          f"{'  ' + f1(*fo) if fo else ''} | {b['system']} {b['pages_per_second']:6.1f} pages/s "
          f"({int(rss[theirs])//1024} MB){'  ' + f1(*ft) if ft else ''} | ratio {r:.1f}x")
PY
