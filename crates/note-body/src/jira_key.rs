//! Jira issue keys (`OPS-12`) mentioned in prose.
//!
//! Key rule: a project key of an ASCII uppercase letter followed by one or more uppercase letters, digits or
//! `_` (Jira's default pattern, at least two characters), a `-`, and an issue number of at most 15 digits that
//! does not start with `0` (Jira numbers issues from 1, and `OPS-012` is not how Jira writes a key).
//! Boundaries: the character before must not be a letter, digit, `_` or `-` (so `XOPS-1` has no `OPS-1`
//! inside, and `proj-1` is not a key at all); the character after must not be a letter, digit or `_`, and
//! not a `-` followed by a digit (`ABC-12-3` looks like a version or date, not a key).
//! Code, math, HTML, URLs, link destinations, wiki link targets and `%%comments%%` are excluded by the
//! caller's gaps; the text of `[OPS-1](url)` and a wiki link alias are prose and count.

use std::ops::Range;

use serde::Serialize;

use super::locate::Locator;

/// A Jira key in prose. Its texts are `String`s, or (`JiraKeyRef<&str>`, as [`crate::scan`] finds it) slices
/// of the note's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JiraKeyRef<S = String> {
    /// The whole key, e.g. `OPS-12`.
    pub key: S,
    /// The project key, e.g. `OPS`.
    pub project: S,
    /// The issue number, e.g. 12 (at most 15 digits, so exact in a JavaScript number).
    pub number: u64,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
    /// Byte offset of the first letter.
    pub offset: usize,
}

impl JiraKeyRef<&str> {
    /// The key with texts of its own.
    pub fn to_owned_key(&self) -> JiraKeyRef {
        JiraKeyRef {
            key: self.key.to_owned(),
            project: self.project.to_owned(),
            number: self.number,
            line: self.line,
            column: self.column,
            offset: self.offset,
        }
    }
}

const MAX_DIGITS: usize = 15;

/// Matches a key starting exactly at `start` and ending at or before `end`; returns `(dash, key_end)`.
/// Boundary checks look at the whole `text`, not just `start..end`.
fn match_at(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if !b.get(start)?.is_ascii_uppercase() {
        return None;
    }
    // The character before: an ASCII byte is a whole character, read without decoding backwards.
    let after_word = match start.checked_sub(1).map(|i| b[i]) {
        None => false,
        Some(prev) if prev.is_ascii() => prev.is_ascii_alphanumeric() || prev == b'_' || prev == b'-',
        Some(_) => text[..start].chars().next_back().is_some_and(char::is_alphanumeric),
    };
    if after_word {
        return None;
    }
    let mut dash = start + 1;
    while dash < end && in_project(b[dash]) {
        dash += 1;
    }
    if dash - start < 2 || dash >= end || b[dash] != b'-' {
        return None;
    }
    let digits_start = dash + 1;
    let mut key_end = digits_start;
    while key_end < end && b[key_end].is_ascii_digit() {
        key_end += 1;
    }
    let digits = key_end - digits_start;
    if digits == 0 || digits > MAX_DIGITS || b[digits_start] == b'0' {
        return None;
    }
    let mut after = text[key_end..].chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() || c == '_' => None,
        Some('-') if after.next().is_some_and(|c| c.is_ascii_digit()) => None,
        _ => Some((dash, key_end)),
    }
}

fn make<'a>(text: &'a str, start: usize, dash: usize, end: usize, loc: &mut Locator<'_>) -> JiraKeyRef<&'a str> {
    let p = loc.at(start);
    JiraKeyRef {
        key: &text[start..end],
        project: &text[start..dash],
        // At most 15 ASCII digits (`match_at`): always fits, without `parse`'s sign and overflow checks.
        number: text
            .as_bytes()
            .get(dash + 1..end)
            .unwrap_or_default()
            .iter()
            .fold(0, |n, &d| n * 10 + u64::from(d.wrapping_sub(b'0'))),
        line: p.line,
        column: p.column,
        offset: start,
    }
}

/// Whether `c` may be in a project key after its first letter (`[A-Z0-9_]`).
fn in_project(c: u8) -> bool {
    matches!(c, b'A'..=b'Z' | b'0'..=b'9' | b'_')
}

/// The keys in `gaps` of `text`, in text order. Linear, and led by the rarest part of a key: the scan goes from
/// each `-` followed by a digit `1`–`9` (`bytes::next_key_dash`; prose has far fewer of them than capitals) back
/// over the `[A-Z0-9_]` run before it to the run's first byte, the only start `match_at` can accept for that dash
/// (any later start has a word character before it); a run that reaches the gap's start is refused there by the
/// byte before the gap, as a start tried at every capital would be. So the keys are exactly the starts in the gap
/// that `match_at` accepts, in order (two never overlap: inside a key every byte is a word character or `-`). Runs
/// of different dashes are disjoint (a dash is not in a run), so each byte is walked back over at most once.
pub fn scan<'a>(text: &'a str, gaps: &[Range<usize>], loc: &mut Locator<'_>) -> Vec<JiraKeyRef<&'a str>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for gap in gaps {
        let Some(hay) = b.get(..gap.end) else { continue };
        let mut pos = gap.start;
        loop {
            let dash = crate::bytes::next_key_dash(hay, pos);
            if dash >= hay.len() {
                break;
            }
            let mut start = dash;
            while start > gap.start && hay.get(start - 1).is_some_and(|&c| in_project(c)) {
                start -= 1;
            }
            match match_at(text, start, gap.end) {
                Some((dash, end)) => {
                    out.push(make(text, start, dash, end, loc));
                    pos = end;
                }
                None => pos = dash + 1,
            }
        }
    }
    out
}

/// The next char boundary after `pos`.
fn next_boundary(text: &str, pos: usize) -> usize {
    text[pos..].chars().next().map_or(text.len(), |c| pos + c.len_utf8())
}

/// The key at the very start of `s` (e.g. a wiki link target `OPS-12 Fix login`), if any.
pub fn leading_key(s: &str) -> Option<&str> {
    match_at(s, 0, s.len()).map(|(_, end)| &s[..end])
}

/// The first key anywhere in `s` (the same rules as the prose scan, without its exclusions) and its byte offset.
pub fn first_key(s: &str) -> Option<(usize, &str)> {
    let mut pos = 0;
    while pos < s.len() {
        if let Some((_, end)) = match_at(s, pos, s.len()) {
            return Some((pos, &s[pos..end]));
        }
        pos = next_boundary(s, pos);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let mut loc = Locator::new(text);
        scan(text, std::slice::from_ref(&(0..text.len())), &mut loc).into_iter().map(|k| k.key.to_owned()).collect()
    }

    #[test]
    fn key_rules() {
        assert_eq!(
            keys("OPS-1, (AB_2-34) XOPS-1 proj-1 OPS-1a ABC-12-3 OPS-0 OPS-012 A-1 A1-9 é OPS-7. x-OPS-2 OPS-3-fix"),
            vec!["OPS-1", "AB_2-34", "XOPS-1", "A1-9", "OPS-7", "OPS-3"]
        );
        assert_eq!(keys("éOPS-1 OPS-1234567890123456"), Vec::<String>::new());
    }

    #[test]
    fn split_and_position() {
        let t = "ü\n  OPS-42";
        let mut loc = Locator::new(t);
        let k = &scan(t, std::slice::from_ref(&(0..t.len())), &mut loc)[0];
        assert_eq!((k.project, k.number, k.line, k.column, k.offset), ("OPS", 42, 2, 3, 5));
    }

    #[test]
    fn leading() {
        assert_eq!(leading_key("OPS-12 Fix login"), Some("OPS-12"));
        assert_eq!(leading_key("Fix OPS-12"), None);
        assert_eq!(first_key("Fix XOPS-1 and OPS-12."), Some((4, "XOPS-1")));
        assert_eq!(first_key("é OPS-12"), Some((3, "OPS-12")));
        assert_eq!(first_key("no key-1 here"), None);
    }

    /// The scanner before it worked byte by byte: a start tried at every character. The oracle for the
    /// skipping scanner above.
    fn scan_every_char(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            match match_at(text, pos, text.len()) {
                Some((_, end)) => {
                    out.push((pos, end));
                    pos = end;
                }
                None => pos = next_boundary(text, pos),
            }
        }
        out
    }

    /// The scan before it was led by dashes: from capital to capital in each gap, resuming after a found key. The
    /// oracle for [`scan`] with gaps.
    fn scan_by_capitals(text: &str, gaps: &[Range<usize>]) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        for gap in gaps {
            let mut pos = gap.start;
            while pos < gap.end {
                if !b[pos].is_ascii_uppercase() {
                    pos = crate::bytes::next_capital(&b[..gap.end], pos);
                    continue;
                }
                match match_at(text, pos, gap.end) {
                    Some((_, end)) => {
                        out.push((pos, end));
                        pos = end;
                    }
                    None => pos = crate::bytes::next_capital(&b[..gap.end], pos + 1),
                }
            }
        }
        out
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        #[test]
        fn byte_scan_agrees_with_every_char_scan(text in "([A-Z]{1,3}|[a-z]|[0-9]{1,3}|-|_| |é|日|\\n|.){0,40}") {
            let mut loc = Locator::new(&text);
            let got: Vec<_> = scan(&text, std::slice::from_ref(&(0..text.len())), &mut loc)
                .into_iter()
                .map(|k| (k.offset, k.offset + k.key.len()))
                .collect();
            proptest::prop_assert_eq!(got, scan_every_char(&text));
        }
    }

    // The default number of cases (`PROPTEST_CASES` sets it: run at 1,000,000 in release after a change here).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Text rich in near misses (capitals, digits, `-`, `_`, letters of other scripts around them) read through
        /// several gaps: in any order, overlapping or empty, with edges anywhere (also inside a character or a key).
        #[test]
        fn dash_scan_agrees_with_capital_scan(
            text in "([A-Z]{1,4}|[A-Z][A-Z0-9_]{0,3}-[0-9]{1,3}|[a-z]|[0-9]{1,3}|[1-9][0-9]{13,15}|-|-0|-1|_| |é|É|日|\\n|\\.|,|.){0,30}",
            cuts in proptest::collection::vec((0usize..100, 0usize..50), 0..5),
        ) {
            let gaps: Vec<Range<usize>> = cuts
                .iter()
                .map(|&(s, len)| {
                    let s = s.min(text.len());
                    s..(s + len).min(text.len())
                })
                .chain(std::iter::once(0..text.len()))
                .collect();
            let mut loc = Locator::new(&text);
            let found = scan(&text, &gaps, &mut loc);
            for k in &found {
                let digits = k.key.get(k.project.len() + 1..).unwrap_or_default();
                proptest::prop_assert_eq!(Some(k.number), digits.parse().ok());
            }
            let got: Vec<_> = found.iter().map(|k| (k.offset, k.offset + k.key.len())).collect();
            proptest::prop_assert_eq!(got, scan_by_capitals(&text, &gaps));
        }
    }
}
