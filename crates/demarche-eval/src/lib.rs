//! Scorers for the public gold sets in `../shared/eval`, and the runners that feed them
//! demarche's own output. Nothing here is on the ingest or annotation hot path.
//!
//! ```
//! use demarche_eval::article::{page_counts, Scores};
//! let c = page_counts("one two three four five", "one two three four five");
//! assert_eq!((c.tp, c.fp, c.fn_), (2, 0, 0));
//! let s = Scores::from_pages(&[c]);
//! assert_eq!(s.f1, 1.0);
//! ```
#![deny(missing_docs)]

pub mod article;
pub mod entities;
pub mod learn_blocks;
pub mod learn_dates;
pub mod ner;
pub mod page_dates;
pub mod polnear;
pub mod quotes;
pub mod sentences;
pub mod split;
pub mod statements;
pub mod web_pages;

/// Reads a gzipped file.
pub fn read_gz(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_end(&mut out)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(out)
}

/// Reads a file, gunzipping it when it starts with gzip's magic bytes.
pub fn read_maybe_gz(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return read_gz(path);
    }
    Ok(bytes)
}
