//! Worklog laws and hostile inputs: durations round-trip through Jira's canonical form for any settings;
//! garbage, huge numbers, megabyte lines and deeply nested tracker JSON never panic and stay roughly linear.
#![cfg(not(target_arch = "wasm32"))]

use jira_vault_sync::worklog::{
    DurationConfig, EntrySource, WorklogEntry, WorklogOptions, format_duration, format_section_line, format_started,
    parse_daily_date, parse_duration, parse_started, parse_worklog, round_to_minutes, time_spent_seconds,
};
use proptest::prelude::*;

const MB: usize = 1 << 20;

fn config() -> impl Strategy<Value = DurationConfig> {
    // Whole and half hours per day, whole days per week, like real Jira settings.
    (1u32..=48, 1u32..=7).prop_map(|(half_hours, days)| DurationConfig {
        hours_per_day: f64::from(half_hours) / 2.0,
        days_per_week: f64::from(days),
    })
}

proptest! {
    #[test]
    fn format_then_parse_is_identity_on_whole_minutes(minutes in 0u64..=u64::MAX / 60, c in config()) {
        let seconds = minutes * 60;
        let text = format_duration(seconds, &c);
        prop_assert_eq!(parse_duration(&text, &c), Ok(seconds), "{}", text);
    }

    #[test]
    fn parse_then_format_is_canonical(w in 0u64..100, d in 0u64..100, h in 0u64..100, m in 0u64..1000, c in config()) {
        let text = format!("{w}w {d}d {h}h {m}m");
        let seconds = parse_duration(&text, &c).expect("valid duration");
        let canonical = format_duration(seconds, &c);
        prop_assert_eq!(parse_duration(&canonical, &c), Ok(seconds));
        prop_assert_eq!(format_duration(parse_duration(&canonical, &c).expect("valid"), &c), canonical.clone());
        // Canonical: units in order, no zero units, each unit below the next larger one.
        prop_assert!(!canonical.contains(" 0") && !canonical.starts_with("0") || canonical == "0m");
    }

    #[test]
    fn parse_is_rounded_and_never_panics(s in "\\PC{0,40}", c in config()) {
        if let Ok(seconds) = parse_duration(&s, &c) {
            prop_assert_eq!(seconds % 60, 0);
        }
    }

    #[test]
    fn started_round_trips(days in 0i64..3_000_000, minute_of_day in 0u32..1440, offset in -1080i32..=1080) {
        let date = chrono::NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)));
        let local = date.and_then(|d| d.and_hms_opt(minute_of_day / 60, minute_of_day % 60, 0)).expect("in range");
        let s = format_started(local, offset).expect("valid");
        prop_assert!(!s.ends_with('Z'));
        prop_assert_eq!(parse_started(&s, offset), Ok(local));
    }

    #[test]
    fn time_spent_is_whole_minutes(seconds in any::<u64>()) {
        let t = time_spent_seconds(seconds);
        prop_assert!(t >= 60 && t % 60 == 0);
        prop_assert!(u64::from(t) <= round_to_minutes(seconds).max(60));
    }

    #[test]
    fn arbitrary_notes_never_panic(lines in prop::collection::vec(line(), 0..30), daily in any::<bool>()) {
        let text = lines.join("\n");
        let options = WorklogOptions { daily_date: daily.then(|| "2024-03-20".to_owned()), ..WorklogOptions::default() };
        let scan = parse_worklog(&text, &options);
        for e in &scan.entries {
            prop_assert!(e.seconds > 0);
            prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            if let (Some(a), Some(b)) = (e.start, e.end) {
                prop_assert!(a < b);
            }
        }
        for d in &scan.diagnostics {
            prop_assert!(d.offset <= text.len() && text.is_char_boundary(d.offset));
        }
    }

    #[test]
    fn section_lines_round_trip(
        days in 0i64..40_000,
        range in prop::option::of((0u32..1439, 1u32..1440)),
        minutes in 1u32..100_000,
        comment in "[A-Za-z][A-Za-z ,.]{0,20}",
        id in prop::option::of(1u64..u64::MAX),
    ) {
        let date = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days))).expect("valid");
        let (start, end, seconds) = match range {
            Some((a, len)) => {
                let b = (a + len).min(1439);
                prop_assume!(b > a);
                let t = |m: u32| chrono::NaiveTime::from_hms_opt(m / 60, m % 60, 0);
                (t(a), t(b), (b - a) * 60)
            }
            None => (None, None, minutes * 60),
        };
        let entry = WorklogEntry {
            issue_key: None, date, start, end, started_utc: None, seconds,
            comment: comment.clone(), worklog_id: id.map(|i| i.to_string()), source: EntrySource::Section,
            span: jira_vault_sync::text::Span { start: 0, end: 0, start_line: 1, end_line: 1 },
        };
        let line = format_section_line(&entry, &DurationConfig::default());
        let scan = parse_worklog(&format!("## Worklog\n{line}\n"), &WorklogOptions::default());
        prop_assert_eq!(scan.diagnostics.len(), 0, "{}", line);
        let back = &scan.entries[0];
        prop_assert_eq!((back.date, back.start, back.end, back.seconds), (date, start, end, seconds));
        prop_assert_eq!(back.comment.as_str(), comment.trim());
        prop_assert_eq!(&back.worklog_id, &entry.worklog_id);
    }

    #[test]
    fn daily_formats_never_panic(name in "\\PC{0,20}", format in "[YMDdo\\[\\]./ -]{0,12}") {
        let _ = parse_daily_date(&name, &format);
    }
}

/// Lines that are often almost worklog entries.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Worklog".to_owned()),
        Just("# Other".to_owned()),
        Just("```timekeep".to_owned()),
        Just("```".to_owned()),
        "- (2024-0[1-3]-[0-3][0-9] )?[0-2]?[0-9]:[0-6][0-9] ?[-–—] ?[0-2]?[0-9]:[0-6][0-9] (OPS-1|\\[\\[OPS-2\\]\\])? ?x( \\^wl-[0-9]{1,3})?",
        "- 2024-03-20 [0-9.]{1,4}[wdhmx] [0-9]{0,3}[hm]? ?\\PC{0,8}",
        "\\{\"entries\":\\[\\{\"name\":\"OPS-1\",\"startTime\":\"2024-03-20T0[0-9]:00:00Z\",\"endTime\":(null|\"2024-03-20T0[0-9]:00:00Z\")\\}\\]\\}",
        "\\PC{0,30}",
    ]
}

#[test]
fn huge_numbers_are_errors_not_panics() {
    let c = DurationConfig::default();
    for s in
        ["9".repeat(5000) + "w", format!("{}.{}h", "1".repeat(30), "9".repeat(5000)), "18446744073709551616m".into()]
    {
        assert!(parse_duration(&s, &c).is_err(), "{s:.40}");
    }
    let text = format!(
        "## Worklog\n- 2024-03-20 {}w x\n- 2024-03-20 {}:00-{}:00 y\n",
        "9".repeat(100),
        "9".repeat(50),
        "1".repeat(50)
    );
    let scan = parse_worklog(&text, &WorklogOptions::default());
    assert!(scan.entries.is_empty());
    assert_eq!(scan.diagnostics.len(), 2);
    let odd = WorklogOptions { hours_per_day: f64::INFINITY, days_per_week: -1.0, ..WorklogOptions::default() };
    assert_eq!(parse_worklog("## Worklog\n- 2024-03-20 1d x\n", &odd).entries[0].seconds, 8 * 3600);
}

#[test]
fn megabyte_lines_and_many_entries() {
    let long = format!(
        "## Worklog\n- 2024-03-20 1h {}\n- {}\n- 09:30{}\n",
        "x".repeat(MB),
        "1h ".repeat(MB / 3),
        " ".repeat(MB)
    );
    let scan = parse_worklog(&long, &WorklogOptions::default());
    assert_eq!(scan.entries.len(), 1);
    assert_eq!(scan.entries[0].comment.len(), MB);

    let daily = format!("- 10:00-11:00 {}\n- 10:00-11:00 {}OPS-1\n", "[[".repeat(MB / 2), "[[a]]".repeat(MB / 5));
    let options = WorklogOptions { daily_date: Some("2024-03-20".into()), ..WorklogOptions::default() };
    let scan = parse_worklog(&daily, &options);
    assert_eq!(scan.entries.len(), 1);

    // Many bad lines: each diagnostic is positioned from its line alone, so this stays linear.
    let bad = format!("## Worklog\n{}", "- 2024-03-20 11:00-10:00 ü\n".repeat(MB / 28));
    let scan = parse_worklog(&bad, &WorklogOptions::default());
    assert_eq!(scan.diagnostics.len(), MB / 28);
    assert_eq!(scan.diagnostics.last().map(|d| d.line), Some(MB / 28 + 1));

    let good = format!("## Worklog\n{}", "- 2024-03-20 10:00-11:00 ok ^wl-1\n".repeat(MB / 34));
    assert_eq!(parse_worklog(&good, &WorklogOptions::default()).entries.len(), MB / 34);
}

#[test]
fn hostile_tracker_json() {
    let deep = format!(
        "```timekeep\n{{\"entries\":[{}{}]}}\n```\n",
        "{\"name\":\"OPS-1\",\"subEntries\":[".repeat(5000),
        "]}".repeat(5000)
    );
    let scan = parse_worklog(&deep, &WorklogOptions::default());
    assert!(scan.entries.is_empty());
    assert_eq!(scan.diagnostics.len(), 1);

    let many = format!(
        "```simple-time-tracker\n{{\"entries\":[{}{{}}]}}\n```\n",
        "{\"name\":\"OPS-1\",\"startTime\":\"2024-03-20T09:00:00Z\",\"endTime\":\"2024-03-20T10:00:00Z\"},"
            .repeat(20_000)
    );
    assert_eq!(parse_worklog(&many, &WorklogOptions::default()).entries.len(), 20_000);

    for body in [
        "[]",
        "{\"entries\":5}",
        "{\"entries\":[1,null,\"x\",{\"name\":7}]}",
        "{\"entries\":[{\"name\":\"OPS-1\",\"startTime\":\"99999999999999999999\",\"endTime\":\"-1\"}]}",
        "{\"entries\":[{\"name\":\"OPS-1\",\"startTime\":-99999999999999,\"endTime\":99999999999999}]}",
    ] {
        let text = format!("```simple-time-tracker\n{body}\n```\n");
        let scan = parse_worklog(&text, &WorklogOptions::default());
        assert!(scan.entries.is_empty(), "{body}");
    }
}
