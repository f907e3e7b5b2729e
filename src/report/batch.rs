//! Several reports from one input: every report of a list is made as [`generate`](super::generate()) makes it,
//! but the metrics are computed once per scope and period and the sync state's derived inputs (worklogs, note
//! links) are read once, so a full set of reports over a large history costs one analytics pass, not one per
//! report.
//!
//! Invariants: each report is byte-for-byte what [`generate`](super::generate()) gives for the same parameters,
//! note path, `now`, state, history and settings (tested); the reports come back in the order asked; the
//! first report that cannot be made fails the whole call (as it would fail alone).

use chrono::NaiveDate;

use super::document::{RenderedReport, render};
use super::generate::{GenerateError, ReportSettings, check_path, document, note_links, time_body};
use super::metrics_input::{local_date, period_of, scoped_config, worklogs_from_state};
use super::params::{ReportKind, ReportParams};
use super::state_view::ReportState;
use crate::analytics::{AnalyticsConfig, Metrics, compute_metrics_with};
use crate::history::{Millis, SiteHistory};

/// One report of a batch: its parameters and note path.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchReport {
    /// The parameters.
    pub params: ReportParams,
    /// The note's vault path.
    pub note_path: String,
}

crate::json_objects::json_object!(BatchReport { params: "params", note_path: "notePath" });

/// Everything [`generate_batch`] reads (the wasm export's JSON): [`GenerateInput`](super::GenerateInput) with a
/// list of reports instead of one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchInput<'a> {
    /// The reports, in the order their results come back.
    pub reports: Vec<BatchReport>,
    /// The current instant, from the shell's clock.
    pub now: Millis,
    /// The site's sync state, as reports read it.
    pub state: ReportState<'a>,
    /// The site's history (empty when none was read yet).
    pub history: SiteHistory,
    /// Settings.
    pub settings: ReportSettings,
    /// The text of the site's automation activity record (`None`: none kept yet).
    pub activity: Option<String>,
}

crate::json_objects::json_object!(default BatchInput<'a> {
    reports: "reports",
    now: "now",
    state: "state",
    history: "history",
    settings: "settings",
    activity: "activity",
});

/// What a report's metrics depend on: the configuration narrowed to its scope (whatever parameters narrow it), and
/// its period. Reports with equal keys share one computation.
type MetricsKey = (AnalyticsConfig, (NaiveDate, NaiveDate));

/// Makes every report of `input`, in order (see the module docs).
pub fn generate_batch(input: &BatchInput<'_>) -> Result<Vec<RenderedReport>, GenerateError> {
    let today = local_date(&input.settings.analytics.zone, input.now);
    let worklogs = worklogs_from_state(&input.state);
    let links = note_links(&input.state);
    let mut computed: Vec<(MetricsKey, Metrics)> = Vec::new();
    let mut out = Vec::with_capacity(input.reports.len());
    for BatchReport { params, note_path } in &input.reports {
        check_path(note_path)?;
        let period = params.resolve_period(today)?;
        let key: MetricsKey = (scoped_config(&input.settings.analytics, params), period);
        let at = match computed.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let (history, activity) = (&input.history, input.activity.as_deref());
                let metrics = compute_metrics_with(history, &worklogs, activity, &key.0, input.now, &period_of(period));
                computed.push((key, metrics));
                computed.len() - 1
            }
        };
        let time = match params.kind {
            ReportKind::Time => Some(time_body(params, period, &input.state, &input.settings)?),
            _ => None,
        };
        out.push(render(&document(params, period, &computed[at].1, time), note_path, &links));
    }
    Ok(out)
}
