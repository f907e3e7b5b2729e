//! Unit tests of [`super::parse_worklog`]: sections, daily notes, trackers and their diagnostics.

use chrono::{NaiveDate, NaiveTime};

use super::*;

fn opts() -> WorklogOptions {
    WorklogOptions::default()
}

fn daily(date: &str) -> WorklogOptions {
    WorklogOptions { daily_date: Some(date.into()), ..WorklogOptions::default() }
}

fn t(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn codes(scan: &WorklogScan) -> Vec<(&'static str, usize)> {
    scan.diagnostics.iter().map(|d| (d.code, d.line)).collect()
}

#[test]
fn section_entries() {
    let text = "# OPS-12\nintro\n- 2024-03-20 09:30 - 11:00 not in section\n## Worklog\n\
        - 2024-03-20 09:30–11:00 Investigated the flaky deploy ^wl-10042\n\
        - [x] 2024-03-21 1h 30m Code review\n\
        * 2024-03-22 9:30-10:15\n\
        1. 2024-03-23 09:00—09:45 standup ^note\n\
        - Remember to log the call\n\
        ### Details\n- 2024-03-24 1.5h still in section\n## Next\n- 2024-03-25 1h outside\n";
    let scan = parse_worklog(text, &opts());
    assert_eq!(codes(&scan), vec![]);
    let e = &scan.entries;
    assert_eq!(e.len(), 5);
    assert_eq!((e[0].date, e[0].start, e[0].end, e[0].seconds), (d("2024-03-20"), t(9, 30), t(11, 0), 5400));
    assert_eq!(e[0].comment, "Investigated the flaky deploy");
    assert_eq!(e[0].worklog_id.as_deref(), Some("10042"));
    assert_eq!((e[0].source, e[0].issue_key.as_deref(), e[0].span.start_line), (EntrySource::Section, None, 5));
    assert_eq!((e[1].start, e[1].seconds, e[1].comment.as_str()), (None, 5400, "Code review"));
    assert_eq!((e[2].seconds, e[2].comment.as_str()), (2700, ""));
    assert_eq!((e[3].seconds, e[3].comment.as_str(), e[3].worklog_id.as_deref()), (2700, "standup", None));
    assert_eq!((e[4].date, e[4].seconds), (d("2024-03-24"), 5400));
    let line = &text[e[0].span.start..e[0].span.end];
    assert!(line.starts_with("- 2024-03-20 09:30") && line.ends_with("^wl-10042"));
}

#[test]
fn heading_is_configurable_and_case_insensitive() {
    let text = "#### time LOG ####\n- 2024-03-20 1h x\n";
    let o = WorklogOptions { section_heading: "Time log".into(), ..opts() };
    assert_eq!(parse_worklog(text, &o).entries.len(), 1);
    assert_eq!(parse_worklog(text, &opts()).entries.len(), 0);
    let blank = WorklogOptions { section_heading: "  ".into(), ..opts() };
    assert_eq!(parse_worklog("## worklog\n- 2024-03-20 1h x\n", &blank).entries.len(), 1);
}

#[test]
fn section_diagnostics() {
    let text = "## Worklog\n\
        - 2024-03-20 11:00-09:30 backwards\n\
        - 2024-03-20 10:00-10:00 empty\n\
        - 09:30-11:00 no date\n\
        - 2024-03-20 3 people met\n\
        - 2024-03-20 1h 2h twice\n\
        - 2024-03-20 0m nothing\n\
        - 2024-02-30 1h impossible\n\
        - 2024-03-20 25:00-26:00 bad\n\
        - 2024-03-20 99999999999w huge\n\
        ```\n- 2024-03-20 11:00-09:30 code\n```\n";
    let scan = parse_worklog(text, &opts());
    assert!(scan.entries.is_empty());
    assert_eq!(
        codes(&scan),
        vec![
            ("worklog-end-before-start", 2),
            ("worklog-end-before-start", 3),
            ("worklog-no-date", 4),
            ("worklog-bad-duration", 5),
            ("worklog-bad-duration", 6),
            ("worklog-zero-duration", 7),
            ("worklog-bad-date", 8),
            ("worklog-bad-time", 9),
            ("worklog-too-long", 10),
        ]
    );
    assert!(scan.diagnostics.iter().all(|d| d.severity == crate::diagnostic::Severity::Error));
    assert_eq!(scan.diagnostics[0].column, 14);
}

#[test]
fn daily_note_time_blocks() {
    let text = "---\ntags: [daily]\n---\n# Wednesday\n\
        - 08:30 - 09:00 breakfast\n\
        - 10:00 - 11:30 [[OPS-12 Fix login]] pairing\n\
        - [ ] 14:00-15:00 OPS-12 review ^wl-7\n\
        - 15:00 - 16:00 [[Sync notes|PLAT-3]]\n\
        - 16:00 OPS-12 call\n\
        - 17:00 - 16:00 OPS-13 backwards\n\
        Plain 18:00-19:00 OPS-14 prose\n\
        ## Worklog\n- 1h OPS-99 section entry without date\n";
    let scan = parse_worklog(text, &daily("2024-03-20"));
    assert_eq!(codes(&scan), vec![("worklog-end-before-start", 10)]);
    let e: Vec<_> = scan.entries.iter().map(|e| (e.issue_key.as_deref(), e.start, e.seconds, e.source)).collect();
    assert_eq!(
        e,
        vec![
            (Some("OPS-12"), t(10, 0), 5400, EntrySource::Daily),
            (Some("OPS-12"), t(14, 0), 3600, EntrySource::Daily),
            (Some("PLAT-3"), t(15, 0), 3600, EntrySource::Daily),
            (None, None, 3600, EntrySource::Section),
        ]
    );
    assert!(scan.entries.iter().all(|e| e.date == d("2024-03-20")));
    assert_eq!(scan.entries[0].comment, "[[OPS-12 Fix login]] pairing");
    assert_eq!(scan.entries[1].worklog_id.as_deref(), Some("7"));
    // Not a daily note: time blocks are ignored.
    assert!(parse_worklog(text, &opts()).entries.iter().all(|e| e.source == EntrySource::Section));
}

#[test]
fn bad_options_fall_back() {
    let o = WorklogOptions { daily_date: Some("20.03.2024".into()), hours_per_day: 0.0, ..opts() };
    let scan = parse_worklog("## Worklog\n- 2024-03-20 1d x\n- 10:00-11:00 OPS-1 x\n", &o);
    assert_eq!(codes(&scan), vec![("worklog-bad-options", 1), ("worklog-bad-options", 1), ("worklog-no-date", 3)]);
    assert_eq!(scan.entries[0].seconds, 8 * 3600);
    let o = WorklogOptions { hours_per_day: 6.0, days_per_week: 4.0, ..opts() };
    assert_eq!(parse_worklog("## Worklog\n- 2024-03-20 1w x\n", &o).entries[0].seconds, 24 * 3600);
}

#[test]
fn tracker_blocks() {
    let text = r#"# Day
```simple-time-tracker
{"entries":[
 {"name":"OPS-12 login bug","startTime":"2024-03-20T09:30:00.000Z","endTime":"2024-03-20T10:15:30.400Z"},
 {"name":"Lunch","startTime":"2024-03-20T12:00:00.000Z","endTime":"2024-03-20T13:00:00.000Z"},
 {"name":"PLAT-3 work","subEntries":[
   {"name":"Part 1","startTime":"1710928800","endTime":"1710932400"},
   {"name":"OPS-7 detour","startTime":"2024-03-20T11:00:00.000Z","endTime":"2024-03-20T11:30:00.000Z"},
   {"name":"Part 3","startTime":"2024-03-20T14:00:00.000Z"}
 ]}
]}
```
```timekeep
{"entries":[{"name":"Block 1","startTime":null,"endTime":null,"subEntries":[
  {"name":"[[OPS-12 Fix login]]","startTime":"2024-03-20T23:30:00.000Z","endTime":"2024-03-21T00:30:00.000Z","subEntries":null},
  {"name":"OPS-12 again","startTime":"2024-03-20T10:00:00.000Z","endTime":"2024-03-20T09:00:00.000Z","subEntries":null}]},
 {"name":"OPS-1 not started","startTime":null,"endTime":null,"subEntries":null}]}
```
```timekeep
{not json
```
"#;
    let scan = parse_worklog(text, &opts());
    let e: Vec<_> = scan
        .entries
        .iter()
        .map(|e| (e.issue_key.as_deref().unwrap_or(""), e.seconds, e.source, e.date, e.comment.as_str()))
        .collect();
    assert_eq!(
        e,
        vec![
            ("OPS-12", 2730, EntrySource::SimpleTimeTracker, d("2024-03-20"), "OPS-12 login bug"),
            ("PLAT-3", 3600, EntrySource::SimpleTimeTracker, d("2024-03-20"), "Part 1"),
            ("OPS-7", 1800, EntrySource::SimpleTimeTracker, d("2024-03-20"), "OPS-7 detour"),
            ("OPS-12", 3600, EntrySource::Timekeep, d("2024-03-20"), "[[OPS-12 Fix login]]"),
        ]
    );
    let first = &scan.entries[0];
    assert_eq!((first.start, first.end), (None, None));
    assert_eq!(first.started_utc, NaiveDate::from_ymd_opt(2024, 3, 20).and_then(|d| d.and_hms_opt(9, 30, 0)));
    assert_eq!(first.span.start_line, 2);
    assert_eq!(scan.entries[1].started_utc, NaiveDate::from_ymd_opt(2024, 3, 20).and_then(|d| d.and_hms_opt(10, 0, 0)));
    assert_eq!(codes(&scan), vec![("tracker-running", 2), ("tracker-end-before-start", 13), ("tracker-bad-json", 19)]);
    assert!(scan.diagnostics.iter().all(|d| d.severity == crate::diagnostic::Severity::Warning));
}

#[test]
fn serialises_in_camel_case() {
    let scan = parse_worklog("## Worklog\n- 2024-03-20 09:30-11:00 x ^wl-1\n", &opts());
    let json = serde_json::to_value(&scan).expect("serialises");
    let e = &json["entries"][0];
    assert_eq!(e["issueKey"], serde_json::Value::Null);
    assert_eq!(e["date"], "2024-03-20");
    assert_eq!(e["start"], "09:30");
    assert_eq!(e["end"], "11:00");
    assert_eq!(e["startedUtc"], serde_json::Value::Null);
    assert_eq!(e["worklogId"], "1");
    assert_eq!(e["source"], "section");
    assert_eq!(e["span"]["startLine"], 2);
    let opts: WorklogOptions =
        serde_json::from_value(serde_json::json!({"sectionHeading": "Time", "dailyDate": null, "hoursPerDay": 7.5}))
            .expect("deserialises");
    assert_eq!((opts.section_heading.as_str(), opts.hours_per_day, opts.days_per_week), ("Time", 7.5, 5.0));
}
