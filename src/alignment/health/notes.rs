//! Findings about the notes themselves: duplicate keys (3), notes outside their project's folder (4), parent
//! references to missing notes (5), done parents with open children (6), notes whose issue was deleted in
//! Jira (7) and front matter that cannot be read (9).

use std::collections::BTreeMap;

use serde_json::Value;

use super::epic_folders::epic_of;
use super::input::{NoteView, VaultView, in_folder};
use super::{Finding, FindingKind, FindingSeverity, Fix};
use crate::alignment::epic_folder::note_folder;
use crate::alignment::key_in_reference;
use crate::alignment::link_set::reference_string;
use crate::sync::DELETED_KEY;

/// The status category key of Jira's *done* statuses.
const DONE: &str = "done";

/// Finding 3: one finding per key held by two or more notes (paths sorted).
pub(super) fn duplicate_keys(view: &VaultView<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (key, indexes) in view.by_key.iter().filter(|(_, v)| v.len() > 1) {
        let mut paths: Vec<String> = indexes.iter().map(|&i| view.notes[i].path.to_owned()).collect();
        crate::sort::sort(&mut paths);
        let synced = view.base(key).map(|(b, _)| b.path.as_str()).filter(|p| paths.iter().any(|q| q == p));
        let keep = match synced {
            Some(path) => format!(" The sync keeps {path} linked; remove the key from the others or delete them."),
            None => " Keep the key in one of them and remove it from the others (or delete them).".to_owned(),
        };
        let message =
            format!("{} notes hold the key {key}, so the sync cannot tell which one is the issue.{keep}", paths.len());
        out.push(Finding::new(FindingKind::DuplicateKey, FindingSeverity::Error, message, paths).with_key(key));
    }
    out
}

/// Finding 4: a linked note of a synced project that lies outside the project's folder. The fix moves it into
/// the folder under its own file name (a child of an epic into its epic's folder when the epic folder layout is
/// on, see `epic_folders.rs`), unless a note already lies there.
pub(super) fn outside_project_folder(view: &VaultView<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for note in &view.notes {
        let Some(key) = &note.key else { continue };
        let (Some(project), _) = view.workflow_of(note) else { continue };
        let Some(folder) = view.folders.get(&project) else { continue };
        if in_folder(note.path, folder) {
            continue;
        }
        let name = note.path.rsplit('/').next().unwrap_or(note.path);
        let (into, why) = match epic_of(view, note) {
            Some((epic, stem)) => (note_folder(folder, Some(&stem)), format!("project {project}, epic {epic}")),
            None => (folder.clone(), format!("project {project}")),
        };
        let to = format!("{into}/{name}");
        let taken = view.all_paths.contains(to.as_str());
        let message = if taken {
            format!(
                "{key} belongs in {into}/ ({why}), but a note named {name} is already there. Rename one of them, then move this note into {into}/."
            )
        } else {
            format!(
                "{key} belongs in {into}/ ({why}). Move the note there (links to it are updated when Obsidian moves it)."
            )
        };
        let mut finding = Finding::new(
            FindingKind::OutsideProjectFolder,
            FindingSeverity::Warning,
            message,
            vec![note.path.to_owned()],
        )
        .with_key(key);
        if !taken {
            finding.fix = Some(Fix::Move { from: note.path.to_owned(), to });
        }
        out.push(finding);
    }
    out
}

/// Findings 5 and 6 from the notes' parent references.
pub(super) fn parent_findings(view: &VaultView<'_>) -> Vec<Finding> {
    let Some(parent_name) = view.parent_name else { return Vec::new() };
    let mut out = Vec::new();
    // Parent key → (its done status, open children's paths).
    let mut open_children: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for note in &view.notes {
        let Some(value) = note.frontmatter.as_ref().and_then(|fm| fm.get(parent_name)).and_then(reference_string)
        else {
            continue;
        };
        let Some(parent) = key_in_reference(&value).map(str::to_owned) else { continue };
        if !view.by_key.contains_key(&parent) {
            if should_have_note(view, &value, &parent) {
                let message = format!(
                    "The parent {parent} ({parent_name}: {}) has no note in the vault. Sync again to bring it in, or \
                     correct the reference.",
                    value.trim()
                );
                let mut f = Finding::new(
                    FindingKind::MissingParent,
                    FindingSeverity::Warning,
                    message,
                    vec![note.path.to_owned()],
                );
                f.key = note.key.clone();
                out.push(f);
            }
            continue;
        }
        let parent_done = view.base(&parent).filter(|(b, _)| b.status_category == DONE);
        let child_open = note
            .key
            .as_deref()
            .and_then(|k| view.base(k))
            .is_some_and(|(b, _)| !b.status_category.is_empty() && b.status_category != DONE);
        if let (Some((base, _)), true) = (parent_done, child_open) {
            open_children
                .entry(parent)
                .or_insert_with(|| (base.status.clone(), Vec::new()))
                .1
                .push(note.path.to_owned());
        }
    }
    for (parent, (status, mut children)) in open_children {
        crate::sort::sort(&mut children);
        let parent_path = note_path(view, &parent);
        let message = format!(
            "{parent} is {status}, a done status, but {} of its children {} still open. Finish or move the children, \
             or reopen the parent.",
            children.len(),
            if children.len() == 1 { "is" } else { "are" }
        );
        let mut paths = vec![parent_path];
        paths.extend(children);
        out.push(
            Finding::new(FindingKind::DoneParentOpenChildren, FindingSeverity::Warning, message, paths)
                .with_key(&parent),
        );
    }
    out
}

/// Whether a parent reference that no note holds should have one: a wiki-link (it points at a note), the key
/// of an issue the sync tracks, or the key of a project synced whole (no JQL filter on its site).
pub(super) fn should_have_note(view: &VaultView<'_>, value: &str, parent: &str) -> bool {
    if value.trim_start().starts_with("[[") || view.bases.contains_key(parent) {
        return true;
    }
    let project = parent.rsplit_once('-').map_or(parent, |(p, _)| p);
    view.input
        .config
        .sites
        .iter()
        .any(|s| s.jql.as_deref().is_none_or(|j| j.trim().is_empty()) && s.projects.iter().any(|p| p.key == project))
}

/// The path of the (first) note holding `key`.
fn note_path(view: &VaultView<'_>, key: &str) -> String {
    view.by_key.get(key).and_then(|v| v.first()).map_or_else(String::new, |&i| view.notes[i].path.to_owned())
}

/// Finding 7: notes the sync marked `jira_deleted: true`.
pub(super) fn deleted_in_jira(view: &VaultView<'_>) -> Vec<Finding> {
    let marked =
        |n: &&NoteView<'_>| n.frontmatter.as_ref().and_then(|fm| fm.get(DELETED_KEY)) == Some(&Value::Bool(true));
    view.notes
        .iter()
        .filter(marked)
        .map(|note| {
            let what = note.key.as_deref().map_or_else(|| "This note's issue".to_owned(), str::to_owned);
            let message = format!(
                "{what} was deleted in Jira (or is no longer visible to you), so the sync no longer updates this note. \
                 Nothing is fixed automatically: delete the note if you no longer need it, or keep it as a plain note \
                 by removing its key and {DELETED_KEY} from the front matter."
            );
            let mut f =
                Finding::new(FindingKind::DeletedInJira, FindingSeverity::Warning, message, vec![note.path.to_owned()]);
            f.key = note.key.clone();
            f
        })
        .collect()
}

/// Finding 9: notes whose front matter cannot be read, with the first error's position and every error.
pub(super) fn unreadable(view: &VaultView<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for note in view.notes.iter().filter(|n| !n.errors.is_empty()) {
        let problems: Vec<String> =
            note.errors.iter().map(|d| format!("line {}, column {}: {}", d.line, d.column, d.message)).collect();
        let message = format!(
            "The front matter cannot be read, so the sync leaves this note alone ({}). Correct the YAML between the \
             --- lines.",
            problems.join("; ")
        );
        let mut f = Finding::new(
            FindingKind::UnreadableFrontmatter,
            FindingSeverity::Error,
            message,
            vec![note.path.to_owned()],
        );
        f.line = note.errors.first().map(|d| d.line);
        f.column = note.errors.first().map(|d| d.column);
        out.push(f);
    }
    out
}
