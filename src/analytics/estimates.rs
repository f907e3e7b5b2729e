//! Estimate accuracy.
//!
//! Definitions (population: in-scope issues done in the period, sub-tasks included — each has its own
//! estimate and time):
//! - **Ratio** of a done issue = time spent ÷ original estimate (Jira's `timespent` and
//!   `timeoriginalestimate`, the issue's own, not the sum with its sub-tasks). Issues without an original
//!   estimate (or with 0) are *unestimated* and only counted; an estimated issue with no time spent has ratio 0.
//! - **Within ±20 %**: the share of ratios in `[0.8, 1.2]`.
//! - **Bias**: the median ratio (above 1: work takes longer than estimated).
//! - Grouped per issue type, per person (current assignee; "Unassigned" otherwise), and by the estimate's
//!   origin: the product's suggestion (`suggested_estimate`) or a person's.

use serde::{Deserialize, Serialize};

/// Estimate accuracy over the issues done in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Estimates {
    /// Per estimated done issue.
    pub issues: Vec<IssueEstimate>,
    /// Over all estimated done issues.
    pub overall: Accuracy,
    /// Per issue type, by name.
    pub by_type: Vec<GroupAccuracy>,
    /// Per person (assignee), by name.
    pub by_person: Vec<GroupAccuracy>,
    /// Estimates suggested by the product.
    pub suggested: Accuracy,
    /// Estimates made by people.
    pub human: Accuracy,
    /// Done issues without an original estimate.
    pub unestimated: Vec<String>,
}

/// One done issue's estimate and time spent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueEstimate {
    /// Current key.
    pub key: String,
    /// Issue type name.
    pub issue_type: String,
    /// Assignee's account id.
    pub assignee: Option<String>,
    /// Original estimate, hours.
    pub estimate_hours: f64,
    /// Time spent, hours.
    pub spent_hours: f64,
    /// Spent ÷ estimate.
    pub ratio: f64,
    /// Whether the estimate was the product's suggestion.
    pub suggested: bool,
}

/// Accuracy of a group of estimates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Accuracy {
    /// Estimated issues.
    pub count: usize,
    /// Share (0–1) of ratios within ±20 %.
    pub within20: Option<f64>,
    /// Median ratio.
    pub bias: Option<f64>,
    /// Mean ratio.
    pub mean_ratio: Option<f64>,
    /// Sum of estimates, hours.
    pub estimate_hours: f64,
    /// Sum of time spent, hours.
    pub spent_hours: f64,
}

/// Accuracy of one issue type or person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupAccuracy {
    /// Issue type name, or the person's account id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Accuracy.
    pub accuracy: Accuracy,
}
