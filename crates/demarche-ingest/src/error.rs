//! Ingest errors. Each names what went wrong in words an analyst can act on; the caller adds
//! the file and the record.

use std::io;

/// An ingest error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading failed.
    #[error("read error: {0}")]
    Io(String),
    /// A compressed stream ended early.
    #[error("truncated or corrupt compressed stream: {0}")]
    Truncated(String),
    /// The input is larger than the configured limit.
    #[error("too large: more than {limit} bytes in one document or record")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Bytes declared (or required to be) UTF-8 are not.
    #[error("invalid utf-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: u64,
    },
    /// The input is empty or holds only white space.
    #[error("empty input")]
    Empty,
    /// The input holds binary data, not text.
    #[error("binary data, not text")]
    Binary,
    /// Malformed JSON.
    #[error("malformed json: {0}")]
    Json(String),
    /// Malformed XML.
    #[error("malformed xml: {0}")]
    Xml(String),
    /// A malformed WARC record.
    #[error("malformed warc record: {0}")]
    Warc(String),
    /// A record with nothing to make a document from.
    #[error("no text: {0}")]
    NoText(String),
    /// A bad option (field mapping, format name).
    #[error("bad option: {0}")]
    Option(String),
}

impl Error {
    /// Converts an I/O error, telling truncated compressed streams apart.
    pub fn from_io(e: io::Error) -> Error {
        match e.kind() {
            io::ErrorKind::UnexpectedEof => Error::Truncated(e.to_string()),
            io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
                Error::Truncated(e.to_string())
            }
            _ => Error::Io(e.to_string()),
        }
    }
}

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
