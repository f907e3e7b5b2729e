//! Analytics against golden histories with hand-computed numbers (issue #14): reopened issues, an issue
//! moved between projects, unestimated issues, sub-tasks, a renamed status, DST switches and users in other
//! zones, sprints with issues added and removed mid-sprint, Jira's configured hours per day. Every expected
//! number is worked out in the comments.

#![allow(clippy::unwrap_used)]

use jira_vault_sync::analytics::{
    AnalyticsConfig, EstimateUnit, InsightKind, Metrics, OffsetSpan, Period, Team, VelocityBasis, Worklog,
    compute_metrics,
};
use jira_vault_sync::history::{
    Change, Field, HistoryFields, IssueHistory, Millis, SiteHistory, Sprint, StatusCategory, StatusInfo, UserInfo,
};

/// A UTC instant `YYYY-MM-DDTHH:MM`.
fn t(s: &str) -> Millis {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap().and_utc().timestamp_millis()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        assert!(close(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

fn status(at: &str, from: &str, to: &str) -> Change {
    Change {
        at: t(at),
        author: None,
        field: Field::Status,
        from: Some(from.into()),
        from_string: None,
        to: Some(to.into()),
        to_string: None,
    }
}

fn change(at: &str, field: Field, from: Option<&str>, to: Option<&str>) -> Change {
    Change {
        at: t(at),
        author: None,
        field,
        from: from.map(Into::into),
        from_string: None,
        to: to.map(Into::into),
        to_string: None,
    }
}

fn issue(key: &str, kind: &str, created: &str, status: &str, changes: Vec<Change>) -> IssueHistory {
    IssueHistory {
        id: format!("id-{key}"),
        key: key.into(),
        project: key.split('-').next().unwrap().into(),
        issue_type: kind.into(),
        created: t(created),
        status: status.into(),
        changes,
        ..IssueHistory::default()
    }
}

fn statuses() -> std::collections::BTreeMap<String, StatusInfo> {
    [
        ("1", "To Do", StatusCategory::ToDo),
        ("3", "In Progress", StatusCategory::InProgress),
        // Renamed from "Code Review" (the changelog still says so); grouped by id, shown by its current name.
        ("10", "Review", StatusCategory::InProgress),
        ("5", "Done", StatusCategory::Done),
        ("6", "Closed", StatusCategory::Done),
    ]
    .into_iter()
    .map(|(id, name, category)| (id.to_owned(), StatusInfo { name: name.into(), category }))
    .collect()
}

/// Project A, UTC, period Monday 2026-03-02 to Sunday 2026-03-15, now Monday 2026-03-16 12:00.
fn project_a() -> SiteHistory {
    let mut issues = Vec::new();
    // A-1 Story: To Do 1 h, in progress 24 h, done 03-03 10:00. Lead 25 h. Estimate 8 h, spent 12 h → 1.5.
    let mut a1 = issue(
        "A-1",
        "Story",
        "2026-03-02T09:00",
        "5",
        vec![status("2026-03-02T10:00", "1", "3"), status("2026-03-03T10:00", "3", "5")],
    );
    a1.resolved = Some(t("2026-03-03T10:00"));
    (a1.original_estimate, a1.time_spent, a1.assignee) = (Some(8 * 3600), Some(12 * 3600), Some("alice".into()));
    issues.push(a1);
    // A-2 Bug, reopened: To Do 24 h; in progress 12 h; Done 36 h; reopened: in progress 6 h; done 03-05 14:00.
    // Cycle 12 + 6 = 18 h, reopened once. Lead 03-02 08:00 → 03-05 14:00 = 78 h. No estimate.
    let mut a2 = issue(
        "A-2",
        "Bug",
        "2026-03-02T08:00",
        "5",
        vec![
            status("2026-03-03T08:00", "1", "3"),
            status("2026-03-03T20:00", "3", "5"),
            status("2026-03-05T08:00", "5", "3"),
            status("2026-03-05T14:00", "3", "5"),
        ],
    );
    a2.resolved = Some(t("2026-03-05T14:00"));
    issues.push(a2);
    // A-3 Story, moved from OLD-7 and through the renamed status: To Do 1 h, In Progress 24 h, Review 18 h.
    // Cycle 42 h; lead 03-04 09:00 → 03-06 04:00 = 43 h. Estimate 16 h, spent 20 h → 1.25.
    let mut review = status("2026-03-05T10:00", "3", "10");
    review.to_string = Some("Code Review".into());
    let mut a3 = issue(
        "A-3",
        "Story",
        "2026-03-04T09:00",
        "5",
        vec![
            status("2026-03-04T10:00", "1", "3"),
            change("2026-03-04T12:00", Field::Project, Some("20"), Some("10")),
            change("2026-03-04T12:00", Field::Key, Some("OLD-7"), Some("A-3")),
            review,
            status("2026-03-06T04:00", "10", "5"),
        ],
    );
    a3.resolved = Some(t("2026-03-06T04:00"));
    (a3.original_estimate, a3.time_spent, a3.assignee) = (Some(16 * 3600), Some(20 * 3600), Some("bob".into()));
    issues.push(a3);
    // A-4 Sub-task of A-1: not in cycle time or flow (sub-tasks excluded by default); in estimates:
    // estimate 4 h, spent 3 h → 0.75.
    let mut a4 = issue(
        "A-4",
        "Sub-task",
        "2026-03-09T08:00",
        "5",
        vec![status("2026-03-09T09:00", "1", "3"), status("2026-03-09T17:00", "3", "5")],
    );
    (a4.subtask, a4.parent, a4.resolved) = (true, Some("A-1".into()), Some(t("2026-03-09T17:00")));
    (a4.original_estimate, a4.time_spent, a4.assignee) = (Some(4 * 3600), Some(3 * 3600), Some("alice".into()));
    issues.push(a4);
    // A-5 Story: To Do 24 h, In Progress 24 h, Review 48 h, Done 03-13 09:00, Closed 03-14 09:00 (still done
    // since 03-13). Cycle 72 h; lead 03-09 09:00 → 03-13 09:00 = 96 h. Suggested estimate 20 h, spent 22 h → 1.1.
    let mut a5 = issue(
        "A-5",
        "Story",
        "2026-03-09T09:00",
        "6",
        vec![
            status("2026-03-10T09:00", "1", "3"),
            status("2026-03-11T09:00", "3", "10"),
            status("2026-03-13T09:00", "10", "5"),
            status("2026-03-14T09:00", "5", "6"),
        ],
    );
    a5.resolved = Some(t("2026-03-13T09:00"));
    (a5.original_estimate, a5.time_spent, a5.suggested_estimate) = (Some(20 * 3600), Some(22 * 3600), true);
    issues.push(a5);
    // A-6 Story, open: in progress since 03-12 00:00, 108 h by now (aging: beyond P95 = 67.5 h).
    issues.push(issue("A-6", "Story", "2026-03-11T00:00", "3", vec![status("2026-03-12T00:00", "1", "3")]));
    // A-7 Story, open, To Do.
    issues.push(issue("A-7", "Story", "2026-03-10T12:00", "1", vec![]));
    SiteHistory {
        statuses: statuses(),
        users: [("alice", "Alice"), ("bob", "Bob")]
            .into_iter()
            .map(|(id, name)| (id.to_owned(), UserInfo { name: name.into(), zone: None }))
            .collect(),
        issues: issues.into_iter().map(|i| (i.id.clone(), i)).collect(),
        ..SiteHistory::default()
    }
}

fn period(from: &str, to: &str) -> Period {
    Period { from: from.into(), to: to.into() }
}

fn metrics_a() -> Metrics {
    compute_metrics(
        &project_a(),
        &[],
        &AnalyticsConfig::default(),
        t("2026-03-16T12:00"),
        &period("2026-03-02", "2026-03-15"),
    )
}

mod estimates_and_flow;
mod forecast;
mod reports_batch;
mod time_zones;
mod velocity_and_progress;
