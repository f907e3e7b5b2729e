//! The run's two key indexes: note key → path (the first path in path order wins) and base key → issue id (the
//! last id in id order wins, as in any map collected from pairs), and the lookups through them.
//!
//! Invariant: between the points that call [`SyncRun::index_keys`] (each phase that looks issues up by key), the
//! notes and bases the indexes cover do not change keys, so a lookup is one hash and one string comparison.
//!
//! Notes and bases change through [`SyncRun::put_note`], [`SyncRun::drop_note`], [`SyncRun::put_base`] and
//! [`SyncRun::drop_base`] (never `insert`/`remove` on the maps themselves), which note when a path's or an id's
//! key changed (`keys_fresh` false). Invariant: while `keys_fresh` holds, both indexes are exactly what a fresh
//! build would give, so `index_keys` returns at once; debug builds (the engine's Rust tests: `engine_run.rs`,
//! `engine_people.rs`) check that claim against the full check at every call, so a change of keys made around
//! these four fails them.
//!
//! The indexes are hash maps ([`KeyIndex`]) because they are only ever looked up, checked and rebuilt, never
//! walked for an order: at 10,000 notes a `BTreeMap` search compared some thirty keys sharing their project
//! prefix, and the check of both indexes at each phase start was the largest part of the plan. Whatever is
//! built by walking one (`index_link_stems`) is itself lookup-only or collects into an ordered map, so no
//! output depends on hash order.

use std::collections::HashMap;

use super::key_hash::KeyHash;
use super::local::LocalNote;
use super::run::SyncRun;
use super::state::IssueBase;

/// A lookup-only map from an issue key (or a path) to a path, an issue id or a note's file name stem. Hashed with
/// [`KeyHash`] (no seed drawn: a run stays a pure function of its input). Never walked where the order could
/// show (see the module documentation).
pub(super) type KeyIndex = HashMap<String, String, KeyHash>;

impl SyncRun {
    /// Rebuilds the key indexes (note key → path, base key → issue id). Called at the start of each phase that
    /// looks issues up by key, so lookups stay logarithmic for large vaults; between those points the notes and
    /// bases they index do not change keys.
    ///
    /// Most calls find no key changed since the last one (`keys_fresh`, see the module documentation) and
    /// return at once; otherwise the indexes are checked, one lookup per note and base, and rebuilt only when
    /// wrong. At 10,000 notes rebuilding them every time was half of the planning's time, and checking them at
    /// every phase start still a third of `poll`.
    pub(super) fn index_keys(&mut self) {
        let notes = || self.notes.values().filter_map(|n| Some((n.key.as_deref()?, n.path.as_str())));
        let bases = || self.state.issues.iter().map(|(id, b)| (b.key.as_str(), id.as_str()));
        if self.keys_fresh {
            debug_assert!(
                index_holds(&self.note_keys, notes(), false) && index_holds(&self.base_keys, bases(), true),
                "a note or base changed keys without put_note/drop_note/put_base/drop_base"
            );
            return;
        }
        if !index_holds(&self.note_keys, notes(), false) {
            self.moved_keys = None;
            self.note_keys.clear();
            self.note_keys.reserve(self.notes.len());
            for (key, path) in notes() {
                // Notes are visited in path order: the first path wins, deterministically.
                self.note_keys.entry(key.to_owned()).or_insert_with(|| path.to_owned());
            }
        }
        if !index_holds(&self.base_keys, bases(), true) {
            // As in any map collected from pairs, the last id (in id order) wins.
            self.base_keys.clear();
            self.base_keys.reserve(self.state.issues.len());
            for (key, id) in bases() {
                self.base_keys.insert(key.to_owned(), id.to_owned());
            }
        }
        self.keys_fresh = true;
    }

    /// Puts `note` at `path`, replacing the note there; the key indexes go stale only when the path's key changes.
    ///
    /// One search of the notes (at 50,000 notes each search of the ordered map is a chain of cache misses).
    pub(super) fn put_note(&mut self, path: String, note: LocalNote) {
        use std::collections::btree_map::Entry;
        let same_key = match self.notes.entry(path) {
            Entry::Occupied(mut old) => old.insert(note).key == old.get().key,
            Entry::Vacant(new) => {
                self.paths_taken.added(new.key());
                let same_key = note.key.is_none();
                new.insert(note);
                same_key
            }
        };
        self.keys_fresh &= same_key;
    }

    /// Takes the note at `path` out of the run (it no longer exists, or is asked for again).
    pub(super) fn drop_note(&mut self, path: &str) -> Option<LocalNote> {
        let note = self.notes.remove(path);
        if note.is_some() {
            self.paths_taken.removed(path);
        }
        self.keys_fresh &= note.as_ref().is_none_or(|n| n.key.is_none());
        note
    }

    /// Puts `base` as issue `id`'s base; the key indexes go stale only when the id's key changes.
    pub(super) fn put_base(&mut self, id: String, base: IssueBase) {
        self.keys_fresh &= self.state.issues.get(&id).is_some_and(|old| old.key == base.key);
        self.moved_keys = None;
        self.state.issues.insert(id, base);
    }

    /// Takes issue `id`'s base out of the state.
    pub(super) fn drop_base(&mut self, id: &str) -> Option<IssueBase> {
        let base = self.state.issues.remove(id);
        self.keys_fresh &= base.is_none();
        self.moved_keys = None;
        base
    }

    /// The path of the note linked to an issue: by key, or the base's note if it still carries the old key.
    pub(super) fn note_of(&self, key: &str, base: Option<&IssueBase>) -> Option<String> {
        self.note_keys.get(key).cloned().or_else(|| {
            let b = base?;
            let n = self.notes.get(&b.path)?;
            (n.key.as_deref() == Some(b.key.as_str())).then(|| n.path.clone())
        })
    }

    /// The base snapshot of the issue a key belongs to.
    pub(super) fn base_by_key(&self, key: &str) -> Option<(&str, &IssueBase)> {
        let id = self.base_keys.get(key)?;
        self.state.issues.get(id).filter(|b| b.key == key).map(|b| (id.as_str(), b))
    }

    /// [`base_by_key`](Self::base_by_key) for every key at once, for a pass that looks up every note's base:
    /// `Some(base)` where it answers `Some((_, base))`, as long as the bases and the index do not change, by one
    /// hash lookup each. The bases are walked once in id order; at 50,000 notes searching the ordered map of
    /// bases by id (some thirty comparisons of ids sharing their leading digits, each a cache miss) for every
    /// note was a fifth of `poll`. (The map's type is the one `take_refs` uses, so no more code is compiled.)
    pub(super) fn bases_by_key(&self) -> BasesByKey<'_> {
        let mut bases: BasesByKey<'_> = HashMap::with_capacity_and_hasher(self.base_keys.len(), KeyHash::default());
        for (id, base) in &self.state.issues {
            // Exactly the pairs `base_by_key` answers with: the id the index holds for the base's key. A fresh
            // index holds the last id of each key in id order, which is what inserting them in that order keeps.
            if self.keys_fresh || self.base_keys.get(&base.key) == Some(id) {
                *bases.entry(base.key.as_str()).or_insert(None) = Some(base);
            }
        }
        debug_assert!(
            !self.keys_fresh
                || bases.iter().all(|(key, held)| match (held, self.base_by_key(key)) {
                    (Some(held), Some((_, base))) => std::ptr::eq(*held, base),
                    (held, base) => held.is_none() && base.is_none(),
                }),
            "a fresh index gives every key its last id"
        );
        bases
    }
}

/// Issue key → its base (`None`: no base), as [`SyncRun::bases_by_key`] builds it; lookup-only, borrowed from
/// the run.
pub(super) type BasesByKey<'a> = HashMap<&'a str, Option<&'a IssueBase>, KeyHash>;

/// Whether `index` maps every key of `pairs` to its first value (its last, with `last_wins`) and holds no other
/// key: what building it from `pairs` would give. `pairs` must come in strictly ascending order of their values
/// (notes by path, bases by id). One lookup per pair, nothing allocated.
///
/// The pairs' order is what decides which value is the first or last of its key; the index's own order plays
/// no part, so a hash map is checked exactly as an ordered one would be.
///
/// Why it is exact: every pair's key must be held, by a value no later (no earlier, with `last_wins`) than the
/// pair's; a pair whose value is the one held is a hit, and each held entry can have at most one. With as many
/// hits as entries, each held value is a value of its key, so it is that key's first (last) value, and no entry
/// is left without a pair.
fn index_holds<'a>(index: &KeyIndex, pairs: impl Iterator<Item = (&'a str, &'a str)>, last_wins: bool) -> bool {
    let mut hits = 0;
    for (key, value) in pairs {
        let Some(held) = index.get(key) else { return false };
        match held.as_str().cmp(value) {
            std::cmp::Ordering::Equal => hits += 1,
            std::cmp::Ordering::Less if !last_wins => {}
            std::cmp::Ordering::Greater if last_wins => {}
            _ => return false,
        }
    }
    hits == index.len()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::index_holds;

    /// The index as built from scratch: the first (or last) value of each key.
    fn built(pairs: &[(&str, &str)], last_wins: bool) -> BTreeMap<String, String> {
        let mut index = BTreeMap::new();
        for (k, v) in pairs {
            if last_wins || !index.contains_key(*k) {
                index.insert((*k).to_owned(), (*v).to_owned());
            }
        }
        index
    }

    #[test]
    fn an_index_holds_exactly_when_it_equals_the_one_built_afresh() {
        use super::KeyIndex;
        // Every assignment of keys (of three) to four ascending values, against every index over those keys
        // whose entries are one of the values or absent: `index_holds` agrees with comparing to a fresh build.
        let keys = ["A", "B", "C"];
        let values = ["p1", "p2", "p3", "p4"];
        let mut checked = 0;
        for assignment in 0..3usize.pow(4) {
            let pairs: Vec<(&str, &str)> =
                values.iter().enumerate().map(|(i, v)| (keys[assignment / 3usize.pow(i as u32) % 3], *v)).collect();
            for held in 0..5usize.pow(3) {
                let index: BTreeMap<String, String> = keys
                    .iter()
                    .enumerate()
                    .filter_map(|(i, k)| {
                        let choice = held / 5usize.pow(i as u32) % 5;
                        values.get(choice).map(|v| ((*k).to_owned(), (*v).to_owned()))
                    })
                    .collect();
                let hashed: KeyIndex = index.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                for last_wins in [false, true] {
                    let expected = index == built(&pairs, last_wins);
                    assert_eq!(index_holds(&hashed, pairs.iter().copied(), last_wins), expected, "{pairs:?} {index:?}");
                    checked += usize::from(expected);
                }
            }
        }
        assert!(checked > 0, "some indexes hold");
    }
}
