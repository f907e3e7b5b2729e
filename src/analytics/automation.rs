//! Automation efficiency: what the rules and the assistance did in the period, from the site's
//! [`ActivityRecord`] kept by the shell (`activity.rs`).
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

use serde::Serialize;

use super::activity::{ActionOutcome, ActivityRecord, Detector, ReviewOutcome};
use super::calendar::format_day;
use super::scope::Scope;
use crate::sort::CollectOrdered as _;

/// The automation section of the metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default AutomationMetrics {
    not_available: "notAvailable",
    weeks: "weeks",
    firings: "firings",
    succeeded: "succeeded",
    success_rate: "successRate",
    failed_actions: "failedActions",
    rules: "rules",
    created: "created",
    suggestions: "suggestions",
});

/// One rule's firings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default RuleEfficiency {
    rule: "rule",
    firings: "firings",
    per_week: "perWeek",
    succeeded: "succeeded",
    success_rate: "successRate",
    failed_actions: "failedActions",
    issues: "issues",
});

/// A count per action kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KindCount {
    /// The action kind.
    pub kind: String,
    /// How many.
    pub count: u32,
}

crate::json_objects::json_object!(default KindCount { kind: "kind", count: "count" });

/// Issues created from detected tasks in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default CreatedFromTasks {
    count: "count",
    by_rules: "byRules",
    by_model: "byModel",
    created_in_period: "createdInPeriod",
    share: "share",
    issues: "issues",
});

/// Reviews of one field's suggestions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

crate::json_objects::json_object!(default FieldAcceptance {
    field: "field",
    offered: "offered",
    accepted: "accepted",
    edited: "edited",
    rejected: "rejected",
    acceptance_rate: "acceptanceRate",
    accepted_as_is: "acceptedAsIs",
});

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
    created.created_in_period =
        scope.items.iter().filter(|i| scope.in_period(scope.cal.day(i.issue.created))).count() as u32;
    created.share = rate(created.count, created.created_in_period);

    let mut fields: BTreeMap<&str, FieldAcceptance> = BTreeMap::new();
    for r in record.reviews.iter().filter(|r| counted(r.at, &r.key)) {
        let f = fields
            .entry(r.field.as_str())
            .or_insert_with(|| FieldAcceptance { field: r.field.clone(), ..Default::default() });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::activity::{ActionEntry, CreatedEntry, FiringEntry, ReviewEntry};
    use crate::analytics::{AnalyticsConfig, OffsetSpan, Period};
    use crate::history::{IssueHistory, SiteHistory};

    const H: i64 = 3_600_000;
    // 2026-03-02T00:00Z, a Monday.
    const MON: i64 = 1_772_409_600_000;

    fn act(kind: &str, outcome: ActionOutcome) -> ActionEntry {
        ActionEntry { kind: kind.into(), outcome }
    }

    fn firing(at: i64, rule: &str, key: &str, actions: Vec<ActionEntry>) -> FiringEntry {
        FiringEntry { at, rule: rule.into(), key: key.into(), actions }
    }

    fn review(at: i64, field: &str, outcome: ReviewOutcome) -> ReviewEntry {
        ReviewEntry { at, key: "OPS-1".into(), field: field.into(), offered: "model".into(), outcome }
    }

    fn record() -> ActivityRecord {
        use ActionOutcome::{Failed, Ok, Skipped};
        ActivityRecord {
            version: 1,
            firings: vec![
                // Before the period: not counted.
                firing(MON - 24 * H, "Escalate", "OPS-1", vec![act("comment", Ok)]),
                firing(MON + 10 * H, "Escalate", "OPS-1", vec![act("comment", Ok), act("move-to", Ok)]),
                firing(MON + 30 * H, "Escalate", "OPS-2", vec![act("comment", Failed), act("move-to", Ok)]),
                firing(MON + 7 * 24 * H, "Escalate", "OPS-3", vec![act("comment", Ok), act("move-to", Failed)]),
                firing(MON + 8 * 24 * H, "Tag", "WEB-1", vec![act("set", Ok)]),
                firing(MON + 9 * 24 * H, "Tag", "OPS-4", vec![act("set", Skipped)]),
            ],
            created: vec![
                CreatedEntry { at: MON + H, key: "OPS-5".into(), by: Detector::Rules },
                CreatedEntry { at: MON + 2 * H, key: "OPS-6".into(), by: Detector::Model },
            ],
            reviews: vec![
                review(MON + H, "priority", ReviewOutcome::Accepted),
                review(MON + H, "priority", ReviewOutcome::Edited),
                review(MON + H, "priority", ReviewOutcome::Rejected),
                review(MON + H, "estimate", ReviewOutcome::Rejected),
            ],
        }
    }

    fn history(created: &[(&str, i64)]) -> SiteHistory {
        let mut h = SiteHistory::default();
        for (i, (key, at)) in created.iter().enumerate() {
            let project = key.split('-').next().unwrap_or_default().to_owned();
            let issue =
                IssueHistory { id: i.to_string(), key: (*key).into(), project, created: *at, ..Default::default() };
            h.issues.insert(issue.id.clone(), issue);
        }
        h
    }

    fn metrics(history: &SiteHistory, config: &AnalyticsConfig, record: Option<&ActivityRecord>) -> AutomationMetrics {
        let period = Period { from: "2026-03-02".into(), to: "2026-03-15".into() };
        let scope = Scope::new(history, config, MON + 14 * 24 * H, &period);
        automation(&scope, record)
    }

    #[test]
    fn firings_success_rates_and_failed_actions_per_rule_and_week() {
        let h = history(&[("OPS-5", MON + H), ("OPS-6", MON + 2 * H), ("OPS-7", MON + 3 * H), ("OPS-8", MON - 48 * H)]);
        let m = metrics(&h, &AnalyticsConfig::default(), Some(&record()));
        assert_eq!(m.not_available, None);
        assert_eq!(m.weeks, ["2026-03-02", "2026-03-09"]);
        assert_eq!((m.firings, m.succeeded, m.success_rate), (5, 2, Some(0.4)));
        let kinds = |l: &[KindCount]| l.iter().map(|k| (k.kind.clone(), k.count)).collect::<Vec<_>>();
        assert_eq!(kinds(&m.failed_actions), [("comment".to_owned(), 1), ("move-to".to_owned(), 1)]);
        let escalate = &m.rules[0];
        assert_eq!((escalate.rule.as_str(), escalate.firings, escalate.succeeded), ("Escalate", 3, 1));
        assert_eq!(escalate.per_week, [2, 1]);
        assert_eq!(escalate.success_rate, Some(1.0 / 3.0));
        assert_eq!(escalate.issues, ["OPS-1", "OPS-2", "OPS-3"]);
        // A skipped action is not a failure, but the firing did not succeed.
        let tag = &m.rules[1];
        assert_eq!((tag.firings, tag.succeeded, tag.per_week.clone()), (2, 1, vec![0, 2]));
        assert!(tag.failed_actions.is_empty());
        // 2 of the 3 issues created in the period came from detected tasks.
        let c = &m.created;
        assert_eq!((c.count, c.by_rules, c.by_model, c.created_in_period), (2, 1, 1, 3));
        assert_eq!(c.share, Some(2.0 / 3.0));
        let p = &m.suggestions[1];
        assert_eq!((p.field.as_str(), p.offered, p.accepted, p.edited, p.rejected), ("priority", 3, 1, 1, 1));
        assert_eq!((p.acceptance_rate, p.accepted_as_is), (Some(2.0 / 3.0), Some(1.0 / 3.0)));
        let e = &m.suggestions[0];
        assert_eq!((e.field.as_str(), e.acceptance_rate, e.accepted_as_is), ("estimate", Some(0.0), Some(0.0)));
    }

    #[test]
    fn a_project_narrows_the_entries_and_days_follow_the_zone() {
        let config = AnalyticsConfig { projects: vec!["WEB".into()], ..AnalyticsConfig::default() };
        let m = metrics(&SiteHistory::default(), &config, Some(&record()));
        assert_eq!((m.firings, m.rules.len(), m.created.count, m.created.share), (1, 1, 0, None));
        assert!(m.suggestions.is_empty());
        // At UTC−12 the period starts at 2026-03-02T12:00Z: the firing at 10:00Z is on Sunday, out of it; the one
        // at 2026-03-09T00:00Z is on Sunday 03-08, in the first week.
        let zone = vec![OffsetSpan { from: 0, offset_minutes: -12 * 60 }];
        let config = AnalyticsConfig { zone, ..AnalyticsConfig::default() };
        let m = metrics(&SiteHistory::default(), &config, Some(&record()));
        assert_eq!((m.firings, m.rules[0].per_week.clone()), (4, vec![2, 0]));
    }

    #[test]
    fn no_record_is_not_available_and_nothing_fails() {
        let m = metrics(&SiteHistory::default(), &AnalyticsConfig::default(), None);
        assert!(m.not_available.is_some());
        assert!(m.rules.is_empty() && m.suggestions.is_empty());
        assert_eq!(m.success_rate, None);
        let empty = metrics(&SiteHistory::default(), &AnalyticsConfig::default(), Some(&ActivityRecord::default()));
        assert_eq!((empty.not_available, empty.firings, empty.success_rate), (None, 0, None));
    }
}
