//! Daily-note dates from file names, by a subset of Moment.js format strings (Obsidian's daily-notes `format`).
//!
//! Supported tokens: `YYYY` (4 digits), `YY` (2 digits, 69–99 → 19xx, else 20xx, as Moment), `MMMM`/`MMM`
//! (English month names, case-insensitive), `MM`/`DD` (2 digits), `M`/`D` (1–2 digits), `Do` (day with an
//! English ordinal suffix), `dddd`/`ddd`/`dd` (a weekday name: any run of letters, ignored) and `d` (a weekday
//! digit, ignored); `[text]` is literal; any other character is literal and must match exactly (letters
//! case-insensitively). The whole name must match; the format must contain a year, a month and a day. An empty
//! format means the default `YYYY-MM-DD`. Never panics; a mismatch is `None`.

use chrono::NaiveDate;

/// Obsidian's default daily-note format.
pub const DEFAULT_DAILY_FORMAT: &str = "YYYY-MM-DD";

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The date a daily note's name encodes under `format`. `name` is the note's path relative to the daily-notes
/// folder (the format may contain `/`), with or without a `.md` extension.
pub fn parse_daily_date(name: &str, format: &str) -> Option<NaiveDate> {
    let format = if format.trim().is_empty() { DEFAULT_DAILY_FORMAT } else { format };
    let name = match name.strip_suffix(".md") {
        Some(stem) if !format.ends_with(".md") => stem,
        _ => name,
    };
    let f: Vec<char> = format.chars().collect();
    let mut rest = name;
    let (mut year, mut month, mut day) = (None, None, None);
    let mut i = 0;
    while i < f.len() {
        let c = f[i];
        if c == '[' {
            let close = f[i + 1..].iter().position(|&x| x == ']').map(|p| i + 1 + p);
            let Some(close) = close else {
                rest = eat_literal(rest, &f[i..].iter().collect::<String>())?;
                break;
            };
            rest = eat_literal(rest, &f[i + 1..close].iter().collect::<String>())?;
            i = close + 1;
            continue;
        }
        let run = f[i..].iter().take_while(|&&x| x == c).count();
        let token: String = f[i..i + run].iter().collect();
        i += run;
        match (c, run) {
            ('Y', 4) => year = Some(take_digits(&mut rest, 4, 4)?),
            ('Y', 2) => {
                let yy = take_digits(&mut rest, 2, 2)?;
                year = Some(if yy >= 69 { 1900 + yy } else { 2000 + yy });
            }
            ('M', 4) | ('M', 3) => month = Some(take_month(&mut rest, run == 4)?),
            ('M', 2) => month = Some(take_digits(&mut rest, 2, 2)?),
            ('M', 1) => month = Some(take_digits(&mut rest, 1, 2)?),
            ('D', 2) => day = Some(take_digits(&mut rest, 2, 2)?),
            ('D', 1) if f.get(i) == Some(&'o') => {
                i += 1;
                day = Some(take_digits(&mut rest, 1, 2)?);
                let suffix = rest.get(..2)?;
                if !["st", "nd", "rd", "th"].iter().any(|s| s.eq_ignore_ascii_case(suffix)) {
                    return None;
                }
                rest = &rest[2..];
            }
            ('D', 1) => day = Some(take_digits(&mut rest, 1, 2)?),
            ('d', 2..=4) => {
                let n = rest.char_indices().find(|(_, ch)| !ch.is_alphabetic()).map_or(rest.len(), |(p, _)| p);
                if n == 0 {
                    return None;
                }
                rest = &rest[n..];
            }
            ('d', 1) => {
                take_digits(&mut rest, 1, 1)?;
            }
            _ => rest = eat_literal(rest, &token)?,
        }
    }
    if !rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year?).ok()?, month?, day?)
}

/// `rest` without the literal `lit` at its start (letters compared case-insensitively).
fn eat_literal<'a>(rest: &'a str, lit: &str) -> Option<&'a str> {
    let mut r = rest.chars();
    for want in lit.chars() {
        let got = r.next()?;
        if got != want && !got.eq_ignore_ascii_case(&want) {
            return None;
        }
    }
    Some(r.as_str())
}

/// Between `min` and `max` ASCII digits (greedy) from the start of `rest`.
fn take_digits(rest: &mut &str, min: usize, max: usize) -> Option<u32> {
    let n = rest.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    let value = rest[..n].parse().ok()?;
    *rest = &rest[n..];
    Some(value)
}

/// An English month name (full or three-letter) from the start of `rest`, as 1–12.
fn take_month(rest: &mut &str, full: bool) -> Option<u32> {
    for (n, name) in MONTHS.iter().enumerate() {
        let want = if full { name } else { &name[..3] };
        if let Some(after) = eat_literal(rest, want) {
            *rest = after;
            return u32::try_from(n + 1).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn default_and_common_formats() {
        assert_eq!(parse_daily_date("2024-03-20", ""), d(2024, 3, 20));
        assert_eq!(parse_daily_date("2024-03-20.md", DEFAULT_DAILY_FORMAT), d(2024, 3, 20));
        assert_eq!(parse_daily_date("20.03.2024", "DD.MM.YYYY"), d(2024, 3, 20));
        assert_eq!(parse_daily_date("2024/03/2024-03-20", "YYYY/MM/YYYY-MM-DD"), d(2024, 3, 20));
        assert_eq!(parse_daily_date("2024-03-20 Wednesday", "YYYY-MM-DD dddd"), d(2024, 3, 20));
        assert_eq!(parse_daily_date("Wed, 3/5/24", "ddd, M/D/YY"), d(2024, 3, 5));
        assert_eq!(parse_daily_date("March 5th, 2024", "MMMM Do, YYYY"), d(2024, 3, 5));
        assert_eq!(parse_daily_date("05 mar 1999", "DD MMM YYYY"), d(1999, 3, 5));
        assert_eq!(parse_daily_date("Daily 2024-03-20", "[Daily] YYYY-MM-DD"), d(2024, 3, 20));
        assert_eq!(parse_daily_date("DM 2024-03-20", "[DM] YYYY-MM-DD"), d(2024, 3, 20));
        assert_eq!(parse_daily_date("2024-03-20 3", "YYYY-MM-DD d"), d(2024, 3, 20));
        assert_eq!(parse_daily_date("70-01-02", "YY-MM-DD"), d(1970, 1, 2));
    }

    #[test]
    fn mismatches_are_none() {
        assert_eq!(parse_daily_date("2024-3-20", ""), None);
        assert_eq!(parse_daily_date("2024-03-20 extra", ""), None);
        assert_eq!(parse_daily_date("2024-02-30", ""), None);
        assert_eq!(parse_daily_date("2024-03", "YYYY-MM"), None);
        assert_eq!(parse_daily_date("Notes", "[Notes"), None);
        assert_eq!(parse_daily_date("", ""), None);
        assert_eq!(parse_daily_date("ü", "YYYY"), None);
        assert_eq!(parse_daily_date("2024-03-20", "YYYY-MM-DD dddd"), None);
        assert_eq!(parse_daily_date("March 5xx, 2024", "MMMM Do, YYYY"), None);
    }
}
