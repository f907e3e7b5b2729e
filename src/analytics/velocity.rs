//! Velocity: per sprint when the site has sprints, otherwise per week.
//!
//! Definitions (population: in-scope issues, sub-tasks excluded unless configured, as Jira's velocity chart):
//! - Estimate unit: story points when the site has the field, otherwise the original estimate in hours.
//! - **Per sprint** (sprints that started, the last 7 by start that ended or were closed on or before the
//!   period end): *commitment* = the sum of the estimates, as they were at the sprint's start, of the issues in
//!   the sprint at its start; *completed* = the sum of the estimates, as they were at the sprint's end (its
//!   completion, else its planned end), of the issues in the sprint at its end whose status was of the *Done*
//!   category then. Issues added after the start count in completed only; issues removed before the end count
//!   in commitment only (both are listed). Membership and estimates at an instant are replayed from the
//!   changelog.
//! - **Per week** (no sprints): issues done in each week of the period and the sum of their estimates.
//! - When the site lacks the fields, [`Velocity::not_available`] says why (sprint-based velocity without a
//!   sprint field; estimate sums without story points or original estimates); nothing fails.

use crate::sort::CollectOrdered as _;
use serde::Serialize;

/// How velocity was measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VelocityBasis {
    /// Per sprint.
    Sprint,
    /// Per week.
    #[default]
    Week,
}

crate::json_objects::json_enum!(VelocityBasis { Sprint: "sprint", Week: "week" });

/// What estimates are summed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EstimateUnit {
    /// Story points.
    StoryPoints,
    /// Original estimate in hours.
    #[default]
    Hours,
}

crate::json_objects::json_enum!(EstimateUnit { StoryPoints: "storyPoints", Hours: "hours" });

/// Velocity.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Velocity {
    /// Per sprint or per week.
    pub basis: VelocityBasis,
    /// Unit of `commitment`, `completed` and `estimate`.
    pub unit: EstimateUnit,
    /// Per sprint (basis `sprint`), oldest first, at most 7.
    pub sprints: Vec<SprintVelocity>,
    /// Per week (basis `week`).
    pub weeks: Vec<WeekVelocity>,
    /// Mean completed per sprint, or mean estimate done per week.
    pub average: Option<f64>,
    /// Why a part is not available (empty: everything is).
    pub not_available: Vec<String>,
}

crate::json_objects::json_object!(default Velocity {
    basis: "basis",
    unit: "unit",
    sprints: "sprints",
    weeks: "weeks",
    average: "average",
    not_available: "notAvailable",
});

/// One sprint's commitment and completion.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SprintVelocity {
    /// Sprint id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Local start date.
    pub start: String,
    /// Local end date (completion, else planned end).
    pub end: String,
    /// Estimate total at the start.
    pub commitment: f64,
    /// Estimate done at the end.
    pub completed: f64,
    /// Keys in the sprint at its start.
    pub committed_issues: Vec<String>,
    /// Keys done in the sprint at its end.
    pub completed_issues: Vec<String>,
    /// Keys added after the start (in the sprint at its end, not at its start).
    pub added: Vec<String>,
    /// Keys removed before the end (in the sprint at its start, not at its end).
    pub removed: Vec<String>,
}

crate::json_objects::json_object!(default SprintVelocity {
    id: "id",
    name: "name",
    start: "start",
    end: "end",
    commitment: "commitment",
    completed: "completed",
    committed_issues: "committedIssues",
    completed_issues: "completedIssues",
    added: "added",
    removed: "removed",
});

/// Issues and estimate done in one week.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekVelocity {
    /// First day of the week.
    pub week_start: String,
    /// Issues done.
    pub issues: u32,
    /// Their estimates' sum (unestimated issues add nothing).
    pub estimate: f64,
}

crate::json_objects::json_object!(default WeekVelocity {
    week_start: "weekStart",
    issues: "issues",
    estimate: "estimate",
});

use std::collections::{BTreeMap, BTreeSet};

use super::calendar::format_day;
use super::cycle::done_in_period;
use super::scope::{Item, Scope};
use super::stats::hours;
use crate::history::{Change, Field, IssueHistory, Millis, Sprint, StatusCategory};

/// The value of `field` at instant `t` is the `from` of its first change after `t` (blank: unset), else the
/// current value. This is that change, when there is one.
fn next_change<'a>(issue: &'a IssueHistory, field: &Field, t: Millis) -> Option<&'a Change> {
    issue.changes.iter().find(|c| c.at > t && &c.field == field)
}

/// A change's `from`, unless blank.
fn from_value(change: &Change) -> Option<&str> {
    change.from.as_deref().filter(|s| !s.trim().is_empty())
}

/// The sprint ids an issue was in at `t`.
fn sprints_at(issue: &IssueHistory, t: Millis) -> BTreeSet<i64> {
    match next_change(issue, &Field::Sprint, t) {
        Some(c) => {
            from_value(c).map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect_set()).unwrap_or_default()
        }
        None => issue.sprints.iter().map(|s| s.id).collect_set(),
    }
}

/// An issue's estimate at `t` in `unit` (`None`: unestimated then).
pub(super) fn estimate_at(issue: &IssueHistory, unit: EstimateUnit, t: Millis) -> Option<f64> {
    match unit {
        EstimateUnit::StoryPoints => match next_change(issue, &Field::StoryPoints, t) {
            Some(c) => from_value(c).and_then(|v| crate::float_text::parse_f64(v.trim())),
            None => issue.story_points,
        },
        EstimateUnit::Hours => match next_change(issue, &Field::OriginalEstimate, t) {
            Some(c) => from_value(c).and_then(|v| v.trim().parse::<i64>().ok()).map(hours),
            None => issue.original_estimate.map(hours),
        },
    }
}

/// The current estimate in `unit`.
fn estimate_now(issue: &IssueHistory, unit: EstimateUnit) -> Option<f64> {
    match unit {
        EstimateUnit::StoryPoints => issue.story_points,
        EstimateUnit::Hours => issue.original_estimate.map(hours),
    }
}

/// Whether an item's status at `t` is of the *Done* category.
pub(super) fn done_at(item: &Item<'_>, t: Millis) -> bool {
    let seg = item.segments.iter().take_while(|s| s.from <= t).last().or(item.segments.first());
    seg.is_some_and(|s| s.category == StatusCategory::Done)
}

/// Velocity (see the module docs).
pub fn velocity(scope: &Scope<'_>) -> Velocity {
    let mut not_available = Vec::new();
    let unit = if scope.history.fields.story_points.is_some() {
        EstimateUnit::StoryPoints
    } else {
        if scope.flow_items().all(|i| i.issue.original_estimate.is_none()) {
            not_available
                .push("estimates: the site has no story points field and no issue has an original estimate".into());
        }
        EstimateUnit::Hours
    };
    let period_end = scope.cal.day_start(scope.last + 1);
    let mut sprints: BTreeMap<i64, &Sprint> = BTreeMap::new();
    for item in scope.flow_items() {
        for s in &item.issue.sprints {
            sprints.entry(s.id).or_insert(s);
        }
    }
    let mut closed: Vec<(Millis, Millis, &Sprint)> = sprints
        .values()
        .filter_map(|s| {
            let start = s.start?;
            let end = s.complete.or(s.end)?;
            (s.state == "closed" && end <= period_end).then_some((start, end, *s))
        })
        .collect();
    crate::sort::sort_by_key(&mut closed, |(start, _, s)| (*start, s.id));
    let closed = &closed[closed.len().saturating_sub(7)..];
    if scope.history.fields.sprint.is_none() {
        not_available.push("sprints: the site has no sprint field; velocity is per week".into());
    } else if closed.is_empty() {
        not_available.push("sprints: no closed sprint ends by the period's end; velocity is per week".into());
    }
    if scope.history.fields.sprint.is_some() && !closed.is_empty() {
        // The items each closed sprint concerns: in it now, or named by a sprint change (one pass).
        let wanted: BTreeSet<i64> = crate::sort::collect_set(closed.iter().map(|(_, _, s)| s.id));
        let mut members: BTreeMap<i64, Vec<&Item<'_>>> = BTreeMap::new();
        for item in scope.flow_items() {
            let mut ids: BTreeSet<i64> = crate::sort::collect_set(item.issue.sprints.iter().map(|s| s.id));
            for c in item.issue.changes.iter().filter(|c| c.field == Field::Sprint) {
                ids.extend(
                    [&c.from, &c.to]
                        .into_iter()
                        .flatten()
                        .flat_map(|v| v.split(','))
                        .filter_map(|s| s.trim().parse::<i64>().ok()),
                );
            }
            for id in ids.intersection(&wanted) {
                members.entry(*id).or_default().push(item);
            }
        }
        let rows: Vec<SprintVelocity> = closed
            .iter()
            .map(|&(start, end, sprint)| {
                let items = members.remove(&sprint.id).unwrap_or_default();
                sprint_velocity(scope, unit, sprint, start, end, items)
            })
            .collect();
        let average = Some(rows.iter().map(|r| r.completed).sum::<f64>() / rows.len() as f64);
        return Velocity {
            basis: VelocityBasis::Sprint,
            unit,
            sprints: rows,
            weeks: Vec::new(),
            average,
            not_available,
        };
    }
    let weeks = scope.weeks();
    let mut rows: Vec<WeekVelocity> =
        weeks.iter().map(|&w| WeekVelocity { week_start: format_day(w), issues: 0, estimate: 0.0 }).collect();
    for item in done_in_period(scope, true) {
        let Some(day) = item.done_day else { continue };
        if let Some(w) = weeks.partition_point(|&w| w <= day).checked_sub(1) {
            rows[w].issues += 1;
            rows[w].estimate += estimate_now(item.issue, unit).unwrap_or(0.0);
        }
    }
    let average = (!rows.is_empty()).then(|| rows.iter().map(|r| r.estimate).sum::<f64>() / rows.len() as f64);
    Velocity { basis: VelocityBasis::Week, unit, sprints: Vec::new(), weeks: rows, average, not_available }
}

/// One sprint's row, from the items it concerns.
fn sprint_velocity(
    scope: &Scope<'_>,
    unit: EstimateUnit,
    sprint: &Sprint,
    start: Millis,
    end: Millis,
    mut items: Vec<&Item<'_>>,
) -> SprintVelocity {
    let mut row = SprintVelocity {
        id: sprint.id,
        name: sprint.name.clone(),
        start: format_day(scope.cal.day(start)),
        end: format_day(scope.cal.day(end)),
        ..SprintVelocity::default()
    };
    crate::sort::sort_by(&mut items, |a, b| a.issue.key.cmp(&b.issue.key));
    for item in items {
        let key = &item.issue.key;
        let at_start = sprints_at(item.issue, start).contains(&sprint.id);
        let at_end = sprints_at(item.issue, end).contains(&sprint.id);
        if at_start {
            row.commitment += estimate_at(item.issue, unit, start).unwrap_or(0.0);
            row.committed_issues.push(key.clone());
        }
        if at_end && done_at(item, end) {
            row.completed += estimate_at(item.issue, unit, end).unwrap_or(0.0);
            row.completed_issues.push(key.clone());
        }
        if at_end && !at_start {
            row.added.push(key.clone());
        }
        if at_start && !at_end {
            row.removed.push(key.clone());
        }
    }
    row
}
