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

use serde::Serialize;

/// Estimate accuracy over the issues done in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default Estimates {
    issues: "issues",
    overall: "overall",
    by_type: "byType",
    by_person: "byPerson",
    suggested: "suggested",
    human: "human",
    unestimated: "unestimated",
});

/// One done issue's estimate and time spent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default IssueEstimate {
    key: "key",
    issue_type: "issueType",
    assignee: "assignee",
    estimate_hours: "estimateHours",
    spent_hours: "spentHours",
    ratio: "ratio",
    suggested: "suggested",
});

/// Accuracy of a group of estimates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default Accuracy {
    count: "count",
    within20: "within20",
    bias: "bias",
    mean_ratio: "meanRatio",
    estimate_hours: "estimateHours",
    spent_hours: "spentHours",
});

/// Accuracy of one issue type or person.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupAccuracy {
    /// Issue type name, or the person's account id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Accuracy.
    pub accuracy: Accuracy,
}

crate::json_objects::json_object!(default GroupAccuracy { id: "id", name: "name", accuracy: "accuracy" });

use std::collections::BTreeMap;

use super::cycle::done_in_period;
use super::scope::Scope;
use super::stats::{hours, mean, median};

/// Accuracy of a list of estimates.
fn accuracy(issues: &[&IssueEstimate]) -> Accuracy {
    let ratios: Vec<f64> = issues.iter().map(|i| i.ratio).collect();
    let within = ratios.iter().filter(|r| (0.8..=1.2).contains(*r)).count();
    Accuracy {
        count: issues.len(),
        within20: (!issues.is_empty()).then(|| within as f64 / issues.len() as f64),
        bias: median(&ratios),
        mean_ratio: mean(&ratios),
        estimate_hours: issues.iter().map(|i| i.estimate_hours).sum(),
        spent_hours: issues.iter().map(|i| i.spent_hours).sum(),
    }
}

/// Estimate accuracy (see the module docs).
pub fn estimates(scope: &Scope<'_>) -> Estimates {
    let mut out = Estimates::default();
    for item in done_in_period(scope, false) {
        let issue = item.issue;
        match issue.original_estimate.filter(|&e| e > 0) {
            None => out.unestimated.push(issue.key.clone()),
            Some(estimate) => {
                let spent = issue.time_spent.unwrap_or(0).max(0);
                out.issues.push(IssueEstimate {
                    key: issue.key.clone(),
                    issue_type: issue.issue_type.clone(),
                    assignee: issue.assignee.clone(),
                    estimate_hours: hours(estimate),
                    spent_hours: hours(spent),
                    ratio: spent as f64 / estimate as f64,
                    suggested: issue.suggested_estimate,
                });
            }
        }
    }
    let all: Vec<&IssueEstimate> = out.issues.iter().collect();
    out.overall = accuracy(&all);
    out.suggested = accuracy(&all.iter().copied().filter(|i| i.suggested).collect::<Vec<_>>());
    out.human = accuracy(&all.iter().copied().filter(|i| !i.suggested).collect::<Vec<_>>());
    let mut by_type: BTreeMap<&str, Vec<&IssueEstimate>> = BTreeMap::new();
    let mut by_person: BTreeMap<(String, &str), Vec<&IssueEstimate>> = BTreeMap::new();
    for i in &all {
        by_type.entry(i.issue_type.as_str()).or_default().push(i);
        let id = i.assignee.as_deref().unwrap_or("");
        by_person.entry((person_name(scope, id), id)).or_default().push(i);
    }
    out.by_type = by_type
        .into_iter()
        .map(|(t, v)| GroupAccuracy { id: t.to_owned(), name: t.to_owned(), accuracy: accuracy(&v) })
        .collect();
    out.by_person = by_person
        .into_iter()
        .map(|((name, id), v)| GroupAccuracy { id: id.to_owned(), name, accuracy: accuracy(&v) })
        .collect();
    out
}

/// A person's display name ("Unassigned" for none; the id when the name is unknown).
pub(crate) fn person_name(scope: &Scope<'_>, id: &str) -> String {
    if id.is_empty() {
        return "Unassigned".to_owned();
    }
    match scope.history.users.get(id) {
        Some(u) if !u.name.is_empty() => u.name.clone(),
        _ => id.to_owned(),
    }
}
