//! The cleaner: from paragraphs of a decoded text to clean text, with what was removed and
//! why, and the alignment back to the decoded text.

use std::collections::HashMap;

use demarche_model::{Alignment, Span};

use crate::boiler;

/// Corpus evidence: how many documents of an outlet a line was seen in.
///
/// The store keeps these counts; the cleaner asks before removing short lines that
/// per-line evidence alone would keep.
pub trait LineStats: Send + Sync {
    /// How many earlier documents of `outlet` had a line with this hash.
    fn count(&self, outlet: &str, line: u64) -> u32;
    /// Records that one more document of `outlet` had these lines.
    fn add(&self, outlet: &str, lines: &[u64]);
}

/// Settings of the cleaner.
#[derive(Clone, Debug)]
pub struct CleanConfig {
    /// A short line seen in at least this many earlier documents of the same outlet is
    /// boilerplate. Default 3.
    pub min_outlet_repeats: u32,
    /// Collapse paragraphs repeated inside a document. Default true.
    pub collapse_repeats: bool,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            min_outlet_repeats: 3,
            collapse_repeats: true,
        }
    }
}

/// What a block of text is in its page: the structure Markdown output keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BlockKind {
    /// A paragraph (and any text not known to be anything else).
    #[default]
    Paragraph,
    /// A heading of level 1–6.
    Heading {
        /// The level.
        level: u8,
    },
    /// An item of a list.
    Item {
        /// The list is numbered.
        ordered: bool,
    },
    /// A block quotation.
    Quote,
    /// An image or table caption.
    Caption,
    /// A row of a table, its cells separated by ` | `.
    Row,
    /// Preformatted text.
    Pre,
}

/// A paragraph of the source text: its byte range, what kind of block it is, and a removal
/// reason decided earlier (a header line taken as metadata), if any.
#[derive(Clone, Debug)]
pub struct Para {
    /// Start in the source text.
    pub start: usize,
    /// End in the source text.
    pub end: usize,
    /// Set when the paragraph is to be removed.
    pub removed: Option<String>,
    /// The kind of block.
    pub kind: BlockKind,
}

/// The result of cleaning.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// The clean text: kept paragraphs joined by blank lines.
    pub text: String,
    /// Clean → source offsets.
    pub alignment: Alignment,
    /// Removed source ranges with reasons.
    pub removed: Vec<(Span, String)>,
    /// The kept paragraphs: their spans in the clean text and their kinds.
    pub blocks: Vec<(Span, BlockKind)>,
}

/// Normalised form of a line for comparisons: no decoration, folded case and spaces.
pub fn normalize(line: &str) -> String {
    let core = boiler::strip_decoration(line);
    // a line of symbols only ("<...>", "***") compares as it is
    let core = if core.is_empty() { line.trim() } else { core };
    let mut out = String::with_capacity(core.len());
    for w in core.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A stable 64-bit hash of a normalised line.
pub fn line_hash(norm: &str) -> u64 {
    let h = blake3::hash(norm.as_bytes());
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// A paragraph's normalised form, as much of it as the cleaner compares.
struct Norm {
    /// [`line_hash`] of the normalised form.
    hash: u64,
    /// Nothing is left once normalised.
    empty: bool,
    /// Long enough (25 characters or 4 words) that a copy of it is a copy.
    substantial: bool,
}

impl Norm {
    fn of(norm: &str) -> Norm {
        Norm {
            hash: line_hash(norm),
            empty: norm.is_empty(),
            substantial: norm.chars().count() >= 25 || norm.split(' ').count() >= 4,
        }
    }
}

/// Splits `text[start..end]` into paragraphs: non-blank lines, trimmed.
pub fn line_paragraphs(text: &str, start: usize, end: usize) -> Vec<Para> {
    // as many as there are lines at most: one allocation, not a doubling one
    let lines = memchr::memchr_iter(b'\n', &text.as_bytes()[start..end]).count() + 1;
    let mut out = Vec::with_capacity(lines);
    let mut pos = start;
    let bytes = text.as_bytes();
    while pos < end {
        let nl = memchr::memchr(b'\n', &bytes[pos..end])
            .map(|i| pos + i)
            .unwrap_or(end);
        let line = &text[pos..nl];
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let s = pos + lead;
            out.push(Para {
                start: s,
                end: s + trimmed.len(),
                removed: None,
                kind: BlockKind::Paragraph,
            });
        }
        pos = nl + 1;
    }
    out
}

/// Cleans `paras` of `text`: removes debris by per-line evidence and by corpus evidence
/// (when `outlet` and `stats` are given), and collapses repeated paragraphs.
pub fn clean(
    text: &str,
    mut paras: Vec<Para>,
    outlet: Option<&str>,
    stats: Option<&dyn LineStats>,
    cfg: &CleanConfig,
) -> Cleaned {
    // each paragraph's normalised form as a hash and whether it is substantial (a copy of
    // it is then removed on sight): a text of ten million short lines keeps 16 bytes per
    // line here, not a string
    let norms: Vec<Norm> = paras
        .iter()
        .map(|p| Norm::of(&normalize(&text[p.start..p.end])))
        .collect();

    // 1. per-line evidence
    for p in paras.iter_mut() {
        if p.removed.is_none() {
            if let Some(why) = boiler::debris_reason(&text[p.start..p.end]) {
                p.removed = Some(format!("boilerplate: {why}"));
            }
        }
    }

    // 2. corpus evidence: short non-prose lines repeated across the outlet's documents
    let mut hashes = Vec::new();
    if let (Some(outlet), Some(stats)) = (outlet, stats) {
        for (p, norm) in paras.iter_mut().zip(&norms) {
            let line = &text[p.start..p.end];
            // hashtag lines are the post's own tags, not furniture
            let tags_only = line.split_whitespace().all(|w| w.starts_with('#'));
            if norm.empty || tags_only || boiler::is_prose(line) {
                continue;
            }
            let h = norm.hash;
            hashes.push(h);
            if p.removed.is_none() {
                let n = stats.count(outlet, h);
                if n >= cfg.min_outlet_repeats {
                    p.removed = Some(format!(
                        "boilerplate: line repeated in {n} earlier documents of {outlet}"
                    ));
                }
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        stats.add(outlet, &hashes);
    }

    // 3. repeated paragraphs: a substantial paragraph seen before is a copy; a short one is
    //    a copy when it sits inside a run of copies (a preview followed by the full text).
    if cfg.collapse_repeats {
        let mut first: HashMap<u64, usize> = HashMap::new();
        let mut dup = vec![false; paras.len()];
        let mut short_dup = vec![false; paras.len()];
        for (i, norm) in norms.iter().enumerate() {
            if norm.empty || paras[i].removed.is_some() {
                continue;
            }
            match first.get(&norm.hash) {
                Some(&j) => {
                    if norm.substantial {
                        dup[i] = true;
                        paras[i].removed = Some(format!(
                            "duplicate paragraph (first copy is paragraph {})",
                            j + 1
                        ));
                    } else {
                        short_dup[i] = true;
                    }
                }
                None => {
                    first.insert(norm.hash, i);
                }
            }
        }
        // short copies next to a removed copy (skipping other removed lines) go too
        for i in 0..paras.len() {
            if !short_dup[i] {
                continue;
            }
            let prev = (0..i).rev().find(|&k| paras[k].removed.is_none() || dup[k]);
            let next = (i + 1..paras.len()).find(|&k| paras[k].removed.is_none() || dup[k]);
            if prev.is_some_and(|k| dup[k]) || next.is_some_and(|k| dup[k]) {
                paras[i].removed =
                    Some("duplicate paragraph (inside a repeated block)".to_string());
                dup[i] = true;
            }
        }
    }
    drop(norms);

    assemble(text, &paras)
}

/// Joins kept paragraphs with blank lines and records the removed ones.
pub fn assemble(text: &str, paras: &[Para]) -> Cleaned {
    let mut out = Cleaned {
        text: String::with_capacity(text.len()),
        ..Default::default()
    };
    for p in paras {
        let span = Span::new(p.start as u32, p.end as u32);
        if let Some(why) = &p.removed {
            out.removed.push((span, why.clone()));
            continue;
        }
        if !out.text.is_empty() {
            out.text.push_str("\n\n");
        }
        let at = out.text.len() as u32;
        out.text.push_str(&text[p.start..p.end]);
        out.alignment
            .push_exact(at, p.start as u32, (p.end - p.start) as u32);
        out.blocks
            .push((Span::new(at, out.text.len() as u32), p.kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Mem(Mutex<HashMap<(String, u64), u32>>);
    impl LineStats for Mem {
        fn count(&self, outlet: &str, line: u64) -> u32 {
            *self
                .0
                .lock()
                .unwrap()
                .get(&(outlet.to_string(), line))
                .unwrap_or(&0)
        }
        fn add(&self, outlet: &str, lines: &[u64]) {
            let mut m = self.0.lock().unwrap();
            for &l in lines {
                *m.entry((outlet.to_string(), l)).or_default() += 1;
            }
        }
    }

    fn run(text: &str) -> Cleaned {
        clean(
            text,
            line_paragraphs(text, 0, text.len()),
            None,
            None,
            &CleanConfig::default(),
        )
    }

    #[test]
    fn preview_then_full_text_collapses() {
        let t = "Title of the post\nFirst paragraph of the statement is here.\n<...>\nSecond paragraph follows with more words.\n#Tag\nRead in full\nFirst paragraph of the statement is here.\n<...>\nSecond paragraph follows with more words.\n#Tag\nRead in full\n#Tag\n";
        let c = run(t);
        assert_eq!(
            c.text,
            "Title of the post\n\nFirst paragraph of the statement is here.\n\n<...>\n\nSecond paragraph follows with more words.\n\n#Tag"
        );
        assert_eq!(c.removed.len(), 7);
    }

    #[test]
    fn alignment_points_into_source() {
        let t = "  Share.\nA real paragraph of text here.\n";
        let c = run(t);
        assert_eq!(c.text, "A real paragraph of text here.");
        let raw = c.alignment.to_raw(Span::new(2, 6));
        assert_eq!(&t[raw.range()], "real");
    }

    #[test]
    fn outlet_repeats_become_boilerplate() {
        let stats = Mem::default();
        let cfg = CleanConfig::default();
        for i in 0..5 {
            let t = format!("Story number {i} tells a long and different tale about talks.\nOur partner sites\n");
            let c = clean(
                &t,
                line_paragraphs(&t, 0, t.len()),
                Some("Outlet"),
                Some(&stats),
                &cfg,
            );
            let has = c.text.contains("Our partner sites");
            assert_eq!(has, i < 3, "doc {i}: {}", c.text);
        }
    }
}
