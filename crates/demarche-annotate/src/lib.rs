//! Annotators: stand-off layers over a document's clean text (sentences, entities and their
//! links to the knowledge base, attributions, dates, figures).
#![deny(missing_docs)]

pub mod bodies;
pub mod dates;
pub mod entities;
pub mod lex;
pub mod markup;
pub mod names;
pub mod ner;
pub mod pipeline;
pub mod quantities;
pub mod quotes;
pub mod sentences;
mod span_index;
pub mod speakers;
pub mod tagged;
