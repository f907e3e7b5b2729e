//! Line-level pieces shared by the section and daily-note parsers: list markers, block ids, dates, time ranges,
//! duration words and issue keys.
//!
//! Decisions: list markers are `-`, `*`, `+`, `1.` and `1)` with any indentation; a task checkbox (`[ ]`, `[x]`,
//! any single character) after the marker is ignored. A trailing block id is ` ^id` at the very end of the line;
//! only `^wl-<digits>` becomes a worklog id, any other block id is just removed from the comment. Times are
//! `H:MM` or `HH:MM` (00:00–23:59); a range is two times joined by `-`, `–` or `—`, spaces optional. End ≤ start
//! is an error (crossing midnight is not supported: write two entries).

use chrono::{NaiveDate, NaiveTime};

use crate::body::{first_key, leading_key};

/// The content of a list item line after its marker and optional checkbox, with its byte offset in the line.
pub(crate) fn list_content(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let s = &line[indent..];
    let b = s.as_bytes();
    let marker = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        c if c.is_ascii_digit() => {
            let n = b.iter().take(9).take_while(|c| c.is_ascii_digit()).count();
            if !matches!(b.get(n), Some(b'.' | b')')) {
                return None;
            }
            n + 1
        }
        _ => return None,
    };
    if !matches!(b.get(marker), Some(b' ' | b'\t')) {
        return None;
    }
    let mut off = indent + marker;
    off += line[off..].len() - line[off..].trim_start().len();
    let rest = &line[off..];
    let mut chars = rest.char_indices();
    if let (Some((_, '[')), Some((_, _)), Some((close, ']'))) = (chars.next(), chars.next(), chars.next()) {
        let after = &rest[close + 1..];
        if after.is_empty() || after.starts_with([' ', '\t']) {
            off += close + 1;
            off += line[off..].len() - line[off..].trim_start().len();
        }
    }
    Some((off, &line[off..]))
}

/// `content` without a trailing block id, and the worklog id if the block id is `^wl-<digits>`.
pub(crate) fn split_block_id(content: &str) -> (&str, Option<String>) {
    let trimmed = content.trim_end();
    let Some(caret) = trimmed.rfind('^') else { return (trimmed, None) };
    let id = &trimmed[caret + 1..];
    let before = &trimmed[..caret];
    let valid = !id.is_empty() && id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
    if !valid || !(before.is_empty() || before.ends_with([' ', '\t'])) {
        return (trimmed, None);
    }
    let worklog_id = id
        .strip_prefix("wl-")
        .filter(|n| !n.is_empty() && n.len() <= 20 && n.bytes().all(|c| c.is_ascii_digit()))
        .map(str::to_owned);
    (before.trim_end(), worklog_id)
}

/// A date-shaped word at the start of `s`: `Some(Ok((date, rest)))`, `Some(Err(()))` for an impossible date
/// like `2024-02-30`, `None` when `s` does not start with `dddd-dd-dd` followed by a space or the end.
pub(crate) fn take_date(s: &str) -> Option<Result<(NaiveDate, &str), ()>> {
    let b = s.as_bytes();
    let shape = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b.get(10).is_none_or(|c| *c == b' ' || *c == b'\t');
    if !shape {
        return None;
    }
    Some(crate::date_text::parse_date(&s[..10]).map(|d| (d, s[10..].trim_start())).ok_or(()))
}

/// A time `H:MM`/`HH:MM` at the start of `s`, not followed by another digit: `Some(Ok)` with the rest,
/// `Some(Err(()))` for a time-shaped word out of range (`25:00`, `9:75`), `None` when not time-shaped.
pub(crate) fn take_time(s: &str) -> Option<Result<(NaiveTime, &str), ()>> {
    let b = s.as_bytes();
    let h = b.iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&h) || b.get(h) != Some(&b':') {
        return None;
    }
    let m = &b[h + 1..];
    if m.len() < 2 || !m[0].is_ascii_digit() || !m[1].is_ascii_digit() || m.get(2).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let hour: u32 = s[..h].parse().ok()?;
    let minute: u32 = s[h + 1..h + 3].parse().ok()?;
    Some(NaiveTime::from_hms_opt(hour, minute, 0).map(|t| (t, &s[h + 3..])).ok_or(()))
}

/// What [`take_range`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Range<'a> {
    /// Not a time range (does not start with a time followed by a dash).
    None,
    /// A well-formed range and the rest of the text.
    Ok(NaiveTime, NaiveTime, &'a str),
    /// Range-shaped, but a time is out of range or the end is missing.
    BadTime,
}

/// A time range `09:30-11:00`, `9:30 – 11:00`, `09:30—11:00` at the start of `s`.
pub(crate) fn take_range(s: &str) -> Range<'_> {
    let (start, rest) = match take_time(s) {
        None => return Range::None,
        Some(Err(())) => (None, skip_time_word(s)),
        Some(Ok((t, rest))) => (Some(t), rest),
    };
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix(['-', '–', '—']) else {
        return if start.is_none() { Range::BadTime } else { Range::None };
    };
    let rest = rest.trim_start();
    match (start, take_time(rest)) {
        (Some(a), Some(Ok((b, after)))) => Range::Ok(a, b, after.trim_start()),
        _ => Range::BadTime,
    }
}

/// `s` after a time-shaped word.
fn skip_time_word(s: &str) -> &str {
    let n = s.bytes().take_while(|c| c.is_ascii_digit() || *c == b':').count();
    &s[n..]
}

/// Whether `word` looks like part of a Jira duration: `1h`, `1.5h`, `1h30m` (letters w, d, h, m).
fn duration_word(word: &str) -> bool {
    let b = word.as_bytes();
    let mut i = 0;
    let mut parts = 0;
    while i < b.len() {
        let n = b[i..].iter().take_while(|c| c.is_ascii_digit() || **c == b'.').count();
        let u = b[i + n..].iter().take_while(|c| matches!(c.to_ascii_lowercase(), b'w' | b'd' | b'h' | b'm')).count();
        if n == 0 || u == 0 {
            return false;
        }
        i += n + u;
        parts += 1;
    }
    parts > 0
}

/// The longest run of duration words at the start of `s`, and the rest (trimmed). `None` if there is none.
pub(crate) fn take_duration_words(s: &str) -> Option<(&str, &str)> {
    let mut end = 0;
    let mut pos = 0;
    for word in s.split([' ', '\t']) {
        if !word.is_empty() {
            if !duration_word(word) {
                break;
            }
            end = pos + word.len();
        }
        pos += word.len() + 1;
    }
    (end > 0).then(|| (&s[..end], s[end..].trim_start()))
}

/// The first issue key in `s`: from a wiki link's target (a key at its start) or alias, or bare text; the
/// earliest wins.
pub(crate) fn find_issue_key(s: &str) -> Option<String> {
    let mut pos = 0;
    while pos < s.len() {
        let rest = &s[pos..];
        let open = rest.find("[[");
        let plain = &rest[..open.unwrap_or(rest.len())];
        if let Some((_, key)) = first_key(plain) {
            return Some(key.to_owned());
        }
        let open = open?;
        let inner_start = pos + open + 2;
        let Some(close) = s[inner_start..].find("]]") else {
            return first_key(&s[inner_start..]).map(|(_, k)| k.to_owned());
        };
        let inner = &s[inner_start..inner_start + close];
        let (target, alias) = inner.split_once('|').unwrap_or((inner, ""));
        if let Some(key) = leading_key(target.trim_start()).or_else(|| first_key(alias).map(|(_, k)| k)) {
            return Some(key.to_owned());
        }
        pos = inner_start + close + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid")
    }

    #[test]
    fn list_markers_and_checkboxes() {
        assert_eq!(list_content("- a"), Some((2, "a")));
        assert_eq!(list_content("  * [x] a"), Some((8, "a")));
        assert_eq!(list_content("12. [ ]  a"), Some((9, "a")));
        assert_eq!(list_content("1) a"), Some((3, "a")));
        assert_eq!(list_content("- [link](x)"), Some((2, "[link](x)")));
        assert_eq!(list_content("-a"), None);
        assert_eq!(list_content("2024-03-20 x"), None);
        assert_eq!(list_content("text"), None);
        assert_eq!(list_content("- [é] a"), Some((7, "a")));
    }

    #[test]
    fn block_ids() {
        assert_eq!(split_block_id("Review ^wl-10042"), ("Review", Some("10042".into())));
        assert_eq!(split_block_id("Review ^abc  "), ("Review", None));
        assert_eq!(split_block_id("2^10 is 1024"), ("2^10 is 1024", None));
        assert_eq!(split_block_id("x ^wl-"), ("x", None));
        assert_eq!(split_block_id("x ^a_b"), ("x ^a_b", None));
    }

    #[test]
    fn dates_and_times() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 20).expect("valid");
        assert_eq!(take_date("2024-03-20 x"), Some(Ok((d, "x"))));
        assert_eq!(take_date("2024-03-20"), Some(Ok((d, ""))));
        assert_eq!(take_date("2024-02-30 x"), Some(Err(())));
        assert_eq!(take_date("2024-03-201"), None);
        assert_eq!(take_date("20240320"), None);
        assert_eq!(take_time("9:30 x"), Some(Ok((t(9, 30), " x"))));
        assert_eq!(take_time("25:00"), Some(Err(())));
        assert_eq!(take_time("9:300"), None);
        assert_eq!(take_time("123:00"), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(take_range("09:30–11:00 a"), Range::Ok(t(9, 30), t(11, 0), "a"));
        assert_eq!(take_range("9:30 - 11:00"), Range::Ok(t(9, 30), t(11, 0), ""));
        assert_eq!(take_range("09:30—11:00 a"), Range::Ok(t(9, 30), t(11, 0), "a"));
        assert_eq!(take_range("09:30-11:00 a"), Range::Ok(t(9, 30), t(11, 0), "a"));
        assert_eq!(take_range("09:30 a"), Range::None);
        assert_eq!(take_range("1h 30m"), Range::None);
        assert_eq!(take_range("09:30 - a"), Range::BadTime);
        assert_eq!(take_range("09:30 - 24:00"), Range::BadTime);
        assert_eq!(take_range("29:30 - 10:00"), Range::BadTime);
    }

    #[test]
    fn duration_words() {
        assert_eq!(take_duration_words("1h 30m Code review"), Some(("1h 30m", "Code review")));
        assert_eq!(take_duration_words("1h30m"), Some(("1h30m", "")));
        assert_eq!(take_duration_words("1.5H  x"), Some(("1.5H", "x")));
        assert_eq!(take_duration_words("2 hours"), None);
        assert_eq!(take_duration_words("1h30 x"), None);
        assert_eq!(take_duration_words("dh"), None);
    }

    #[test]
    fn issue_keys() {
        assert_eq!(find_issue_key("[[OPS-12 Fix login]] pairing").as_deref(), Some("OPS-12"));
        assert_eq!(find_issue_key("[[Fix login|OPS-12]]").as_deref(), Some("OPS-12"));
        assert_eq!(find_issue_key("[[Notes about OPS-9]] then OPS-12").as_deref(), Some("OPS-12"));
        assert_eq!(find_issue_key("OPS-12 review").as_deref(), Some("OPS-12"));
        assert_eq!(find_issue_key("[[unclosed OPS-3").as_deref(), Some("OPS-3"));
        assert_eq!(find_issue_key("lunch"), None);
    }
}
