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
use crate::polnear::{char_to_byte, english_info, files, text_bound};

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
    let mut words = 0usize;
    let mut secs = 0f64;
    let out = docs
        .iter()
        .map(|d| {
            let info = english_info(d.date.as_deref());
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

/// Words that do not head a cue span: auxiliaries, negations and clitics ("has said",
/// "didn't say", "she's"); "according to" is headed by "according". Adverbs do head one
/// ("publicly criticized"): they mark stances of verbs too rare to be learned alone.
fn not_head(w: &str) -> bool {
    w.ends_with("n't")
        || matches!(w, "s" | "re" | "ve" | "ll" | "d" | "m" | "cannot")
        || matches!(
            w,
            "has"
                | "have"
                | "had"
                | "is"
                | "was"
                | "were"
                | "are"
                | "be"
                | "been"
                | "being"
                | "will"
                | "would"
                | "also"
                | "not"
                | "never"
                | "to"
                | "did"
                | "does"
                | "do"
                | "could"
                | "can"
                | "may"
                | "might"
                | "should"
                | "must"
                | "the"
                | "a"
                | "an"
                | "just"
                | "still"
                | "already"
        )
}

/// The words of a text as (start, end, lowercase form), split as the annotator splits them:
/// letters and digits, with inner apostrophes and hyphens.
pub fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(p, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(p);
        } else if let Some(s) = start.take() {
            out.push((s, p, text[s..p].to_lowercase().replace('’', "'")));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), text[s..].to_lowercase().replace('’', "'")));
    }
    out
}

/// The word that heads a cue span: its first word that is not an auxiliary.
fn cue_head(text: &str, (s, e): (usize, usize)) -> Option<(usize, usize, String)> {
    let ws = words(&text[s..e]);
    let pick = ws.iter().find(|w| !not_head(&w.2)).or(ws.last())?.clone();
    Some((s + pick.0, s + pick.1, pick.2))
}

/// Counts, over the gold cues of `docs`, how often each word heads a cue, where the content
/// lies and whether there is a source; and how often each of those words occurs at all.
pub fn learn_cues(docs: &[Annotated]) -> BTreeMap<String, demarche_annotate::quotes::CueStat> {
    use std::collections::HashMap;
    let mut stats: BTreeMap<String, demarche_annotate::quotes::CueStat> = BTreeMap::new();
    for d in docs {
        for g in &d.gold {
            let (Some(cue), Some(content)) = (g.cue, g.content) else {
                continue;
            };
            let Some((_, _, w)) = cue_head(&d.text, cue) else {
                continue;
            };
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            let st = stats.entry(w).or_default();
            st.cues += 1;
            if content.0 >= cue.1 {
                st.after += 1;
            } else if content.1 <= cue.0 {
                st.before += 1;
            } else {
                st.around += 1;
            }
            if g.source.is_some() {
                st.sourced += 1;
            }
        }
    }
    let mut totals: HashMap<String, usize> = HashMap::new();
    for d in docs {
        for (_, _, w) in words(&d.text) {
            if stats.contains_key(&w) {
                *totals.entry(w).or_default() += 1;
            }
        }
    }
    for (w, st) in stats.iter_mut() {
        st.total = totals.get(w).copied().unwrap_or(0).max(st.cues);
    }
    stats
}

/// One candidate cue word of a train article: its features and whether a gold cue holds it.
#[derive(Clone, Debug)]
pub struct CueExample {
    /// Article (annotation file stem without the annotator).
    pub article: String,
    /// Features.
    pub features: Vec<String>,
    /// Heads a gold cue.
    pub cue: bool,
}

/// The classifier's examples: every candidate word of `table` in `docs`, labelled by the gold
/// cues.
pub fn cue_examples(
    docs: &[Annotated],
    pipeline: &demarche_annotate::pipeline::Pipeline,
    table: &std::collections::HashSet<String>,
) -> Vec<CueExample> {
    let mut out = Vec::new();
    for d in docs {
        let info = english_info(d.date.as_deref());
        let layers = pipeline.run(&d.text, &info);
        let (sentences, mentions) = (layers.sentences, layers.entities);
        let article = d.name.rsplit_once('_').map_or(&d.name[..], |(a, _)| a);
        for c in demarche_annotate::quotes::cue_candidates(&d.text, &sentences, &mentions, table) {
            let (s, e) = (c.span.start as usize, c.span.end as usize);
            let cue = d
                .gold
                .iter()
                .filter_map(|g| g.cue)
                .any(|(gs, ge)| gs < e && s < ge);
            out.push(CueExample {
                article: article.to_string(),
                features: c.features,
                cue,
            });
        }
    }
    out
}

/// Trains an averaged perceptron on `examples` for `epochs` passes in a shuffled order (fixed
/// seed); returns the averaged weights, small ones dropped.
pub fn train_perceptron(examples: &[&CueExample], epochs: usize) -> BTreeMap<String, f32> {
    use std::collections::HashMap;
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let encoded: Vec<(Vec<usize>, f64)> = examples
        .iter()
        .map(|x| {
            let fs = x
                .features
                .iter()
                .map(|f| {
                    *ids.entry(f.as_str()).or_insert_with(|| {
                        names.push(f.as_str());
                        names.len() - 1
                    })
                })
                .collect();
            (fs, if x.cue { 1.0 } else { -1.0 })
        })
        .collect();
    let n = names.len();
    let (mut w, mut u) = (vec![0f64; n], vec![0f64; n]);
    let mut c = 1f64;
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..epochs {
        // Fisher-Yates with xorshift
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let (fs, y) = &encoded[k];
            let score: f64 = fs.iter().map(|&f| w[f]).sum();
            if score * y <= 0.0 {
                for &f in fs {
                    w[f] += y;
                    u[f] += c * y;
                }
            }
            c += 1.0;
        }
    }
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let avg = w[i] - u[i] / c;
            (avg.abs() >= 1e-4).then(|| (name.to_string(), avg as f32))
        })
        .collect()
}

/// Precision, recall and F1 of `weights` on `examples` (a cue when the score is above zero).
pub fn score_perceptron(weights: &BTreeMap<String, f32>, examples: &[&CueExample]) -> Prf {
    let (mut tp, mut predicted, mut gold) = (0, 0, 0);
    for x in examples {
        let s: f32 = x
            .features
            .iter()
            .map(|f| weights.get(f).copied().unwrap_or(0.0))
            .sum();
        let yes = s > 0.0;
        predicted += usize::from(yes);
        gold += usize::from(x.cue);
        tp += usize::from(yes && x.cue);
    }
    Prf::new(tp, predicted, gold)
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
