//! Named-entity gold sets in their own formats, read into one shape (a text and its PER,
//! ORG and LOC entities as byte spans), deterministic folds over them, predictions of other
//! systems, and the scorer ([`score`]).
//!
//! Formats, detected from a folder's files (subfolders are read too, each in its format):
//! - brat stand-off (`*.ann` beside `*.txt`; NEREL): PERSON → PER, ORGANIZATION → ORG,
//!   COUNTRY, CITY, STATE_OR_PROVINCE, LOCATION → LOC; nested entities keep the outermost;
//! - CoNLL two-column IOB (`*.conll`, `*.conll.txt`; BTC, Wikigold): `token TAG`, sentences
//!   split by blank lines; with `-DOCSTART-` lines, documents between them, otherwise each
//!   blank-line block is a document (a tweet);
//! - Universal NER `.iob2`: CoNLL-U-like columns (id, token, tag, …), documents from
//!   `# newdoc id` comments (each sentence one when there are none);
//! - factRuEval-2016 (`*.objects`, `*.spans`, `*.tokens`, `*.txt`): entities as natasha's
//!   `naeval` reads them: a Person object's whole extent, the `org_name` spans of an Org,
//!   the `loc_name` spans of a Location or LocOrg; overlaps keep the first (the longest);
//!   spans that do not start and end on a token of `*.tokens` are left out;
//! - Re-DocRED JSON (`*.json`, a list of documents with `sents` and `vertexSet`): PER, ORG,
//!   LOC mentions (MISC, TIME, NUM dropped).
//!
//! Texts of token-based sets are rebuilt by joining a sentence's tokens with spaces and the
//! sentences with line breaks.

mod brat;
mod conll;
mod docred;
mod factru;
pub mod learn;
pub mod score;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use demarche_annotate::ner::NerKind;
use serde::Deserialize;

/// An entity: byte offsets into its document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entity {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Kind.
    pub kind: NerKind,
}

/// The set a document comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// brat stand-off (NEREL).
    Brat,
    /// CoNLL two-column IOB.
    Conll,
    /// Universal NER `.iob2`.
    Iob2,
    /// factRuEval-2016.
    FactRu,
    /// Re-DocRED JSON.
    DocRed,
}

/// One gold document.
#[derive(Clone, Debug)]
pub struct NerDoc {
    /// Stable id: the path of its file relative to the folder read, and for files holding
    /// many documents `#` and the document's id or number.
    pub id: String,
    /// Its format.
    pub format: Format,
    /// The text.
    pub text: String,
    /// Gold entities, sorted, not overlapping.
    pub gold: Vec<Entity>,
    /// The corpus's own tokens (byte spans), where it has them apart from the text
    /// (factRuEval): the token-level score counts them.
    pub tokens: Option<Vec<(usize, usize)>>,
    /// Every entity of a set with nested entities (brat), the inner ones too; empty for the
    /// others. Not scored: training may read a set's nesting to follow another convention.
    pub nested: Vec<Entity>,
}

/// The fold of a document id, 0 to 4: FNV-1a (64 bits) of the id, modulo 5. Fold 0 is held
/// out of English training and is what the English figures are measured on; fold 1 of the
/// training data is the slice training settings are tuned on.
pub fn fold(id: &str) -> u32 {
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    (h % 5) as u32
}

/// Reads every gold set under `dir` (see the module docs), in path order.
///
/// # Errors
/// An unreadable file or folder, or a file of a detected format that does not parse.
pub fn load(dir: &Path) -> Result<Vec<NerDoc>, String> {
    let mut out = Vec::new();
    load_dir(dir, dir, &mut out)?;
    if out.is_empty() {
        return Err(format!("{}: no NER gold set found", dir.display()));
    }
    Ok(out)
}

fn load_dir(root: &Path, dir: &Path, out: &mut Vec<NerDoc>) -> Result<(), String> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let p = e.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if p.is_dir() {
            dirs.push(p);
        } else {
            files.push(p);
        }
    }
    files.sort();
    dirs.sort();
    let rel = |p: &Path| -> String {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let name = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    if files.iter().any(|f| name(f).ends_with(".objects")) {
        out.extend(factru::load(dir, &rel(dir))?);
    } else if files.iter().any(|f| name(f).ends_with(".ann")) {
        out.extend(brat::load(dir, &rel(dir))?);
    } else {
        for f in &files {
            let n = name(f);
            let read = || std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()));
            if n.ends_with(".iob2") {
                out.extend(conll::parse_iob2(&read()?, &rel(f)));
            } else if n.ends_with(".conll") || n.ends_with(".conll.txt") {
                out.extend(conll::parse_conll(&read()?, &rel(f)));
            } else if n.ends_with(".json") {
                let text = read()?;
                if text.contains("\"vertexSet\"") {
                    out.extend(docred::parse(&text, &rel(f)).map_err(|e| format!("{n}: {e}"))?);
                }
            }
        }
    }
    for d in dirs {
        load_dir(root, &d, out)?;
    }
    Ok(())
}

/// Maps character offsets of a text to byte offsets.
pub(crate) struct CharMap(Vec<usize>);

impl CharMap {
    pub(crate) fn new(text: &str) -> CharMap {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        CharMap(v)
    }

    /// The byte offset of character `c` (`None` past the end).
    pub(crate) fn byte(&self, c: usize) -> Option<usize> {
        self.0.get(c).copied()
    }
}

/// Builds a text from sentences of tokens (tokens joined by spaces, sentences by line
/// breaks) and returns it with each token's byte span.
pub(crate) fn join_tokens(sentences: &[Vec<String>]) -> (String, Vec<Vec<(usize, usize)>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        if k > 0 {
            text.push('\n');
        }
        let mut v = Vec::with_capacity(s.len());
        for (i, t) in s.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(t);
            v.push((a, text.len()));
        }
        spans.push(v);
    }
    (text, spans)
}

/// Sorts entities and drops any that overlaps one before it (the earlier and, at the same
/// start, the longer wins).
pub(crate) fn outermost(mut v: Vec<Entity>) -> Vec<Entity> {
    v.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Entity> = Vec::with_capacity(v.len());
    for e in v {
        if e.start >= e.end {
            continue;
        }
        if out.last().is_some_and(|l| l.end > e.start) {
            continue;
        }
        out.push(e);
    }
    out
}

#[derive(Deserialize)]
struct PredLine {
    id: String,
    #[serde(default)]
    entities: Vec<PredEntity>,
}

#[derive(Deserialize)]
struct PredEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
}

/// Reads another system's predictions (JSON Lines: `{"id", "entities": [{"start", "end",
/// "type"}]}`, character offsets, types PER, ORG, LOC; others are ignored) for `docs`, in
/// their order; a document without a line has no predictions.
///
/// # Errors
/// A line that does not parse, an id not among `docs`, or offsets outside the text.
pub fn read_predictions(text: &str, docs: &[NerDoc]) -> Result<Vec<Vec<Entity>>, String> {
    let index: BTreeMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut out = vec![Vec::new(); docs.len()];
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let p: PredLine =
            serde_json::from_str(line).map_err(|e| format!("predictions line {}: {e}", n + 1))?;
        let Some(&i) = index.get(p.id.as_str()) else {
            return Err(format!("predictions line {}: unknown id {:?}", n + 1, p.id));
        };
        let map = CharMap::new(&docs[i].text);
        for e in p.entities {
            let Some(kind) = NerKind::parse(&e.kind) else {
                continue;
            };
            match (map.byte(e.start), map.byte(e.end)) {
                (Some(s), Some(t)) if s < t => out[i].push(Entity {
                    start: s,
                    end: t,
                    kind,
                }),
                (Some(_), Some(_)) => {}
                _ => {
                    return Err(format!(
                        "predictions line {}: {}..{} is outside document {:?}",
                        n + 1,
                        e.start,
                        e.end,
                        p.id
                    ))
                }
            }
        }
        out[i].sort();
    }
    Ok(out)
}

/// One JSON line per document with its id and entities (character offsets), the format
/// [`read_predictions`] reads.
pub fn prediction_line(doc: &NerDoc, entities: &[Entity]) -> String {
    let chars = |b: usize| doc.text[..b].chars().count();
    let ents: Vec<serde_json::Value> = entities
        .iter()
        .map(|e| {
            serde_json::json!({"start": chars(e.start), "end": chars(e.end), "type": e.kind.name()})
        })
        .collect();
    serde_json::json!({"id": doc.id, "entities": ents}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> NerDoc {
        NerDoc {
            id: "d1".into(),
            format: Format::Conll,
            text: text.into(),
            gold: Vec::new(),
            tokens: None,
            nested: Vec::new(),
        }
    }

    #[test]
    fn predictions_in_characters() {
        let docs = vec![doc("Глава Лейкпорта")];
        let p = read_predictions(
            r#"{"id": "d1", "entities": [{"start": 6, "end": 15, "type": "LOC"}, {"start": 0, "end": 5, "type": "MISC"}]}"#,
            &docs,
        )
        .unwrap();
        assert_eq!(p[0].len(), 1);
        assert_eq!(&docs[0].text[p[0][0].start..p[0][0].end], "Лейкпорта");
        assert_eq!(
            prediction_line(&docs[0], &p[0]),
            r#"{"entities":[{"end":15,"start":6,"type":"LOC"}],"id":"d1"}"#
        );
        assert!(read_predictions(r#"{"id": "d2", "entities": []}"#, &docs).is_err());
        assert!(read_predictions(
            r#"{"id": "d1", "entities": [{"start": 6, "end": 99, "type": "LOC"}]}"#,
            &docs
        )
        .is_err());
    }

    #[test]
    fn folds_and_overlaps() {
        let f: Vec<u32> = (0..100).map(|i| fold(&format!("doc{i}"))).collect();
        assert!(f.iter().all(|&x| x < 5));
        assert!((0..5).all(|k| f.contains(&k)));
        assert_eq!(fold("doc1"), fold("doc1"));
        let e = |s, t| Entity {
            start: s,
            end: t,
            kind: NerKind::Loc,
        };
        assert_eq!(
            outermost(vec![e(5, 8), e(0, 10), e(10, 12), e(11, 13)]),
            vec![e(0, 10), e(10, 12)]
        );
    }
}
