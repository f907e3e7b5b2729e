//! The time report against a hand-computed fixture (issue 6 acceptance: "the report's numbers match a
//! hand-computed fixture"), and its input read from a sync state. Every number below is worked out by hand in
//! the comments; the expected note is compared byte for byte.

use jira_vault_sync::report::time_input::{StateReportOptions, report_input_from_state};
use jira_vault_sync::sync::{IssueBase, SiteState, WorklogBase};
use jira_vault_sync::worklog::report::{
    IssueEstimate, ReportError, ReportInput, ReportWorklog, is_generated_report, time_report,
};

fn wl(key: &str, author: &str, started: &str, seconds: u64) -> ReportWorklog {
    ReportWorklog {
        issue_key: key.into(),
        project: String::new(),
        author_id: format!("id-{author}"),
        author: author.into(),
        started: started.into(),
        seconds,
    }
}

fn est(
    key: &str,
    summary: &str,
    original: Option<u64>,
    remaining: Option<u64>,
    spent: Option<u64>,
    done: bool,
) -> IssueEstimate {
    IssueEstimate { key: key.into(), summary: summary.into(), original, remaining, spent, done }
}

fn fixture() -> ReportInput {
    ReportInput {
        worklogs: vec![
            // 03-01 (local date in its own offset), 2h.
            wl("OPS-1", "Alice", "2024-03-01T09:00:00.000+0100", 7200),
            // 03-02 23:30 at -0500 is 03-03 in UTC, but the report uses the written date: 03-02. 1h 30m.
            wl("OPS-1", "Bob", "2024-03-02T23:30:00.000-0500", 5400),
            // 03-03, 10h = 1d 2h with 8-hour days.
            wl("OPS-2", "Alice", "2024-03-03T10:00:00.000+0100", 36000),
            // 03-01 00:15 at +0100 is 02-29 in UTC; written date 03-01 is in the period. 30m.
            wl("PLAT-10", "Alice", "2024-03-01T00:15:00.000+0100", 1800),
            // Before the period: only counts toward OPS-1's all-time spent. 1h.
            wl("OPS-1", "Alice", "2024-02-29T10:00:00.000+0100", 3600),
            // After the period: ignored entirely.
            wl("PLAT-2", "Bob", "2024-03-04T09:00:00.000+0000", 3600),
            // Unreadable: left out and counted.
            wl("PLAT-2", "Bob", "yesterday", 3600),
            // 03-02, 10m.
            wl("PLAT-9", "Alice", "2024-03-02T12:00:00.000+0000", 600),
        ],
        issues: vec![
            // Done, original 4h; Jira's spent unknown, so all-time worklogs: 2h + 1h30m + 1h = 16200 s.
            // Accuracy 16200 / 14400 = 1.125 → 112.5 % → rounds to 113 %.
            est("OPS-1", "Fix login | SSO", Some(14400), Some(0), None, true),
            // Not done: no accuracy.
            est("OPS-2", "Rotate keys", Some(28800), Some(7200), Some(36000), false),
            // Done, original 1h, Jira's spent 30m → 50 %.
            est("PLAT-10", "Proxy", Some(3600), Some(1800), Some(1800), true),
            // Out of the period: not listed.
            est("PLAT-2", "Later", Some(3600), None, None, false),
        ],
        from: "2024-03-01".into(),
        to: "2024-03-03".into(),
        ..ReportInput::default()
    }
}

// Period totals by issue: OPS-1 2h + 1h30m = 12600 s (3h 30m, 3.5 h); OPS-2 36000 s (1d 2h, 10.0 h);
// PLAT-9 600 s (10m, 0.17 → 0.2 h); PLAT-10 1800 s (30m, 0.5 h). Sorted by project, then key number
// (PLAT-9 before PLAT-10). Total 12600 + 36000 + 600 + 1800 = 51000 s = 14h 10m = 1d 6h 10m, 14.17 → 14.2 h.
// Projects: OPS 48600 s = 13h 30m = 1d 5h 30m (13.5 h), original 4h + 1d = 1d 4h, remaining 0 + 2h = 2h;
// PLAT 2400 s = 40m (0.67 → 0.7 h), original 1h (PLAT-9 has none), remaining 30m.
// People: Alice 7200 + 36000 + 1800 + 600 = 45600 s = 12h 40m = 1d 4h 40m (12.67 → 12.7 h); Bob 5400 s
// = 1h 30m (1.5 h). Days: 03-01 7200 + 1800 = 9000 s (2.5 h); 03-02 5400 + 600 = 6000 s (1.67 → 1.7 h);
// 03-03 36000 s (10.0 h); the y axis tops at ceil(10.0) = 10.
const EXPECTED: &str = r#"---
generated_by: jira-vault-sync
report: time
from: 2024-03-01
to: 2024-03-03
---
# Time report 2024-03-01 – 2024-03-03

Total time spent: 1d 6h 10m (14.2 h) on 4 issues.

## By issue

| Issue | Summary | Spent in period | Hours | Original estimate | Remaining | Accuracy |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| OPS-1 | Fix login \| SSO | 3h 30m | 3.5 | 4h | 0m | 113% |
| OPS-2 | Rotate keys | 1d 2h | 10.0 | 1d | 2h |  |
| PLAT-9 |  | 10m | 0.2 |  |  |  |
| PLAT-10 | Proxy | 30m | 0.5 | 1h | 30m | 50% |

## By project

| Project | Issues | Spent in period | Hours | Original estimate | Remaining |
| --- | ---: | ---: | ---: | ---: | ---: |
| OPS | 2 | 1d 5h 30m | 13.5 | 1d 4h | 2h |
| PLAT | 2 | 40m | 0.7 | 1h | 30m |

## By person

| Person | Spent in period | Hours | Issues |
| --- | ---: | ---: | --- |
| Alice | 1d 4h 40m | 12.7 | OPS-1, OPS-2, PLAT-9, PLAT-10 |
| Bob | 1h 30m | 1.5 | OPS-1 |

## Hours per day

```mermaid
xychart-beta
    title "Hours per day"
    x-axis ["03-01", "03-02", "03-03"]
    y-axis "Hours" 0 --> 10
    bar [2.5, 1.7, 10.0]
```

1 worklog with an unreadable start time was left out.
"#;

#[test]
fn report_matches_the_hand_computed_fixture() {
    let note = time_report(&fixture()).expect("valid period");
    assert_eq!(note, EXPECTED);
    assert!(is_generated_report(&note));
}

#[test]
fn report_is_deterministic_whatever_the_input_order() {
    let mut input = fixture();
    input.worklogs.reverse();
    input.issues.reverse();
    assert_eq!(time_report(&input).expect("valid"), EXPECTED);
}

#[test]
fn one_author_has_no_person_table_and_an_empty_period_says_so() {
    let mut input = fixture();
    input.worklogs.retain(|w| w.author == "Alice");
    assert!(!time_report(&input).expect("valid").contains("## By person"));
    input.per_person = Some(true);
    assert!(time_report(&input).expect("valid").contains("## By person"));
    input.from = "2025-01-01".into();
    input.to = "2025-01-02".into();
    let empty = time_report(&input).expect("valid");
    assert!(empty.contains("Total time spent: 0m (0.0 h) on 0 issues."));
    assert!(empty.contains("No time logged in this period."));
    assert!(empty.contains("y-axis \"Hours\" 0 --> 1\n    bar [0.0, 0.0]"));
}

#[test]
fn bad_periods_are_errors() {
    let mut input = fixture();
    input.to = "2024-02-01".into();
    assert_eq!(time_report(&input), Err(ReportError::BadPeriod));
    input.to = "2025-03-02".into();
    assert_eq!(time_report(&input), Err(ReportError::BadPeriod));
    input.to = "March".into();
    assert_eq!(time_report(&input), Err(ReportError::BadDate("March".into())));
    input.to = "2024-03-02".into();
    input.hours_per_day = 0.0;
    assert_eq!(time_report(&input), Err(ReportError::BadConfig));
}

#[test]
fn marker_check() {
    assert!(is_generated_report("---\ngenerated_by: jira-vault-sync\n---\n# x\n"));
    assert!(!is_generated_report("# My own time report\n"));
    assert!(!is_generated_report("---\ngenerated_by: someone-else\n---\n"));
}

#[test]
fn input_from_state_reads_estimates_and_done() {
    let mut state = SiteState::default();
    let mut base = IssueBase { key: "OPS-1".into(), status: "Done".into(), ..IssueBase::default() };
    let values = std::rc::Rc::make_mut(&mut base.values);
    values.insert("title".into(), "Fix login".into());
    values.insert("estimate".into(), "4h".into());
    values.insert("remaining".into(), "0m".into());
    values.insert("time_spent".into(), "4h 30m".into());
    state.issues.insert("100".into(), base);
    let mut other = IssueBase { key: "OPS-2".into(), status: "In Progress".into(), ..IssueBase::default() };
    let values = std::rc::Rc::make_mut(&mut other.values);
    values.insert("estimate".into(), "soon".into());
    values.insert("current_state".into(), "completed".into());
    state.issues.insert("101".into(), other);
    state.worklogs.insert(
        "5".into(),
        WorklogBase {
            issue_id: "100".into(),
            issue_key: "OLD-1".into(),
            author_id: "a".into(),
            author: "Alice".into(),
            started: "2024-03-01T09:00:00.000+0100".into(),
            seconds: 3600,
            ..WorklogBase::default()
        },
    );
    let options = StateReportOptions { from: "2024-03-01".into(), to: "2024-03-01".into(), ..Default::default() };
    let input = report_input_from_state(&state, &options);
    assert_eq!(input.issues[0], est("OPS-1", "Fix login", Some(14400), Some(0), Some(16200), true));
    // An unreadable estimate is unknown; the note state `completed` means done.
    assert_eq!(input.issues[1], est("OPS-2", "", None, None, None, true));
    assert_eq!(input.worklogs[0].issue_key, "OPS-1");
    // 4h 30m spent on a 4h estimate: 112.5 % → 113 %.
    assert!(time_report(&input).expect("valid").contains("| OPS-1 | Fix login | 1h | 1.0 | 4h | 0m | 113% |"));
}
