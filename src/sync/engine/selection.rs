//! Which notes can take part in a run, decided before any note is read, so the driver reads only those and
//! the cost of a sync follows the notes that matter, not the size of the vault.
//!
//! A note can take part only when one of these holds (everything the engine looks at a note for):
//! - its front matter has the issue key property (the `key` mapping's, else `jira_key`), `jira_project` or
//!   `jira_deleted` (a linked note, a note asking to become an issue, a note whose issue was deleted);
//! - it lies in a synced project's folder (a key-less note there becomes an issue; new notes are written there,
//!   so the engine must see every name already taken);
//! - it is a daily note the worklog sync reads (in the daily notes folder, or directly in the vault root when
//!   the folder is `/`);
//! - the state or the journal names its path (the note an issue was last synced with, a worklog's note, a create
//!   in flight): a note that lost its key line or was renamed is still seen, and a missing one is still noticed.
//!
//! [`NoteSelection`] says this as data for the driver. It is a superset by design: a driver may hand the engine
//! more notes than it selects (they are ignored as before), never fewer; a driver that cannot tell whether a
//! note's front matter holds one of the keys (front matter it cannot read, a note it has not indexed) reads it.

use std::collections::BTreeSet;

use serde::Serialize;

use super::input::RunInput;
use super::local::{DELETED_KEY, PROJECT_KEY, key_name};
use super::state::SiteState;
use crate::sync::render_folder;

/// The notes a run can use, as rules over a note's path and its front matter keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteSelection {
    /// Every note takes part (a project folder or the daily notes folder is the vault root, with subfolders).
    pub all: bool,
    /// A note whose front matter has any of these keys takes part.
    pub frontmatter_keys: Vec<String>,
    /// A note under any of these folders (vault-relative, no trailing `/`) takes part.
    pub folders: Vec<String>,
    /// A note directly in the vault root (no `/` in its path) takes part: daily notes kept in the root.
    pub root_notes: bool,
    /// Notes named by the state or the journal, sorted.
    pub paths: Vec<String>,
}

impl NoteSelection {
    /// Whether the path alone makes a note take part (otherwise its front matter decides).
    pub fn selects_path(&self, path: &str) -> bool {
        self.all
            || (self.root_notes && !path.contains('/'))
            || self.folders.iter().any(|f| path.strip_prefix(f.as_str()).is_some_and(|rest| rest.starts_with('/')))
            || self.paths.binary_search_by(|p| p.as_str().cmp(path)).is_ok()
    }
}

/// The selection for one run's input (its notes are not looked at).
pub fn note_selection(input: &RunInput) -> NoteSelection {
    selection_of(input, &input.state)
}

/// [`note_selection`] with the site state given apart from the input (a run moves it out of its input).
pub(super) fn selection_of(input: &RunInput, state: &SiteState) -> NoteSelection {
    let config = &input.config;
    let mut selection = NoteSelection {
        frontmatter_keys: vec![key_name(&config.fields).to_owned(), PROJECT_KEY.to_owned(), DELETED_KEY.to_owned()],
        ..NoteSelection::default()
    };
    let mut folders = BTreeSet::new();
    let want = input.site_url.trim_end_matches('/');
    for site in config.sites.iter().filter(|s| s.base_url.trim_end_matches('/') == want) {
        for project in &site.projects {
            let template = project.folder.as_deref().unwrap_or(&config.folder_template);
            match render_folder(template, &project.key) {
                Ok(folder) if !folder.is_empty() => {
                    folders.insert(folder);
                }
                // A project kept in the vault root (or a template the engine cannot use): every note may matter.
                _ => selection.all = true,
            }
        }
    }
    let tt = &config.time_tracking;
    if tt.enabled && !tt.daily_folder.trim().is_empty() {
        match tt.daily_folder.trim().trim_matches('/') {
            "" => selection.root_notes = true,
            folder => {
                folders.insert(folder.to_owned());
            }
        }
    }
    selection.folders = folders.into_iter().collect();
    let mut paths: BTreeSet<&str> = crate::sort::collect_set(state.issues.values().map(|b| b.path.as_str()));
    paths.extend(state.worklogs.values().filter_map(|w| w.path.as_deref()));
    paths.extend(input.journal.creates.iter().map(|c| c.path.as_str()));
    selection.paths = paths.into_iter().filter(|p| !p.is_empty()).map(str::to_owned).collect();
    selection
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{ProjectScope, SiteScope, SyncConfig};

    fn input(projects: &[(&str, Option<&str>)]) -> RunInput {
        let sites = vec![SiteScope {
            base_url: "https://x.atlassian.net".into(),
            projects: projects
                .iter()
                .map(|(k, f)| ProjectScope { key: (*k).into(), folder: f.map(str::to_owned) })
                .collect(),
            jql: None,
        }];
        let config = SyncConfig { sites, ..SyncConfig::default() };
        RunInput {
            config,
            site_url: "https://x.atlassian.net/".into(),
            deployment: Default::default(),
            state: Default::default(),
            journal: Default::default(),
            notes: Vec::new(),
            note_refs: Vec::new(),
            notes_later: false,
            now: String::new(),
            run_id: String::new(),
            mode: Default::default(),
            dry_run: false,
            default_issue_type: "Task".into(),
            automation: None,
            comments: Vec::new(),
        }
    }

    #[test]
    fn project_folders_key_properties_and_known_paths_select_notes() {
        let mut run = input(&[("OPS", None), ("WEB", Some("Work/Web"))]);
        run.state
            .issues
            .insert("1".into(), crate::sync::IssueBase { path: "Elsewhere/Old.md".into(), ..Default::default() });
        let s = note_selection(&run);
        assert!(!s.all);
        assert_eq!(s.frontmatter_keys, ["jira_key", "jira_project", "jira_deleted"]);
        assert!(s.selects_path("Work/Web/WEB-1 Login.md"));
        assert!(s.selects_path("Elsewhere/Old.md"));
        assert!(!s.selects_path("Work/Website.md"), "a folder is a whole path segment");
        assert!(!s.selects_path("Journal/2026-12-01.md"));
        assert!(s.folders.iter().any(|f| f.ends_with("OPS")), "{:?}", s.folders);
    }

    #[test]
    fn a_project_in_the_vault_root_selects_every_note() {
        let s = note_selection(&input(&[("OPS", Some("/"))]));
        assert!(s.all && s.selects_path("any/note.md"));
    }

    #[test]
    fn daily_notes_in_the_root_select_only_root_notes() {
        let mut run = input(&[("OPS", Some("Jira"))]);
        run.config.time_tracking.enabled = true;
        run.config.time_tracking.daily_folder = "/".into();
        let s = note_selection(&run);
        assert!(s.selects_path("2026-12-01.md") && !s.selects_path("Notes/2026-12-01.md"));
    }
}
