//! The run's two key indexes: note key → path (the first path in path order wins) and base key → issue id (the
//! last id in id order wins, as in any map collected from pairs), and the lookups through them.
//!
//! Invariant: between the points that call [`SyncRun::index_keys`] (each phase that looks issues up by key), the
//! notes and bases the indexes cover do not change keys, so a lookup is one `BTreeMap` search.

use std::collections::BTreeMap;

use super::run::SyncRun;
use super::state::IssueBase;
use crate::sort::CollectOrdered;

impl SyncRun {
    /// Rebuilds the key indexes (note key → path, base key → issue id). Called at the start of each phase that
    /// looks issues up by key, so lookups stay logarithmic for large vaults; between those points the notes and
    /// bases they index do not change keys.
    ///
    /// Most calls find the indexes still right (between phases few notes or bases change) and then only check
    /// them, allocating nothing; at 10,000 notes rebuilding them every time was half of the planning's time.
    pub(super) fn index_keys(&mut self) {
        let notes = || self.notes.values().filter_map(|n| Some((n.key.as_deref()?, n.path.as_str())));
        if !index_holds(&self.note_keys, notes(), false) {
            self.note_keys.clear();
            for (key, path) in notes() {
                // Notes are visited in path order: the first path wins, deterministically.
                self.note_keys.entry(key.to_owned()).or_insert_with(|| path.to_owned());
            }
        }
        let bases = || self.state.issues.iter().map(|(id, b)| (b.key.as_str(), id.as_str()));
        if !index_holds(&self.base_keys, bases(), true) {
            // As in any map collected from pairs, the last id (in id order) wins.
            self.base_keys = bases().map(|(key, id)| (key.to_owned(), id.to_owned())).collect_map();
        }
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
}

/// Whether `index` maps every key of `pairs` to its first value (its last, with `last_wins`) and holds no other
/// key: what building it from `pairs` would give. `pairs` must come in strictly ascending order of their values
/// (notes by path, bases by id). One lookup per pair, nothing allocated.
///
/// Why it is exact: every pair's key must be held, by a value no later (no earlier, with `last_wins`) than the
/// pair's; a pair whose value is the one held is a hit, and each held entry can have at most one. With as many
/// hits as entries, each held value is a value of its key, so it is that key's first (last) value, and no entry
/// is left without a pair.
fn index_holds<'a>(
    index: &BTreeMap<String, String>,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    last_wins: bool,
) -> bool {
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
                for last_wins in [false, true] {
                    let expected = index == built(&pairs, last_wins);
                    assert_eq!(index_holds(&index, pairs.iter().copied(), last_wins), expected, "{pairs:?} {index:?}");
                    checked += usize::from(expected);
                }
            }
        }
        assert!(checked > 0, "some indexes hold");
    }
}
