//! Durations in rules: `90m`, `4h`, `3d`, `2w`, or several of them (`1d 4h`). Days and weeks are calendar
//! time (24 hours, 7 days), not Jira's working days: "in Review for 3 days" means 72 hours on the clock.

/// A duration in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minutes(pub u32);

impl Minutes {
    /// The duration in milliseconds.
    pub fn millis(self) -> i64 {
        i64::from(self.0) * 60_000
    }
}

/// The most a rule's duration may be: ten years.
const MAX: u64 = 10 * 366 * 24 * 60;

/// Reads a duration; `Err` says what is wrong in plain words. Zero is refused (a rule cannot wait for nothing).
pub fn parse(text: &str) -> Result<Minutes, String> {
    let mut total: u64 = 0;
    let mut parts = 0;
    for part in text.split_whitespace() {
        let digits = part.bytes().take_while(u8::is_ascii_digit).count();
        let (number, unit) = part.split_at(digits);
        let unit_minutes = match unit {
            "m" | "min" => 1,
            "h" => 60,
            "d" => 24 * 60,
            "w" => 7 * 24 * 60,
            _ => return Err(format!("`{text}` is not a duration: write it like `90m`, `4h`, `3d` or `2w`")),
        };
        let number: u64 =
            number.parse().map_err(|_| format!("`{text}` is not a duration: a number must come before `{unit}`"))?;
        total = total.saturating_add(number.saturating_mul(unit_minutes));
        parts += 1;
    }
    if parts == 0 {
        return Err("a duration is missing: write it like `90m`, `4h`, `3d` or `2w`".into());
    }
    if total == 0 {
        return Err(format!("`{text}` is no time at all"));
    }
    if total > MAX {
        return Err(format!("`{text}` is more than ten years"));
    }
    Ok(Minutes(total as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_units_and_sums() {
        assert_eq!(parse("90m"), Ok(Minutes(90)));
        assert_eq!(parse("3d"), Ok(Minutes(3 * 1440)));
        assert_eq!(parse(" 1d 4h "), Ok(Minutes(1440 + 240)));
        assert_eq!(parse("2w").map(Minutes::millis), Ok(14 * 86_400_000));
        for bad in ["", "3", "d", "3 days", "-1d", "0h", "99999999999w", "1.5h"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
