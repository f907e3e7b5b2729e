//! How notes enter a [`SyncRun`]: with their text ([`NoteFile`]) or by fingerprint ([`NoteRef`]), before the
//! first poll ([`SyncRun::add_notes`], [`SyncRun::add_note_refs`]) or when the run asks for them
//! ([`Action::ReadNotes`](super::Action::ReadNotes), answered by [`SyncRun::handle_notes`]); and the
//! fingerprints a finished run records for the next one.
//!
//! Invariant: a note given by fingerprint stands in as its base only when the state recorded that very
//! fingerprint for its path under this run's basis (field mappings, custom field ids, worklog section); every
//! other note is read before the run looks inside it, so an edit is never planned against text it did not see.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::fingerprint::{fingerprint_basis, note_fingerprint};
use super::io::{NoteFile, NoteRef};
use super::key_hash::KeyHash;
use super::local::LocalNote;
use super::run::{Phase, SyncRun};
use super::selection::NoteSelection;
use super::state::IssueBase;

impl SyncRun {
    pub(super) fn read_notes(&mut self) {
        for note in std::mem::take(&mut self.input.notes) {
            self.take_note(note);
        }
    }

    /// Reads one note handed in with its text.
    fn take_note(&mut self, note: NoteFile) {
        let mut local = self.read_local(&note.path, &note.content);
        local.fingerprint = note.fingerprint;
        self.put_note(note.path, local);
    }

    /// The fingerprint basis for the current field mappings, custom field ids and worklog section.
    pub(super) fn current_basis(&self) -> String {
        let basis =
            fingerprint_basis(&self.input.config.fields, &self.state.custom_fields, self.section_heading().as_deref());
        // Link properties are part of what a note's text is read for (see `issue_links.rs`).
        let links = &self.input.config.issue_links;
        if links.enabled {
            let renames = crate::json_text::to_string(&links.renames).unwrap_or_default();
            return crate::sync::engine::note_fingerprint(&format!("{basis}\0links\0{renames}"));
        }
        basis
    }

    /// Takes notes given by fingerprint: as their base when the state recorded that fingerprint for that path
    /// (under this run's basis, with no create in flight for it and not named by the run's mode), else asked
    /// for at the next poll.
    pub(super) fn take_refs(&mut self, refs: Vec<NoteRef>) {
        if refs.is_empty() {
            return;
        }
        let trusted = self.state.fingerprint_basis.as_deref() == Some(self.basis.as_str());
        // The live base of each path; `None` when several claim it (then none is trusted). Looked up only (one
        // lookup per note given), so hashed: at 10,000 notes an ordered map's searches were most of this.
        let mut by_path: HashMap<&str, Option<&IssueBase>, KeyHash> =
            HashMap::with_capacity_and_hasher(self.state.issues.len(), KeyHash::default());
        for base in self.state.issues.values().filter(|b| !b.detached) {
            by_path.entry(base.path.as_str()).and_modify(|one| *one = None).or_insert(Some(base));
        }
        let journal: BTreeSet<&str> = crate::sort::collect_set(self.journal.creates.iter().map(|c| c.path.as_str()));
        let named = self.input.mode.only_paths().unwrap_or_default();
        // Sized once: at 50,000 notes each growth of the vector moved every stub made so far.
        let (mut stubs, mut unread) = (Vec::with_capacity(refs.len()), Vec::new());
        for r in refs {
            let base = match by_path.get(r.path.as_str()) {
                // One live base for the path, recorded with this very fingerprint and no conflict pending.
                Some(Some(b))
                    if trusted && b.conflict.is_empty() && b.fingerprint.as_deref() == Some(&r.fingerprint) =>
                {
                    Some(*b)
                }
                _ => None,
            };
            match base {
                Some(b) if !journal.contains(r.path.as_str()) && !named.contains(&r.path) => {
                    let stub = LocalNote::from_base(&r.path, r.fingerprint, b);
                    stubs.push((r.path, stub));
                }
                _ => unread.push(r.path),
            }
        }
        for path in unread {
            self.drop_note(&path);
            self.reads_out.insert(path);
        }
        for (path, _) in &stubs {
            self.reads_out.remove(path);
        }
        // Built in bulk (of two stubs for one path the later one counts, as inserting them one by one would do):
        // at 10,000 notes, searching the ordered map from its root for each insert was a third of taking the
        // refs. The standard `collect` sorts stably (refs come in path order from the drivers, one run) and
        // builds the tree bottom-up. Then the smaller map goes into the larger, a stub replacing a note of its
        // path (as `append` would): `append` rebuilt the whole tree, moving every note three more times, a
        // quarter of the run's start at 50,000 notes.
        let mut stubs: BTreeMap<String, LocalNote> = stubs.into_iter().collect();
        if stubs.len() >= self.notes.len() {
            for (path, note) in std::mem::take(&mut self.notes) {
                stubs.entry(path).or_insert(note);
            }
            self.notes = stubs;
        } else {
            self.notes.extend(stubs);
        }
        self.paths_taken.forget();
        self.keys_fresh = false;
    }

    /// Adds notes given by fingerprint (see [`NoteRef`]), like [`add_notes`](Self::add_notes): only before the
    /// first [`poll`](Self::poll), or after the poll that asked for them ([`Action::Notes`](super::Action::Notes)).
    pub fn add_note_refs(&mut self, refs: Vec<NoteRef>) -> Result<(), &'static str> {
        self.notes_welcome()?;
        self.take_refs(refs);
        Ok(())
    }

    /// Answers [`Action::ReadNotes`](super::Action::ReadNotes): the notes asked for, with their text now. A note asked for and left out
    /// no longer exists. Notes not asked for are ignored.
    pub fn handle_notes(&mut self, notes: Vec<NoteFile>) {
        for note in notes {
            if self.reads_pending.remove(&note.path) {
                self.take_note(note);
            }
        }
        for gone in std::mem::take(&mut self.reads_pending) {
            self.drop_note(&gone);
        }
    }

    /// Asks for the text of every note given by fingerprint that the run must look inside now: all of them on
    /// a full scan, with time tracking on, or once the custom field ids changed; else the notes of the issues
    /// Jira returned changed since their base (by key, and the base's note).
    pub(super) fn start_read_notes(&mut self) {
        self.phase = Phase::ReadNotes;
        let unread = |n: &&LocalNote| n.unread;
        let all = self.full_scan || self.tt().enabled || self.current_basis() != self.basis;
        if all {
            let paths: Vec<String> = self.notes.values().filter(unread).map(|n| n.path.clone()).collect();
            self.reads_out.extend(paths);
            return;
        }
        self.index_keys();
        let mut paths = BTreeSet::new();
        for (id, remote) in &self.remote {
            let base = self.state.issues.get(id);
            // The search since the watermark returns the last issue it saw again: unchanged since its base, its
            // note (unchanged too) has nothing to take from it.
            if base.is_some_and(|b| b.updated == remote.updated && b.key == remote.key) {
                continue;
            }
            paths.extend(self.note_of(&remote.key, base));
            paths.extend(base.map(|b| b.path.clone()));
        }
        // Notes whose parent's or linked issue's note was renamed: their link text is refreshed (see
        // `parent_links.rs`, `issue_links.rs`).
        paths.extend(self.stale_parent_links());
        paths.extend(self.stale_issue_links());
        paths.retain(|p| self.notes.get(p).is_some_and(|n| n.unread));
        self.reads_out.extend(paths);
    }

    /// Records, per base, the fingerprint of its note's text when the run ends with that text holding exactly
    /// the base; keeps it for a note still unread (its recorded fingerprint), and forgets it otherwise.
    pub(super) fn record_fingerprints(&mut self) {
        self.state.fingerprint_basis = Some(self.current_basis());
        let mut fingerprints: Vec<(String, Option<String>)> = Vec::new();
        for (id, base) in &self.state.issues {
            let fingerprint = match self.notes.get(&base.path) {
                Some(n) if n.unread => n.fingerprint.clone(),
                Some(n)
                    if !base.detached
                        && !n.deleted
                        && n.unreadable.is_none()
                        && n.key.as_deref() == Some(base.key.as_str())
                        && super::base_view::unchanged_since(n, &base.path, base)
                        && self.links_unchanged(n, base) =>
                {
                    Some(n.fingerprint.clone().unwrap_or_else(|| note_fingerprint(&n.content)))
                }
                _ => None,
            };
            if fingerprint != base.fingerprint {
                fingerprints.push((id.clone(), fingerprint));
            }
        }
        for (id, fingerprint) in fingerprints {
            if let Some(b) = self.state.issues.get_mut(&id) {
                b.fingerprint = fingerprint;
            }
        }
    }

    /// Which notes can take part in this run (see [`NoteSelection`]): a driver reads those and hands them in
    /// with [`add_notes`](Self::add_notes) before the first [`poll`](Self::poll).
    pub fn note_selection(&self) -> NoteSelection {
        super::selection::selection_of(&self.input, &self.state)
    }

    /// Adds notes to the run's input (a note given twice: the last one counts). Only before the first
    /// [`poll`](Self::poll), or after the poll that asked for them ([`Action::Notes`](super::Action::Notes)) and
    /// before the next: at any other time the run may already have looked at the notes it had, so this refuses.
    pub fn add_notes(&mut self, notes: Vec<NoteFile>) -> Result<(), &'static str> {
        self.notes_welcome()?;
        for note in notes {
            self.reads_out.remove(&note.path);
            self.take_note(note);
        }
        Ok(())
    }

    /// Whether notes may come in now: before the first poll, or while the run's ask for them is open.
    fn notes_welcome(&self) -> Result<(), &'static str> {
        if self.phase == Phase::Start || self.notes_open {
            return Ok(());
        }
        Err("notes can only be added before the run's first poll, or when the run asks for them")
    }

    /// Whether a run that takes its notes later ([`RunInput::notes_later`](super::RunInput::notes_later)) must
    /// have them before its next step: recovering creates in doubt matches them to their notes, and every step
    /// from fetching linked issues by key on reads them. The steps before (set-up, the zone question, the pull
    /// search) never look at notes.
    pub(super) fn notes_due(&self) -> bool {
        match self.phase {
            Phase::Start | Phase::Recover | Phase::Zone => false,
            Phase::Setup => !self.journal.creates.is_empty(),
            _ => true,
        }
    }

    /// Re-reads every note with the current custom field ids (after `/field` answered). Notes not read yet
    /// are read with them when they come in (`start_read_notes` asks for all of them once the ids changed).
    pub(super) fn reread_notes(&mut self) {
        let paths: Vec<(String, String, Option<String>)> = self
            .notes
            .values()
            .filter(|n| !n.unread)
            .map(|n| (n.path.clone(), n.content.clone(), n.fingerprint.clone()))
            .collect();
        for (path, content, fingerprint) in paths {
            let mut local = self.read_local(&path, &content);
            local.fingerprint = fingerprint;
            self.put_note(path, local);
        }
    }
}
