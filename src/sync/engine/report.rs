//! What a run tells its user: counts, one log entry per thing that happened or went wrong, and the state and
//! journal the driver saves.

use serde::Serialize;

use super::state::{Journal, SiteState};

/// How serious a log entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Level {
    /// Something changed (or would change, in a dry run).
    Info,
    /// Nothing was lost, but the user should know (a reverted edit, a deleted issue).
    Warning,
    /// A conflict the user must resolve.
    Conflict,
    /// Something could not be done for this note or issue.
    Error,
}

/// One line of the sync log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Severity.
    pub level: Level,
    /// The note concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The issue concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What happened, in a sentence.
    pub message: String,
}

/// Counts of what a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Issues fetched from Jira.
    pub fetched: u32,
    /// Notes updated from Jira.
    pub notes_updated: u32,
    /// Notes created for new issues.
    pub notes_created: u32,
    /// Issues updated in Jira.
    pub issues_updated: u32,
    /// Workflow transitions made.
    pub transitions: u32,
    /// Issues created in Jira from notes.
    pub issues_created: u32,
    /// Issues marked deleted.
    pub deleted: u32,
    /// Notes left in conflict.
    pub conflicts: u32,
    /// Errors.
    pub errors: u32,
    /// Jira worklogs created from note entries.
    pub worklogs_created: u32,
    /// Jira worklogs updated from note entries.
    pub worklogs_updated: u32,
    /// Jira worklogs deleted (lines removed, with deletes enabled).
    pub worklogs_deleted: u32,
    /// Worklog lines written, rewritten or removed in notes.
    pub worklog_lines: u32,
    /// HTTP requests sent.
    pub requests: u32,
}

/// A note moved by the epic folder layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedNote {
    /// The issue's key.
    pub key: String,
    /// Where the note was.
    pub from: String,
    /// Where it is (or would be) now.
    pub to: String,
}

/// The outcome of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// The state to save (unchanged by a dry run or a run that could not start).
    pub state: SiteState,
    /// The journal to save (empty when no create is in doubt).
    pub journal: Journal,
    /// The sync log of this run.
    pub entries: Vec<LogEntry>,
    /// Counts.
    pub counts: Counts,
    /// The automation rules that fired (or would fire, in a dry run), each with its actions' exact values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub firings: Vec<crate::automation::FiringReport>,
    /// The automation rules' `notice` actions this run carried out (never in a dry run), for the shell to show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<crate::automation::RuleNotice>,
    /// Status changes that stopped because their transition screen requires fields without a default, for the
    /// plugin to ask about (each is also an error entry on its note).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub screen_questions: Vec<crate::alignment::transition_fields::ScreenQuestion>,
    /// Notes moved into (or, in a dry run, that would move into) their epic's folder, or out of one (see
    /// `epic_moves.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<MovedNote>,
    /// Why the run could not run or stopped early (bad config, 401, an unreachable site, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fatal: Option<String>,
}

impl RunReport {
    /// The CLI's exit code: 0 clean, 1 finished with conflicts or errors, 2 could not run.
    pub fn exit_code(&self) -> u8 {
        if self.fatal.is_some() {
            2
        } else if self.counts.errors > 0 || self.counts.conflicts > 0 {
            1
        } else {
            0
        }
    }
}
