//! Obsidian Tasks plugin fields in a task's text: dates, priority, recurrence, id, dependencies, block id.
//!
//! Each field starts at its signifier emoji (an optional U+FE0F variation selector after it is tolerated)
//! and its value runs at most to the next signifier. Dates must be `YYYY-MM-DD` and exist in the calendar
//! (checked with `chrono::NaiveDate`); anything else yields a `task-invalid-date` warning and no value. The
//! first occurrence of a field wins. The description is the text with every recognised field, and the
//! trailing `^block-id`, removed and whitespace collapsed.

use chrono::NaiveDate;
use serde::Serialize;

/// Tasks plugin priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Priority {
    /// 🔺
    Highest,
    /// ⏫
    High,
    /// 🔼
    Medium,
    /// 🔽
    Low,
    /// ⏬
    Lowest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateField {
    Due,
    Scheduled,
    Start,
    Done,
    Created,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Date(DateField),
    Priority(Priority),
    Recurrence,
    Id,
    DependsOn,
}

fn kind_of(c: char) -> Option<Kind> {
    use DateField::*;
    Some(match c {
        '📅' | '📆' | '🗓' => Kind::Date(Due),
        '⏳' | '⌛' => Kind::Date(Scheduled),
        '🛫' => Kind::Date(Start),
        '✅' => Kind::Date(Done),
        '➕' => Kind::Date(Created),
        '❌' => Kind::Date(Cancelled),
        '🔺' => Kind::Priority(Priority::Highest),
        '⏫' => Kind::Priority(Priority::High),
        '🔼' => Kind::Priority(Priority::Medium),
        '🔽' => Kind::Priority(Priority::Low),
        '⏬' => Kind::Priority(Priority::Lowest),
        '🔁' => Kind::Recurrence,
        '🆔' => Kind::Id,
        '⛔' => Kind::DependsOn,
        _ => return None,
    })
}

/// The Obsidian Tasks fields of a task. Dates are `YYYY-MM-DD` strings; when a field is written twice, the
/// first one counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskFields {
    /// 📅 (also 📆, 🗓).
    pub due: Option<String>,
    /// ⏳ (also ⌛).
    pub scheduled: Option<String>,
    /// 🛫
    pub start: Option<String>,
    /// ✅
    pub done: Option<String>,
    /// ➕
    pub created: Option<String>,
    /// ❌
    pub cancelled: Option<String>,
    /// 🔺 ⏫ 🔼 🔽 ⏬, `null` when none.
    pub priority: Option<Priority>,
    /// 🔁 rule text, e.g. `every week`.
    pub recurrence: Option<String>,
    /// 🆔
    pub id: Option<String>,
    /// ⛔ ids.
    pub depends_on: Vec<String>,
}

/// Everything read from one task's text: its Tasks fields and what the task item needs besides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The Tasks fields.
    pub task: TaskFields,
    /// Trailing `^block-id`, without `^`.
    pub block_id: Option<String>,
    /// The text without fields and block id, whitespace collapsed.
    pub description: String,
    /// Invalid dates: `(byte offset within the text of the signifier, field name, value as written)`.
    pub invalid_dates: Vec<(usize, &'static str, String)>,
}

impl TaskFields {
    fn date_slot(&mut self, f: DateField) -> (&mut Option<String>, &'static str) {
        match f {
            DateField::Due => (&mut self.due, "due"),
            DateField::Scheduled => (&mut self.scheduled, "scheduled"),
            DateField::Start => (&mut self.start, "start"),
            DateField::Done => (&mut self.done, "done"),
            DateField::Created => (&mut self.created, "created"),
            DateField::Cancelled => (&mut self.cancelled, "cancelled"),
        }
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Splits off a trailing ` ^block-id` (letters, digits, `-`); returns the rest and the id.
fn split_block_id(text: &str) -> (&str, Option<String>) {
    let t = text.trim_end();
    if let Some(caret) = memchr::memrchr(b'^', t.as_bytes()) {
        let id = &t[caret + 1..];
        let before_ok = t[..caret].chars().next_back().is_none_or(char::is_whitespace);
        if before_ok && !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return (&t[..caret], Some(id.to_owned()));
        }
    }
    (text, None)
}

/// Reads the fields of a task's text (everything after the checkbox on its first line).
pub fn parse(text: &str) -> Fields {
    let mut f = Fields::default();
    let (text, block_id) = split_block_id(text);
    f.block_id = block_id;

    // The description is built as the fields are read: the text between consumed byte ranges (in order, not
    // overlapping: a field ends at the latest where the next begins).
    let mut description = String::with_capacity(text.len());
    let mut described = 0;
    let mut lead_bytes = memchr::memchr2_iter(0xE2, 0xF0, text.as_bytes());
    let mut next = next_signifier(text, &mut lead_bytes);
    while let Some((start, end, kind)) = next {
        next = next_signifier(text, &mut lead_bytes);
        let limit = next.map_or(text.len(), |s| s.0);
        let region = &text[end..limit];
        let lead = region.len() - region.trim_start().len();
        let value = &region[lead..];
        let value_start = end + lead;
        let consumed_end = match kind {
            Kind::Priority(p) => {
                f.task.priority.get_or_insert(p);
                end
            }
            Kind::Date(d) => {
                let word_len = value.find(char::is_whitespace).unwrap_or(value.len());
                let word = &value[..word_len];
                let (slot, name) = f.task.date_slot(d);
                match parse_date(word) {
                    Some(date) => {
                        slot.get_or_insert(date);
                    }
                    None => f.invalid_dates.push((start, name, word.to_owned())),
                }
                value_start + word_len
            }
            Kind::Recurrence => {
                let rule = value.trim_end();
                if !rule.is_empty() {
                    f.task.recurrence.get_or_insert_with(|| rule.to_owned());
                }
                limit
            }
            Kind::Id => {
                let len = value.find(|c: char| !is_id_char(c)).unwrap_or(value.len());
                if len > 0 {
                    f.task.id.get_or_insert_with(|| value[..len].to_owned());
                }
                value_start + len
            }
            Kind::DependsOn => {
                let len = value.find(|c: char| !(is_id_char(c) || c == ',' || c == ' ')).unwrap_or(value.len());
                let ids: Vec<String> =
                    value[..len].split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                if f.task.depends_on.is_empty() {
                    f.task.depends_on = ids;
                }
                value_start + len
            }
        };
        push_words(&mut description, &text[described..start]);
        described = consumed_end;
    }
    push_words(&mut description, &text[described..]);
    f.description = description;
    f
}

/// `text` without the `consumed` ranges (sorted, not overlapping), whitespace collapsed. A consumed range
/// separates words as a space would, so the pieces' words are joined in one pass, without rebuilding the text.
#[cfg(test)]
fn description(text: &str, consumed: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for &(s, e) in consumed {
        push_words(&mut out, &text[pos..s]);
        pos = e;
    }
    push_words(&mut out, &text[pos..]);
    out
}

/// Appends the words of `piece` (separated by `char::is_whitespace`, as `str::split_whitespace` splits) to
/// `out`, one space before each but the first of `out`. ASCII bytes are classified without decoding a
/// character; U+0009–U+000D and U+0020 are the ASCII characters `char::is_whitespace` accepts.
///
/// Most pieces are already collapsed (printable ASCII words with one space between them, none at either end):
/// those are appended whole after one check of each byte.
fn push_words(out: &mut String, piece: &str) {
    let bytes = piece.as_bytes();
    // Whether the byte before was a space; true at the start, so that a leading space fails the check.
    let mut after_space = true;
    let collapsed = bytes.iter().all(|&b| {
        let space = b == b' ';
        let fine = (b > b' ' && b < 0x80) || (space && !after_space);
        after_space = space;
        fine
    });
    if collapsed && !after_space {
        push_word(out, piece);
        return;
    }
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b if b < 0x80 => (matches!(b, b'\t'..=b'\r' | b' '), 1),
            _ => piece[i..].chars().next().map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        match (space, word_start) {
            (true, Some(start)) => {
                push_word(out, &piece[start..i]);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        push_word(out, &piece[start..]);
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The next signifier in `text` at one of the byte positions `lead_bytes` yields: (start, end after the emoji
/// and any U+FE0F, kind).
///
/// Every signifier is a character of U+2000–U+2FFF or U+1F000–U+1FFFF, whose UTF-8 form starts with the byte
/// `E2` or `F0` (`every_signifier_starts_with_a_searched_byte` checks the list): only characters starting at
/// those bytes, found with `memchr2`, are looked at. Neither byte continues a UTF-8 sequence, so each is the
/// start of a character.
fn next_signifier(text: &str, lead_bytes: &mut impl Iterator<Item = usize>) -> Option<(usize, usize, Kind)> {
    for i in lead_bytes {
        let Some(c) = text[i..].chars().next() else { continue };
        let Some(kind) = kind_of(c) else { continue };
        let mut end = i + c.len_utf8();
        if text[end..].starts_with('\u{FE0F}') {
            end += '\u{FE0F}'.len_utf8();
        }
        return Some((i, end, kind));
    }
    None
}

/// A `YYYY-MM-DD` date that exists, as written.
fn parse_date(word: &str) -> Option<String> {
    let b = word.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let year = i32::try_from(num(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7), num(8..10)).map(|_| word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_fields() {
        let f = parse(
            "Fix login #ops ⏫ 🔁 every week when done 🛫 2024-01-02 ⏳ 2024-01-03 📅 2024-01-05 ➕ 2024-01-01 \
             ✅ 2024-01-04 ❌ 2024-01-06 🆔 abc1 ⛔ x1, y_2 ^blk-1",
        );
        assert_eq!(f.description, "Fix login #ops");
        assert_eq!(f.task.priority, Some(Priority::High));
        assert_eq!(f.task.recurrence.as_deref(), Some("every week when done"));
        assert_eq!(f.task.start.as_deref(), Some("2024-01-02"));
        assert_eq!(f.task.scheduled.as_deref(), Some("2024-01-03"));
        assert_eq!(f.task.due.as_deref(), Some("2024-01-05"));
        assert_eq!(f.task.created.as_deref(), Some("2024-01-01"));
        assert_eq!(f.task.done.as_deref(), Some("2024-01-04"));
        assert_eq!(f.task.cancelled.as_deref(), Some("2024-01-06"));
        assert_eq!(f.task.id.as_deref(), Some("abc1"));
        assert_eq!(f.task.depends_on, vec!["x1", "y_2"]);
        assert_eq!(f.block_id.as_deref(), Some("blk-1"));
        assert!(f.invalid_dates.is_empty());
    }

    #[test]
    fn variation_selectors_and_aliases() {
        let f = parse("a 📅\u{FE0F} 2024-03-01 ⌛️2024-03-02 🔺️ b");
        assert_eq!(f.task.due.as_deref(), Some("2024-03-01"));
        assert_eq!(f.task.scheduled.as_deref(), Some("2024-03-02"));
        assert_eq!(f.task.priority, Some(Priority::Highest));
        assert_eq!(f.description, "a b");
    }

    #[test]
    fn invalid_dates_are_reported_and_dropped() {
        let f = parse("x 📅 2024-02-30 ⏳ soon ✅");
        assert_eq!(f.task.due, None);
        let bad: Vec<_> = f.invalid_dates.iter().map(|(o, n, v)| (*o, *n, v.as_str())).collect();
        assert_eq!(bad, vec![(2, "due", "2024-02-30"), (18, "scheduled", "soon"), (27, "done", "")]);
        assert_eq!(f.description, "x");
    }

    #[test]
    fn block_id_needs_a_space_before() {
        assert_eq!(parse("a^b").block_id, None);
        assert_eq!(parse("^only").block_id.as_deref(), Some("only"));
        assert_eq!(parse("x ^a_b").block_id, None);
    }

    #[test]
    fn every_signifier_starts_with_a_searched_byte() {
        let all = (0..=u32::from(char::MAX)).filter_map(char::from_u32);
        for c in all.filter(|&c| kind_of(c).is_some()) {
            let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            assert!(first == 0xE2 || first == 0xF0, "{c:?} starts with {first:#X}");
        }
    }

    #[test]
    fn ascii_whitespace_is_what_char_is_whitespace_says() {
        for b in 0u8..0x80 {
            assert_eq!(matches!(b, b'\t'..=b'\r' | b' '), char::from(b).is_whitespace(), "{b:#X}");
        }
    }

    /// The old signifier search: every character of the text.
    #[cfg(not(target_arch = "wasm32"))]
    fn signifiers_by_char(text: &str) -> Vec<(usize, usize, Kind)> {
        let mut sigs = Vec::new();
        for (i, c) in text.char_indices() {
            if let Some(kind) = kind_of(c) {
                let mut end = i + c.len_utf8();
                if text[end..].starts_with('\u{FE0F}') {
                    end += '\u{FE0F}'.len_utf8();
                }
                sigs.push((i, end, kind));
            }
        }
        sigs
    }

    /// The old description: the pieces joined with a space each, then the words joined with single spaces.
    #[cfg(not(target_arch = "wasm32"))]
    fn description_by_join(text: &str, consumed: &[(usize, usize)]) -> String {
        let mut desc = String::new();
        let mut pos = 0;
        for &(s, e) in consumed {
            desc.push_str(&text[pos..s]);
            desc.push(' ');
            pos = e;
        }
        desc.push_str(&text[pos..]);
        desc.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// Signifiers found by their lead bytes are the ones a walk over every character finds.
        #[test]
        fn signifiers_agree_with_a_walk_over_every_char(
            text in "([ a-z0-9\t\u{a0}\u{2000}-\u{2fff}\u{1f000}-\u{1f6ff}\u{fe0f}é€]|📅|⏳|✅|➕|❌|🔁|🆔|⛔|⏫|🔺){0,40}"
        ) {
            let mut lead_bytes = memchr::memchr2_iter(0xE2, 0xF0, text.as_bytes());
            let by_lead_bytes: Vec<_> = std::iter::from_fn(|| next_signifier(&text, &mut lead_bytes)).collect();
            proptest::prop_assert_eq!(by_lead_bytes, signifiers_by_char(&text));
        }

        /// The description built piece by piece is the one the old join made.
        #[test]
        fn description_agrees_with_the_old_join(
            text in "([ a-z\t\u{a0}\u{3000}\u{b}\u{c}\u{1c}\u{85}\u{2028}\u{200b}\u{feff}\r\n]|é|📅){0,30}",
            cuts in proptest::collection::vec(0usize..200, 0..8),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).filter(|&c| text.is_char_boundary(c)).collect();
            cuts.sort_unstable();
            let consumed: Vec<(usize, usize)> = cuts.chunks_exact(2).map(|p| (p[0], p[1])).collect();
            proptest::prop_assert_eq!(description(&text, &consumed), description_by_join(&text, &consumed));
        }

        /// The digit-by-digit check agrees with chrono's `%Y-%m-%d` parser, which it replaced for speed.
        #[test]
        fn parse_date_agrees_with_chrono(word in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9-]{0,11}|20[0-9]{2}-(0[0-9]|1[0-3])-[0-3][0-9]") {
            // The old check: the shape, then chrono.
            let b = word.as_bytes();
            let shape = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            let chrono = shape && NaiveDate::parse_from_str(&word, "%Y-%m-%d").is_ok();
            proptest::prop_assert_eq!(parse_date(&word).is_some(), chrono, "{}", word);
        }
    }
}
