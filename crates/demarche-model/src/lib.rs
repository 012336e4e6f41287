//! The demarche document model: clean text, stand-off spans, alignment back to the raw
//! original, metadata and provenance.
//!
//! ```
//! use demarche_model::{Alignment, Span};
//! // "a&amp;b" decoded to "a&b": the middle byte of the clean text maps to the whole entity.
//! let mut al = Alignment::default();
//! al.push_exact(0, 0, 1);
//! al.push_block(1, 1, 1, 5);
//! al.push_exact(2, 6, 1);
//! assert_eq!(al.to_raw(Span::new(1, 2)), Span::new(1, 6));
//! assert_eq!(al.to_raw(Span::new(2, 3)), Span::new(6, 7));
//! ```
//!
//! Design: a document's clean text never changes once built. Every annotation is a [`Span`]
//! of byte offsets into it, and the document's [`Alignment`] maps any span back to the byte
//! range of the raw original it came from, so that what an analyst sees can always be shown
//! in the source. Alignments compose: a reader maps its decoded text to raw bytes, a cleaner
//! maps clean text to the decoded text, and [`Alignment::compose`] joins the two.
#![deny(missing_docs)]

pub mod record;

use std::fmt;

use serde::{Deserialize, Serialize};

/// Byte range into a text; `start <= end`, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A new span.
    ///
    /// # Panics
    /// When `start > end`.
    pub fn new(start: u32, end: u32) -> Span {
        assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One piece of an [`Alignment`]: `clean_len` bytes of the clean text starting at `clean`
/// come from `src_len` bytes of the source starting at `src`.
///
/// When `linear` is set every source byte stands for `clean_len / src_len` clean bytes (1 for
/// text copied as it is, 2 or 3 for a single-byte legacy encoding decoded to UTF-8), so that an
/// offset inside the piece maps exactly. Otherwise the piece is a block (an HTML entity, a JSON
/// escape, a multi-byte legacy character) and offsets inside it map to its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seg {
    /// Start in the clean text.
    pub clean: u32,
    /// Length in the clean text.
    pub clean_len: u32,
    /// Start in the source.
    pub src: u32,
    /// Length in the source.
    pub src_len: u32,
    /// Whether offsets inside map proportionally.
    pub linear: bool,
}

impl Seg {
    fn clean_end(&self) -> u32 {
        self.clean + self.clean_len
    }

    /// Maps a clean offset inside (or at the bounds of) this piece to the source.
    /// `at_end` chooses the upper bound for offsets inside a block.
    fn map(&self, off: u32, at_end: bool) -> u32 {
        let rel = off.saturating_sub(self.clean).min(self.clean_len);
        if rel == 0 {
            return self.src;
        }
        if rel == self.clean_len {
            return self.src + self.src_len;
        }
        if self.linear && self.src_len > 0 {
            let width = (self.clean_len / self.src_len).max(1);
            let q = rel / width;
            if rel.is_multiple_of(width) || !at_end {
                self.src + q
            } else {
                self.src + q + 1
            }
        } else if at_end {
            self.src + self.src_len
        } else {
            self.src
        }
    }
}

/// A piecewise map from clean-text offsets to source offsets (stand-off alignment).
///
/// Pieces are sorted by clean offset and do not overlap; clean bytes covered by no piece
/// (separators the cleaner inserted) map to the nearest source position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    segs: Vec<Seg>,
}

impl Alignment {
    /// The identity map over `len` bytes, shifted by `src_offset` in the source.
    pub fn identity(len: u32, src_offset: u32) -> Alignment {
        let mut al = Alignment::default();
        al.push_exact(0, src_offset, len);
        al
    }

    /// The pieces, sorted by clean offset.
    pub fn segs(&self) -> &[Seg] {
        &self.segs
    }

    /// Appends `len` bytes copied as they are. Merges with the previous piece when contiguous.
    pub fn push_exact(&mut self, clean: u32, src: u32, len: u32) {
        self.push_linear(clean, len, src, len);
    }

    /// Appends a proportional piece (`clean_len` is a multiple of `src_len`).
    pub fn push_linear(&mut self, clean: u32, clean_len: u32, src: u32, src_len: u32) {
        if clean_len == 0 && src_len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            if last.linear
                && last.clean_end() == clean
                && last.src + last.src_len == src
                && last.src_len > 0
                && src_len > 0
                && last.clean_len / last.src_len == clean_len / src_len
                && last.clean_len.is_multiple_of(last.src_len)
                && clean_len.is_multiple_of(src_len)
            {
                last.clean_len += clean_len;
                last.src_len += src_len;
                return;
            }
        }
        self.segs.push(Seg {
            clean,
            clean_len,
            src,
            src_len,
            linear: src_len > 0,
        });
    }

    /// Appends a block piece: `clean_len` clean bytes that stand for `src_len` source bytes
    /// as a whole.
    pub fn push_block(&mut self, clean: u32, clean_len: u32, src: u32, src_len: u32) {
        self.segs.push(Seg {
            clean,
            clean_len,
            src,
            src_len,
            linear: false,
        });
    }

    /// Appends another alignment's pieces with their clean offsets moved by `shift` (for
    /// text appended after `shift` bytes).
    pub fn append_shifted(&mut self, other: &Alignment, shift: u32) {
        for seg in &other.segs {
            if seg.linear {
                self.push_linear(seg.clean + shift, seg.clean_len, seg.src, seg.src_len);
            } else {
                self.push_block(seg.clean + shift, seg.clean_len, seg.src, seg.src_len);
            }
        }
    }

    fn find(&self, off: u32) -> Option<&Seg> {
        if self.segs.is_empty() {
            return None;
        }
        let i = self.segs.partition_point(|s| s.clean_end() <= off);
        if i < self.segs.len() {
            Some(&self.segs[i])
        } else {
            self.segs.last()
        }
    }

    /// Maps one clean offset to the source. `at_end` picks the upper bound inside blocks.
    pub fn map_offset(&self, off: u32, at_end: bool) -> u32 {
        if at_end && off > 0 {
            // An end offset belongs to the piece that ends at or contains it, and an end in a
            // gap between pieces (a separator the cleaner inserted) to the piece before: a
            // span never swallows the separator's source bytes.
            let i = self.segs.partition_point(|s| s.clean_end() < off);
            match self.segs.get(i) {
                Some(seg) if seg.clean < off => return seg.map(off, true),
                _ if i > 0 => return self.segs[i - 1].map(off, true),
                _ => {}
            }
        }
        match self.find(off) {
            None => 0,
            Some(seg) if off < seg.clean => seg.src,
            Some(seg) => seg.map(off, at_end),
        }
    }

    /// Maps a clean span to the source span it came from.
    pub fn to_raw(&self, span: Span) -> Span {
        let start = self.map_offset(span.start, false);
        let end = self.map_offset(span.end, true).max(start);
        Span::new(start, end)
    }

    /// Joins `self` (clean → middle) with `outer` (middle → raw) into clean → raw.
    pub fn compose(&self, outer: &Alignment) -> Alignment {
        let mut out = Alignment::default();
        for seg in &self.segs {
            let exact = seg.linear && seg.clean_len == seg.src_len;
            if !exact {
                let s = outer.map_offset(seg.src, false);
                let e = outer.map_offset(seg.src + seg.src_len, true).max(s);
                out.push_block(seg.clean, seg.clean_len, s, e - s);
                continue;
            }
            // An exact piece: split it at the outer pieces it crosses.
            let mut pos = seg.src;
            let end = seg.src + seg.src_len;
            let mut i = outer.segs.partition_point(|o| o.clean_end() <= pos);
            while pos < end {
                let Some(o) = outer.segs.get(i) else {
                    // Past the outer map: map what is left as a block at its end.
                    let s = outer.map_offset(pos, false);
                    out.push_block(seg.clean + (pos - seg.src), end - pos, s, 0);
                    break;
                };
                if pos < o.clean {
                    // A gap in the outer map (inserted text): a zero-length source block.
                    let stop = o.clean.min(end);
                    out.push_block(seg.clean + (pos - seg.src), stop - pos, o.src, 0);
                    pos = stop;
                    continue;
                }
                let stop = o.clean_end().min(end);
                let clean_at = seg.clean + (pos - seg.src);
                let len = stop - pos;
                let s = o.map(pos, false);
                let e = o.map(stop, true);
                if o.linear {
                    out.push_linear(clean_at, len, s, e - s);
                } else {
                    out.push_block(clean_at, len, s, e.max(s) - s);
                }
                pos = stop;
                i += 1;
            }
        }
        out
    }
}

/// How precise a publication date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// Date and time of day.
    Time,
    /// Year, month and day.
    Day,
    /// Year and month.
    Month,
    /// Year only.
    Year,
    /// Month and day, year unknown.
    MonthDay,
    /// Month only, year unknown.
    MonthOnly,
}

/// A publication date as far as the evidence goes, with the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocDate {
    /// Year, when known.
    pub year: Option<i32>,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day of month, when known.
    pub day: Option<u8>,
    /// Time of day `HH:MM:SS`, when known: the source's local time.
    pub time: Option<String>,
    /// The source's offset from UTC in minutes (`+180` for Moscow, `-300` for New York in
    /// winter), when it gave one. Year, month, day and time stay the source's local ones, so
    /// the day is the day the source printed; [`DocDate::utc_seconds`] gives the absolute
    /// time. Absent in corpora written before offsets were kept (they read as unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i16>,
    /// Weekday named by the source, when it named one.
    pub weekday: Option<String>,
    /// How precise the date is.
    pub precision: Precision,
    /// Where the date came from, e.g. `dateline "MOSCOW, November 9."`.
    pub evidence: String,
}

impl DocDate {
    /// ISO 8601 form: `2023-12-01`, `2023-12`, `2023`, `--11-09` (no year), `--11`,
    /// `2023-12-01T10:00:00` (a local time whose offset is unknown),
    /// `2023-12-01T10:00:00+03:00` (with the source's offset).
    pub fn iso(&self) -> String {
        match (&self.time, self.offset) {
            (Some(_), Some(off)) if self.day.is_some() && self.year.is_some() => {
                format!("{}{}", self.local_iso(), offset_text(off))
            }
            _ => self.local_iso(),
        }
    }

    /// The ISO form without the offset: the source's local date and time.
    pub fn local_iso(&self) -> String {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => match &self.time {
                Some(t) => format!("{y:04}-{m:02}-{d:02}T{t}"),
                None => format!("{y:04}-{m:02}-{d:02}"),
            },
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(y), None, _) => format!("{y:04}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
            (None, Some(m), None) => format!("--{m:02}"),
            (None, None, _) => String::new(),
        }
    }

    /// A key that sorts dates chronologically, partial dates after complete ones. A time
    /// with a known offset sorts by its absolute time (the UTC form, `2023-12-01T07:00:00Z`),
    /// so that a Moscow, a UTC and a New York source compare by when they published; other
    /// dates sort by their local form.
    pub fn sort_key(&self) -> String {
        if let Some(s) = self.utc_seconds() {
            return utc_iso(s);
        }
        match self.year {
            Some(_) => self.local_iso(),
            None => format!("~{}", self.local_iso()),
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z, when the date has a day, a time and an offset.
    pub fn utc_seconds(&self) -> Option<i64> {
        let (y, m, d, off) = (self.year?, self.month?, self.day?, self.offset?);
        let t = self.time.as_deref()?;
        let mut parts = t.split(':').map(|p| p.get(..2).unwrap_or(p).parse::<i64>());
        let h = parts.next()?.ok()?;
        let mi = parts.next().unwrap_or(Ok(0)).ok()?;
        let s = parts.next().unwrap_or(Ok(0)).ok()?;
        let days = days_from_civil(y as i64, m as i64, d as i64);
        Some(days * 86_400 + h * 3600 + mi * 60 + s - off as i64 * 60)
    }
}

/// `+03:00`, `-05:00`, `+00:00`.
pub fn offset_text(minutes: i16) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let a = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 60, a % 60)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since the epoch.
fn utc_iso(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A dateline such as `MOSCOW, November 9. /TASS/.`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, as written.
    pub place: Option<String>,
    /// The agency named in the dateline.
    pub agency: Option<String>,
    /// The dateline text as found.
    pub text: String,
}

/// Descriptive metadata of a document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Title or headline.
    pub title: Option<String>,
    /// Outlet, agency or channel that published it.
    pub outlet: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Source or canonical URL.
    pub url: Option<String>,
    /// Language code (ISO 639-1), when identified.
    pub lang: Option<String>,
    /// Confidence of the language identification, 0–1.
    pub lang_confidence: Option<f32>,
    /// Publication date.
    pub date: Option<DocDate>,
    /// Dateline.
    pub dateline: Option<Dateline>,
    /// Hashtags without the `#`, in order of first use.
    pub hashtags: Vec<String>,
    /// The channel a post was forwarded from.
    pub forwarded_from: Option<String>,
    /// Other fields (`edited`, `media`, `site_name`, ...).
    pub extra: std::collections::BTreeMap<String, String>,
}

/// Input formats demarche reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// A Telegram Desktop channel export (`result.json`).
    Telegram,
    /// JSON Lines, one record per line.
    Jsonl,
    /// A JSON array of records (or one record).
    Json,
    /// An RSS or Atom feed.
    Feed,
    /// A WARC archive.
    Warc,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Html,
        Format::Telegram,
        Format::Jsonl,
        Format::Json,
        Format::Feed,
        Format::Warc,
    ];

    /// The format's name, as used on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Telegram => "telegram",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }

    /// Parses a format name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The input path (or `-` for standard input).
    pub path: String,
    /// The format it was read as.
    pub format: Format,
    /// Compression of the input file, if any (`gzip`, `zstd`).
    pub compression: Option<String>,
    /// Character encoding of the payload (`UTF-8`, `windows-1251`, ...).
    pub encoding: String,
    /// Where in the input the record sits: `post 3`, `line 12`, `message 45`, `record at
    /// byte 1024`.
    pub locator: Option<String>,
    /// Byte range of the raw original inside the decompressed input, when known.
    pub container_range: Option<(u64, u64)>,
    /// Target URI (WARC) or link (feeds).
    pub uri: Option<String>,
    /// WARC-Date or equivalent capture date.
    pub captured: Option<String>,
    /// The reader and its version.
    pub reader: String,
    /// How many records identical to this one the input held (this one included), when it
    /// held more than one: they are stored once, as this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u64>,
    /// The input path's bytes, when they are not UTF-8 (`path` then shows them with
    /// replacement characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<Vec<u8>>,
}

/// A piece of the raw original that cleaning left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Byte range in the raw original.
    pub raw: Span,
    /// Why it was removed (`duplicate paragraph`, `boilerplate: share row`, ...).
    pub reason: String,
    /// The removed text.
    pub text: String,
}

/// A clean document: text, alignment to its raw original, metadata and provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id derived from the source and the raw record.
    pub id: String,
    /// Fingerprint of the clean text (shared by documents with the same text).
    pub fingerprint: String,
    /// The clean text.
    pub text: String,
    /// Clean text → raw bytes.
    pub alignment: Alignment,
    /// Metadata.
    pub meta: Metadata,
    /// Provenance.
    pub provenance: Provenance,
    /// What cleaning removed.
    pub removed: Vec<Removed>,
    /// Id of the raw original (content hash) in the store.
    pub raw_id: String,
}

impl Document {
    /// The clean text under `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_ends_stay_before_separators() {
        // "ab\n\ncd" built from "ab\ncd": the separator is inserted, not copied.
        let mut al = Alignment::default();
        al.push_exact(0, 0, 2);
        al.push_exact(4, 3, 2);
        assert_eq!(al.to_raw(Span::new(0, 2)), Span::new(0, 2));
        assert_eq!(al.to_raw(Span::new(4, 6)), Span::new(3, 5));
        assert_eq!(al.to_raw(Span::new(1, 3)), Span::new(1, 2));
    }

    #[test]
    fn identity_maps_offsets() {
        let al = Alignment::identity(10, 3);
        assert_eq!(al.to_raw(Span::new(2, 5)), Span::new(5, 8));
    }

    #[test]
    fn linear_width_two() {
        // three 1-byte raw chars decoded to three 2-byte UTF-8 chars
        let mut al = Alignment::default();
        al.push_linear(0, 6, 10, 3);
        assert_eq!(al.to_raw(Span::new(2, 4)), Span::new(11, 12));
        assert_eq!(al.to_raw(Span::new(0, 6)), Span::new(10, 13));
    }

    #[test]
    fn compose_splits_at_outer_pieces() {
        // middle text "ab&c" from raw "ab&amp;c"
        let mut outer = Alignment::default();
        outer.push_exact(0, 0, 2);
        outer.push_block(2, 1, 2, 5);
        outer.push_exact(3, 7, 1);
        // clean "b&c" = middle 1..4
        let inner = Alignment::identity(3, 1);
        let al = inner.compose(&outer);
        assert_eq!(al.to_raw(Span::new(0, 1)), Span::new(1, 2));
        assert_eq!(al.to_raw(Span::new(1, 2)), Span::new(2, 7));
        assert_eq!(al.to_raw(Span::new(2, 3)), Span::new(7, 8));
        assert_eq!(al.to_raw(Span::new(0, 3)), Span::new(1, 8));
    }

    #[test]
    fn partial_dates_render_iso() {
        let d = DocDate {
            year: None,
            month: Some(11),
            day: Some(9),
            time: None,
            weekday: None,
            precision: Precision::MonthDay,
            evidence: String::new(),
            offset: None,
        };
        assert_eq!(d.iso(), "--11-09");
        assert!(d.sort_key().as_str() > "2099");
    }

    fn at(y: i32, m: u8, d: u8, time: &str, offset: Option<i16>) -> DocDate {
        DocDate {
            year: Some(y),
            month: Some(m),
            day: Some(d),
            time: Some(time.to_string()),
            weekday: None,
            precision: Precision::Time,
            evidence: String::new(),
            offset,
        }
    }

    #[test]
    fn offsets_keep_the_local_day_and_compare_absolutely() {
        // 01:30 in Moscow is the evening before in New York and 22:30 UTC
        let moscow = at(2022, 1, 5, "01:30:00", Some(180));
        let utc = at(2022, 1, 4, "22:40:00", Some(0));
        let new_york = at(2022, 1, 4, "17:20:00", Some(-300));
        assert_eq!(moscow.iso(), "2022-01-05T01:30:00+03:00");
        assert_eq!(new_york.iso(), "2022-01-04T17:20:00-05:00");
        assert_eq!(moscow.local_iso(), "2022-01-05T01:30:00");
        assert_eq!(moscow.sort_key(), "2022-01-04T22:30:00Z");
        // by local text New York would come first and Moscow last; by absolute time
        // New York (22:20Z) is first, then Moscow (22:30Z), then the UTC source (22:40Z)
        let mut v = [&utc, &moscow, &new_york];
        v.sort_by_key(|d| d.sort_key());
        assert_eq!(v, [&new_york, &moscow, &utc]);
        assert_eq!(
            utc.utc_seconds().unwrap() - moscow.utc_seconds().unwrap(),
            600
        );
        // no offset: a local time, no absolute time
        let local = at(2022, 1, 5, "01:30:00", None);
        assert_eq!(local.iso(), "2022-01-05T01:30:00");
        assert_eq!(local.utc_seconds(), None);
        assert_eq!(local.sort_key(), "2022-01-05T01:30:00");
        assert_eq!(
            at(1969, 12, 31, "23:59:59", Some(0)).utc_seconds(),
            Some(-1)
        );
        assert_eq!(
            utc_iso(at(2024, 2, 29, "12:00:00", Some(60)).utc_seconds().unwrap()),
            "2024-02-29T11:00:00Z"
        );
    }

    #[test]
    fn old_records_without_an_offset_still_read() {
        let old = r#"{"year":2021,"month":3,"day":4,"time":"10:00:00","weekday":null,"precision":"time","evidence":"rss"}"#;
        let d: DocDate = serde_json::from_str(old).unwrap();
        assert_eq!(d.offset, None);
        assert_eq!(d.iso(), "2021-03-04T10:00:00");
        let json = serde_json::to_string(&at(2021, 3, 4, "10:00:00", Some(-300))).unwrap();
        assert!(json.contains("\"offset\":-300"), "{json}");
    }
}
