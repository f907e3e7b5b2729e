//! Everything a run starts from: the configuration, the site, the remembered state, the notes, and the values
//! the core may not make up itself (the current time and a run id for creation tokens).

use serde::{Deserialize, Serialize};

use super::io::{NoteFile, NoteRef};
use super::state::{Journal, SiteState};
use crate::sync::{Deployment, SyncConfig};

/// The input of one run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunInput {
    /// The sync configuration.
    #[serde(default)]
    pub config: SyncConfig,
    /// Which of `config.sites` this run syncs (by base URL).
    pub site_url: String,
    /// Cloud or Data Center.
    #[serde(default)]
    pub deployment: Deployment,
    /// The site's remembered state (empty on a first sync).
    #[serde(default)]
    pub state: SiteState,
    /// The journal left by the previous run (empty when it finished).
    #[serde(default)]
    pub journal: Journal,
    /// The notes that can take part: every note the run's [`NoteSelection`](super::NoteSelection) selects (by
    /// path, or by a key in its front matter). Notes beyond those are allowed and ignored; a selected note left
    /// out is taken for missing (its issue's note deleted, a name free to take). A driver that learns the
    /// selection from the engine itself (`SyncRun::note_selection`) passes none here and adds them with
    /// `SyncRun::add_notes` before the first poll (or when the run asks, see [`notes_later`](Self::notes_later)),
    /// so the configuration and state cross over only once.
    ///
    /// Each selected note comes either here with its text or in `note_refs` by fingerprint.
    #[serde(default)]
    pub notes: Vec<NoteFile>,
    /// Selected notes the driver did not read, by fingerprint (see [`NoteRef`]; `SyncRun::add_note_refs` adds
    /// more before the first poll). A driver may give any selected note this way once it knows the note's
    /// fingerprint; the engine takes it as unchanged only when the state recorded that fingerprint for that
    /// note, and otherwise, or whenever it must look inside (its issue changed in Jira, a full scan, worklogs,
    /// the note is named by the run's mode), answers with [`Action::ReadNotes`](super::Action::ReadNotes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub note_refs: Vec<NoteRef>,
    /// The driver hands the notes in when the run asks for them ([`Action::Notes`](super::Action::Notes))
    /// instead of before the first poll: the run's first requests (set-up, the pull search) go out while the
    /// driver is still reading the vault, so the reading hides behind Jira's answers. The run does nothing with
    /// notes before it asks; the notes then count as if they had come before the first poll (the same selection,
    /// read with the custom field ids and mappings the set-up settled). False: notes before the first poll.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notes_later: bool,
    /// The machine's current time, RFC 3339. Never used for a position the state keeps (those come from Jira's
    /// clock: issues' `updated`, the worklog feeds' `until`, responses' `Date`) nor to order edits; only
    /// `Myself::fetched_at` falls back to it when Jira sends no `Date`.
    pub now: String,
    /// A fresh random id (a few alphanumerics) used in this run's creation tokens.
    pub run_id: String,
    /// What to do.
    #[serde(default)]
    pub mode: RunMode,
    /// Plan and report only: no Jira writes, no vault edits.
    #[serde(default)]
    pub dry_run: bool,
    /// Issue type of issues created from notes that do not name one.
    #[serde(default = "default_issue_type")]
    pub default_issue_type: String,
    /// The automation rules and what they need from the shell, when automation is on (see
    /// [`AutomationInput`](crate::automation::AutomationInput) for the contract). Rules run in `sync` and `full`
    /// runs only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automation: Option<crate::automation::AutomationInput>,
    /// Comments the user reviewed, to post to their issues (by `key`; `issueId` may be empty): journalled and
    /// posted like the rules' comments, in any pushing run that is not a dry run (see `automation_summary.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<super::state::PendingComment>,
}

crate::json_objects::json_object!(RunInput {
    config: "config" = default,
    site_url: "siteUrl",
    deployment: "deployment" = default,
    state: "state" = default,
    journal: "journal" = default,
    notes: "notes" = default,
    note_refs: "noteRefs" = default,
    notes_later: "notesLater" = default,
    now: "now",
    run_id: "runId",
    mode: "mode" = default,
    dry_run: "dryRun" = default,
    default_issue_type: "defaultIssueType" = default(self::default_issue_type),
    automation: "automation" = default,
    comments: "comments" = default,
});

fn default_issue_type() -> String {
    "Task".to_owned()
}

/// What a run does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RunMode {
    /// Pull, push and create: the full two-way sync.
    #[default]
    Sync,
    /// Pull only: Jira's changes come into the notes; local changes wait for the next sync.
    Pull,
    /// Sync only these notes (push current note, create from note, after linking a note): no search.
    Notes {
        /// Vault-relative paths.
        paths: Vec<String>,
    },
    /// Like `Sync`, but also scans the whole scope (instead of the changes since the watermark), which is how
    /// issues deleted in Jira are found.
    Full,
    /// Like `Full`, and with epic folders on (`SyncConfig::epic_folders`) also moves every epic child's note that
    /// is not in its epic's folder there (*Arrange notes by epic*, see `epic_moves.rs`); a dry run lists the moves
    /// in the report instead.
    Arrange,
}

impl RunMode {
    /// Whether local changes are written to Jira.
    pub fn pushes(&self) -> bool {
        !matches!(self, Self::Pull)
    }

    /// Whether only some notes take part.
    pub fn only_paths(&self) -> Option<&[String]> {
        match self {
            Self::Notes { paths } => Some(paths),
            _ => None,
        }
    }
}
