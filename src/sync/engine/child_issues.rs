//! The *Child issues* section of parent notes (see [`child_section`](crate::alignment::child_section)): after
//! the issues are synced, each synced issue that is some synced issue's parent gets the table of its children
//! (key as a wiki-link to the child's note, summary, status) written into its note.
//!
//! Decisions and invariants:
//! - Children are the synced issues whose parent (Cloud `parent`; Data Center `parent` or the Epic Link, read
//!   with the pull into [`IssueBase::parent`](super::IssueBase::parent)) is the note's issue; issues outside the
//!   synced scope are not listed.
//! - No churn: the fingerprint of the section last written is kept in the parent's base
//!   ([`IssueBase::children`](super::IssueBase::children)); an unchanged set of children (same keys, note
//!   names, summaries, statuses) is neither read nor written. A parent whose children are all gone loses the
//!   section.
//! - Only the section changes; the edit is guarded like every note edit (a note the user changed meanwhile is
//!   left alone and the section is written by the next sync). A note in conflict or unreadable is skipped.
//! - Dry runs and runs with the section turned off write nothing.

use std::collections::BTreeMap;

use serde_json::Value;

use super::io::EditOutcome;
use super::local::note_name;
use super::report::Level;
use super::run::{Phase, SyncRun};
use crate::alignment::child_section::{Child, render_section, with_section};
use crate::alignment::parent_link::{path_stem, reference_text};
use crate::sync::{JiraField, KeyStyle, note_fingerprint};

/// The edit id of a *Child issues* section write.
pub(super) const CHILD_EDIT: &str = "\u{0}children";

/// A parent note whose section is due: its issue id, the section (`None`: removed) and its fingerprint.
pub(super) type ChildrenDue = BTreeMap<String, (String, Option<String>, Option<String>)>;

impl SyncRun {
    /// Finds the parent notes whose section changed, and asks for those not read yet.
    pub(super) fn start_children(&mut self) {
        self.phase = Phase::Children;
        if !self.input.config.child_issues || self.input.dry_run || self.fatal.is_some() {
            return;
        }
        self.index_keys();
        let summary = self.input.config.fields.iter().find(|m| m.jira == JiraField::Summary).map(note_name);
        let mut by_parent: BTreeMap<&str, Vec<Child>> = BTreeMap::new();
        for b in self.state.issues.values().filter(|b| !b.detached && !b.parent.is_empty()) {
            let stem = self.note_keys.get(&b.key).map(|p| path_stem(p));
            by_parent.entry(b.parent.as_str()).or_default().push(Child {
                key: b.key.clone(),
                reference: reference_text(&b.key, stem, KeyStyle::Link),
                summary: summary.and_then(|n| b.values.get(n)).and_then(Value::as_str).unwrap_or_default().to_owned(),
                status: b.status.clone(),
            });
        }
        let mut due = ChildrenDue::new();
        for (id, b) in self.state.issues.iter().filter(|(_, b)| !b.detached) {
            let section = by_parent.get(b.key.as_str()).and_then(|c| render_section(c));
            let digest = section.as_deref().map(note_fingerprint);
            if digest == b.children {
                continue;
            }
            let Some(path) = self.note_of(&b.key, Some(b)).filter(|p| self.in_run(p)) else { continue };
            due.insert(path, (id.clone(), section, digest));
        }
        let unread: Vec<String> =
            due.keys().filter(|p| self.notes.get(*p).is_some_and(|n| n.unread)).cloned().collect();
        self.reads_out.extend(unread);
        self.children_due = due;
    }

    /// Writes the due sections.
    pub(super) fn write_children(&mut self) {
        self.phase = Phase::ChildrenWrite;
        for (path, (id, section, digest)) in std::mem::take(&mut self.children_due) {
            let Some(note) = self.notes.get(&path) else { continue };
            if note.unread || note.unreadable.is_some() || note.deleted || note.conflicted {
                continue;
            }
            let text = with_section(&note.content, section.as_deref());
            if text == note.content {
                if let Some(b) = self.state.issues.get_mut(&id) {
                    b.children = digest;
                }
                continue;
            }
            let old = note.content.clone();
            self.children_pending.insert(path.clone(), (id, digest));
            self.edit(&path, Some(old), text, CHILD_EDIT);
        }
    }

    /// How a section write went.
    pub(super) fn on_children_edit(&mut self, path: &str, outcome: EditOutcome) {
        let Some((id, digest)) = self.children_pending.remove(path) else { return };
        match outcome {
            EditOutcome::Applied => {
                if let Some(text) = self.written.remove(path) {
                    let note = self.read_local(path, &text);
                    self.put_note(path.to_owned(), note);
                }
                let key = self.state.issues.get(&id).map(|b| b.key.clone());
                if let Some(b) = self.state.issues.get_mut(&id) {
                    b.children = digest;
                }
                self.count_note_updated(path);
                self.log(Level::Info, Some(path), key.as_deref(), "note updated: child issues");
            }
            EditOutcome::Stale { current } => {
                self.written.remove(path);
                if let Some(text) = current {
                    let note = self.read_local(path, &text);
                    self.put_note(path.to_owned(), note);
                }
                let msg = "the note changed during the sync; its child issues are written next time";
                self.log(Level::Warning, Some(path), None, msg);
            }
        }
    }
}
