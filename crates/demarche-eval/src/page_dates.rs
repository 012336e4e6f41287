//! The page-dates set (`../shared/eval/page-dates`): the original publication day of web
//! pages, scored as htmldate's own evaluation scores it.
//!
//! Per page: no date found is a false negative; the predicted day equal to the gold day a
//! true positive; any other day a false positive. Precision tp / (tp + fp), recall
//! tp / (tp + fn), F1 2tp / (2tp + fp + fn). Days are compared as `YYYY-MM-DD`; a month- or
//! year-only date counts as no date. A page whose gold date is missing (`NaN` in the file)
//! cannot be matched: no date there is a false negative and any date a false positive, as in
//! htmldate's evaluation, where the missing value is a float that equals nothing.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::split::{self, Part, Which};

/// A page with its gold day.
#[derive(Clone, Debug)]
pub struct Page {
    /// The page's URL.
    pub url: String,
    /// The gzipped page under `html/`.
    pub file: String,
    /// `YYYY-MM-DD`, or `None` when the set gives no date.
    pub gold: Option<String>,
    /// The side of the split its site is on.
    pub part: Part,
}

/// Loads `gold.json` (which writes a missing date as `NaN`), pages in URL order.
pub fn load(data: &Path) -> Result<Vec<Page>, String> {
    let path = data.join("gold.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = text.replace(": NaN", ": null");
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("{}: not an object", path.display()))?;
    let mut pages: Vec<Page> = obj
        .iter()
        .map(|(k, x)| Page {
            url: k.clone(),
            file: x
                .get("file")
                .and_then(|f| f.as_str())
                .unwrap_or("")
                .to_string(),
            gold: x.get("date").and_then(|d| d.as_str()).map(str::to_string),
            part: split::part(k),
        })
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(pages)
}

/// Day counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Right day.
    pub tp: u32,
    /// Another day.
    pub fp: u32,
    /// No day.
    pub fn_: u32,
}

impl Counts {
    /// Adds one page: `predicted` against `gold`.
    pub fn add(&mut self, predicted: Option<&str>, gold: Option<&str>) {
        match (predicted.and_then(day), gold) {
            (None, _) => self.fn_ += 1,
            (Some(p), Some(g)) if p == g => self.tp += 1,
            _ => self.fp += 1,
        }
    }

    /// Precision, recall and F1.
    pub fn prf(&self) -> Prf {
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        Prf {
            precision: if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 },
            recall: if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 },
            f1: if tp > 0.0 {
                2.0 * tp / (2.0 * tp + fp + fn_)
            } else {
                0.0
            },
            counts: *self,
        }
    }
}

/// The day of an ISO date or timestamp, when it has one (`2021-03-04T10:00:00+01:00` →
/// `2021-03-04`; `2021-03` → none).
pub fn day(iso: &str) -> Option<&str> {
    let d = iso.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    ok.then_some(d)
}

/// Precision, recall, F1 and counts.
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

/// Figures of one system on the two parts and on all pages.
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

/// Scores predictions (URL → ISO date or `None`; a page absent from the map has none).
pub fn score(pages: &[Page], predicted: &HashMap<String, Option<String>>) -> Report {
    let (mut fit, mut check) = (Counts::default(), Counts::default());
    let mut r = Report::default();
    for p in pages {
        let d = predicted.get(&p.url).and_then(|d| d.as_deref());
        match p.part {
            Part::Fit => {
                fit.add(d, p.gold.as_deref());
                r.pages.0 += 1;
            }
            Part::Check => {
                check.add(d, p.gold.as_deref());
                r.pages.1 += 1;
            }
        }
    }
    let all = Counts {
        tp: fit.tp + check.tp,
        fp: fit.fp + check.fp,
        fn_: fit.fn_ + check.fn_,
    };
    r.fit = fit.prf();
    r.check = check.prf();
    r.all = all.prf();
    r
}

/// A system's outputs: a JSON object `{url: "YYYY-MM-DD" or null}`, possibly gzipped.
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

/// Reads a gzipped page of the set (`html/<file>`).
pub fn read_page(data: &Path, file: &str) -> Result<Vec<u8>, String> {
    crate::read_gz(&data.join("html").join(file))
}

/// demarche's publication date of a page (ISO, possibly partial) and its evidence.
pub fn extract(html: &[u8], url: &str) -> Option<(String, String)> {
    let mut m = demarche_ingest::html::page_metadata(html, Some(url));
    m.date.take().map(|d| (d.iso(), d.evidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metric() {
        let mut c = Counts::default();
        c.add(Some("2021-03-04T23:10:00+01:00"), Some("2021-03-04"));
        c.add(Some("2021-03-05"), Some("2021-03-04"));
        c.add(None, Some("2021-03-04"));
        c.add(Some("2021-03"), Some("2021-03-04")); // a month is no day
        c.add(Some("2021-03-04"), None); // no gold day matches nothing
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        let p = c.prf();
        assert!((p.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((p.recall - 1.0 / 3.0).abs() < 1e-12);
        assert!((p.f1 - 1.0 / 3.0).abs() < 1e-12); // 2tp / (2tp + fp + fn) = 2 / 6
    }
}
