//! Cue words and a cue classifier learned from PolNeAR's train split.
//!
//! The hand lexicon of [`super`] knows the verbs of saying. Political news attributes much
//! more than speech: stances ("blamed", "urged"), beliefs ("doubts"), plans, findings of polls.
//! PolNeAR (Newell, Margolin and Ruths, LREC 2018) marks all of them as attributions. Two files,
//! written by `demarche eval learn-cues` from its train split and compiled in, extend the hand
//! rules:
//! - `data/cues-en.tsv`: every word that heads a gold cue often enough, with how often it is a
//!   cue, where its content lies (after, before or around it) and how often it has a source;
//! - `data/cue-weights.tsv`: an averaged perceptron over the context of a candidate word
//!   (neighbours, word classes, position, the mention before it, a following "that", quotation
//!   marks) that says whether this occurrence is a cue.
//!
//! Both files hold counts and weights only, no text of the corpus.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use demarche_kb::EntityType;
use demarche_model::Span;

use super::{en_forms, is_pronoun, Ctx, Strength, Tk, AUX};
use crate::entities::{How, Mention};

/// Where the content of a learned cue lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// After the cue ("blamed the drop on speculators").
    After,
    /// Before it ("…, polls suggest").
    Before,
    /// Around it: the cue sits inside its content ("The senator seemed unfazed").
    Around,
}

/// What the train split says of a cue word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Learned {
    /// Where its content usually lies.
    pub shape: Shape,
    /// Whether it usually has a source.
    pub sourced: bool,
}

/// Counts of one learned cue word, as in `cues-en.tsv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CueStat {
    /// Gold cues the word heads.
    pub cues: usize,
    /// Occurrences of the word.
    pub total: usize,
    /// Cues whose content follows the cue.
    pub after: usize,
    /// Cues whose content precedes it.
    pub before: usize,
    /// Cues inside their content.
    pub around: usize,
    /// Cues with a source.
    pub sourced: usize,
}

impl CueStat {
    fn learned(&self) -> Learned {
        let shape = if self.after >= self.before && self.after >= self.around {
            Shape::After
        } else if self.before >= self.around {
            Shape::Before
        } else {
            Shape::Around
        };
        Learned {
            shape,
            sourced: self.sourced * 2 >= self.cues,
        }
    }
}

/// Parses a cue table (`form\tcues\ttotal\tafter\tbefore\taround\tsourced`, `#` comments).
fn parse_table(tsv: &str) -> HashMap<String, CueStat> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let n = |i: usize| f.get(i).and_then(|v| v.trim().parse::<usize>().ok());
            Some((
                f.first()?.to_string(),
                CueStat {
                    cues: n(1)?,
                    total: n(2)?,
                    after: n(3)?,
                    before: n(4)?,
                    around: n(5)?,
                    sourced: n(6)?,
                },
            ))
        })
        .collect()
}

fn table() -> &'static FxHashMap<String, Learned> {
    static T: OnceLock<FxHashMap<String, Learned>> = OnceLock::new();
    T.get_or_init(|| {
        parse_table(include_str!("../../data/cues-en.tsv"))
            .into_iter()
            .map(|(w, s)| (w, s.learned()))
            .collect()
    })
}

/// The learned reading of a (lowercased) word, if the train split makes it a cue.
pub(super) fn learned(w: &str) -> Option<Learned> {
    table().get(w).copied()
}

/// A 64-bit FNV-1a hash, fed piece by piece: a feature's key is the same whether its text is
/// hashed whole (the weight file) or in its parts (a candidate's context, with no string built).
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const START: Fnv = Fnv(0xcbf2_9ce4_8422_2325);

    fn add(self, bytes: &[u8]) -> Fnv {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Fnv(h)
    }
}

/// A feature's key in the weight table: the hash of its text. Looking features up by hash
/// keeps the table one flat array (no string per entry to reach and compare); among the
/// 62,000 features of the shipped weights, a collision has a chance of about 1 in 10^10.
fn feature_key(f: &str) -> u64 {
    Fnv::START.add(f.as_bytes()).0
}

/// Receives the features of a candidate as parts: a name, then values. The feature's text is
/// `name=value1|value2…` (the name alone when there is no value).
trait Features {
    fn feature(&mut self, parts: &[&str]);
}

/// Calls `f` with the pieces of a feature's text, in order: the parts and their separators.
fn pieces<'p>(parts: &[&'p str], mut f: impl FnMut(&'p str)) {
    f(parts[0]);
    for (k, p) in parts[1..].iter().enumerate() {
        f(if k == 0 { "=" } else { "|" });
        f(p);
    }
}

/// Scores the features against the weights, by their keys.
struct Score<'w> {
    weights: &'w FxHashMap<u64, f32>,
    total: f32,
}

impl Features for Score<'_> {
    fn feature(&mut self, parts: &[&str]) {
        let mut h = Fnv::START;
        pieces(parts, |p| h = h.add(p.as_bytes()));
        self.total += self.weights.get(&h.0).copied().unwrap_or(0.0);
    }
}

/// Collects the features' texts, for training.
impl Features for Vec<String> {
    fn feature(&mut self, parts: &[&str]) {
        let mut f = String::new();
        pieces(parts, |p| f.push_str(p));
        self.push(f);
    }
}

fn weights() -> &'static FxHashMap<u64, f32> {
    static W: OnceLock<FxHashMap<u64, f32>> = OnceLock::new();
    W.get_or_init(|| {
        let mut m: FxHashMap<u64, f32> = FxHashMap::default();
        for l in include_str!("../../data/cue-weights.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            if let Some((f, w)) = l.rsplit_once('\t') {
                if let Ok(w) = w.trim().parse::<f32>() {
                    *m.entry(feature_key(f)).or_default() += w;
                }
            }
        }
        m
    })
}

/// The classifier's score for the cue candidate at token `i` of the sentence `a..b`: above
/// zero, a cue.
pub(super) fn cue_score(cx: &Ctx, a: usize, b: usize, i: usize) -> f32 {
    let mut score = Score {
        weights: weights(),
        total: 0.0,
    };
    cue_features(cx, a, b, i, &mut score);
    score.total
}

fn class(cx: &Ctx, a: usize, b: usize, k: Option<usize>) -> &'static str {
    let Some(k) = k.filter(|&k| k >= a && k < b) else {
        return "edge";
    };
    match cx.toks[k].k {
        Tk::Para => "edge",
        Tk::Punct(_) => "punct",
        Tk::Word => {
            let w = &cx.low[k];
            if is_pronoun(w) {
                "pronoun"
            } else if matches!(
                w,
                "the" | "a" | "an" | "this" | "these" | "those" | "its" | "our" | "my" | "your"
            ) {
                "det"
            } else if AUX.contains(&w) {
                "aux"
            } else if w.starts_with(|c: char| c.is_ascii_digit()) {
                "num"
            } else if cx.cap(k) {
                "cap"
            } else {
                "word"
            }
        }
    }
}

fn tok_feature<'c>(cx: &'c Ctx, a: usize, b: usize, k: Option<usize>) -> &'c str {
    match k.filter(|&k| k >= a && k < b) {
        None => "<s>",
        Some(k) => match cx.toks[k].k {
            Tk::Word => &cx.low[k],
            Tk::Punct(_) => {
                let t = cx.toks[k];
                &cx.text[t.s..t.e]
            }
            Tk::Para => "<s>",
        },
    }
}

fn mention_kind(m: &Mention) -> &'static str {
    if m.how == How::Pronoun {
        return "pronoun";
    }
    match m.kind {
        EntityType::Person => "person",
        EntityType::Organisation => "org",
        EntityType::State | EntityType::Place => "place",
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2..=3 => "2-3",
        4..=7 => "4-7",
        _ => "8+",
    }
}

/// Calls `f` with every feature of the candidate at token `i` of the sentence `a..b`.
fn cue_features(cx: &Ctx, a: usize, b: usize, i: usize, f: &mut impl Features) {
    let w = &cx.low[i];
    let prev = |n: usize| i.checked_sub(n);
    let next = |n: usize| Some(i + n);
    let (p1, p2) = (
        tok_feature(cx, a, b, prev(1)),
        tok_feature(cx, a, b, prev(2)),
    );
    let (n1, n2) = (
        tok_feature(cx, a, b, next(1)),
        tok_feature(cx, a, b, next(2)),
    );
    let (cp, cn) = (class(cx, a, b, prev(1)), class(cx, a, b, next(1)));
    let pos = bucket((a..i).filter(|&k| cx.toks[k].k == Tk::Word).count());
    let start = cx.toks[i].s as u32;
    let sent_start = cx.toks[a].s as u32;
    // the last mention of the sentence before the candidate
    let upto = cx.mentions.partition_point(|m| m.span.start < start);
    let before = cx.mentions[..upto]
        .iter()
        .rev()
        .take_while(|m| m.span.start >= sent_start)
        .find(|m| m.span.end <= start);
    let ment = before.map_or("none", mention_kind);
    // the mention ends right before the candidate, perhaps with auxiliaries between
    let mut j = i;
    while j > a && cx.word(j - 1).is_some_and(|w| AUX.contains(&w)) {
        j -= 1;
    }
    let subj = j > a && before.is_some_and(|m| m.span.end as usize == cx.toks[j - 1].e);
    let that = (i + 1..b.min(i + 5)).any(|k| matches!(cx.word(k), Some("that")));
    let quoted = cx.region_at(cx.toks[i].s).is_some();
    let cap = i > a && cx.cap(i);
    let sfx = &w[w.char_indices().rev().nth(2).map_or(0, |(k, _)| k)..];
    let mut emit = |parts: &[&str]| f.feature(parts);
    let tf = |b: bool| if b { "true" } else { "false" };
    emit(&["bias"]);
    emit(&["w", w]);
    emit(&["sfx", sfx]);
    emit(&["p1", p1]);
    emit(&["p2", p2]);
    emit(&["n1", n1]);
    emit(&["n2", n2]);
    emit(&["w|p1", w, p1]);
    emit(&["w|n1", w, n1]);
    emit(&["p1|n1", p1, n1]);
    emit(&["cp", cp]);
    emit(&["cn", cn]);
    emit(&["cp|cn", cp, cn]);
    emit(&["w|cp", w, cp]);
    emit(&["w|cn", w, cn]);
    emit(&["pos", pos]);
    emit(&["w|pos", w, pos]);
    emit(&["ment", ment]);
    emit(&["w|ment", w, ment]);
    emit(&["that", tf(that)]);
    emit(&["w|that", w, tf(that)]);
    emit(&["quoted", tf(quoted)]);
    emit(&["cap", tf(cap)]);
    if subj {
        emit(&["subj", "mention"]);
        emit(&["w|subj", w]);
    }
}

/// A candidate cue word with its features, for training the classifier.
#[derive(Clone, Debug)]
pub struct CueCandidate {
    /// The word's bytes.
    pub span: Span,
    /// Its features.
    pub features: Vec<String>,
}

/// Every candidate cue word of a text whose lowercase form is in `table`, with its features:
/// what the classifier is trained on. Verbs of saying of the hand lexicon are left out, as the
/// annotator never asks the classifier about them.
pub fn cue_candidates(
    text: &str,
    sentences: &[Span],
    mentions: &[Mention],
    table: &HashSet<String>,
) -> Vec<CueCandidate> {
    let cx = Ctx::new(text, mentions);
    let mut out = Vec::new();
    for s in sentences {
        let a = cx.toks.partition_point(|t| t.s < s.start as usize);
        let b = cx.toks.partition_point(|t| t.s < s.end as usize);
        for i in a..b {
            // the words the annotator asks the classifier about: learned ones that the hand
            // lexicon does not already take as verbs of saying
            let asked = cx
                .word(i)
                .is_some_and(|w| table.contains(w) && en_forms().get(w) != Some(&Strength::Strong));
            if !asked {
                continue;
            }
            let mut features = Vec::with_capacity(26);
            cue_features(&cx, a, b, i, &mut features);
            out.push(CueCandidate {
                span: Span::new(cx.toks[i].s as u32, cx.toks[i].e as u32),
                features,
            });
        }
    }
    out
}

/// An attribution from a learned cue at token `c` (its first token after it: `ce`) of the
/// sentence `a..end`: the source before it when the word usually has one, the content where
/// the word usually has it.
pub(super) fn learned_cue(
    cx: &Ctx,
    a: usize,
    c: usize,
    ce: usize,
    end: usize,
    l: Learned,
    out: &mut Vec<super::Quote>,
) {
    let source = if l.sourced {
        super::source_left(cx, a, c).or_else(|| super::relative_subject(cx, a, c))
    } else {
        None
    };
    let content = match l.shape {
        Shape::After => super::content_after(cx, ce, end, Strength::Weak, &cx.low[c])
            .map(|(r, _)| r)
            .or_else(|| (ce + 1 < end).then_some((ce, end))),
        Shape::Before => {
            let mut k = source.map_or(c, |s| s.0);
            while k > a && matches!(cx.toks[k - 1].k, Tk::Punct(',' | '—' | '–' | '(')) {
                k -= 1;
            }
            (k > a + 1).then_some((a, k))
        }
        Shape::Around => Some((a, end)),
    };
    if let Some((x, y)) = content {
        super::push(cx, out, x, y, Some((c, ce)), source);
    }
}
