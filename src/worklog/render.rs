//! Writing entries back as worklog-section lines, and the values Jira needs for an entry (`started`,
//! `timeSpentSeconds`).
//!
//! Decisions: a line is `- YYYY-MM-DD HH:MM–HH:MM comment ^wl-<id>` when the entry has a local time range,
//! otherwise `- YYYY-MM-DD <canonical duration> comment ^wl-<id>`; the comment's line breaks become spaces.
//! Reading such a line back gives the same date, times, seconds (whole minutes), comment and worklog id, as long
//! as the comment does not itself end in a ` ^blockid` or, in the duration form, start with a duration word
//! (e.g. `2h`). Entries without a local start time (duration-only lines) start at a caller-chosen default time;
//! tracker entries are converted from their UTC instant with the offset of the user's zone at that instant.

use crate::date_text::{Date, Minutes};
use chrono::{NaiveDateTime, NaiveTime};

use super::duration::{DurationConfig, format_duration};
use super::entry::WorklogEntry;
use super::time::{TimeError, format_started, time_spent_seconds, utc_to_local};

impl WorklogEntry {
    /// The local wall-clock start: `date` + `start`; for a duration-only line `date` + `default_start`; for a
    /// tracker entry `started_utc` shifted by `offset_minutes` (the zone's offset at that instant).
    pub fn local_start(&self, offset_minutes: i32, default_start: NaiveTime) -> Result<NaiveDateTime, TimeError> {
        match (self.started_utc, self.start) {
            (Some(utc), _) => utc_to_local(utc, offset_minutes),
            (None, Some(start)) => Ok(self.date.and_time(start)),
            (None, None) => Ok(self.date.and_time(default_start)),
        }
    }

    /// Jira's `started` for this entry (`2024-03-20T09:30:00.000+0100`), with the zone's UTC offset at the
    /// entry's start.
    pub fn jira_started(&self, offset_minutes: i32, default_start: NaiveTime) -> Result<String, TimeError> {
        format_started(self.local_start(offset_minutes, default_start)?, offset_minutes)
    }

    /// Jira's `timeSpentSeconds`: whole minutes, at least 60.
    pub fn time_spent_seconds(&self) -> u32 {
        time_spent_seconds(u64::from(self.seconds))
    }

    /// Jira's `timeSpentSeconds` as real elapsed time: for a time range, its wall-clock length less the change
    /// of the zone's offset from start to end (`start_offset` and `end_offset`, minutes east of UTC, each at its
    /// own time; see [`super::time::wall_offset`]). Los Angeles 2026-03-08 01:30–03:30 (−480 → −420) is 3600 s;
    /// 2026-11-01 00:30–02:30 (−420 → −480) is 10 800 s. Entries without a range, and a range that would not
    /// be positive (only a time inside a skipped hour can do that), give [`Self::time_spent_seconds`].
    pub fn elapsed_seconds(&self, start_offset: i32, end_offset: i32) -> u32 {
        let (None, Some(a), Some(b)) = (self.started_utc, self.start, self.end) else {
            return self.time_spent_seconds();
        };
        let shift = (i64::from(end_offset) - i64::from(start_offset)) * 60;
        let elapsed = (b - a).num_seconds() - shift;
        u64::try_from(elapsed).ok().filter(|s| *s > 0).map_or_else(|| self.time_spent_seconds(), time_spent_seconds)
    }
}

/// The worklog-section line for an entry (without a line ending).
pub fn format_section_line(entry: &WorklogEntry, config: &DurationConfig) -> String {
    let mut line = format!("- {}", Date(entry.date));
    match (entry.start, entry.end) {
        (Some(a), Some(b)) if a < b => line.push_str(&format!(" {}–{}", Minutes(a), Minutes(b))),
        _ => {
            line.push(' ');
            line.push_str(&format_duration(u64::from(entry.time_spent_seconds()), config));
        }
    }
    let comment = entry.comment.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>();
    if !comment.is_empty() {
        line.push(' ');
        line.push_str(&comment.join(" "));
    }
    if let Some(id) = &entry.worklog_id {
        line.push_str(" ^wl-");
        line.push_str(id);
    }
    line
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::worklog::{EntrySource, WorklogOptions, parse_worklog};

    fn entry(start: Option<(u32, u32)>, end: Option<(u32, u32)>, seconds: u32) -> WorklogEntry {
        let t = |p: Option<(u32, u32)>| p.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0));
        WorklogEntry {
            issue_key: None,
            date: NaiveDate::from_ymd_opt(2024, 3, 20).expect("valid"),
            start: t(start),
            end: t(end),
            started_utc: None,
            seconds,
            comment: "Deploy\nfix ".into(),
            worklog_id: Some("10042".into()),
            source: EntrySource::Section,
            span: crate::text::Span { start: 0, end: 0, start_line: 1, end_line: 1 },
        }
    }

    #[test]
    fn lines_read_back_the_same() {
        let c = DurationConfig::default();
        for e in [entry(Some((9, 30)), Some((11, 0)), 5400), entry(None, None, 5400), entry(None, None, 9 * 3600)] {
            let line = format_section_line(&e, &c);
            let scan = parse_worklog(&format!("## Worklog\n{line}\n"), &WorklogOptions::default());
            let back = &scan.entries[0];
            assert_eq!((back.date, back.start, back.end, back.seconds), (e.date, e.start, e.end, e.seconds), "{line}");
            assert_eq!((back.comment.as_str(), back.worklog_id.as_deref()), ("Deploy fix", Some("10042")));
        }
        assert_eq!(
            format_section_line(&entry(Some((9, 30)), Some((11, 0)), 5400), &c),
            "- 2024-03-20 09:30–11:00 Deploy fix ^wl-10042"
        );
        assert_eq!(format_section_line(&entry(None, None, 9 * 3600), &c), "- 2024-03-20 1d 1h Deploy fix ^wl-10042");
    }

    #[test]
    fn started_and_time_spent() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("valid");
        let e = entry(Some((9, 30)), Some((11, 0)), 5400);
        assert_eq!(e.jira_started(60, nine).as_deref(), Ok("2024-03-20T09:30:00.000+0100"));
        assert_eq!(entry(None, None, 20).jira_started(-300, nine).as_deref(), Ok("2024-03-20T09:00:00.000-0500"));
        assert_eq!(entry(None, None, 20).time_spent_seconds(), 60);
        let mut tracked = entry(None, None, 1500);
        tracked.started_utc = NaiveDate::from_ymd_opt(2024, 3, 20).and_then(|d| d.and_hms_opt(23, 30, 0));
        assert_eq!(tracked.jira_started(120, nine).as_deref(), Ok("2024-03-21T01:30:00.000+0200"));
        assert_eq!(tracked.jira_started(5000, nine), Err(TimeError::InvalidOffset(5000)));
    }

    #[test]
    fn ranges_are_real_elapsed_time_across_daylight_saving_switches() {
        let scan = |line: &str| parse_worklog(&format!("## Worklog\n{line}\n"), &WorklogOptions::default()).entries;
        let spring = scan("- 2026-03-08 01:30–03:30 night shift");
        // Los Angeles: PST (−480) at 01:30, PDT (−420) at 03:30: one hour passed.
        assert_eq!(spring[0].elapsed_seconds(-480, -420), 3600);
        let fall = scan("- 2026-11-01 00:30–02:30 night shift");
        assert_eq!(fall[0].elapsed_seconds(-420, -480), 3 * 3600);
        // Both ends in the repeated hour read with the same (earlier) offset: the wall-clock length.
        let repeated = scan("- 2026-11-01 01:30–01:45 call");
        assert_eq!(repeated[0].elapsed_seconds(-420, -420), 900);
        // No switch: the wall-clock length; Berlin summer.
        assert_eq!(entry(Some((9, 30)), Some((11, 0)), 5400).elapsed_seconds(120, 120), 5400);
        // A range that would not be positive (02:30 skipped, read as 03:30, "until" 03:15) keeps its wall-clock
        // length.
        assert_eq!(entry(Some((2, 30)), Some((3, 15)), 2700).elapsed_seconds(-480, -420), 2700);
        // Entries without a range are their duration.
        assert_eq!(entry(None, None, 5400).elapsed_seconds(-480, -420), 5400);
    }
}
