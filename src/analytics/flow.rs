//! Flow: work in progress per day, throughput per week, created vs resolved, cumulative flow.
//!
//! Definitions (population: in-scope issues, see [`super::scope`]):
//! - A day's values are sampled at the *end* of the local day (the instant of the next local midnight,
//!   exclusive): the state an issue is in when the day is over.
//! - **WIP** of a day: issues whose status at the end of the day is an "in progress" status (the same set as
//!   cycle time).
//! - **Throughput** of a week: issues done (see [`super::cycle`]) on a day of that week within the period.
//! - **Created vs resolved** per week: issues created / done on days of the week within the period, with the
//!   running totals from the start of the period (Jira's cumulative created vs resolved chart).
//! - **Cumulative flow** per day: for each status (ordered To Do, In Progress, Done category, then name), the
//!   issues in it at the end of the day. Issues not yet created count nowhere.
//! - Weeks start on the configured day (Monday by default); a week is listed by its first day, even when that
//!   day lies before the period start (its counts only include days of the period).

use serde::{Deserialize, Serialize};

use crate::history::StatusCategory;

/// Flow metrics over the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// A count on a local day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Count.
    pub count: u32,
}

/// A count in a week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekCount {
    /// First day of the week, `YYYY-MM-DD`.
    pub week_start: String,
    /// Count.
    pub count: u32,
}

/// Created vs resolved in one week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// Cumulative flow: one column per status, one row per day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CumulativeFlow {
    /// The statuses, in column order.
    pub statuses: Vec<StatusRef>,
    /// One row per day.
    pub days: Vec<FlowDay>,
}

/// A status column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusRef {
    /// Status id.
    pub id: String,
    /// Current name.
    pub name: String,
    /// Category.
    pub category: StatusCategory,
}

/// Issues per status at the end of a day (`counts[i]` is for `statuses[i]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Counts, in the order of [`CumulativeFlow::statuses`].
    pub counts: Vec<u32>,
}
