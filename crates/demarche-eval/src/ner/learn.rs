//! `demarche eval learn-ner`: which gold documents train the English and Russian models,
//! which are held out, how the number of passes is chosen, and the files written.
//!
//! Folds are [`super::fold`] of the document id (FNV-1a modulo 5):
//! - English (everything under `ner-en/`: Re-DocRED, BTC, Wikigold, UNER English): fold 0 is
//!   held out for evaluation; folds 1–4 train.
//! - Russian: NEREL train (its Russian Wikinews texts, `*_text`) and, when `factru_share`
//!   is set, the factRuEval-2016 documents of folds 2–4 (folds 0
//!   and 1 stay held out and are the only factRuEval figures reported). NEREL dev is held
//!   out. Universal NER's Russian PUD is not used: its sentences, translated from English,
//!   follow another convention (the model trained with them scores 0.58 exact F1 on them on
//!   the tuning slice, 0.84 on NEREL's), and its licence is share-alike.
//!
//! Settings (the number of passes) are chosen on a tuning slice of the training documents:
//! those whose id followed by `/tune` is in fold 0 ([`tuning`]), with a model trained on the
//! rest; the shipped model then trains on all training documents.
//!
//! The Russian sets follow two conventions. factRuEval (as naeval reads it) marks names
//! only: "Конгресса" ORG and "США" LOC in "Конгресса США", "Единая Россия" without "партии
//! «…»", no relational adjectives ("российский"). NEREL marks the outermost description
//! ("Конгресса США" ORG, "партии «Единая Россия»") and tags most relational adjectives
//! COUNTRY. The model follows factRuEval's (names, as demarche's entity layer wants them):
//! NEREL's training documents are rewritten by [`names_only`] before training. NEREL dev is
//! still scored as the brief maps it (outermost entities).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use demarche_annotate::ner::{self, Clusters, Example, Lexicon, Model, Scheme, TrainConfig};

use super::score::score;
use super::{fold, load, Entity, Format, NerDoc, NerKind};

/// Settings of a learning run.
#[derive(Clone, Debug)]
pub struct LearnConfig {
    /// The English sets (`ner-en/`).
    pub en: PathBuf,
    /// The Russian sets (`ner-ru/`).
    pub ru: PathBuf,
    /// Where the data files go (`crates/demarche-annotate/data`).
    pub out: PathBuf,
    /// Candidate numbers of passes (the best on the tuning slice is used).
    pub epochs: Vec<usize>,
    /// Log2 of the weight rows.
    pub bits: u32,
    /// Tag scheme.
    pub scheme: Scheme,
    /// Bits per weight in the files.
    pub quant_bits: u8,
    /// Train the Russian model on factRuEval folds 2–4 too.
    pub factru_share: bool,
    /// Languages to train (`en`, `ru`).
    pub langs: Vec<String>,
    /// Times each factRuEval training document is repeated in a pass.
    pub factru_repeat: usize,
    /// Leave out training documents whose id contains one of these.
    pub exclude: Vec<String>,
}

/// The documents a language trains on and is measured on.
pub struct Split {
    /// Training documents.
    pub train: Vec<NerDoc>,
    /// Held-out sets by name.
    pub held_out: Vec<(String, Vec<NerDoc>)>,
}

/// Is a training document in the tuning slice (its id with `/tune` in fold 0)?
pub fn tuning(id: &str) -> bool {
    fold(&format!("{id}/tune")) == 0
}

/// Is a word a Russian relational adjective ("российский", "московской", "немецких")?
pub fn is_ru_adjective(w: &str) -> bool {
    const ENDINGS: [&str; 16] = [
        "ий", "ая", "ое", "ие", "ого", "ой", "ому", "ую", "им", "ом", "их", "ими", "ым", "ых",
        "ые", "ыми",
    ];
    let l = w.to_lowercase();
    ENDINGS.iter().any(|e| {
        l.strip_suffix(e)
            .is_some_and(|s| s.ends_with("ск") || s.ends_with("цк"))
    })
}

/// The inside of the first quotation in `t` («…», “…”, „…“, "…"), as a byte range; an
/// unclosed quotation runs to the end.
fn quoted(t: &str) -> Option<(usize, usize)> {
    let (i, open) = t
        .char_indices()
        .find(|(_, c)| matches!(c, '«' | '“' | '„' | '"'))?;
    let a = i + open.len_utf8();
    let close: &[char] = match open {
        '«' => &['»'],
        '“' => &['”'],
        '„' => &['“', '”'],
        _ => &['"'],
    };
    let b = t[a..].find(close).map_or(t.len(), |k| a + k);
    let inner = &t[a..b];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    (b - trail > a + lead).then_some((a + lead, b - trail))
}

/// A NEREL document's entities rewritten to factRuEval's convention of names: relational
/// adjectives are not locations; an organisation with a quoted name is the quoted name
/// ("партии «Единая Россия»" → "Единая Россия"); an organisation ending in a nested entity
/// ("Конгресса США") is the words before it plus that entity, and only the entity when
/// those words are all lowercase ("мэрии Москвы"); lowercase words before a capitalised one
/// ("совет директоров Газпрома") are a description, not the name.
pub fn names_only(d: &NerDoc) -> NerDoc {
    let text = &d.text;
    let source = if d.nested.is_empty() {
        &d.gold
    } else {
        &d.nested
    };
    let is_adj = |e: &Entity| {
        let t = &text[e.start..e.end];
        e.kind == NerKind::Loc && !t.contains(' ') && is_ru_adjective(t)
    };
    let kept: Vec<Entity> = source.iter().copied().filter(|e| !is_adj(e)).collect();
    let mut out: Vec<Entity> = Vec::new();
    for e in &kept {
        if e.kind != NerKind::Org {
            out.push(*e);
            continue;
        }
        let t = &text[e.start..e.end];
        if let Some((a, b)) = quoted(t) {
            out.push(Entity {
                start: e.start + a,
                end: e.start + b,
                kind: e.kind,
            });
            continue;
        }
        let tail = kept
            .iter()
            .filter(|n| **n != *e && n.start > e.start && n.end == e.end)
            .min_by_key(|n| n.start);
        let (mut s, end) = match tail {
            Some(n) => (e.start, text[e.start..n.start].trim_end().len() + e.start),
            None => (e.start, e.end),
        };
        // what is left before a nested name, all lowercase, is a description ("мэрии")
        if tail.is_some() && !text[s..end].chars().any(char::is_uppercase) {
            continue;
        }
        // leading lowercase words before a capitalised one
        loop {
            let rest = &text[s..end];
            let Some(sp) = rest.find(' ') else { break };
            let first_lower = rest.chars().next().is_some_and(char::is_lowercase);
            let later_capital = rest[sp..]
                .split_whitespace()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase));
            if !(first_lower && later_capital) {
                break;
            }
            s += sp + 1;
        }
        if end > s {
            out.push(Entity {
                start: s,
                end,
                kind: e.kind,
            });
        }
    }
    // the nested entity at the end of a split organisation stays; otherwise the outermost
    let mut d2 = d.clone();
    d2.gold = super::outermost(out);
    d2
}

/// Is a factRuEval document in the share that may train (folds 2–4)?
pub fn factru_trains(id: &str) -> bool {
    fold(id) >= 2
}

/// English: folds 1–4 of `ner-en/` train, fold 0 is held out.
pub fn english_split(dir: &Path) -> Result<Split, String> {
    let docs = load(dir)?;
    let (held, train): (Vec<NerDoc>, Vec<NerDoc>) =
        docs.into_iter().partition(|d| fold(&d.id) == 0);
    Ok(Split {
        train,
        held_out: vec![("ner-en fold 0".to_string(), held)],
    })
}

/// Russian: NEREL train (Wikinews texts), plus factRuEval folds 2–4 when
/// `factru_share`; NEREL dev and factRuEval (folds 0–1, or all) are held out.
pub fn russian_split(dir: &Path, factru_share: bool) -> Result<Split, String> {
    let nerel = dir.join("NEREL/NEREL-v1.1");
    let mut train: Vec<NerDoc> = load(&nerel.join("train"))?
        .into_iter()
        .filter(|d| d.id.ends_with("_text"))
        .map(|d| names_only(&d))
        .collect();
    let factru = load(&dir.join("factRuEval-2016"))?;
    let (ft, fh): (Vec<NerDoc>, Vec<NerDoc>) = factru
        .into_iter()
        .partition(|d| factru_share && factru_trains(&d.id));
    train.extend(ft);
    let factru_name = if factru_share {
        "factRuEval dev folds 0-1"
    } else {
        "factRuEval dev"
    };
    Ok(Split {
        train,
        held_out: vec![
            (factru_name.to_string(), fh),
            ("NEREL dev".to_string(), load(&nerel.join("dev"))?),
        ],
    })
}

/// Runs `model` over `docs` (sentences from the splitter).
pub fn predict_model(model: &Model, docs: &[NerDoc]) -> Vec<Vec<Entity>> {
    docs.iter()
        .map(|d| {
            let sents = demarche_annotate::sentences::split(&d.text);
            let mut out = Vec::new();
            ner::tag_with(model, &d.text, &sents, &mut out);
            out.iter()
                .map(|s| Entity {
                    start: s.span.start as usize,
                    end: s.span.end as usize,
                    kind: s.kind,
                })
                .collect()
        })
        .collect()
}

/// Each document's entities as the trainer takes them (start, end, kind).
type Spans = Vec<Vec<(usize, usize, NerKind)>>;

fn examples(docs: &[NerDoc]) -> (Spans, usize) {
    let ents: Spans = docs
        .iter()
        .map(|d| d.gold.iter().map(|e| (e.start, e.end, e.kind)).collect())
        .collect();
    let n = ents.iter().map(Vec::len).sum();
    (ents, n)
}

fn as_examples<'a>(
    docs: &'a [NerDoc],
    ents: &'a [Vec<(usize, usize, NerKind)>],
) -> Vec<Example<'a>> {
    docs.iter()
        .zip(ents)
        .map(|(d, e)| Example {
            text: &d.text,
            entities: e,
        })
        .collect()
}

/// `docs` with each factRuEval document `k` times (next to each other).
fn repeat(docs: Vec<NerDoc>, k: usize) -> Vec<NerDoc> {
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        if d.format == Format::FactRu {
            for _ in 1..k.max(1) {
                out.push(d.clone());
            }
        }
        out.push(d);
    }
    out
}

/// A one-line summary of exact F1 by kind.
pub fn f1_line(docs: &[NerDoc], pred: &[Vec<Entity>]) -> String {
    let s = score(docs, pred);
    format!(
        "exact F1 PER {:.3} ORG {:.3} LOC {:.3} all {:.3}; overlap all {:.3}",
        s.exact["PER"].f1,
        s.exact["ORG"].f1,
        s.exact["LOC"].f1,
        s.exact["all"].f1,
        s.overlap["all"].f1
    )
}

/// Trains one language: chooses the passes on the tuning slice (fold 1 of the training
/// documents, trained on the others), then trains on all training documents.
pub fn train_language(
    split: &Split,
    cfg: &LearnConfig,
    lexicon: Arc<Lexicon>,
    clusters: Option<Arc<Clusters>>,
    header: &str,
    log: &mut dyn FnMut(String),
) -> Result<Model, String> {
    let (tune, rest): (Vec<&NerDoc>, Vec<&NerDoc>) =
        split.train.iter().partition(|d| tuning(&d.id));
    let tune: Vec<NerDoc> = tune.into_iter().cloned().collect();
    let rest: Vec<NerDoc> = rest.into_iter().cloned().collect();
    let mut tc = TrainConfig {
        scheme: cfg.scheme,
        bits: cfg.bits,
        epochs: *cfg.epochs.iter().max().unwrap_or(&8),
        snapshots: cfg.epochs.clone(),
        quant_bits: cfg.quant_bits,
        ..TrainConfig::default()
    };
    let rest = repeat(rest, cfg.factru_repeat);
    let (ents, _) = examples(&rest);
    let t0 = Instant::now();
    let (models, stats) = ner::train(
        &as_examples(&rest, &ents),
        &tc,
        lexicon.clone(),
        clusters.clone(),
        header,
    );
    log(format!(
        "  tuning: trained on {} texts ({} sentences, {} tokens, {} entities; {} not on token bounds, {} left out) in {:.1}s; errors per pass {:?}",
        stats.texts, stats.sentences, stats.tokens, stats.entities, stats.unaligned, stats.dropped,
        t0.elapsed().as_secs_f64(), stats.errors
    ));
    let mut best = (f64::MIN, tc.epochs);
    for (e, m) in &models {
        let pred = predict_model(m, &tune);
        let s = score(&tune, &pred);
        let f = s.exact["all"].f1;
        log(format!(
            "  tuning slice ({} texts), {e} passes: {}",
            tune.len(),
            f1_line(&tune, &pred)
        ));
        let mut formats: Vec<Format> = tune.iter().map(|d| d.format).collect();
        formats.sort();
        formats.dedup();
        if formats.len() > 1 {
            for f in formats {
                let (d, p): (Vec<NerDoc>, Vec<Vec<Entity>>) = tune
                    .iter()
                    .zip(&pred)
                    .filter(|(d, _)| d.format == f)
                    .map(|(d, p)| (d.clone(), p.clone()))
                    .unzip();
                log(format!(
                    "    {f:?} ({} texts): {}",
                    d.len(),
                    f1_line(&d, &p)
                ));
            }
        }
        if f > best.0 {
            best = (f, *e);
        }
    }
    tc.epochs = best.1;
    tc.snapshots = vec![best.1];
    let all = repeat(split.train.clone(), cfg.factru_repeat);
    let (ents, n) = examples(&all);
    let t0 = Instant::now();
    let (mut models, stats) = ner::train(&as_examples(&all, &ents), &tc, lexicon, clusters, header);
    log(format!(
        "  final: {} passes on {} texts ({} tokens, {n} entities) in {:.1}s",
        best.1,
        stats.texts,
        stats.tokens,
        t0.elapsed().as_secs_f64()
    ));
    let (_, mut model) = models.pop().ok_or("training returned no model")?;
    let sample: Vec<&str> = split
        .train
        .iter()
        .take(400)
        .map(|d| d.text.as_str())
        .collect();
    ner::calibrate(&mut model, &sample);
    Ok(model)
}

/// Builds the word lists from natasha's name dictionaries and the KB, writes them to `out`
/// and returns them as the tagger will read them back.
pub fn word_lists(names: &Path, out: &Path) -> Result<Arc<Lexicon>, String> {
    let names_entries = ner::names_from_dir(names)?;
    let names_text = ner::write_list(
        "Russian first names (F), names that are sometimes first names (M), surnames (L) and\n\
         patronymics (P), lowercase, front-coded (characters shared with the previous word, the\n\
         rest, flags). Written by `demarche eval learn-ner` from natasha's dictionaries\n\
         (natasha/natasha @ d5c9704, natasha/data/dict: first.txt, maybe_first.txt, last.txt,\n\
         middle.txt; ../shared/eval/ner-ru/names). MIT licence, Copyright (c) 2016 Natasha\n\
         project (Alexander Kukushkin).",
        &names_entries,
    );
    let kb = demarche_kb::Kb::builtin();
    let kb_entries = ner::kb_words(&kb);
    let kb_text = ner::write_list(
        "Words of the demarche KB's names (kb/), lowercase, front-coded, with flags: first (f),\n\
         last (l) and any capitalised (p) word of a person's name; any (o) and last (e) word of\n\
         an organisation's name, a one-word organisation name (O), an acronym (A); a word (g) of\n\
         a state's or place's name, a one-word state or place name (G); an adjective or\n\
         demonym (d; a final * allows any ending). Written by `demarche eval learn-ner`.\n\
         Sources as in kb/README.md: Phoenix actor dictionaries (MIT, Open Event Data Alliance);\n\
         countries.json (mledoze/countries, Open Database License 1.0: this list is a derived\n\
         database under the ODbL, with credit); World Factbook (public domain); curated entries\n\
         (CC0).",
        &kb_entries,
    );
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: &str, text: &str| {
        let p = out.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    write("ner-names-ru.tsv", &names_text)?;
    write("ner-kb-words.tsv", &kb_text)?;
    Ok(Arc::new(Lexicon::parse(&[&names_text, &kb_text])?))
}

/// The cluster file of a language in `out`, if it has any words.
pub fn cluster_file(out: &Path, lang: &str) -> Result<Option<Arc<Clusters>>, String> {
    let p = out.join(format!("ner-clusters-{lang}.tsv"));
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    let c = Clusters::parse(&text)?;
    Ok((!c.is_empty()).then(|| Arc::new(c)))
}

/// The whole run: word lists, then each language's model, evaluated on its held-out sets.
pub fn learn(
    cfg: &LearnConfig,
    log: &mut dyn FnMut(String),
) -> Result<BTreeMap<String, String>, String> {
    let t0 = Instant::now();
    let lexicon = word_lists(&cfg.ru.join("names"), &cfg.out)?;
    log(format!("word lists: {} words and stems", lexicon.len()));
    let mut figures = BTreeMap::new();
    for lang in &cfg.langs {
        let t1 = Instant::now();
        let (split, sources) = match lang.as_str() {
            "en" => (
                english_split(&cfg.en)?,
                "Re-DocRED dev+test (MIT), Broad Twitter Corpus (CC BY 4.0), Wikigold (CC BY 4.0),\n\
                 Universal NER English EWT dev+test and PUD (CC BY-SA 4.0 and 3.0): the documents\n\
                 of folds 1-4 (FNV-1a of the document id modulo 5; fold 0 held out).\n\
                 Because part of the training data is CC BY-SA, these weights are shared under\n\
                 CC BY-SA 4.0 (share-alike), with credit to the sets above.",
            ),
            "ru" => (
                russian_split(&cfg.ru, cfg.factru_share)?,
                if cfg.factru_share {
                    "NEREL v1.1 train, its Russian Wikinews texts (nerel-ds/NEREL @ 8f07d3e; Wikinews\n\
                     CC BY 2.5; entities rewritten to factRuEval's names-only convention), and the\n\
                     factRuEval-2016 dev documents of folds 2-4 (MIT; folds 0-1 held out). Weights\n\
                     shared under CC BY 2.5 with credit to Wikinews and NEREL (Loukachevitch et al.,\n\
                     2021), and to factRuEval-2016 (dialogue-evaluation, MIT)."
                } else {
                    "NEREL v1.1 train, its Russian Wikinews texts (nerel-ds/NEREL @ 8f07d3e; Wikinews\n\
                     CC BY 2.5; entities rewritten to factRuEval's names-only convention). Weights\n\
                     shared under CC BY 2.5 with credit to Wikinews and NEREL (Loukachevitch et al.,\n\
                     2021)."
                },
            ),
            other => return Err(format!("unknown language {other:?} (en, ru)")),
        };
        let clusters = cluster_file(&cfg.out, lang)?;
        let header = format!(
            "Named-entity tagger ({lang}): averaged perceptron weights written by `demarche eval learn-ner`.\n\
             Trained on: {sources}\n\
             Word lists: ner-names-ru.tsv, ner-kb-words.tsv{}.",
            if clusters.is_some() {
                format!("; word clusters: ner-clusters-{lang}.tsv")
            } else {
                String::new()
            }
        );
        let mut split = split;
        split
            .train
            .retain(|d| !cfg.exclude.iter().any(|x| d.id.contains(x.as_str())));
        log(format!("{lang}: {} training texts", split.train.len()));
        let model = train_language(&split, cfg, lexicon.clone(), clusters, &header, log)?;
        let path = cfg.out.join(format!("ner-{lang}.bin"));
        let bytes = model.to_bytes();
        std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        log(format!(
            "{lang}: wrote {} ({} bytes, {} weight rows) in {:.1}s",
            path.display(),
            bytes.len(),
            model.nonzero_rows(),
            t1.elapsed().as_secs_f64()
        ));
        for (name, docs) in &split.held_out {
            let pred = predict_model(&model, docs);
            let line = f1_line(docs, &pred);
            log(format!(
                "{lang}: held out, {name} ({} texts): {line}",
                docs.len()
            ));
            figures.insert(format!("{lang} {name}"), line);
        }
    }
    log(format!(
        "learn-ner: {:.1}s in all",
        t0.elapsed().as_secs_f64()
    ));
    Ok(figures)
}
