//! A statistical named-entity tagger for English and Russian: persons, organisations and
//! locations (states, regions, cities and other places).
//!
//! ```
//! use demarche_annotate::ner::{NerKind, Tagger};
//! let text = "Elena Varga met Tomas Lindqvist in Lakeport.";
//! let sentences = demarche_annotate::sentences::split(text);
//! let spans = Tagger::builtin().tag(text, &sentences, None);
//! let names: Vec<(&str, NerKind)> = spans.iter().map(|s| (&text[s.span.range()], s.kind)).collect();
//! assert!(names.contains(&("Elena Varga", NerKind::Per)));
//! ```
//!
//! Design. Each language has an averaged-perceptron sequence model (BIO tags, Viterbi
//! decoding over learned transitions) over hashed features (see [`features`](self) in the
//! source): the word, its lowercase form, shape, prefixes and suffixes, script, membership of
//! name lists (Russian first names, surnames and patronymics, also through their case forms;
//! words of the KB's person, organisation and place names), unsupervised word clusters, the
//! same for the neighbours up to two words away, and a few context bits (sentence start,
//! quotation, a sentence in capitals or title case, how the document writes the word
//! elsewhere). Every feature but the context bits depends on one word form at one relative
//! position, so what a word form adds to each tag at each position is computed once and kept
//! in a per-thread cache; tagging a token then costs five row additions, a few context
//! lookups and a 7×7 Viterbi step. The models, word lists and clusters are data files under
//! `data/`, written by `demarche eval learn-ner` and `demarche eval learn-clusters`.
//!
//! The tagger needs no KB at run time: the KB's name words were copied into a word list when
//! the model was trained.

mod clusters;
mod decode;
mod exchange;
mod features;
mod hash;
mod lexicon;
mod model;
mod token;
mod train;

use std::sync::{Arc, OnceLock};

use demarche_model::Span;

pub use clusters::Clusters;
pub use decode::Scheme;
pub use exchange::{cluster, Corpus, ExchangeConfig};
pub use lexicon::{given_name_only, kb_words, names_from_dir, write_list, Lexicon};
pub use model::Model;
pub use train::{train, Example, TrainConfig, TrainStats};

use decode::{greedy, local_margin, viterbi, Lattice};
use features::{first_word, sentence_bits, DocSeen, History};
use model::{sentence_entries, with_cache};
use token::{tokenize, TokKind, Token};

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NerKind {
    /// A person.
    Per = 0,
    /// An organisation.
    Org = 1,
    /// A state, region, city or other place.
    Loc = 2,
}

impl NerKind {
    /// `PER`, `ORG`, `LOC`.
    pub fn name(self) -> &'static str {
        match self {
            NerKind::Per => "PER",
            NerKind::Org => "ORG",
            NerKind::Loc => "LOC",
        }
    }

    /// The kind of `PER`, `ORG`, `LOC` (any case).
    pub fn parse(s: &str) -> Option<NerKind> {
        match s.to_ascii_uppercase().as_str() {
            "PER" => Some(NerKind::Per),
            "ORG" => Some(NerKind::Org),
            "LOC" => Some(NerKind::Loc),
            _ => None,
        }
    }
}

/// A tagged entity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NerSpan {
    /// Byte offsets into the text, on char boundaries, without surrounding punctuation.
    pub span: Span,
    /// Its kind.
    pub kind: NerKind,
    /// Confidence in [0, 1): the decoder's smallest margin over the entity's tokens (how
    /// much each token's tag beats its best rival, the neighbours' tags held), as `m / (m +
    /// 1)` with `m` in units of the model's median margin (0.5: a typical entity; near 0: a
    /// near tie). Not a calibrated probability.
    pub score: f32,
}

/// The English and Russian models.
#[derive(Debug)]
pub struct Tagger {
    en: Model,
    ru: Model,
    decoding: Decoding,
}

/// How the tagger decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// Best sequence under the transition scores (the default).
    Viterbi,
    /// Left to right, each token's best tag given the previous one.
    Greedy,
}

/// A language model choice for one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    En,
    Ru,
}

impl Tagger {
    /// A tagger from two models.
    pub fn new(en: Model, ru: Model) -> Tagger {
        Tagger {
            en,
            ru,
            decoding: Decoding::Viterbi,
        }
    }

    /// The same tagger decoding another way.
    pub fn with_decoding(mut self, d: Decoding) -> Tagger {
        self.decoding = d;
        self
    }

    /// The models compiled in (`data/ner-en.bin`, `data/ner-ru.bin`), loaded on first use.
    pub fn builtin() -> &'static Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| {
            let lex = builtin_lexicon();
            let load = |bytes: &[u8], clusters: &str| {
                let c = Clusters::parse(clusters).expect("built-in clusters parse");
                let c = (!c.is_empty()).then(|| Arc::new(c));
                Model::from_bytes(bytes, lex.clone(), c)
                    .expect("built-in NER models load (checked by tests)")
            };
            Tagger::new(
                load(
                    include_bytes!("../../data/ner-en.bin"),
                    include_str!("../../data/ner-clusters-en.tsv"),
                ),
                load(
                    include_bytes!("../../data/ner-ru.bin"),
                    include_str!("../../data/ner-clusters-ru.tsv"),
                ),
            )
        })
    }

    /// The English model.
    pub fn en(&self) -> &Model {
        &self.en
    }

    /// The Russian model.
    pub fn ru(&self) -> &Model {
        &self.ru
    }

    /// Entities in `text`, sentence by sentence (`sentences` from
    /// [`crate::sentences::split`]), in text order. `lang` `en` or `ru` (or a tag starting
    /// so) picks one model for all; otherwise each sentence goes to the Russian model when
    /// most of its letters are Cyrillic, else to the English one. Never panics: sentence
    /// spans out of the text or off char boundaries are skipped.
    pub fn tag(&self, text: &str, sentences: &[Span], lang: Option<&str>) -> Vec<NerSpan> {
        self.tag_decoding(text, sentences, lang, self.decoding)
    }

    /// [`Tagger::tag`], decoding as told.
    pub fn tag_decoding(
        &self,
        text: &str,
        sentences: &[Span],
        lang: Option<&str>,
        decoding: Decoding,
    ) -> Vec<NerSpan> {
        let fixed = match lang.map(|l| l.get(..2).unwrap_or(l).to_ascii_lowercase()) {
            Some(l) if l == "ru" => Some(Lang::Ru),
            Some(l) if l == "en" => Some(Lang::En),
            _ => None,
        };
        let mut groups: [Vec<Span>; 2] = [Vec::new(), Vec::new()];
        for s in sentences {
            let (a, b) = (s.start as usize, s.end as usize);
            if a > b || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            let l = fixed.unwrap_or_else(|| script_of(&text[a..b]));
            groups[(l == Lang::Ru) as usize].push(*s);
        }
        let mut out = Vec::new();
        for (model, g) in [(&self.en, &groups[0]), (&self.ru, &groups[1])] {
            if !g.is_empty() {
                tag_sentences(model, decoding, model.margin_unit(), text, g, &mut out);
            }
        }
        if !groups[0].is_empty() && !groups[1].is_empty() {
            out.sort_by_key(|s| (s.span.start, s.span.end));
        }
        out
    }
}

/// The word lists compiled in.
fn builtin_lexicon() -> Arc<Lexicon> {
    static L: OnceLock<Arc<Lexicon>> = OnceLock::new();
    L.get_or_init(|| Arc::new(Lexicon::builtin().clone()))
        .clone()
}

/// Russian when most letters are Cyrillic.
fn script_of(s: &str) -> Lang {
    let (mut lat, mut cyr) = (0usize, 0usize);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            lat += 1;
        } else if c == 0xd0 || c == 0xd1 || c == 0xd2 || c == 0xd3 {
            cyr += 1;
            i += 1;
        }
        i += 1;
    }
    if cyr > lat {
        Lang::Ru
    } else {
        Lang::En
    }
}

/// Tags `sentences` of `text` with one model, appending to `out`.
pub fn tag_with(model: &Model, text: &str, sentences: &[Span], out: &mut Vec<NerSpan>) {
    tag_sentences(
        model,
        Decoding::Viterbi,
        model.margin_unit(),
        text,
        sentences,
        out,
    );
}

/// The tagger's tokens in `texts` (for speed reports).
pub fn count_tokens(texts: &[String]) -> usize {
    let mut v = Vec::new();
    texts
        .iter()
        .map(|t| {
            v.clear();
            tokenize(t, 0, t.len(), &mut v);
            v.len()
        })
        .sum()
}

/// Sets a model's margin unit to the median margin of the entities it finds in `texts`.
pub fn calibrate(model: &mut Model, texts: &[&str]) {
    let mut ms = Vec::new();
    let mut out = Vec::new();
    for t in texts {
        out.clear();
        tag_sentences(
            model,
            Decoding::Viterbi,
            1.0,
            t,
            &crate::sentences::split(t),
            &mut out,
        );
        // score = m / (m + 1) with unit 1
        ms.extend(out.iter().map(|s| s.score / (1.0 - s.score).max(1e-6)));
    }
    if !ms.is_empty() {
        ms.sort_by(f32::total_cmp);
        model.set_margin_unit(ms[ms.len() / 2]);
    }
}

fn tag_sentences(
    model: &Model,
    decoding: Decoding,
    unit: f32,
    text: &str,
    sentences: &[Span],
    out: &mut Vec<NerSpan>,
) {
    let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut bounds: Vec<usize> = Vec::with_capacity(sentences.len() + 1);
    bounds.push(0);
    for s in sentences {
        tokenize(text, s.start as usize, s.end as usize, &mut toks);
        bounds.push(toks.len());
    }
    if toks.is_empty() {
        return;
    }
    with_cache(model, |cache| {
        let mut entries = Vec::with_capacity(toks.len());
        let mut infos = Vec::with_capacity(toks.len());
        sentence_entries(model, cache, text, &toks, &mut entries, &mut infos);
        let mut seen = DocSeen::new(toks.len());
        for w in bounds.windows(2) {
            seen.add(&infos[w[0]..w[1]], first_word(&toks[w[0]..w[1]]));
        }
        let mut bits = Vec::new();
        let mut hist = Vec::new();
        let mut history = History::new(toks.len());
        let mut em = Vec::new();
        let mut tags = Vec::new();
        let mut lat = Lattice::default();
        let mut spans = Vec::new();
        let scheme = model.scheme();
        for w in bounds.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == b {
                continue;
            }
            let st = &toks[a..b];
            sentence_bits(text, st, &infos[a..b], &seen, &mut bits);
            history.sentence(&infos[a..b], &mut hist);
            model.emissions(cache, &entries[a..b], &infos[a..b], &bits, &hist, &mut em);
            let trans = model.transitions();
            match decoding {
                Decoding::Viterbi => viterbi(scheme, &em, trans, &mut lat, &mut tags),
                Decoding::Greedy => greedy(scheme, &em, trans, &mut tags),
            }
            scheme.spans(&tags, &mut spans);
            history.add(&infos[a..b], &spans);
            for &(s, e, kind) in &spans {
                // no punctuation at the edges
                let mut s = s;
                let mut e = e;
                while s < e && st[s].kind == TokKind::Punct {
                    s += 1;
                }
                while e > s && st[e - 1].kind == TokKind::Punct {
                    e -= 1;
                }
                if s == e {
                    continue;
                }
                let m = (s..e)
                    .map(|i| local_margin(scheme, &em, trans, &tags, i))
                    .fold(f32::INFINITY, f32::min);
                let m = m / unit;
                out.push(NerSpan {
                    span: Span::new(st[s].start, st[e - 1].end),
                    kind,
                    score: m / (m + 1.0),
                });
            }
        }
    });
}

#[cfg(test)]
mod tests;
