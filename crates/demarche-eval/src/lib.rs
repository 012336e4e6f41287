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
pub mod ner;
pub mod polnear;
pub mod quotes;
pub mod sentences;
pub mod statements;
