//! Stable 64-bit hashing for feature keys (the model files depend on it, so it must not
//! change with a crate version) and fast hashing of word forms for the score cache.

/// FNV-1a, fed piece by piece, finished with a 64-bit mixer so that the top bits (the
/// bucket) depend on every input byte.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// A hash for feature template `t`.
    #[inline]
    pub(crate) fn new(t: u8) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325).byte(t)
    }

    /// Adds one byte.
    #[inline]
    pub(crate) fn byte(self, b: u8) -> Fnv {
        Fnv((self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    /// Adds bytes.
    #[inline]
    pub(crate) fn bytes(self, bs: &[u8]) -> Fnv {
        let mut h = self;
        for &b in bs {
            h = h.byte(b);
        }
        h
    }

    /// The mixed value.
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        mix(self.0)
    }
}

/// The splitmix64 finaliser.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A fast hash of a word form (eight bytes at a time), for cache keys only: never stored.
#[inline]
pub(crate) fn form_hash(s: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (s.len() as u64).wrapping_mul(K);
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    mix(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // The model files depend on these: a change here must retrain the models.
        assert_eq!(Fnv::new(1).bytes(b"moscow").finish(), 0x72f5_ce5b_3dee_587d);
        assert_ne!(form_hash(b"abcdefgh1"), form_hash(b"abcdefgh2"));
        assert_ne!(form_hash(b""), form_hash(b"\0"));
    }
}
