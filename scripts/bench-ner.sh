#!/usr/bin/env bash
# Named entities, demarche against its peers, side by side in one run on the same texts:
# natasha on factRuEval-2016 dev (folds 0-1, held out of demarche's training) and NEREL dev,
# spaCy en_core_web_sm 3.8.0 on the held-out English fold (fold 0 of ../shared/eval/ner-en).
# Accuracy through `demarche eval ner --pred` (one scorer for all), speed in words/s on one
# core (taskset -c 0), tagging only (models loaded beforehand), and demarche's peak memory.
# Installs the pinned peers (bench/ner-requirements.txt) in bench/.venv-ner from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
for d in "$EVAL/ner-en" "$EVAL/ner-ru/factRuEval-2016" "$EVAL/ner-ru/NEREL/NEREL-v1.1/dev"; do
  [ -d "$d" ] || { echo "MISSING DATA: $d"; exit 1; }
done
cargo build --release -q -p demarche
D=./target/release/demarche
VENV=bench/.venv-ner
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q -r bench/ner-requirements.txt
OUT=bench/out/ner
mkdir -p "$OUT"
# name | data | eval selection | peer
SETS=(
  "factRuEval-dev-folds-0-1|$EVAL/ner-ru/factRuEval-2016|--fold 0,1|natasha"
  "NEREL-dev|$EVAL/ner-ru/NEREL/NEREL-v1.1/dev||natasha"
  "ner-en-fold-0|$EVAL/ner-en|--fold 0|spacy"
)
for s in "${SETS[@]}"; do
  IFS='|' read -r name data sel peer <<<"$s"
  # shellcheck disable=SC2086
  $D eval ner --data "$data" $sel --dump-texts "$OUT/$name.texts.jsonl" >/dev/null
  taskset -c 0 "$VENV/bin/python" bench/ner_peers.py "$peer" "$OUT/$name.texts.jsonl" \
    "$OUT/$name.$peer.jsonl" >"$OUT/$name.$peer.speed.json"
  # shellcheck disable=SC2086
  $D eval ner --data "$data" $sel --json --save "$OUT/$name.demarche.jsonl" >"$OUT/$name.demarche.scores.json"
  # shellcheck disable=SC2086
  $D eval ner --data "$data" $sel --json --pred "$OUT/$name.$peer.jsonl" >"$OUT/$name.$peer.scores.json"
  taskset -c 0 $D bench ner --json --passes 5 --texts "$OUT/$name.texts.jsonl" >"$OUT/$name.demarche.speed.json"
done
# demarche alone on the UN corpus (28 MB), with its peak memory
/usr/bin/time -v taskset -c 0 $D bench ner --json --passes 3 >"$OUT/un.demarche.speed.json" 2>"$OUT/un.time.txt"
python3 - "$OUT" "${SETS[@]}" <<'PY'
import json, re, sys
out, sets = sys.argv[1], sys.argv[2:]
load = lambda p: json.load(open(p))
print(f"{'set':<26} {'system':<10} {'PER':>6} {'ORG':>6} {'LOC':>6} {'all':>6}   (exact F1; overlap all)   words/s    ratio")
for s in sets:
    name, _, _, peer = s.split("|")
    ours, theirs = load(f"{out}/{name}.demarche.scores.json"), load(f"{out}/{name}.{peer}.scores.json")
    vs, ps = load(f"{out}/{name}.demarche.speed.json"), load(f"{out}/{name}.{peer}.speed.json")
    for label, sc, wps in (("demarche", ours, vs["words_per_second"]), (peer, theirs, ps["words_per_second"])):
        e, o = sc["scores"]["exact"], sc["scores"]["overlap"]
        ratio = f"{vs['words_per_second'] / ps['words_per_second']:.0f}x" if label == "demarche" else ""
        print(f"{name:<26} {label:<10} {e['PER']['f1']:6.3f} {e['ORG']['f1']:6.3f} {e['LOC']['f1']:6.3f} {e['all']['f1']:6.3f}   ({o['all']['f1']:.3f})"
              f"{'':>17}{wps:>10,.0f} {ratio:>8}")
        tok = sc["scores"].get("token")
        if tok:
            print(f"{'':<26} {'':<10} token level (naeval): PER {tok['PER']['f1']:.3f} ORG {tok['ORG']['f1']:.3f} LOC {tok['LOC']['f1']:.3f}")
un = load(f"{out}/un.demarche.speed.json")
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/un.time.txt").read())
print(f"\ndemarche on the UN corpus: {un['tokens_per_second']:,.0f} tokens/s, {un['mb_per_second']:.1f} MB/s "
      f"(sentences + tagging, one core; tagging alone {un['tagging_tokens_per_second']:,.0f} tokens/s); "
      f"peak memory {int(rss.group(1)) / 1024:.0f} MB" if rss else "")
PY
