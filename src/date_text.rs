//! Dates and times as text in the few fixed forms the core writes and reads, by hand instead of through chrono's
//! format strings: chrono's strftime parser (`StrftimeItems`), its item-driven formatter (`DelayedFormat`) and
//! reader (`parse_internal`) are general machinery that these forms do not need (issue #13 goal 4, the size of
//! `main.js`). RFC 3339 and RFC 2822 are read here too, and dates in serde's input through [`serde_date`], so
//! chrono's whole text reader (`Parsed` and its scanners) is not compiled either; chrono keeps the calendar
//! arithmetic and writing RFC 3339.
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
//! digits; and wants the whole text used. [`parse_rfc3339`], [`parse_rfc2822`] and [`parse_date_lenient`] port
//! chrono's `parse_from_rfc3339`, `parse_from_rfc2822` and `NaiveDate: FromStr` rule for rule. The tests hold
//! every form against chrono's own reading and writing.
//!
//! Invariant: nothing here panics, whatever the text (all slicing is at ASCII positions the scan has checked).

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Weekday};

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
            self.0 = rest;
            nano = self.fraction()?;
        }
        let (second, nano) = if second == 60 { (59, 1_000_000_000 + nano) } else { (second, nano) };
        NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
    }

    /// `%z` after any whitespace: a sign (`+`, `-` or `−`), two digits of hours, any run of `:` and whitespace,
    /// two digits of minutes (the first 0–5). The offset in seconds east of UTC.
    fn offset(&mut self) -> Option<i32> {
        self.0 = self.0.trim_start();
        self.signed_offset(true, |s| s.trim_start_matches(|c: char| c == ':' || c.is_whitespace()))
    }

    /// A sign (`+`, `-`, and `−` when `minus_sign`), two digits of hours, what `separator` skips, two digits of
    /// minutes (the first 0–5), as chrono's `scan::timezone_offset` reads them without `Z` and with minutes.
    fn signed_offset(&mut self, minus_sign: bool, separator: impl Fn(&str) -> &str) -> Option<i32> {
        let s = self.0;
        let (negative, s) = match s.chars().next()? {
            '+' => (false, &s[1..]),
            '-' => (true, &s[1..]),
            '−' if minus_sign => (true, &s['−'.len_utf8()..]),
            _ => return None,
        };
        let two = |s: &str, first: std::ops::RangeInclusive<u8>| match s.as_bytes() {
            [a, b, ..] if first.contains(a) && b.is_ascii_digit() => Some(i32::from((a - b'0') * 10 + (b - b'0'))),
            _ => None,
        };
        let hours = two(s, b'0'..=b'9')?;
        let s = separator(&s[2..]);
        let minutes = two(s, b'0'..=b'5')?;
        self.0 = &s[2..];
        let seconds = hours * 3600 + minutes * 60;
        Some(if negative { -seconds } else { seconds })
    }

    /// Whitespace, at least one character of it (chrono's `scan::space`).
    fn space(&mut self) -> Option<()> {
        let rest = self.0.trim_start();
        (rest.len() < self.0.len()).then(|| self.0 = rest)
    }

    /// Exactly `n` to `max` ASCII digits, as chrono's `scan::number(s, n, max)` reads them (no whitespace first).
    fn digits(&mut self, n: usize, max: usize) -> Option<(i64, usize)> {
        let count = self.0.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if count < n {
            return None;
        }
        let value =
            self.0[..count].bytes().try_fold(0i64, |v, c| v.checked_mul(10)?.checked_add(i64::from(c - b'0')))?;
        self.0 = &self.0[count..];
        Some((value, count))
    }

    /// A fraction of a second after its `.`: at least one digit, the first nine counted, the rest skipped.
    fn fraction(&mut self) -> Option<u32> {
        let (digits, n) = self.digits(1, 9)?;
        self.0 = self.0.trim_start_matches(|c: char| c.is_ascii_digit());
        u32::try_from(digits).ok().map(|d| d * 10u32.pow(9 - n as u32))
    }

    /// Three letters among `names`, in any case (chrono's `short_weekday`, `short_month0`): the index.
    fn name(&mut self, names: &[&[u8; 3]]) -> Option<usize> {
        let b = self.0.as_bytes().get(..3)?;
        let lower = [b[0] | 32, b[1] | 32, b[2] | 32];
        let i = names.iter().position(|n| **n == lower)?;
        self.0 = &self.0[3..];
        Some(i)
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

/// Reads `YYYY-MM-DD` as chrono's `NaiveDate: FromStr` does (serde's way of reading a `NaiveDate`): as
/// [`parse_date`], with whitespace also allowed before each `-` and at the end.
pub fn parse_date_lenient(text: &str) -> Option<NaiveDate> {
    let mut s = Scan(text);
    let year = i32::try_from(s.number(4, true)?).ok()?;
    s.0 = s.0.trim_start();
    s.literal('-')?;
    let month = s.field(2, 1..=12)?;
    s.0 = s.0.trim_start();
    s.literal('-')?;
    let day = s.field(2, 1..=31)?;
    s.0 = s.0.trim_start();
    s.end(NaiveDate::from_ymd_opt(year, month, day)?)
}

/// Reads RFC 3339 as chrono's `DateTime::parse_from_rfc3339` does: `YYYY-MM-DD`, `T`, `t` or a space,
/// `hh:mm:ss` (second 60 a leap second), an optional fraction, then `Z`, `z` or a signed `hh:mm` offset.
pub fn parse_rfc3339(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let two = |i: usize| {
        (b[i].is_ascii_digit() && b[i + 1].is_ascii_digit()).then(|| u32::from((b[i] - b'0') * 10 + b[i + 1] - b'0'))
    };
    let separators = b[4] == b'-' && b[7] == b'-' && b[13] == b':' && b[16] == b':';
    if !separators {
        return None;
    }
    let date = NaiveDate::from_ymd_opt((two(0)? * 100 + two(2)?) as i32, two(5)?, two(8)?)?;
    let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
    let (second, mut nano) = if second == 60 { (59, 1_000_000_000) } else { (second, 0) };
    let mut s = Scan(&text[19..]);
    if let Some(rest) = s.0.strip_prefix('.') {
        s.0 = rest;
        nano += s.fraction()?;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    let offset = match s.0.as_bytes().first() {
        Some(b'Z' | b'z') => {
            s.0 = &s.0[1..];
            0
        }
        _ => s.signed_offset(true, |s| s.strip_prefix(':').unwrap_or("!"))?,
    };
    s.end(())?;
    date.and_time(time).and_local_timezone(FixedOffset::east_opt(offset)?).single()
}

/// Reads RFC 2822 (an HTTP `Date` header) as chrono's `DateTime::parse_from_rfc2822` does: an optional weekday
/// and `,` (it must be the date's), the day, month name and year (two digits: 1950–2049; three: plus 1900),
/// `hh:mm[:ss]`, a zone (`±hhmm`, `UT`, `GMT`, `Z`, the North American names, or a one-letter military zone
/// read as UTC), then any `(comments)`. Whitespace as chrono allows it.
pub fn parse_rfc2822(text: &str) -> Option<DateTime<FixedOffset>> {
    const WEEKDAYS: [&[u8; 3]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
    const MONTHS: [&[u8; 3]; 12] =
        [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    const WEEKDAY_OF: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let mut s = Scan(text.trim_start());
    let weekday = match s.name(&WEEKDAYS) {
        Some(i) => {
            s.literal(',')?;
            Some(i)
        }
        None => None,
    };
    s.0 = s.0.trim_start();
    let day = s.digits(1, 2)?.0;
    s.space()?;
    let month = s.name(&MONTHS)? + 1;
    s.space()?;
    let year = match s.digits(2, usize::MAX)? {
        (y @ 0..=49, 2) => y + 2000,
        (y @ 50..=99, 2) => y + 1900,
        (y, 3) => y + 1900,
        (y, _) => y,
    };
    s.space()?;
    let hour = s.digits(2, 2)?.0;
    s.0 = s.0.trim_start();
    s.literal(':')?;
    s.0 = s.0.trim_start();
    let minute = s.digits(2, 2)?.0;
    let mut second = 0;
    if let Some(rest) = s.0.trim_start().strip_prefix(':') {
        s.0 = rest;
        second = s.digits(2, 2)?.0;
    }
    s.space()?;
    let offset = zone_2822(&mut s)?;
    while let Some(rest) = comment_2822(s.0) {
        s.0 = rest;
    }
    s.end(())?;
    let in_range = (1..=31).contains(&day) && (0..=23).contains(&hour) && (0..=59).contains(&minute);
    if !in_range || !(0..=60).contains(&second) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month as u32, day as u32)?;
    if weekday.is_some_and(|w| WEEKDAY_OF[w] != date.weekday()) {
        return None;
    }
    let (second, nano) = if second == 60 { (59, 1_000_000_000) } else { (second, 0) };
    let time = NaiveTime::from_hms_nano_opt(hour as u32, minute as u32, second as u32, nano)?;
    date.and_time(time).and_local_timezone(FixedOffset::east_opt(offset)?).single()
}

/// An RFC 2822 zone (chrono's `scan::timezone_offset_2822`), in seconds east of UTC.
fn zone_2822(s: &mut Scan<'_>) -> Option<i32> {
    let letters = s.0.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 {
        return s.signed_offset(false, |s| s);
    }
    let name = s.0[..letters].to_ascii_lowercase();
    s.0 = &s.0[letters..];
    let hours = match name.as_str() {
        "gmt" | "ut" | "z" => 0,
        "edt" => -4,
        "est" | "cdt" => -5,
        "cst" | "mdt" => -6,
        "mst" | "pdt" => -7,
        "pst" => -8,
        military if military.len() == 1 && military != "j" => 0,
        _ => return None,
    };
    Some(hours * 3600)
}

/// One RFC 2822 comment after any whitespace: `(`, nested comments and `\`-escapes, `)`. The rest after it.
fn comment_2822(s: &str) -> Option<&str> {
    let s = s.trim_start().strip_prefix('(')?;
    let (mut depth, mut escaped) = (1u32, false);
    for (i, c) in s.bytes().enumerate() {
        match c {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'(' => depth += 1,
            b')' if depth == 1 => return Some(&s[i + 1..]),
            b')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// serde readers of `NaiveDate`s that read as chrono's own `Deserialize` does ([`parse_date_lenient`]), for
/// `json_object!`'s `with` form.
pub mod serde_date {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, de};

    /// A date as serde reads it from a string.
    struct Day(NaiveDate);

    impl<'de> Deserialize<'de> for Day {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            super::parse_date_lenient(&text)
                .map(Day)
                .ok_or_else(|| de::Error::custom(format!("`{text}` is not a date written YYYY-MM-DD")))
        }
    }

    /// An optional date (`null`: `None`), read by `json_object!`'s `with` (an absent key: the field's default).
    pub struct OptionDay(pub Option<NaiveDate>);

    impl<'de> Deserialize<'de> for OptionDay {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OptionDay, D::Error> {
            Ok(OptionDay(<Option<Day>>::deserialize(deserializer)?.map(|d| d.0)))
        }
    }

    /// A map to `(date, count)` pairs, read by `json_object!`'s `with`.
    pub struct DayCounts(pub BTreeMap<String, (NaiveDate, u32)>);

    impl<'de> Deserialize<'de> for DayCounts {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DayCounts, D::Error> {
            let map = <BTreeMap<String, (Day, u32)>>::deserialize(deserializer)?;
            Ok(DayCounts(crate::sort::collect_map(map.into_iter().map(|(k, (d, n))| (k, (d.0, n))))))
        }
    }
}

#[cfg(test)]
mod tests;
