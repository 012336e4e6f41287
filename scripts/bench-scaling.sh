#!/usr/bin/env bash
# Annotation time against document size: one document of 1, 2, 4, 8, 16 and 32 MB, one core,
# the whole pipeline (`demarche bench annotate` on a folder holding that one file).
#   en: the UN General Debate speeches run together (real text; names, states and figures
#       recur as in any long transcript)
#   ru: Russian channel posts run together (../shared/corpus/telegram-ru), repeated to size
# Prints seconds, MB/s and the growth from one size to the next (2.0 is linear).
set -euo pipefail
cd "$(dirname "$0")/.."
UN=${UN:-../shared/corpus/un-general-debate}
TG=${TG:-../shared/corpus/telegram-ru}
SIZES=${SIZES:-1 2 4 8 16 32}
for d in "$UN" "$TG"; do [ -d "$d" ] || { echo "MISSING DATA: $d"; exit 1; }; done
cargo build --release -q -p demarche
D=./target/release/demarche
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$UN" "$TG" "$WORK" $SIZES <<'PY'
import glob, json, os, sys
un, tg, work, sizes = sys.argv[1], sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4:]]
en = "\n\n".join(open(f, encoding="utf-8", errors="replace").read()
                 for f in sorted(glob.glob(f"{un}/**/*.txt", recursive=True)))
posts = []
for f in sorted(glob.glob(f"{tg}/*.json")):
    try:
        msgs = json.load(open(f, encoding="utf-8"))
    except (ValueError, OSError):
        continue
    if isinstance(msgs, dict):
        msgs = msgs.get("messages", [])
    for m in msgs:
        t = m.get("text")
        if isinstance(t, list):
            t = "".join(x if isinstance(x, str) else x.get("text", "") for x in t)
        if isinstance(t, str) and len(t) > 40:
            posts.append(t)
ru = "\n\n".join(posts)
for lang, text in (("en", en), ("ru", ru)):
    data = text.encode("utf-8")
    for mb in sizes:
        want = mb * 1_000_000
        out = (data * (want // max(len(data), 1) + 1))[:want].decode("utf-8", "ignore")
        os.makedirs(f"{work}/{lang}-{mb}", exist_ok=True)
        open(f"{work}/{lang}-{mb}/doc.txt", "w", encoding="utf-8").write(out)
PY
printf '%-4s %6s %9s %8s %8s  %s\n' lang MB seconds MB/s growth "peak RSS"
for lang in en ru; do
  prev=""
  for mb in $SIZES; do
    json=$( { /usr/bin/time -f "%M" taskset -c 0 $D bench annotate --json --data "$WORK/$lang-$mb" >"$WORK/out.json"; } 2>&1 | tail -1)
    secs=$(python3 -c "import json; print(json.load(open('$WORK/out.json'))['seconds'])")
    growth=$([ -n "$prev" ] && python3 -c "print(f'{$secs / $prev:.2f}')" || echo "-")
    printf '%-4s %6s %9.2f %8.2f %8s  %s MB\n' "$lang" "$mb" "$secs" "$(python3 -c "print($mb / $secs)")" "$growth" "$((json / 1024))"
    prev=$secs
  done
done
