//! Bringing the index up to date with the store: annotate what is new, keep the layers in the
//! store, index text, metadata, entities and speakers.
//!
//! Documents are taken in `seq` order in chunks and annotated in parallel; the tantivy index
//! is committed first and the store's annotation rows after, so an interruption at any point
//! leaves documents that are simply annotated and indexed again on the next run (re-adding
//! a document deletes its earlier index entry first: nothing is counted twice).
//!
//! A new or reset index (its schema changed, its folder was deleted) is first filled from
//! the annotations the store keeps: only documents the current pipeline has not annotated
//! are annotated.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::{Layers, Pipeline};
use demarche_model::Document;
use demarche_store::annot::{Annotated, AttributionRow, Pending};
use demarche_store::Store;
use rayon::prelude::*;
use tantivy::schema::TantivyDocument;
use tantivy::Term;

use crate::index::{Fields, Index};
use crate::Result;

/// Version of the stored annotations: a corpus annotated by another is annotated again.
pub const VERSION: &str = concat!("demarche-annotate/", env!("CARGO_PKG_VERSION"), "/1");

/// What an update did, and how long each stage took.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Stats {
    /// Documents annotated and indexed.
    pub documents: u64,
    /// Bytes of clean text.
    pub bytes: u64,
    /// Wall time annotating (all cores).
    pub annotate: Duration,
    /// Wall time adding to the index and committing it.
    pub index: Duration,
    /// Wall time writing layers to the store.
    pub store: Duration,
    /// Documents indexed again from their stored annotations (after the index was reset).
    pub reindexed: u64,
    /// Wall time reading them from the store, indexing and committing them.
    pub reindex: Duration,
}

/// Options.
pub struct Options {
    /// Documents per chunk read from the store.
    pub chunk: usize,
    /// Documents between commits.
    pub commit_every: usize,
    /// Indexing memory budget in bytes.
    pub heap: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            chunk: 512,
            commit_every: 20_000,
            heap: 256 << 20,
        }
    }
}

/// Annotates and indexes every document not yet done; calls `progress(done, total)`.
pub fn update(
    store: &mut Store,
    index: &Index,
    pipeline: &Pipeline,
    opts: &Options,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Stats> {
    let mut stats = Stats::default();
    let mut writer: Option<tantivy::IndexWriter<TantivyDocument>> = None;
    if index.is_empty() {
        // a new or reset index (a schema change): what is annotated already is indexed from
        // the stored annotations, without annotating it again
        let total = store.count_annotated(VERSION)?;
        if total > 0 {
            let t = Instant::now();
            let w = writer.insert(index.index.writer(opts.heap)?);
            let kb = pipeline.kb();
            let mut after = 0i64;
            loop {
                let chunk = store.annotated(VERSION, after, opts.chunk)?;
                let Some(last) = chunk.last() else { break };
                after = last.doc.seq;
                let docs: Vec<TantivyDocument> = chunk
                    .par_iter()
                    .map(|a| {
                        let entities: Vec<&str> = a.entities.iter().map(String::as_str).collect();
                        let speakers: Vec<(&str, &str)> = a
                            .speakers
                            .iter()
                            .map(|(k, n)| (k.as_str(), n.as_str()))
                            .collect();
                        index_doc(kb, &index.fields, &a.doc, &entities, &speakers)
                    })
                    .collect();
                for d in docs {
                    w.add_document(d)?;
                }
                stats.reindexed += chunk.len() as u64;
                progress(stats.reindexed, total);
            }
            w.commit()?;
            stats.reindex = t.elapsed();
        }
    }
    let total = store.count_pending(VERSION)?;
    if total == 0 {
        if let Some(w) = writer {
            w.wait_merging_threads()?;
            index.reader.reload()?;
        }
        return Ok(stats);
    }
    let mut writer = match writer {
        Some(w) => w,
        None => index.index.writer(opts.heap)?,
    };
    let mut waiting: Vec<Annotated> = Vec::new();
    let mut after = 0i64;
    loop {
        let chunk = store.pending(VERSION, after, opts.chunk)?;
        let Some(last) = chunk.last() else { break };
        after = last.seq;
        let t = Instant::now();
        let made: Vec<(Annotated, TantivyDocument)> = chunk
            .par_iter()
            .map(|p| {
                let layers = pipeline.run(&p.doc.text, &DocInfo::from_document(&p.doc));
                prepare(pipeline, &index.fields, p, &layers)
            })
            .collect();
        stats.annotate += t.elapsed();
        let t = Instant::now();
        for (a, d) in made {
            writer.delete_term(Term::from_field_u64(index.fields.seq, a.seq as u64));
            writer.add_document(d)?;
            waiting.push(a);
        }
        stats.index += t.elapsed();
        stats.documents += chunk.len() as u64;
        stats.bytes += chunk.iter().map(|p| p.doc.text.len() as u64).sum::<u64>();
        if waiting.len() >= opts.commit_every {
            commit(store, &mut writer, &mut waiting, &mut stats)?;
        }
        progress(stats.documents, total);
    }
    commit(store, &mut writer, &mut waiting, &mut stats)?;
    writer.wait_merging_threads()?;
    index.reader.reload()?;
    Ok(stats)
}

fn commit(
    store: &mut Store,
    writer: &mut tantivy::IndexWriter<TantivyDocument>,
    waiting: &mut Vec<Annotated>,
    stats: &mut Stats,
) -> Result<()> {
    let t = Instant::now();
    writer.commit()?;
    stats.index += t.elapsed();
    let t = Instant::now();
    store.save_annotated(waiting)?;
    waiting.clear();
    stats.store += t.elapsed();
    Ok(())
}

/// `yyyymmdd` of a document's date (00 for unknown day or month); none without a year.
pub fn date_key(doc: &Document) -> Option<u64> {
    let d = doc.meta.date.as_ref()?;
    let y = u64::try_from(d.year?).ok()?;
    Some(y * 10_000 + d.month.unwrap_or(0) as u64 * 100 + d.day.unwrap_or(0) as u64)
}

/// `yyyymmddhhmmss` of a document's absolute time (UTC), when its date has a time and an
/// offset: documents from Moscow, UTC and New York sort by when they were published, not by
/// their clocks.
pub fn when_key(doc: &Document) -> Option<u64> {
    let key = doc.meta.date.as_ref()?.sort_key(); // "2022-01-04T22:30:00Z" when absolute
    if !key.ends_with('Z') {
        return None;
    }
    let digits: String = key.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `hhmmss` of a document's time of day, 0 when unknown.
fn time_key(doc: &Document) -> u64 {
    let Some(t) = doc.meta.date.as_ref().and_then(|d| d.time.as_deref()) else {
        return 0;
    };
    let digits: String = t
        .split(['+', 'Z', '.'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    format!("{digits:0<6}").parse().unwrap_or(0)
}

/// The store rows and the index document for one annotated document.
pub fn prepare(
    pipeline: &Pipeline,
    f: &Fields,
    p: &Pending,
    layers: &Layers,
) -> (Annotated, TantivyDocument) {
    let doc = &p.doc;
    let text = &doc.text;
    let kb = pipeline.kb();
    let ident = |b: u32| b as usize;
    // the layers as stored, serialised from plain vectors: a JSON tree of the sentences of a
    // text of millions of lines would take a hundred bytes a sentence
    #[derive(serde::Serialize)]
    struct Stored {
        dates: Vec<serde_json::Value>,
        entities: Vec<serde_json::Value>,
        quantities: Vec<serde_json::Value>,
        quotes: Vec<serde_json::Value>,
        sentences: Vec<[u32; 2]>,
    }
    let json = Stored {
        sentences: layers.sentences.iter().map(|s| [s.start, s.end]).collect(),
        entities: pipeline.entities_json(text, layers, &ident),
        quotes: pipeline.quotes_json(text, layers, &ident),
        dates: Pipeline::dates_json(text, layers, &ident),
        quantities: pipeline.quantities_json(text, layers, &ident),
    };
    let mut mentions: BTreeMap<&str, u32> = BTreeMap::new();
    for m in &layers.entities {
        if let Some(k) = m.kb {
            *mentions
                .entry(kb.entities()[k as usize].id.as_str())
                .or_default() += 1;
        }
    }
    let mut attributions = Vec::new();
    for (i, q) in layers.quotes.iter().enumerate() {
        let (speaker, name, linked) = match q.speaker {
            Some(k) => {
                let e = &kb.entities()[k as usize];
                (e.id.clone(), e.name.clone(), true)
            }
            None => match q.source.map(|s| one_line(&text[s.range()])) {
                Some(words) if names_someone(&words) => {
                    (unlinked_speaker_key(&words), words, false)
                }
                _ => continue,
            },
        };
        let mut about: Vec<String> = layers
            .entities
            .iter()
            .enumerate()
            .filter(|(j, m)| {
                Some(*j) != q.mention
                    && m.span.start >= q.content.start
                    && m.span.end <= q.content.end
            })
            .filter_map(|(_, m)| m.kb.map(|k| kb.entities()[k as usize].id.clone()))
            .collect();
        about.sort();
        about.dedup();
        attributions.push(AttributionRow {
            idx: i as u32,
            speaker,
            name,
            linked,
            form: q.form.name().to_string(),
            start: q.content.start,
            end: q.content.end,
            content: one_line(&text[q.content.range()]),
            about,
        });
    }
    let mut speakers: Vec<(&str, &str)> = attributions
        .iter()
        .map(|a| (a.speaker.as_str(), a.name.as_str()))
        .collect();
    speakers.sort();
    speakers.dedup();
    let entities: Vec<&str> = mentions.keys().copied().collect();
    let d = index_doc(kb, f, p, &entities, &speakers);
    let annotated = Annotated {
        seq: p.seq,
        version: VERSION.to_string(),
        layers: Annotated::compress(&serde_json::to_vec(&json).unwrap_or_default()),
        mentions: mentions
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect(),
        attributions,
    };
    (annotated, d)
}

/// The index document of a document, the entities it mentions and the speakers it quotes
/// (key and name).
pub fn index_doc(
    kb: &demarche_kb::Kb,
    f: &Fields,
    p: &Pending,
    entities: &[&str],
    speakers: &[(&str, &str)],
) -> TantivyDocument {
    let doc = &p.doc;
    let text = &doc.text;
    let mut d = TantivyDocument::new();
    d.add_u64(f.seq, p.seq as u64);
    if let Some(t) = &doc.meta.title {
        d.add_text(f.title, t);
        add_words(&mut d, f, t);
    }
    add_words(&mut d, f, text);
    if let Some(o) = &doc.meta.outlet {
        d.add_text(f.outlet, o);
        d.add_text(f.outlet_key, o);
    }
    if let Some(l) = &doc.meta.lang {
        d.add_text(f.lang, l);
    }
    d.add_text(f.format, doc.provenance.format.name());
    for &e in entities {
        d.add_text(f.entity, e);
        if let Some(ent) = kb.get(e) {
            d.add_text(f.entity_text, &ent.name);
        }
    }
    for &(key, name) in speakers {
        d.add_text(f.speaker, key);
        d.add_text(f.speaker_text, name);
    }
    if let Some(c) = p.cluster {
        d.add_u64(f.cluster, c as u64);
    }
    if let Some(k) = date_key(doc) {
        d.add_u64(f.date, k);
        if k % 10_000 / 100 > 0 {
            d.add_u64(f.month, k / 100);
        }
        d.add_u64(
            f.when,
            when_key(doc).unwrap_or(k * 1_000_000 + time_key(doc)),
        );
    }
    d
}

/// Adds `text` to the word and pair fields.
fn add_words(d: &mut TantivyDocument, f: &Fields, text: &str) {
    // (pre-tokenized text would be analysed once, but tantivy keeps it in the document
    // as JSON: encoding and decoding it costs more than a second pass with cached stems)
    d.add_text(f.text, text);
    d.add_text(f.pairs, text);
}

/// The speaker key of a source the KB does not know: `name:` and its folded words.
pub fn unlinked_speaker_key(words: &str) -> String {
    format!("name:{}", demarche_kb::fold(words))
}

/// Whether the words naming an unlinked source can stand for a speaker across documents:
/// a capitalised word (a name, a title, an institution), not a lone pronoun, not a clause.
pub fn names_someone(words: &str) -> bool {
    let n = words.split_whitespace().count();
    n <= 8
        && !(n == 1 && demarche_annotate::quotes::is_pronoun(&words.to_lowercase()))
        && words
            .split_whitespace()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
