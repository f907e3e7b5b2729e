//! Parents in notes as key references: pulled parents written as wiki-links to the parent's note (or plain
//! keys, by [`KeyStyle`]), and link texts refreshed when the parent's note was renamed or moved.
//!
//! Invariants:
//! - The merge only ever sees keys: a note's `[[OPS-1 Incident automation]]` reads as `OPS-1` (see
//!   `normalise_local`), so the link text is never a user edit and is never pushed.
//! - References are resolved by key. The link target is the file name of the note linked to that key now
//!   (found by key, so a renamed note is followed), else the name the sync would give the note of an issue
//!   fetched this run (in scope, no note yet), else the plain key (out of scope).
//! - Only a field the plan neither pushes nor leaves in conflict has its spelling rewritten; the rewrite goes
//!   to the note alone (its agreed value, the key, does not change).

use std::collections::BTreeSet;

use crate::sort::CollectOrdered as _;

use serde_json::Value;

use super::local::{LocalNote, note_name};
use super::merge::IssuePlan;
use super::remote::RemoteIssue;
use super::run::SyncRun;
use crate::alignment::parent_link::{path_stem, reference_text, same_reference};
use crate::sync::{IssueNameParts, JiraField, KeyStyle, NoteTarget, render_file_stem};

impl SyncRun {
    /// The front matter keys parents are written to.
    fn parent_names(&self) -> Vec<String> {
        let fields = &self.input.config.fields;
        fields
            .iter()
            .filter(|m| m.jira == JiraField::Parent && matches!(m.note, NoteTarget::Frontmatter(_)))
            .map(|m| note_name(m).to_owned())
            .collect()
    }

    /// Indexes the file name stem of every issue's note by key (see the module invariants). Call after
    /// `index_keys` and once the pull is in.
    pub(super) fn index_link_stems(&mut self) {
        // A lookup-only hash map (no sort: at 10,000 notes sorting the keys was most of this); the stems are only
        // ever looked up by key.
        let mut stems = super::key_index::KeyIndex::with_capacity_and_hasher(
            self.note_keys.len() + self.remote.len(),
            Default::default(),
        );
        // The key index's entries, taken from the notes in path order as `index_keys` builds it (the first path
        // of each key wins): at 50,000 notes walking the index in its hash order read every key and path from a
        // scattered place, where the notes in path order read them in about the order they were made.
        for note in self.notes.values() {
            if let Some(key) = &note.key {
                stems.entry(key.clone()).or_insert_with(|| path_stem(&note.path).to_owned());
            }
        }
        debug_assert!(
            stems.len() == self.note_keys.len()
                && self.note_keys.iter().all(|(key, path)| stems.get(key).map(String::as_str) == Some(path_stem(path))),
            "index_link_stems runs right after index_keys"
        );
        for remote in self.remote.values() {
            if !stems.contains_key(&remote.key) {
                let stem = self.would_be_stem(remote);
                stems.insert(remote.key.clone(), stem);
            }
        }
        self.link_stems = stems;
    }

    /// The file name stem the sync gives a new note for `remote` (before any collision suffix): the file-name
    /// template over its key, project, type and summary (the mapped summary, else its first value). The one
    /// place this is computed, for new notes and for links to notes that are about to be written.
    pub(super) fn would_be_stem(&self, remote: &RemoteIssue) -> String {
        let summary = self
            .input
            .config
            .fields
            .iter()
            .find(|m| m.jira == JiraField::Summary)
            .and_then(|m| remote.values.get(note_name(m)))
            .and_then(Value::as_str)
            .or_else(|| remote.values.values().next().and_then(Value::as_str))
            .unwrap_or_default();
        let parts =
            IssueNameParts { key: &remote.key, summary, project: &remote.project, issue_type: &remote.issue_type };
        render_file_stem(&self.input.config.file_name_template, &parts).unwrap_or_else(|_| remote.key.clone())
    }

    /// How a parent value (a key, or empty) is written in a note.
    pub(super) fn parent_text(&self, value: &Value) -> Value {
        match value.as_str() {
            Some(key) if !key.is_empty() => {
                let stem = self.link_stems.get(key).map(String::as_str);
                Value::from(reference_text(key, stem, self.input.config.parent_style))
            }
            _ => value.clone(),
        }
    }

    /// Writes the parents of a new note's fields as references.
    pub(super) fn dress_new_fields(&self, fields: &mut [(String, Value)]) {
        let names = self.parent_names();
        for (_, value) in fields.iter_mut().filter(|(n, _)| names.contains(n)) {
            *value = self.parent_text(value);
        }
    }

    /// Writes pulled parents as references, and rewrites a parent the note spells otherwise than its reference
    /// (a renamed parent note, a plain key under the wiki-link style) when the plan neither pushes it nor
    /// leaves it in conflict. `note` must have been read (its front matter is compared).
    pub(super) fn dress_plan(&self, note: &LocalNote, plan: &mut IssuePlan) {
        for name in self.parent_names() {
            if let Some(value) = plan.note_fields.get(&name) {
                let text = self.parent_text(value);
                plan.note_fields.insert(name, text);
                continue;
            }
            let (Some(fm), Some(value)) = (&note.frontmatter, note.values.get(&name)) else { continue };
            if note.unread || plan.push.contains_key(&name) || plan.conflicts.iter().any(|c| c.field == name) {
                continue;
            }
            let text = self.parent_text(value);
            let stale = match (fm.get(&name), text.as_str()) {
                // A link to the current file keeps the user's folder, heading or alias.
                (Some(Value::String(spelled)), Some(wanted)) => !same_reference(spelled, wanted),
                (Some(spelled), _) => spelled != &text,
                (None, _) => false,
            };
            if stale {
                plan.note_fields.insert(name, text);
            }
        }
    }

    /// Keys of synced issues whose note was renamed or moved since its base (links to them are stale). Call
    /// after `index_keys`.
    ///
    /// A walk of every base with a lookup each (at 50,000 notes a seventh of `poll` in wasm, twice per run), so
    /// kept (`moved_keys`) until the note key index is rebuilt or a base's key or path changes; the read of the
    /// notes between the two phases that ask changes neither in the common case.
    pub(super) fn moved_note_keys(&mut self) -> BTreeSet<String> {
        if let Some(moved) = &self.moved_keys {
            debug_assert!(*moved == self.moved_now(), "a base's key or path changed without clearing moved_keys");
            return moved.clone();
        }
        let moved = self.moved_now();
        self.moved_keys = Some(moved.clone());
        moved
    }

    /// [`moved_note_keys`](Self::moved_note_keys) computed afresh.
    fn moved_now(&self) -> BTreeSet<String> {
        self.state
            .issues
            .values()
            .filter(|b| self.note_keys.get(&b.key).is_some_and(|path| path != &b.path))
            .map(|b| b.key.clone())
            .collect_set()
    }

    /// Paths of synced notes whose parent's note was renamed or moved since its base: their link text is stale
    /// and is refreshed this run (they are read and planned even when nothing else changed). Call after
    /// `index_keys`.
    pub(super) fn stale_parent_links(&mut self) -> BTreeSet<String> {
        let names = self.parent_names();
        if names.is_empty() || self.input.config.parent_style != KeyStyle::Link {
            return BTreeSet::new();
        }
        let moved = self.moved_note_keys();
        if moved.is_empty() {
            return BTreeSet::new();
        }
        self.state
            .issues
            .values()
            .filter(|b| {
                names.iter().any(|n| b.values.get(n).and_then(Value::as_str).is_some_and(|k| moved.contains(k)))
            })
            .filter_map(|b| self.note_of(&b.key, Some(b)))
            .collect_set()
    }
}
