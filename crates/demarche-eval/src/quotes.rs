//! Attribution scoring against PolNeAR's brat annotations.
//!
//! Every annotation file is one annotator's gold for its article; an article annotated twice
//! is scored twice (micro-averaged), so neither annotator's choices are merged into the other's.
//! A gold attribution is its `E` line: content, cue and source spans (character offsets;
//! discontinuous spans keep their outer bounds). It is **direct** when its content, trimmed,
//! opens with a quotation mark; otherwise **indirect**. demarche's attributions are classed by
//! the same test on their content, so both sides share one definition (a transcript turn
//! without marks is indirect here, as in the gold).
//!
//! Matching is one-to-one and greedy in text order. Each measure compares one or more span
//! kinds, **exact** (identical after trimming white space and trailing `.`/`,`) or **overlap**
//! (sharing a character):
//! - `content`, `cue`, `source`: that span alone (attributions without that span on either side
//!   are left out of the source measure);
//! - `content+source`: content and source both match (the "right speaker" measure);
//! - `triple`: content, cue and source all match.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::entities::Prf;
use crate::polnear::{char_to_byte, files, text_bound};

/// Spans of one attribution (bytes).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Attr {
    /// Content.
    pub content: Option<(usize, usize)>,
    /// Cue.
    pub cue: Option<(usize, usize)>,
    /// Source.
    pub source: Option<(usize, usize)>,
    /// Direct quotation.
    pub direct: bool,
}

/// An article with one annotator's attributions.
#[derive(Debug)]
pub struct Annotated {
    /// File stem of the annotation file.
    pub name: String,
    /// Article text.
    pub text: String,
    /// Publication date from the file name.
    pub date: Option<String>,
    /// Gold attributions.
    pub gold: Vec<Attr>,
}

/// Reads every annotation file of a PolNeAR split.
pub fn load(dir: &Path) -> Result<Vec<Annotated>, String> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut anns = files(&ann_dir, "ann")?;
    anns.sort();
    let mut out = Vec::new();
    for a in anns {
        let stem = a
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        // `<article>_<annotator>.ann`
        let Some(cut) = stem.rfind('_') else { continue };
        let article = &stem[..cut];
        let tp = text_dir.join(format!("{article}.txt"));
        let text = std::fs::read_to_string(&tp).map_err(|e| format!("{}: {e}", tp.display()))?;
        let body = std::fs::read_to_string(&a).map_err(|e| format!("{}: {e}", a.display()))?;
        let t: BTreeMap<&str, (usize, usize)> = body
            .lines()
            .filter_map(text_bound)
            .map(|(id, _, s, e)| (id, (char_to_byte(&text, s), char_to_byte(&text, e))))
            .collect();
        let mut gold = Vec::new();
        for line in body.lines().filter(|l| l.starts_with('E')) {
            let Some(args) = line.split('\t').nth(1) else {
                continue;
            };
            let mut at = Attr::default();
            for arg in args.split(' ') {
                let Some((role, id)) = arg.split_once(':') else {
                    continue;
                };
                let Some(&(s, e)) = t.get(id) else {
                    continue;
                };
                let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                let slot = match role {
                    "Content" => &mut at.content,
                    "Cue" => &mut at.cue,
                    "Source" => &mut at.source,
                    _ => continue,
                };
                // several spans of one role: outer bounds
                *slot = Some(match *slot {
                    Some((a, b)) => (a.min(s), b.max(e)),
                    None => (s, e),
                });
            }
            if let Some((s, e)) = at.content {
                at.direct = opens_with_mark(&text[s..e]);
                gold.push(at);
            }
        }
        out.push(Annotated {
            name: stem.clone(),
            text,
            date: article.split('_').nth(1).map(str::to_string),
            gold,
        });
    }
    Ok(out)
}

/// Which spans a measure compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Measure {
    Content,
    Cue,
    Source,
    ContentSource,
    Triple,
}

const MEASURES: &[(Measure, &str)] = &[
    (Measure::Content, "content"),
    (Measure::Cue, "cue"),
    (Measure::Source, "source"),
    (Measure::ContentSource, "content+source"),
    (Measure::Triple, "triple"),
];

fn norm(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    let t = &text[s..e];
    let lead = t.len() - t.trim_start().len();
    let t2 = t.trim_end().trim_end_matches(['.', ',']).trim_end();
    (s + lead, s + t2.len().max(lead))
}

fn span_match(
    text: &str,
    a: Option<(usize, usize)>,
    b: Option<(usize, usize)>,
    exact: bool,
) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            if exact {
                norm(text, a) == norm(text, b)
            } else {
                a.0 < b.1 && b.0 < a.1
            }
        }
        _ => false,
    }
}

fn pair_match(text: &str, m: Measure, g: &Attr, p: &Attr, exact: bool) -> bool {
    let c = || span_match(text, g.content, p.content, exact);
    let q = || span_match(text, g.cue, p.cue, exact);
    let s = || span_match(text, g.source, p.source, exact);
    match m {
        Measure::Content => c(),
        Measure::Cue => q(),
        Measure::Source => s(),
        Measure::ContentSource => c() && s(),
        Measure::Triple => c() && q() && s(),
    }
}

/// All measures: `[class][measure][exact|overlap]`.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Annotation files scored.
    pub files: usize,
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions (counted once per annotation file).
    pub predicted: usize,
    /// class (`all`, `direct`, `indirect`) → measure → (`exact`, `overlap`).
    pub scores: BTreeMap<String, BTreeMap<String, BTreeMap<String, Prf>>>,
    /// Words per second of the whole pipeline over the articles (one thread).
    pub words_per_second: f64,
}

/// Scores predictions per annotation file: `pred[i]` are demarche's attributions for `docs[i]`.
pub fn score(docs: &[Annotated], pred: &[Vec<Attr>]) -> Report {
    let mut r = Report {
        files: docs.len(),
        ..Default::default()
    };
    for (class, keep) in [
        ("all", None),
        ("direct", Some(true)),
        ("indirect", Some(false)),
    ] {
        for &(m, mname) in MEASURES {
            for (ename, exact) in [("exact", true), ("overlap", false)] {
                let (mut tp, mut predicted, mut gold) = (0, 0, 0);
                for (d, ps) in docs.iter().zip(pred) {
                    let needs = |a: &Attr| {
                        keep.is_none_or(|k| a.direct == k)
                            && match m {
                                Measure::Cue => a.cue.is_some(),
                                Measure::Source | Measure::ContentSource | Measure::Triple => {
                                    a.source.is_some()
                                }
                                Measure::Content => true,
                            }
                    };
                    let g: Vec<&Attr> = d.gold.iter().filter(|a| needs(a)).collect();
                    let p: Vec<&Attr> = ps.iter().filter(|a| needs(a)).collect();
                    gold += g.len();
                    predicted += p.len();
                    let mut used = vec![false; g.len()];
                    for pa in &p {
                        if let Some(k) = (0..g.len())
                            .find(|&k| !used[k] && pair_match(&d.text, m, g[k], pa, exact))
                        {
                            used[k] = true;
                            tp += 1;
                        }
                    }
                }
                let prf = Prf::new(tp, predicted, gold);
                r.scores
                    .entry(class.into())
                    .or_default()
                    .entry(mname.into())
                    .or_default()
                    .insert(ename.into(), prf);
            }
        }
    }
    r.gold = docs.iter().map(|d| d.gold.len()).sum();
    r.predicted = pred.iter().map(Vec::len).sum();
    r
}

/// Runs the pipeline on every annotated article and converts its quote layer.
pub fn predict(
    docs: &[Annotated],
    pipeline: &demarche_annotate::pipeline::Pipeline,
) -> (Vec<Vec<Attr>>, f64) {
    use demarche_annotate::entities::DocInfo;
    let mut words = 0usize;
    let mut secs = 0f64;
    let out = docs
        .iter()
        .map(|d| {
            let info = DocInfo {
                date: d
                    .date
                    .as_deref()
                    .and_then(demarche_annotate::pipeline::parse_date),
                outlet: None,
                lang: Some("en".into()),
            };
            let t0 = std::time::Instant::now();
            let layers = pipeline.run(&d.text, &info);
            secs += t0.elapsed().as_secs_f64();
            words += d.text.split_whitespace().count();
            layers
                .quotes
                .iter()
                .map(|q| Attr {
                    content: Some((q.content.start as usize, q.content.end as usize)),
                    cue: q.cue.map(|c| (c.start as usize, c.end as usize)),
                    source: q.source.map(|c| (c.start as usize, c.end as usize)),
                    direct: opens_with_mark(&d.text[q.content.range()]),
                })
                .collect()
        })
        .collect();
    (out, if secs > 0.0 { words as f64 / secs } else { 0.0 })
}

/// Direct: the content, trimmed, opens with a quotation mark.
fn opens_with_mark(s: &str) -> bool {
    s.trim_start()
        .starts_with(['"', '“', '«', '„', '\'', '‘', '‹'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_counts_exact_and_overlap() {
        let text = "Lavrov said that talks went well. “We agree,” he said.".to_string();
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            Some((s, s + w.len()))
        };
        let g = vec![
            Attr {
                content: at("that talks went well"),
                cue: at("said"),
                source: at("Lavrov"),
                direct: false,
            },
            Attr {
                content: at("“We agree,”"),
                cue: at("said."),
                source: at("he"),
                direct: true,
            },
        ];
        let p = vec![
            Attr {
                content: at("talks went well."),
                cue: at("said"),
                source: at("Lavrov"),
                direct: false,
            },
            Attr {
                content: at("“We agree,”"),
                cue: at("said."),
                source: at("he"),
                direct: true,
            },
        ];
        let docs = vec![Annotated {
            name: "x".into(),
            text,
            date: None,
            gold: g,
        }];
        let r = score(&docs, &[p]);
        let get = |c: &str, m: &str, e: &str| r.scores[c][m][e].f1;
        assert_eq!(get("all", "content", "overlap"), 1.0);
        assert_eq!(get("all", "content", "exact"), 0.5);
        assert_eq!(get("direct", "triple", "exact"), 1.0);
        assert_eq!(get("indirect", "content+source", "exact"), 0.0);
        assert_eq!(get("indirect", "content+source", "overlap"), 1.0);
    }
}
