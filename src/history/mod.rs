//! History: each in-scope issue's past, read from Jira's changelog, kept per site beside the sync state.
//!
//! Layering: `history` sits above `sync` (it may read the sync's configuration and scope) and below
//! `analytics` and the reports, which are pure functions of a [`SiteHistory`], the worklogs, configuration
//! and `now`.

pub mod model;
pub mod parse;
pub mod run;
#[cfg(test)]
mod tests;

pub use model::{
    Change, Field, HISTORY_VERSION, HistoryFields, IssueHistory, Millis, Seconds, SiteHistory, Sprint, StatusCategory,
    StatusInfo, UserInfo,
};
pub use run::{HistoryAction, HistoryInput, HistoryReport, HistoryRun};
