//! `demarche quotes` and `demarche claims`: statements and figures over the corpus, computed
//! from each document's annotation layers (documents are read in chunks and annotated in
//! parallel, so memory stays flat in corpus size).

use std::collections::HashSet;
use std::io::Write;

use anyhow::Result;
use clap::Args;
use demarche_annotate::entities::{DocInfo, Mention};
use demarche_annotate::pipeline::{CharIndex, Layers, Pipeline};
use demarche_annotate::quotes::Quote;
use demarche_kb::Kb;
use demarche_model::{Document, Span};
use demarche_store::Store;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::term::line;

/// Filters shared by `quotes` and `claims`.
#[derive(Args, Clone)]
pub struct Filter {
    /// Only statements by this speaker: a KB id (`person:maria-zakharova`) or a name (any
    /// name or alias the KB knows; otherwise matched against the words naming the source).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only statements that mention this entity (KB id or name; otherwise the words
    /// themselves) in what is said.
    #[arg(long)]
    pub about: Option<String>,
    /// Only documents dated on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`);
    /// undated documents are left out when a date bound is given.
    #[arg(long)]
    pub since: Option<String>,
    /// Only documents dated on or before this day.
    #[arg(long)]
    pub until: Option<String>,
    /// Only documents of this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// At most this many results.
    #[arg(long)]
    pub limit: Option<usize>,
    /// JSON Lines output.
    #[arg(long)]
    pub json: bool,
}

/// An entity named on the command line: KB entities it may be, and the words as typed.
struct Target {
    ids: HashSet<u32>,
    words: String,
}

impl Target {
    fn new(kb: &Kb, s: &str) -> Target {
        let mut ids = HashSet::new();
        if let Some(i) = kb.index_of(s) {
            ids.insert(i as u32);
        }
        for e in kb.lookup(s, None) {
            if let Some(i) = kb.index_of(&e.id) {
                ids.insert(i as u32);
            }
        }
        Target {
            ids,
            words: s.to_lowercase(),
        }
    }

    /// Whether a mention (or, for unlinked mentions, its text) is this target.
    fn matches_mention(&self, m: &Mention, text: &str) -> bool {
        match m.kb {
            Some(k) => self.ids.contains(&k),
            None => self.ids.is_empty() && text[m.span.range()].to_lowercase() == self.words,
        }
    }

    /// Whether `span` of `text` is about the target: a mention linked to it inside, or,
    /// when the KB does not know it, the words.
    fn in_span(&self, text: &str, layers: &Layers, span: Span) -> bool {
        let linked = layers.entities.iter().any(|m| {
            m.span.start >= span.start
                && m.span.end <= span.end
                && m.kb.is_some_and(|k| self.ids.contains(&k))
        });
        linked || self.ids.is_empty() && text[span.range()].to_lowercase().contains(&self.words)
    }
}

fn bound(s: &Option<String>, end: bool) -> Result<Option<String>> {
    let Some(s) = s else { return Ok(None) };
    let d = demarche_kb::Day::parse_bound(s, end)
        .ok_or_else(|| anyhow::anyhow!("not a date: {s:?} (use YYYY, YYYY-MM or YYYY-MM-DD)"))?;
    Ok(Some(d.to_string()))
}

/// Documents passing the outlet and date filters, in corpus order, annotated chunk by chunk;
/// `each` gets every document with its layers and returns false to stop.
fn scan(
    store: &Store,
    pipeline: &Pipeline,
    f: &Filter,
    mut each: impl FnMut(&Document, &Layers) -> Result<bool>,
) -> Result<()> {
    let (since, until) = (bound(&f.since, false)?, bound(&f.until, true)?);
    let rows = store.list(None, f.outlet.as_deref(), None)?;
    let ids: Vec<String> = rows
        .into_iter()
        .filter(|r| {
            if since.is_none() && until.is_none() {
                return true;
            }
            let Some(d) = &r.date else { return false };
            // a partial date ("2023-11") is compared by its first day and its last
            let lo = demarche_kb::Day::parse_bound(d, false).map(|d| d.to_string());
            let hi = demarche_kb::Day::parse_bound(d, true).map(|d| d.to_string());
            since
                .as_ref()
                .is_none_or(|s| hi.as_ref().is_some_and(|h| h >= s))
                && until
                    .as_ref()
                    .is_none_or(|u| lo.as_ref().is_some_and(|l| l <= u))
        })
        .map(|r| r.id)
        .collect();
    for chunk in ids.chunks(64) {
        let docs: Vec<Document> = chunk
            .iter()
            .map(|id| store.get(id))
            .collect::<Result<_, _>>()?;
        let layers: Vec<Layers> = docs
            .par_iter()
            .map(|d| pipeline.run(&d.text, &DocInfo::from_document(d)))
            .collect();
        for (d, l) in docs.iter().zip(&layers) {
            if !each(d, l)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn doc_json(d: &Document) -> Value {
    json!({
        "id": d.id,
        "date": d.meta.date.as_ref().map(|x| x.iso()),
        "outlet": d.meta.outlet,
        "title": d.meta.title,
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Who speaks: the KB name of the speaker, else the words naming the source.
fn speaker_name(kb: &Kb, text: &str, q: &Quote) -> Option<String> {
    q.speaker
        .map(|k| kb.entities()[k as usize].name.clone())
        .or_else(|| q.source.map(|s| one_line(&text[s.range()])))
}

/// `demarche quotes`.
pub fn quotes(store: &Store, kb: Kb, f: &Filter, out: &mut impl Write) -> Result<usize> {
    let pipeline = Pipeline::new(kb);
    let speaker = f.speaker.as_deref().map(|s| Target::new(pipeline.kb(), s));
    let about = f.about.as_deref().map(|s| Target::new(pipeline.kb(), s));
    let mut n = 0usize;
    scan(store, &pipeline, f, |d, l| {
        let text = &d.text;
        let json_all = f.json.then(|| {
            let ix = CharIndex::new(text);
            pipeline.quotes_json(text, l, &|b| ix.char_offset(b as usize))
        });
        for (i, q) in l.quotes.iter().enumerate() {
            if let Some(t) = &speaker {
                let by_id = q.speaker.is_some_and(|k| t.ids.contains(&k));
                let by_mention = q
                    .mention
                    .is_some_and(|m| t.matches_mention(&l.entities[m], text));
                let by_words = t.ids.is_empty()
                    && q.source
                        .is_some_and(|s| text[s.range()].to_lowercase().contains(&t.words));
                if !(by_id || by_mention || by_words) {
                    continue;
                }
            }
            if let Some(t) = &about {
                if !t.in_span(text, l, q.content) {
                    continue;
                }
            }
            let name = speaker_name(pipeline.kb(), text, q).unwrap_or_else(|| "?".into());
            // the reporting chain, outermost first
            let mut chain = Vec::new();
            let mut p = q.parent;
            while let Some(j) = p {
                if chain.len() > 8 {
                    break;
                }
                let o = &l.quotes[j];
                chain.push(speaker_name(pipeline.kb(), text, o).unwrap_or_else(|| "?".into()));
                p = o.parent;
            }
            chain.reverse();
            if let Some(all) = &json_all {
                let mut v = all[i].clone();
                v["doc"] = doc_json(d);
                v["index"] = json!(i);
                v["chain"] = json!(chain);
                writeln!(out, "{v}")?;
            } else {
                let via = if chain.is_empty() {
                    String::new()
                } else {
                    format!(" (via {})", chain.join(" → "))
                };
                writeln!(
                    out,
                    "{}\t{}\t{}{}\t{}\t{}\t{}",
                    d.meta
                        .date
                        .as_ref()
                        .map(|x| x.iso())
                        .unwrap_or_else(|| "-".into()),
                    line(d.meta.outlet.as_deref().unwrap_or("-")),
                    line(&name),
                    line(&via),
                    q.form.name(),
                    line(&one_line(&text[q.content.range()])),
                    d.id
                )?;
            }
            n += 1;
            if f.limit.is_some_and(|l| n >= l) {
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    Ok(n)
}

/// `demarche claims`.
pub fn claims(store: &Store, kb: Kb, f: &Filter, out: &mut impl Write) -> Result<usize> {
    let pipeline = Pipeline::new(kb);
    let speaker = f.speaker.as_deref().map(|s| Target::new(pipeline.kb(), s));
    let about = f.about.as_deref().map(|s| Target::new(pipeline.kb(), s));
    let mut n = 0usize;
    scan(store, &pipeline, f, |d, l| {
        let text = &d.text;
        let json_all = f.json.then(|| {
            let ix = CharIndex::new(text);
            pipeline.quantities_json(text, l, &|b| ix.char_offset(b as usize))
        });
        for (i, q) in l.quantities.iter().enumerate() {
            let si = l.sentences.partition_point(|s| s.end <= q.span.start);
            let sentence = l.sentences.get(si).copied().unwrap_or(q.span);
            let claim = q.claim.map(|c| &l.quotes[c]);
            if let Some(t) = &speaker {
                let ok = claim.is_some_and(|c| {
                    c.speaker.is_some_and(|k| t.ids.contains(&k))
                        || t.ids.is_empty()
                            && c.source
                                .is_some_and(|s| text[s.range()].to_lowercase().contains(&t.words))
                });
                if !ok {
                    continue;
                }
            }
            if let Some(t) = &about {
                if !t.in_span(text, l, sentence) {
                    continue;
                }
            }
            if let Some(all) = &json_all {
                let mut v = all[i].clone();
                v["doc"] = doc_json(d);
                v["sentence"] = json!(one_line(&text[sentence.range()]));
                writeln!(out, "{v}")?;
            } else {
                let value = match q.high {
                    Some(h) => format!("{}–{}", q.value, h),
                    None => q.value.to_string(),
                };
                let by = claim
                    .and_then(|c| speaker_name(pipeline.kb(), text, c))
                    .unwrap_or_else(|| "-".into());
                writeln!(
                    out,
                    "{}\t{}\t{}{}\t{}\t{}\t{}\t{}",
                    d.meta
                        .date
                        .as_ref()
                        .map(|x| x.iso())
                        .unwrap_or_else(|| "-".into()),
                    line(d.meta.outlet.as_deref().unwrap_or("-")),
                    q.approx.map(|a| format!("{a} ")).unwrap_or_default(),
                    value,
                    q.unit.unwrap_or("-"),
                    line(
                        &q.counted
                            .map(|s| one_line(&text[s.range()]))
                            .unwrap_or_else(|| "-".into())
                    ),
                    line(&by),
                    line(&one_line(&text[q.span.range()])),
                )?;
            }
            n += 1;
            if f.limit.is_some_and(|l| n >= l) {
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    Ok(n)
}
