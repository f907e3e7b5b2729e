//! The hash of the run's lookup-only maps (issue keys, paths, ids: [`KeyIndex`](super::key_index::KeyIndex),
//! the intake's by-path map, the paths taken): foldhash's fast hasher under its fixed seed. At 10,000 notes the
//! standard library's SipHash of short keys was a large part of every pass over the notes.
//!
//! Invariants: no seed is drawn (the crate has no randomness), so a run stays a pure function of its input; no
//! output depends on a hash (the maps are only looked up, or walked into an ordered collection), so the hash's
//! values may change between versions. Keys that differ only in their last characters (`OPS-1234`, `OPS-1235`)
//! must still spread over the low bits the table's bucket index comes from (a plain multiply–rotate, as rustc's
//! `FxHasher`, gave whole-hash collisions among 10,000 such paths; the test below guards it). Keys come from the
//! user's vault and from Jira: a crafted set of colliding keys could only slow a run down (as it could with
//! SipHash under fixed, public keys), never change what it does.

/// Builds the hashers of the run's lookup-only maps (see the module documentation).
pub(super) type KeyHash = foldhash::fast::FixedState;

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
