//! The time report's input read from the sync state: Jira worklogs from `SiteState.worklogs`, estimates from
//! the note-side values of each linked issue (`estimate`, `remaining`, `time_spent` as Jira durations, the
//! summary from `title` or `summary`) and "done" from the issue's Jira status or note state.
//!
//! Decisions: a value that is not a readable Jira duration counts as unknown (blank in the report); an issue
//! is done when its Jira status (the base's `status`) or its note state (`current_state`) matches one of
//! [`StateReportOptions::done_statuses`] case-insensitively (defaults: Done, Closed, Resolved, completed).
//! Detached issues (notes deleted locally) still count: their time was spent.
//!
//! Layering: this reading of [`SiteState`] lives in the report layer, above `sync` and `worklog`, so the
//! worklog module never reaches into the sync state (reports read it from above).

use serde::Deserialize;
use serde_json::Value;

use crate::sync::SiteState;
use crate::worklog::duration::{DurationConfig, parse_duration};
use crate::worklog::report::{IssueEstimate, ReportInput, ReportWorklog};

/// Options of [`report_input_from_state`] (camelCase from JavaScript).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StateReportOptions {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (inclusive), `YYYY-MM-DD`.
    pub to: String,
    /// Jira's hours per day.
    pub hours_per_day: f64,
    /// Jira's days per week.
    pub days_per_week: f64,
    /// Jira statuses or note states that mean done.
    pub done_statuses: Vec<String>,
    /// Force or suppress the per-person table (`None`: when several authors).
    pub per_person: Option<bool>,
}

impl Default for StateReportOptions {
    fn default() -> Self {
        let d = DurationConfig::default();
        Self {
            from: String::new(),
            to: String::new(),
            hours_per_day: d.hours_per_day,
            days_per_week: d.days_per_week,
            done_statuses: ["Done", "Closed", "Resolved", "completed"].map(str::to_owned).to_vec(),
            per_person: None,
        }
    }
}

/// The report input for a site's state.
pub fn report_input_from_state(state: &SiteState, options: &StateReportOptions) -> ReportInput {
    let config = DurationConfig { hours_per_day: options.hours_per_day, days_per_week: options.days_per_week };
    let duration = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|s| parse_duration(s, &config).ok());
    let is_done = |s: &str| options.done_statuses.iter().any(|d| d.trim().eq_ignore_ascii_case(s.trim()));
    let issues = state
        .issues
        .values()
        .map(|base| {
            let text = |k: &str| base.values.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            let summary = [text("title"), text("summary")].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
            let state_value = text("current_state");
            IssueEstimate {
                key: base.key.clone(),
                summary,
                original: duration(base.values.get("estimate")),
                remaining: duration(base.values.get("remaining")),
                spent: duration(base.values.get("time_spent")),
                done: (!base.status.is_empty() && is_done(&base.status))
                    || (!state_value.is_empty() && is_done(&state_value)),
            }
        })
        .collect();
    let keys = super::metrics_input::current_keys(state);
    let worklogs = state
        .worklogs
        .values()
        .map(|w| {
            // The issue may have been renamed since the worklog was read: prefer the base's current key.
            let key = keys.get(w.issue_id.as_str()).map_or_else(|| w.issue_key.clone(), |k| (*k).to_owned());
            ReportWorklog {
                issue_key: key,
                project: String::new(),
                author_id: w.author_id.clone(),
                author: w.author.clone(),
                started: w.started.clone(),
                seconds: u64::from(w.seconds),
            }
        })
        .collect();
    ReportInput {
        worklogs,
        issues,
        from: options.from.clone(),
        to: options.to.clone(),
        hours_per_day: options.hours_per_day,
        days_per_week: options.days_per_week,
        per_person: options.per_person,
    }
}
