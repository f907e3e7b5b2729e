//! Progress per epic: how much of each epic's work is done at the end of the period.
//!
//! Definitions:
//! - **End**: the last millisecond of the period's last local day, or `now` when that is earlier.
//! - **Population**: the flow population (sub-tasks only when included) that exists at the end (created by
//!   then), less the epics themselves (issues that are another issue's epic). An issue's **epic** is its
//!   parent (a sub-task's: its parent's parent); issues with none form one row with no key, listed last.
//! - **Done**: the issue's status at the end is of the *Done* category (a reopened issue open at the end is
//!   not done).
//! - **Estimates** in the velocity's unit (story points when the site has the field, else original estimates
//!   in hours), each issue's as it was at the end; unestimated issues add nothing. `doneShare` is done ÷ issues.
//! - Rows are ordered by epic key (project, then number), the row without an epic last.

use crate::sort::CollectOrdered as _;
use std::collections::BTreeMap;

use serde::Serialize;

use super::scope::Scope;
use super::velocity::{EstimateUnit, done_at, estimate_at};
use crate::history::{IssueHistory, Millis};

/// One epic's progress.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EpicProgress {
    /// The epic's key; `None` for the issues that have no epic.
    pub key: Option<String>,
    /// The epic's summary, when the history holds the epic.
    pub summary: Option<String>,
    /// Issues of the epic in the population.
    pub issues: u32,
    /// Of those, done at the end.
    pub done: u32,
    /// Of those, not done at the end.
    pub remaining: u32,
    /// `done ÷ issues`.
    pub done_share: f64,
    /// Estimates of the done issues.
    pub done_estimate: f64,
    /// Estimates of the remaining issues.
    pub remaining_estimate: f64,
    /// Issues without an estimate at the end.
    pub unestimated: u32,
}

crate::json_objects::json_object!(default EpicProgress {
    key: "key",
    summary: "summary",
    issues: "issues",
    done: "done",
    remaining: "remaining",
    done_share: "doneShare",
    done_estimate: "doneEstimate",
    remaining_estimate: "remainingEstimate",
    unestimated: "unestimated",
});

/// Progress per epic.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Progress {
    /// Local date the progress is taken at (the period's last day, or today when that is earlier).
    pub at: String,
    /// Unit of the estimates.
    pub unit: EstimateUnit,
    /// One row per epic (see the module docs for the order).
    pub epics: Vec<EpicProgress>,
}

crate::json_objects::json_object!(default Progress { at: "at", unit: "unit", epics: "epics" });

/// The epic of an issue: its parent, a sub-task's parent's parent.
fn epic_of<'a>(issue: &'a IssueHistory, by_key: &BTreeMap<&str, &'a IssueHistory>) -> Option<&'a str> {
    let parent = issue.parent.as_deref()?;
    if issue.subtask { by_key.get(parent).and_then(|p| p.parent.as_deref()) } else { Some(parent) }
}

/// A sort key for issue keys: project, then number (`OPS-9` before `OPS-10`).
fn key_order(key: &str) -> (String, u64, String) {
    match key.rsplit_once('-') {
        Some((project, n)) => (project.to_owned(), n.parse().unwrap_or(u64::MAX), key.to_owned()),
        None => (key.to_owned(), u64::MAX, key.to_owned()),
    }
}

/// Progress per epic (see the module docs).
pub fn progress(scope: &Scope<'_>) -> Progress {
    let end: Millis = (scope.cal.day_start(scope.last + 1) - 1).min(scope.now);
    let unit =
        if scope.history.fields.story_points.is_some() { EstimateUnit::StoryPoints } else { EstimateUnit::Hours };
    // Issues by key, for parents and epics' summaries: not needed when no issue in scope has a parent.
    let by_key: BTreeMap<&str, &IssueHistory> = if scope.items.iter().any(|i| i.issue.parent.is_some()) {
        scope.history.issues.values().map(|i| (i.key.as_str(), i)).collect_map()
    } else {
        BTreeMap::new()
    };
    let epics_of_others: std::collections::BTreeSet<&str> =
        scope.items.iter().filter_map(|i| epic_of(i.issue, &by_key)).collect_set();
    let mut rows: BTreeMap<Option<(String, u64, String)>, EpicProgress> = BTreeMap::new();
    for item in scope.flow_items().filter(|i| i.issue.created <= end && !epics_of_others.contains(i.issue.key.as_str()))
    {
        let epic = epic_of(item.issue, &by_key);
        let row = rows.entry(epic.map(key_order)).or_insert_with(|| EpicProgress {
            key: epic.map(str::to_owned),
            summary: epic.and_then(|k| by_key.get(k)).map(|e| e.summary.clone()),
            ..EpicProgress::default()
        });
        row.issues += 1;
        let estimate = estimate_at(item.issue, unit, end);
        if estimate.is_none() {
            row.unestimated += 1;
        }
        if done_at(item, end) {
            row.done += 1;
            row.done_estimate += estimate.unwrap_or(0.0);
        } else {
            row.remaining += 1;
            row.remaining_estimate += estimate.unwrap_or(0.0);
        }
    }
    // `None` sorts first in a BTreeMap: the row without an epic goes last.
    let mut epics: Vec<EpicProgress> = Vec::with_capacity(rows.len());
    let mut no_epic = None;
    for (order, mut row) in rows {
        row.done_share = f64::from(row.done) / f64::from(row.issues.max(1));
        if order.is_none() { no_epic = Some(row) } else { epics.push(row) }
    }
    epics.extend(no_epic);
    Progress { at: super::calendar::format_day(scope.cal.day(end)), unit, epics }
}
