//! A full set of reports made at once (`generate_batch`, what `generateReports` runs) is, report by report,
//! what `generate` makes alone; and the history's changelog items read from and written to JSON as before
//! (their strings are compact, the JSON is not).

use jira_vault_sync::report::{
    BatchInput, BatchReport, GenerateInput, ReportKind, ReportParams, ReportSettings, ReportState,
};
use jira_vault_sync::sync::{IssueBase, SiteState, WorklogBase};

use super::*;

fn state() -> SiteState {
    let mut state = SiteState::default();
    for (id, key) in [("id-A-1", "A-1"), ("id-A-3", "A-3"), ("id-A-5", "A-5")] {
        let base = IssueBase {
            key: key.into(),
            path: format!("Jira/A/{key}.md"),
            status: "Done".into(),
            ..IssueBase::default()
        };
        state.issues.insert(id.into(), base);
    }
    let worklogs = [
        ("1", "id-A-1", "A-1", "alice", "Alice", "2026-03-03T09:30:00.000-0500", 7200),
        ("2", "id-A-3", "A-3", "bob", "Bob", "2026-03-05T10:00:00.000-0500", 14_400),
        ("3", "id-A-5", "A-5", "alice", "Alice", "2026-03-10T16:15:00.000-0400", 5400),
        ("4", "id-A-5", "A-5", "carol", "Carol", "2026-02-27T08:00:00.000-0500", 3600),
    ];
    for (id, issue_id, key, author_id, author, started, seconds) in worklogs {
        let w = WorklogBase {
            issue_id: issue_id.into(),
            issue_key: key.into(),
            author_id: author_id.into(),
            author: author.into(),
            started: started.into(),
            seconds,
            ..WorklogBase::default()
        };
        state.worklogs.insert(id.into(), w);
    }
    state
}

fn settings() -> ReportSettings {
    let analytics = AnalyticsConfig {
        zone: vec![
            OffsetSpan { from: 0, offset_minutes: -300 },
            OffsetSpan { from: t("2026-03-08T07:00"), offset_minutes: -240 },
        ],
        teams: vec![Team { name: "Core".into(), members: vec!["alice".into(), "bob".into()] }],
        ..AnalyticsConfig::default()
    };
    ReportSettings { analytics, ..ReportSettings::default() }
}

#[test]
fn a_full_set_of_reports_at_once_is_each_report_made_alone() {
    let fixed = |kind| ReportParams {
        from: chrono::NaiveDate::from_ymd_opt(2026, 3, 2),
        to: chrono::NaiveDate::from_ymd_opt(2026, 3, 15),
        ..ReportParams::new(kind)
    };
    // Every kind over one period, then other scopes and periods in between (the metrics are computed once per
    // scope and period, and must not leak from one to another).
    let mut reports: Vec<BatchReport> = ReportKind::ALL
        .into_iter()
        .map(|kind| BatchReport { params: fixed(kind), note_path: format!("Reports/{}.md", kind.title()) })
        .collect();
    reports.insert(
        2,
        BatchReport {
            params: ReportParams {
                project: Some("A".into()),
                period: Some("last-week".into()),
                ..ReportParams::new(ReportKind::Flow)
            },
            note_path: "Reports/Flow A.md".into(),
        },
    );
    reports.insert(
        4,
        BatchReport {
            params: ReportParams { team: Some("Core".into()), ..fixed(ReportKind::Team) },
            note_path: "Reports/Team Core.md".into(),
        },
    );
    reports.push(BatchReport {
        params: ReportParams { epic: Some("A-1".into()), ..fixed(ReportKind::Progress) },
        note_path: "Reports/P.md".into(),
    });
    reports.push(BatchReport {
        params: ReportParams { version: Some("2.0".into()), ..fixed(ReportKind::Progress) },
        note_path: "Reports/P 2.0.md".into(),
    });
    let state = state();
    let input = BatchInput {
        reports: reports.clone(),
        now: t("2026-03-16T12:00"),
        state: ReportState::of(&state),
        history: project_a(),
        settings: settings(),
        // A rule firing in the period: the digest's automation section is the same in the batch as alone.
        activity: Some(format!(
            r#"{{"version":1,"firings":[{{"at":{},"rule":"Review","key":"A-1","actions":[{{"kind":"comment","outcome":"ok"}}]}}]}}"#,
            t("2026-03-10T09:00")
        )),
    };
    let batch = jira_vault_sync::report::generate_batch(&input).unwrap();
    assert_eq!(batch.len(), reports.len());
    for (made, r) in batch.iter().zip(&reports) {
        let alone = jira_vault_sync::report::generate(&GenerateInput {
            params: Some(r.params.clone()),
            note_path: r.note_path.clone(),
            now: input.now,
            state: input.state.clone(),
            history: input.history.clone(),
            settings: input.settings.clone(),
            activity: input.activity.clone(),
        })
        .unwrap();
        assert_eq!(made, &alone, "{:?}", r.params);
    }
    // Reports really differ by scope (the batch did not reuse one scope's metrics for another).
    assert_ne!(
        batch[1].markdown.split_once("\n# ").map(|(_, b)| b),
        batch[2].markdown.split_once("\n# ").map(|(_, b)| b)
    );

    // A bad path anywhere fails the batch, as it fails alone.
    let mut bad = input.clone();
    bad.reports[3].note_path = "../out.md".into();
    assert!(jira_vault_sync::report::generate_batch(&bad).is_err());
}

#[test]
fn changelog_items_read_and_write_the_same_json() {
    let long = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"; // longer than the inline size
    let change = Change {
        at: t("2026-03-02T10:00"),
        author: Some(long.into()),
        field: Field::Status,
        from: Some("1".into()),
        from_string: Some("To Do".into()),
        to: Some("10001".into()),
        to_string: Some("Selected for Development \"now\" \u{e9}".into()),
    };
    let json = serde_json::to_string(&change).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"at":{},"author":"{long}","field":"status","from":"1","fromString":"To Do","to":"10001","toString":"Selected for Development \"now\" é"}}"#,
            t("2026-03-02T10:00")
        )
    );
    assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), change);
    // An escaped string reads as its text; absent and null values as `None`.
    let read: Change = serde_json::from_str(r#"{"at":1,"field":"assignee","from":null,"to":"b\u00e9\n"}"#).unwrap();
    assert_eq!((read.from, read.to.as_deref(), read.author), (None, Some("bé\n"), None));

    // The golden history through its JSON gives the same history and the same metrics.
    let history = project_a();
    let text = serde_json::to_string(&history).unwrap();
    let back: SiteHistory = serde_json::from_str(&text).unwrap();
    assert_eq!(back, history);
    let period = period("2026-03-02", "2026-03-15");
    let now = t("2026-03-16T12:00");
    assert_eq!(
        compute_metrics(&back, &[], &AnalyticsConfig::default(), now, &period),
        compute_metrics(&history, &[], &AnalyticsConfig::default(), now, &period)
    );
}
