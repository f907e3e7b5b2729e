//! The epic folder layout in the checks (`SyncConfig::epic_folders`; the folders come from
//! [`epic_folder`](crate::alignment::epic_folder)): finding 11, `outsideEpicFolder`, a child note of an epic that is
//! in its project's folder but not in its epic's folder, and the epic folder a child note outside its project's
//! folder (finding 4) moves into.
//!
//! Decisions:
//! - The place is the sync's (`sync --arrange`, *Arrange notes by epic*): the folder named after the epic note's
//!   file name stem as it is now (found by key), else the stem of the path the epic was last synced at, else the
//!   epic's key; and only notes the layout owns (directly in the project's folder, or in a folder directly inside
//!   it) are judged, by the sync's own [`target_path`]. A note the user filed deeper stays where it is.
//! - Only what the last sync recorded is judged: a note is an epic's child when its issue's base names a parent
//!   that was an epic (`IssueBase::epic`). A base written before that was kept judges nothing until the issue is
//!   synced again; *Arrange notes by epic* asks Jira and moves those too.
//! - The fix is a move like finding 4's (in Obsidian through the file manager, so links follow); when a note
//!   already lies at the target there is no fix and the message says so.

use super::input::{NoteView, VaultView};
use super::{Finding, FindingKind, FindingSeverity, Fix};
use crate::alignment::epic_folder::target_path;

/// The parent epic's key and the file name stem of its folder, when the layout is on and `note`'s issue was a
/// child of an epic at the last sync.
pub(super) fn epic_of(view: &VaultView<'_>, note: &NoteView<'_>) -> Option<(String, String)> {
    if !view.input.config.epic_folders {
        return None;
    }
    let (base, _) = view.base(note.key.as_deref()?)?;
    if !base.epic || base.parent.is_empty() {
        return None;
    }
    let epic = base.parent.as_str();
    let path = match view.by_key.get(epic).and_then(|v| v.first()) {
        Some(&i) => Some(view.notes[i].path),
        None => view.base(epic).map(|(b, _)| b.path.as_str()),
    };
    let stem = path.map(|p| p.rsplit('/').next().unwrap_or(p)).and_then(|name| name.strip_suffix(".md"));
    Some((epic.to_owned(), stem.filter(|s| !s.trim().is_empty()).unwrap_or(epic).to_owned()))
}

/// Finding 11: a child note of an epic in its project's folder (or in another folder directly inside it) rather
/// than in its epic's folder. The fix moves it there, unless a note already lies there.
pub(super) fn outside_epic_folder(view: &VaultView<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for note in &view.notes {
        let Some(key) = &note.key else { continue };
        let Some((epic, stem)) = epic_of(view, note) else { continue };
        let (Some(project), _) = view.workflow_of(note) else { continue };
        let Some(folder) = view.folders.get(&project) else { continue };
        let Some(to) = target_path(note.path, folder, Some(&stem)) else { continue };
        let into = to.rsplit_once('/').map_or("", |(dir, _)| dir);
        let name = to.rsplit('/').next().unwrap_or(&to);
        let taken = view.all_paths.contains(to.as_str());
        let message = if taken {
            format!(
                "{key} is a child of the epic {epic}, so it belongs in {into}/ (child notes in their epic's folder), \
                 but a note named {name} is already there. Rename one of them, then move this note into {into}/."
            )
        } else {
            format!(
                "{key} is a child of the epic {epic}, so it belongs in {into}/ (child notes in their epic's folder). \
                 Move the note there (links to it are updated when Obsidian moves it), or move every such note with \
                 Arrange notes by epic."
            )
        };
        let mut finding =
            Finding::new(FindingKind::OutsideEpicFolder, FindingSeverity::Warning, message, vec![note.path.to_owned()])
                .with_key(key);
        if !taken {
            finding.fix = Some(Fix::Move { from: note.path.to_owned(), to });
        }
        out.push(finding);
    }
    out
}
