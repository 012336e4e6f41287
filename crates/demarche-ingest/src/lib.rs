//! Ingestion: from any pile of files and streams to clean documents with metadata,
//! provenance and an alignment back to the raw original.
//!
//! ```
//! use demarche_ingest::{Ingestor, IngestConfig, Outcome};
//! let ing = Ingestor::new(IngestConfig::default());
//! let text = "MOSCOW, November 9. /TASS/. The minister said the talks would go on.\n\nShare.\n";
//! let mut docs = Vec::new();
//! ing.read_bytes("wire.txt", text.as_bytes(), &mut |o| if let Outcome::Doc(d) = o { docs.push(d) });
//! assert_eq!(docs[0].doc.meta.outlet.as_deref(), Some("TASS"));
//! assert!(!docs[0].doc.text.contains("Share."));
//! ```
//!
//! Design: every reader streams. It turns its input into *payloads* (a decoded text with a
//! map back to the raw bytes of one record, plus what the container says about it) and hands
//! each to one shared document builder, which cleans, reads metadata and derives ids. A
//! problem with one record is reported as an [`Outcome::Problem`] naming the file, the record
//! and the reason, and the reader goes on with the next record; nothing is dropped silently.
#![deny(missing_docs)]

pub mod boiler;
pub mod clean;
pub mod content;
pub mod dates;
pub mod decode;
mod error;
pub mod feed;
pub mod html;
pub mod json;
pub mod lang;
pub mod markdown;
mod markup;
pub mod meta;
pub mod pagedate;
mod pagemeta;
pub mod repeats;
pub mod text;
pub mod warc;

use std::cell::RefCell;
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;

use demarche_model::{Alignment, Document, Format, Metadata, Provenance, Removed, Span};
pub use error::{Error, Result};

use crate::clean::Para;
pub use crate::clean::{BlockKind, CleanConfig, LineStats};
pub use crate::json::FieldMap;
pub use crate::repeats::{Copies, ReadSummary};

/// The reader name and version recorded in provenance.
pub const READER: &str = concat!("demarche-ingest ", env!("CARGO_PKG_VERSION"));

/// Settings of ingestion.
#[derive(Clone, Debug)]
pub struct IngestConfig {
    /// Read every input as this format instead of detecting it.
    pub format: Option<Format>,
    /// Field mapping for JSON records (`text=body,date=published`).
    pub map: FieldMap,
    /// Largest document or record accepted, in bytes. Default 64 MiB (a 50 MB page fits; a
    /// runaway line does not hold more than this in memory).
    pub max_record_bytes: u64,
    /// Encoding to assume for text without a byte-order mark.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Cleaner settings.
    pub clean: CleanConfig,
    /// An input is read no further once its documents would take the corpus more than this
    /// many times the bytes of its distinct records (plus 1 MiB). Default 32.
    pub max_growth: f64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            format: None,
            map: FieldMap::default(),
            max_record_bytes: 64 << 20,
            encoding: None,
            clean: CleanConfig::default(),
            max_growth: 32.0,
        }
    }
}

/// A document and the raw original it points into.
#[derive(Debug)]
pub struct DocOut {
    /// The clean document.
    pub doc: Document,
    /// The raw original (shared by the posts of one dump).
    pub raw: Arc<Vec<u8>>,
    /// The paragraphs of the clean text with their kinds (headings, list items, quotations,
    /// captions, table cells), for structured output.
    pub blocks: Vec<(Span, BlockKind)>,
}

/// What reading an input produced, one item at a time.
#[derive(Debug)]
pub enum Outcome {
    /// A clean document.
    Doc(Box<DocOut>),
    /// A rejected input or record: the file, where in it, and why.
    Problem {
        /// The input path.
        path: String,
        /// The record or position, when the problem is inside the input.
        locator: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A record that holds no document by design (a service message, a media-only post).
    Skipped {
        /// The input path.
        path: String,
        /// The record.
        locator: Option<String>,
        /// Why it holds no document.
        reason: String,
    },
}

/// One record's text, ready for the document builder.
pub struct Payload {
    /// Decoded text of the record.
    pub text: String,
    /// `text` offsets → raw offsets.
    pub alignment: Alignment,
    /// Paragraph ranges in `text`; lines when `None`.
    pub paras: Option<Vec<Para>>,
    /// Whether header lines ("Title | Site", date lines) may hold metadata.
    pub read_header: bool,
    /// Whether the text is an article extracted from markup: its paragraphs are the page's
    /// blocks, and a block that repeats is the author's (the same heading over each part of a
    /// recipe or a plan), not a forwarded preview, so repeats are not collapsed.
    pub from_markup: bool,
    /// What the container said.
    pub meta: Metadata,
    /// Where it came from.
    pub provenance: Provenance,
    /// The raw original.
    pub raw: Arc<Vec<u8>>,
    /// Hash of the record's own raw bytes (a slice of `raw` for posts of a dump).
    pub record_hash: String,
    /// Key naming the record in its source: URL, or file name and locator.
    pub source_key: String,
}

/// Reads inputs and builds documents.
pub struct Ingestor {
    cfg: IngestConfig,
    stats: Option<Arc<dyn LineStats>>,
}

/// Short hex hash.
pub fn hash_hex(bytes: &[u8]) -> String {
    let h = blake3::hash(bytes);
    h.to_hex()[..16].to_string()
}

fn text_fingerprint(text: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    for w in text.split_whitespace() {
        hasher.update(w.as_bytes());
        hasher.update(b" ");
    }
    hasher.finalize().to_hex()[..16].to_string()
}

impl Ingestor {
    /// An ingestor with these settings and no corpus evidence.
    pub fn new(cfg: IngestConfig) -> Ingestor {
        Ingestor { cfg, stats: None }
    }

    /// Uses `stats` as corpus evidence for boilerplate (lines repeated across an outlet).
    pub fn with_line_stats(mut self, stats: Arc<dyn LineStats>) -> Ingestor {
        self.stats = Some(stats);
        self
    }

    /// The settings.
    pub fn config(&self) -> &IngestConfig {
        &self.cfg
    }

    /// Reads a file (any format, compressed or not).
    pub fn read_path(&self, path: &Path, sink: &mut dyn FnMut(Outcome)) -> ReadSummary {
        let name = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(f) => self.read_named(&name, raw_path_bytes(path), Box::new(f), sink),
            Err(e) => {
                sink(Outcome::Problem {
                    path: name,
                    locator: None,
                    reason: format!("cannot open: {e}"),
                });
                ReadSummary::default()
            }
        }
    }

    /// Reads bytes held in memory ([`Ingestor::read_stream`] also tells how many identical
    /// copies of records were read once).
    pub fn read_bytes(&self, name: &str, bytes: &[u8], sink: &mut dyn FnMut(Outcome)) {
        self.read_stream(name, Box::new(bytes), sink);
    }

    /// Reads a stream named `name` (a path, or `-` for standard input). Identical records
    /// are read once; the summary counts their copies (see [`repeats`]).
    pub fn read_stream(
        &self,
        name: &str,
        raw: Box<dyn Read + Send + '_>,
        sink: &mut dyn FnMut(Outcome),
    ) -> ReadSummary {
        self.read_named(name, None, raw, sink)
    }

    fn read_named(
        &self,
        name: &str,
        path_bytes: Option<Vec<u8>>,
        raw: Box<dyn Read + Send + '_>,
        sink: &mut dyn FnMut(Outcome),
    ) -> ReadSummary {
        let problem = |reason: String| Outcome::Problem {
            path: name.to_string(),
            locator: None,
            reason,
        };
        let (mut input, compression) = match decode::decompress(raw) {
            Ok(x) => x,
            Err(e) => {
                sink(problem(Error::from_io(e).to_string()));
                return ReadSummary::default();
            }
        };
        let head = match decode::peek(&mut *input) {
            Ok(h) => h.to_vec(),
            Err(e) => {
                sink(problem(Error::from_io(e).to_string()));
                return ReadSummary::default();
            }
        };
        if head.iter().all(u8::is_ascii_whitespace) {
            sink(problem(Error::Empty.to_string()));
            return ReadSummary::default();
        }
        if decode::Compression::sniff(&head).is_some() || decode::looks_binary(&head) {
            sink(problem(Error::Binary.to_string()));
            return ReadSummary::default();
        }
        let format = self.cfg.format.unwrap_or_else(|| sniff_format(name, &head));
        let ctx = Ctx {
            ing: self,
            path: name,
            compression: compression.map(|c| c.name().to_string()),
            format,
            path_bytes,
            input: RefCell::new(repeats::Input::new(self.cfg.max_growth)),
        };
        let result = match format {
            Format::Text | Format::Html => ctx.read_whole(&mut *input, sink),
            Format::Jsonl => json::read_jsonl(&ctx, &mut *input, sink),
            Format::Json | Format::Telegram => json::read_json(&ctx, &mut *input, sink),
            Format::Feed => feed::read_feed(&ctx, &mut *input, sink),
            Format::Warc => warc::read_warc(&ctx, &mut *input, sink),
        };
        if let Err(e) = result {
            sink(problem(e.to_string()));
        }
        ctx.input.into_inner().finish()
    }
}

/// The bytes of a path that is not UTF-8, to keep in provenance.
fn raw_path_bytes(path: &Path) -> Option<Vec<u8>> {
    if path.to_str().is_some() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(path.as_os_str().as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        Some(path.to_string_lossy().into_owned().into_bytes())
    }
}

/// Detects the format of an input from its first bytes (and, weakly, its name).
pub fn sniff_format(name: &str, head: &[u8]) -> Format {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let body = &head[start..];
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    if body.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let lower: Vec<u8> = body[..body.len().min(4096)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    if body.starts_with(b"{") || body.starts_with(b"[") {
        if body.starts_with(b"{") && has(b"\"messages\"") && (has(b"\"type\"") || has(b"\"name\""))
        {
            return Format::Telegram;
        }
        if body.starts_with(b"[") {
            return Format::Json;
        }
        // one object per line?
        let first_line_end = memchr::memchr(b'\n', body).unwrap_or(body.len());
        let first = body[..first_line_end].trim_ascii_end();
        let rest = &body[first_line_end.min(body.len())..];
        if first.ends_with(b"}")
            && (rest.trim_ascii().is_empty() || rest.trim_ascii_start().starts_with(b"{"))
        {
            return Format::Jsonl;
        }
        return Format::Json;
    }
    if body.starts_with(b"<") {
        let xmlish = lower.starts_with(b"<?xml");
        if (has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf")) && !has(b"<html") {
            return Format::Feed;
        }
        if xmlish && !has(b"<html") {
            return Format::Feed; // other XML: the feed reader reports what is wrong with it
        }
        return Format::Html;
    }
    if has(b"<html") || has(b"<!doctype html") || (has(b"<body") && has(b"</p>")) {
        return Format::Html;
    }
    let lname = name.to_ascii_lowercase();
    let lname = lname.trim_end_matches(".gz").trim_end_matches(".zst");
    // the content did not decide: the file name may
    let by_ext = [
        (".html", Format::Html),
        (".htm", Format::Html),
        (".jsonl", Format::Jsonl),
        (".ndjson", Format::Jsonl),
        (".json", Format::Json),
        (".warc", Format::Warc),
        (".rss", Format::Feed),
        (".atom", Format::Feed),
    ];
    by_ext
        .iter()
        .find(|(e, _)| lname.ends_with(e))
        .map(|(_, f)| *f)
        .unwrap_or(Format::Text)
}

/// What a reader knows about the input it is reading.
pub struct Ctx<'a> {
    /// The ingestor.
    pub ing: &'a Ingestor,
    /// The input path.
    pub path: &'a str,
    /// Its compression.
    pub compression: Option<String>,
    /// The format it is read as.
    pub format: Format,
    /// The path's bytes, when they are not UTF-8.
    path_bytes: Option<Vec<u8>>,
    /// Records seen so far and what the input has grown the corpus by.
    input: RefCell<repeats::Input>,
}

impl Ctx<'_> {
    /// Provenance for a record of this input.
    pub fn provenance(
        &self,
        encoding: &str,
        locator: Option<String>,
        range: Option<(u64, u64)>,
    ) -> Provenance {
        Provenance {
            path: self.path.to_string(),
            format: self.format,
            compression: self.compression.clone(),
            encoding: encoding.to_string(),
            locator,
            container_range: range,
            uri: None,
            captured: None,
            reader: READER.to_string(),
            copies: None,
            path_bytes: self.path_bytes.clone(),
        }
    }

    /// A record made of `bytes` starts: `false` when it is a copy of one this input held
    /// before (it is counted, and is not to be read) or when the input is read no further.
    pub fn begin_record(&self, bytes: &[u8]) -> bool {
        self.input.borrow_mut().begin(repeats::record_key(bytes))
    }

    /// Whether the input is to be read no further (it would outgrow the corpus).
    pub fn is_stopped(&self) -> bool {
        self.input.borrow().stopped()
    }

    /// The file-name part of the path, for source keys.
    pub fn file_key(&self) -> &str {
        Path::new(self.path)
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or(self.path)
    }

    /// Reports a problem with one record.
    pub fn problem(&self, sink: &mut dyn FnMut(Outcome), locator: Option<String>, reason: String) {
        self.input.borrow_mut().rejected(locator.as_deref());
        sink(Outcome::Problem {
            path: self.path.to_string(),
            locator,
            reason,
        });
    }

    fn read_whole(&self, input: &mut dyn BufRead, sink: &mut dyn FnMut(Outcome)) -> Result<()> {
        let bytes = decode::read_limited(input, self.ing.cfg.max_record_bytes)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty);
        }
        match self.format {
            Format::Html => html::read_html_page(self, Arc::new(bytes), None, sink),
            _ => text::read_text(self, Arc::new(bytes), sink),
        }
    }

    /// Builds a document from a payload and sends it (or the reason there is none). A
    /// payload whose record this input held before is counted as a copy instead.
    pub fn emit(&self, p: Payload, sink: &mut dyn FnMut(Outcome)) {
        {
            let mut input = self.input.borrow_mut();
            if !input.has_current() && !input.begin(repeats::key_of_hex(&p.record_hash)) {
                return;
            }
        }
        let locator = p.provenance.locator.clone();
        match build_document(self.ing, p) {
            Ok(d) => {
                let tripped = {
                    let mut input = self.input.borrow_mut();
                    input.document(&d.doc.id);
                    input.grow(&d.raw, stored_size(&d))
                };
                sink(Outcome::Doc(Box::new(d)));
                if let Some((growth, distinct)) = tripped {
                    let at = locator.as_deref().unwrap_or("this document");
                    sink(Outcome::Problem {
                        path: self.path.to_string(),
                        locator: locator.clone(),
                        reason: format!(
                            "input read no further after {at}: its documents would take about \
                             {growth} bytes of the corpus for {distinct} bytes of distinct records, \
                             more than {}× (--max-growth); the rest of the input was not read",
                            self.ing.cfg.max_growth
                        ),
                    });
                }
            }
            Err(reason) => self.problem(sink, locator, reason),
        }
    }
}

/// What storing a document costs the corpus beyond its raw original, roughly: text,
/// alignment, metadata and provenance, removed pieces.
fn stored_size(d: &DocOut) -> u64 {
    let doc = &d.doc;
    let m = &doc.meta;
    let p = &doc.provenance;
    let strings = [&m.title, &m.outlet, &m.author, &m.url, &p.locator, &p.uri]
        .iter()
        .map(|s| s.as_ref().map_or(0, |s| s.len()))
        .sum::<usize>();
    let removed: usize = doc
        .removed
        .iter()
        .map(|r| r.text.len() + r.reason.len())
        .sum();
    (doc.text.len() + doc.alignment.segs().len() * 24 + strings + p.path.len() + removed) as u64
}

/// Cleans a payload and turns it into a document.
pub fn build_document(ing: &Ingestor, p: Payload) -> Result<DocOut, String> {
    let Payload {
        text,
        alignment,
        paras,
        read_header,
        from_markup,
        mut meta,
        provenance,
        raw,
        record_hash,
        source_key,
    } = p;
    let mut paras = paras.unwrap_or_else(|| clean::line_paragraphs(&text, 0, text.len()));
    if read_header {
        meta::read_header(&text, &mut paras, &mut meta);
    }
    let outlet = meta.outlet.clone();
    let stats: Option<&dyn LineStats> = ing.stats.as_deref();
    let cfg = CleanConfig {
        collapse_repeats: ing.cfg.clean.collapse_repeats && !from_markup,
        ..ing.cfg.clean.clone()
    };
    let mut cleaned = clean::clean(&text, paras, outlet.as_deref(), stats, &cfg);
    if cleaned.text.trim().is_empty() {
        return Err(if cleaned.removed.is_empty() {
            Error::NoText("the record holds no text".into()).to_string()
        } else {
            Error::NoText(format!(
                "cleaning removed all {} lines as debris",
                cleaned.removed.len()
            ))
            .to_string()
        });
    }
    let alignment_clean = cleaned.alignment.compose(&alignment);
    // a text of millions of short lines has as many pieces: one copy at a time
    drop(std::mem::take(&mut cleaned.alignment));
    let removed = cleaned
        .removed
        .iter()
        .map(|(span, reason)| Removed {
            raw: alignment.to_raw(*span),
            reason: reason.clone(),
            text: text[span.range()].to_string(),
        })
        .collect();
    let post = meta.forwarded_from.is_some() || provenance.format == Format::Telegram;
    meta::finish(&cleaned.text, &mut meta, post);
    if meta.lang.is_none() {
        if let Some((code, conf)) = lang::identify(&cleaned.text) {
            meta.lang = Some(code.to_string());
            meta.lang_confidence = Some((conf * 1000.0).round() / 1000.0);
        }
    }
    let raw_id = hash_hex(&raw);
    let id = {
        let mut h = blake3::Hasher::new();
        h.update(source_key.as_bytes());
        h.update(b"\0");
        h.update(record_hash.as_bytes());
        h.finalize().to_hex()[..16].to_string()
    };
    let fingerprint = text_fingerprint(&cleaned.text);
    Ok(DocOut {
        doc: Document {
            id,
            fingerprint,
            text: cleaned.text,
            alignment: alignment_clean,
            meta,
            provenance,
            removed,
            raw_id,
        },
        raw,
        blocks: cleaned.blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff_format("a", b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(
            sniff_format(
                "a",
                b"{\"name\":\"X\",\"type\":\"public_channel\",\"messages\":[]}"
            ),
            Format::Telegram
        );
        assert_eq!(
            sniff_format("a", b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n"),
            Format::Jsonl
        );
        assert_eq!(sniff_format("a", b"[{\"text\":\"a\"}]"), Format::Json);
        assert_eq!(
            sniff_format("a", b"<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            sniff_format("a", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Format::Feed
        );
        assert_eq!(
            sniff_format("a", b"<!DOCTYPE html><html><body>"),
            Format::Html
        );
        assert_eq!(
            sniff_format("a", b"MOSCOW, November 9. /TASS/."),
            Format::Text
        );
    }
}
