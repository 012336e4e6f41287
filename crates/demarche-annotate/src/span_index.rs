//! Spans looked up by position while a layer is built: the annotators ask "which candidates
//! touch bytes lo..hi?" once per token or per candidate, and a scan of all candidates there
//! makes a long document quadratic (a 2 MB text repeating a known name took 9 s, 20 MB never
//! ended). The index answers with the few spans that can touch the range.
//!
//! Spans given at the start must be sorted by start and are found by binary search; spans
//! added, moved or removed later live in an ordered map. Ids are positions in the caller's
//! vector, so the caller keeps its own order and data.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// An index of spans by start; see the module documentation.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Starts of the initial spans, sorted; `base_live[i]` says whether id `i` is still found
    /// there.
    base: Vec<usize>,
    base_live: Vec<bool>,
    /// Spans added or moved since: start -> ids.
    added: BTreeMap<usize, Vec<usize>>,
    /// Start of every id's span as indexed, and whether it is still present.
    start: Vec<usize>,
    live: Vec<bool>,
    /// Length of the longest span ever indexed: a span touching `lo..` starts at or after
    /// `lo - longest`.
    longest: usize,
}

impl SpanIndex {
    /// An index of spans sorted by start (ids `0..`).
    ///
    /// # Panics
    /// In debug builds, when the spans are not sorted by start.
    pub fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> SpanIndex {
        let mut ix = SpanIndex::default();
        for (s, e) in spans {
            debug_assert!(ix.base.last().is_none_or(|&l| l <= s), "spans not sorted");
            ix.base.push(s);
            ix.base_live.push(true);
            ix.start.push(s);
            ix.live.push(true);
            ix.longest = ix.longest.max(e.saturating_sub(s));
        }
        ix
    }

    /// Adds the span of the next id (the caller's vector grew by one).
    pub fn push(&mut self, s: usize, e: usize) {
        let id = self.start.len();
        self.start.push(s);
        self.live.push(true);
        self.added.entry(s).or_default().push(id);
        self.longest = self.longest.max(e.saturating_sub(s));
    }

    /// Forgets an id (the caller removed it).
    pub fn remove(&mut self, id: usize) {
        if !self.live[id] {
            return;
        }
        self.live[id] = false;
        self.unlink(id);
    }

    /// The span of an id changed.
    pub fn moved(&mut self, id: usize, s: usize, e: usize) {
        if !self.live[id] {
            return;
        }
        self.unlink(id);
        self.start[id] = s;
        self.added.entry(s).or_default().push(id);
        self.longest = self.longest.max(e.saturating_sub(s));
    }

    fn unlink(&mut self, id: usize) {
        if id < self.base.len() && self.base_live[id] {
            self.base_live[id] = false;
            return;
        }
        let s = self.start[id];
        if let Some(ids) = self.added.get_mut(&s) {
            ids.retain(|&x| x != id);
            if ids.is_empty() {
                self.added.remove(&s);
            }
        }
    }

    /// Ids, ascending, of the present spans that may touch `lo..hi`: those starting in
    /// `lo - longest .. hi`. The caller tests its exact condition on each.
    pub fn near(&self, lo: usize, hi: usize) -> Vec<usize> {
        let from = lo.saturating_sub(self.longest);
        let a = self.base.partition_point(|&s| s < from);
        let b = self.base.partition_point(|&s| s < hi);
        let mut ids: Vec<usize> = (a..b.max(a)).filter(|&i| self.base_live[i]).collect();
        if from < hi {
            let before = ids.len();
            ids.extend(
                self.added
                    .range(from..hi)
                    .flat_map(|(_, v)| v.iter().copied()),
            );
            if ids.len() > before {
                ids.sort_unstable();
            }
        }
        ids
    }

    /// Ids, ascending, of the present spans that start at `s`.
    pub fn starting_at(&self, s: usize) -> Vec<usize> {
        self.near(s + self.longest, s + 1)
            .into_iter()
            .filter(|&i| self.start[i] == s)
            .collect()
    }
}

/// Spans asked "does one of you hold bytes a..b?" many times: sorted by start, with the
/// running maximum of their ends, so each question is one binary search.
#[derive(Debug, Default)]
pub struct Cover {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Cover {
    /// The index of some spans, in any order.
    pub fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Cover {
        let mut v: Vec<(usize, usize)> = spans.into_iter().collect();
        v.sort_unstable();
        let mut max = 0;
        let max_end = v
            .iter()
            .map(|&(_, e)| {
                max = max.max(e);
                max
            })
            .collect();
        Cover {
            starts: v.into_iter().map(|(s, _)| s).collect(),
            max_end,
        }
    }

    /// Whether a span starts at or before `a` and ends at or after `b`.
    pub fn holds(&self, a: usize, b: usize) -> bool {
        let n = self.starts.partition_point(|&s| s <= a);
        n > 0 && self.max_end[n - 1] >= b
    }
}

/// The innermost of some spans that holds each of a series of ranges given in text order:
/// a sweep that keeps the spans open at the range ordered by length, so a whole series costs
/// about a logarithm per span and per range.
#[derive(Debug)]
pub struct Innermost {
    /// (start, end, id), by start.
    spans: Vec<(usize, usize, usize)>,
    next: usize,
    /// (length, id, end) of the spans open at the last range.
    open: BTreeSet<(usize, usize, usize)>,
    closing: BinaryHeap<Reverse<(usize, usize, usize)>>,
    last: usize,
}

impl Innermost {
    /// The spans (ids `0..`), in any order.
    pub fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Innermost {
        let mut spans: Vec<(usize, usize, usize)> = spans
            .into_iter()
            .enumerate()
            .map(|(id, (s, e))| (s, e, id))
            .collect();
        spans.sort_unstable();
        Innermost {
            spans,
            next: 0,
            open: BTreeSet::new(),
            closing: BinaryHeap::new(),
            last: 0,
        }
    }

    /// The shortest span (then the lowest id) that holds `a..b`, for `a` not smaller than in
    /// the call before.
    ///
    /// # Panics
    /// When `a` goes back.
    pub fn at(&mut self, a: usize, b: usize) -> Option<usize> {
        assert!(a >= self.last, "ranges out of order");
        self.last = a;
        while let Some(&(s, e, id)) = self.spans.get(self.next) {
            if s > a {
                break;
            }
            let len = e.saturating_sub(s);
            self.open.insert((len, id, e));
            self.closing.push(Reverse((e, len, id)));
            self.next += 1;
        }
        while let Some(&Reverse((e, len, id))) = self.closing.peek() {
            if e >= a {
                break;
            }
            self.open.remove(&(len, id, e));
            self.closing.pop();
        }
        self.open
            .iter()
            .find(|&&(_, _, e)| e >= b)
            .map(|&(_, id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // the index against a scan of every span, through pushes, moves and removals
    #[test]
    fn near_finds_what_a_scan_finds() {
        let mut spans: Vec<(usize, usize)> = vec![(0, 3), (2, 9), (5, 6), (5, 7), (20, 40)];
        let mut live = vec![true; spans.len()];
        let mut ix = SpanIndex::new(spans.iter().copied());
        ix.push(1, 2);
        spans.push((1, 2));
        live.push(true);
        ix.moved(2, 4, 6);
        spans[2] = (4, 6);
        ix.remove(3);
        live[3] = false;
        ix.push(60, 61);
        spans.push((60, 61));
        live.push(true);
        for lo in 0..70 {
            for hi in lo..72 {
                let want: Vec<usize> = (0..spans.len())
                    .filter(|&i| live[i] && spans[i].0 < hi.max(lo + 1) && lo < spans[i].1)
                    .collect();
                let got: Vec<usize> = ix
                    .near(lo, hi.max(lo + 1))
                    .into_iter()
                    .filter(|&i| spans[i].0 < hi.max(lo + 1) && lo < spans[i].1)
                    .collect();
                assert_eq!(got, want, "{lo}..{hi}");
            }
        }
        assert_eq!(ix.starting_at(5), Vec::<usize>::new());
        assert_eq!(ix.starting_at(4), vec![2]);
        assert_eq!(ix.starting_at(1), vec![5]);
    }

    #[test]
    fn cover_holds_what_a_scan_holds() {
        let spans = [(10, 20), (3, 5), (12, 40), (50, 51)];
        let cover = Cover::new(spans);
        for a in 0..60 {
            for b in a..62 {
                let want = spans.iter().any(|&(s, e)| s <= a && b <= e);
                assert_eq!(cover.holds(a, b), want, "{a}..{b}");
            }
        }
        assert!(!Cover::new([]).holds(0, 0));
    }

    #[test]
    fn innermost_is_the_shortest_holder() {
        let spans = [(0, 100), (10, 20), (12, 18), (12, 18), (30, 60), (55, 90)];
        let mut ix = Innermost::new(spans);
        for a in 0..100 {
            let b = a + 2;
            let want = (0..spans.len())
                .filter(|&i| spans[i].0 <= a && b <= spans[i].1)
                .min_by_key(|&i| spans[i].1 - spans[i].0);
            assert_eq!(ix.at(a, b), want, "{a}..{b}");
        }
    }
}
