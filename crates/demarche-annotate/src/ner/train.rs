//! Training: an averaged structured perceptron (Collins 2002) over the features of
//! [`super::features`], decoding each training sentence with the model's own decoder and
//! moving weight from the predicted to the gold tags where they differ. Deterministic: the
//! sentences are visited in an order shuffled by a fixed seed per pass, and nothing depends
//! on hash-map iteration order.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::clusters::Clusters;
use super::decode::{constrained, greedy, viterbi, Lattice, Scheme};
use super::features::{
    context_features, edge_features, first_word, history_features, sentence_bits, word_features,
    DocSeen, History, Resources, Scratch, WordInfo, DENSE, OFFSETS,
};
use super::lexicon::Lexicon;
use super::model::{bucket, Model};
use super::token::{tokenize, Token};
use super::NerKind;

/// One training text with its entities (byte offsets, not overlapping).
#[derive(Clone, Copy, Debug)]
pub struct Example<'a> {
    /// The text.
    pub text: &'a str,
    /// Its entities: start byte, end byte, kind.
    pub entities: &'a [(usize, usize, NerKind)],
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Tag scheme.
    pub scheme: Scheme,
    /// Log2 of the number of hashed weight rows.
    pub bits: u32,
    /// Passes over the data; a model is returned after each pass listed in `snapshots`
    /// (the last pass when empty).
    pub epochs: usize,
    /// Passes after which to return a model.
    pub snapshots: Vec<usize>,
    /// Seed of the visiting order.
    pub seed: u64,
    /// Bits per stored weight (8 or 16).
    pub quant_bits: u8,
    /// Decode greedily while training (and in the returned models' reports).
    pub greedy: bool,
}

impl Default for TrainConfig {
    /// BIO tags, 2^20 rows, 8 passes, seed 1, 8-bit weights, Viterbi.
    fn default() -> TrainConfig {
        TrainConfig {
            scheme: Scheme::Bio,
            bits: 20,
            epochs: 8,
            snapshots: Vec::new(),
            seed: 1,
            quant_bits: 8,
            greedy: false,
        }
    }
}

/// What training saw.
#[derive(Clone, Debug, Default)]
pub struct TrainStats {
    /// Texts.
    pub texts: usize,
    /// Sentences.
    pub sentences: usize,
    /// Tokens.
    pub tokens: usize,
    /// Word types.
    pub types: usize,
    /// Gold entities used.
    pub entities: usize,
    /// Gold entities whose bounds fall inside a token (used with the tokens they overlap).
    pub unaligned: usize,
    /// Gold entities across a sentence boundary, or covering no token (left out).
    pub dropped: usize,
    /// Sentences decoded wrongly in each pass.
    pub errors: Vec<usize>,
}

struct Sentence {
    /// Word type of each token.
    types: Vec<u32>,
    /// Context bits of each token.
    bits: Vec<u8>,
    /// History bits of each token.
    hist: Vec<u8>,
    /// Gold tags.
    gold: Vec<usize>,
}

/// Features of every word type, grouped by relative position: the rows of type `t` at
/// position `p` are `rows[start[t * OFFSETS + p]..start[t * OFFSETS + p + 1]]`.
struct TypeFeatures {
    start: Vec<u32>,
    rows: Vec<u32>,
    infos: Vec<WordInfo>,
}

impl TypeFeatures {
    fn at(&self, t: u32, pos: usize) -> &[u32] {
        let i = t as usize * OFFSETS + pos;
        &self.rows[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Learner state: weights, their running sums for averaging, and transition scores.
struct Learner {
    nt: usize,
    w: Vec<f32>,
    sum: Vec<f32>,
    t: Vec<f32>,
    tsum: Vec<f32>,
    c: f32,
}

impl Learner {
    #[inline]
    fn bump(&mut self, row: usize, tag: usize, d: f32) {
        let i = row * self.nt + tag;
        self.w[i] += d;
        self.sum[i] += self.c * d;
    }

    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let avg = |w: &[f32], s: &[f32]| -> Vec<f32> {
            w.iter()
                .zip(s)
                .map(|(w, s)| w - s / self.c.max(1.0))
                .collect()
        };
        (avg(&self.w, &self.sum), avg(&self.t, &self.tsum))
    }
}

/// A small deterministic generator for the visiting order.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// Trains on `examples` and returns a model after each pass of `cfg.snapshots`.
pub fn train(
    examples: &[Example<'_>],
    cfg: &TrainConfig,
    lexicon: Arc<Lexicon>,
    clusters: Option<Arc<Clusters>>,
    header: &str,
) -> (Vec<(usize, Model)>, TrainStats) {
    let scheme = cfg.scheme;
    let nt = scheme.tags();
    let res = Resources {
        lexicon: &lexicon,
        clusters: clusters.as_deref(),
    };
    let dense = 1usize << cfg.bits;
    let mut stats = TrainStats {
        texts: examples.len(),
        ..TrainStats::default()
    };
    // word types and their features
    let mut type_of: FxHashMap<&str, u32> = FxHashMap::default();
    let mut feats = TypeFeatures {
        start: vec![0],
        rows: Vec::new(),
        infos: Vec::new(),
    };
    let mut scratch = Scratch::default();
    let mut per_pos: Vec<Vec<u32>> = vec![Vec::new(); OFFSETS];
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut toks: Vec<Token> = Vec::new();
    let mut spans: Vec<(usize, usize, NerKind)> = Vec::new();
    for ex in examples {
        let text = ex.text;
        let sents = crate::sentences::split(text);
        let mut doc: Vec<(Vec<Token>, Vec<u32>)> = Vec::new();
        let mut used = vec![false; ex.entities.len()];
        for s in &sents {
            toks.clear();
            tokenize(text, s.start as usize, s.end as usize, &mut toks);
            if toks.is_empty() {
                continue;
            }
            let mut types = Vec::with_capacity(toks.len());
            for t in &toks {
                let form = &text[t.start as usize..t.end as usize];
                let next = feats.infos.len() as u32;
                let id = *type_of.entry(form).or_insert(next);
                if id == next {
                    for v in per_pos.iter_mut() {
                        v.clear();
                    }
                    let info = word_features(form, t.kind, res, &mut scratch, |pos, key| {
                        per_pos[pos].push(bucket(key, cfg.bits) as u32)
                    });
                    for v in &per_pos {
                        feats.rows.extend_from_slice(v);
                        feats.start.push(feats.rows.len() as u32);
                    }
                    feats.infos.push(info);
                }
                types.push(id);
            }
            doc.push((toks.clone(), types));
        }
        // document-level context
        let mut seen = DocSeen::new(doc.iter().map(|d| d.0.len()).sum());
        let mut infos: Vec<WordInfo> = Vec::new();
        for (tk, ty) in &doc {
            infos.clear();
            infos.extend(ty.iter().map(|&t| feats.infos[t as usize]));
            seen.add(&infos, first_word(tk));
        }
        let mut history = History::new(doc.iter().map(|d| d.0.len()).sum());
        for (tk, ty) in doc {
            infos.clear();
            infos.extend(ty.iter().map(|&t| feats.infos[t as usize]));
            let mut bits = Vec::new();
            sentence_bits(text, &tk, &infos, &seen, &mut bits);
            // gold spans as token ranges
            spans.clear();
            let (s0, s1) = (tk[0].start as usize, tk[tk.len() - 1].end as usize);
            for (k, &(s, e, kind)) in ex.entities.iter().enumerate() {
                if used[k] || e <= s0 || s >= s1 {
                    continue;
                }
                used[k] = true;
                if s < s0 || e > s1 {
                    stats.dropped += 1;
                    continue;
                }
                let a = tk.iter().position(|t| t.end as usize > s);
                let b = tk.iter().rposition(|t| (t.start as usize) < e);
                match (a, b) {
                    (Some(a), Some(b)) if a <= b => {
                        if (tk[a].start as usize) != s || (tk[b].end as usize) != e {
                            stats.unaligned += 1;
                        }
                        if spans.iter().all(|&(x, y, _)| b < x || a >= y) {
                            spans.push((a, b + 1, kind));
                            stats.entities += 1;
                        } else {
                            stats.dropped += 1;
                        }
                    }
                    _ => stats.dropped += 1,
                }
            }
            spans.sort();
            let mut gold = Vec::new();
            scheme.encode(tk.len(), &spans, &mut gold);
            stats.tokens += tk.len();
            let mut hist = Vec::new();
            history.sentence(&infos, &mut hist);
            history.add(&infos, &spans);
            sentences.push(Sentence {
                types: ty,
                bits,
                hist,
                gold,
            });
        }
        stats.dropped += used.iter().filter(|u| !**u).count();
    }
    stats.sentences = sentences.len();
    stats.types = feats.infos.len();

    let mut edges: [Vec<Vec<u32>>; 2] = [vec![Vec::new(); OFFSETS], vec![Vec::new(); OFFSETS]];
    for (side, left) in [(0, true), (1, false)] {
        edge_features(left, |pos, key| {
            edges[side][pos].push(bucket(key, cfg.bits) as u32)
        });
    }
    let rows = dense + DENSE;
    let mut l = Learner {
        nt,
        w: vec![0.0; rows * nt],
        sum: vec![0.0; rows * nt],
        t: vec![0.0; (nt + 1) * nt],
        tsum: vec![0.0; (nt + 1) * nt],
        c: 1.0,
    };
    let snapshots: Vec<usize> = if cfg.snapshots.is_empty() {
        vec![cfg.epochs]
    } else {
        cfg.snapshots.clone()
    };
    let last = snapshots.iter().copied().max().unwrap_or(cfg.epochs);
    let mut out = Vec::new();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = XorShift(cfg.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut em: Vec<f32> = Vec::new();
    let mut pred: Vec<usize> = Vec::new();
    let mut lat = Lattice::default();
    // every feature row of token i, for updates
    let token_rows = |s: &Sentence, i: usize, f: &mut dyn FnMut(usize)| {
        let n = s.types.len();
        for (pos, (left, right)) in edges[0].iter().zip(&edges[1]).enumerate() {
            let j = i as isize + pos as isize - 2;
            let list: &[u32] = if j < 0 {
                left
            } else if j as usize >= n {
                right
            } else {
                feats.at(s.types[j as usize], pos)
            };
            for &r in list {
                f(r as usize);
            }
        }
        let shape = feats.infos[s.types[i] as usize].shape;
        context_features(s.bits[i], shape, |d| f(dense + d));
        history_features(s.hist[i], shape, |d| f(dense + d));
    };
    for epoch in 1..=last {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0;
        for &si in &order {
            let s = &sentences[si];
            let n = s.types.len();
            em.clear();
            em.resize(n * nt, 0.0);
            for i in 0..n {
                let e = &mut em[i * nt..i * nt + nt];
                token_rows(s, i, &mut |r| {
                    for (o, w) in e.iter_mut().zip(&l.w[r * nt..r * nt + nt]) {
                        *o += w;
                    }
                });
            }
            let trans = constrained(scheme, &l.t);
            if cfg.greedy {
                greedy(scheme, &em, &trans, &mut pred);
            } else {
                viterbi(scheme, &em, &trans, &mut lat, &mut pred);
            }
            if pred != s.gold {
                errors += 1;
                for i in 0..n {
                    let (g, p) = (s.gold[i], pred[i]);
                    if g != p {
                        token_rows(s, i, &mut |r| {
                            l.bump(r, g, 1.0);
                            l.bump(r, p, -1.0);
                        });
                    }
                    let gp = if i == 0 { nt } else { s.gold[i - 1] };
                    let pp = if i == 0 { nt } else { pred[i - 1] };
                    if (gp, g) != (pp, p) {
                        let c = l.c;
                        l.t[gp * nt + g] += 1.0;
                        l.tsum[gp * nt + g] += c;
                        l.t[pp * nt + p] -= 1.0;
                        l.tsum[pp * nt + p] -= c;
                    }
                }
            }
            l.c += 1.0;
        }
        stats.errors.push(errors);
        if snapshots.contains(&epoch) {
            let (w, t) = l.averaged();
            let m = Model::from_weights(
                scheme,
                cfg.bits,
                &w,
                &t,
                cfg.quant_bits,
                lexicon.clone(),
                clusters.clone(),
                header,
            );
            out.push((epoch, m));
        }
    }
    (out, stats)
}
