#!/usr/bin/env bash
# The peers' outputs on the two generalisation sets, for `demarche eval web-pages|page-dates`
# and the scorer tests: trafilatura 2.3.1 and htmldate 1.11.0 (extensive and fast), pinned in
# bench/trafilatura-requirements.txt and installed in bench/.venv-trafilatura, each on one core
# (taskset -c 0). Writes bench/out/{trafilatura,htmldate-extensive,htmldate-fast}.json and
# prints each peer's speed as one JSON line. Skips a file that is already there unless
# PEERS_FORCE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB=${WEB_PAGES:-../shared/eval/web-pages}
DATES=${PAGE_DATES:-../shared/eval/page-dates}
[ -d "$WEB" ] && [ -d "$DATES" ] || { echo "MISSING DATA: $WEB or $DATES"; exit 1; }
VENV=bench/.venv-trafilatura
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q -r bench/trafilatura-requirements.txt
mkdir -p bench/out
run() { # out-file args...
    local out=$1; shift
    if [ -s "bench/out/$out" ] && [ "${PEERS_FORCE:-0}" != 1 ]; then return; fi
    taskset -c 0 "$VENV/bin/python" bench/peers.py "$@" "bench/out/$out.tmp" "${EXTRA[@]}" \
        > "bench/out/$out.speed"
    mv "bench/out/$out.tmp" "bench/out/$out"
    cat "bench/out/$out.speed"
}
EXTRA=(); run trafilatura.json web-pages "$WEB"
EXTRA=(extensive); run htmldate-extensive.json page-dates "$DATES"
EXTRA=(fast); run htmldate-fast.json page-dates "$DATES"
