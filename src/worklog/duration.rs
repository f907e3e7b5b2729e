//! Jira duration strings (`1w 2d 3h 4m`) ↔ seconds.
//!
//! Decisions:
//! - Units `w`, `d`, `h`, `m`, case-insensitive, each at most once, in any order, with or without spaces between
//!   parts (`1h30m`, `1h 30m`, `90m`); a part may have a decimal fraction (`1.5h`, `0.25d`). A number without a
//!   unit is an error (Jira's "default unit" setting is not modelled).
//! - A day is `hours_per_day` hours and a week `days_per_week` days (Jira's time-tracking settings, default 8 and
//!   5; both may be fractional like Jira's, e.g. 7.5 hours). Internally they become whole minutes per day/week.
//! - Every result is rounded to whole minutes (half a minute rounds up), because Jira stores worklogs and
//!   estimates in minutes.
//! - [`format_duration`] writes Jira's canonical form: largest units first, zero units omitted, `0m` for zero.
//! - All arithmetic is checked: an absurd input yields [`DurationError::TooLong`], never a panic or a wrap.

/// Jira's time-tracking settings that give `d` and `w` their length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationConfig {
    /// Working hours in a day (Jira default 8). Must be in `(0, 24]`.
    pub hours_per_day: f64,
    /// Working days in a week (Jira default 5). Must be in `(0, 7]`.
    pub days_per_week: f64,
}

crate::json_objects::json_object!(default DurationConfig {
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
});

impl Default for DurationConfig {
    fn default() -> Self {
        Self { hours_per_day: 8.0, days_per_week: 5.0 }
    }
}

/// A [`DurationConfig`] checked and converted to whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Units {
    day: u64,
    week: u64,
}

impl DurationConfig {
    /// Minutes per day and per week, or an error when the settings are out of range (or not numbers).
    fn units(&self) -> Result<Units, DurationError> {
        let ok = |v: f64, max: f64| v.is_finite() && v > 0.0 && v <= max;
        if !ok(self.hours_per_day, 24.0) || !ok(self.days_per_week, 7.0) {
            return Err(DurationError::InvalidConfig);
        }
        // Both products are at most 1440 and 10080, so the casts are exact and in range.
        let day = (self.hours_per_day * 60.0).round() as u64;
        let week = (self.hours_per_day * self.days_per_week * 60.0).round() as u64;
        if day == 0 || week == 0 {
            return Err(DurationError::InvalidConfig);
        }
        Ok(Units { day, week })
    }

    /// Whether the settings are usable (hours per day in `(0, 24]`, days per week in `(0, 7]`).
    pub fn is_valid(&self) -> bool {
        self.units().is_ok()
    }
}

/// Why a duration string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Nothing but whitespace.
    #[error("empty duration")]
    Empty,
    /// Something other than a number followed by a unit, at this byte offset of the input.
    #[error("expected a number followed by w, d, h or m at position {0}")]
    Syntax(usize),
    /// A number without a unit.
    #[error("missing unit after a number (use w, d, h or m)")]
    MissingUnit,
    /// A unit other than `w`, `d`, `h`, `m`.
    #[error("unknown unit `{0}` (use w, d, h or m)")]
    UnknownUnit(String),
    /// The same unit twice, e.g. `1h 2h`.
    #[error("the unit `{0}` appears twice")]
    DuplicateUnit(char),
    /// Too long to represent.
    #[error("duration too long")]
    TooLong,
    /// Hours per day or days per week out of range.
    #[error("hours per day must be in (0, 24] and days per week in (0, 7]")]
    InvalidConfig,
}

/// At most this many fraction digits are significant; more are ignored (they are far below a second).
const FRACTION_DIGITS: u32 = 6;
const SCALE: u128 = 10u128.pow(FRACTION_DIGITS);

/// `seconds` rounded to the nearest whole minute (half a minute up), saturating at the largest multiple of 60.
pub fn round_to_minutes(seconds: u64) -> u64 {
    match seconds.checked_add(30) {
        Some(s) => s / 60 * 60,
        None => u64::MAX / 60 * 60,
    }
}

/// Parses a Jira duration into seconds, rounded to whole minutes.
pub fn parse_duration(input: &str, config: &DurationConfig) -> Result<u64, DurationError> {
    let units = config.units()?;
    let b = input.as_bytes();
    let mut i = 0;
    let mut seen = [false; 4];
    let mut total: u128 = 0; // seconds × SCALE
    let mut any = false;
    loop {
        while i < b.len() && (b[i] as char).is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let int_digits = &input[start..i];
        let mut frac = "";
        if i < b.len() && b[i] == b'.' {
            let f = i + 1;
            i = f;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            frac = &input[f..i];
        }
        if int_digits.is_empty() && frac.is_empty() {
            return Err(DurationError::Syntax(start));
        }
        let unit_start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = input[unit_start..i].to_ascii_lowercase();
        if unit.is_empty() {
            if i < b.len() && !(b[i] as char).is_ascii_whitespace() {
                return Err(DurationError::Syntax(i));
            }
            return Err(DurationError::MissingUnit);
        }
        let (slot, unit_seconds) = match unit.as_str() {
            "w" => (0, units.week * 60),
            "d" => (1, units.day * 60),
            "h" => (2, 3600),
            "m" => (3, 60),
            _ => return Err(DurationError::UnknownUnit(unit)),
        };
        if seen[slot] {
            return Err(DurationError::DuplicateUnit(['w', 'd', 'h', 'm'][slot]));
        }
        seen[slot] = true;
        let value = scaled(int_digits, frac)?;
        let part = value.checked_mul(u128::from(unit_seconds)).ok_or(DurationError::TooLong)?;
        total = total.checked_add(part).ok_or(DurationError::TooLong)?;
        any = true;
    }
    if !any {
        return Err(DurationError::Empty);
    }
    let seconds = total.checked_add(SCALE / 2).ok_or(DurationError::TooLong)? / SCALE;
    // `seconds` is at most u128::MAX / SCALE, so adding 30 cannot wrap.
    u64::try_from((seconds + 30) / 60 * 60).map_err(|_| DurationError::TooLong)
}

/// `int.frac` × [`SCALE`], checked.
fn scaled(int_digits: &str, frac: &str) -> Result<u128, DurationError> {
    let mut value: u128 = 0;
    for d in int_digits.bytes() {
        value =
            value.checked_mul(10).and_then(|v| v.checked_add(u128::from(d - b'0'))).ok_or(DurationError::TooLong)?;
    }
    let mut value = value.checked_mul(SCALE).ok_or(DurationError::TooLong)?;
    let mut place = SCALE;
    for d in frac.bytes().take(FRACTION_DIGITS as usize) {
        place /= 10;
        value += u128::from(d - b'0') * place;
    }
    Ok(value)
}

/// Formats seconds (rounded to whole minutes) in Jira's canonical form, e.g. `1w 2d 3h 4m`; `0m` for zero.
/// Invalid settings fall back to the defaults (8 hours, 5 days).
pub fn format_duration(seconds: u64, config: &DurationConfig) -> String {
    let units = config.units().unwrap_or(Units { day: 480, week: 2400 });
    let mut minutes = round_to_minutes(seconds) / 60;
    let mut parts = Vec::new();
    for (size, unit) in [(units.week, 'w'), (units.day, 'd'), (60, 'h'), (1, 'm')] {
        let n = minutes / size;
        minutes %= size;
        if n > 0 {
            parts.push(format!("{n}{unit}"));
        }
    }
    if parts.is_empty() { "0m".to_owned() } else { parts.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<u64, DurationError> {
        parse_duration(s, &DurationConfig::default())
    }

    #[test]
    fn parses_jira_forms() {
        assert_eq!(p("1w 2d 3h 4m"), Ok(((5 + 2) * 8 * 60 + 3 * 60 + 4) * 60));
        assert_eq!(p("1h30m"), Ok(5400));
        assert_eq!(p("1h 30m"), Ok(5400));
        assert_eq!(p("90m"), Ok(5400));
        assert_eq!(p("1.5h"), Ok(5400));
        assert_eq!(p("1.5H"), Ok(5400));
        assert_eq!(p(" 30M  1H "), Ok(5400));
        assert_eq!(p(".5h"), Ok(1800));
        assert_eq!(p("0.5d"), Ok(4 * 3600));
        assert_eq!(p("0m"), Ok(0));
    }

    #[test]
    fn rounds_to_whole_minutes() {
        assert_eq!(p("0.01h"), Ok(60)); // 36 s
        assert_eq!(p("0.008h"), Ok(0)); // 28.8 s
        assert_eq!(p("1.0083h"), Ok(3660)); // 3629.88 s
        assert_eq!(round_to_minutes(89), 60);
        assert_eq!(round_to_minutes(90), 120);
        assert_eq!(round_to_minutes(u64::MAX), u64::MAX / 60 * 60);
    }

    #[test]
    fn errors() {
        assert_eq!(p(""), Err(DurationError::Empty));
        assert_eq!(p("   "), Err(DurationError::Empty));
        assert_eq!(p("90"), Err(DurationError::MissingUnit));
        assert_eq!(p("1h 30"), Err(DurationError::MissingUnit));
        assert_eq!(p("1x"), Err(DurationError::UnknownUnit("x".into())));
        assert_eq!(p("1hours"), Err(DurationError::UnknownUnit("hours".into())));
        assert_eq!(p("1h 2h"), Err(DurationError::DuplicateUnit('h')));
        assert_eq!(p("h"), Err(DurationError::Syntax(0)));
        assert_eq!(p("1h, 2m"), Err(DurationError::Syntax(2)));
        assert_eq!(p("-1h"), Err(DurationError::Syntax(0)));
        assert_eq!(p("99999999999999999999999999999999999999999w"), Err(DurationError::TooLong));
        assert_eq!(p("18446744073709551615w"), Err(DurationError::TooLong));
        let bad = DurationConfig { hours_per_day: 0.0, days_per_week: 5.0 };
        assert_eq!(parse_duration("1h", &bad), Err(DurationError::InvalidConfig));
        let nan = DurationConfig { hours_per_day: f64::NAN, days_per_week: 5.0 };
        assert!(!nan.is_valid());
    }

    #[test]
    fn formats_canonically() {
        let c = DurationConfig::default();
        assert_eq!(format_duration(0, &c), "0m");
        assert_eq!(format_duration(29, &c), "0m");
        assert_eq!(format_duration(30, &c), "1m");
        assert_eq!(format_duration(5400, &c), "1h 30m");
        assert_eq!(format_duration(8 * 3600, &c), "1d");
        assert_eq!(format_duration(40 * 3600 + 60, &c), "1w 1m");
        assert_eq!(format_duration(((5 + 2) * 8 * 60 + 3 * 60 + 4) * 60, &c), "1w 2d 3h 4m");
        assert_eq!(format_duration(u64::MAX, &c), "128102389400760w 3d 7h");
        assert_eq!(parse_duration("128102389400760w 3d 7h", &c), Ok(u64::MAX / 60 * 60));
    }

    #[test]
    fn custom_days_and_weeks() {
        let c = DurationConfig { hours_per_day: 7.5, days_per_week: 4.0 };
        assert_eq!(parse_duration("1d", &c), Ok(27000));
        assert_eq!(parse_duration("1w", &c), Ok(4 * 27000));
        assert_eq!(format_duration(27000 + 3600, &c), "1d 1h");
        assert_eq!(format_duration(4 * 27000, &c), "1w");
        let bad = DurationConfig { hours_per_day: 25.0, days_per_week: 5.0 };
        assert_eq!(format_duration(8 * 3600, &bad), "1d");
    }
}
