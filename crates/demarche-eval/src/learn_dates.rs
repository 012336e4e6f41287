//! `demarche eval learn-dates`: the page-date ranker's weights, learned on the fitting part
//! of the page-dates set and written to `data/date-weights.tsv` of demarche-ingest.
//!
//! For each page of the fitting part with at least one candidate on the gold day, the model
//! is a softmax over the page's candidates (score = the fixed prior of the web's conventions,
//! `pagedate::prior`, plus weights · features); training maximises
//! the probability of the gold day's candidates (summed), with an L2 penalty, by full-batch
//! gradient descent for a fixed number of steps from zero weights: deterministic, and the
//! same file for the same data. The check part is not read.

use std::path::Path;

use demarche_ingest::pagedate::{self, Candidate, FEATURES, N_FEATURES};

use crate::page_dates::{self, day};
use crate::split::Part;

/// One training page: its candidates' features and which are on the gold day.
struct Example {
    x: Vec<[f32; N_FEATURES]>,
    /// The fixed prior score of each candidate ([`pagedate::prior`]).
    prior: Vec<f32>,
    gold: Vec<bool>,
}

fn day_of(c: &Candidate) -> Option<String> {
    day(&c.date.local_iso()).map(str::to_string)
}

/// What learning saw and reached.
#[derive(Debug)]
pub struct Learned {
    /// The weights, in [`FEATURES`] order.
    pub weights: [f32; N_FEATURES],
    /// Fitting pages.
    pub pages: usize,
    /// Of which some candidate is on the gold day.
    pub usable: usize,
    /// Of which the top candidate is on the gold day, after learning.
    pub right: usize,
}

/// Learns from the fitting part of the set in `data`.
pub fn learn(data: &Path, steps: usize, l2: f32) -> Result<Learned, String> {
    let pages = page_dates::load(data)?;
    let mut examples = Vec::new();
    let mut n_fit = 0;
    for p in pages.iter().filter(|p| p.part == Part::Fit) {
        n_fit += 1;
        let Some(gold) = p.gold.as_deref() else {
            continue;
        };
        let raw = page_dates::read_page(data, &p.file)?;
        let ex = demarche_ingest::html::page_extract(&raw, Some(&p.url));
        let all = ex.dates;
        let g: Vec<bool> = all
            .iter()
            .map(|c| day_of(c).as_deref() == Some(gold))
            .collect();
        if !g.iter().any(|x| *x) {
            continue;
        }
        let x = (0..all.len())
            .map(|i| pagedate::features(i, &all))
            .collect();
        let prior = all.iter().map(pagedate::prior).collect();
        examples.push(Example { x, prior, gold: g });
    }
    let mut w = [0f32; N_FEATURES];
    let lr = 0.5f32;
    for _ in 0..steps {
        let mut grad = [0f64; N_FEATURES];
        for e in &examples {
            let s: Vec<f64> =
                e.x.iter()
                    .zip(&e.prior)
                    .map(|(x, p)| {
                        *p as f64 + x.iter().zip(&w).map(|(a, b)| (a * b) as f64).sum::<f64>()
                    })
                    .collect();
            let m = s.iter().cloned().fold(f64::MIN, f64::max);
            let exp: Vec<f64> = s.iter().map(|v| (v - m).exp()).collect();
            let z: f64 = exp.iter().sum();
            let zg: f64 = exp
                .iter()
                .zip(&e.gold)
                .filter(|(_, g)| **g)
                .map(|(v, _)| v)
                .sum();
            for (i, x) in e.x.iter().enumerate() {
                let p = exp[i] / z;
                let q = if e.gold[i] { exp[i] / zg } else { 0.0 };
                for (g, xk) in grad.iter_mut().zip(x) {
                    *g += (p - q) * *xk as f64;
                }
            }
        }
        let n = examples.len().max(1) as f64;
        for (wk, g) in w.iter_mut().zip(&grad) {
            *wk -= lr * ((g / n) as f32 + l2 * *wk);
        }
    }
    let right = examples
        .iter()
        .filter(|e| {
            let s: Vec<f32> =
                e.x.iter()
                    .zip(&e.prior)
                    .map(|(x, p)| p + x.iter().zip(&w).map(|(a, b)| a * b).sum::<f32>())
                    .collect();
            let mut best = 0;
            for (i, v) in s.iter().enumerate() {
                if *v > s[best] {
                    best = i;
                }
            }
            e.gold[best]
        })
        .count();
    Ok(Learned {
        weights: w,
        pages: n_fit,
        usable: examples.len(),
        right,
    })
}

/// The weights file's text.
pub fn weights_file(l: &Learned, steps: usize, l2: f32) -> String {
    let mut s = String::new();
    s.push_str("# Weights of the page-date ranker (demarche-ingest pagedate.rs), learned by\n");
    s.push_str("# `demarche eval learn-dates` from the fitting part (sites split by hash, see\n");
    s.push_str("# demarche-eval split.rs) of ../shared/eval/page-dates: htmldate's evaluation\n");
    s.push_str("# pages (adbar/htmldate, Apache-2.0 repository). Weights only, no page text.\n");
    s.push_str("# The score is pagedate::prior (the web's conventions) plus these weights.\n");
    s.push_str(&format!(
        "# {} fitting pages, {} with a candidate on the gold day; softmax, {steps} steps, L2 {l2}\n",
        l.pages, l.usable
    ));
    for (name, w) in FEATURES.iter().zip(l.weights.iter()) {
        s.push_str(&format!("{name}\t{w:.4}\n"));
    }
    s
}
