"""spaCy NER throughput on the same .txt files demarche's `bench annotate` reads.

Single process, single thread: only the components NER needs (tok2vec, ner) run; words are
counted as demarche counts them (whitespace-separated).
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
    try:
        nlp = spacy.load("en_core_web_sm", exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
        name = f"spaCy {spacy.__version__} en_core_web_sm {nlp.meta['version']} (tok2vec+ner)"
    except OSError:
        if os.environ.get("SPACY_PROXY") != "1":
            raise
        # The packaged model is not installable here: the same NER architecture (spaCy's
        # CPU "efficiency" config, as en_core_web_sm: hash-embed CNN tok2vec width 96, depth
        # 4, transition-based NER) with untrained weights. Speed depends on the architecture,
        # not on the weights.
        from spacy.cli.init_config import init_config
        config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
        nlp = spacy.util.load_model_from_config(config, auto_fill=True)
        ner = nlp.get_pipe("ner")
        for label in ["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                      "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"]:
            ner.add_label(label)
        nlp.initialize()
        name = f"spaCy {spacy.__version__} NER, efficiency config (en_core_web_sm architecture, untrained weights: PROXY)"
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
