//! Dates and times as text in the few fixed forms the core writes and reads, by hand instead of through chrono's
//! format strings: chrono's strftime parser (`StrftimeItems`), its item-driven formatter (`DelayedFormat`) and
//! reader (`parse_internal`) are general machinery that these forms do not need (issue #13 goal 4, the size of
//! `main.js`). chrono keeps the calendar arithmetic, RFC 3339 and RFC 2822.
//!
//! Writing: [`Date`], [`Minutes`], [`DateMinutes`], [`SlashDateMinutes`], [`UtcSeconds`] and [`UtcMillis`] are
//! `Display` wrappers that write what chrono's `format` wrote with the format string each one names: a year in
//! 0–9999 as four digits, any other year with its sign and at least four digits; a leap second as second 60.
//!
//! Reading: [`parse_date`], [`parse_minutes`], [`parse_offset_datetime`] and [`parse_naive_datetime`] accept
//! exactly what chrono's `parse_from_str` accepted with the format string each one names, and give the same
//! value. chrono's reader skips whitespace before every number; reads a year as one to four digits, or as a sign
//! and any number of digits; the other numbers as one or two digits; a fraction as `.` and at least one digit (the
//! first nine count); an offset as a sign (`+`, `-` or `−`), two digits, any run of `:` and whitespace and two
//! digits; and wants the whole text used. The tests hold every form against chrono's own reading and writing.
//!
//! Invariant: nothing here panics, whatever the text (all slicing is at ASCII positions the scan has checked).

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};

/// Writes a year as chrono's `%Y` does.
fn write_year(f: &mut fmt::Formatter<'_>, year: i32) -> fmt::Result {
    if (0..=9999).contains(&year) { write!(f, "{year:04}") } else { write!(f, "{year:+05}") }
}

/// Writes `%Y{sep}%m{sep}%d`.
fn write_date(f: &mut fmt::Formatter<'_>, d: NaiveDate, sep: char) -> fmt::Result {
    write_year(f, d.year())?;
    write!(f, "{sep}{:02}{sep}{:02}", d.month(), d.day())
}

/// The second as chrono's `%S` writes it: 60 during a leap second.
fn second(t: NaiveTime) -> u32 {
    t.second() + u32::from(t.nanosecond() >= 1_000_000_000)
}

/// `%Y-%m-%d`: `2026-03-02`.
#[derive(Debug, Clone, Copy)]
pub struct Date(pub NaiveDate);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0, '-')
    }
}

/// `%H:%M`: `09:05`.
#[derive(Debug, Clone, Copy)]
pub struct Minutes(pub NaiveTime);

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

/// `%Y-%m-%d %H:%M`: `2026-03-02 09:05`.
#[derive(Debug, Clone, Copy)]
pub struct DateMinutes(pub NaiveDateTime);

impl fmt::Display for DateMinutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", Date(self.0.date()), Minutes(self.0.time()))
    }
}

/// `%Y/%m/%d %H:%M`: `2026/03/02 09:05` (a JQL date literal's inside).
#[derive(Debug, Clone, Copy)]
pub struct SlashDateMinutes(pub NaiveDateTime);

impl fmt::Display for SlashDateMinutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0.date(), '/')?;
        write!(f, " {}", Minutes(self.0.time()))
    }
}

/// `%Y-%m-%dT%H:%M:%SZ`: `2026-03-02T09:05:07Z`.
#[derive(Debug, Clone, Copy)]
pub struct UtcSeconds(pub NaiveDateTime);

impl fmt::Display for UtcSeconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}:{:02}Z", Date(self.0.date()), Minutes(self.0.time()), second(self.0.time()))
    }
}

/// `%Y-%m-%dT%H:%M:%S%.3fZ`: `2026-03-02T09:05:07.250Z`.
#[derive(Debug, Clone, Copy)]
pub struct UtcMillis(pub NaiveDateTime);

impl fmt::Display for UtcMillis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0.time();
        let millis = t.nanosecond() % 1_000_000_000 / 1_000_000;
        write!(f, "{}T{}:{:02}.{millis:03}Z", Date(self.0.date()), Minutes(t), second(t))
    }
}

/// A cursor over text being read the way chrono's `parse_internal` reads it.
struct Scan<'t>(&'t str);

impl Scan<'_> {
    /// A number after any whitespace: a sign and any number of digits when `signed` and a sign is there, else one
    /// to `width` digits. `None` without a digit or when the number does not fit an `i64`.
    fn number(&mut self, width: usize, signed: bool) -> Option<i64> {
        let s = self.0.trim_start();
        let (negative, digits, width) = match s.as_bytes().first() {
            Some(b'-') if signed => (true, &s[1..], usize::MAX),
            Some(b'+') if signed => (false, &s[1..], usize::MAX),
            _ => (false, s, width),
        };
        let n = digits.bytes().take(width).take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let value = digits[..n].bytes().try_fold(0i64, |v, c| v.checked_mul(10)?.checked_add(i64::from(c - b'0')))?;
        self.0 = &digits[n..];
        Some(if negative { -value } else { value })
    }

    /// A number within `range` (as a `u32`), read as [`Scan::number`] reads it.
    fn field(&mut self, width: usize, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
        let v = u32::try_from(self.number(width, false)?).ok()?;
        range.contains(&v).then_some(v)
    }

    /// The character `c`, exactly.
    fn literal(&mut self, c: char) -> Option<()> {
        self.0 = self.0.strip_prefix(c)?;
        Some(())
    }

    /// `%Y-%m-%d`.
    fn date(&mut self) -> Option<NaiveDate> {
        let year = i32::try_from(self.number(4, true)?).ok()?;
        self.literal('-')?;
        let month = self.field(2, 1..=12)?;
        self.literal('-')?;
        let day = self.field(2, 1..=31)?;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// `%H:%M`, without seconds.
    fn hour_minute(&mut self) -> Option<(u32, u32)> {
        let hour = self.field(2, 0..=23)?;
        self.literal(':')?;
        Some((hour, self.field(2, 0..=59)?))
    }

    /// `%H:%M:%S%.f`: the seconds 0–60 (60 a leap second), then an optional fraction.
    fn time_with_fraction(&mut self) -> Option<NaiveTime> {
        let (hour, minute) = self.hour_minute()?;
        self.literal(':')?;
        let second = self.field(2, 0..=60)?;
        let mut nano = 0;
        if let Some(rest) = self.0.strip_prefix('.') {
            let n = rest.bytes().take(9).take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            let digits = rest[..n].bytes().fold(0u32, |v, c| v * 10 + u32::from(c - b'0'));
            nano = digits * 10u32.pow(9 - n as u32);
            // Digits past the ninth are read and dropped.
            self.0 = rest[n..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        let (second, nano) = if second == 60 { (59, 1_000_000_000 + nano) } else { (second, nano) };
        NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
    }

    /// `%z` after any whitespace: a sign, two digits of hours, any run of `:` and whitespace, two digits of
    /// minutes (the first 0–5). The offset in seconds east of UTC.
    fn offset(&mut self) -> Option<i32> {
        let s = self.0.trim_start();
        let (negative, s) = match s.chars().next()? {
            '+' => (false, &s[1..]),
            '-' => (true, &s[1..]),
            '−' => (true, &s['−'.len_utf8()..]),
            _ => return None,
        };
        let two = |s: &str, first: std::ops::RangeInclusive<u8>| match s.as_bytes() {
            [a, b, ..] if first.contains(a) && b.is_ascii_digit() => Some(i32::from((a - b'0') * 10 + (b - b'0'))),
            _ => None,
        };
        let hours = two(s, b'0'..=b'9')?;
        let s = s[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        let minutes = two(s, b'0'..=b'5')?;
        self.0 = &s[2..];
        let seconds = hours * 3600 + minutes * 60;
        Some(if negative { -seconds } else { seconds })
    }

    /// The value `v` when the whole text has been used.
    fn end<T>(&self, v: T) -> Option<T> {
        self.0.is_empty().then_some(v)
    }
}

/// Reads `%Y-%m-%d` as chrono's `NaiveDate::parse_from_str` does.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut s = Scan(text);
    let date = s.date()?;
    s.end(date)
}

/// Reads `%H:%M` as chrono's `NaiveTime::parse_from_str` does.
pub fn parse_minutes(text: &str) -> Option<NaiveTime> {
    let mut s = Scan(text);
    let (hour, minute) = s.hour_minute()?;
    s.end(NaiveTime::from_hms_opt(hour, minute, 0)?)
}

/// Reads `%Y-%m-%dT%H:%M:%S%.f` as chrono's `NaiveDateTime::parse_from_str` does.
pub fn parse_naive_datetime(text: &str) -> Option<NaiveDateTime> {
    let mut s = Scan(text);
    let date = s.date()?;
    s.literal('T')?;
    let time = s.time_with_fraction()?;
    s.end(date.and_time(time))
}

/// Reads `%Y-%m-%dT%H:%M:%S%.f%z` (Jira's `2025-06-10T10:30:00.000+0200`) as chrono's
/// `DateTime::parse_from_str` does.
pub fn parse_offset_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    let mut s = Scan(text);
    let date = s.date()?;
    s.literal('T')?;
    let time = s.time_with_fraction()?;
    let offset = FixedOffset::east_opt(s.offset()?)?;
    s.end(())?;
    offset.from_local_datetime(&date.and_time(time)).single()
}

#[cfg(test)]
mod tests;
