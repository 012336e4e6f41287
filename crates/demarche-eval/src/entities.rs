//! Entity mentions against a gold file written for the seeds: every person, state,
//! organisation and place mention with its KB id, as byte offsets into the seed files.
//!
//! Gold format, one mention per line: `{"file", "start", "end", "text", "type", "kb"}` (`kb`
//! null for entities the KB lacks). demarche ingests each file with the normal pipeline
//! (cleaning, post splitting, metadata), annotates every document, and maps each mention back
//! to the file's bytes through the document's alignment, so the gold does not depend on how
//! the text was cleaned.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::Pipeline;
use serde::{Deserialize, Serialize};

/// One mention, gold or predicted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GoldMention {
    /// Seed file name.
    pub file: String,
    /// Byte start in the file.
    pub start: usize,
    /// Byte end in the file.
    pub end: usize,
    /// The text, as a check.
    pub text: String,
    /// `person`, `organisation`, `state`, `place`.
    #[serde(rename = "type")]
    pub kind: String,
    /// KB id, when the entity is in the KB.
    pub kb: Option<String>,
    /// How demarche found it (predictions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
}

/// Precision, recall, F1.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Prf {
    /// True positives.
    pub tp: usize,
    /// Predicted.
    pub predicted: usize,
    /// Gold.
    pub gold: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// Scores from the counts.
    pub fn new(tp: usize, predicted: usize, gold: usize) -> Prf {
        let p = if predicted == 0 {
            0.0
        } else {
            tp as f64 / predicted as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp as f64 / gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            tp,
            predicted,
            gold,
            precision: p,
            recall: r,
            f1,
        }
    }
}

/// Runs demarche over every file in `seeds` and returns its mentions in gold format.
pub fn predict(seeds: &Path, pipeline: &Pipeline) -> Result<Vec<GoldMention>, String> {
    use demarche_ingest::{IngestConfig, Ingestor, Outcome};
    let mut files: Vec<_> = std::fs::read_dir(seeds)
        .map_err(|e| format!("{}: {e}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let ing = Ingestor::new(IngestConfig::default());
    let mut out = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let raw = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let mut docs = Vec::new();
        ing.read_path(&f, &mut |o| {
            if let Outcome::Doc(d) = o {
                docs.push(d.doc);
            }
        });
        for doc in docs {
            let info = DocInfo::from_document(&doc);
            let layers = pipeline.run(&doc.text, &info);
            // Alignments point into the reader's raw record: the whole file, except for WARC
            // records, whose raw original starts at the container offset.
            let base = match doc.provenance.format {
                demarche_model::Format::Warc => doc
                    .provenance
                    .container_range
                    .map(|r| r.0 as usize)
                    .unwrap_or(0),
                _ => 0,
            };
            for m in &layers.entities {
                let r = doc.alignment.to_raw(m.span);
                let (s, e) = (base + r.start as usize, base + r.end as usize);
                let text = raw
                    .get(s..e)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                out.push(GoldMention {
                    file: name.clone(),
                    start: s,
                    end: e,
                    text,
                    kind: m.kind.name().to_string(),
                    kb: m
                        .kb
                        .map(|k| pipeline.kb().entities()[k as usize].id.clone()),
                    how: Some(m.how.name().to_string()),
                });
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Loads a gold file and checks every mention's text against the seed file.
pub fn load_gold(path: &Path, seeds: &Path) -> Result<Vec<GoldMention>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut cache: HashMap<String, Vec<u8>> = HashMap::new();
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let g: GoldMention =
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let raw = match cache.get(&g.file) {
            Some(r) => r,
            None => {
                let r =
                    std::fs::read(seeds.join(&g.file)).map_err(|e| format!("{}: {e}", g.file))?;
                cache.entry(g.file.clone()).or_insert(r)
            }
        };
        let got = raw
            .get(g.start..g.end)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        if got.as_deref() != Some(g.text.as_str()) {
            return Err(format!(
                "{}:{}: {:?} is not the text at {}..{} of {} ({:?})",
                path.display(),
                n + 1,
                g.text,
                g.start,
                g.end,
                g.file,
                got
            ));
        }
        out.push(g);
    }
    Ok(out)
}

/// Scores of predicted against gold mentions.
#[derive(Debug, Serialize)]
pub struct EntityScores {
    /// Span, type and KB id all right.
    pub strict: Prf,
    /// Span and type right.
    pub span_type: Prf,
    /// By type, strict.
    pub by_type: BTreeMap<String, Prf>,
    /// By how the gold mention is expressed, strict recall: per KB id of the persons the issue
    /// names, how many of their gold mentions were found and linked.
    pub persons: BTreeMap<String, (usize, usize)>,
    /// Gold mentions missed (strict).
    pub missed: Vec<GoldMention>,
    /// Predictions not in the gold (strict).
    pub spurious: Vec<GoldMention>,
}

/// Scores `pred` against `gold`.
pub fn score(gold: &[GoldMention], pred: &[GoldMention], persons: &[&str]) -> EntityScores {
    let key = |m: &GoldMention| (m.file.clone(), m.start, m.end, m.kind.clone(), m.kb.clone());
    let key2 = |m: &GoldMention| (m.file.clone(), m.start, m.end, m.kind.clone());
    let gs: std::collections::HashSet<_> = gold.iter().map(key).collect();
    let ps: std::collections::HashSet<_> = pred.iter().map(key).collect();
    let gs2: std::collections::HashSet<_> = gold.iter().map(key2).collect();
    let ps2: std::collections::HashSet<_> = pred.iter().map(key2).collect();
    let strict = Prf::new(gs.intersection(&ps).count(), ps.len(), gs.len());
    let span_type = Prf::new(gs2.intersection(&ps2).count(), ps2.len(), gs2.len());
    let mut by_type = BTreeMap::new();
    for t in ["person", "organisation", "state", "place"] {
        let g: std::collections::HashSet<_> =
            gold.iter().filter(|m| m.kind == t).map(key).collect();
        let p: std::collections::HashSet<_> =
            pred.iter().filter(|m| m.kind == t).map(key).collect();
        by_type.insert(
            t.to_string(),
            Prf::new(g.intersection(&p).count(), p.len(), g.len()),
        );
    }
    let mut per = BTreeMap::new();
    for id in persons {
        let g: Vec<_> = gold
            .iter()
            .filter(|m| m.kb.as_deref() == Some(id))
            .collect();
        let found = g.iter().filter(|m| ps.contains(&key(m))).count();
        per.insert(id.to_string(), (found, g.len()));
    }
    EntityScores {
        strict,
        span_type,
        by_type,
        persons: per,
        missed: gold
            .iter()
            .filter(|m| !ps.contains(&key(m)))
            .cloned()
            .collect(),
        spurious: pred
            .iter()
            .filter(|m| !gs.contains(&key(m)))
            .cloned()
            .collect(),
    }
}
