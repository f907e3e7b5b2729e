//! Time: logged time per person, team, project and week; utilisation; actual vs estimated.
//!
//! Definitions:
//! - A worklog belongs to the local day (Jira user's zone) of its `started` instant, whatever the author's
//!   own zone; only worklogs on days of the period count. Worklogs of every issue count (sub-tasks too);
//!   with a project or epic scope, only worklogs of in-scope issues.
//! - **Capacity** of a person over the period = working days of the period (configured weekdays, minus
//!   holidays) × Jira's configured hours per day. A team's capacity is the sum over its members.
//! - **Utilisation** = logged ÷ capacity (`None` when the capacity is 0).
//! - **Actual vs estimated** per issue: the issues with worklogs in the period; actual = the issue's total
//!   time spent (Jira's `timespent`), estimated = its original estimate; per project the sums.
//! - A person is listed when they logged time in the period or belong to a team.

use serde::{Deserialize, Serialize};

/// Time metrics over the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TimeMetrics {
    /// Working days in the period.
    pub working_days: u32,
    /// Capacity per person, hours.
    pub capacity_hours_per_person: f64,
    /// Total logged, hours.
    pub total_hours: f64,
    /// Per person, by name.
    pub people: Vec<PersonTime>,
    /// Per team, in configured order.
    pub teams: Vec<TeamTime>,
    /// Per project, by key.
    pub projects: Vec<ProjectTime>,
    /// Per week.
    pub weeks: Vec<WeekHours>,
    /// Actual vs estimated, per issue with worklogs in the period, by key.
    pub issues: Vec<IssueTime>,
}

/// One person's logged time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonTime {
    /// Account id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Logged, hours.
    pub hours: f64,
    /// Capacity, hours.
    pub capacity_hours: f64,
    /// Logged ÷ capacity.
    pub utilisation: Option<f64>,
}

/// One team's logged time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamTime {
    /// Team name.
    pub name: String,
    /// Members' account ids.
    pub members: Vec<String>,
    /// Logged, hours.
    pub hours: f64,
    /// Capacity, hours.
    pub capacity_hours: f64,
    /// Logged ÷ capacity.
    pub utilisation: Option<f64>,
}

/// One project's logged time and estimates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectTime {
    /// Project key.
    pub project: String,
    /// Logged in the period, hours.
    pub hours: f64,
    /// Sum of the original estimates of its issues in [`TimeMetrics::issues`], hours.
    pub estimate_hours: f64,
    /// Sum of their total time spent, hours.
    pub spent_hours: f64,
}

/// Logged time in one week.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekHours {
    /// First day of the week.
    pub week_start: String,
    /// Logged, hours.
    pub hours: f64,
}

/// One issue's actual vs estimated time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueTime {
    /// Key.
    pub key: String,
    /// Project key.
    pub project: String,
    /// Logged in the period, hours.
    pub logged_hours: f64,
    /// Total time spent, hours.
    pub spent_hours: f64,
    /// Original estimate, hours.
    pub estimate_hours: Option<f64>,
    /// Spent ÷ estimate.
    pub ratio: Option<f64>,
}
