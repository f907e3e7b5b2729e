//! The `move-note` action of rules: the firing issue's note moved to a folder as a vault edit. The epic folder
//! layout's moves (`epic_moves.rs`) go the same way.
//!
//! Decisions and invariants:
//! - Moves go out after the run's other note edits are answered (their own phase), so a note a rule also edits
//!   moves with its edited text; each move is guarded like every edit: the driver moves the note only while it
//!   holds the text the engine read, and never over an existing file (Obsidian: through the file manager, so
//!   links to the note follow). A move refused because the target exists comes back `Stale` with the note's text
//!   unchanged; the note stays where it is and the log says why, per note.
//! - The folder is the rule's rendered template, vault-relative (`/` separators); one with `..`, a leading `/`
//!   or a dot-folder segment is refused. The file name stays.
//! - Once moved, the sync state follows: the issue's base takes the new path, so the next run syncs the note at
//!   its new place and creates nothing at the old one.

use super::io::EditOutcome;
use super::report::Level;
use super::run::{Phase, SyncRun};
use crate::analytics::activity::ActionOutcome;

/// The edit id of a note move (see `SyncRun::handle_edit`).
pub(super) const MOVE_EDIT: &str = "\u{0}automation-move";

/// What the log says a move was for: a rule's, or the epic folder layout's.
const EPIC_FOLDERS: &str = "epic folders";

/// A note move asked for by a rule (or by the epic folder layout).
#[derive(Debug, Clone)]
pub(super) struct NoteMove {
    /// Who asked, as the log's prefix: "automation: rule `x`" or "epic folders".
    by: String,
    /// The rule's name for a rule's move (its outcome is marked on the firing), none for the epic folder layout.
    rule: Option<String>,
    key: String,
    from: String,
    to: String,
    /// The text the move is guarded by, once sent.
    expected: String,
}

impl SyncRun {
    /// Queues the move of the note at `path` into `folder` (sent by `send_note_moves`).
    pub(super) fn queue_note_move(&mut self, rule: &str, key: &str, path: &str, folder: &str) {
        let folder = folder.trim().trim_matches('/');
        let bad = folder.is_empty()
            || folder.contains('\\')
            || folder.split('/').any(|s| s.is_empty() || s == ".." || s.starts_with('.'));
        if bad {
            self.mark_actions(key, Some(rule), &["move-note"], false, ActionOutcome::Failed);
            let msg = format!("automation: rule `{rule}`: the note was not moved: \"{folder}\" is not a vault folder");
            return self.log(Level::Warning, Some(path), Some(key), msg);
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let to = format!("{folder}/{name}");
        if to != path {
            let (by, key, from) = (format!("automation: rule `{rule}`"), key.to_owned(), path.to_owned());
            let rule = Some(rule.to_owned());
            self.auto.moves.push(NoteMove { by, rule, key, from, to, expected: String::new() });
        }
    }

    /// Queues the move of `key`'s note from `from` to `to` for the epic folder layout (sent by `send_note_moves`).
    pub(super) fn queue_epic_move(&mut self, key: &str, from: &str, to: &str) {
        let (by, key, from, to) = (EPIC_FOLDERS.to_owned(), key.to_owned(), from.to_owned(), to.to_owned());
        self.auto.moves.push(NoteMove { by, rule: None, key, from, to, expected: String::new() });
    }

    /// Marks a rule's move as not carried out (`outcome`) on its firing; the epic folder layout's have no firing.
    fn mark_move(&mut self, m: &NoteMove, outcome: ActionOutcome) {
        if let Some(rule) = &m.rule {
            self.mark_actions(&m.key, Some(rule), &["move-note"], false, outcome);
        }
    }

    /// After the rules' other edits: the moves, as guarded vault edits.
    pub(super) fn send_note_moves(&mut self) {
        self.phase = Phase::AutomationMove;
        for mut m in std::mem::take(&mut self.auto.moves) {
            let Some(note) = self.notes.get(&m.from).filter(|n| !n.unread && !n.deleted) else {
                self.mark_move(&m, ActionOutcome::Skipped);
                let msg = format!("{}: the note could not be read, so it was not moved", m.by);
                self.log(Level::Warning, Some(&m.from), Some(&m.key), msg);
                continue;
            };
            if self.auto.moving.contains_key(&m.from) {
                continue;
            }
            if self.notes.contains_key(&m.to) {
                self.refuse_move(&m, "a note already exists there");
                continue;
            }
            m.expected = note.content.clone();
            self.edit_for.insert(m.from.clone(), MOVE_EDIT.to_owned());
            self.edits.push(super::io::VaultEdit {
                path: m.from.clone(),
                expected: Some(m.expected.clone()),
                content: m.expected.clone(),
                move_to: Some(m.to.clone()),
            });
            self.auto.moving.insert(m.from.clone(), m);
        }
    }

    /// How a move went: the note and its issue's base follow it, or the log says why not.
    pub(super) fn on_note_move(&mut self, path: &str, outcome: EditOutcome) {
        let Some(m) = self.auto.moving.remove(path) else { return };
        match outcome {
            EditOutcome::Applied => {
                self.moved_keys = None;
                for base in self.state.issues.values_mut().filter(|b| b.path == m.from) {
                    base.path = m.to.clone();
                }
                if let Some(mut note) = self.drop_note(&m.from) {
                    note.path = m.to.clone();
                    self.put_note(m.to.clone(), note);
                }
                let msg = format!("{}: note moved from {}", m.by, m.from);
                self.log(Level::Info, Some(&m.to), Some(&m.key), msg);
                if m.by == EPIC_FOLDERS {
                    self.moves.push(super::report::MovedNote { key: m.key, from: m.from, to: m.to });
                }
            }
            EditOutcome::Stale { current } if current.as_deref() == Some(m.expected.as_str()) => {
                self.refuse_move(&m, "a file already exists there");
            }
            EditOutcome::Stale { .. } => {
                let msg =
                    format!("{}: the note changed during the sync (or is gone), so it was not moved to {}", m.by, m.to);
                self.mark_move(&m, ActionOutcome::Failed);
                self.log(Level::Warning, Some(&m.from), Some(&m.key), msg);
            }
        }
    }

    fn refuse_move(&mut self, m: &NoteMove, why: &str) {
        self.mark_move(m, ActionOutcome::Failed);
        let msg = format!("{}: the note was not moved to {}: {why}; it stays where it is", m.by, m.to);
        self.log(Level::Warning, Some(&m.from), Some(&m.key), msg);
    }
}
