//! Analytics: the metrics of issue #14 as pure functions of a [`SiteHistory`](crate::history::SiteHistory),
//! the worklogs, an [`AnalyticsConfig`], `now` and a [`Period`].
//!
//! Sans-IO and deterministic: no clock (`now` is an argument), no randomness (the forecast's PRNG is seeded
//! from its input), no tz database (the zone comes as [`OffsetSpan`]s). Every duration in the results is in
//! hours (`f64`), every date a `YYYY-MM-DD` local date of the Jira user's zone, every field camelCase; the
//! schema is documented in `docs/metrics.md`. One file per metric family, each stating its definitions:
//! [`cycle`], [`flow`], [`velocity`], [`progress`], [`estimates`], [`time`], [`insights`], [`forecast`],
//! [`automation`] (from the [`activity`] record of what automation and assistance did, not the history).

pub mod activity;
pub mod automation;
pub mod calendar;
pub mod config;
pub mod cycle;
pub mod estimates;
pub mod flow;
pub mod forecast;
pub mod insights;
pub mod progress;
pub mod scope;
pub mod stats;
pub mod time;
pub mod velocity;

use serde::Serialize;

pub use activity::{ActivityEvents, ActivityRecord};
pub use automation::AutomationMetrics;
pub use config::{AnalyticsConfig, AnalyticsInput, ForecastConfig, OffsetSpan, Period, Team, Worklog};
pub use cycle::{CycleTime, IssueCycle, IssueLead, LeadTime, StatusTime};
pub use estimates::{Accuracy, Estimates, GroupAccuracy, IssueEstimate};
pub use flow::{CreatedResolved, CumulativeFlow, DayCount, Flow, FlowDay, StatusRef, WeekCount};
pub use forecast::{Completion, DoneBy, Forecast};
pub use insights::{Evidence, Insight, InsightKind, WeekTrend};
pub use progress::{EpicProgress, Progress};
pub use stats::Summary;
pub use time::{IssueTime, PersonTime, ProjectTime, TeamTime, TimeMetrics, WeekHours};
pub use velocity::{EstimateUnit, SprintVelocity, Velocity, VelocityBasis, WeekVelocity};

/// Every metric over one period (what `report metrics --json` prints).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Metrics {
    /// The period covered (local dates, inclusive).
    pub period: Period,
    /// Local date of `now`.
    pub today: String,
    /// Problems with the input (an unreadable period or date); the metrics still computed.
    pub problems: Vec<String>,
    /// Cycle time (control chart).
    pub cycle_time: CycleTime,
    /// Lead time.
    pub lead_time: LeadTime,
    /// Time in each status, ordered as the cumulative flow's columns.
    pub time_in_status: Vec<StatusTime>,
    /// Flow.
    pub flow: Flow,
    /// Velocity.
    pub velocity: Velocity,
    /// Progress per epic at the end of the period.
    pub progress: Progress,
    /// Estimate accuracy.
    pub estimates: Estimates,
    /// Logged time and utilisation.
    pub time: TimeMetrics,
    /// Weekly trends.
    pub trends: Vec<WeekTrend>,
    /// Insights.
    pub insights: Vec<Insight>,
    /// Forecast.
    pub forecast: Forecast,
    /// Automation efficiency (rule firings, issues created from detected tasks, suggestion acceptance).
    pub automation: AutomationMetrics,
}

crate::json_objects::json_object!(default Metrics {
    period: "period",
    today: "today",
    problems: "problems",
    cycle_time: "cycleTime",
    lead_time: "leadTime",
    time_in_status: "timeInStatus",
    flow: "flow",
    velocity: "velocity",
    progress: "progress",
    estimates: "estimates",
    time: "time",
    trends: "trends",
    insights: "insights",
    forecast: "forecast",
    automation: "automation",
});

/// Computes every metric of `history` and `worklogs` over `period` as of `now` (see the family modules for
/// the definitions). Never fails: unreadable inputs are reported in [`Metrics::problems`].
pub fn compute_metrics(
    history: &crate::history::SiteHistory,
    worklogs: &[Worklog],
    config: &AnalyticsConfig,
    now: crate::history::Millis,
    period: &Period,
) -> Metrics {
    compute_metrics_with(history, worklogs, None, config, now, period)
}

/// [`compute_metrics`] with the site's activity record's text (`None`: no record; see [`activity`]): a text
/// that cannot be read adds a problem and counts as an empty record.
pub fn compute_metrics_with(
    history: &crate::history::SiteHistory,
    worklogs: &[Worklog],
    activity: Option<&str>,
    config: &AnalyticsConfig,
    now: crate::history::Millis,
    period: &Period,
) -> Metrics {
    let scope = scope::Scope::new(history, config, now, period);
    let statuses = flow::status_order(&scope);
    let order: Vec<String> = statuses.iter().map(|s| s.id.clone()).collect();
    let cycle_time = cycle::cycle_time(&scope);
    let time_in_status = cycle::time_in_status(&scope, &order);
    let flow = flow::flow(&scope, &statuses);
    let estimates = estimates::estimates(&scope);
    let time = time::time(&scope, worklogs);
    let trends = insights::trends(&flow, &cycle_time, &time);
    let insights = insights::insights(&scope, &trends, &flow, &cycle_time, &time_in_status, &estimates);
    let mut problems = scope.problems.clone();
    let record = activity.map(|text| {
        let (record, diagnostic) = activity::parse_record(text);
        problems.extend(diagnostic);
        record
    });
    Metrics {
        automation: automation::automation(&scope, record.as_ref()),
        period: Period { from: calendar::format_day(scope.first), to: calendar::format_day(scope.last) },
        today: calendar::format_day(scope.today),
        problems,
        lead_time: cycle::lead_time(&scope),
        velocity: velocity::velocity(&scope),
        progress: progress::progress(&scope),
        forecast: forecast::forecast(&scope),
        cycle_time,
        time_in_status,
        flow,
        estimates,
        time,
        trends,
        insights,
    }
}

/// [`compute_metrics`] of an [`AnalyticsInput`] (the wasm export's JSON).
pub fn compute(input: &AnalyticsInput) -> Metrics {
    let activity = input.activity.as_deref();
    compute_metrics_with(&input.history, &input.worklogs, activity, &input.config, input.now, &input.period)
}
