//! Sprint and weekly velocity, and progress per epic.

use super::*;

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
            epic_link: None,
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
