//! JQL building for the pull and lookup searches, and Jira timestamps.
//!
//! Decisions: every value that comes from data (project keys, labels) is emitted as a double-quoted string
//! literal through [`quote`], which escapes `"` and `\` with a backslash, line breaks as `\n`/`\r`, and other
//! control characters as `\uXXXX` — nothing a value contains can end the literal. Issue keys and ids are
//! emitted bare (the simulator's and Jira's grammar read `OPS-12` and `10001` as words), so they are validated
//! first (keys `^[A-Z][A-Z0-9_]*-[0-9]+$`, ids ASCII digits) and invalid ones are skipped, never injected. A
//! list builder with no valid entry returns an empty string (Jira has no empty `in ()` list); callers must
//! check. The user's own JQL is wrapped in parentheses so its `OR`s cannot escape the scope, with a top-level
//! `ORDER BY` dropped (it would not parse inside parentheses and the pull imposes its own order); blank JQL
//! counts as absent. Watermarks are JQL date literals in the user's time zone (Jira reads them so), floored
//! to the minute and moved back by an overlap, so re-reading a few issues is the price of never missing one.
//! Cloud rejects unbounded JQL, so a pull without scope or watermark is bounded by `updated >= "1970/01/01
//! 00:00"`. Results are ordered `updated ASC, key ASC`: the key tie-break keeps offset paging stable.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

/// The bounded catch-all date literal used when no watermark is known.
pub const EPOCH_LITERAL: &str = "\"1970/01/01 00:00\"";

/// Quotes a JQL string literal: wraps in double quotes, escaping `"` and `\` with a backslash, newlines as
/// `\n`, carriage returns as `\r` and other control characters as `\uXXXX`.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() && c != '\t' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scope clause of a site: `project in ("OPS", "PLAT")` and/or `(user jql)`, joined with AND; `None` when
/// both are empty. Blank project keys are skipped; the user's JQL is trimmed, loses a top-level `ORDER BY`,
/// and counts as absent when nothing remains.
pub fn scope_clause(projects: &[&str], jql: Option<&str>) -> Option<String> {
    let keys: Vec<String> = projects.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(quote).collect();
    let project = (!keys.is_empty()).then(|| format!("project in ({})", keys.join(", ")));
    let user = jql.map(strip_order_by).map(str::trim).filter(|j| !j.is_empty()).map(|j| format!("({j})"));
    match (project, user) {
        (Some(p), Some(u)) => Some(format!("{p} AND {u}")),
        (p, u) => p.or(u),
    }
}

/// `jql` up to its top-level `ORDER BY` (outside quotes and parentheses, case-insensitive), or all of it.
fn strip_order_by(jql: &str) -> &str {
    let bytes = jql.as_bytes();
    let mut depth = 0usize;
    let mut quote_char: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote_char {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote_char = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote_char = Some(b),
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ if depth == 0 && starts_order_by(jql, i) => return &jql[..i],
                _ => {}
            },
        }
        i += 1;
    }
    jql
}

/// Whether the words `ORDER BY` start at byte `i` of `jql` on word boundaries.
fn starts_order_by(jql: &str, i: usize) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
    let Some(rest) = jql.get(i..) else { return false };
    let before = jql.get(..i).and_then(|s| s.chars().next_back());
    if !boundary(before) || rest.len() < 5 || !rest.is_char_boundary(5) || !rest[..5].eq_ignore_ascii_case("order") {
        return false;
    }
    let after = &rest[5..];
    let trimmed = after.trim_start();
    if trimmed.len() == after.len() || trimmed.len() < 2 || !trimmed.is_char_boundary(2) {
        return false;
    }
    trimmed[..2].eq_ignore_ascii_case("by") && boundary(trimmed[2..].chars().next())
}

/// Parses a Jira timestamp: `2025-03-04T10:15:30.000+0100` (Jira's form, offset without colon), also `+01:00`,
/// `Z`, and without milliseconds. Surrounding whitespace is ignored; anything else is `None`.
pub fn parse_jira_time(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Some(t) = crate::date_text::parse_rfc3339(text) {
        return Some(t);
    }
    if let Some(t) = crate::date_text::parse_offset_datetime(text) {
        return Some(t);
    }
    // `Z` without seconds' fraction handled above by RFC 3339; a bare `Z` after a non-RFC form is UTC.
    let naive = text.strip_suffix('Z').or_else(|| text.strip_suffix('z'))?;
    crate::date_text::parse_naive_datetime(naive).map(|n| n.and_utc().fixed_offset())
}

/// The JQL date literal for the watermark: `instant` minus `overlap_minutes` (negative counts as 0), shown in the
/// user's zone given as its UTC offset in minutes (the offset in force at `instant - overlap`), formatted
/// `"yyyy/MM/dd HH:mm"` with the quotes. Floors to the minute. An offset of a day or more, an out-of-range
/// instant or a year outside 1000…9999 yields [`EPOCH_LITERAL`] (re-reading everything beats missing issues).
pub fn watermark_literal(instant: DateTime<Utc>, overlap_minutes: i64, offset_minutes: i32) -> String {
    let shown = TimeDelta::try_minutes(overlap_minutes.max(0))
        .and_then(|overlap| instant.checked_sub_signed(overlap))
        .zip(offset_minutes.checked_mul(60).and_then(FixedOffset::east_opt))
        .map(|(at, zone)| at.with_timezone(&zone))
        .filter(|local| (1000..=9999).contains(&chrono::Datelike::year(local)));
    match shown {
        Some(local) => format!("\"{}\"", crate::date_text::SlashDateMinutes(local.naive_local())),
        None => EPOCH_LITERAL.to_owned(),
    }
}

/// `(scope) AND updated >= … ORDER BY updated ASC, key ASC`. `watermark` is a ready literal (see
/// [`watermark_literal`]); a blank scope or watermark counts as absent. Without a watermark the catch-all
/// `updated >= "1970/01/01 00:00"` bounds the query, because Cloud rejects unbounded JQL.
pub fn pull_jql(scope: Option<&str>, watermark: Option<&str>) -> String {
    let since = watermark.map(str::trim).filter(|w| !w.is_empty()).unwrap_or(EPOCH_LITERAL);
    let bound = format!("updated >= {since}");
    let filter = match scope.map(str::trim).filter(|s| !s.is_empty()) {
        Some(scope) => format!("({scope}) AND {bound}"),
        None => bound,
    };
    format!("{filter} ORDER BY updated ASC, key ASC")
}

/// `labels in ("jvs-a", "jvs-b")` for finding issues by creation tokens. Blank labels are skipped; an empty
/// string when none is left.
pub fn labels_in(labels: &[&str]) -> String {
    let quoted: Vec<String> = labels.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(quote).collect();
    in_list("labels", &quoted)
}

/// `key in (A-1, B-2)`. Keys are trimmed; those not matching `^[A-Z][A-Z0-9_]*-[0-9]+$` are skipped, repeats
/// dropped; an empty string when none is left.
pub fn keys_in(keys: &[&str]) -> String {
    in_list("key", &valid(keys, is_issue_key))
}

/// `id in (1, 2)`. Ids are trimmed; those not all ASCII digits are skipped, repeats dropped; an empty string
/// when none is left.
pub fn ids_in(ids: &[&str]) -> String {
    in_list("id", &valid(ids, |id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())))
}

/// Whether `key` is an issue key `^[A-Z][A-Z0-9_]*-[0-9]+$`.
pub fn is_issue_key(key: &str) -> bool {
    let Some((project, number)) = key.rsplit_once('-') else { return false };
    let mut chars = project.bytes();
    chars.next().is_some_and(|b| b.is_ascii_uppercase())
        && chars.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// The trimmed values passing `ok`, first occurrences only, in input order.
fn valid(values: &[&str], ok: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.iter().map(|v| v.trim()) {
        if ok(v) && !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
    }
    out
}

/// `field in (a, b)`, or an empty string for an empty list.
fn in_list(field: &str, values: &[String]) -> String {
    if values.is_empty() { String::new() } else { format!("{field} in ({})", values.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap_or_default()
    }

    #[test]
    fn quote_escapes_hostile_strings() {
        assert_eq!(quote("plain"), r#""plain""#);
        assert_eq!(quote(r#"a" OR project = "X"#), r#""a\" OR project = \"X""#);
        assert_eq!(quote(r"trailing\"), r#""trailing\\""#);
        assert_eq!(quote(r#"\" OR 1=1"#), r#""\\\" OR 1=1""#);
        assert_eq!(quote("two\nlines\r"), r#""two\nlines\r""#);
        assert_eq!(quote("bell\u{7}\ttab"), "\"bell\\u0007\ttab\"");
        assert_eq!(quote("it's ünïcødé"), "\"it's ünïcødé\"");
        assert_eq!(quote(""), r#""""#);
    }

    #[test]
    fn quoted_literals_never_end_early() {
        // Reading back like the simulator's lexer: a backslash escapes the next character.
        for hostile in [r#"x" OR "y"#, r"\", r#"\\""#, "\"\"\"", "a\\\"b"] {
            let q = quote(hostile);
            let inner = &q[1..q.len() - 1];
            let mut escaped = false;
            for c in inner.chars() {
                assert!(escaped || c != '"', "unescaped quote in {q}");
                escaped = !escaped && c == '\\';
            }
            assert!(!escaped, "dangling backslash in {q}");
        }
    }

    #[test]
    fn scope_clause_combines_projects_and_user_jql() {
        assert_eq!(scope_clause(&["OPS", "PLAT"], None).as_deref(), Some(r#"project in ("OPS", "PLAT")"#));
        assert_eq!(
            scope_clause(&["OPS"], Some("assignee = currentUser() OR labels = x")).as_deref(),
            Some(r#"project in ("OPS") AND (assignee = currentUser() OR labels = x)"#)
        );
        assert_eq!(scope_clause(&[], Some(" status = Done ")).as_deref(), Some("(status = Done)"));
        assert_eq!(scope_clause(&[], None), None);
        assert_eq!(scope_clause(&[" ", ""], Some("   ")), None);
        assert_eq!(scope_clause(&[r#"O"PS"#], None).as_deref(), Some(r#"project in ("O\"PS")"#));
    }

    #[test]
    fn scope_clause_drops_a_top_level_order_by() {
        assert_eq!(scope_clause(&[], Some("status = Done ORDER BY created DESC")).as_deref(), Some("(status = Done)"));
        assert_eq!(scope_clause(&[], Some("order   by key")), None);
        assert_eq!(
            scope_clause(&[], Some(r#"summary ~ "order by" AND reorder = x"#)).as_deref(),
            Some(r#"(summary ~ "order by" AND reorder = x)"#)
        );
        assert_eq!(scope_clause(&[], Some("a = b OR (ordered = 1)")).as_deref(), Some("(a = b OR (ordered = 1))"));
        assert_eq!(scope_clause(&[], Some("x = 'it\\'s' order")).as_deref(), Some("(x = 'it\\'s' order)"));
    }

    #[test]
    fn parses_jira_timestamps() {
        let expected = FixedOffset::east_opt(3600).and_then(|z| z.with_ymd_and_hms(2025, 3, 4, 10, 15, 30).single());
        assert_eq!(parse_jira_time("2025-03-04T10:15:30.000+0100"), expected);
        assert_eq!(parse_jira_time("2025-03-04T10:15:30+01:00"), expected);
        assert_eq!(parse_jira_time("2025-03-04T10:15:30.000+01:00"), expected);
        assert_eq!(parse_jira_time("2025-03-04T10:15:30+0100"), expected);
        assert_eq!(parse_jira_time(" 2025-03-04T09:15:30.000Z "), expected);
        assert_eq!(parse_jira_time("2025-03-04T09:15:30Z"), expected);
        let millis = parse_jira_time("2025-03-04T10:15:30.123-0800").map(|t| t.timestamp_millis());
        assert_eq!(millis, Some(utc(2025, 3, 4, 18, 15, 30).timestamp_millis() + 123));
        assert_eq!(parse_jira_time("2024-03-20T10:15:30.000+0000").map(|t| t.offset().local_minus_utc()), Some(0));
    }

    #[test]
    fn odd_timestamps_are_none() {
        for odd in [
            "",
            "   ",
            "2025-03-04",
            "2025-03-04T10:15",
            "2025-13-04T10:15:30.000+0100",
            "2025-02-30T10:15:30.000+0100",
            "2025-03-04T25:15:30.000+0100",
            "2025-03-04T10:15:30.000+2500",
            "2025-03-04T10:15:30.000",
            "2025-03-04T10:15:30.000+01",
            "2025-03-04 10:15:30.000+0100x",
            "Z",
            "ZZ",
            "+0100",
            "2025-03-04T10:15:30.000+0100\u{0}",
            "२०२५-03-04T10:15:30.000+0100",
            "9999999999-03-04T10:15:30.000+0100",
        ] {
            assert_eq!(parse_jira_time(odd), None, "{odd:?}");
        }
    }

    #[test]
    fn watermark_in_the_users_zone_minus_overlap() {
        let at = utc(2025, 3, 4, 10, 15, 59);
        assert_eq!(watermark_literal(at, 0, 0), r#""2025/03/04 10:15""#);
        assert_eq!(watermark_literal(at, 5, 0), r#""2025/03/04 10:10""#);
        assert_eq!(watermark_literal(at, 5, 60), r#""2025/03/04 11:10""#);
        assert_eq!(watermark_literal(at, 5, -480), r#""2025/03/04 02:10""#);
        assert_eq!(watermark_literal(at, 20, -600), r#""2025/03/03 23:55""#);
        assert_eq!(watermark_literal(at, 0, 330), r#""2025/03/04 15:45""#);
        assert_eq!(watermark_literal(at, -5, 0), r#""2025/03/04 10:15""#);
    }

    #[test]
    fn watermark_across_dst_uses_the_given_offset() {
        // Europe/Berlin: CET (+60) until 2025-03-30 01:00 UTC, CEST (+120) after.
        assert_eq!(watermark_literal(utc(2025, 3, 30, 0, 59, 0), 0, 60), r#""2025/03/30 01:59""#);
        assert_eq!(watermark_literal(utc(2025, 3, 30, 1, 0, 0), 0, 120), r#""2025/03/30 03:00""#);
        // Back to CET on 2025-10-26 01:00 UTC: wall 02:30 occurs twice; both instants show their own offset.
        assert_eq!(watermark_literal(utc(2025, 10, 26, 0, 30, 0), 0, 120), r#""2025/10/26 02:30""#);
        assert_eq!(watermark_literal(utc(2025, 10, 26, 1, 30, 0), 0, 60), r#""2025/10/26 02:30""#);
        // America/Los_Angeles PDT (-420).
        assert_eq!(watermark_literal(utc(2025, 7, 1, 6, 59, 30), 10, -420), r#""2025/06/30 23:49""#);
    }

    #[test]
    fn watermark_out_of_range_falls_back_to_the_catch_all() {
        let at = utc(2025, 3, 4, 10, 15, 0);
        assert_eq!(watermark_literal(at, 0, 24 * 60), EPOCH_LITERAL);
        assert_eq!(watermark_literal(at, 0, i32::MIN), EPOCH_LITERAL);
        assert_eq!(watermark_literal(at, i64::MAX, 0), EPOCH_LITERAL);
        assert_eq!(watermark_literal(DateTime::<Utc>::MIN_UTC, 0, 0), EPOCH_LITERAL);
        assert_eq!(watermark_literal(DateTime::<Utc>::MAX_UTC, 0, 0), EPOCH_LITERAL);
        assert_eq!(watermark_literal(at, 0, 24 * 60 - 1), r#""2025/03/05 10:14""#);
    }

    #[test]
    fn pull_jql_shapes() {
        assert_eq!(
            pull_jql(Some(r#"project in ("OPS")"#), Some(r#""2025/03/04 10:10""#)),
            r#"(project in ("OPS")) AND updated >= "2025/03/04 10:10" ORDER BY updated ASC, key ASC"#
        );
        assert_eq!(
            pull_jql(None, Some(r#""2025/03/04 10:10""#)),
            r#"updated >= "2025/03/04 10:10" ORDER BY updated ASC, key ASC"#
        );
        assert_eq!(
            pull_jql(Some("(status = Done)"), None),
            r#"((status = Done)) AND updated >= "1970/01/01 00:00" ORDER BY updated ASC, key ASC"#
        );
        assert_eq!(pull_jql(Some("  "), Some("")), r#"updated >= "1970/01/01 00:00" ORDER BY updated ASC, key ASC"#);
    }

    #[test]
    fn list_builders() {
        assert_eq!(labels_in(&["jvs-a", "jvs-b"]), r#"labels in ("jvs-a", "jvs-b")"#);
        assert_eq!(labels_in(&["x\" OR 1=1", " "]), r#"labels in ("x\" OR 1=1")"#);
        assert_eq!(labels_in(&[]), "");
        assert_eq!(keys_in(&["OPS-1", " PLAT-22 ", "OPS-1", "A_2B-3"]), "key in (OPS-1, PLAT-22, A_2B-3)");
        assert_eq!(ids_in(&["10001", " 2 ", "10001"]), "id in (10001, 2)");
    }

    #[test]
    fn invalid_keys_and_ids_are_skipped() {
        let hostile =
            ["ops-1", "OPS-", "-1", "OPS1", "1OPS-1", "OPS-1) OR (id > 0", "OPS-1,OPS-2", "OPS-１", "", "Ö-1"];
        assert_eq!(keys_in(&hostile), "");
        assert_eq!(keys_in(&["OPS-1-2", "OPS-7"]), "key in (OPS-7)");
        assert_eq!(ids_in(&["", "1a", "-1", "1 OR 1", "１", "+1", "1.0", "42"]), "id in (42)");
        assert_eq!(ids_in(&[]), "");
        assert!(is_issue_key("X-0") && !is_issue_key("X_-") && !is_issue_key(""));
    }
}
