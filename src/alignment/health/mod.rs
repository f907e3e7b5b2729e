//! The *Vault health* checks: integrity findings about synced notes, computed from the same data the sync reads.
//!
//! [`check_health`] takes a [`HealthInput`] (the configuration, each site's remembered [`SiteState`], the notes
//! the sync would read, optionally the statuses each workflow has) and returns [`Finding`]s in a stable order
//! (by kind, then by the paths involved). It never fails: a note that cannot be read is itself a finding.
//!
//! The findings ([`FindingKind`]), each with the notes involved (vault paths) and a [`Fix`] only where one is
//! safe to apply without asking Jira:
//! 1. `unmappedState`: a note's state maps to no Jira status, or to none its project and issue type have;
//! 2. `unreachableState`: a state change in a note that no path over the learned transitions reaches;
//! 3. `duplicateKey`: two or more notes hold the same issue key;
//! 4. `outsideProjectFolder`: a linked note lies outside its project's folder (fix: move it there);
//! 5. `missingParent`: the parent property refers to an issue no note holds (and one should);
//! 6. `doneParentOpenChildren`: a parent whose status is in the done category has children that are not;
//! 7. `deletedInJira`: a note marked `jira_deleted: true` (no automatic fix; the message says what to do);
//! 8. `missingField`: a mapping names a custom field the site lacks or has twice (the sync's own record, see
//!    [`SiteState::unusable_fields`]);
//! 9. `unreadableFrontmatter`: a note's front matter cannot be read (first error's line and column);
//! 10. `missingLinkTarget`: an issue link property names an issue no note holds, and one should (see
//!     `links.rs`);
//! 11. `outsideEpicFolder`: with the epic folder layout on, a child note of an epic lies in its project's folder
//!     but not in its epic's folder (fix: move it there, as *Arrange notes by epic* would; see `epic_folders.rs`).
//!     With the layout on, finding 4's fix moves a child of an epic straight into its epic's folder.
//!
//! Decisions (so a freshly synced vault is clean):
//! - Only what is known is judged: a workflow whose statuses are unknown is not checked for finding 1's second
//!   half, a transition path is reported missing only when every status reachable from the current one has been
//!   learned, and a status category that is unknown (never read from Jira) is neither done nor open.
//! - A parent that is a plain key of an issue the sync cannot hold (out of every project scope, or the scope
//!   has a JQL filter) is not missing; a wiki-link to a note that is not there, or the key of an issue the sync
//!   tracks or whose project it syncs whole, is.
//! - Notes are those the sync would look at (see `input.rs`); other notes of the vault are not judged.

mod epic_folders;
mod input;
mod links;
mod notes;
mod report;
mod workflow;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use input::{HealthInput, HealthSite, health_note_selection};
pub use report::{HEALTH_REPORT_KIND, note_link, render_health_report};

use crate::sync::SiteState;

/// What a finding is about. JSON: the camelCase names listed in the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FindingKind {
    /// Finding 1: a note state that maps to no status of its project and issue type.
    UnmappedState,
    /// Finding 2: a state change that no transition path reaches.
    UnreachableState,
    /// Finding 3: two notes with the same key.
    DuplicateKey,
    /// Finding 4: a note outside its project's folder.
    OutsideProjectFolder,
    /// Finding 5: a parent reference to a missing note.
    MissingParent,
    /// Finding 6: a done parent with open children.
    DoneParentOpenChildren,
    /// Finding 7: a note marked `jira_deleted`.
    DeletedInJira,
    /// Finding 8: a mapping naming a field the site lacks.
    MissingField,
    /// Finding 9: front matter that cannot be read.
    UnreadableFrontmatter,
    /// Finding 10: an issue link property naming a missing note.
    MissingLinkTarget,
    /// Finding 11: a child note of an epic outside its epic's folder (epic folder layout on).
    OutsideEpicFolder,
}

crate::json_objects::json_enum!(FindingKind {
    UnmappedState: "unmappedState",
    UnreachableState: "unreachableState",
    DuplicateKey: "duplicateKey",
    OutsideProjectFolder: "outsideProjectFolder",
    MissingParent: "missingParent",
    DoneParentOpenChildren: "doneParentOpenChildren",
    DeletedInJira: "deletedInJira",
    MissingField: "missingField",
    UnreadableFrontmatter: "unreadableFrontmatter",
    MissingLinkTarget: "missingLinkTarget",
    OutsideEpicFolder: "outsideEpicFolder"
});

/// How much a finding matters: an error stops the sync from doing what the note asks, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FindingSeverity {
    /// The sync cannot do what the note (or the mapping) asks until it is fixed.
    Error,
    /// Worth a look; the sync carries on.
    Warning,
}

crate::json_objects::json_enum!(FindingSeverity { Error: "error", Warning: "warning" });

/// A fix that is safe to apply without asking Jira. JSON: `{"kind": "move", "from": …, "to": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Fix {
    /// Move (rename) the note `from` → `to` (vault paths). In Obsidian, through the file manager, so links
    /// to the note are updated. Invariant: no note handed in lies at `to`.
    Move {
        /// The note's path now.
        from: String,
        /// Where it belongs.
        to: String,
    },
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
    /// How much it matters.
    pub severity: FindingSeverity,
    /// What is wrong and what to do, in plain words.
    pub message: String,
    /// The notes involved (vault paths), the note the finding is about first; empty for configuration findings.
    pub paths: Vec<String>,
    /// The issue key concerned, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// 1-based line of the problem in the first note (front matter findings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (Unicode scalar values) of the problem in the first note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// A safe fix, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

crate::json_objects::json_object!(Finding {
    kind: "kind",
    severity: "severity",
    message: "message",
    paths: "paths",
    key: "key" = default,
    line: "line" = default,
    column: "column" = default,
    fix: "fix" = default,
});

impl Finding {
    /// A finding without key, position or fix.
    fn new(kind: FindingKind, severity: FindingSeverity, message: String, paths: Vec<String>) -> Self {
        Self { kind, severity, message, paths, key: None, line: None, column: None, fix: None }
    }

    /// The same finding about issue `key`.
    fn with_key(mut self, key: &str) -> Self {
        self.key = Some(key.to_owned());
        self
    }
}

/// Runs every check; findings sorted by kind, then paths, then message (deterministic for a given input).
pub fn check_health(input: &HealthInput) -> Vec<Finding> {
    let view = input::VaultView::new(input);
    let mut findings = Vec::new();
    findings.extend(workflow::state_findings(&view));
    findings.extend(notes::duplicate_keys(&view));
    findings.extend(notes::outside_project_folder(&view));
    findings.extend(notes::parent_findings(&view));
    findings.extend(notes::deleted_in_jira(&view));
    findings.extend(missing_fields(input));
    findings.extend(notes::unreadable(&view));
    findings.extend(links::link_findings(&view));
    findings.extend(epic_folders::outside_epic_folder(&view));
    crate::sort::sort_by(&mut findings, |a, b| (a.kind, &a.paths, &a.message).cmp(&(b.kind, &b.paths, &b.message)));
    findings
}

/// Finding 8: the custom fields each site's last `/field` read found missing or ambiguous, with the sync's own
/// sentence ([`unusable_field_message`](crate::sync::unusable_field_message)).
fn missing_fields(input: &HealthInput) -> Vec<Finding> {
    let many = input.sites.len() > 1;
    let mut out = Vec::new();
    for site in &input.sites {
        let SiteState { unusable_fields, .. } = &site.state;
        for (name, ids) in unusable_fields {
            let note = input
                .config
                .fields
                .iter()
                .find(|m| m.jira == crate::sync::JiraField::Custom(name.clone()))
                .map_or(name.as_str(), crate::sync::note_name);
            let mut message = crate::sync::unusable_field_message(name, note, ids);
            if many {
                message = format!("{}: {message}", site.site_url);
            }
            out.push(Finding::new(FindingKind::MissingField, FindingSeverity::Warning, message, Vec::new()));
        }
    }
    out
}
