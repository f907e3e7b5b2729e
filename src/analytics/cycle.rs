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

use serde::Serialize;

use super::stats::Summary;
use crate::history::StatusCategory;

/// Cycle time of the issues done in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default CycleTime {
    statuses: "statuses",
    issues: "issues",
    summary: "summary",
    rolling_window: "rollingWindow",
});

/// One issue on the control chart.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default IssueCycle {
    key: "key",
    issue_type: "issueType",
    project: "project",
    started: "started",
    done: "done",
    hours: "hours",
    reopened: "reopened",
    rolling_average: "rollingAverage",
});

/// Lead time of the issues resolved in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeadTime {
    /// Per issue, ordered by resolution instant.
    pub issues: Vec<IssueLead>,
    /// Summary over `issues[].hours`.
    pub summary: Summary,
}

crate::json_objects::json_object!(default LeadTime { issues: "issues", summary: "summary" });

/// One issue's lead time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default IssueLead {
    key: "key",
    created: "created",
    resolved: "resolved",
    hours: "hours",
});

/// Time spent in one status by the issues done in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default StatusTime {
    status_id: "statusId",
    name: "name",
    category: "category",
    total_hours: "totalHours",
    summary: "summary",
});

use std::collections::BTreeMap;

use super::calendar::format_day;
use super::scope::Scope;
use super::stats::millis_hours;

/// The items done in the period, ordered by done instant then key.
pub(crate) fn done_in_period<'s, 'a>(scope: &'s Scope<'a>, flow_only: bool) -> Vec<&'s super::scope::Item<'a>> {
    let mut done: Vec<_> = scope
        .items
        .iter()
        .filter(|i| (!flow_only || i.flow) && i.done_day.is_some_and(|d| scope.in_period(d)))
        .collect();
    crate::sort::sort_by(&mut done, |a, b| a.done_at.cmp(&b.done_at).then_with(|| a.issue.key.cmp(&b.issue.key)));
    done
}

/// Jira's rolling-average window for `n` issues: 20 % rounded down, made odd, at least 5.
pub fn rolling_window(n: usize) -> usize {
    let w = (n / 5).max(5);
    if w % 2 == 0 { w + 1 } else { w }
}

/// Cycle time of the flow population done in the period.
pub fn cycle_time(scope: &Scope<'_>) -> CycleTime {
    let done = done_in_period(scope, true);
    let mut issues: Vec<IssueCycle> = done
        .iter()
        .map(|item| {
            let until = item.done_at.unwrap_or(scope.now);
            let (ms, started, reopened) = scope.in_progress_time(item, until);
            IssueCycle {
                key: item.issue.key.clone(),
                issue_type: item.issue.issue_type.clone(),
                project: item.issue.project.clone(),
                started: started.map(|t| format_day(scope.cal.day(t))),
                done: item.done_day.map(format_day).unwrap_or_default(),
                hours: millis_hours(ms),
                reopened,
                rolling_average: 0.0,
            }
        })
        .collect();
    let window = rolling_window(issues.len());
    let values: Vec<f64> = issues.iter().map(|i| i.hours).collect();
    let half = window / 2;
    for (i, issue) in issues.iter_mut().enumerate() {
        let lo = i.saturating_sub(half);
        let hi = (i + half).min(values.len() - 1);
        let slice = &values[lo..=hi];
        issue.rolling_average = slice.iter().sum::<f64>() / slice.len() as f64;
    }
    CycleTime {
        statuses: scope.in_progress.iter().cloned().collect(),
        summary: Summary::of(&values),
        issues,
        rolling_window: window,
    }
}

/// Lead time of the flow population resolved in the period.
pub fn lead_time(scope: &Scope<'_>) -> LeadTime {
    let mut issues: Vec<(i64, IssueLead)> = scope
        .flow_items()
        .filter_map(|item| {
            let resolved = item.resolved_at?;
            let day = scope.cal.day(resolved);
            scope.in_period(day).then(|| {
                (
                    resolved,
                    IssueLead {
                        key: item.issue.key.clone(),
                        created: format_day(scope.cal.day(item.issue.created)),
                        resolved: format_day(day),
                        hours: millis_hours(resolved - item.issue.created),
                    },
                )
            })
        })
        .collect();
    crate::sort::sort_by(&mut issues, |a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));
    let values: Vec<f64> = issues.iter().map(|(_, i)| i.hours).collect();
    LeadTime { issues: issues.into_iter().map(|(_, i)| i).collect(), summary: Summary::of(&values) }
}

/// Time in each status of the flow population done in the period, in `order` (status ids).
pub fn time_in_status(scope: &Scope<'_>, order: &[String]) -> Vec<StatusTime> {
    let mut per_status: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for item in done_in_period(scope, true) {
        let until = item.done_at.unwrap_or(scope.now);
        let mut per_issue: BTreeMap<&str, i64> = BTreeMap::new();
        for s in item.segments.iter().filter(|s| s.from < until) {
            *per_issue.entry(s.status.as_str()).or_default() += s.to.min(until) - s.from;
        }
        for (status, ms) in per_issue {
            per_status.entry(status).or_default().push(millis_hours(ms));
        }
    }
    order
        .iter()
        .filter_map(|id| {
            let values = per_status.get(id.as_str())?;
            Some(StatusTime {
                status_id: id.clone(),
                name: scope.status_name(id),
                category: scope.category(id),
                total_hours: values.iter().sum(),
                summary: Summary::of(values),
            })
        })
        .collect()
}
