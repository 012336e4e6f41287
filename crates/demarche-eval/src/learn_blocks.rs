//! `demarche eval learn-blocks`: the block model's weights and threshold, learned on the
//! fitting part of the web-pages set and on the article-extraction benchmark, written to
//! `data/block-weights.tsv` of demarche-ingest.
//!
//! Labels: a block of a web-pages page that holds (or lies inside) a `with` snippet is main
//! content, one that holds a `without` snippet is not, the others are not used; a block of a
//! benchmark page is main content when its text lies inside the gold article body. The two
//! sources weigh the same in total. The model is a logistic regression fitted by full-batch
//! gradient descent from zero weights, with an L2 penalty, for a fixed number of steps
//! (deterministic). The thresholds, one for blocks inside the densest container and one
//! (as high or higher) for blocks outside, are the pair of 0.20, 0.25, ... that gives the best
//! mean of the snippet F1 on the fitting part and the benchmark's shingle F1 (blocks alone,
//! before the cleaner). The check part is not read.

use std::path::Path;

use demarche_ingest::content::{probability, FEATURES, N_FEATURES};

use crate::split::Part;
use crate::web_pages::{self, squeeze, Counts};

/// One labelled block.
struct Example {
    x: [f32; N_FEATURES],
    y: bool,
    weight: f64,
}

/// A fitting page: its blocks' texts and features, for choosing the threshold.
struct FitPage {
    page: web_pages::Page,
    blocks: Vec<(String, [f32; N_FEATURES])>,
}

/// What learning saw and reached.
#[derive(Debug)]
pub struct Learned {
    /// Weights, in [`FEATURES`] order.
    pub weights: [f32; N_FEATURES],
    /// The threshold chosen, inside the densest container.
    pub threshold: f32,
    /// ... and outside it.
    pub threshold_outside: f32,
    /// Labelled blocks from web-pages and from the benchmark.
    pub examples: (usize, usize),
    /// Mean of the fitting part's snippet F1 and the benchmark's F1 at the threshold chosen.
    pub fit_f1: f64,
}

/// A block's text as the gold sets write it: white space collapsed, and a table row's cells
/// (`a | b` in the clean text) separated by white space only, as the gold bodies and
/// snippets separate them.
fn gold_form(text: &str) -> String {
    squeeze(&text.replace(" | ", " "))
}

fn labelled(text: &str, with: &[String], without: &[String]) -> Option<bool> {
    let t = gold_form(text);
    if t.chars().count() < 8 {
        return None;
    }
    let hit = |s: &String| {
        let s = squeeze(s);
        t.contains(&s) || (t.chars().count() >= 20 && s.contains(&t))
    };
    if with.iter().any(hit) {
        Some(true)
    } else if without.iter().any(hit) {
        Some(false)
    } else {
        None
    }
}

/// Learns from `web` (the web-pages folder, fitting part only) and `bench` (the
/// article-extraction folder).
pub fn learn(web: &Path, bench: &Path, steps: usize, l2: f32) -> Result<Learned, String> {
    let mut examples = Vec::new();
    let mut fit_pages = Vec::new();
    for p in web_pages::load(web)?
        .into_iter()
        .filter(|p| p.part == Part::Fit)
    {
        let raw = web_pages::read_page(web, &p.file)?;
        let ex = demarche_ingest::html::page_extract(&raw, None);
        let mut blocks = Vec::new();
        for (para, x) in ex.paras.iter().zip(&ex.features) {
            let text = &ex.text[para.start..para.end];
            if let Some(y) = labelled(text, &p.with, &p.without) {
                examples.push(Example {
                    x: *x,
                    y,
                    weight: 1.0,
                });
            }
            blocks.push((text.to_string(), *x));
        }
        fit_pages.push(FitPage { page: p, blocks });
    }
    let n_web = examples.len();
    let gold = crate::article::load_gold(bench)?;
    let start_bench = examples.len();
    let mut bench_pages = Vec::new();
    for (id, body) in &gold {
        let raw = crate::article::read_page(bench, id)?;
        let ex = demarche_ingest::html::page_extract(&raw, None);
        let mut blocks = Vec::new();
        for (para, x) in ex.paras.iter().zip(&ex.features) {
            if para.kind != demarche_ingest::BlockKind::Caption {
                blocks.push((ex.text[para.start..para.end].to_string(), *x));
            }
        }
        bench_pages.push((body.clone(), blocks));
        let body = squeeze(body);
        for (para, x) in ex.paras.iter().zip(&ex.features) {
            let t = gold_form(&ex.text[para.start..para.end]);
            if t.split(' ').count() < 3 {
                continue;
            }
            examples.push(Example {
                x: *x,
                y: body.contains(&t),
                weight: 1.0,
            });
        }
    }
    let n_bench = examples.len() - start_bench;
    let wb = n_web as f64 / n_bench.max(1) as f64;
    for e in &mut examples[start_bench..] {
        e.weight = wb;
    }
    let total: f64 = examples.iter().map(|e| e.weight).sum();
    let mut w = [0f32; N_FEATURES];
    let lr = 1.0f64;
    for _ in 0..steps {
        let mut grad = [0f64; N_FEATURES];
        for e in &examples {
            let p = probability(&e.x, &w) as f64;
            let d = (p - e.y as u8 as f64) * e.weight;
            for (g, x) in grad.iter_mut().zip(&e.x) {
                *g += d * *x as f64;
            }
        }
        for (k, (wk, g)) in w.iter_mut().zip(&grad).enumerate() {
            let reg = if k == 0 { 0.0 } else { l2 as f64 * *wk as f64 };
            *wk -= (lr * (g / total + reg)) as f32;
        }
    }
    // the probability of each block once, then every pair of thresholds
    let prob = |blocks: &[(String, [f32; N_FEATURES])]| -> Vec<(f32, bool)> {
        blocks
            .iter()
            .map(|(_, x)| (probability(x, &w), x[1] > 0.5))
            .collect()
    };
    let fit_p: Vec<Vec<(f32, bool)>> = fit_pages.iter().map(|p| prob(&p.blocks)).collect();
    let bench_p: Vec<Vec<(f32, bool)>> = bench_pages.iter().map(|(_, b)| prob(b)).collect();
    let mut best = (0.5f32, 0.5f32, -1.0f64);
    for step in 0..=12 {
        let th = 0.20 + 0.05 * step as f32;
        for step_out in step..=15 {
            let th_out = 0.20 + 0.05 * step_out as f32;
            let keep = |p: &(f32, bool)| p.0 >= if p.1 { th } else { th_out };
            let mut c = Counts::default();
            for (fp, ps) in fit_pages.iter().zip(&fit_p) {
                let text: Vec<&str> = fp
                    .blocks
                    .iter()
                    .zip(ps)
                    .filter(|(_, p)| keep(p))
                    .map(|((t, _), _)| t.as_str())
                    .collect();
                c.add(web_pages::count(Some(&text.join("\n")), &fp.page));
            }
            let mut pages = Vec::new();
            for ((body, blocks), ps) in bench_pages.iter().zip(&bench_p) {
                let text: Vec<&str> = blocks
                    .iter()
                    .zip(ps)
                    .filter(|(_, p)| keep(p))
                    .map(|((t, _), _)| t.as_str())
                    .collect();
                pages.push(crate::article::page_counts(&text.join("\n"), body));
            }
            let f1 = (c.prf().f1 + crate::article::Scores::from_pages(&pages).f1) / 2.0;
            if f1 > best.2 + 1e-9 {
                best = (th, th_out, f1);
            }
        }
    }
    Ok(Learned {
        weights: w,
        threshold: best.0,
        threshold_outside: best.1,
        examples: (n_web, n_bench),
        fit_f1: best.2,
    })
}

/// The weights file's text.
pub fn weights_file(l: &Learned, steps: usize, l2: f32) -> String {
    let mut s = String::new();
    s.push_str("# Weights of the block model (demarche-ingest content.rs), learned by\n");
    s.push_str("# `demarche eval learn-blocks` from the fitting part (sites split by hash, see\n");
    s.push_str("# demarche-eval split.rs) of ../shared/eval/web-pages, trafilatura's evaluation\n");
    s.push_str("# pages (adbar/trafilatura, Apache-2.0 repository), and from\n");
    s.push_str(
        "# ../shared/eval/article-extraction, the Scrapinghub article extraction benchmark\n",
    );
    s.push_str("# (MIT). Weights only, no page text.\n");
    s.push_str(&format!(
        "# {} labelled blocks from web-pages, {} from the benchmark; logistic regression, {steps} steps, L2 {l2}\n",
        l.examples.0, l.examples.1
    ));
    for (name, w) in FEATURES.iter().zip(l.weights.iter()) {
        s.push_str(&format!("{name}\t{w:.4}\n"));
    }
    s.push_str(&format!("threshold\t{:.2}\n", l.threshold));
    s.push_str(&format!("threshold outside\t{:.2}\n", l.threshold_outside));
    s
}
