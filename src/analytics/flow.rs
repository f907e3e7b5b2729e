//! Flow: work in progress per day, throughput per week, created vs resolved, cumulative flow.
//!
//! Definitions (population: in-scope issues, see [`super::scope`]):
//! - A day's values are sampled at the *end* of the local day (its last millisecond, just before the next
//!   local midnight): the state an issue is in when the day is over.
//! - **WIP** of a day: issues whose status at the end of the day is an "in progress" status (the same set as
//!   cycle time).
//! - **Throughput** of a week: issues done (see [`super::cycle`]) on a day of that week within the period.
//! - **Created vs resolved** per week: issues created / done on days of the week within the period, with the
//!   running totals from the start of the period (Jira's cumulative created vs resolved chart).
//! - **Cumulative flow** per day: for each status (ordered To Do, In Progress, Done category, then name), the
//!   issues in it at the end of the day. Issues not yet created count nowhere.
//! - Weeks start on the configured day (Monday by default); a week is listed by its first day, even when that
//!   day lies before the period start (its counts only include days of the period).

use serde::Serialize;

use crate::history::StatusCategory;

/// Flow metrics over the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Flow {
    /// WIP at the end of each day.
    pub wip: Vec<DayCount>,
    /// Issues done per week.
    pub throughput: Vec<WeekCount>,
    /// Created and done per week, with running totals.
    pub created_resolved: Vec<CreatedResolved>,
    /// Issues per status at the end of each day.
    pub cumulative_flow: CumulativeFlow,
}

crate::json_objects::json_object!(default Flow {
    wip: "wip",
    throughput: "throughput",
    created_resolved: "createdResolved",
    cumulative_flow: "cumulativeFlow",
});

/// A count on a local day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Count.
    pub count: u32,
}

crate::json_objects::json_object!(default DayCount { date: "date", count: "count" });

/// A count in a week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekCount {
    /// First day of the week, `YYYY-MM-DD`.
    pub week_start: String,
    /// Count.
    pub count: u32,
}

crate::json_objects::json_object!(default WeekCount { week_start: "weekStart", count: "count" });

/// Created vs resolved in one week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreatedResolved {
    /// First day of the week.
    pub week_start: String,
    /// Issues created in the week.
    pub created: u32,
    /// Issues done in the week.
    pub resolved: u32,
    /// Created since the period start, up to this week's end.
    pub cumulative_created: u32,
    /// Done since the period start, up to this week's end.
    pub cumulative_resolved: u32,
}

crate::json_objects::json_object!(default CreatedResolved {
    week_start: "weekStart",
    created: "created",
    resolved: "resolved",
    cumulative_created: "cumulativeCreated",
    cumulative_resolved: "cumulativeResolved",
});

/// Cumulative flow: one column per status, one row per day.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CumulativeFlow {
    /// The statuses, in column order.
    pub statuses: Vec<StatusRef>,
    /// One row per day.
    pub days: Vec<FlowDay>,
}

crate::json_objects::json_object!(default CumulativeFlow { statuses: "statuses", days: "days" });

/// A status column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusRef {
    /// Status id.
    pub id: String,
    /// Current name.
    pub name: String,
    /// Category.
    pub category: StatusCategory,
}

crate::json_objects::json_object!(default StatusRef { id: "id", name: "name", category: "category" });

/// Issues per status at the end of a day (`counts[i]` is for `statuses[i]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Counts, in the order of [`CumulativeFlow::statuses`].
    pub counts: Vec<u32>,
}

crate::json_objects::json_object!(default FlowDay { date: "date", counts: "counts" });

use std::collections::BTreeMap;

use super::calendar::format_day;
use super::cycle::done_in_period;
use super::scope::Scope;

/// The status columns of the cumulative flow: every status in the site's list or a flow issue's timeline,
/// ordered To Do, In Progress, Done, Unknown category, then name, then id.
pub fn status_order(scope: &Scope<'_>) -> Vec<StatusRef> {
    let mut ids: std::collections::BTreeSet<&str> =
        crate::sort::collect_set(scope.history.statuses.keys().map(String::as_str));
    for item in scope.flow_items() {
        ids.extend(item.segments.iter().map(|s| s.status.as_str()));
    }
    ids.remove("");
    let mut statuses: Vec<StatusRef> = ids
        .into_iter()
        .map(|id| StatusRef { id: id.to_owned(), name: scope.status_name(id), category: scope.category(id) })
        .collect();
    crate::sort::sort_by(&mut statuses, |a, b| (a.category, &a.name, &a.id).cmp(&(b.category, &b.name, &b.id)));
    statuses
}

/// Flow metrics and, for the trends, WIP per day (`wip[i]` for day `first + i`).
pub fn flow(scope: &Scope<'_>, statuses: &[StatusRef]) -> Flow {
    let days: Vec<i64> = scope.days().collect();
    // End of each day: the last millisecond before the next day's first instant.
    let ends: Vec<i64> = days.iter().map(|d| scope.cal.day_start(d + 1) - 1).collect();
    let column: BTreeMap<&str, usize> =
        crate::sort::collect_map(statuses.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)));
    // Difference arrays: per status, +1 at the first day-end inside a segment, −1 after the last.
    let mut diff = vec![vec![0i64; days.len() + 1]; statuses.len()];
    for item in scope.flow_items() {
        for s in &item.segments {
            let Some(&c) = column.get(s.status.as_str()) else { continue };
            // Day ends t with s.from <= t < s.to; the last segment holds beyond `now` too.
            let lo = ends.partition_point(|&t| t < s.from);
            let is_last = std::ptr::eq(s, item.segments.last().unwrap_or(s));
            let hi = if is_last { ends.len() } else { ends.partition_point(|&t| t < s.to) };
            if lo < hi {
                diff[c][lo] += 1;
                diff[c][hi] -= 1;
            }
        }
    }
    let counts: Vec<Vec<u32>> = diff
        .iter()
        .map(|d| {
            let mut run = 0i64;
            d[..days.len()]
                .iter()
                .map(|x| {
                    run += x;
                    run.max(0) as u32
                })
                .collect()
        })
        .collect();
    let wip_columns: Vec<usize> =
        statuses.iter().enumerate().filter(|(_, s)| scope.in_progress.contains(&s.id)).map(|(i, _)| i).collect();
    let wip = days
        .iter()
        .enumerate()
        .map(|(i, &d)| DayCount { date: format_day(d), count: wip_columns.iter().map(|&c| counts[c][i]).sum() })
        .collect();
    let cumulative_flow = CumulativeFlow {
        statuses: statuses.to_vec(),
        days: days
            .iter()
            .enumerate()
            .map(|(i, &d)| FlowDay { date: format_day(d), counts: counts.iter().map(|c| c[i]).collect() })
            .collect(),
    };
    let weeks = scope.weeks();
    let week_index = |day: i64| weeks.partition_point(|&w| w <= day).checked_sub(1);
    let mut resolved = vec![0u32; weeks.len()];
    for item in done_in_period(scope, true) {
        if let Some(w) = item.done_day.and_then(week_index) {
            resolved[w] += 1;
        }
    }
    let mut created = vec![0u32; weeks.len()];
    for item in scope.flow_items() {
        let day = scope.cal.day(item.issue.created);
        if scope.in_period(day)
            && let Some(w) = week_index(day)
        {
            created[w] += 1;
        }
    }
    let (mut cum_c, mut cum_r) = (0, 0);
    let created_resolved = weeks
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            cum_c += created[i];
            cum_r += resolved[i];
            CreatedResolved {
                week_start: format_day(w),
                created: created[i],
                resolved: resolved[i],
                cumulative_created: cum_c,
                cumulative_resolved: cum_r,
            }
        })
        .collect();
    let throughput =
        weeks.iter().zip(&resolved).map(|(&w, &count)| WeekCount { week_start: format_day(w), count }).collect();
    Flow { wip, throughput, created_resolved, cumulative_flow }
}
