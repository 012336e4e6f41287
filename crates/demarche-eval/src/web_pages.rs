//! The web-pages set (`../shared/eval/web-pages`): main text of pages no one here has read,
//! scored by snippets as trafilatura's own evaluation scores them.
//!
//! Each page has `with` snippets (main content) and `without` snippets (boilerplate). Both
//! the output and the snippets have their white space collapsed (`\s+` → one space, trimmed);
//! a `with` snippet found in the output is a true positive, one missing a false negative; a
//! `without` snippet found is a false positive, one missing a true negative. Precision,
//! recall and F1 are over all snippets of all pages (micro). A page with no output misses
//! every `with` snippet.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::split::{self, Part, Which};

/// A page of the set with its snippets.
#[derive(Clone, Debug)]
pub struct Page {
    /// The page's key in `snippets.json` (its URL, or a name).
    pub key: String,
    /// The gzipped page under `html/`.
    pub file: String,
    /// Snippets of main content.
    pub with: Vec<String>,
    /// Snippets of boilerplate.
    pub without: Vec<String>,
    /// The side of the split its site is on.
    pub part: Part,
}

/// Loads `snippets.json`, pages in key order.
pub fn load(data: &Path) -> Result<Vec<Page>, String> {
    let path = data.join("snippets.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("{}: not an object", path.display()))?;
    let strings = |x: Option<&serde_json::Value>| -> Vec<String> {
        x.and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut pages: Vec<Page> = obj
        .iter()
        .map(|(k, x)| Page {
            key: k.clone(),
            file: x
                .get("file")
                .and_then(|f| f.as_str())
                .unwrap_or("")
                .to_string(),
            with: strings(x.get("with")),
            without: strings(x.get("without")),
            part: split::part(k),
        })
        .collect();
    pages.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(pages)
}

/// White space collapsed to single spaces, trimmed.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Snippet counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// `with` snippets found.
    pub tp: u32,
    /// `with` snippets missed.
    pub fn_: u32,
    /// `without` snippets found.
    pub fp: u32,
    /// `without` snippets absent.
    pub tn: u32,
}

impl Counts {
    /// Adds another page's counts.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fn_ += o.fn_;
        self.fp += o.fp;
        self.tn += o.tn;
    }

    /// Precision, recall and F1.
    pub fn prf(&self) -> Prf {
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1,
            counts: *self,
        }
    }
}

/// Precision, recall, F1 and the counts behind them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// The counts.
    pub counts: Counts,
}

/// Counts one page's snippets against an output (`None`: the extraction failed).
pub fn count(output: Option<&str>, page: &Page) -> Counts {
    let Some(out) = output else {
        return Counts {
            fn_: page.with.len() as u32,
            tn: page.without.len() as u32,
            ..Default::default()
        };
    };
    let out = squeeze(out);
    let mut c = Counts::default();
    for s in &page.with {
        if out.contains(&squeeze(s)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for s in &page.without {
        if out.contains(&squeeze(s)) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
    c
}

/// Figures of one system on the fitting part, the check part and all pages.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// The fitting part.
    pub fit: Prf,
    /// The check part.
    pub check: Prf,
    /// Every page.
    pub all: Prf,
    /// Pages in each: fit, check.
    pub pages: (usize, usize),
    /// Pages with no output.
    pub failed: usize,
}

/// Scores outputs (page key → text, `None` for a failure; a page absent from the map fails).
pub fn score(pages: &[Page], outputs: &HashMap<String, Option<String>>) -> Report {
    let (mut fit, mut check) = (Counts::default(), Counts::default());
    let mut r = Report::default();
    for p in pages {
        let out = outputs.get(&p.key).and_then(|o| o.as_deref());
        if out.is_none() {
            r.failed += 1;
        }
        let c = count(out, p);
        match p.part {
            Part::Fit => {
                fit.add(c);
                r.pages.0 += 1;
            }
            Part::Check => {
                check.add(c);
                r.pages.1 += 1;
            }
        }
    }
    let mut all = fit;
    all.add(check);
    r.fit = fit.prf();
    r.check = check.prf();
    r.all = all.prf();
    r
}

impl Report {
    /// The figure over `which` pages.
    pub fn get(&self, which: Which) -> &Prf {
        match which {
            Which::Fit => &self.fit,
            Which::Check => &self.check,
            Which::All => &self.all,
        }
    }
}

/// A page's misses: `with` snippets not found and `without` snippets found.
pub fn misses<'a>(output: Option<&str>, page: &'a Page) -> (Vec<&'a str>, Vec<&'a str>) {
    let out = output.map(squeeze).unwrap_or_default();
    let missed = page
        .with
        .iter()
        .filter(|s| output.is_none() || !out.contains(&squeeze(s)))
        .map(String::as_str)
        .collect();
    let kept = page
        .without
        .iter()
        .filter(|s| output.is_some() && out.contains(&squeeze(s)))
        .map(String::as_str)
        .collect();
    (missed, kept)
}

/// Reads a gzipped file of the set (`html/<file>`).
pub fn read_page(data: &Path, file: &str) -> Result<Vec<u8>, String> {
    crate::read_gz(&data.join("html").join(file))
}

/// A system's outputs: a JSON object `{key: text or null}`, the file possibly gzipped.
pub fn load_output(path: &Path) -> Result<HashMap<String, Option<String>>, String> {
    let bytes = crate::read_maybe_gz(path)?;
    let v: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("{}: not an object", path.display()))?;
    Ok(obj
        .iter()
        .map(|(k, x)| (k.clone(), x.as_str().map(str::to_string)))
        .collect())
}

/// demarche's main text of a page, as `demarche extract` prints it (`None` when it gives no
/// text).
pub fn extract(html: &[u8]) -> Option<String> {
    use demarche_ingest::{IngestConfig, Ingestor, Outcome};
    let cfg = IngestConfig {
        format: Some(demarche_model::Format::Html),
        ..Default::default()
    };
    let mut out = None;
    Ingestor::new(cfg).read_bytes("page.html", html, &mut |o| {
        if let Outcome::Doc(d) = o {
            out = Some(d.doc.text.clone());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(with: &[&str], without: &[&str]) -> Page {
        Page {
            key: "https://example.org/a".into(),
            file: "a.html.gz".into(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
            part: Part::Fit,
        }
    }

    #[test]
    fn snippets_are_matched_with_white_space_collapsed() {
        let p = page(
            &["the talks  resumed", "in Geneva"],
            &["Share this", "Menu"],
        );
        let c = count(
            Some("The delegations said the talks\nresumed today.\nMenu"),
            &p,
        );
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fn_: 1,
                fp: 1,
                tn: 1
            }
        );
        // a failed extraction misses every `with` snippet and keeps no boilerplate
        assert_eq!(
            count(None, &p),
            Counts {
                tp: 0,
                fn_: 2,
                fp: 0,
                tn: 2
            }
        );
        let prf = c.prf();
        assert_eq!((prf.precision, prf.recall, prf.f1), (0.5, 0.5, 0.5));
    }

    #[test]
    fn figures_are_micro_over_all_snippets() {
        let mut a = page(&["one", "two", "three"], &[]);
        a.key = "https://a.example.org/".into();
        let mut b = page(&["four"], &["five"]);
        b.key = "https://b.example.net/".into();
        let outs: HashMap<String, Option<String>> = [
            (a.key.clone(), Some("one two three".to_string())),
            (b.key.clone(), Some("five".to_string())),
        ]
        .into();
        let r = score(&[a, b], &outs);
        // 3 tp, 1 fn, 1 fp: P 0.75, R 0.75
        assert_eq!(r.all.counts.tp, 3);
        assert!((r.all.precision - 0.75).abs() < 1e-12);
        assert!((r.all.recall - 0.75).abs() < 1e-12);
    }
}
