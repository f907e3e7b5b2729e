//! Tests of [`super::time_suggest`]: rounding and the minimum, the local day in a zone (a winter day in Berlin,
//! both daylight-saving days in Los Angeles), subtraction of time already logged (section and daily notes), the
//! note a suggestion goes to, and edited lines that read back.

use chrono::{DateTime, NaiveDate};

use super::time_suggest::{ActivitySpan, TimeSuggestInput, TimeSuggestions, suggestion_line, time_suggestions};
use crate::worklog::reconcile::NoteText;
use crate::worklog::{DurationConfig, WorklogOptions, parse_worklog};

fn ms(rfc3339: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339).expect("valid instant").timestamp_millis()
}

fn span(key: &str, from: &str, to: &str) -> ActivitySpan {
    ActivitySpan { path: format!("Jira/{key}.md"), key: key.to_owned(), start: ms(from), end: ms(to) }
}

/// Los Angeles: PDT (−420) from 2026-03-08 10:00 UTC to 2026-11-01 09:00 UTC, else PST (−480).
fn los_angeles(instant: &str) -> i32 {
    let t = ms(&instant.replace('Z', "+00:00"));
    if t >= ms("2026-03-08T10:00:00Z") && t < ms("2026-11-01T09:00:00Z") { -420 } else { -480 }
}

/// Berlin: CEST (120) from 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC, else CET (60).
fn berlin(instant: &str) -> i32 {
    let t = ms(&instant.replace('Z', "+00:00"));
    if t >= ms("2026-03-29T01:00:00Z") && t < ms("2026-10-25T01:00:00Z") { 120 } else { 60 }
}

/// Runs the suggestions, answering the zone questions as the shell does, until none is left.
fn run(mut input: TimeSuggestInput, zone: fn(&str) -> i32) -> TimeSuggestions {
    for _ in 0..4 {
        let out = time_suggestions(&input).expect("a valid day");
        if out.zone_instants.is_empty() {
            return out;
        }
        for at in out.zone_instants {
            let offset = zone(&at);
            input.zone_offsets.0.insert(at, offset);
        }
    }
    panic!("zone questions did not settle");
}

fn input(day: &str, spans: Vec<ActivitySpan>) -> TimeSuggestInput {
    TimeSuggestInput { day: day.to_owned(), spans, ..TimeSuggestInput::default() }
}

fn minutes(out: &TimeSuggestions) -> Vec<(&str, u32, u32, u32)> {
    out.suggestions.iter().map(|s| (s.key.as_str(), s.active_minutes, s.logged_minutes, s.minutes)).collect()
}

#[test]
fn rounds_to_the_nearest_step_and_drops_what_is_under_the_minimum() {
    let at = |m: u32| format!("2026-12-03T09:{m:02}:00Z");
    let spans = vec![
        span("OPS-16", &at(0), &at(52)), // 52 → 45
        span("OPS-17", &at(0), &at(53)), // 53 → 60
        span("OPS-18", &at(0), &at(7)),  // 7 → 0: nothing
        span("OPS-19", &at(0), &at(8)),  // 8 → 15
        span("OPS-2", &at(10), &at(40)), // 30, sorted before OPS-16 by number
    ];
    let out = run(input("2026-12-03", spans.clone()), |_| 0);
    assert_eq!(
        minutes(&out),
        [("OPS-2", 30, 0, 30), ("OPS-16", 52, 0, 45), ("OPS-17", 53, 0, 60), ("OPS-19", 8, 0, 15)]
    );
    assert_eq!(out.suggestions[2].duration, "1h");
    assert_eq!(out.suggestions[1].line, "- 2026-12-03 45m");
    assert_eq!(out.suggestions[1].path, "Jira/OPS-16.md");

    // A 30-minute minimum drops the 15; whole minutes with a 1-minute step.
    let out = run(TimeSuggestInput { minimum_minutes: 30, ..input("2026-12-03", spans.clone()) }, |_| 0);
    assert_eq!(out.suggestions.iter().map(|s| s.minutes).collect::<Vec<_>>(), [30, 45, 60]);
    let out = run(TimeSuggestInput { round_minutes: 1, minimum_minutes: 1, ..input("2026-12-03", spans) }, |_| 0);
    assert_eq!(out.suggestions.iter().map(|s| s.minutes).collect::<Vec<_>>(), [30, 52, 53, 7, 8]);
}

#[test]
fn the_day_is_the_local_day_in_the_zone() {
    // Berlin in winter (UTC+1): 22:30–23:30 UTC on 2 December is 23:30–00:30 local; 30 minutes are 3 December's.
    let spans = vec![
        span("OPS-16", "2026-12-02T22:30:00Z", "2026-12-02T23:30:00Z"),
        span("OPS-16", "2026-12-03T10:00:00Z", "2026-12-03T10:20:00Z"),
    ];
    let out = run(input("2026-12-03", spans.clone()), berlin);
    assert_eq!(minutes(&out), [("OPS-16", 50, 0, 45)]);
    // Read as UTC (before the zone questions are answered) the day holds only the 20 minutes.
    let utc = time_suggestions(&input("2026-12-03", spans)).expect("valid");
    assert!(!utc.zone_instants.is_empty());
    assert_eq!(minutes(&utc), [("OPS-16", 20, 0, 15)]);
}

#[test]
fn daylight_saving_days_are_23_and_25_hours_long() {
    let all_week = |key: &str| span(key, "2026-02-28T00:00:00Z", "2026-11-30T00:00:00Z");
    let whole = |day: &str| {
        let out = run(TimeSuggestInput { round_minutes: 1, ..input(day, vec![all_week("OPS-1")]) }, los_angeles);
        out.suggestions[0].active_minutes
    };
    assert_eq!(whole("2026-03-08"), 23 * 60);
    assert_eq!(whole("2026-11-01"), 25 * 60);
    assert_eq!(whole("2026-11-02"), 24 * 60);
    // 01:30 PST on 2026-11-01 is the second pass of the repeated hour; the day's last minute ends at 08:00 UTC on
    // 2 November (midnight PST).
    let late = vec![span("OPS-1", "2026-11-02T07:30:00Z", "2026-11-02T08:30:00Z")];
    assert_eq!(minutes(&run(input("2026-11-01", late.clone()), los_angeles)), [("OPS-1", 30, 0, 30)]);
    assert_eq!(minutes(&run(input("2026-11-02", late), los_angeles)), [("OPS-1", 30, 0, 30)]);
}

#[test]
fn time_already_logged_that_day_is_subtracted() {
    let note = |path: &str, content: &str| NoteText { path: path.to_owned(), content: content.to_owned() };
    let notes = vec![
        note(
            "Jira/OPS/OPS-16 Fix login.md",
            "---\njira_key: OPS-16\n---\n# Fix login\n\n## Worklog\n- 2026-12-03 30m Triage ^wl-10042\n- 2026-12-02 2h Yesterday\n",
        ),
        note("Daily/2026-12-03.md", "- 10:00 - 10:15 [[OPS-16 Fix login]] standup\n- 11:00 - 12:00 OPS-17 pairing\n"),
        note("Daily/2026-12-02.md", "- 10:00 - 11:00 OPS-16 not today\n"),
    ];
    let spans = vec![
        span("OPS-16", "2026-12-03T08:00:00Z", "2026-12-03T09:30:00Z"), // 90 − 30 − 15 = 45
        span("OPS-17", "2026-12-03T08:00:00Z", "2026-12-03T09:00:00Z"), // 60 − 60 = 0
        span("OPS-18", "2026-12-03T08:00:00Z", "2026-12-03T08:20:00Z"), // 20 → 15, no note: the span's path
    ];
    let base = TimeSuggestInput { notes, daily_folder: "Daily".into(), ..input("2026-12-03", spans) };
    let out = run(base.clone(), berlin);
    assert_eq!(minutes(&out), [("OPS-16", 90, 45, 45), ("OPS-18", 20, 0, 15)]);
    assert_eq!(out.suggestions[0].path, "Jira/OPS/OPS-16 Fix login.md");
    assert_eq!(out.suggestions[1].path, "Jira/OPS-18.md");

    // Without the daily folder the daily note's blocks are not read: only the section's 30 minutes count.
    let out = run(TimeSuggestInput { daily_folder: String::new(), ..base.clone() }, berlin);
    assert_eq!(minutes(&out)[..2], [("OPS-16", 90, 30, 60), ("OPS-17", 60, 0, 60)]);

    // Daily notes at the vault root (`/`).
    let mut notes = base.notes.clone();
    notes[1].path = "2026-12-03.md".into();
    let out = run(TimeSuggestInput { notes, daily_folder: "/".into(), ..base.clone() }, berlin);
    assert_eq!(minutes(&out)[0], ("OPS-16", 90, 45, 45));

    // Another key property: the note is matched by it.
    let renamed = base.notes[0].content.replace("jira_key", "issue");
    let notes = vec![NoteText { content: renamed, ..base.notes[0].clone() }];
    let out = run(TimeSuggestInput { notes, key_property: "issue".into(), ..base }, berlin);
    assert_eq!(minutes(&out)[0], ("OPS-16", 90, 30, 60));
}

#[test]
fn logged_ranges_count_real_elapsed_time_on_a_daylight_saving_day() {
    // Los Angeles, 2026-11-01: 00:30–02:30 on the wall clock is three hours (01:00–02:00 happens twice).
    let notes = vec![NoteText {
        path: "Jira/OPS-1.md".into(),
        content: "---\njira_key: OPS-1\n---\n## Worklog\n- 2026-11-01 00:30–02:30 night shift\n".into(),
    }];
    let spans = vec![span("OPS-1", "2026-11-01T16:00:00Z", "2026-11-01T20:00:00Z")]; // 4 h active
    let out = run(TimeSuggestInput { notes, ..input("2026-11-01", spans) }, los_angeles);
    assert_eq!(minutes(&out), [("OPS-1", 240, 180, 60)]);
}

#[test]
fn edited_suggestions_become_lines_the_worklog_parser_reads_back() {
    let c = DurationConfig::default();
    let line = suggestion_line("2026-12-03", " 1h 30m ", "Reviewed\nthe fix", &c).expect("valid");
    assert_eq!(line, "- 2026-12-03 1h 30m Reviewed the fix");
    let scan = parse_worklog(&format!("## Worklog\n{line}\n"), &WorklogOptions::default());
    let e = &scan.entries[0];
    assert_eq!(
        (e.date, e.seconds, e.comment.as_str()),
        (NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"), 5400, "Reviewed the fix")
    );
    assert_eq!(suggestion_line("2026-12-03", "45m", "", &c).as_deref(), Ok("- 2026-12-03 45m"));
    assert_eq!(suggestion_line("2026-12-03", "1.5h", "", &c).as_deref(), Ok("- 2026-12-03 1h 30m"));
    for (duration, comment) in [("soon", ""), ("0m", ""), ("", "x"), ("45m", "2h more"), ("45m", "done ^abc")] {
        assert!(suggestion_line("2026-12-03", duration, comment, &c).is_err(), "{duration} {comment}");
    }
    assert!(suggestion_line("3 December", "45m", "", &c).is_err());
    assert!(time_suggestions(&input("2026-13-01", Vec::new())).is_err());
}
