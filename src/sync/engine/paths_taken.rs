//! The note paths a new note's name must avoid, case-insensitively (names differing only in case are one file on
//! macOS and Windows): the lowercase forms of the paths of the run's notes and of its new notes, counted.
//!
//! Built at the run's first new note and kept up to date by the points that add or remove a path:
//! [`SyncRun::put_note`], [`SyncRun::drop_note`], the new notes' insert (`create.rs`) and removal
//! (`work_complete.rs`); the intake's bulk append (`note_intake.rs`) forgets it. Before, every new note collected
//! all paths twice, which made a first sync quadratic (10,000 issues: 97 s, most of it there).
//!
//! Invariant: while built, the count of `l` is the number of entries of `notes` plus those of `new_notes` whose
//! path lowercases to `l` (absent when none); debug builds check it against a fresh count at every use.

use std::collections::HashMap;

use super::key_hash::KeyHash;
use super::run::SyncRun;
use crate::sync::file_name::unique_note_path_by;

/// Lowercased path → how many of the run's notes and new notes have it; `None` until first needed.
#[derive(Debug, Default)]
pub(super) struct PathsTaken(Option<HashMap<String, u32, KeyHash>>);

impl PathsTaken {
    /// A note or new note at `path` was added (not replaced).
    pub(super) fn added(&mut self, path: &str) {
        if let Some(counts) = &mut self.0 {
            *counts.entry(path.to_lowercase()).or_default() += 1;
        }
    }

    /// A note or new note at `path` was removed.
    pub(super) fn removed(&mut self, path: &str) {
        if let Some(counts) = &mut self.0 {
            let lower = path.to_lowercase();
            if let Some(count) = counts.get_mut(&lower) {
                *count -= 1;
                if *count == 0 {
                    counts.remove(&lower);
                }
            }
        }
    }

    /// Paths changed in bulk: counted afresh when next needed.
    pub(super) fn forget(&mut self) {
        self.0 = None;
    }
}

impl SyncRun {
    /// The counts as a fresh walk of the notes and new notes gives them.
    fn count_paths(&self) -> HashMap<String, u32, KeyHash> {
        let mut counts: HashMap<String, u32, KeyHash> = HashMap::default();
        for path in self.notes.keys().chain(self.new_notes.keys()) {
            *counts.entry(path.to_lowercase()).or_default() += 1;
        }
        counts
    }

    /// A path for a new note named `stem` in `folder` that no note or new note of the run has, compared
    /// case-insensitively (see [`unique_note_path_by`]).
    pub(super) fn free_note_path(&mut self, folder: &str, stem: &str) -> String {
        if self.paths_taken.0.is_none() {
            self.paths_taken.0 = Some(self.count_paths());
        }
        debug_assert_eq!(self.paths_taken.0.as_ref(), Some(&self.count_paths()), "paths taken out of step");
        let counts = self.paths_taken.0.as_ref();
        unique_note_path_by(folder, stem, |lower| counts.is_some_and(|c| c.contains_key(lower)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_stays_taken_while_any_case_of_it_is_there() {
        let mut taken = PathsTaken(Some(HashMap::default()));
        taken.added("Jira/OPS/A.md");
        taken.added("jira/ops/a.md");
        taken.removed("Jira/OPS/A.md");
        assert!(taken.0.as_ref().is_some_and(|c| c.get("jira/ops/a.md") == Some(&1)));
        taken.removed("jira/ops/a.md");
        assert!(taken.0.as_ref().is_some_and(HashMap::is_empty));
        // Not built yet: changes wait for the first count.
        taken.forget();
        taken.added("B.md");
        assert!(taken.0.is_none());
    }
}
