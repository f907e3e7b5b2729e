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

use super::state_view::{ReportState, StrValue};
use crate::sync::SiteState;
use crate::worklog::duration::{DurationConfig, parse_duration};
use crate::worklog::report::{IssueEstimate, ReportInput, ReportWorklog};

/// Options of [`report_input_from_state`] (camelCase from JavaScript).
#[derive(Debug, Clone, PartialEq)]
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

crate::json_objects::json_object!(default StateReportOptions {
    from: "from",
    to: "to",
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
    done_statuses: "doneStatuses",
    per_person: "perPerson",
});

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
    report_input(&ReportState::of(state), options)
}

/// The report input for a site's state as reports read it ([`ReportState`]).
pub fn report_input(state: &ReportState<'_>, options: &StateReportOptions) -> ReportInput {
    let config = DurationConfig { hours_per_day: options.hours_per_day, days_per_week: options.days_per_week };
    let duration = |v: &StrValue<'_>| v.as_str().and_then(|s| parse_duration(s, &config).ok());
    let is_done = |s: &str| options.done_statuses.iter().any(|d| d.trim().eq_ignore_ascii_case(s.trim()));
    let issues = state
        .issues
        .values()
        .map(|base| {
            let values = &base.values;
            let summary = [&values.title, &values.summary]
                .into_iter()
                .filter_map(StrValue::as_str)
                .find(|s| !s.is_empty())
                .unwrap_or_default()
                .to_owned();
            let state_value = values.current_state.as_str().unwrap_or_default();
            let status = base.status.as_str();
            IssueEstimate {
                key: base.key.as_str().to_owned(),
                summary,
                original: duration(&values.estimate),
                remaining: duration(&values.remaining),
                spent: duration(&values.time_spent),
                done: (!status.is_empty() && is_done(status)) || (!state_value.is_empty() && is_done(state_value)),
            }
        })
        .collect();
    let keys = super::metrics_input::current_keys(state);
    let worklogs = state
        .worklogs
        .values()
        .map(|w| {
            // The issue may have been renamed since the worklog was read: prefer the base's current key.
            let key = keys.get(w.issue_id.as_str()).copied().unwrap_or(w.issue_key.as_str());
            ReportWorklog {
                issue_key: key.to_owned(),
                project: String::new(),
                author_id: w.author_id.as_str().to_owned(),
                author: w.author.as_str().to_owned(),
                started: w.started.as_str().to_owned(),
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
