//! Making a report note from its parameters: resolve the period against `today`, read what the kind needs
//! from the site's sync state (and, for the analytics kinds, its history), build the [`ReportDoc`] and render
//! it for the note's path.
//!
//! Invariants: a pure function of ([`ReportParams`], note path, `today`, state, settings): the same inputs give
//! the same bytes. Only kinds listed in [`ReportKind::ALL`] exist; nothing here reaches below the report layer
//! except through the `sync` state's public data and the worklog report.

use chrono::NaiveDate;
use serde::Deserialize;

use super::document::{Block, RenderedReport, ReportDoc, render};
use super::params::{ParamsError, ReportKind, ReportParams};
use super::time_input::{StateReportOptions, report_input_from_state};
use crate::sync::SiteState;
use crate::worklog::report::{ReportError, project_of, time_report};

/// Settings every report reads (camelCase from JavaScript).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportSettings {
    /// Jira's hours per day and days per week, and the statuses that mean done.
    #[serde(flatten)]
    pub time: StateReportOptions,
}

/// Why a report could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// Bad parameters.
    #[error(transparent)]
    Params(#[from] ParamsError),
    /// The time report refused its input.
    #[error(transparent)]
    Time(#[from] ReportError),
    /// The note path is not a vault note path.
    #[error("the report path must be a note inside the vault ending in .md: {0}")]
    BadPath(String),
    /// `today` is not a date.
    #[error("`{0}` is not a YYYY-MM-DD date")]
    BadToday(String),
}

/// Makes the report at `note_path` for `params`, with `today` (`YYYY-MM-DD`, the Jira user's local date).
pub fn generate(
    params: &ReportParams,
    note_path: &str,
    today: &str,
    state: &SiteState,
    settings: &ReportSettings,
) -> Result<RenderedReport, GenerateError> {
    if !note_path.ends_with(".md") || note_path.starts_with('/') || note_path.split('/').any(|p| p == "..") {
        return Err(GenerateError::BadPath(note_path.to_owned()));
    }
    let today =
        NaiveDate::parse_from_str(today.trim(), "%Y-%m-%d").map_err(|_| GenerateError::BadToday(today.to_owned()))?;
    let period = params.resolve_period(today)?;
    let doc = match params.kind {
        ReportKind::Time => time_doc(params, period, state, settings)?,
    };
    Ok(render(&doc, note_path))
}

/// The time report (issue 6) inside the report frame: its body under this report's front matter, limited to
/// one project when `project` is set.
fn time_doc(
    params: &ReportParams,
    (from, to): (NaiveDate, NaiveDate),
    state: &SiteState,
    settings: &ReportSettings,
) -> Result<ReportDoc, GenerateError> {
    let options = StateReportOptions { from: from.to_string(), to: to.to_string(), ..settings.time.clone() };
    let mut input = report_input_from_state(state, &options);
    if let Some(project) = &params.project {
        let keep = |key: &str| project_of(key).eq_ignore_ascii_case(project);
        input.worklogs.retain(|w| keep(&w.issue_key));
        input.issues.retain(|i| keep(&i.key));
    }
    let note = time_report(&input)?;
    // The time report writes its own front matter and title; keep what follows the title.
    let body = note.split_once("\n# ").and_then(|(_, rest)| rest.split_once('\n')).map_or("", |(_, b)| b);
    let body = body.strip_prefix('\n').unwrap_or(body);
    let scope = params.project.as_deref().map(|p| format!(" · {p}")).unwrap_or_default();
    Ok(ReportDoc {
        front_matter: params.front_matter((from, to)),
        title: format!("Time report {from} – {to}{scope}"),
        blocks: vec![Block::Raw(body.to_owned())],
    })
}
