//! The hash of the run's lookup-only maps (issue keys, paths, ids: [`KeyIndex`](super::key_index::KeyIndex) and
//! the intake's by-path map): a word-at-a-time multiply–xorshift hash (with the multiplier of rustc's
//! `FxHasher`) and a final avalanche (MurmurHash3's `fmix64`). At 10,000 notes the standard library's SipHash of short keys was a large
//! part of every pass over the notes; this hashes a key of up to 16 bytes in a few multiplies.
//!
//! Invariants: no seed is drawn (the crate has no randomness), so a run stays a pure function of its input; no
//! output depends on a hash (the maps are only looked up, or walked into an ordered collection), so the hash's
//! values may change between versions. Keys that differ only in their last characters (`OPS-1234`, `OPS-1235`:
//! read little-endian, the top byte of a word) must still spread over the low bits the table's bucket index
//! comes from: the per-word shift and the final mix see to it (a plain multiply–rotate, as `FxHasher`'s, gave
//! whole-hash collisions among 10,000 such paths; the test below guards it). Keys come from the user's vault
//! and from Jira: a crafted set of colliding keys could only slow a run down (as it could with SipHash under
//! fixed, public keys), never change what it does.

use std::hash::{BuildHasherDefault, Hasher};

/// The multiplier of rustc's `FxHasher` (64-bit).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// A fast, deterministic [`Hasher`] for short strings (see the module documentation).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct KeyHasher {
    hash: u64,
}

/// Builds [`KeyHasher`]s: the hasher of the run's lookup-only maps.
pub(super) type KeyHash = BuildHasherDefault<KeyHasher>;

impl KeyHasher {
    /// Mixes in one word: a multiply carries each bit upwards, the shift brings the high half back down, so a
    /// difference in any bit reaches every bit of the next word's step (each step is a bijection of the state).
    fn add(&mut self, word: u64) {
        let h = (self.hash ^ word).wrapping_mul(SEED);
        self.hash = h ^ (h >> 32);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // The length first, so that texts differing only in a tail of zero bytes (the tail's padding) differ.
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // MurmurHash3's fmix64.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::hash::BuildHasher;

    use super::KeyHash;

    #[test]
    fn keys_of_one_pattern_spread_over_the_low_bits() {
        let hash = KeyHash::default();
        // 10,000 keys of one pattern over 16,384 buckets (the low 14 bits): uniform hashing fills about 7,480
        // (σ ≈ 33); keys differing only in their last characters must not crowd together.
        for pattern in ["OPS-", "Jira/OPS/OPS-", "", "1", "ABCDEFG-"] {
            let keys: Vec<String> = (1..=10_000).map(|n| format!("{pattern}{n}")).collect();
            let full: BTreeSet<u64> = keys.iter().map(|k| hash.hash_one(k)).collect();
            let buckets: BTreeSet<u64> = full.iter().map(|h| h & 0x3fff).collect();
            assert_eq!(full.len(), keys.len(), "{pattern}: a 64-bit collision");
            assert!(buckets.len() > 7_300, "{pattern}: {} buckets", buckets.len());
        }
        // Equal keys hash alike; a text and its extension, or two differing in a tail of zero bytes, do not.
        assert_eq!(hash.hash_one("OPS-1"), hash.hash_one(String::from("OPS-1")));
        assert_ne!(hash.hash_one("OPS-123"), hash.hash_one("OPS-1238"));
        assert_ne!(hash.hash_one("a\0"), hash.hash_one("a\0\0"));
    }
}
