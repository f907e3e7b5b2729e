//! Automation efficiency: what the rules and the assistance did in the period, from the site's
//! [`ActivityRecord`](super::activity::ActivityRecord).
//!
//! Definitions (local days of the Jira user's zone; an entry counts on the day its instant falls on):
//! - **Firings** per rule, per week and in the period. A firing **succeeded** when every one of its actions
//!   was carried out (`ok`); **success rate** = succeeded ÷ firings. **Failed actions** are counted by kind
//!   (`skipped` actions are neither failed nor ok: the firing did not succeed either).
//! - **Issues created from detected tasks**: count (by the built-in rules and by the model), and their share of
//!   every issue of the scope created in the period (from the history; `null` when it knows none).
//! - **Suggestion acceptance** per field: offered = reviews; acceptance rate = (accepted + edited) ÷ offered;
//!   accepted as is = accepted ÷ offered.
//! - Scope: with a project, only entries of that project's keys; with an epic or fix version, only entries of
//!   the issues in scope. No record at all: `notAvailable` says so and every list is empty (nothing fails).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::activity::{ActionOutcome, ActivityRecord, Detector, ReviewOutcome};
use super::calendar::format_day;
use super::scope::Scope;
use crate::sort::CollectOrdered as _;

/// The automation section of the metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutomationMetrics {
    /// Why there are no figures (no record), or `None`.
    pub not_available: Option<String>,
    /// The first days of the period's weeks (the `perWeek` columns).
    pub weeks: Vec<String>,
    /// Firings in the period, all rules.
    pub firings: u32,
    /// Firings whose actions all succeeded.
    pub succeeded: u32,
    /// `succeeded ÷ firings` (`null` without firings).
    pub success_rate: Option<f64>,
    /// Failed actions by kind, all rules.
    pub failed_actions: Vec<KindCount>,
    /// Per rule, by name.
    pub rules: Vec<RuleEfficiency>,
    /// Issues created from detected tasks.
    pub created: CreatedFromTasks,
    /// Suggestion reviews per field, by field name.
    pub suggestions: Vec<FieldAcceptance>,
}

/// One rule's firings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RuleEfficiency {
    /// The rule's name.
    pub rule: String,
    /// Firings in the period.
    pub firings: u32,
    /// Firings per week (`weeks[i]`), the period's days only.
    pub per_week: Vec<u32>,
    /// Firings whose actions all succeeded.
    pub succeeded: u32,
    /// `succeeded ÷ firings`.
    pub success_rate: Option<f64>,
    /// Failed actions by kind.
    pub failed_actions: Vec<KindCount>,
    /// Issues it fired on (distinct, in key order).
    pub issues: Vec<String>,
}

/// A count per action kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KindCount {
    /// The action kind.
    pub kind: String,
    /// How many.
    pub count: u32,
}

/// Issues created from detected tasks in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreatedFromTasks {
    /// All of them.
    pub count: u32,
    /// Found by the built-in rules.
    pub by_rules: u32,
    /// Found by the model.
    pub by_model: u32,
    /// Issues of the scope created in the period (from the history).
    pub created_in_period: u32,
    /// `count ÷ createdInPeriod` (`null` when the history knows none).
    pub share: Option<f64>,
    /// Their keys.
    pub issues: Vec<String>,
}

/// Reviews of one field's suggestions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldAcceptance {
    /// The field.
    pub field: String,
    /// Suggestions reviewed.
    pub offered: u32,
    /// Taken as offered.
    pub accepted: u32,
    /// Taken after a change.
    pub edited: u32,
    /// Not taken.
    pub rejected: u32,
    /// `(accepted + edited) ÷ offered`.
    pub acceptance_rate: Option<f64>,
    /// `accepted ÷ offered`.
    pub accepted_as_is: Option<f64>,
}

/// The share `n ÷ d`, `None` when `d` is 0.
fn rate(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n) / f64::from(d))
}

/// Counts per kind into a list by kind.
fn kind_counts(map: BTreeMap<String, u32>) -> Vec<KindCount> {
    map.into_iter().map(|(kind, count)| KindCount { kind, count }).collect()
}

/// The automation metrics of `record` (none: not available) over the scope's period.
pub fn automation(scope: &Scope<'_>, record: Option<&ActivityRecord>) -> AutomationMetrics {
    let weeks = scope.weeks();
    let Some(record) = record else {
        let why = "no record of automation or assistance yet (it is kept from the first sync with rules, created task or reviewed suggestion on)";
        return AutomationMetrics { not_available: Some(why.to_owned()), ..AutomationMetrics::default() };
    };
    let config = scope.config;
    let narrowed = config.epic.is_some() || config.fix_version.is_some();
    let scoped_keys = narrowed.then(|| scope.items.iter().map(|i| i.issue.key.as_str()).collect_set());
    let in_scope = |key: &str| {
        let project = key.rsplit_once('-').map_or(key, |(p, _)| p);
        (config.projects.is_empty() || config.projects.iter().any(|p| p.eq_ignore_ascii_case(project)))
            && scoped_keys.as_ref().is_none_or(|keys| keys.contains(key))
    };
    let counted = |at, key: &str| scope.in_period(scope.cal.day(at)) && in_scope(key);

    let mut out = AutomationMetrics { weeks: weeks.iter().map(|&w| format_day(w)).collect(), ..Default::default() };
    let mut rules: BTreeMap<&str, (RuleEfficiency, BTreeMap<String, u32>)> = BTreeMap::new();
    let mut failed_all: BTreeMap<String, u32> = BTreeMap::new();
    for f in record.firings.iter().filter(|f| counted(f.at, &f.key)) {
        let (rule, failed) = rules.entry(f.rule.as_str()).or_insert_with(|| {
            let r = RuleEfficiency { rule: f.rule.clone(), per_week: vec![0; weeks.len()], ..Default::default() };
            (r, BTreeMap::new())
        });
        let ok = f.actions.iter().all(|a| a.outcome == ActionOutcome::Ok);
        rule.firings += 1;
        rule.succeeded += u32::from(ok);
        let week = scope.cal.week_of(scope.cal.day(f.at));
        if let Some(i) = weeks.iter().position(|&w| w == week) {
            rule.per_week[i] += 1;
        }
        if !rule.issues.contains(&f.key) {
            rule.issues.push(f.key.clone());
        }
        for a in f.actions.iter().filter(|a| a.outcome == ActionOutcome::Failed) {
            *failed.entry(a.kind.clone()).or_default() += 1;
            *failed_all.entry(a.kind.clone()).or_default() += 1;
        }
        out.firings += 1;
        out.succeeded += u32::from(ok);
    }
    out.success_rate = rate(out.succeeded, out.firings);
    out.failed_actions = kind_counts(failed_all);
    out.rules = rules
        .into_values()
        .map(|(mut r, failed)| {
            r.success_rate = rate(r.succeeded, r.firings);
            r.failed_actions = kind_counts(failed);
            crate::sort::sort(&mut r.issues);
            r
        })
        .collect();

    let created = &mut out.created;
    for c in record.created.iter().filter(|c| counted(c.at, &c.key)) {
        created.count += 1;
        match c.by {
            Detector::Rules => created.by_rules += 1,
            Detector::Model => created.by_model += 1,
        }
        created.issues.push(c.key.clone());
    }
    created.created_in_period = scope.items.iter().filter(|i| scope.in_period(scope.cal.day(i.issue.created))).count() as u32;
    created.share = rate(created.count, created.created_in_period);

    let mut fields: BTreeMap<&str, FieldAcceptance> = BTreeMap::new();
    for r in record.reviews.iter().filter(|r| counted(r.at, &r.key)) {
        let f = fields.entry(r.field.as_str()).or_insert_with(|| FieldAcceptance { field: r.field.clone(), ..Default::default() });
        f.offered += 1;
        match r.outcome {
            ReviewOutcome::Accepted => f.accepted += 1,
            ReviewOutcome::Edited => f.edited += 1,
            ReviewOutcome::Rejected => f.rejected += 1,
        }
    }
    out.suggestions = fields
        .into_values()
        .map(|mut f| {
            f.acceptance_rate = rate(f.accepted + f.edited, f.offered);
            f.accepted_as_is = rate(f.accepted, f.offered);
            f
        })
        .collect();
    out
}
