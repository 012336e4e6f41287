//! PolNeAR (political news attribution relations) in brat stand-off: reading the articles and
//! their annotations, and the entity check of issue 4: how many gold Source spans that name a
//! person or organisation demarche finds as entity mentions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One brat text-bound annotation (`T` line): label and character offsets.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextBound {
    /// `Source`, `Cue`, `Content`, `Attribution`.
    pub label: String,
    /// Character start.
    pub start: usize,
    /// Character end.
    pub end: usize,
}

/// An article and the union of its annotators' spans.
#[derive(Debug)]
pub struct Article {
    /// File stem.
    pub name: String,
    /// The text.
    pub text: String,
    /// Publication date from the file name (`outlet_YYYY-MM-DD_slug`).
    pub date: Option<String>,
    /// All `T` annotations of all annotation files, deduplicated.
    pub spans: Vec<TextBound>,
}

/// Reads a PolNeAR split folder (`text/`, `attributions/`).
pub fn load(dir: &Path) -> Result<Vec<Article>, String> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut texts = files(&text_dir, "txt")?;
    texts.sort();
    let anns = files(&ann_dir, "ann")?;
    let mut out = Vec::new();
    for t in texts {
        let name = t
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let text = std::fs::read_to_string(&t).map_err(|e| format!("{}: {e}", t.display()))?;
        let mut spans = BTreeSet::new();
        for a in anns.iter().filter(|a| {
            a.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
                s.len() > name.len() && s.starts_with(&name) && s.as_bytes()[name.len()] == b'_'
            })
        }) {
            let body = std::fs::read_to_string(a).map_err(|e| format!("{}: {e}", a.display()))?;
            for (_, label, start, end) in body.lines().filter_map(text_bound) {
                spans.insert(TextBound {
                    label: label.to_string(),
                    start,
                    end,
                });
            }
        }
        let date = name.split('_').nth(1).map(str::to_string);
        out.push(Article {
            name,
            text,
            date,
            spans: spans.into_iter().collect(),
        });
    }
    Ok(out)
}

/// The files of `dir` with extension `ext`.
pub fn files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect())
}

/// A brat text-bound line (`T1<TAB>Label 0 5;9 12<TAB>text`): id, label and character
/// offsets; discontinuous spans keep their outer bounds.
pub fn text_bound(line: &str) -> Option<(&str, &str, usize, usize)> {
    let mut parts = line.splitn(3, '\t');
    let (id, meta) = (parts.next()?, parts.next()?);
    if !id.starts_with('T') {
        return None;
    }
    let mut m = meta.split(' ');
    let label = m.next().unwrap_or("");
    let nums: Vec<usize> = m
        .flat_map(|x| x.split(';'))
        .filter_map(|x| x.parse().ok())
        .collect();
    Some((id, label, *nums.iter().min()?, *nums.iter().max()?))
}

/// Character offset → byte offset.
pub fn char_to_byte(text: &str, c: usize) -> usize {
    text.char_indices()
        .nth(c)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their",
    "Our", "My", "This", "That", "These", "Those", "Some", "Many", "Most", "One", "Both", "Each",
    "Another", "Other", "Others", "Several", "Few", "All", "Any", "No", "Two", "Three", "Who",
];

/// Does a source span name someone? It holds a capitalised word that is neither a pronoun or
/// determiner nor merely capitalised because it opens a sentence.
pub fn names_someone(text: &str, start: usize, end: usize) -> bool {
    let span = &text[start..end];
    let mut offset = start;
    for (i, w) in span.split(|c: char| c.is_whitespace()).enumerate() {
        let here = offset;
        offset += w.len() + 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !w.chars().next().is_some_and(char::is_uppercase) || NOT_NAMES.contains(&w) {
            continue;
        }
        let sentence_initial =
            i == 0
                && text[..here].trim_end().chars().next_back().is_none_or(|c| {
                    matches!(c, '.' | '!' | '?' | '"' | '“' | '”' | '\n' | ':' | '—')
                });
        // A sentence-initial capital counts only when the next word is capitalised too
        // ("Bernie Sanders said", not "Police officials said").
        let next_cap = span
            .split_whitespace()
            .nth(i + 1)
            .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
        if !sentence_initial || next_cap || proper_elsewhere(text, w) {
            return true;
        }
    }
    false
}

/// Is `w` written with a capital somewhere in `text` where it does not open a sentence (a
/// proper noun of this article, not a common word that happens to start one)?
fn proper_elsewhere(text: &str, w: &str) -> bool {
    let mut from = 0;
    while let Some(p) = text[from..].find(w) {
        let at = from + p;
        from = at + w.len();
        let before = text[..at].chars().next_back();
        let after = text[at + w.len()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let opens = text[..at]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '"' | '“' | '”' | '\n' | ':' | '—'));
        if !opens {
            return true;
        }
    }
    false
}

/// The result of the source check.
#[derive(Debug, Serialize)]
pub struct SourceRecall {
    /// Articles read.
    pub articles: usize,
    /// Distinct gold Source spans.
    pub sources: usize,
    /// Those that name a person or organisation.
    pub naming: usize,
    /// Of those, how many overlap an entity mention.
    pub found: usize,
    /// found / naming.
    pub recall: f64,
    /// Words per second of the annotator over the articles (one thread).
    pub words_per_second: f64,
    /// Missed spans, `article: text`.
    pub missed: Vec<String>,
    /// By outlet: (found, naming).
    pub by_outlet: BTreeMap<String, (usize, usize)>,
}

/// Runs demarche on every article and checks the gold Source spans that name someone.
pub fn source_recall(
    articles: &[Article],
    pipeline: &demarche_annotate::pipeline::Pipeline,
) -> SourceRecall {
    let mut r = SourceRecall {
        articles: articles.len(),
        sources: 0,
        naming: 0,
        found: 0,
        recall: 0.0,
        words_per_second: 0.0,
        missed: Vec::new(),
        by_outlet: BTreeMap::new(),
    };
    let mut words = 0usize;
    let mut secs = 0f64;
    for a in articles {
        let info = english_info(a.date.as_deref());
        let t0 = std::time::Instant::now();
        let layers = pipeline.run(&a.text, &info);
        secs += t0.elapsed().as_secs_f64();
        words += a.text.split_whitespace().count();
        // Any entity mention counts: a state or a city can be a source ("Russia said").
        let ents: Vec<(usize, usize)> = layers
            .entities
            .iter()
            .map(|m| (m.span.start as usize, m.span.end as usize))
            .collect();
        let outlet = a.name.split('_').next().unwrap_or("").to_string();
        let mut seen = BTreeSet::new();
        for s in a.spans.iter().filter(|s| s.label == "Source") {
            if !seen.insert((s.start, s.end)) {
                continue;
            }
            r.sources += 1;
            let (bs, be) = (char_to_byte(&a.text, s.start), char_to_byte(&a.text, s.end));
            if !names_someone(&a.text, bs, be) {
                continue;
            }
            r.naming += 1;
            let e = r.by_outlet.entry(outlet.clone()).or_default();
            e.1 += 1;
            if ents.iter().any(|&(x, y)| x < be && bs < y) {
                r.found += 1;
                e.0 += 1;
            } else {
                r.missed.push(format!("{}: {}", a.name, &a.text[bs..be]));
            }
        }
    }
    r.recall = if r.naming == 0 {
        0.0
    } else {
        r.found as f64 / r.naming as f64
    };
    r.words_per_second = if secs > 0.0 { words as f64 / secs } else { 0.0 };
    r
}

/// What the annotator knows of a PolNeAR article: English, and the date of its file name.
pub fn english_info(date: Option<&str>) -> demarche_annotate::entities::DocInfo {
    demarche_annotate::entities::DocInfo {
        date: date.and_then(demarche_annotate::pipeline::parse_date),
        outlet: None,
        lang: Some("en".into()),
        title: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_sources() {
        let t = "Officials said so. Trump said so. Critics of Trump agree. The Post reported. He said. A source said. The Clinton campaign said.";
        let find = |w: &str| {
            let s = t.find(w).unwrap();
            names_someone(t, s, s + w.len())
        };
        assert!(!find("Officials"));
        let t2 = "Police officials said so.";
        assert!(!names_someone(t2, 0, 16));
        assert!(find("Trump"));
        assert!(find("The Post"));
        assert!(!find("He"));
        assert!(!find("A source"));
        assert!(find("The Clinton campaign"));
    }
}
