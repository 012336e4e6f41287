//! Entity-level scores, exact span and overlap, per kind and micro-averaged over all; and,
//! for sets with their own tokens (factRuEval), the token-level score of natasha's `naeval`.
//!
//! - Exact: a predicted entity is right when a gold entity has the same start, end and kind.
//! - Overlap: predicted and gold entities of one kind are paired one to one, each gold
//!   entity (in text order) with the first unpaired prediction of its kind that overlaps it;
//!   precision is pairs over predictions, recall pairs over gold.
//! - Token level (as `naeval` computes it): per kind, each token is inside or outside an
//!   entity of that kind, in the gold and in the prediction. Walking the tokens in order
//!   against the entities in order, a token is inside the current entity when it starts at
//!   or after the entity's start, and the entity is done at the first token ending at or
//!   after its end. Precision is the share of predicted inside tokens that are inside in the
//!   gold, recall the share of gold inside tokens predicted inside, summed over documents.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Entity, NerDoc, NerKind};
use crate::entities::Prf;

const KINDS: [NerKind; 3] = [NerKind::Per, NerKind::Org, NerKind::Loc];

/// Scores of predictions against gold.
#[derive(Debug, Serialize)]
pub struct NerScores {
    /// Documents scored.
    pub documents: usize,
    /// Exact span and kind, by kind (`PER`, `ORG`, `LOC`) and `all`.
    pub exact: BTreeMap<String, Prf>,
    /// Overlapping span and same kind, one to one.
    pub overlap: BTreeMap<String, Prf>,
    /// naeval's token-level score by kind, when the documents have their own tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<BTreeMap<String, Prf>>,
}

#[derive(Clone, Copy, Default)]
struct Count {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
    fn prf(self) -> Prf {
        Prf::new(self.tp, self.pred, self.gold)
    }
}

fn exact(gold: &[Entity], pred: &[Entity], kind: NerKind) -> Count {
    let g: std::collections::HashSet<&Entity> = gold.iter().filter(|e| e.kind == kind).collect();
    let p: std::collections::HashSet<&Entity> = pred.iter().filter(|e| e.kind == kind).collect();
    Count {
        tp: p.iter().filter(|e| g.contains(*e)).count(),
        pred: p.len(),
        gold: g.len(),
    }
}

fn overlap(gold: &[Entity], pred: &[Entity], kind: NerKind) -> Count {
    let g: Vec<&Entity> = gold.iter().filter(|e| e.kind == kind).collect();
    let p: Vec<&Entity> = pred.iter().filter(|e| e.kind == kind).collect();
    let mut used = vec![false; p.len()];
    let mut tp = 0;
    for e in &g {
        if let Some(k) =
            (0..p.len()).find(|&k| !used[k] && p[k].start < e.end && e.start < p[k].end)
        {
            used[k] = true;
            tp += 1;
        }
    }
    Count {
        tp,
        pred: p.len(),
        gold: g.len(),
    }
}

/// Inside (true) or outside each token, for the entities of one kind (naeval's `spans_io`).
fn inside(tokens: &[(usize, usize)], spans: &[(usize, usize)]) -> Vec<bool> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut k = 0;
    for &(s, e) in tokens {
        let mut is_in = false;
        if let Some(&(a, b)) = spans.get(k) {
            if s >= a {
                is_in = true;
            }
            if e >= b {
                k += 1;
            }
        }
        out.push(is_in);
    }
    out
}

fn token_level(
    tokens: &[(usize, usize)],
    gold: &[Entity],
    pred: &[Entity],
    kind: NerKind,
) -> Count {
    let spans = |v: &[Entity]| -> Vec<(usize, usize)> {
        let mut s: Vec<(usize, usize)> = v
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| (e.start, e.end))
            .collect();
        s.sort();
        s
    };
    let g = inside(tokens, &spans(gold));
    let p = inside(tokens, &spans(pred));
    let mut c = Count::default();
    for (g, p) in g.iter().zip(&p) {
        c.pred += *p as usize;
        c.gold += *g as usize;
        c.tp += (*p && *g) as usize;
    }
    c
}

/// Scores `pred` (one list per document, in `docs`' order) against `docs`' gold.
pub fn score(docs: &[NerDoc], pred: &[Vec<Entity>]) -> NerScores {
    let mut ex = [Count::default(); 3];
    let mut ov = [Count::default(); 3];
    let mut tok = [Count::default(); 3];
    let mut has_tokens = false;
    for (d, p) in docs.iter().zip(pred) {
        for (i, &k) in KINDS.iter().enumerate() {
            ex[i].add(exact(&d.gold, p, k));
            ov[i].add(overlap(&d.gold, p, k));
            if let Some(t) = &d.tokens {
                has_tokens = true;
                tok[i].add(token_level(t, &d.gold, p, k));
            }
        }
    }
    let table = |c: &[Count; 3], all: bool| -> BTreeMap<String, Prf> {
        let mut m: BTreeMap<String, Prf> = KINDS
            .iter()
            .zip(c)
            .map(|(k, c)| (k.name().to_string(), c.prf()))
            .collect();
        if all {
            let mut s = Count::default();
            c.iter().for_each(|x| s.add(*x));
            m.insert("all".to_string(), s.prf());
        }
        m
    };
    NerScores {
        documents: docs.len().min(pred.len()),
        exact: table(&ex, true),
        overlap: table(&ov, true),
        token: has_tokens.then(|| table(&tok, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::Format;

    fn e(start: usize, end: usize, kind: NerKind) -> Entity {
        Entity { start, end, kind }
    }

    #[test]
    fn exact_and_overlap_by_hand() {
        // gold: PER 0..10, PER 20..25, ORG 30..40, LOC 50..55
        // pred: PER 0..10 (exact), PER 20..23 (overlap only), ORG 30..40 as LOC (wrong kind),
        //       LOC 50..55 (exact), LOC 60..65 (spurious)
        let doc = NerDoc {
            id: "d".into(),
            format: Format::Brat,
            text: "x".repeat(70),
            gold: vec![
                e(0, 10, NerKind::Per),
                e(20, 25, NerKind::Per),
                e(30, 40, NerKind::Org),
                e(50, 55, NerKind::Loc),
            ],
            tokens: None,
            nested: Vec::new(),
        };
        let pred = vec![vec![
            e(0, 10, NerKind::Per),
            e(20, 23, NerKind::Per),
            e(30, 40, NerKind::Loc),
            e(50, 55, NerKind::Loc),
            e(60, 65, NerKind::Loc),
        ]];
        let s = score(&[doc], &pred);
        let per = &s.exact["PER"];
        assert_eq!((per.tp, per.predicted, per.gold), (1, 2, 2));
        assert!((per.f1 - 0.5).abs() < 1e-9);
        let loc = &s.exact["LOC"];
        assert_eq!((loc.tp, loc.predicted, loc.gold), (1, 3, 1));
        // P 1/3, R 1, F1 0.5
        assert!((loc.f1 - 0.5).abs() < 1e-9);
        let all = &s.exact["all"];
        assert_eq!((all.tp, all.predicted, all.gold), (2, 5, 4));
        // overlap: PER 2/2; ORG 0 of 1 gold; LOC 1 of 3 predictions
        assert_eq!(s.overlap["PER"].tp, 2);
        assert_eq!((s.overlap["ORG"].tp, s.overlap["ORG"].gold), (0, 1));
        let oa = &s.overlap["all"];
        assert_eq!((oa.tp, oa.predicted, oa.gold), (3, 5, 4));
        // P 0.6, R 0.75 -> F1 2*0.45/1.35 = 2/3
        assert!((oa.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!(s.token.is_none());
    }

    #[test]
    fn overlap_is_one_to_one() {
        let g = vec![e(0, 10, NerKind::Org)];
        let p = vec![e(0, 4, NerKind::Org), e(5, 10, NerKind::Org)];
        let c = overlap(&g, &p, NerKind::Org);
        assert_eq!((c.tp, c.pred, c.gold), (1, 2, 1));
    }

    #[test]
    fn token_level_by_hand() {
        // tokens: [0,4) [5,11) [12,14) [15,20) [21,25)
        let tokens = vec![(0, 4), (5, 11), (12, 14), (15, 20), (21, 25)];
        let doc = NerDoc {
            id: "d".into(),
            format: Format::FactRu,
            text: "x".repeat(25),
            gold: vec![e(0, 11, NerKind::Per), e(15, 25, NerKind::Loc)],
            tokens: Some(tokens),
            nested: Vec::new(),
        };
        // PER predicted on token 1 only; LOC predicted 12..20 (tokens 2, 3)
        let pred = vec![vec![e(5, 11, NerKind::Per), e(12, 20, NerKind::Loc)]];
        let s = score(&[doc], &pred);
        let t = s.token.unwrap();
        // PER: gold inside tokens 0,1; predicted 1 -> P 1/1, R 1/2
        assert_eq!((t["PER"].tp, t["PER"].predicted, t["PER"].gold), (1, 1, 2));
        // LOC: gold 3,4; predicted 2,3 -> tp 1, P 1/2, R 1/2
        assert_eq!((t["LOC"].tp, t["LOC"].predicted, t["LOC"].gold), (1, 2, 2));
        assert!((t["LOC"].f1 - 0.5).abs() < 1e-9);
        // a span ending inside a token marks that token (naeval's walk)
        assert_eq!(
            inside(&[(0, 4), (5, 9), (10, 12)], &[(2, 6)]),
            vec![false, true, false]
        );
    }
}
