//! Search over a demarche corpus: a tantivy index beside the SQLite store (clean text,
//! titles, metadata facets, the entities each document mentions and the speakers it quotes),
//! the analyst's query language, and search with facets, a monthly histogram and snippets.
//!
//! The index lives in `<corpus>/index/`. [`indexer::update`] annotates every document the
//! store holds that the current pipeline has not annotated yet, keeps the layers in the store
//! and (re)indexes the document; it is safe to interrupt and to run again.
#![deny(missing_docs)]

pub mod analysis;
pub mod index;
pub mod indexer;
pub mod search;
pub mod snippet;
pub mod syntax;

pub use index::Index;
pub use search::{Hit, Request, Results, Searcher, Sort};
pub use syntax::{parse, Expr, SyntaxError};

/// Errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The index could not be opened, written or read.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] demarche_store::Error),
    /// The query is malformed.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The query is well formed but cannot be run (an unknown field, a bad date).
    #[error("{0}")]
    Query(String),
}

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
