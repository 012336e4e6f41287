//! Tag schemes and decoding: Viterbi over first-order transitions (with the scheme's
//! constraints), greedy left-to-right as the cheap alternative, per-token margins for
//! confidence, and tags back to spans.

use super::NerKind;

/// How entity tokens are tagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Begin, Inside, Outside: 7 tags.
    Bio,
    /// Begin, Inside, Last, Unit, Outside: 13 tags.
    Bilou,
}

/// Position of a tag inside an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    O,
    B,
    I,
    L,
    U,
}

const KINDS: [NerKind; 3] = [NerKind::Per, NerKind::Org, NerKind::Loc];

impl Scheme {
    /// Number of tags.
    pub fn tags(self) -> usize {
        match self {
            Scheme::Bio => 7,
            Scheme::Bilou => 13,
        }
    }

    /// The byte stored in model files.
    pub(crate) fn code(self) -> u8 {
        match self {
            Scheme::Bio => 0,
            Scheme::Bilou => 1,
        }
    }

    /// The scheme of a model file's byte.
    pub(crate) fn from_code(c: u8) -> Option<Scheme> {
        match c {
            0 => Some(Scheme::Bio),
            1 => Some(Scheme::Bilou),
            _ => None,
        }
    }

    fn width(self) -> usize {
        match self {
            Scheme::Bio => 2,
            Scheme::Bilou => 4,
        }
    }

    /// The tag of a part of an entity of `kind` (`Part::O` for outside).
    pub(crate) fn tag(self, part: Part, kind: NerKind) -> usize {
        let k = kind as usize;
        let w = self.width();
        match (self, part) {
            (_, Part::O) => 0,
            (_, Part::B) => 1 + w * k,
            (_, Part::I) => 2 + w * k,
            (Scheme::Bio, Part::L) => 2 + w * k,
            (Scheme::Bio, Part::U) => 1 + w * k,
            (Scheme::Bilou, Part::L) => 3 + w * k,
            (Scheme::Bilou, Part::U) => 4 + w * k,
        }
    }

    /// The part and kind of a tag.
    pub(crate) fn part(self, tag: usize) -> (Part, Option<NerKind>) {
        if tag == 0 {
            return (Part::O, None);
        }
        let w = self.width();
        let kind = KINDS.get((tag - 1) / w).copied();
        let part = match (tag - 1) % w {
            0 => Part::B,
            1 => Part::I,
            2 => Part::L,
            _ => Part::U,
        };
        (part, kind)
    }

    /// May `tag` follow `prev` (`None`: the sentence start)?
    pub(crate) fn allowed(self, prev: Option<usize>, tag: usize) -> bool {
        let (p, pk) = prev.map_or((Part::O, None), |t| self.part(t));
        let (c, ck) = self.part(tag);
        let open = matches!(p, Part::B | Part::I);
        let continues = match self {
            Scheme::Bio => c == Part::I,
            Scheme::Bilou => matches!(c, Part::I | Part::L),
        };
        match self {
            Scheme::Bio => !continues || (open && pk == ck),
            Scheme::Bilou => {
                if open {
                    continues && pk == ck
                } else {
                    !continues
                }
            }
        }
    }

    /// May a sentence end on `tag`?
    pub(crate) fn may_end(self, tag: usize) -> bool {
        match self {
            Scheme::Bio => true,
            Scheme::Bilou => !matches!(self.part(tag).0, Part::B | Part::I),
        }
    }

    /// Tags for gold spans given as token ranges `[start, end)` with their kinds.
    pub(crate) fn encode(self, n: usize, spans: &[(usize, usize, NerKind)], out: &mut Vec<usize>) {
        out.clear();
        out.resize(n, 0);
        for &(s, e, k) in spans {
            if s >= e || e > n {
                continue;
            }
            if e - s == 1 {
                out[s] = self.tag(Part::U, k);
                continue;
            }
            out[s] = self.tag(Part::B, k);
            for t in out.iter_mut().take(e - 1).skip(s + 1) {
                *t = self.tag(Part::I, k);
            }
            out[e - 1] = self.tag(Part::L, k);
        }
    }

    /// Token ranges `[start, end)` and kinds of the entities in a tag sequence.
    pub(crate) fn spans(self, tags: &[usize], out: &mut Vec<(usize, usize, NerKind)>) {
        out.clear();
        let mut open: Option<(usize, NerKind)> = None;
        for (i, &t) in tags.iter().enumerate() {
            let (part, kind) = self.part(t);
            let continues = matches!(part, Part::I | Part::L);
            if let Some((s, k)) = open {
                if !(continues && kind == Some(k)) {
                    out.push((s, i, k));
                    open = None;
                }
            }
            match (part, kind) {
                (Part::B | Part::U, Some(k)) => open = Some((i, k)),
                (Part::I | Part::L, Some(k)) if open.is_none() => open = Some((i, k)),
                _ => {}
            }
            if matches!(part, Part::L | Part::U) {
                if let Some((s, k)) = open.take() {
                    out.push((s, i + 1, k));
                }
            }
        }
        if let Some((s, k)) = open {
            out.push((s, tags.len(), k));
        }
    }
}

/// Transition scores with the scheme's constraints folded in: `(tags + 1) × tags`, the last
/// row for the sentence start; forbidden moves are −∞.
pub(crate) fn constrained(scheme: Scheme, trans: &[f32]) -> Vec<f32> {
    let nt = scheme.tags();
    let mut out = trans.to_vec();
    for p in 0..=nt {
        for t in 0..nt {
            let prev = (p < nt).then_some(p);
            if !scheme.allowed(prev, t) {
                out[p * nt + t] = f32::NEG_INFINITY;
            }
        }
    }
    out
}

/// Reusable buffers for decoding.
#[derive(Default)]
pub(crate) struct Lattice {
    alpha: Vec<f32>,
}

/// The best tag sequence for `emissions` (`n × tags`, row-major) under `trans` (from
/// [`constrained`]).
pub(crate) fn viterbi(
    scheme: Scheme,
    emissions: &[f32],
    trans: &[f32],
    lat: &mut Lattice,
    tags: &mut Vec<usize>,
) {
    match scheme {
        Scheme::Bio => viterbi_n::<7>(scheme, emissions, trans, lat, tags),
        Scheme::Bilou => viterbi_n::<13>(scheme, emissions, trans, lat, tags),
    }
}

fn viterbi_n<const N: usize>(
    scheme: Scheme,
    emissions: &[f32],
    trans: &[f32],
    lat: &mut Lattice,
    tags: &mut Vec<usize>,
) {
    let n = emissions.len() / N;
    tags.clear();
    if n == 0 || trans.len() < (N + 1) * N {
        return;
    }
    let mut t = [[0f32; N]; N];
    for (p, row) in t.iter_mut().enumerate() {
        row.copy_from_slice(&trans[p * N..p * N + N]);
    }
    let alpha = &mut lat.alpha;
    alpha.clear();
    alpha.resize(n * N, 0.0);
    let mut prev = [0f32; N];
    for k in 0..N {
        prev[k] = trans[N * N + k] + emissions[k];
    }
    alpha[..N].copy_from_slice(&prev);
    // forward: best scores only (branch-free); back-pointers are recomputed for the one
    // path followed back
    for i in 1..n {
        let mut cur = [f32::NEG_INFINITY; N];
        for (p, &a) in prev.iter().enumerate() {
            let row = &t[p];
            for k in 0..N {
                cur[k] = cur[k].max(a + row[k]);
            }
        }
        let e = &emissions[i * N..i * N + N];
        for k in 0..N {
            cur[k] += e[k];
        }
        alpha[i * N..i * N + N].copy_from_slice(&cur);
        prev = cur;
    }
    let mut best = usize::MAX;
    for k in 0..N {
        if scheme.may_end(k) && (best == usize::MAX || prev[k] > prev[best]) {
            best = k;
        }
    }
    let best = if best == usize::MAX { 0 } else { best };
    tags.resize(n, 0);
    tags[n - 1] = best;
    for i in (1..n).rev() {
        let k = tags[i];
        let a = &alpha[(i - 1) * N..i * N];
        let mut arg = 0;
        let mut top = f32::NEG_INFINITY;
        for p in 0..N {
            let s = a[p] + t[p][k];
            if s > top {
                top = s;
                arg = p;
            }
        }
        tags[i - 1] = arg;
    }
}

/// How much the chosen tag at token `i` beats the best other tag there, the neighbours'
/// tags held fixed (emission plus the transitions in and out): the decoder's margin.
pub(crate) fn local_margin(
    scheme: Scheme,
    emissions: &[f32],
    trans: &[f32],
    tags: &[usize],
    i: usize,
) -> f32 {
    let nt = scheme.tags();
    let score = |k: usize| {
        let from = if i == 0 { nt } else { tags[i - 1] };
        let mut s = trans[from * nt + k] + emissions[i * nt + k];
        if let Some(&next) = tags.get(i + 1) {
            s += trans[k * nt + next];
        } else if !scheme.may_end(k) {
            s = f32::NEG_INFINITY;
        }
        s
    };
    let chosen = score(tags[i]);
    let other = (0..nt)
        .filter(|&k| k != tags[i])
        .map(score)
        .fold(f32::NEG_INFINITY, f32::max);
    let m = chosen - other;
    if m.is_finite() {
        m.max(0.0)
    } else {
        1e3
    }
}

/// Left-to-right greedy decoding: each token takes its best allowed tag given the previous.
pub(crate) fn greedy(scheme: Scheme, emissions: &[f32], trans: &[f32], tags: &mut Vec<usize>) {
    let nt = scheme.tags();
    let n = emissions.len() / nt;
    tags.clear();
    let mut prev = nt;
    for i in 0..n {
        let mut best = 0;
        let mut bs = f32::NEG_INFINITY;
        for t in 0..nt {
            let s = trans[prev * nt + t] + emissions[i * nt + t];
            if s > bs {
                bs = s;
                best = t;
            }
        }
        tags.push(best);
        prev = best;
    }
    // a BILOU sequence cut open at the end still reads as spans (see `Scheme::spans`)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_and_read_back() {
        for scheme in [Scheme::Bio, Scheme::Bilou] {
            let gold = vec![
                (0, 2, NerKind::Per),
                (3, 4, NerKind::Loc),
                (4, 6, NerKind::Org),
            ];
            let mut tags = Vec::new();
            scheme.encode(7, &gold, &mut tags);
            let mut back = Vec::new();
            scheme.spans(&tags, &mut back);
            assert_eq!(back, gold, "{scheme:?} {tags:?}");
            for w in tags.windows(2) {
                assert!(scheme.allowed(Some(w[0]), w[1]), "{scheme:?} {w:?}");
            }
        }
        // I after O opens a span in BIO readings
        let mut back = Vec::new();
        Scheme::Bio.spans(&[0, 2, 2, 0], &mut back);
        assert_eq!(back, vec![(1, 3, NerKind::Per)]);
    }

    #[test]
    fn viterbi_respects_constraints() {
        let scheme = Scheme::Bio;
        let nt = scheme.tags();
        let trans = constrained(scheme, &vec![0.0; (nt + 1) * nt]);
        // token 0 prefers I-PER (forbidden at the start), then B-PER
        let mut e = vec![0.0; 2 * nt];
        e[2] = 5.0;
        e[1] = 4.0;
        e[nt + 2] = 3.0;
        let mut tags = Vec::new();
        viterbi(scheme, &e, &trans, &mut Lattice::default(), &mut tags);
        assert_eq!(tags, vec![1, 2]);
        // at token 0, O would forbid I-PER next (−∞): the margin is capped
        assert_eq!(local_margin(scheme, &e, &trans, &tags, 0), 1e3);
        // at token 1, B-PER (0) against I-PER (3)
        assert!((local_margin(scheme, &e, &trans, &tags, 1) - 3.0).abs() < 1e-6);
        greedy(scheme, &e, &trans, &mut tags);
        assert_eq!(tags, vec![1, 2]);
    }
}
