//! Realistic notes through `parse_worklog`: an issue note with a worklog section, a daily note with time
//! blocks, and both tracker plugins' code blocks, checked entry by entry; plus `started` for the entries of a
//! user east of UTC across the March daylight-saving change.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, NaiveTime};
use jira_vault_sync::worklog::{
    EntrySource, WorklogOptions, format_duration, format_started, parse_daily_date, parse_worklog, time_spent_seconds,
};

const ISSUE_NOTE: &str = "---
jira: OPS-12
status: In Progress
estimate: 2d
---
# OPS-12 Fix login

The login form times out behind the proxy. See [[PLAT-3 Proxy]].

## Steps
- [ ] Reproduce on staging
- [x] 2024-03-19 check the logs (a task, not in the worklog section)

## Worklog
- 2024-03-20 09:30–11:00 Investigated the flaky deploy ^wl-10042
- 2024-03-20 13:00 - 13:45 Pairing with Bob ^wl-10043
- [x] 2024-03-21 1h 30m Code review
- 2024-03-22 1.5h
- 2024-03-22 11:00-10:00 typo, should be flagged
- Talked to Carol about the rollout (prose, ignored)

### Notes on the worklog
- 2024-03-25 2h Still part of the worklog (a sub-heading)

## Links
- 2024-03-26 4h not a worklog entry: outside the section
";

const DAILY_NOTE: &str = "# Wednesday, 20 March

## Plan
- [x] 08:30 - 09:00 Inbox
- [x] 09:30 - 11:00 [[OPS-12 Fix login]] investigate flaky deploy
- [ ] 11:15–12:00 OPS-12 review with [[Bob]]
- 13:00 - 14:30 [[Proxy|PLAT-3]] proxy config ^wl-20001
- 15:00 OPS-14 standup
- 16:00 - 15:30 OPS-15 wrong way round

```simple-time-tracker
{\"entries\":[{\"name\":\"OPS-12 hotfix\",\"startTime\":\"2024-03-20T16:00:00.000Z\",\"endTime\":\"2024-03-20T16:25:00.000Z\"},{\"name\":\"Admin\",\"startTime\":\"2024-03-20T16:30:00.000Z\",\"endTime\":\"2024-03-20T16:40:00.000Z\"}]}
```

```timekeep
{\"entries\":[{\"name\":\"PLAT-3 rollout\",\"startTime\":null,\"endTime\":null,\"subEntries\":[{\"name\":\"Part 1\",\"startTime\":\"2024-03-20T17:00:00.000Z\",\"endTime\":\"2024-03-20T17:50:00.000Z\",\"subEntries\":null},{\"name\":\"Part 2\",\"startTime\":\"2024-03-20T18:00:00.000Z\",\"endTime\":null,\"subEntries\":null}]}]}
```
";

fn t(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

#[test]
fn issue_note_worklog_section() {
    let scan = parse_worklog(ISSUE_NOTE, &WorklogOptions::default());
    let got: Vec<_> = scan
        .entries
        .iter()
        .map(|e| (e.date, e.start, e.end, e.seconds, e.comment.as_str(), e.worklog_id.as_deref(), e.span.start_line))
        .collect();
    assert_eq!(
        got,
        vec![
            (d(2024, 3, 20), t(9, 30), t(11, 0), 5400, "Investigated the flaky deploy", Some("10042"), 15),
            (d(2024, 3, 20), t(13, 0), t(13, 45), 2700, "Pairing with Bob", Some("10043"), 16),
            (d(2024, 3, 21), None, None, 5400, "Code review", None, 17),
            (d(2024, 3, 22), None, None, 5400, "", None, 18),
            (d(2024, 3, 25), None, None, 7200, "Still part of the worklog (a sub-heading)", None, 23),
        ]
    );
    assert!(scan.entries.iter().all(|e| e.source == EntrySource::Section && e.issue_key.is_none()));
    let diags: Vec<_> = scan.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(diags, vec![("worklog-end-before-start", 19, 14)]);
    let total: u32 = scan.entries.iter().map(|e| e.seconds).sum();
    assert_eq!(format_duration(u64::from(total), &Default::default()), "7h 15m");
}

#[test]
fn daily_note_time_blocks_and_trackers() {
    let date = parse_daily_date("Daily/2024-03-20.md", "[Daily]/YYYY-MM-DD").expect("daily note name");
    let options = WorklogOptions { daily_date: Some(date.to_string()), ..WorklogOptions::default() };
    let scan = parse_worklog(DAILY_NOTE, &options);
    let got: Vec<_> = scan
        .entries
        .iter()
        .map(|e| (e.issue_key.as_deref().unwrap_or("-"), e.source, e.start, e.seconds, e.comment.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("OPS-12", EntrySource::Daily, t(9, 30), 5400, "[[OPS-12 Fix login]] investigate flaky deploy"),
            ("OPS-12", EntrySource::Daily, t(11, 15), 2700, "OPS-12 review with [[Bob]]"),
            ("PLAT-3", EntrySource::Daily, t(13, 0), 5400, "[[Proxy|PLAT-3]] proxy config"),
            ("OPS-12", EntrySource::SimpleTimeTracker, None, 1500, "OPS-12 hotfix"),
            ("PLAT-3", EntrySource::Timekeep, None, 3000, "Part 1"),
        ]
    );
    assert!(scan.entries.iter().all(|e| e.date == d(2024, 3, 20)));
    assert_eq!(scan.entries[2].worklog_id.as_deref(), Some("20001"));
    let tracker = &scan.entries[3];
    assert_eq!(tracker.started_utc, d(2024, 3, 20).and_hms_opt(16, 0, 0));
    assert_eq!((tracker.span.start_line, tracker.span.end_line), (11, 13));
    let diags: Vec<_> = scan.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(diags, vec![("worklog-end-before-start", 9), ("tracker-running", 15)]);
}

#[test]
fn started_for_a_user_east_of_utc_across_daylight_saving() {
    // Europe/Berlin: +01:00 until 2024-03-31 02:00, then +02:00. The caller supplies the offset per entry.
    let before = d(2024, 3, 30).and_hms_opt(9, 30, 0).expect("valid");
    let after = d(2024, 3, 31).and_hms_opt(9, 30, 0).expect("valid");
    assert_eq!(format_started(before, 60).as_deref(), Ok("2024-03-30T09:30:00.000+0100"));
    assert_eq!(format_started(after, 120).as_deref(), Ok("2024-03-31T09:30:00.000+0200"));
    assert_eq!(time_spent_seconds(5400), 5400);
    assert_eq!(time_spent_seconds(1499), 1500);
    assert_eq!(time_spent_seconds(20), 60);
}
