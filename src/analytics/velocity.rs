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

use serde::{Deserialize, Serialize};

/// How velocity was measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VelocityBasis {
    /// Per sprint.
    Sprint,
    /// Per week.
    #[default]
    Week,
}

/// What estimates are summed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EstimateUnit {
    /// Story points.
    StoryPoints,
    /// Original estimate in hours.
    #[default]
    Hours,
}

/// Velocity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// One sprint's commitment and completion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// Issues and estimate done in one week.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekVelocity {
    /// First day of the week.
    pub week_start: String,
    /// Issues done.
    pub issues: u32,
    /// Their estimates' sum (unestimated issues add nothing).
    pub estimate: f64,
}
