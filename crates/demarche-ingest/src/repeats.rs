//! What one input holds twice, and how much it may grow the corpus.
//!
//! Identical records within one input (the same bytes: a JSON line repeated a million times
//! in a small `.gz`) are one document; the input's later copies are counted, not read again,
//! and the count ends up in the document's provenance (`copies`). Records are told apart by
//! a 64-bit hash of their bytes, kept in two generations of at most [`GENERATION`] records
//! each: when the newer fills, the older is forgotten, so memory stays bounded on inputs of
//! any size while copies that come near each other (as they do in a repeated dump) are
//! always caught.
//!
//! Behind that, a guard: an input whose documents would take the corpus more than
//! `max_growth` times the bytes of its distinct records (plus [`SLACK`]) is read no further,
//! and a problem says where it stopped. Distinct but near-empty records, each costing the
//! corpus a row, index entries and near-duplicate keys, are what trips it.

use std::collections::HashMap;
use std::sync::Arc;

/// Records remembered per generation (two generations: at most twice this many).
pub const GENERATION: usize = 1 << 18;
/// Bytes an input may grow the corpus by beyond `max_growth` times its distinct content.
pub const SLACK: u64 = 1 << 20;
/// Bytes a document costs the corpus beyond its text, raw original and metadata: its row,
/// index entries, near-duplicate keys and annotation rows (measured: about 1.3 KB for a
/// short record).
pub const PER_DOCUMENT: u64 = 1024;

/// Identical copies of one record that an input held beyond its first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copies {
    /// The document the first copy became, if it became one.
    pub id: Option<String>,
    /// Where the first copy is, when it was rejected.
    pub locator: Option<String>,
    /// How many copies there were in all, the first included.
    pub copies: u64,
}

/// What reading an input left to report after its last record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Records that came more than once.
    pub copies: Vec<Copies>,
    /// Whether the input was read no further because of the growth guard.
    pub stopped: bool,
}

#[derive(Clone, Copy, Default)]
struct Seen {
    /// The first copy's document id (16 hex digits as a number); 0 when it made none.
    id: u64,
    /// Copies after the first.
    more: u32,
}

/// The state of one input being read.
pub(crate) struct Input {
    newer: HashMap<u64, Seen>,
    older: HashMap<u64, Seen>,
    rejected: HashMap<u64, String>,
    current: Option<u64>,
    summary: ReadSummary,
    max_growth: f64,
    distinct: u64,
    growth: u64,
    last_raw: Option<Arc<Vec<u8>>>,
}

impl Input {
    pub(crate) fn new(max_growth: f64) -> Input {
        Input {
            newer: HashMap::new(),
            older: HashMap::new(),
            rejected: HashMap::new(),
            current: None,
            summary: ReadSummary::default(),
            max_growth,
            distinct: 0,
            growth: 0,
            last_raw: None,
        }
    }

    /// Whether the growth guard stopped the input.
    pub(crate) fn stopped(&self) -> bool {
        self.summary.stopped
    }

    /// Whether a record is awaiting its outcome (a reader began it).
    pub(crate) fn has_current(&self) -> bool {
        self.current.is_some()
    }

    /// A record starts: `true` when it is new and is to be read, `false` for a copy of an
    /// earlier one (counted) or when the input was stopped.
    pub(crate) fn begin(&mut self, hash: u64) -> bool {
        if self.summary.stopped {
            return false;
        }
        for gen in [&mut self.newer, &mut self.older] {
            if let Some(s) = gen.get_mut(&hash) {
                s.more = s.more.saturating_add(1);
                self.current = None;
                return false;
            }
        }
        if self.newer.len() >= GENERATION {
            let old = std::mem::replace(&mut self.older, std::mem::take(&mut self.newer));
            self.report(old);
        }
        self.newer.insert(hash, Seen::default());
        self.current = Some(hash);
        true
    }

    /// The record begun last became document `id`.
    pub(crate) fn document(&mut self, id: &str) {
        if let Some(h) = self.current.take() {
            let id = u64::from_str_radix(id, 16).unwrap_or(0);
            if let Some(s) = self.newer.get_mut(&h) {
                s.id = id;
            }
        }
    }

    /// The record begun last was rejected at `locator`.
    pub(crate) fn rejected(&mut self, locator: Option<&str>) {
        if let (Some(h), Some(l)) = (self.current.take(), locator) {
            if self.rejected.len() < GENERATION {
                self.rejected.insert(h, l.to_string());
            }
        }
    }

    /// Counts what a new document adds: the bytes of its record (`raw` when it is not the
    /// raw original of the previous document, as the posts of one dump share theirs) and what
    /// storing it costs. Returns the growth and the distinct content when the guard trips.
    pub(crate) fn grow(&mut self, raw: &Arc<Vec<u8>>, stored: u64) -> Option<(u64, u64)> {
        // the last raw original is held, so that its address cannot be reused by the next
        if !self.last_raw.as_ref().is_some_and(|l| Arc::ptr_eq(l, raw)) {
            self.last_raw = Some(raw.clone());
            self.distinct += raw.len() as u64;
            self.growth += raw.len() as u64;
        }
        self.growth += stored + PER_DOCUMENT;
        let allowed = self.max_growth * self.distinct as f64 + SLACK as f64;
        if self.growth as f64 > allowed {
            self.summary.stopped = true;
            return Some((self.growth, self.distinct));
        }
        None
    }

    fn report(&mut self, gen: HashMap<u64, Seen>) {
        for (h, s) in gen {
            if s.more == 0 {
                continue;
            }
            self.summary.copies.push(Copies {
                id: (s.id != 0).then(|| format!("{:016x}", s.id)),
                locator: self.rejected.remove(&h),
                copies: s.more as u64 + 1,
            });
        }
    }

    /// What is left to report once the input has been read.
    pub(crate) fn finish(mut self) -> ReadSummary {
        let older = std::mem::take(&mut self.older);
        let newer = std::mem::take(&mut self.newer);
        self.report(older);
        self.report(newer);
        self.summary
            .copies
            .sort_by(|a, b| (&a.id, &a.locator).cmp(&(&b.id, &b.locator)));
        self.summary
    }
}

/// The 64-bit hash that tells records apart (the number whose hex is `hash_hex`).
pub(crate) fn record_key(bytes: &[u8]) -> u64 {
    let h = blake3::hash(bytes);
    u64::from_be_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The same key from a record hash in hex (`hash_hex`), when a reader did not begin the
/// record itself.
pub(crate) fn key_of_hex(hex: &str) -> u64 {
    u64::from_str_radix(hex, 16).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_counted_across_generations() {
        let mut i = Input::new(32.0);
        assert!(i.begin(1));
        i.document("00000000000000aa");
        assert!(!i.begin(1));
        // fill a generation and then some: record 1 moves to the older one and is still known
        for k in 2..(GENERATION as u64 + 10) {
            assert!(i.begin(k));
        }
        assert!(!i.begin(1));
        assert!(i.begin(GENERATION as u64 + 20));
        let s = i.finish();
        assert_eq!(
            s.copies,
            vec![Copies {
                id: Some("00000000000000aa".into()),
                locator: None,
                copies: 3
            }]
        );
    }

    #[test]
    fn keys_agree_with_record_hashes() {
        let b = b"{\"text\": \"x\"}";
        assert_eq!(record_key(b), key_of_hex(&crate::hash_hex(b)));
    }

    #[test]
    fn the_guard_trips_on_tiny_records() {
        let mut i = Input::new(2.0);
        let mut n = 0;
        while i.grow(&Arc::new(vec![b'x'; 20]), 30).is_none() {
            n += 1;
            assert!(n < 10_000);
        }
        assert!(i.stopped() && n > 100, "{n}");
        assert!(!i.begin(99));
    }
}
