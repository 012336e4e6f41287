//! The article-extraction benchmark (`../shared/eval/article-extraction`): 181 news pages with
//! their article bodies.
//!
//! Metric, as the set's README describes it: both texts are split into word tokens (`\w+`,
//! Unicode); all overlapping 4-token shingles form a multiset (a text of fewer than 4 tokens
//! is one shingle); per page tp = shared shingles, fp = extra predicted, fn = missed.
//! Precision is the mean over pages with tp + fp > 0 of tp / (tp + fp), a page with nothing
//! predicted and nothing missed counting 1.0; recall likewise with fn; F1 = 2PR / (P + R) of
//! the means. Exact match: equal token lists.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

fn word_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // letters, numbers and underscore: the word characters of the benchmark's own (Python) scorer
    RE.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("word regex"))
}

fn tokens(text: &str) -> Vec<&str> {
    word_re().find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'a>(toks: &[&'a str]) -> HashMap<Vec<&'a str>, u32> {
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < 4 {
        m.insert(toks.to_vec(), 1);
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Shingle counts of one page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageCounts {
    /// Shared shingles.
    pub tp: u32,
    /// Predicted shingles not in the gold text.
    pub fp: u32,
    /// Gold shingles not predicted.
    pub fn_: u32,
    /// Whether the token lists are equal.
    pub exact: bool,
}

/// Counts shingles of a predicted text against the gold text.
pub fn page_counts(predicted: &str, gold: &str) -> PageCounts {
    let (pt, gt) = (tokens(predicted), tokens(gold));
    let (ps, gs) = (shingles(&pt), shingles(&gt));
    let tp: u32 = ps
        .iter()
        .map(|(k, &n)| n.min(*gs.get(k).unwrap_or(&0)))
        .sum();
    let np: u32 = ps.values().sum();
    let ng: u32 = gs.values().sum();
    PageCounts {
        tp,
        fp: np - tp,
        fn_: ng - tp,
        exact: pt == gt,
    }
}

/// Scores over a set of pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// F1 of the means.
    pub f1: f64,
    /// Share of pages extracted exactly.
    pub exact_match: f64,
    /// Pages scored.
    pub pages: usize,
}

impl Scores {
    /// Aggregates page counts.
    pub fn from_pages(pages: &[PageCounts]) -> Scores {
        let (mut p, mut np, mut r, mut nr, mut em) = (0.0, 0usize, 0.0, 0usize, 0usize);
        for c in pages {
            let (tp, fp, fn_) = (c.tp as f64, c.fp as f64, c.fn_ as f64);
            if tp + fp > 0.0 {
                p += tp / (tp + fp);
                np += 1;
            } else if c.fn_ == 0 {
                p += 1.0;
                np += 1;
            }
            if tp + fn_ > 0.0 {
                r += tp / (tp + fn_);
                nr += 1;
            } else if c.fp == 0 {
                r += 1.0;
                nr += 1;
            }
            em += c.exact as usize;
        }
        let precision = if np > 0 { p / np as f64 } else { 0.0 };
        let recall = if nr > 0 { r / nr as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Scores {
            precision,
            recall,
            f1,
            exact_match: em as f64 / pages.len().max(1) as f64,
            pages: pages.len(),
        }
    }
}

/// The gold set: page id → article body.
pub fn load_gold(data: &Path) -> Result<Vec<(String, String)>, String> {
    let path = data.join("ground-truth.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("{}: not an object", path.display()))?;
    let mut out: Vec<(String, String)> = obj
        .iter()
        .map(|(k, x)| {
            (
                k.clone(),
                x.get("articleBody")
                    .and_then(|b| b.as_str())
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    out.sort();
    Ok(out)
}

/// A system's output file (`{id: {articleBody}}`, possibly wrapped in `{output: ...}`).
pub fn load_output(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(o) = v.get("output").cloned() {
        v = o;
    }
    let obj = v
        .as_object()
        .ok_or_else(|| format!("{}: not an object", path.display()))?;
    Ok(obj
        .iter()
        .map(|(k, x)| {
            let body = match x {
                serde_json::Value::String(s) => s.clone(),
                other => other
                    .get("articleBody")
                    .and_then(|b| b.as_str())
                    .unwrap_or("")
                    .to_string(),
            };
            (k.clone(), body)
        })
        .collect())
}

/// Scores predicted bodies against the gold set; a page with no prediction counts as empty.
pub fn score(gold: &[(String, String)], predicted: &HashMap<String, String>) -> Scores {
    let pages: Vec<PageCounts> = gold
        .iter()
        .map(|(id, body)| page_counts(predicted.get(id).map(String::as_str).unwrap_or(""), body))
        .collect();
    Scores::from_pages(&pages)
}

/// Reads a benchmark page (`html/<id>.html.gz`).
pub fn read_page(data: &Path, id: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let path = data.join("html").join(format!("{id}.html.gz"));
    let f = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_end(&mut out)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(out)
}

/// demarche's extraction of a page: the clean text of the document the HTML reader makes,
/// without the blocks it marks as image captions (the document keeps them, and Markdown marks
/// them; the benchmark's `articleBody`, like schema.org's, is the body text alone), and its
/// title and date.
pub fn extract(html: &[u8]) -> Extraction {
    use demarche_ingest::{IngestConfig, Ingestor, Outcome};
    let cfg = IngestConfig {
        format: Some(demarche_model::Format::Html),
        ..Default::default()
    };
    let mut out = Extraction::default();
    Ingestor::new(cfg).read_bytes("page.html", html, &mut |o| {
        if let Outcome::Doc(d) = o {
            out.text = d
                .blocks
                .iter()
                .filter(|(_, k)| *k != demarche_ingest::BlockKind::Caption)
                .map(|(s, _)| &d.doc.text[s.range()])
                .collect::<Vec<_>>()
                .join("\n\n");
            out.title = d.doc.meta.title.clone();
            out.date = d.doc.meta.date.as_ref().map(|x| x.iso());
        }
    });
    out
}

/// What demarche extracted from a page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Extraction {
    /// Main text.
    pub text: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date (ISO, possibly partial).
    pub date: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_metric() {
        let c = page_counts("a b c d e f", "a b c d e x");
        assert_eq!((c.tp, c.fp, c.fn_, c.exact), (2, 1, 1, false));
        let c = page_counts("", "");
        assert_eq!((c.tp, c.fp, c.fn_), (0, 0, 0));
        let s = Scores::from_pages(&[c]);
        assert_eq!((s.precision, s.recall), (1.0, 1.0));
        // short texts are one shingle
        let c = page_counts("a b", "a b");
        assert_eq!((c.tp, c.exact), (1, true));
        // nothing predicted: precision is not counted, recall is 0
        let s = Scores::from_pages(&[
            page_counts("", "a b c d"),
            page_counts("a b c d", "a b c d"),
        ]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.5);
    }
}
