//! Time per person, team, project and week in the users' zones, and days across daylight-saving switches.

use super::*;

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
