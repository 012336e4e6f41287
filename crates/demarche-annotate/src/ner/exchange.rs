//! Word clusters from raw text: the exchange algorithm for the predictive class bigram model
//! (Uszkoreit and Brants, ACL 2008). The model predicts a word from its class and its
//! class from the previous *word*: p(w | v) = p(w | c(w)) · p(c(w) | v). Its log-likelihood,
//! up to terms that do not depend on the classes, is
//!
//! ```text
//! F = Σ_{v,c} N(v, c) log N(v, c) − Σ_c N(c) log N(c)
//! ```
//!
//! where N(v, c) counts word v followed by a word of class c. Each pass visits the words in
//! order of frequency and moves each to the class that raises F most, which needs only the
//! counts of the word's predecessors. Words are the tagger's tokens, folded (lowercase, `ё`
//! as `е`) and, when Cyrillic, stemmed (Snowball); rare words share one class-less slot as
//! context. Deterministic: the
//! start assigns classes round-robin by frequency rank, and ties go to the lowest class.

use rustc_hash::FxHashMap;

use super::features::cluster_key;
use super::token::{fold_into, tokenize};

/// Settings.
#[derive(Clone, Debug)]
pub struct ExchangeConfig {
    /// Numbers of classes, coarse to fine (one clustering each).
    pub classes: Vec<usize>,
    /// Passes over the vocabulary.
    pub passes: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// At most this many words (the most frequent) are clustered.
    pub max_words: usize,
}

impl Default for ExchangeConfig {
    /// 64, 256 and 1024 classes, 10 passes, words seen 3 times or more, at most 80,000.
    fn default() -> ExchangeConfig {
        ExchangeConfig {
            classes: vec![64, 256, 1024],
            passes: 10,
            min_count: 3,
            max_words: 80_000,
        }
    }
}

/// Counts of a corpus: the vocabulary, and for each word its predecessors with counts.
pub struct Corpus {
    /// Clustered words, most frequent first; ids are indexes.
    pub words: Vec<String>,
    counts: Vec<u64>,
    /// Predecessors of each word: (predecessor context id, count). Context ids are word ids,
    /// then one id for rare words and one for the sentence start.
    preds: Vec<Vec<(u32, u32)>>,
    contexts: usize,
}

impl Corpus {
    /// Counts `texts`, one sentence per line break or sentence boundary of the splitter.
    pub fn count<'a>(texts: impl Iterator<Item = &'a str>, cfg: &ExchangeConfig) -> Corpus {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut freq: Vec<u64> = Vec::new();
        let mut seqs: Vec<Vec<u32>> = Vec::new();
        let mut toks = Vec::new();
        let mut buf = String::new();
        for t in texts {
            for s in crate::sentences::split(t) {
                toks.clear();
                tokenize(t, s.start as usize, s.end as usize, &mut toks);
                let mut seq = Vec::with_capacity(toks.len());
                for k in &toks {
                    fold_into(&t[k.start as usize..k.end as usize], &mut buf);
                    let key = cluster_key(&buf);
                    let n = ids.len() as u32;
                    let id = match ids.get(key.as_ref()) {
                        Some(&i) => i,
                        None => {
                            ids.insert(key.into_owned(), n);
                            n
                        }
                    };
                    if id as usize == freq.len() {
                        freq.push(0);
                    }
                    freq[id as usize] += 1;
                    seq.push(id);
                }
                if !seq.is_empty() {
                    seqs.push(seq);
                }
            }
        }
        // the vocabulary: frequent words, most frequent first (ties by form)
        let mut by_freq: Vec<(&String, u32)> = ids.iter().map(|(w, &i)| (w, i)).collect();
        by_freq.retain(|&(_, i)| freq[i as usize] >= u64::from(cfg.min_count));
        by_freq.sort_by(|a, b| {
            freq[b.1 as usize]
                .cmp(&freq[a.1 as usize])
                .then(a.0.cmp(b.0))
        });
        by_freq.truncate(cfg.max_words);
        let v = by_freq.len();
        let rare = v as u32;
        let start = v as u32 + 1;
        let mut remap = vec![rare; ids.len()];
        let mut words = Vec::with_capacity(v);
        let mut counts = Vec::with_capacity(v);
        for (k, &(w, i)) in by_freq.iter().enumerate() {
            remap[i as usize] = k as u32;
            words.push(w.clone());
            counts.push(freq[i as usize]);
        }
        let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for seq in &seqs {
            let mut prev = start;
            for &i in seq {
                let w = remap[i as usize];
                if w != rare {
                    *pairs.entry((w, prev)).or_default() += 1;
                }
                prev = w;
            }
        }
        let mut preds: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
        for (&(w, p), &n) in &pairs {
            preds[w as usize].push((p, n));
        }
        for p in &mut preds {
            p.sort_unstable();
        }
        Corpus {
            words,
            counts,
            preds,
            contexts: v + 2,
        }
    }

    /// Number of clustered words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no word is frequent enough.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// x ln x, with a table for small counts.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new() -> XLogX {
        XLogX(
            (0..1usize << 16)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }

    #[inline]
    fn at(&self, x: u64) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// Clusters the words of `corpus` into `k` classes; returns each word's class.
pub fn cluster(corpus: &Corpus, k: usize, passes: usize) -> Vec<u32> {
    let v = corpus.len();
    let k = k.max(1);
    let f = XLogX::new();
    let mut class: Vec<u32> = (0..v).map(|i| (i % k) as u32).collect();
    // N(ctx, c), dense; N(c)
    let mut nvc = vec![0u32; corpus.contexts * k];
    let mut nc = vec![0u64; k];
    for (w, &c) in class.iter().enumerate() {
        let c = c as usize;
        nc[c] += corpus.counts[w];
        for &(p, n) in &corpus.preds[w] {
            nvc[p as usize * k + c] += n;
        }
    }
    let mut delta = vec![0f64; k];
    for _ in 0..passes {
        let mut moved = 0usize;
        for (w, cw) in class.iter_mut().enumerate() {
            let a = *cw as usize;
            let nw = corpus.counts[w];
            // take the word out
            nc[a] -= nw;
            for &(p, n) in &corpus.preds[w] {
                nvc[p as usize * k + a] -= n;
            }
            for (b, d) in delta.iter_mut().enumerate() {
                *d = -(f.at(nc[b] + nw) - f.at(nc[b]));
            }
            for &(p, n) in &corpus.preds[w] {
                let row = &nvc[p as usize * k..p as usize * k + k];
                let n = u64::from(n);
                for (d, &x) in delta.iter_mut().zip(row) {
                    let x = u64::from(x);
                    *d += f.at(x + n) - f.at(x);
                }
            }
            let mut best = a;
            for b in 0..k {
                if delta[b] > delta[best] + 1e-9 {
                    best = b;
                }
            }
            if best != a {
                moved += 1;
            }
            *cw = best as u32;
            nc[best] += nw;
            for &(p, n) in &corpus.preds[w] {
                nvc[p as usize * k + best] += n;
            }
        }
        if moved == 0 {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_class() {
        // cities follow "in", persons precede "said"
        let mut text = String::new();
        for (i, (city, person)) in [
            ("lakeport", "varga"),
            ("ostrava", "lindqvist"),
            ("brno", "malysheva"),
        ]
        .iter()
        .cycle()
        .take(60)
        .enumerate()
        {
            text.push_str(&format!("we met in {city} and {person} said so . "));
            if i % 2 == 0 {
                text.push_str(&format!("in {city} the talks went on .\n"));
            }
        }
        let cfg = ExchangeConfig {
            classes: vec![4],
            passes: 10,
            min_count: 2,
            max_words: 1000,
        };
        let corpus = Corpus::count(std::iter::once(text.as_str()), &cfg);
        let c = cluster(&corpus, 4, 10);
        let class = |w: &str| c[corpus.words.iter().position(|x| x == w).unwrap()];
        assert_eq!(class("lakeport"), class("ostrava"));
        assert_eq!(class("ostrava"), class("brno"));
        assert_eq!(class("varga"), class("lindqvist"));
        assert_ne!(class("lakeport"), class("varga"));
        // deterministic
        assert_eq!(c, cluster(&corpus, 4, 10));
    }
}
