"""The peers on the two generalisation sets, one thread, pages in memory.

    python peers.py web-pages  DATA OUT.json   # trafilatura extract(include_comments=False)
    python peers.py page-dates DATA OUT.json extensive|fast   # htmldate find_date(original_date=True)

Writes the outputs ({key: text or null} / {url: "YYYY-MM-DD" or null}) for
`demarche eval web-pages|page-dates --peer NAME=OUT.json` and prints one JSON line with the
speed (pages/s over extraction only), in the shape of `demarche bench extract --json`.
"""

import gzip
import json
import os
import sys
import time


def load(data, index):
    with open(os.path.join(data, index), encoding="utf-8") as f:
        text = f.read()
    gold = json.loads(text)  # Python's json reads the NaN the date set uses for "no date"
    pages = []
    for key in sorted(gold):
        with gzip.open(os.path.join(data, "html", gold[key]["file"]), "rb") as f:
            pages.append((key, f.read()))
    return pages


def main():
    which, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
    if which == "web-pages":
        import trafilatura

        pages = load(data, "snippets.json")
        system = f"trafilatura {trafilatura.__version__}"

        def run(key, html):
            return trafilatura.extract(html, include_comments=False)

    else:
        import htmldate

        extensive = sys.argv[4] == "extensive"
        pages = load(data, "gold.json")
        system = f"htmldate {htmldate.__version__} {'extensive' if extensive else 'fast'}"

        def run(key, html):
            return htmldate.find_date(
                html, url=key, original_date=True, extensive_search=extensive
            )

    results = {}
    start = time.perf_counter()
    for key, html in pages:
        try:
            results[key] = run(key, html)
        except Exception:  # a peer's crash on a page is a failed page, as in its evaluation
            results[key] = None
    secs = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, sort_keys=True, indent=0)
    size = sum(len(h) for _, h in pages)
    print(json.dumps({
        "system": system, "pages": len(pages), "rounds": 1, "seconds": secs,
        "pages_per_second": len(pages) / secs, "mb_per_second": size / secs / 1e6,
    }))


if __name__ == "__main__":
    main()
