//! Jira's `started` timestamps and `timeSpentSeconds`, without a time-zone database.
//!
//! Decisions:
//! - Entries are local wall-clock times in the user's zone. The core has no tz database, so the caller supplies
//!   the zone's UTC offset in minutes *at that local time* (east of UTC positive, e.g. `+60` for CET, `+120` for
//!   CEST); across a daylight-saving change each entry gets its own offset.
//! - `started` is written as `yyyy-MM-dd'T'HH:mm:ss.SSS+hhmm`, never `Z` (Jira's own format; UTC is `+0000`).
//! - Reading accepts `Z`, `+hhmm`, `+hh:mm` and `+hh`, optional seconds and fraction (milliseconds kept, finer
//!   digits dropped); a timestamp without an offset is taken as UTC (Simple Time Tracker and Timekeep always
//!   write `Z`).
//! - Offsets are limited to ±18 hours, like `java.time.ZoneOffset`.
//! - `timeSpentSeconds` is the duration rounded to whole minutes, at least 60 (Jira's minimum), at most the
//!   largest whole-minute `u32`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

/// The largest accepted UTC offset, in minutes.
pub const MAX_OFFSET_MINUTES: i32 = 18 * 60;

/// Why a timestamp could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// An offset beyond ±18 hours.
    #[error("UTC offset of {0} minutes is out of range (at most ±18 hours)")]
    InvalidOffset(i32),
    /// Not a `yyyy-MM-ddTHH:mm[:ss[.SSS]][offset]` timestamp.
    #[error("not a timestamp like 2024-03-20T09:30:00.000+0100")]
    Syntax,
    /// A date or time that does not exist, or falls outside the representable range after the offset.
    #[error("timestamp out of range")]
    OutOfRange,
}

fn check_offset(offset_minutes: i32) -> Result<TimeDelta, TimeError> {
    if offset_minutes.unsigned_abs() > MAX_OFFSET_MINUTES.unsigned_abs() {
        return Err(TimeError::InvalidOffset(offset_minutes));
    }
    Ok(TimeDelta::minutes(i64::from(offset_minutes)))
}

/// The UTC instant of a local wall-clock time in a zone `offset_minutes` east of UTC.
pub fn local_to_utc(local: NaiveDateTime, offset_minutes: i32) -> Result<NaiveDateTime, TimeError> {
    local.checked_sub_signed(check_offset(offset_minutes)?).ok_or(TimeError::OutOfRange)
}

/// The local wall-clock time of a UTC instant in a zone `offset_minutes` east of UTC.
pub fn utc_to_local(utc: NaiveDateTime, offset_minutes: i32) -> Result<NaiveDateTime, TimeError> {
    utc.checked_add_signed(check_offset(offset_minutes)?).ok_or(TimeError::OutOfRange)
}

/// Jira's `started` for a local wall-clock time: `2024-03-20T09:30:00.000+0100`.
pub fn format_started(local: NaiveDateTime, offset_minutes: i32) -> Result<String, TimeError> {
    check_offset(offset_minutes)?;
    if !(0..=9999).contains(&local.year()) {
        return Err(TimeError::OutOfRange);
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.unsigned_abs();
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{sign}{:02}{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        (local.nanosecond() / 1_000_000).min(999),
        abs / 60,
        abs % 60
    ))
}

/// Reads a timestamp as written: its wall-clock date-time and its offset in minutes (0 for `Z` or none).
pub fn parse_timestamp(s: &str) -> Result<(NaiveDateTime, i32), TimeError> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Result<u32, TimeError> {
        let part = s.get(from..from + len).ok_or(TimeError::Syntax)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(TimeError::Syntax);
        }
        part.parse().map_err(|_| TimeError::Syntax)
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":")) {
        return Err(TimeError::Syntax);
    }
    let year = i32::try_from(num(0, 4)?).map_err(|_| TimeError::Syntax)?;
    let date = NaiveDate::from_ymd_opt(year, num(5, 2)?, num(8, 2)?).ok_or(TimeError::OutOfRange)?;
    let (hour, minute) = (num(11, 2)?, num(14, 2)?);
    let mut i = 16;
    let mut second = 0;
    let mut millis = 0;
    if sep(i, b":") {
        second = num(i + 1, 2)?;
        i += 3;
        if sep(i, b".,") {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return Err(TimeError::Syntax);
            }
            let digits = &s[start..(start + 3).min(i)];
            millis = digits.parse::<u32>().map_err(|_| TimeError::Syntax)? * 10u32.pow(3 - digits.len() as u32);
        }
    }
    let time = NaiveTime::from_hms_milli_opt(hour, minute, second, millis).ok_or(TimeError::OutOfRange)?;
    let offset = parse_offset(&s[i..])?;
    check_offset(offset)?;
    Ok((NaiveDateTime::new(date, time), offset))
}

/// `Z`, empty, `+hhmm`, `+hh:mm` or `+hh` → minutes east of UTC.
fn parse_offset(s: &str) -> Result<i32, TimeError> {
    if s.is_empty() || s.eq_ignore_ascii_case("z") {
        return Ok(0);
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(TimeError::Syntax),
    };
    // Two digits, four, or two, a colon and two: hours and minutes (read without building a string: every
    // worklog's `started` comes through here).
    let rest = &s.as_bytes()[1..];
    let (h, m): (&[u8], &[u8]) = match rest.len() {
        2 => (rest, &[]),
        4 => (&rest[..2], &rest[2..]),
        5 if rest[2] == b':' => (&rest[..2], &rest[3..]),
        _ => return Err(TimeError::Syntax),
    };
    if !h.iter().chain(m).all(u8::is_ascii_digit) {
        return Err(TimeError::Syntax);
    }
    let two = |d: &[u8]| i32::from(d[0] - b'0') * 10 + i32::from(d[1] - b'0');
    let hours = two(h);
    let minutes = if m.is_empty() { 0 } else { two(m) };
    if minutes > 59 {
        return Err(TimeError::Syntax);
    }
    Ok(sign * (hours * 60 + minutes))
}

/// Reads Jira's `started` back to a local wall-clock time in a zone `offset_minutes` east of UTC (the offset
/// of the user's zone at that instant; it may differ from the offset Jira wrote).
pub fn parse_started(s: &str, offset_minutes: i32) -> Result<NaiveDateTime, TimeError> {
    let (written, written_offset) = parse_timestamp(s)?;
    utc_to_local(local_to_utc(written, written_offset)?, offset_minutes)
}

/// Reads a timestamp as a UTC instant (no offset means UTC).
pub fn parse_utc_instant(s: &str) -> Result<NaiveDateTime, TimeError> {
    let (written, offset) = parse_timestamp(s)?;
    local_to_utc(written, offset)
}

/// Jira's `timeSpentSeconds` for a duration: rounded to whole minutes, at least 60.
pub fn time_spent_seconds(seconds: u64) -> u32 {
    let rounded = super::duration::round_to_minutes(seconds).max(60);
    u32::try_from(rounded).unwrap_or(u32::MAX / 60 * 60)
}

/// The UTC offset (minutes east) a local wall-clock time is read with, found without a time zone database
/// from four answers of the zone: `before` and `after`, its offsets a day before and a day after the time read
/// as UTC (so on either side of any switch near it), and `check_before` and `check_after`, its offsets at the
/// instants `local - before` and `local - after`. An offset fits a time when the instant it gives has it.
///
/// - No switch near the time (`before == after`): that offset.
/// - A time that exists once: the offset that fits.
/// - A time that exists twice (the hour repeated when clocks go back): `before`, the earlier instant
///   (Los Angeles, 2026-11-01 01:30 is 01:30 PDT, not PST).
/// - A time that does not exist (skipped when clocks go forward): `before`, so it counts as that long after the
///   switch (Los Angeles, 2026-03-08 02:30 is read as 03:30 PDT).
///
/// These are the rules of JavaScript's `Temporal` (`disambiguation: "compatible"`).
pub fn wall_offset(before: i32, after: i32, check_before: Option<i32>, check_after: Option<i32>) -> i32 {
    if before == after || check_before == Some(before) || check_after != Some(after) { before } else { after }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Los Angeles in 2026: PST −480 until 2026-03-08 10:00Z, PDT −420 until 2026-11-01 09:00Z, then PST.
    fn la(utc: NaiveDateTime) -> i32 {
        let spring = dt("2026-03-08 10:00:00");
        let fall = dt("2026-11-01 09:00:00");
        if utc >= spring && utc < fall { -420 } else { -480 }
    }

    /// The offset `wall_offset` picks for a Los Angeles wall-clock time, asking `la` as the driver would.
    fn la_wall(local: &str) -> i32 {
        let l = dt(&format!("{local}:00"));
        let day = TimeDelta::days(1);
        let (before, after) = (la(l - day), la(l + day));
        let check = |o: i32| Some(la(l - TimeDelta::minutes(i64::from(o))));
        wall_offset(before, after, check(before), check(after))
    }

    #[test]
    fn wall_offsets_around_daylight_saving_switches() {
        assert_eq!(la_wall("2026-03-08 01:30"), -480);
        assert_eq!(la_wall("2026-03-08 03:30"), -420);
        // Skipped: counts as after the switch (the offset before it, moved forward by the gap).
        assert_eq!(la_wall("2026-03-08 02:30"), -480);
        assert_eq!(la_wall("2026-11-01 00:30"), -420);
        // Repeated: the earlier instant (still daylight time).
        assert_eq!(la_wall("2026-11-01 01:30"), -420);
        assert_eq!(la_wall("2026-11-01 02:30"), -480);
        assert_eq!(la_wall("2026-07-01 12:00"), -420);
        assert_eq!(la_wall("2026-01-01 12:00"), -480);
        // Without answers to the checks, the offset before stands.
        assert_eq!(wall_offset(60, 120, None, None), 60);
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").expect("test date")
    }

    #[test]
    fn formats_started_with_numeric_offset() {
        let t = dt("2024-03-20 09:30:00.0");
        assert_eq!(format_started(t, 60), Ok("2024-03-20T09:30:00.000+0100".into()));
        assert_eq!(format_started(t, 0), Ok("2024-03-20T09:30:00.000+0000".into()));
        assert_eq!(format_started(t, -330), Ok("2024-03-20T09:30:00.000-0530".into()));
        assert_eq!(format_started(dt("2024-03-20 09:30:05.1234"), 345), Ok("2024-03-20T09:30:05.123+0545".into()));
        assert_eq!(format_started(t, 18 * 60 + 1), Err(TimeError::InvalidOffset(1081)));
        assert_eq!(format_started(t, i32::MIN), Err(TimeError::InvalidOffset(i32::MIN)));
    }

    #[test]
    fn parses_started_back_to_local() {
        // Written in CET (+0100), read by a user now in CEST (+0200): same instant, one hour later on the clock.
        assert_eq!(parse_started("2024-03-20T09:30:00.000+0100", 60), Ok(dt("2024-03-20 09:30:00.0")));
        assert_eq!(parse_started("2024-03-20T09:30:00.000+0100", 120), Ok(dt("2024-03-20 10:30:00.0")));
        assert_eq!(parse_started("2024-03-20T23:30:00.000-0100", 60), Ok(dt("2024-03-21 01:30:00.0")));
        assert_eq!(parse_started("2024-03-20T09:30:00Z", 0), Ok(dt("2024-03-20 09:30:00.0")));
        assert_eq!(parse_started("2024-03-20T09:30+05:30", 0), Ok(dt("2024-03-20 04:00:00.0")));
        assert_eq!(parse_started("2024-03-20T09:30:00.5+01", 60), Ok(dt("2024-03-20 09:30:00.5")));
    }

    #[test]
    fn rejects_bad_timestamps() {
        for bad in [
            "",
            "2024-03-20",
            "2024-03-20T9:30",
            "2024-03-20T09:30:00.+0100",
            "2024-03-20T09:30:00.000+01000",
            "2024-03-20T09:30:00.000+0160",
            "2024-03-20T09:30:00.000 +0100",
            "2024-03-20T09:30:00.000Q",
            "２０２４-03-20T09:30",
        ] {
            assert_eq!(parse_timestamp(bad).map(|_| ()), Err(TimeError::Syntax), "{bad}");
        }
        assert_eq!(parse_timestamp("2024-02-30T09:30"), Err(TimeError::OutOfRange));
        assert_eq!(parse_timestamp("2024-02-01T24:00"), Err(TimeError::OutOfRange));
        assert_eq!(parse_timestamp("2024-02-01T10:00+1900"), Err(TimeError::InvalidOffset(1140)));
    }

    #[test]
    fn round_trips_through_utc() {
        let t = dt("2024-10-27 02:30:00.0");
        for offset in [-720, -1, 0, 1, 60, 120, 840] {
            let utc = local_to_utc(t, offset).expect("in range");
            assert_eq!(utc_to_local(utc, offset), Ok(t));
            let s = format_started(t, offset).expect("valid");
            assert_eq!(parse_started(&s, offset), Ok(t));
        }
        assert_eq!(local_to_utc(NaiveDateTime::MIN, 60), Err(TimeError::OutOfRange));
    }

    #[test]
    fn time_spent_is_whole_minutes_at_least_sixty() {
        assert_eq!(time_spent_seconds(0), 60);
        assert_eq!(time_spent_seconds(29), 60);
        assert_eq!(time_spent_seconds(89), 60);
        assert_eq!(time_spent_seconds(90), 120);
        assert_eq!(time_spent_seconds(5400), 5400);
        assert_eq!(time_spent_seconds(u64::MAX), u32::MAX / 60 * 60);
    }
}
