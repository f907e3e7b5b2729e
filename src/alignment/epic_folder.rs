//! The optional epic folder layout (`SyncConfig::epic_folders`): a child of an epic lives in a folder named
//! after its epic's note, inside its own project's folder.
//!
//! Layout, for project folder `Jira/OPS` and epic `OPS-1` whose note is `Jira/OPS/OPS-1 Incident automation.md`:
//! a child is `Jira/OPS/OPS-1 Incident automation/OPS-7 Page the on-call.md`. The epic's note stays beside its
//! folder under the same name (the "outside the folder, same name" folder note that folder-note plugins
//! recognise), so the sync never moves an epic's note.
//!
//! Invariants:
//! - The folder is named by the epic note's file name stem as it is now (found by key), else the stem the sync
//!   would give it, else the epic's key: the sync never renames notes, so an epic renamed in Jira keeps its
//!   folder; only a user who renames the epic's note changes where its new children go.
//! - A note is only ever moved between the project's folder and the folders directly inside it (see
//!   [`target_path`]): a note the user filed deeper, or outside its project's folder, stays where it is.
//! - The file name never changes; only the folder does.

/// The folder a note of the project whose folder is `project_folder` belongs in: the project's folder, or the
/// folder of its epic inside it when `epic_stem` (the epic note's file name without `.md`) is given.
pub fn note_folder(project_folder: &str, epic_stem: Option<&str>) -> String {
    let project_folder = project_folder.trim_matches('/');
    match epic_stem.map(str::trim).filter(|s| !s.is_empty()) {
        None => project_folder.to_owned(),
        Some(stem) if project_folder.is_empty() => stem.to_owned(),
        Some(stem) => format!("{project_folder}/{stem}"),
    }
}

/// Where the note at `path` moves to so that it sits in [`note_folder`]; `None` when it is there already, or when
/// the layout does not own its place: only a note directly in the project's folder, or in a folder directly
/// inside it (another epic's folder), is moved.
pub fn target_path(path: &str, project_folder: &str, epic_stem: Option<&str>) -> Option<String> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let project_folder = project_folder.trim_matches('/');
    let rest = if project_folder.is_empty() {
        Some(dir)
    } else if dir == project_folder {
        Some("")
    } else {
        dir.strip_prefix(project_folder).and_then(|r| r.strip_prefix('/'))
    };
    // `rest`: the note's folder below the project's; owned by the layout when empty or one level deep.
    if rest.is_none_or(|r| r.contains('/')) {
        return None;
    }
    let folder = note_folder(project_folder, epic_stem);
    let to = if folder.is_empty() { name.to_owned() } else { format!("{folder}/{name}") };
    (to != path).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::{note_folder, target_path};

    #[test]
    fn a_child_of_an_epic_goes_into_the_folder_named_after_the_epic_note() {
        assert_eq!(note_folder("Jira/OPS", Some("OPS-1 Incident automation")), "Jira/OPS/OPS-1 Incident automation");
        assert_eq!(note_folder("Jira/OPS/", None), "Jira/OPS");
        assert_eq!(note_folder("", Some("OPS-1")), "OPS-1");
        assert_eq!(note_folder("Jira/OPS", Some("  ")), "Jira/OPS");
    }

    #[test]
    fn moves_stay_between_the_project_folder_and_the_folders_directly_inside_it() {
        let epic = Some("OPS-1 Incident automation");
        let to = Some("Jira/OPS/OPS-1 Incident automation/OPS-7 Page.md".to_owned());
        // From the project's folder, from another epic's folder.
        assert_eq!(target_path("Jira/OPS/OPS-7 Page.md", "Jira/OPS", epic), to);
        assert_eq!(target_path("Jira/OPS/OPS-2 Billing/OPS-7 Page.md", "Jira/OPS", epic), to);
        // Already there.
        assert_eq!(target_path("Jira/OPS/OPS-1 Incident automation/OPS-7 Page.md", "Jira/OPS", epic), None);
        // Out of an epic's folder back to the project's when the parent is no epic any more.
        assert_eq!(
            target_path("Jira/OPS/OPS-2 Billing/OPS-7 Page.md", "Jira/OPS", None),
            Some("Jira/OPS/OPS-7 Page.md".to_owned())
        );
        // Deeper, elsewhere, or in a folder merely starting like the project's: not the layout's to move.
        assert_eq!(target_path("Jira/OPS/Archive/2025/OPS-7 Page.md", "Jira/OPS", epic), None);
        assert_eq!(target_path("Inbox/OPS-7 Page.md", "Jira/OPS", epic), None);
        assert_eq!(target_path("Jira/OPSX/OPS-7 Page.md", "Jira/OPS", epic), None);
        // The vault root as the project's folder.
        assert_eq!(target_path("OPS-7 Page.md", "", Some("OPS-1")), Some("OPS-1/OPS-7 Page.md".to_owned()));
        assert_eq!(target_path("OPS-1/OPS-7 Page.md", "", None), Some("OPS-7 Page.md".to_owned()));
    }
}
