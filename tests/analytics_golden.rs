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

#[test]
fn cycle_time_counts_reopened_work_renamed_statuses_and_moved_issues() {
    let m = metrics_a();
    let c = &m.cycle_time;
    assert_eq!(c.statuses, ["10", "3"]);
    let rows: Vec<(&str, f64, u32, &str)> =
        c.issues.iter().map(|i| (i.key.as_str(), i.hours, i.reopened, i.done.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("A-1", 24.0, 0, "2026-03-03"),
            ("A-2", 18.0, 1, "2026-03-05"),
            ("A-3", 42.0, 0, "2026-03-06"),
            ("A-5", 72.0, 0, "2026-03-13"),
        ]
    );
    assert_eq!(c.issues[2].project, "A");
    // Sorted 18, 24, 42, 72: mean 156/4 = 39; median h = 1.5 → 24 + 0.5·18 = 33;
    // P85 h = 2.55 → 42 + 0.55·30 = 58.5; P95 h = 2.85 → 42 + 0.85·30 = 67.5.
    assert_eq!(c.summary.count, 4);
    assert_close!(c.summary.mean.unwrap(), 39.0);
    assert_close!(c.summary.median.unwrap(), 33.0);
    assert_close!(c.summary.p85.unwrap(), 58.5);
    assert_close!(c.summary.p95.unwrap(), 67.5);
    // Window: 20 % of 4 = 0 → at least 5 (odd); half-width 2, cut at the ends:
    // A-1 (24+18+42)/3 = 28; all four = 39; A-5 (18+42+72)/3 = 44.
    assert_eq!(c.rolling_window, 5);
    let rolling: Vec<f64> = c.issues.iter().map(|i| i.rolling_average).collect();
    assert_eq!(rolling, [28.0, 39.0, 39.0, 44.0]);
}

#[test]
fn lead_time_and_time_in_status() {
    let m = metrics_a();
    let lead: Vec<(&str, f64)> = m.lead_time.issues.iter().map(|i| (i.key.as_str(), i.hours)).collect();
    assert_eq!(lead, [("A-1", 25.0), ("A-2", 78.0), ("A-3", 43.0), ("A-5", 96.0)]);
    // Columns: To Do; In Progress and Review (by name); Closed and Done (by name). Closed was never a done
    // issue's status before its done instant, so it has no row.
    let rows: Vec<(&str, &str, f64, usize)> = m
        .time_in_status
        .iter()
        .map(|s| (s.status_id.as_str(), s.name.as_str(), s.total_hours, s.summary.count))
        .collect();
    assert_eq!(
        rows,
        [
            // To Do: A-1 1 + A-2 24 + A-3 1 + A-5 24 = 50.
            ("1", "To Do", 50.0, 4),
            // In Progress: 24 + 18 + 24 + 24 = 90.
            ("3", "In Progress", 90.0, 4),
            // Review (renamed from Code Review): A-3 18 + A-5 48 = 66, median 33.
            ("10", "Review", 66.0, 2),
            // Done before the reopening: A-2 36 h.
            ("5", "Done", 36.0, 1),
        ]
    );
    assert_close!(m.time_in_status[2].summary.median.unwrap(), 33.0);
}

#[test]
fn flow_wip_throughput_created_resolved_and_cumulative_flow() {
    let m = metrics_a();
    // WIP at each day's end (sub-task A-4 excluded): 03-02 A-1; 03-03 none; 03-04 A-3; 03-05 A-3; 03-06..09
    // none; 03-10 A-5; 03-11 A-5; 03-12; 03-13..15 A-6.
    let wip: Vec<u32> = m.flow.wip.iter().map(|d| d.count).collect();
    assert_eq!(wip, [1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 2, 1, 1, 1]);
    assert_eq!(m.flow.wip[0].date, "2026-03-02");
    let tp: Vec<(&str, u32)> = m.flow.throughput.iter().map(|w| (w.week_start.as_str(), w.count)).collect();
    assert_eq!(tp, [("2026-03-02", 3), ("2026-03-09", 1)]);
    // Created, A-3 | A-5, A-6, A-7. Resolved, A-3 | A-5.
    let cr: Vec<(u32, u32, u32, u32)> = m
        .flow
        .created_resolved
        .iter()
        .map(|w| (w.created, w.resolved, w.cumulative_created, w.cumulative_resolved))
        .collect();
    assert_eq!(cr, [(3, 3, 3, 3), (3, 1, 6, 4)]);
    let names: Vec<&str> = m.flow.cumulative_flow.statuses.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["To Do", "In Progress", "Review", "Closed", "Done"]);
    // End of 03-15: To Do A-7; In Progress A-6; Closed A-5; Done.
    assert_eq!(m.flow.cumulative_flow.days.last().unwrap().counts, [1, 1, 0, 1, 3]);
    // End of 03-05: To Do none (A-1..3 all started); Review A-3? No: A-3 entered Review 03-05 10:00 → 1;
    // Done.
    assert_eq!(m.flow.cumulative_flow.days[3].counts, [0, 0, 1, 0, 2]);
}

#[test]
fn estimates_accuracy_bias_and_suggested_vs_human() {
    let m = metrics_a();
    let e = &m.estimates;
    // Done in the period: A-1 1.5, A-2 unestimated, A-3 1.25, A-4 (sub-task) 0.75, A-5 (suggested) 1.1.
    assert_eq!(e.unestimated, ["A-2"]);
    let ratios: Vec<(&str, f64)> = e.issues.iter().map(|i| (i.key.as_str(), i.ratio)).collect();
    assert_eq!(ratios, [("A-1", 1.5), ("A-3", 1.25), ("A-4", 0.75), ("A-5", 1.1)]);
    // Sorted 0.75, 1.1, 1.25, 1.5: bias = (1.1 + 1.25)/2 = 1.175; within ±20 %: only 1.1 → 1/4.
    assert_eq!(e.overall.count, 4);
    assert_close!(e.overall.bias.unwrap(), 1.175);
    assert_close!(e.overall.within20.unwrap(), 0.25);
    // Estimates 8 + 16 + 4 + 20 = 48 h; spent 12 + 20 + 3 + 22 = 57 h.
    assert_close!(e.overall.estimate_hours, 48.0);
    assert_close!(e.overall.spent_hours, 57.0);
    assert_eq!(e.suggested.count, 1);
    assert_close!(e.suggested.bias.unwrap(), 1.1);
    // People's: 1.5, 1.25, 0.75 → median 1.25, none within ±20 %.
    assert_close!(e.human.bias.unwrap(), 1.25);
    assert_close!(e.human.within20.unwrap(), 0.0);
    // Story: 1.5, 1.25, 1.1 → median 1.25; Sub-task 0.75.
    let types: Vec<(&str, usize, f64)> =
        e.by_type.iter().map(|g| (g.name.as_str(), g.accuracy.count, g.accuracy.bias.unwrap())).collect();
    assert_eq!(types, [("Story", 3, 1.25), ("Sub-task", 1, 0.75)]);
    // Alice: A-1 1.5, A-4 0.75 → 1.125; Bob: A-3 1.25; Unassigned: A-5 1.1.
    let people: Vec<(&str, f64)> = e.by_person.iter().map(|g| (g.name.as_str(), g.accuracy.bias.unwrap())).collect();
    assert_eq!(people, [("Alice", 1.125), ("Bob", 1.25), ("Unassigned", 1.1)]);
}

#[test]
fn insights_name_the_bottleneck_aging_work_bias_and_throughput_change() {
    let m = metrics_a();
    let kinds: Vec<InsightKind> = m.insights.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [InsightKind::ThroughputChange, InsightKind::Bottleneck, InsightKind::AgingWork, InsightKind::EstimateBias]
    );
    // Throughput 3 → 1: −66.7 %.
    let tp = &m.insights[0];
    assert_eq!(tp.sentence, "Throughput was 1 issues in the week of 2026-03-09, down 67 % from 3 the week before.");
    assert_eq!(tp.issues, ["A-5"]);
    // Review median 33 h > In Progress median 24 h.
    assert!(m.insights[1].sentence.starts_with("Review is the bottleneck: issues spend a median of 33 hours"));
    // in progress 03-12 00:00 → 03-16 12:00 = 108 h > P95 67.5 h.
    assert_eq!(m.insights[2].issues, ["A-6"]);
    assert_close!(m.insights[2].evidence[1].value, 108.0);
    // Story bias 1.25 over 3 issues.
    assert_eq!(
        m.insights[3].sentence,
        "Story issues take 1.25× their estimate (median of 3 estimated issues done in the period)."
    );
    assert_eq!(m.insights[3].issues, ["A-1", "A-3", "A-5"]);
    // Trends: throughput 3 then 1 (change −2/3); moving average (3 + 1)/2 = 2.
    assert_eq!(m.trends.len(), 2);
    assert_close!(m.trends[1].throughput_change.unwrap(), -2.0 / 3.0);
    assert_close!(m.trends[1].throughput_average, 2.0);
    // Cycle medians per week: (24, 18, 42) → 24; (72) → 72; averages 24 then 48.
    assert_eq!(m.trends[0].cycle_time_median, Some(24.0));
    assert_eq!(m.trends[1].cycle_time_average, Some(48.0));
}

/// New York: EST (−300) until 2026-03-08 07:00Z, EDT (−240) after.
fn new_york() -> Vec<OffsetSpan> {
    vec![OffsetSpan { from: 0, offset_minutes: -300 }, OffsetSpan { from: t("2026-03-08T07:00"), offset_minutes: -240 }]
}

fn wl(author: &str, key: &str, started: &str, minutes: i64) -> Worklog {
    Worklog {
        author_id: author.into(),
        author_name: author.to_uppercase(),
        issue_id: format!("id-{key}"),
        issue_key: key.into(),
        started: t(started),
        seconds: minutes * 60,
    }
}

#[test]
fn time_per_person_team_project_and_week_in_the_users_zone_across_dst() {
    let mut history = project_a();
    let b1 = issue("B-1", "Task", "2026-03-01T00:00", "1", vec![]);
    history.issues.insert(b1.id.clone(), b1);
    let worklogs = [
        // Alice (in Berlin): 03-03 04:30Z is 03-02 23:30 EST → 03-02, week of 03-02. 2 h on A-1.
        wl("alice", "A-1", "2026-03-03T04:30", 120),
        // Bob: 03-09 04:30Z is 00:30 EDT on 03-09 (under EST it would be 23:30 on Sunday 03-08, the week
        // before) → week of 03-09. 3 h on A-5.
        wl("bob", "A-5", "2026-03-09T04:30", 180),
        // Alice: 4 h on A-3 on 03-10.
        wl("alice", "A-3", "2026-03-10T14:00", 240),
        // Carol (in Tokyo): 03-16 03:00Z is 03-15 23:00 EDT → inside the period (in UTC it would not be).
        wl("carol", "B-1", "2026-03-16T03:00", 90),
        // Dave: 03-01 → before the period.
        wl("dave", "A-1", "2026-03-01T12:00", 300),
    ];
    let config = AnalyticsConfig {
        zone: new_york(),
        hours_per_day: 7.5,
        holidays: vec!["2026-03-06".into()],
        teams: vec![
            Team { name: "Core".into(), members: vec!["alice".into(), "bob".into()] },
            Team { name: "Ops".into(), members: vec!["carol".into(), "erin".into()] },
        ],
        ..AnalyticsConfig::default()
    };
    let m = compute_metrics(&history, &worklogs, &config, t("2026-03-16T16:00"), &period("2026-03-02", "2026-03-15"));
    let tm = &m.time;
    // Weekdays 03-02..06 and 03-09..13 = 10, minus the holiday 03-06 = 9; × 7.5 h = 67.5 h.
    assert_eq!(tm.working_days, 9);
    assert_close!(tm.capacity_hours_per_person, 67.5);
    assert_close!(tm.total_hours, 10.5);
    let people: Vec<(&str, f64)> = tm.people.iter().map(|p| (p.id.as_str(), p.hours)).collect();
    // By display name: Alice, Bob (from the site's users), CAROL (from the worklog), erin (id only).
    assert_eq!(people, [("alice", 6.0), ("bob", 3.0), ("carol", 1.5), ("erin", 0.0)]);
    assert_close!(tm.people[0].utilisation.unwrap(), 6.0 / 67.5);
    // Core: 6 + 3 = 9 h of 2 × 67.5 = 135 h; Ops: 1.5 h of 135 h.
    assert_close!(tm.teams[0].hours, 9.0);
    assert_close!(tm.teams[0].capacity_hours, 135.0);
    assert_close!(tm.teams[0].utilisation.unwrap(), 9.0 / 135.0);
    assert_close!(tm.teams[1].hours, 1.5);
    let weeks: Vec<(&str, f64)> = tm.weeks.iter().map(|w| (w.week_start.as_str(), w.hours)).collect();
    assert_eq!(weeks, [("2026-03-02", 2.0), ("2026-03-09", 8.5)]);
    // Projects: A 2 + 3 + 4 = 9 h (estimates of: 8 + 16 + 20 = 44 h; spent 12 + 20 + 22 = 54 h);
    // B 1.5 h (no estimate).
    let projects: Vec<(&str, f64, f64, f64)> =
        tm.projects.iter().map(|p| (p.project.as_str(), p.hours, p.estimate_hours, p.spent_hours)).collect();
    assert_eq!(projects, [("A", 9.0, 44.0, 54.0), ("B", 1.5, 0.0, 0.0)]);
    let issues: Vec<(&str, f64, Option<f64>)> =
        tm.issues.iter().map(|i| (i.key.as_str(), i.logged_hours, i.ratio)).collect();
    assert_eq!(
        issues,
        [("A-1", 2.0, Some(1.5)), ("A-3", 4.0, Some(1.25)), ("A-5", 3.0, Some(1.1)), ("B-1", 1.5, None)]
    );
}

#[test]
fn a_dst_night_is_23_hours_of_cycle_time_and_days_are_local() {
    // In progress from Saturday 03-07 12:00 EST (17:00Z) to Sunday 03-08 12:00 EDT (16:00Z): 23 hours.
    let mut history = SiteHistory { statuses: statuses(), ..SiteHistory::default() };
    let mut n1 = issue(
        "N-1",
        "Story",
        "2026-03-07T16:00",
        "5",
        vec![status("2026-03-07T17:00", "1", "3"), status("2026-03-08T16:00", "3", "5")],
    );
    n1.resolved = Some(t("2026-03-08T16:00"));
    // Done at 03-09 02:00Z = 03-08 22:00 EDT: Sunday, so the week of 03-02 (in UTC it is Monday 03-09).
    let mut n2 = issue(
        "N-2",
        "Story",
        "2026-03-07T16:00",
        "5",
        vec![status("2026-03-08T20:00", "1", "3"), status("2026-03-09T02:00", "3", "5")],
    );
    n2.resolved = Some(t("2026-03-09T02:00"));
    for i in [n1, n2] {
        history.issues.insert(i.id.clone(), i);
    }
    let config = AnalyticsConfig { zone: new_york(), ..AnalyticsConfig::default() };
    let m = compute_metrics(&history, &[], &config, t("2026-03-16T16:00"), &period("2026-03-02", "2026-03-15"));
    assert_eq!(m.cycle_time.issues[0].hours, 23.0);
    assert_eq!(m.cycle_time.issues[1].done, "2026-03-08");
    let tp: Vec<u32> = m.flow.throughput.iter().map(|w| w.count).collect();
    assert_eq!(tp, [2, 0]);
    // WIP at the end of Saturday 03-07 (03-08 05:00Z): N-1 → 1; end of Sunday 03-08 (03-09 04:00Z): none.
    assert_eq!(m.flow.wip[5].count, 1);
    assert_eq!(m.flow.wip[6].count, 0);
}

fn sprint(id: i64, state: &str, start: &str, complete: Option<&str>) -> Sprint {
    Sprint {
        id,
        name: format!("Sprint {id}"),
        state: state.into(),
        start: Some(t(start)),
        end: Some(t(start) + 14 * 86_400_000),
        complete: complete.map(t),
    }
}

#[test]
fn sprint_velocity_with_issues_added_and_removed_mid_sprint() {
    let s1 = sprint(1, "closed", "2026-03-02T09:00", Some("2026-03-13T17:00"));
    let s2 = sprint(2, "active", "2026-03-16T09:00", None);
    let mk = |key: &str, points: f64, sprints: Vec<Sprint>, status_id: &str, changes: Vec<Change>| {
        let mut i = issue(key, "Story", "2026-02-20T09:00", status_id, changes);
        (i.story_points, i.sprints) = (Some(points), sprints);
        i
    };
    let issues = vec![
        // S-1: in the sprint at its start with 3 points, re-estimated to 5 on 03-05, done 03-10:
        // commitment 3, completed 5.
        mk(
            "S-1",
            5.0,
            vec![s1.clone()],
            "5",
            vec![
                change("2026-03-05T10:00", Field::StoryPoints, Some("3"), Some("5")),
                status("2026-03-10T10:00", "1", "5"),
            ],
        ),
        // S-2: committed (2), not done, carried to sprint 2 at completion.
        mk(
            "S-2",
            2.0,
            vec![s1.clone(), s2.clone()],
            "3",
            vec![
                status("2026-03-04T10:00", "1", "3"),
                change("2026-03-13T17:00", Field::Sprint, Some("1"), Some("1,2")),
            ],
        ),
        // S-3: added on 03-04 (1 point), done 03-11: completed only.
        mk(
            "S-3",
            1.0,
            vec![s1.clone()],
            "5",
            vec![change("2026-03-04T10:00", Field::Sprint, None, Some("1")), status("2026-03-11T10:00", "1", "5")],
        ),
        // S-4: committed (8), removed on 03-06: commitment only.
        mk("S-4", 8.0, vec![], "1", vec![change("2026-03-06T10:00", Field::Sprint, Some("1"), None)]),
        // S-5: committed (5), done 03-12.
        mk("S-5", 5.0, vec![s1.clone()], "5", vec![status("2026-03-12T10:00", "1", "5")]),
    ];
    let history = SiteHistory {
        statuses: statuses(),
        fields: HistoryFields {
            story_points: Some("customfield_10016".into()),
            sprint: Some("customfield_10020".into()),
        },
        issues: issues.into_iter().map(|i| (i.id.clone(), i)).collect(),
        ..SiteHistory::default()
    };
    let m = compute_metrics(
        &history,
        &[],
        &AnalyticsConfig::default(),
        t("2026-03-16T12:00"),
        &period("2026-03-02", "2026-03-15"),
    );
    let v = &m.velocity;
    assert_eq!((v.basis, v.unit), (VelocityBasis::Sprint, EstimateUnit::StoryPoints));
    assert!(v.not_available.is_empty());
    // Sprint 2 is active: only sprint 1. Commitment 3 + 2 + 8 + 5 = 18; completed 5 + 1 + 5 = 11.
    assert_eq!(v.sprints.len(), 1);
    let s = &v.sprints[0];
    assert_eq!((s.start.as_str(), s.end.as_str()), ("2026-03-02", "2026-03-13"));
    assert_close!(s.commitment, 18.0);
    assert_close!(s.completed, 11.0);
    assert_eq!(s.committed_issues, ["S-1", "S-2", "S-4", "S-5"]);
    assert_eq!(s.completed_issues, ["S-1", "S-3", "S-5"]);
    assert_eq!(s.added, ["S-3"]);
    assert_eq!(s.removed, ["S-4"]);
    assert_eq!(v.average, Some(11.0));
}

#[test]
fn without_sprint_or_points_fields_velocity_is_weekly_in_hours_and_says_so() {
    let m = metrics_a();
    let v = &m.velocity;
    assert_eq!((v.basis, v.unit), (VelocityBasis::Week, EstimateUnit::Hours));
    assert_eq!(v.not_available, ["sprints: the site has no sprint field; velocity is per week"]);
    // Week of 03-02: A-1 8 h, A-2 unestimated, A-3 16 h → 3 issues, 24 h; week of 03-09: A-5 20 h.
    let weeks: Vec<(u32, f64)> = v.weeks.iter().map(|w| (w.issues, w.estimate)).collect();
    assert_eq!(weeks, [(3, 24.0), (1, 20.0)]);
    assert_eq!(v.average, Some(22.0));
}

/// 24 issues done two a week over the 12 weeks before now (Monday 2026-03-16), and `open` open ones.
fn steady(open: usize) -> SiteHistory {
    let mut history = SiteHistory { statuses: statuses(), ..SiteHistory::default() };
    let week0 = t("2025-12-22T10:00");
    for n in 0..24 {
        let done = week0 + (n / 2) * 7 * 86_400_000 + (n % 2) * 86_400_000;
        let mut i = issue(&format!("F-{n}"), "Story", "2025-12-01T00:00", "5", vec![]);
        i.changes = vec![Change { at: done, ..status("2025-12-01T00:00", "1", "5") }];
        i.resolved = Some(done);
        history.issues.insert(i.id.clone(), i);
    }
    for n in 0..open {
        let i = issue(&format!("O-{n}"), "Story", "2026-03-01T00:00", "1", vec![]);
        history.issues.insert(i.id.clone(), i);
    }
    history
}

#[test]
fn forecast_with_a_constant_throughput_matches_the_analytic_dates() {
    let mut config = AnalyticsConfig::default();
    config.forecast.by_date = Some("2026-03-30".into());
    let now = t("2026-03-16T12:00");
    let m = compute_metrics(&steady(5), &[], &config, now, &period("2026-02-16", "2026-03-15"));
    let f = &m.forecast;
    assert_eq!(f.samples, [2; 12]);
    assert_eq!(f.samples_from.as_deref(), Some("2025-12-22"));
    assert_eq!(f.remaining, 5);
    assert_eq!(f.trials, 10_000);
    // 5 issues at 2 a week: 7·5/2 = 17.5 → 18 days after 2026-03-16 = 2026-04-03, at every percentile.
    let c = f.completion.as_ref().unwrap();
    assert_eq!((c.p50.as_str(), c.p85.as_str(), c.p95.as_str()), ("2026-04-03", "2026-04-03", "2026-04-03"));
    // By 2026-03-30 (14 days): 2 weeks × 2 = 4.
    let d = f.done_by.as_ref().unwrap();
    assert_eq!((d.p50, d.p85, d.p95), (4, 4, 4));
}

#[test]
fn forecast_is_deterministic_and_ordered() {
    let mut history = steady(30);
    // Make the throughput vary: one more issue done in the last sample week.
    let mut extra = issue("X-1", "Story", "2025-12-01T00:00", "5", vec![status("2026-03-10T10:00", "1", "5")]);
    extra.resolved = Some(t("2026-03-10T10:00"));
    history.issues.insert(extra.id.clone(), extra);
    let mut config = AnalyticsConfig::default();
    config.forecast.by_date = Some("2026-04-13".into());
    let now = t("2026-03-16T12:00");
    let p = period("2026-02-16", "2026-03-15");
    let a = compute_metrics(&history, &[], &config, now, &p);
    let b = compute_metrics(&history, &[], &config, now, &p);
    assert_eq!(a.forecast, b.forecast);
    assert_eq!(a.forecast.samples.last(), Some(&3));
    let c = a.forecast.completion.as_ref().unwrap();
    assert!(c.p50 <= c.p85 && c.p85 <= c.p95);
    // 30 issues at 2 a week is 105 days, at 3 a week 70: the P50 lies between.
    assert!(c.p50.as_str() > "2026-05-25" && c.p50.as_str() < "2026-06-29", "{}", c.p50);
    let d = a.forecast.done_by.as_ref().unwrap();
    assert!(d.p50 >= d.p85 && d.p85 >= d.p95 && d.p95 >= 8);
}

#[test]
fn progress_per_epic_at_the_end_of_the_period() {
    let mut h = project_a();
    let by_key =
        |h: &mut SiteHistory, key: &str| -> String { h.issues.values().find(|i| i.key == key).unwrap().id.clone() };
    for (key, epic) in [("A-1", "A-100"), ("A-2", "A-100"), ("A-3", "A-9"), ("A-6", "A-9")] {
        let id = by_key(&mut h, key);
        h.issues.get_mut(&id).unwrap().parent = Some(epic.into());
    }
    // A-3's estimate went from 16 h to 30 h after the period: progress counts it as it was at the end.
    let id = by_key(&mut h, "A-3");
    let a3 = h.issues.get_mut(&id).unwrap();
    a3.original_estimate = Some(30 * 3600);
    a3.changes.push(change("2026-03-16T10:00", Field::OriginalEstimate, Some("57600"), Some("108000")));
    // The epic A-100 is in the history (an epic is not counted as work of its own); A-9 is not.
    let mut epic = issue("A-100", "Epic", "2026-03-01T09:00", "3", vec![]);
    epic.summary = "Checkout".into();
    h.issues.insert(epic.id.clone(), epic);
    let m = compute_metrics(
        &h,
        &[],
        &AnalyticsConfig::default(),
        t("2026-03-16T12:00"),
        &period("2026-03-02", "2026-03-15"),
    );
    let p = &m.progress;
    assert_eq!((p.at.as_str(), p.unit), ("2026-03-15", EstimateUnit::Hours));
    let rows: Vec<_> = p
        .epics
        .iter()
        .map(|e| (e.key.as_deref(), e.summary.as_deref(), e.issues, e.done, e.remaining, e.unestimated))
        .collect();
    // A-9 before A-100 (by number); the row without an epic (A-5 done, A-7 open) last; the sub-task A-4 is
    // not in the flow population.
    assert_eq!(
        rows,
        [(Some("A-9"), None, 2, 1, 1, 1), (Some("A-100"), Some("Checkout"), 2, 2, 0, 1), (None, None, 2, 1, 1, 1),]
    );
    let [a9, a100, none] = &p.epics[..] else { panic!("three rows") };
    assert_close!(a9.done_estimate, 16.0);
    assert_close!(a9.remaining_estimate, 0.0);
    assert_close!(a9.done_share, 0.5);
    assert_close!(a100.done_estimate, 8.0);
    assert_close!(a100.done_share, 1.0);
    assert_close!(none.done_estimate, 20.0);
}
