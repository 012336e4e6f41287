//! Features. Every feature of a token is either
//! - a feature of one word *type* at a relative position (−2…+2): the word itself, its
//!   lowercase form, shape, prefixes and suffixes, script, list memberships (also of the
//!   nominative forms a Russian case form may stand for), word clusters; or
//! - a *context* feature: a few bits about the token's place (first word of the sentence,
//!   inside quotation marks, after an opening mark, a sentence in capitals or in title case,
//!   whether the document writes the word in lowercase or capitalised elsewhere), each joined
//!   with the token's shape.
//!
//! The first kind depends on the word form only, so the per-tag scores a word type adds at
//! each relative position are computed once and cached (see `model`); the second kind is a
//! small dense table indexed by (bits, shape). Feature keys are stable 64-bit hashes of
//! (template, position, value); a key's top bits pick its weight row.

use super::clusters::Clusters;
use super::hash::Fnv;
use super::lexicon::{Lexicon, CODES};
use super::token::{fold_into, is_quote, script, shape, Script, Shape, TokKind, Token, SHAPES};

/// Relative positions a word type contributes at: −2, −1, 0, +1, +2.
pub(crate) const OFFSETS: usize = 5;
/// The index of position 0 among [`OFFSETS`].
pub(crate) const HERE: usize = 2;

/// Version of the feature set; a model records it and refuses to load under another.
pub(crate) const FEATURE_VERSION: u32 = 3;

const T_BIAS: u8 = 1;
const T_WORD: u8 = 2;
const T_LOWER: u8 = 3;
const T_SHAPE: u8 = 4;
const T_CLASS: u8 = 5;
const T_PREFIX: u8 = 6;
const T_SUFFIX: u8 = 7;
const T_LEN: u8 = 8;
const T_SCRIPT: u8 = 9;
const T_LEX: u8 = 10;
const T_CASE_LEX: u8 = 11;
const T_CLUSTER: u8 = 12;
const T_EDGE: u8 = 13;
const T_STEM: u8 = 14;

/// The Snowball stem of a folded word: Russian for Cyrillic words, English for Latin ones.
pub(crate) fn stem(folded: &str) -> std::borrow::Cow<'_, str> {
    use frostem::{Algorithm, Stemmer};
    match script(folded) {
        Script::Cyrillic => Stemmer::new(Algorithm::Russian).stem(folded),
        Script::Latin => Stemmer::new(Algorithm::English).stem(folded),
        _ => std::borrow::Cow::Borrowed(folded),
    }
}

/// The form a word's clusters are looked up (and learned) by: the stem of a Cyrillic word
/// (Russian inflects too much for the raw text at hand), the folded form of any other.
pub(crate) fn cluster_key(folded: &str) -> std::borrow::Cow<'_, str> {
    if script(folded) == Script::Cyrillic {
        stem(folded)
    } else {
        std::borrow::Cow::Borrowed(folded)
    }
}

/// What the features of a word may consult.
#[derive(Clone, Copy)]
pub(crate) struct Resources<'a> {
    /// Name lists.
    pub lexicon: &'a Lexicon,
    /// Word clusters, if the model uses them.
    pub clusters: Option<&'a Clusters>,
}

/// What context features need to know of a word type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordInfo {
    /// Its shape.
    pub shape: Shape,
    /// The key of its folded form (for the document-level bits).
    pub lower: u64,
    /// The key of its stem (for the entity history of the document).
    pub stem: u64,
}

/// Reusable buffers for feature extraction.
#[derive(Default)]
pub(crate) struct Scratch {
    folded: String,
    shape: String,
    buf: String,
}

fn len_bucket(n: usize) -> u8 {
    match n {
        0..=3 => n as u8,
        4..=5 => 4,
        6..=8 => 5,
        _ => 6,
    }
}

/// The shape string: `X`, `x`, `d` for upper, lower and digits, other characters as they are,
/// runs cut at two ("Москва" → "Xxx", "U.S." → "X.X.", "2016" → "dd").
fn shape_string(s: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in s.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = m;
        }
        out.push(m);
    }
}

/// The key of a folded form, as [`WordInfo::lower`].
pub(crate) fn lower_key(folded: &str) -> u64 {
    Fnv::new(0x7f).bytes(folded.as_bytes()).finish()
}

/// Calls `sink(position, key)` for every word-type feature of `form` at every relative
/// position, and returns what the context features need to know of it.
pub(crate) fn word_features(
    form: &str,
    kind: TokKind,
    res: Resources<'_>,
    sc: &mut Scratch,
    mut sink: impl FnMut(usize, u64),
) -> WordInfo {
    let Scratch {
        folded,
        shape: shp,
        buf,
    } = sc;
    fold_into(form, folded);
    let sh = shape(form);
    shape_string(form, shp);
    let at = |t: u8, pos: usize| Fnv::new(t).byte(pos as u8);
    let class = sh as u8;
    // flags of the lists, for words only
    let (flags, case_flags) = if kind == TokKind::Punct {
        (0, 0)
    } else {
        let f = res.lexicon.flags(folded);
        let c = if script(folded) == Script::Cyrillic {
            res.lexicon.case_flags(folded, buf) & !f
        } else {
            0
        };
        (f, c)
    };
    let clusters = res.clusters.and_then(|c| c.paths(&cluster_key(folded)));
    let mut stem_key = lower_key(folded);

    // position 0: everything
    sink(HERE, at(T_BIAS, HERE).finish());
    sink(HERE, at(T_WORD, HERE).bytes(form.as_bytes()).finish());
    sink(HERE, at(T_LOWER, HERE).bytes(folded.as_bytes()).finish());
    sink(HERE, at(T_SHAPE, HERE).bytes(shp.as_bytes()).finish());
    sink(HERE, at(T_CLASS, HERE).byte(class).finish());
    let nchars = folded.chars().count();
    if kind != TokKind::Punct {
        let ends: Vec<usize> = folded
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain(std::iter::once(folded.len()))
            .collect();
        for n in 1..=4.min(nchars.saturating_sub(1)) {
            let p = &folded[..ends[n - 1]];
            sink(
                HERE,
                at(T_PREFIX, HERE)
                    .byte(n as u8)
                    .bytes(p.as_bytes())
                    .finish(),
            );
        }
        for n in 1..=5.min(nchars.saturating_sub(1)) {
            let s = &folded[ends[nchars - n - 1]..];
            sink(
                HERE,
                at(T_SUFFIX, HERE)
                    .byte(n as u8)
                    .bytes(s.as_bytes())
                    .finish(),
            );
            if n == 3 || n == 2 {
                for pos in [HERE - 1, HERE + 1] {
                    sink(
                        pos,
                        at(T_SUFFIX, pos).byte(n as u8).bytes(s.as_bytes()).finish(),
                    );
                }
            }
        }
        sink(HERE, at(T_LEN, HERE).byte(len_bucket(nchars)).finish());
        let st = stem(folded);
        for pos in HERE - 1..=HERE + 1 {
            sink(pos, at(T_STEM, pos).bytes(st.as_bytes()).finish());
        }
        stem_key = lower_key(&st);
        sink(HERE, at(T_SCRIPT, HERE).byte(script(form) as u8).finish());
    }
    for (flag, code) in CODES {
        if flags & flag != 0 {
            for pos in HERE - 1..=HERE + 1 {
                sink(pos, at(T_LEX, pos).byte(code as u8).byte(class).finish());
            }
            sink(HERE, at(T_LEX, HERE).byte(code as u8).finish());
        }
        if case_flags & flag != 0 {
            for pos in HERE - 1..=HERE + 1 {
                sink(
                    pos,
                    at(T_CASE_LEX, pos).byte(code as u8).byte(class).finish(),
                );
            }
        }
    }
    if let Some(paths) = clusters {
        for (k, p) in paths.iter().enumerate() {
            for pos in 0..OFFSETS {
                // the far positions see the coarse clusters only
                if (pos == 0 || pos == OFFSETS - 1) && k > 1 {
                    continue;
                }
                sink(
                    pos,
                    at(T_CLUSTER, pos)
                        .byte(k as u8)
                        .bytes(&p.to_le_bytes())
                        .finish(),
                );
            }
        }
    }
    // the neighbours
    for pos in [0, 1, 3, 4] {
        sink(pos, at(T_LOWER, pos).bytes(folded.as_bytes()).finish());
        sink(pos, at(T_CLASS, pos).byte(class).finish());
        if pos == 1 || pos == 3 {
            sink(pos, at(T_SHAPE, pos).bytes(shp.as_bytes()).finish());
        }
    }
    WordInfo {
        shape: sh,
        lower: lower_key(folded),
        stem: stem_key,
    }
}

/// The features of the positions before a sentence (`left`) or after it, at every relative
/// position.
pub(crate) fn edge_features(left: bool, mut sink: impl FnMut(usize, u64)) {
    let positions: &[usize] = if left { &[0, 1] } else { &[3, 4] };
    for &pos in positions {
        sink(
            pos,
            Fnv::new(T_EDGE).byte(pos as u8).byte(left as u8).finish(),
        );
    }
}

/// Context bits of a token.
pub(crate) mod bit {
    /// The first word of its sentence.
    pub const FIRST: u8 = 1;
    /// Right after an opening quotation mark or bracket.
    pub const AFTER_OPEN: u8 = 1 << 1;
    /// Inside quotation marks.
    pub const IN_QUOTE: u8 = 1 << 2;
    /// Its sentence is written in capitals.
    pub const CAPS_SENTENCE: u8 = 1 << 3;
    /// Its sentence is in title case (a headline).
    pub const TITLE_SENTENCE: u8 = 1 << 4;
    /// The document writes this word in lowercase elsewhere.
    pub const SEEN_LOWER: u8 = 1 << 5;
    /// The document writes this word capitalised inside a sentence elsewhere.
    pub const SEEN_CAPITAL: u8 = 1 << 6;
    /// Number of bits.
    pub const COUNT: usize = 7;
}

/// History bits of a token: its stem was part of an entity of this kind earlier in the
/// document (as decoded; gold in training).
pub(crate) mod hist {
    /// A person.
    pub const PER: u8 = 1;
    /// An organisation.
    pub const ORG: u8 = 1 << 1;
    /// A location.
    pub const LOC: u8 = 1 << 2;
    /// Number of bits.
    pub const COUNT: usize = 3;
}

const CONTEXT: usize = bit::COUNT * SHAPES + (1 << bit::COUNT) * SHAPES;

/// Number of dense features: each context bit with the shape, all context bits with the
/// shape; each history bit with the shape, all history bits with the shape.
pub(crate) const DENSE: usize = CONTEXT + hist::COUNT * SHAPES + (1 << hist::COUNT) * SHAPES;

/// Calls `sink` with the dense index of every context feature of a token.
#[inline]
pub(crate) fn context_features(bits: u8, shape: Shape, mut sink: impl FnMut(usize)) {
    let s = shape as usize;
    let mut b = bits;
    while b != 0 {
        let k = b.trailing_zeros() as usize;
        sink(k * SHAPES + s);
        b &= b - 1;
    }
    sink(bit::COUNT * SHAPES + bits as usize * SHAPES + s);
}

/// Calls `sink` with the dense index of every history feature of a token.
#[inline]
pub(crate) fn history_features(h: u8, shape: Shape, mut sink: impl FnMut(usize)) {
    let s = shape as usize;
    let mut b = h;
    while b != 0 {
        let k = b.trailing_zeros() as usize;
        sink(CONTEXT + k * SHAPES + s);
        b &= b - 1;
    }
    sink(CONTEXT + hist::COUNT * SHAPES + h as usize * SHAPES + s);
}

/// The kinds of entities each stem was part of so far in a document: three bit sets.
pub(crate) struct History {
    sets: [Vec<u64>; 3],
    mask: u64,
}

impl History {
    /// Sets sized for about `n` tokens.
    pub(crate) fn new(n: usize) -> History {
        let words = (n * 4 / 64).next_power_of_two().clamp(8, 1 << 14);
        History {
            sets: [vec![0; words], vec![0; words], vec![0; words]],
            mask: (words * 64 - 1) as u64,
        }
    }

    #[inline]
    fn slot(&self, key: u64) -> (usize, u64) {
        let b = (key >> 7) & self.mask;
        ((b >> 6) as usize, 1u64 << (b & 63))
    }

    /// The history bits of a word (capitalised words only).
    #[inline]
    pub(crate) fn bits(&self, w: &WordInfo) -> u8 {
        if !matches!(w.shape, Shape::Capital | Shape::Caps | Shape::Mixed) {
            return 0;
        }
        let (k, m) = self.slot(w.stem);
        let mut h = 0;
        for (set, b) in self.sets.iter().zip([hist::PER, hist::ORG, hist::LOC]) {
            if set[k] & m != 0 {
                h |= b;
            }
        }
        h
    }

    /// Writes the history bits of a sentence's words into `out`.
    pub(crate) fn sentence(&self, infos: &[WordInfo], out: &mut Vec<u8>) {
        out.clear();
        out.extend(infos.iter().map(|w| self.bits(w)));
    }

    /// Records a sentence's entities (token ranges and kinds).
    pub(crate) fn add(&mut self, infos: &[WordInfo], spans: &[(usize, usize, super::NerKind)]) {
        for &(s, e, kind) in spans {
            for w in infos.get(s..e).unwrap_or(&[]) {
                if matches!(w.shape, Shape::Capital | Shape::Caps | Shape::Mixed) {
                    let (k, m) = self.slot(w.stem);
                    self.sets[kind as usize][k] |= m;
                }
            }
        }
    }
}

/// What a document writes in lowercase and what it capitalises inside sentences: two small
/// bit sets over the keys of folded forms.
pub(crate) struct DocSeen {
    lower: Vec<u64>,
    capital: Vec<u64>,
    mask: u64,
}

impl DocSeen {
    /// Sets sized for about `n` tokens.
    pub(crate) fn new(n: usize) -> DocSeen {
        let words = (n * 16 / 64).next_power_of_two().clamp(16, 1 << 16);
        DocSeen {
            lower: vec![0; words],
            capital: vec![0; words],
            mask: (words * 64 - 1) as u64,
        }
    }

    #[inline]
    fn slot(&self, key: u64) -> (usize, u64) {
        let b = key & self.mask;
        ((b >> 6) as usize, 1u64 << (b & 63))
    }

    /// Records the words of one sentence.
    pub(crate) fn add(&mut self, infos: &[WordInfo], first: Option<usize>) {
        for (i, w) in infos.iter().enumerate() {
            let (k, m) = self.slot(w.lower);
            match w.shape {
                Shape::Lower => self.lower[k] |= m,
                Shape::Capital if Some(i) != first => self.capital[k] |= m,
                _ => {}
            }
        }
    }

    #[inline]
    fn bits(&self, w: &WordInfo) -> u8 {
        let (k, m) = self.slot(w.lower);
        let mut b = 0;
        if w.shape != Shape::Lower && self.lower[k] & m != 0 {
            b |= bit::SEEN_LOWER;
        }
        if self.capital[k] & m != 0 {
            b |= bit::SEEN_CAPITAL;
        }
        b
    }
}

/// The first word (or number) of a sentence's tokens.
pub(crate) fn first_word(toks: &[Token]) -> Option<usize> {
    toks.iter().position(|t| t.kind != TokKind::Punct)
}

/// Writes the context bits of every token of one sentence into `out`.
pub(crate) fn sentence_bits(
    text: &str,
    toks: &[Token],
    infos: &[WordInfo],
    seen: &DocSeen,
    out: &mut Vec<u8>,
) {
    out.clear();
    let first = first_word(toks);
    let (mut letters, mut upper, mut words, mut capitalised) = (0usize, 0usize, 0usize, 0usize);
    for (t, w) in toks.iter().zip(infos) {
        if t.kind != TokKind::Word {
            continue;
        }
        let s = &text[t.start as usize..t.end as usize];
        if s.len() >= 4 || s.chars().count() >= 4 {
            words += 1;
            if matches!(w.shape, Shape::Capital | Shape::Caps | Shape::Mixed) {
                capitalised += 1;
            }
        }
        if w.shape == Shape::Caps {
            let n = s.chars().count();
            letters += n;
            upper += n;
        } else if w.shape != Shape::Digit {
            letters += s.chars().count();
        }
    }
    let mut sentence = 0u8;
    if words >= 3 && upper * 10 >= letters * 7 {
        sentence |= bit::CAPS_SENTENCE;
    } else if words >= 3 && capitalised * 10 >= words * 7 {
        sentence |= bit::TITLE_SENTENCE;
    }
    let mut in_quote = false;
    let mut after_open = false;
    for (i, (t, w)) in toks.iter().zip(infos).enumerate() {
        let mut b = sentence | seen.bits(w);
        if Some(i) == first {
            b |= bit::FIRST;
        }
        if after_open {
            b |= bit::AFTER_OPEN;
        }
        if in_quote {
            b |= bit::IN_QUOTE;
        }
        after_open = false;
        if t.kind == TokKind::Punct {
            let c = text[t.start as usize..].chars().next().unwrap_or(' ');
            if is_quote(c) || c == '(' || c == '[' {
                let next_word = toks.get(i + 1).is_some_and(|n| n.start == t.end);
                let opening = match c {
                    '«' | '„' | '(' | '[' | '‹' => true,
                    '»' | ')' | ']' | '›' => false,
                    _ => next_word && !in_quote,
                };
                if opening {
                    after_open = true;
                    if c != '(' && c != '[' {
                        in_quote = true;
                    }
                } else if c != ')' && c != ']' {
                    in_quote = false;
                }
            }
        }
        out.push(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::token::tokenize;

    fn feats(form: &str) -> Vec<(usize, u64)> {
        let lex = Lexicon::empty();
        let res = Resources {
            lexicon: &lex,
            clusters: None,
        };
        let mut v = Vec::new();
        word_features(form, TokKind::Word, res, &mut Scratch::default(), |p, k| {
            v.push((p, k))
        });
        v
    }

    #[test]
    fn shapes_and_features() {
        let mut s = String::new();
        shape_string("Москва", &mut s);
        assert_eq!(s, "Xxx");
        shape_string("U.S.", &mut s);
        assert_eq!(s, "X.X.");
        // the same word gives the same keys; another word others
        assert_eq!(feats("Lakeport"), feats("Lakeport"));
        let a: std::collections::HashSet<_> = feats("Lakeport").into_iter().collect();
        let b: std::collections::HashSet<_> = feats("lakeport").into_iter().collect();
        assert!(!a.is_subset(&b) && a.intersection(&b).count() > 5);
        assert!(feats("Малышевой").iter().all(|(p, _)| *p < OFFSETS));
    }

    #[test]
    fn context_bits() {
        let text = "«Газпром» said Anna. ANNA WAS HERE TODAY";
        let mut toks = Vec::new();
        tokenize(text, 0, text.len(), &mut toks);
        let lex = Lexicon::empty();
        let res = Resources {
            lexicon: &lex,
            clusters: None,
        };
        let mut sc = Scratch::default();
        let infos: Vec<WordInfo> = toks
            .iter()
            .map(|t| {
                word_features(
                    &text[t.start as usize..t.end as usize],
                    t.kind,
                    res,
                    &mut sc,
                    |_, _| {},
                )
            })
            .collect();
        let mut seen = DocSeen::new(toks.len());
        seen.add(&infos, first_word(&toks));
        let mut bits = Vec::new();
        sentence_bits(text, &toks[..5], &infos[..5], &seen, &mut bits);
        assert_eq!(bits[1] & (bit::FIRST | bit::AFTER_OPEN | bit::IN_QUOTE), 7);
        assert_eq!(bits[3] & bit::IN_QUOTE, 0);
        assert_ne!(bits[4] & bit::SEEN_CAPITAL, 0, "Anna is capitalised inside");
        sentence_bits(text, &toks[6..], &infos[6..], &seen, &mut bits);
        assert!(bits.iter().all(|b| b & bit::CAPS_SENTENCE != 0));
        let mut n = 0;
        context_features(bit::FIRST | bit::IN_QUOTE, Shape::Capital, |i| {
            assert!(i < DENSE);
            n += 1
        });
        assert_eq!(n, 3);
    }
}
