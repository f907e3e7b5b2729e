//! Stable sorting and ordered collecting through one compiled copy of the standard sort (issue #13 goal 4: size).
//!
//! `slice::sort_by` is generic over the element type and the comparison closure, so every call site compiles its
//! own copy of the standard stable sort (driftsort with its small-sort networks and merges, several KB of wasm
//! each), and so does every `collect()` into a `BTreeMap` or `BTreeSet` (which sorts its input first). With
//! sixty such copies they were about 260 KB of the core. The helpers here sort a permutation of indices with the
//! comparison behind `&mut dyn FnMut`, so the algorithm is compiled once, then move the elements into that
//! order. Slices of up to 16 elements (most of them: a text's marks, an object's keys) are insertion-sorted in
//! place instead, with no allocation.
//!
//! Invariants: the order is exactly the one `slice::sort_by` gives (the index sort is the standard stable sort,
//! and ties keep their original order). Every comparison passed here must be a total order (as `slice::sort_by`
//! requires: with one that is not, the order is unspecified and the standard sort may panic). The cost above 16
//! elements is one `usize` per element and an indirect call per comparison.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Slices up to this length are sorted in place by insertion (a few bytes of code per element type, no index
/// vector); longer ones through the one compiled sort.
const SMALL: usize = 16;

/// Sorts `v` stably with `cmp`, as `v.sort_by(cmp)` does.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() <= SMALL {
        // Most sorts here are a handful of marks or keys: insertion sort, no allocation. Stable: an element only
        // moves past strictly greater ones.
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| cmp(&items[a], &items[b]));
    }
    for (a, b) in swaps_for(order) {
        v.swap(a, b);
    }
}

/// Sorts `v` stably by `key`, as `v.sort_by_key(key)` does (the key is computed for each comparison).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order, as `v.sort()` does.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// A map from key/value pairs, as `iter.collect::<BTreeMap<_, _>>()` gives it (a later pair with an equal key
/// replaces the value of an earlier one), built by insertion instead of the standard library's sort-then-build.
pub fn collect_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// A set from values, as `iter.collect::<BTreeSet<_>>()` gives it, built by insertion.
pub fn collect_set<T: Ord>(values: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for v in values {
        set.insert(v);
    }
    set
}

/// `collect_map` and `collect_set` as iterator methods, for the end of a chain: `iter.collect_map()` is
/// `iter.collect::<BTreeMap<_, _>>()` without the sort (see [`collect_map`]).
pub trait CollectOrdered: Iterator + Sized {
    /// [`collect_map`] of this iterator's pairs.
    fn collect_map<K: Ord, V>(self) -> BTreeMap<K, V>
    where
        Self: Iterator<Item = (K, V)>,
    {
        collect_map(self)
    }

    /// [`collect_set`] of this iterator's values.
    fn collect_set(self) -> BTreeSet<Self::Item>
    where
        Self::Item: Ord,
    {
        collect_set(self)
    }
}

impl<I: Iterator> CollectOrdered for I {}

/// The one compiled instance of the standard stable sort: sorts positions by the elements they name.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// The swaps that move the element at `order[i]` to position `i` for every `i` (applied in sequence), one cycle
/// of the permutation at a time: at most `len - 1` swaps. Not generic, so compiled once.
#[inline(never)]
fn swaps_for(mut order: Vec<usize>) -> Vec<(usize, usize)> {
    let mut swaps = Vec::new();
    for start in 0..order.len() {
        // Invariant: while a cycle is followed, the element first at `start` sits at `hole`; positions already
        // filled have `order[i] == i`.
        let mut hole = start;
        loop {
            let from = order[hole];
            order[hole] = hole;
            if from == start || from == hole {
                break;
            }
            swaps.push((hole, from));
            hole = from;
        }
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no randomness in the crate): xorshift.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_stable_sort_ties_included() {
        for (seed, n, modulo) in
            [(1, 0, 1), (2, 1, 5), (3, 2, 2), (4, 7, 3), (5, 50, 10), (6, 1000, 17), (7, 333, 1000)]
        {
            // Pairs of (key, original position): ties in the key must keep their positions' order.
            let keys = numbers(seed, n, modulo);
            let pairs: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = pairs.clone();
            expected.sort_by_key(|p| p.0);
            let mut ours = pairs.clone();
            sort_by_key(&mut ours, |p| p.0);
            assert_eq!(ours, expected, "seed {seed}");
            let mut reversed = pairs.clone();
            sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
            let mut expected_reversed = pairs;
            expected_reversed.sort_by_key(|p| std::cmp::Reverse(p.0));
            assert_eq!(reversed, expected_reversed, "seed {seed}");
        }
    }

    #[test]
    fn sorts_owned_values_without_losing_or_copying_any() {
        let mut words: Vec<String> = numbers(9, 200, 40).into_iter().map(|n| format!("w{n}")).collect();
        let mut expected = words.clone();
        expected.sort();
        sort(&mut words);
        assert_eq!(words, expected);
    }

    #[test]
    fn collecting_keeps_the_last_value_of_equal_keys() {
        let pairs = vec![("b", 1), ("a", 2), ("b", 3)];
        let expected: BTreeMap<_, _> = pairs.clone().into_iter().collect();
        assert_eq!(collect_map(pairs), expected);
        assert_eq!(collect_set([3, 1, 3, 2]), BTreeSet::from([1, 2, 3]));
    }
}
