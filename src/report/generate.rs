//! Making a report note from its parameters: resolve the period against the local date of `now`, compute the
//! metrics (analytics over the site's history and the worklogs read from the sync state), build the
//! [`ReportDoc`] of the kind and render it for the note's path.
//!
//! Invariants: a pure function of ([`ReportParams`], note path, `now`, state, history, settings): the same
//! inputs give the same bytes. [`render_report`] is the second half alone (metrics in, note out), so a report
//! can be rendered from `report metrics --json` output and tested against fixed metrics:
//! `tests/report_renders.rs` checks in what it renders from `tests/fixtures/report-metrics.json`
//! (`tests/fixtures/report-charts.json`, which `plugin/test/report-charts.test.ts` hands to the real `mermaid`
//! parser).

use chrono::NaiveDate;
use serde::Deserialize;

use super::document::{Block, NoteLinks, RenderedReport, ReportDoc, render};
use super::kinds;
use super::metrics_input::{local_date, period_of, scoped_config, worklogs_from_state};
use super::params::{ParamsError, ReportKind, ReportParams};
use super::state_view::ReportState;
use super::time_input::{StateReportOptions, report_input};
use crate::analytics::{AnalyticsConfig, Metrics, compute_metrics_with};
use crate::history::{Millis, SiteHistory};
use crate::worklog::report::{ReportError, project_of, time_report};

/// Settings every report reads (camelCase from JavaScript).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportSettings {
    /// Jira's hours per day and days per week, and the statuses that mean done (the time report's).
    #[serde(flatten)]
    pub time: StateReportOptions,
    /// The analytics configuration (zone, in-progress statuses, teams, working days, holidays, forecast).
    pub analytics: AnalyticsConfig,
}

/// Everything [`generate`] reads (the wasm export's JSON; the state's strings are borrowed from it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GenerateInput<'a> {
    /// The parameters (from the modal, the command line or the note's front matter).
    pub params: Option<ReportParams>,
    /// The note's vault path.
    pub note_path: String,
    /// The current instant, from the shell's clock.
    pub now: Millis,
    /// The site's sync state, as reports read it ([`ReportState::of`] a [`SiteState`](crate::sync::SiteState)).
    pub state: ReportState<'a>,
    /// The site's history (empty when none was read yet).
    pub history: SiteHistory,
    /// Settings.
    pub settings: ReportSettings,
    /// The text of the site's automation activity record (`None`: none kept yet).
    pub activity: Option<String>,
}

crate::json_objects::json_object!(default GenerateInput<'a> {
    params: "params",
    note_path: "notePath",
    now: "now",
    state: "state",
    history: "history",
    settings: "settings",
    activity: "activity",
});

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
    /// No parameters were given.
    #[error("no report parameters")]
    NoParams,
}

pub(super) fn check_path(note_path: &str) -> Result<(), GenerateError> {
    if !note_path.ends_with(".md") || note_path.starts_with('/') || note_path.split('/').any(|p| p == "..") {
        return Err(GenerateError::BadPath(note_path.to_owned()));
    }
    Ok(())
}

/// The metrics of the report's scope and period (what `report metrics --json` prints).
pub fn report_metrics(input: &GenerateInput<'_>) -> Result<Metrics, GenerateError> {
    let params = input.params.as_ref().ok_or(GenerateError::NoParams)?;
    let today = local_date(&input.settings.analytics.zone, input.now);
    let period = params.resolve_period(today)?;
    let config = scoped_config(&input.settings.analytics, params);
    let worklogs = worklogs_from_state(&input.state);
    let activity = input.activity.as_deref();
    Ok(compute_metrics_with(&input.history, &worklogs, activity, &config, input.now, &period_of(period)))
}

/// Makes the report described by `input`.
pub fn generate(input: &GenerateInput<'_>) -> Result<RenderedReport, GenerateError> {
    let params = input.params.as_ref().ok_or(GenerateError::NoParams)?;
    check_path(&input.note_path)?;
    let today = local_date(&input.settings.analytics.zone, input.now);
    let period = params.resolve_period(today)?;
    let metrics = report_metrics(input)?;
    let time_body = match params.kind {
        ReportKind::Time => Some(time_body(params, period, &input.state, &input.settings)?),
        _ => None,
    };
    Ok(render(&document(params, period, &metrics, time_body), &input.note_path, &note_links(&input.state)))
}

/// Each synced issue's key → its note's path (the keys a report shows link to the notes).
pub(super) fn note_links(state: &ReportState<'_>) -> NoteLinks {
    state
        .issues
        .values()
        .filter(|i| !i.path.as_str().is_empty())
        .map(|i| (i.key.as_str().to_owned(), i.path.as_str().to_owned()))
        .collect()
}

/// Renders a report from metrics already computed (the time kind's worklog tables need the sync state and
/// are left out; its analytics sections are written). Without the sync state, keys are not linked to notes.
pub fn render_report(
    params: &ReportParams,
    note_path: &str,
    metrics: &Metrics,
) -> Result<RenderedReport, GenerateError> {
    check_path(note_path)?;
    let date = |s: &str| crate::date_text::parse_date(s).ok_or_else(|| ParamsError::BadDate(s.to_owned()));
    let period = (date(&metrics.period.from)?, date(&metrics.period.to)?);
    Ok(render(&document(params, period, metrics, None), note_path, &NoteLinks::new()))
}

pub(super) fn document(
    params: &ReportParams,
    (from, to): (NaiveDate, NaiveDate),
    m: &Metrics,
    time_body: Option<String>,
) -> ReportDoc {
    let scope = [&params.project, &params.epic, &params.version, &params.team];
    let scope: Vec<String> = scope.into_iter().flatten().cloned().collect();
    let scope = if scope.is_empty() { String::new() } else { format!(" · {}", scope.join(" · ")) };
    let mut blocks = Vec::new();
    if !m.problems.is_empty() {
        blocks.push(Block::List(m.problems.clone()));
    }
    blocks.extend(match params.kind {
        ReportKind::Progress => kinds::progress::blocks(m),
        ReportKind::Flow => kinds::flow::blocks(m),
        ReportKind::Estimates => kinds::estimates::blocks(m),
        ReportKind::Team => kinds::team::blocks(m),
        ReportKind::Digest => kinds::digest::blocks(m),
        ReportKind::Time => {
            let mut b: Vec<Block> = time_body.into_iter().map(Block::Raw).collect();
            b.extend(kinds::time::utilisation_blocks(m));
            b
        }
    });
    ReportDoc {
        front_matter: params.front_matter((from, to)),
        title: format!("{} {from} – {to}{scope}", params.kind.title()),
        blocks,
    }
}

/// The issue-6 time report's body (after its title), limited to one project when `project` is set.
pub(super) fn time_body(
    params: &ReportParams,
    (from, to): (NaiveDate, NaiveDate),
    state: &ReportState<'_>,
    settings: &ReportSettings,
) -> Result<String, GenerateError> {
    let options = StateReportOptions { from: from.to_string(), to: to.to_string(), ..settings.time.clone() };
    let mut input = report_input(state, &options);
    if let Some(project) = &params.project {
        let keep = |key: &str| project_of(key).eq_ignore_ascii_case(project);
        input.worklogs.retain(|w| keep(&w.issue_key));
        input.issues.retain(|i| keep(&i.key));
    }
    let note = time_report(&input)?;
    // The time report writes its own front matter and title; keep what follows the title.
    let body = note.split_once("\n# ").and_then(|(_, rest)| rest.split_once('\n')).map_or("", |(_, b)| b);
    Ok(body.strip_prefix('\n').unwrap_or(body).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Metrics {
        serde_json::from_str(include_str!("../../tests/fixtures/report-metrics.json")).expect("fixture")
    }

    #[test]
    fn every_kind_renders_deterministically_with_escaped_labels() {
        let m = fixture();
        for kind in ReportKind::ALL {
            let params = ReportParams { project: Some("OPS".into()), ..ReportParams::new(kind) };
            let a = render_report(&params, "Reports/R.md", &m).expect("report");
            let b = render_report(&params, "Reports/R.md", &m).expect("report");
            assert_eq!(a, b);
            assert!(a.markdown.starts_with("---\ngenerated_by: jira-vault-sync\n"), "{kind:?}");
            assert!(!a.markdown.contains("<img"), "{kind:?}: {}", a.markdown);
            assert!(!a.markdown.contains("%%"), "{kind:?}: {}", a.markdown);
            // Every chart is followed by a table.
            for chunk in a.markdown.split("```mermaid\n").skip(1) {
                let after = chunk.split_once("```\n").map_or("", |(_, r)| r);
                assert!(after.starts_with("\n| "), "{kind:?}: chart without a table");
            }
            for asset in &a.assets {
                assert!(a.markdown.contains(&format!("![[{}]]", asset.path)));
                roxmltree::Document::parse(&asset.content).expect("well-formed SVG");
            }
        }
        let progress = render_report(&ReportParams::new(ReportKind::Progress), "Reports/P.md", &m).expect("progress");
        let epics = progress.markdown.split("## Progress per epic").nth(1).unwrap_or_default();
        assert!(epics.contains("| OPS-100 | Checkout &lt;img"), "{epics}");
        assert!(epics.contains("| No epic |  | 3 | 1 | 2 | 33\\% | 2.0 | 0.0 | 2 |"), "{epics}");
        assert!(epics.contains("bar [75, 0, 33]"), "{epics}");
        let flow = render_report(&ReportParams::new(ReportKind::Flow), "Reports/Flow.md", &m).expect("flow");
        let paths: Vec<&str> = flow.assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["Reports/assets/Flow-control-chart.svg", "Reports/assets/Flow-cumulative-flow.svg"]);
    }

    #[test]
    fn generate_resolves_relative_periods_and_refuses_bad_paths() {
        let input = GenerateInput {
            params: Some(ReportParams { period: Some("last-week".into()), ..ReportParams::new(ReportKind::Time) }),
            note_path: "Reports/Time.md".into(),
            now: 1_710_331_200_000, // 2024-03-13T12:00Z, a Wednesday
            ..GenerateInput::default()
        };
        let r = generate(&input).expect("report");
        assert!(r.markdown.contains("period: last-week\nfrom: 2024-03-04\nto: 2024-03-10\n"), "{}", r.markdown);
        assert_eq!(generate(&input).expect("again"), r);
        let bad = GenerateInput { note_path: "../x.md".into(), ..input };
        assert!(matches!(generate(&bad), Err(GenerateError::BadPath(_))));
    }
}
