//! Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.
//!
//! Written here rather than taken from a crate because the signature must be stable across
//! releases (it is stored in the corpus) and cheap. It is a one-permutation MinHash
//! (Li, Owen & Zhang 2012) with densification by rotation (Shrivastava & Li 2014): each
//! shingle is hashed once, its top bits pick one of 128 bins, and a bin keeps the smallest
//! value it sees; empty bins borrow from the next full bin. That costs one hash per shingle
//! instead of 128, and estimates Jaccard similarity like 128 independent permutations.

/// Number of hash functions in a signature.
pub const HASHES: usize = 128;
/// Rows per LSH band; `HASHES / ROWS` bands. With 32 bands of 4 rows, pairs with Jaccard
/// similarity 0.8 become candidates with probability 1 − (1 − 0.8⁴)³² ≈ 0.99999.
pub const ROWS: usize = 4;
/// Words per shingle.
pub const SHINGLE: usize = 5;

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The MinHash signature of a text: lower-cased word 5-shingles (the whole text when it has
/// fewer words).
pub fn signature(text: &str) -> Vec<u32> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| !b.is_ascii_uppercase()) {
                fnv(w.as_bytes(), 0xcbf2_9ce4_8422_2325)
            } else {
                fnv(w.to_lowercase().as_bytes(), 0xcbf2_9ce4_8422_2325)
            }
        })
        .collect();
    let mut sig = [u32::MAX; HASHES];
    let mut add = |h: u64| {
        let mut st = h;
        let h = splitmix(&mut st);
        let bin = (h >> 57) as usize; // top 7 bits: 128 bins
        let v = h as u32;
        if v < sig[bin] {
            sig[bin] = v;
        }
    };
    if words.len() < SHINGLE {
        let h = words.iter().fold(0u64, |acc, w| acc.rotate_left(7) ^ w);
        add(h);
    } else {
        for w in words.windows(SHINGLE) {
            let h = w.iter().fold(0u64, |acc, x| acc.rotate_left(11) ^ x);
            add(h);
        }
    }
    densify(&mut sig);
    sig.to_vec()
}

/// Fills empty bins from the next full bin to the right (circularly), offset by the distance
/// so that borrowed values differ from their source.
fn densify(sig: &mut [u32; HASHES]) {
    if sig.iter().all(|&v| v == u32::MAX) {
        return;
    }
    let orig = *sig;
    for i in 0..HASHES {
        if orig[i] != u32::MAX {
            continue;
        }
        let mut d = 1;
        while orig[(i + d) % HASHES] == u32::MAX {
            d += 1;
        }
        sig[i] = orig[(i + d) % HASHES].wrapping_add((d as u32).wrapping_mul(0x9e37_79b9));
    }
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

/// The LSH band keys of a signature.
pub fn band_keys(sig: &[u32]) -> Vec<i64> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(i, rows)| {
            let mut h = 0xcbf2_9ce4_8422_2325u64 ^ (i as u64);
            for r in rows {
                h = fnv(&r.to_le_bytes(), h);
            }
            h as i64
        })
        .collect()
}

/// Signature as bytes for storage.
pub fn to_bytes(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Signature from stored bytes.
pub fn from_bytes(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_have_similar_signatures() {
        let base: String = (0..300)
            .map(|i| format!("word{} ", i % 97 * 7 + i))
            .collect();
        let mut edited = base.clone();
        edited.push_str("and a few more words at the very end of it");
        let other: String = (0..300).map(|i| format!("other{} ", i)).collect();
        let (a, b, c) = (signature(&base), signature(&edited), signature(&other));
        assert!(similarity(&a, &b) > 0.85, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1);
        assert_eq!(similarity(&a, &signature(&base)), 1.0);
        assert_eq!(band_keys(&a).len(), HASHES / ROWS);
        assert_eq!(from_bytes(&to_bytes(&a)), a);
    }
}
