//! Cycle time (Jira's control chart), lead time and time in each status.
//!
//! Definitions:
//! - Population: in-scope issues *done in the period* — the issue's current status is of the *Done* category
//!   and the last transition into it (or `resolutiondate` when the changelog has none) falls on a day of the
//!   period. This is the control chart's "issues that entered the last column in the time frame".
//! - **Cycle time**: the total time the issue spent in the "in progress" statuses (configured ids, default
//!   every status of the *In Progress* category), from its first to its last visit: a reopened issue adds the
//!   time of every further visit. Hours, wall-clock elapsed (a DST night is 23 or 25 hours, as in Jira).
//! - **Rolling average** (Jira's, issue-based): issues ordered by done instant; the window is 20 % of the
//!   issues shown (rounded down), made odd by adding one, at least 5; each issue's value is the mean of the
//!   window centred on it, cut at both ends of the list (fewer issues at the edges).
//! - **Lead time**: `created` → `resolutiondate` (or the done transition when there is no resolution date).
//! - **Time in status**: per status id (a renamed status is one status; its current name is shown), over the
//!   same population: the hours each issue spent in the status, summarised over the issues that visited it.
//! - Summaries (mean, median, P85, P95) use [`super::stats`]' percentile definition.

use serde::{Deserialize, Serialize};

use super::stats::Summary;
use crate::history::StatusCategory;

/// Cycle time of the issues done in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CycleTime {
    /// The statuses counted as in progress (ids).
    pub statuses: Vec<String>,
    /// Per issue, ordered by done instant.
    pub issues: Vec<IssueCycle>,
    /// Summary over `issues[].hours`.
    pub summary: Summary,
    /// The rolling average's window (issues).
    pub rolling_window: usize,
}

/// One issue on the control chart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueCycle {
    /// Current key.
    pub key: String,
    /// Issue type name.
    pub issue_type: String,
    /// Current project key.
    pub project: String,
    /// Local date the issue first entered an in-progress status (`None`: never did).
    pub started: Option<String>,
    /// Local date it was done.
    pub done: String,
    /// Cycle time in hours (0 when it never was in progress).
    pub hours: f64,
    /// Times it entered an in-progress status after leaving the in-progress statuses (reopened/re-worked).
    pub reopened: u32,
    /// Jira's rolling average at this issue, in hours.
    pub rolling_average: f64,
}

/// Lead time of the issues resolved in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeadTime {
    /// Per issue, ordered by resolution instant.
    pub issues: Vec<IssueLead>,
    /// Summary over `issues[].hours`.
    pub summary: Summary,
}

/// One issue's lead time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueLead {
    /// Current key.
    pub key: String,
    /// Local creation date.
    pub created: String,
    /// Local resolution date.
    pub resolved: String,
    /// Hours from created to resolved.
    pub hours: f64,
}

/// Time spent in one status by the issues done in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusTime {
    /// Status id.
    pub status_id: String,
    /// Current name.
    pub name: String,
    /// Category.
    pub category: StatusCategory,
    /// Total hours over all issues.
    pub total_hours: f64,
    /// Summary over the issues that visited the status (hours per issue).
    pub summary: Summary,
}
