//! The epic folder layout in a run (`SyncConfig::epic_folders`; the paths come from
//! [`epic_folder`](crate::alignment::epic_folder)): where a new note goes, and which notes move.
//!
//! Decisions and invariants:
//! - A new note of an epic's child is written in the epic's folder (`create.rs` asks [`SyncRun::epic_stem`]).
//! - A note whose issue was re-parented this run (Jira's parent differs from the base's, whether Jira changed it
//!   or the note's pushed parent did) moves to its new epic's folder, or back to the project's folder when its
//!   new parent is no epic (or it has none). An *Arrange notes by epic* run (`RunMode::Arrange`, a full scan)
//!   moves every epic child not in its epic's folder; it leaves every other note where it is.
//! - Moves go out with the rules' `move-note` moves (`automation_move.rs`), after every other note edit: each
//!   only while the note holds the text the run read and nothing exists at the target; otherwise a warning and
//!   the note stays. A dry run moves nothing and lists the moves (`RunReport::moves`) with an info entry each.
//! - Only notes directly in the project's folder or in a folder directly inside it are moved (see
//!   [`target_path`]); links keep working since they resolve by key and the file name never changes.

use super::remote::RemoteIssue;
use super::report::{Level, MovedNote};
use super::run::{Phase, SyncRun};
use crate::alignment::epic_folder::target_path;

impl SyncRun {
    /// The file name stem of the folder `remote`'s note belongs in, when epic folders are on and its parent is an
    /// epic: the epic note's stem now (found by key), else the stem it would get, else the epic's key.
    pub(super) fn epic_stem(&self, remote: &RemoteIssue) -> Option<String> {
        let parent = remote.parent.as_ref().filter(|_| self.input.config.epic_folders && remote.epic)?;
        Some(self.link_stems.get(parent).cloned().unwrap_or_else(|| parent.clone()))
    }

    /// After the rules ran: queues the moves of re-parented notes (and, arranging, of every misplaced epic child),
    /// asking for the notes the run has not read.
    pub(super) fn plan_epic_moves(&mut self) {
        self.phase = Phase::EpicMoves;
        if !self.input.config.epic_folders || self.fatal.is_some() {
            return;
        }
        let reparented = std::mem::take(&mut self.reparented);
        let mut ids = reparented.clone();
        if self.input.mode == super::RunMode::Arrange {
            ids.extend(self.remote.keys().cloned());
        }
        for id in ids {
            let work = self.work.get(&id);
            let Some(remote) = work.map(|w| &w.remote).or_else(|| self.remote.get(&id)) else { continue };
            let stem = self.epic_stem(remote);
            // Arranging leaves the notes of issues that belong to no epic where they are.
            if stem.is_none() && !reparented.contains(&id) {
                continue;
            }
            let (key, project) = (remote.key.clone(), remote.project.clone());
            let Some(from) = work.map(|w| w.path.clone()).or_else(|| self.note_keys.get(&key).cloned()) else {
                continue;
            };
            let gone = self.notes.get(&from).is_none_or(|n| n.deleted || n.key.as_deref() != Some(key.as_str()));
            if gone || self.state.issues.get(&id).is_some_and(|b| b.detached) {
                continue;
            }
            let Some(folder) = self.project_folder(&project) else { continue };
            let Some(to) = target_path(&from, &folder, stem.as_deref()) else { continue };
            if self.input.dry_run {
                self.log(Level::Info, Some(&from), Some(&key), format!("would move the note to {to} (epic folders)"));
                self.moves.push(MovedNote { key, from, to });
                continue;
            }
            if self.notes.get(&from).is_some_and(|n| n.unread) {
                self.reads_out.insert(from.clone());
            }
            self.queue_epic_move(&key, &from, &to);
        }
    }
}
