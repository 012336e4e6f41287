"""trafilatura on every page of a folder (.html, .html.gz), pages in memory, one thread.

Prints one JSON line with the same fields as `demarche bench extract --json`. Settings:
trafilatura's defaults for `extract` (main text), plus `with_metadata=True` so that it also
reads title, date, author and site as demarche does.
"""

import gzip
import json
import os
import sys
import time

import trafilatura


def load(folder):
    pages = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".html.gz"):
            with gzip.open(path, "rb") as f:
                pages.append(f.read())
        elif name.endswith((".html", ".htm")):
            with open(path, "rb") as f:
                pages.append(f.read())
    return pages


def main():
    folder = sys.argv[1]
    min_secs = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    pages = load(folder)
    size = sum(len(p) for p in pages)
    rounds = 0
    chars = 0
    start = time.perf_counter()
    while rounds == 0 or time.perf_counter() - start < min_secs:
        for page in pages:
            text = trafilatura.extract(page, with_metadata=True)
            chars += len((text or "").encode())
        rounds += 1
    secs = time.perf_counter() - start
    n = len(pages) * rounds
    print(json.dumps({
        "system": f"trafilatura {trafilatura.__version__}",
        "pages": len(pages), "rounds": rounds, "seconds": secs,
        "pages_per_second": n / secs, "mb_per_second": size * rounds / secs / 1e6,
        "text_bytes": chars // rounds,
    }))


if __name__ == "__main__":
    main()
