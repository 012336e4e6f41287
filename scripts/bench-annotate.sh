#!/usr/bin/env bash
# Sentences + entities (demarche) against spaCy en_core_web_sm NER, side by side on the same
# UN General Debate files, one core each. Installs a pinned spaCy in bench/.venv.
#
# en_core_web_sm is not on PyPI: the script installs it from $SPACY_MODEL_WHEEL (a path or
# URL to en_core_web_sm-3.8.0-py3-none-any.whl) or, by default, from Explosion's GitHub
# release. On a machine that reaches only package registries that download fails, and the
# script says so and reports demarche's figure alone.
set -euo pipefail
cd "$(dirname "$0")/.."
UN=${1:-../shared/corpus/un-general-debate}
LIMIT=${2:-}
[ -d "$UN" ] || { echo "MISSING DATA: $UN"; exit 1; }
SPACY_VERSION=3.8.7
MODEL=${SPACY_MODEL_WHEEL:-https://github.com/explosion/spacy-models/releases/download/en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl}
cargo build --release -q
ours=$(taskset -c 0 ./target/release/demarche bench annotate --json --data "$UN" ${LIMIT:+--limit $LIMIT})
echo "demarche: $ours"
if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/pip install -q "spacy==$SPACY_VERSION" "click==8.1.8"
if ! bench/.venv/bin/python -c "import en_core_web_sm" 2>/dev/null; then
  if ! bench/.venv/bin/pip install -q "en_core_web_sm @ $MODEL" 2>/tmp/demarche-spacy-model.log; then
    echo "BLOCKED: en_core_web_sm could not be installed from $MODEL (see /tmp/demarche-spacy-model.log);"
    echo "set SPACY_MODEL_WHEEL to a local en_core_web_sm-3.8.0 wheel for the real comparison."
    echo "Measuring a PROXY instead: spaCy's NER with the same architecture and untrained weights."
    export SPACY_PROXY=1
  fi
fi
theirs=$(taskset -c 0 bench/.venv/bin/python bench/spacy_ner.py "$UN" $LIMIT)
echo "spaCy:    $theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"demarche {a['words_per_second']:,.0f} words/s, spaCy {b['words_per_second']:,.0f} words/s: ratio {a['words_per_second'] / b['words_per_second']:.1f}x")
PY
