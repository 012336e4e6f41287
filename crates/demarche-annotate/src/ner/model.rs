//! A trained model: quantised weights in a dense table of hashed feature rows, transition
//! scores, and the word lists it was trained with; its file format; and the per-thread cache
//! of per-word-type scores that makes tagging cheap.
//!
//! File format: a text header (a first line `demarche-ner-model 1`, then `#` lines naming the
//! sources and their licences, then an empty line) followed by little-endian binary fields:
//! scheme, tag count, log2 of the row count, quantisation bits, feature-set version, the
//! checksums of the word lists and clusters, the scale, the transition scores (f32), and the
//! non-zero rows: the gap to the previous row index (LEB128) and one signed weight per tag
//! (8 or 16 bits), each multiplied by the scale.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::clusters::Clusters;
use super::decode::{constrained, Scheme};
use super::features::{
    bit, context_features, edge_features, hist, history_features, word_features, Resources,
    Scratch, WordInfo, DENSE, FEATURE_VERSION, OFFSETS,
};
use super::hash::form_hash;
use super::lexicon::Lexicon;
use super::token::{Shape, TokKind, Token, SHAPES};

const SHAPE_LIST: [Shape; SHAPES] = [
    Shape::Lower,
    Shape::Capital,
    Shape::Caps,
    Shape::Mixed,
    Shape::Digit,
    Shape::Quote,
    Shape::Punct,
];

const MAGIC: &str = "demarche-ner-model 1\n";

/// The row of a feature key among `1 << bits` rows.
#[inline]
pub(crate) fn bucket(key: u64, bits: u32) -> usize {
    (key >> (64 - bits)) as usize
}

static NEXT_UID: AtomicU64 = AtomicU64::new(1);

/// A tagging model for one language.
pub struct Model {
    uid: u64,
    scheme: Scheme,
    bits: u32,
    /// `(1 << bits) + DENSE` rows of `tags` quantised weights.
    weights: Vec<i16>,
    scale: f32,
    /// Transition scores with the constraints folded in, `(tags + 1) × tags`.
    trans: Vec<f32>,
    /// As learned, without the constraints.
    raw_trans: Vec<f32>,
    /// What the positions before and after a sentence add, `OFFSETS × tags` each.
    edges: [Vec<f32>; 2],
    /// What the context features add, by (bits, shape): `2^bits × SHAPES × tags`.
    context: Vec<f32>,
    /// What the history features add, by (history bits, shape).
    history: Vec<f32>,
    lexicon: Arc<Lexicon>,
    clusters: Option<Arc<Clusters>>,
    header: String,
    quant_bits: u8,
    /// A typical decoder margin, the unit of [`super::NerSpan::score`].
    unit: f32,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("scheme", &self.scheme)
            .field("bits", &self.bits)
            .field("nonzero_rows", &self.nonzero_rows())
            .finish()
    }
}

fn quantise(w: f32, scale: f32, bits: u8) -> i16 {
    let lim = if bits == 8 { 127.0 } else { 32767.0 };
    (w / scale).round().clamp(-lim, lim) as i16
}

impl Model {
    /// A model from trained weights: `weights` holds `(1 << bits) + DENSE` rows of
    /// `scheme.tags()` floats, `trans` `(tags + 1) × tags` transition scores (the last row for
    /// the sentence start). Weights are quantised to `quant_bits` (8 or 16) bits.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_weights(
        scheme: Scheme,
        bits: u32,
        weights: &[f32],
        trans: &[f32],
        quant_bits: u8,
        lexicon: Arc<Lexicon>,
        clusters: Option<Arc<Clusters>>,
        header: &str,
    ) -> Model {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-9);
        let lim = if quant_bits == 8 { 127.0 } else { 32767.0 };
        let scale = max / lim;
        let q = weights
            .iter()
            .map(|&w| quantise(w, scale, quant_bits))
            .collect();
        Model::assemble(
            scheme,
            bits,
            q,
            scale,
            trans.to_vec(),
            quant_bits,
            lexicon,
            clusters,
            header.to_string(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        scheme: Scheme,
        bits: u32,
        weights: Vec<i16>,
        scale: f32,
        raw_trans: Vec<f32>,
        quant_bits: u8,
        lexicon: Arc<Lexicon>,
        clusters: Option<Arc<Clusters>>,
        header: String,
    ) -> Model {
        let mut m = Model {
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
            scheme,
            bits,
            weights,
            scale,
            trans: constrained(scheme, &raw_trans),
            raw_trans,
            edges: [Vec::new(), Vec::new()],
            context: Vec::new(),
            history: Vec::new(),
            lexicon,
            clusters,
            header,
            quant_bits,
            unit: 1.0,
        };
        let nt = scheme.tags();
        for (side, left) in [(0, true), (1, false)] {
            let mut row = vec![0f32; OFFSETS * nt];
            edge_features(left, |pos, key| {
                m.add_row(&mut row[pos * nt..], bucket(key, bits))
            });
            m.edges[side] = row;
        }
        let dense = 1usize << bits;
        let mut ctx = vec![0f32; (1 << bit::COUNT) * SHAPES * nt];
        for b in 0..1usize << bit::COUNT {
            for (k, sh) in SHAPE_LIST.iter().enumerate() {
                let at = (b * SHAPES + k) * nt;
                context_features(b as u8, *sh, |d| {
                    m.add_row(&mut ctx[at..at + nt], dense + d)
                });
            }
        }
        m.context = ctx;
        let mut h = vec![0f32; (1 << hist::COUNT) * SHAPES * nt];
        for b in 0..1usize << hist::COUNT {
            for (k, sh) in SHAPE_LIST.iter().enumerate() {
                let at = (b * SHAPES + k) * nt;
                history_features(b as u8, *sh, |d| m.add_row(&mut h[at..at + nt], dense + d));
            }
        }
        m.history = h;
        m
    }

    #[inline]
    fn add_row(&self, into: &mut [f32], row: usize) {
        let nt = self.scheme.tags();
        let w = &self.weights[row * nt..row * nt + nt];
        for (o, &q) in into.iter_mut().zip(w) {
            *o += f32::from(q) * self.scale;
        }
    }

    /// The word clusters the model reads, if any.
    pub fn clusters(&self) -> Option<Arc<Clusters>> {
        self.clusters.clone()
    }

    /// The tag scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Rows with a non-zero weight.
    pub fn nonzero_rows(&self) -> usize {
        let nt = self.scheme.tags();
        self.weights
            .chunks(nt)
            .filter(|r| r.iter().any(|&w| w != 0))
            .count()
    }

    /// A typical decoder margin (the unit of [`super::NerSpan::score`]).
    pub fn margin_unit(&self) -> f32 {
        self.unit
    }

    /// Sets the typical margin.
    pub fn set_margin_unit(&mut self, unit: f32) {
        if unit.is_finite() && unit > 0.0 {
            self.unit = unit;
        }
    }

    /// The header's comment lines.
    pub fn header(&self) -> &str {
        &self.header
    }

    pub(crate) fn resources(&self) -> Resources<'_> {
        Resources {
            lexicon: &self.lexicon,
            clusters: self.clusters.as_deref(),
        }
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC.as_bytes());
        for l in self.header.lines() {
            out.extend_from_slice(b"# ");
            out.extend_from_slice(l.as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
        let nt = self.scheme.tags();
        out.push(self.scheme.code());
        out.push(nt as u8);
        out.push(self.bits as u8);
        out.push(self.quant_bits);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.lexicon.checksum().to_le_bytes());
        let cs = self.clusters.as_ref().map_or(0, |c| c.checksum());
        out.extend_from_slice(&cs.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&self.unit.to_le_bytes());
        for t in &self.raw_trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let rows: Vec<usize> = (0..self.weights.len() / nt)
            .filter(|&r| self.weights[r * nt..r * nt + nt].iter().any(|&w| w != 0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut prev = 0usize;
        for r in rows {
            let mut gap = r - prev;
            prev = r;
            loop {
                let b = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    out.push(b);
                    break;
                }
                out.push(b | 0x80);
            }
            for &w in &self.weights[r * nt..r * nt + nt] {
                if self.quant_bits == 8 {
                    out.push(w as i8 as u8);
                } else {
                    out.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        out
    }

    /// Reads a model file, checking that `lexicon` and `clusters` are the ones it was
    /// trained with.
    ///
    /// # Errors
    /// A file that is not a model of this version, is cut short, or was trained with other
    /// word lists or clusters.
    pub fn from_bytes(
        bytes: &[u8],
        lexicon: Arc<Lexicon>,
        clusters: Option<Arc<Clusters>>,
    ) -> Result<Model, String> {
        let err = |m: &str| format!("ner model: {m}");
        let rest = bytes
            .strip_prefix(MAGIC.as_bytes())
            .ok_or_else(|| err("not a model file"))?;
        let end = rest
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|p| p + 2)
            .or_else(|| rest.starts_with(b"\n").then_some(1))
            .ok_or_else(|| err("no end of header"))?;
        let header: String = String::from_utf8_lossy(&rest[..end])
            .lines()
            .filter_map(|l| l.strip_prefix("# ").or_else(|| l.strip_prefix('#')))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut r = Reader(&rest[end..]);
        let scheme = Scheme::from_code(r.u8()?).ok_or_else(|| err("unknown tag scheme"))?;
        let nt = r.u8()? as usize;
        if nt != scheme.tags() {
            return Err(err("tag count does not match the scheme"));
        }
        let bits = u32::from(r.u8()?);
        if !(8..=26).contains(&bits) {
            return Err(err("bad row count"));
        }
        let quant_bits = r.u8()?;
        if quant_bits != 8 && quant_bits != 16 {
            return Err(err("bad quantisation"));
        }
        if r.u32()? != FEATURE_VERSION {
            return Err(err("trained with another feature set; retrain"));
        }
        if r.u64()? != lexicon.checksum() {
            return Err(err("trained with other word lists; retrain"));
        }
        // a model trained without clusters ignores any given
        let clusters = match r.u64()? {
            0 => None,
            cs if clusters.as_ref().map(|c| c.checksum()) == Some(cs) => clusters,
            _ => {
                return Err(err(
                    "trained with other word clusters (or none given); retrain",
                ))
            }
        };
        let scale = r.f32()?;
        let unit = r.f32()?;
        if !(unit.is_finite() && unit > 0.0) {
            return Err(err("bad margin unit"));
        }
        let mut raw_trans = Vec::with_capacity((nt + 1) * nt);
        for _ in 0..(nt + 1) * nt {
            raw_trans.push(r.f32()?);
        }
        let rows = (1usize << bits) + DENSE;
        let mut weights = vec![0i16; rows * nt];
        let n = r.u32()? as usize;
        let mut row = 0usize;
        for _ in 0..n {
            row += r.leb()?;
            if row >= rows {
                return Err(err("row out of range"));
            }
            for t in 0..nt {
                weights[row * nt + t] = if quant_bits == 8 {
                    i16::from(r.u8()? as i8)
                } else {
                    i16::from_le_bytes([r.u8()?, r.u8()?])
                };
            }
        }
        let mut m = Model::assemble(
            scheme, bits, weights, scale, raw_trans, quant_bits, lexicon, clusters, header,
        );
        m.unit = unit;
        Ok(m)
    }

    /// Emission scores (`n × tags`) of one sentence's tokens, given their cache entries and
    /// context bits.
    pub(crate) fn emissions(
        &self,
        cache: &Cache,
        entries: &[u32],
        infos: &[WordInfo],
        bits: &[u8],
        history: &[u8],
        out: &mut Vec<f32>,
    ) {
        match self.scheme {
            Scheme::Bio => self.emissions_n::<7>(cache, entries, infos, bits, history, out),
            Scheme::Bilou => self.emissions_n::<13>(cache, entries, infos, bits, history, out),
        }
    }

    fn emissions_n<const N: usize>(
        &self,
        cache: &Cache,
        entries: &[u32],
        infos: &[WordInfo],
        bits: &[u8],
        history: &[u8],
        out: &mut Vec<f32>,
    ) {
        let width = OFFSETS * N;
        let n = entries.len();
        out.clear();
        out.resize(n * N, 0.0);
        let row = |pos: usize, j: isize| -> &[f32] {
            let r = if j < 0 {
                &self.edges[0][pos * N..]
            } else if j as usize >= n {
                &self.edges[1][pos * N..]
            } else {
                let at = entries[j as usize] as usize * width + pos * N;
                &cache.rows[at..]
            };
            &r[..N]
        };
        for (i, e) in out.chunks_exact_mut(N).enumerate() {
            let at = (bits[i] as usize * SHAPES + infos[i].shape as usize) * N;
            let mut acc = [0f32; N];
            acc.copy_from_slice(&self.context[at..at + N]);
            let ht = (history[i] as usize * SHAPES + infos[i].shape as usize) * N;
            for (a, h) in acc.iter_mut().zip(&self.history[ht..ht + N]) {
                *a += h;
            }
            for pos in 0..OFFSETS {
                let r = row(pos, i as isize + pos as isize - 2);
                for k in 0..N {
                    acc[k] += r[k];
                }
            }
            e.copy_from_slice(&acc);
        }
    }

    /// Transition scores with constraints.
    pub(crate) fn transitions(&self) -> &[f32] {
        &self.trans
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.0.len() < n {
            return Err("ner model: file cut short".into());
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn leb(&mut self) -> Result<usize, String> {
        let mut v = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("ner model: bad row gap".into())
    }
}

/// Most word types a thread's cache holds for one model before it starts over.
const CACHE_CAP: usize = 1 << 17;

/// Per-word-type scores of one model: for each word form met, what it adds to each tag at
/// each relative position, and what context features need of it.
pub(crate) struct Cache {
    model: u64,
    map: FxHashMap<u64, u32>,
    rows: Vec<f32>,
    infos: Vec<WordInfo>,
    scratch: Scratch,
}

impl Cache {
    fn new(model: u64) -> Cache {
        Cache {
            model,
            map: FxHashMap::default(),
            rows: Vec::new(),
            infos: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// The entry of a token's form, computing it on first sight.
    #[inline]
    pub(crate) fn entry(&mut self, model: &Model, form: &str, kind: TokKind) -> u32 {
        let h = form_hash(form.as_bytes());
        if let Some(&i) = self.map.get(&h) {
            return i;
        }
        if self.map.len() >= CACHE_CAP {
            self.map.clear();
            self.rows.clear();
            self.infos.clear();
        }
        let nt = model.scheme.tags();
        let width = OFFSETS * nt;
        let i = self.infos.len();
        self.rows.resize((i + 1) * width, 0.0);
        let bits = model.bits;
        let row = &mut self.rows[i * width..];
        let info = word_features(
            form,
            kind,
            model.resources(),
            &mut self.scratch,
            |pos, key| model.add_row(&mut row[pos * nt..pos * nt + nt], bucket(key, bits)),
        );
        self.infos.push(info);
        self.map.insert(h, i as u32);
        i as u32
    }

    /// What context features need of an entry.
    #[inline]
    pub(crate) fn info(&self, entry: u32) -> WordInfo {
        self.infos[entry as usize]
    }
}

thread_local! {
    static CACHES: RefCell<Vec<Cache>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's cache for `model`.
pub(crate) fn with_cache<R>(model: &Model, f: impl FnOnce(&mut Cache) -> R) -> R {
    CACHES.with(|c| {
        let mut caches = c.borrow_mut();
        let i = match caches.iter().position(|c| c.model == model.uid) {
            Some(i) => i,
            None => {
                if caches.len() >= 4 {
                    caches.remove(0);
                }
                caches.push(Cache::new(model.uid));
                caches.len() - 1
            }
        };
        f(&mut caches[i])
    })
}

/// Tokens of a sentence with their entries and context, ready to score.
pub(crate) fn sentence_entries(
    model: &Model,
    cache: &mut Cache,
    text: &str,
    toks: &[Token],
    entries: &mut Vec<u32>,
    infos: &mut Vec<WordInfo>,
) {
    entries.clear();
    infos.clear();
    for t in toks {
        let e = cache.entry(model, &text[t.start as usize..t.end as usize], t.kind);
        entries.push(e);
        infos.push(cache.info(e));
    }
}
