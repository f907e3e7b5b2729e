//! Local days and weeks of the Jira user's zone, from [`OffsetSpan`]s (no tz database in the core).
//!
//! A day is numbered by days since 1970-01-01 in the zone. The day of an instant `t` is
//! `⌊(t + offset(t)) ÷ 86 400 000⌋`; a day's first instant is the smallest `t` whose day is that day (found by
//! bisection, so a day that begins in a skipped hour still has a start, and a day across a DST switch lasts 23
//! or 25 hours). Invariant: the spans are sorted by `from` (the constructor sorts them).

use chrono::{Datelike, Duration, NaiveDate};

use super::config::OffsetSpan;
use crate::history::Millis;

const DAY_MS: i64 = 86_400_000;
/// Offsets are within ±18 hours, so a local midnight lies within this much of the UTC midnight of its date.
const SEARCH_MS: i64 = 19 * 3_600_000;

/// A local calendar: the zone's offsets and the first day of the week.
#[derive(Debug, Clone)]
pub struct Calendar {
    spans: Vec<OffsetSpan>,
    /// First day of the week, ISO (1 = Monday).
    week_start: u8,
}

impl Calendar {
    /// A calendar of `spans` (any order; empty: UTC), weeks starting on ISO day `week_start` (1–7; anything
    /// else is Monday).
    pub fn new(spans: &[OffsetSpan], week_start: u8) -> Calendar {
        let mut spans = spans.to_vec();
        crate::sort::sort_by_key(&mut spans, |s| s.from);
        let week_start = if (1..=7).contains(&week_start) { week_start } else { 1 };
        Calendar { spans, week_start }
    }

    /// The zone's offset at `t`, in minutes east of UTC.
    pub fn offset(&self, t: Millis) -> i32 {
        let i = self.spans.partition_point(|s| s.from <= t);
        match i.checked_sub(1).and_then(|i| self.spans.get(i)).or(self.spans.first()) {
            Some(s) => s.offset_minutes,
            None => 0,
        }
    }

    /// The local day of instant `t`.
    pub fn day(&self, t: Millis) -> i64 {
        (t + i64::from(self.offset(t)) * 60_000).div_euclid(DAY_MS)
    }

    /// The first instant of local day `day`.
    pub fn day_start(&self, day: i64) -> Millis {
        let (mut lo, mut hi) = (day * DAY_MS - SEARCH_MS, day * DAY_MS + SEARCH_MS);
        // Invariant: day(lo) < day ≤ day(hi).
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.day(mid) < day { lo = mid } else { hi = mid }
        }
        hi
    }

    /// The first day of the week holding `day`.
    pub fn week_of(&self, day: i64) -> i64 {
        // 1970-01-01 was a Thursday (ISO 4).
        let iso = (day + 3).rem_euclid(7) + 1;
        day - (iso - i64::from(self.week_start)).rem_euclid(7)
    }
}

/// ISO weekday (1 = Monday … 7 = Sunday) of a day number.
pub fn iso_weekday(day: i64) -> u8 {
    ((day + 3).rem_euclid(7) + 1) as u8
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i64) -> String {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    match epoch.checked_add_signed(Duration::days(day)) {
        Some(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        None => String::new(),
    }
}

/// A `YYYY-MM-DD` date, as `NaiveDate::parse_from_str(text, "%Y-%m-%d")` reads it (read by hand, see
/// `crate::date_text`: chrono's format parser was a large part of a report's cost when every issue's date is
/// read back).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    crate::date_text::parse_date(text)
}

/// The day number of a `YYYY-MM-DD` date, when it is one.
pub fn parse_day(text: &str) -> Option<i64> {
    let date = parse_date(text.trim())?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_directly_read_as_chrono_reads_them() {
        for text in [
            "2026-03-02",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "9999-12-31",
            "2026-3-02",
            "2026-03-2",
            "2026/03/02",
            "2026-03-02 ",
            "+2026-03-02",
            "2026-03-0x",
            "",
            "20260302",
        ] {
            assert_eq!(parse_date(text), NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(), "{text:?}");
        }
    }

    fn berlin_2026() -> Calendar {
        // CET +60; CEST +120 from 2026-03-29T01:00Z; CET again from 2026-10-25T01:00Z.
        Calendar::new(
            &[
                OffsetSpan { from: 0, offset_minutes: 60 },
                OffsetSpan { from: 1_774_746_000_000, offset_minutes: 120 },
                OffsetSpan { from: 1_792_890_000_000, offset_minutes: 60 },
            ],
            1,
        )
    }

    #[test]
    fn days_across_dst_are_23_and_25_hours() {
        let cal = berlin_2026();
        let d = parse_day("2026-03-29").expect("a date");
        // 2026-03-29 starts at 2026-03-28T23:00Z (CET) and ends at 2026-03-29T22:00Z (CEST): 23 hours.
        assert_eq!(cal.day_start(d), 1_774_738_800_000);
        assert_eq!(cal.day_start(d + 1) - cal.day_start(d), 23 * 3_600_000);
        let d = parse_day("2026-10-25").expect("a date");
        assert_eq!(cal.day_start(d + 1) - cal.day_start(d), 25 * 3_600_000);
        assert_eq!(format_day(d), "2026-10-25");
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        let cal = Calendar::new(&[], 1);
        let wed = parse_day("2026-12-02").expect("a date");
        assert_eq!(iso_weekday(wed), 3);
        assert_eq!(format_day(cal.week_of(wed)), "2026-11-30");
        let sunday_weeks = Calendar::new(&[], 7);
        assert_eq!(format_day(sunday_weeks.week_of(wed)), "2026-11-29");
        assert_eq!(format_day(sunday_weeks.week_of(wed - 3)), "2026-11-29");
    }
}
