//! Worklog entries from note lines: the worklog section (`- 2024-03-20 09:30–11:00 text`,
//! `- 2024-03-20 1h 30m text`) and daily-note time blocks (`- 10:00 - 11:30 [[OPS-12 Fix login]] pairing`).
//!
//! Decisions: in the section, a list item whose content starts with a digit is an entry attempt (anything else
//! is prose and ignored); its date is required unless the note is a daily note, whose date is then used. After
//! the date comes either a time range or a run of duration words (a time range wins); the rest of the line is
//! the comment, kept verbatim. In a daily note, outside the section, a list item starting with a time range and
//! mentioning an issue key is an entry for that key; time ranges without a key are ordinary planning and
//! ignored. Durations are rounded to whole minutes; a zero result is an error.

use crate::date_text::Minutes;
use chrono::{NaiveDate, NaiveTime};

use super::duration::{DurationConfig, parse_duration};
use super::entry::{EntrySource, WorklogEntry, WorklogScan};
use super::line::{Range, find_issue_key, list_content, split_block_id, take_date, take_duration_words, take_range};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Span;

/// One note line to read, with the context it needs.
pub(crate) struct LineInput<'a> {
    /// The line, without its ending.
    pub line: &'a str,
    /// Byte offset of the line in `text`.
    pub start: usize,
    /// 1-based line number.
    pub number: usize,
}

impl LineInput<'_> {
    /// An error at a byte offset in the line; computed from the line alone (not the whole text), so many
    /// diagnostics in a huge note stay linear.
    fn error(&self, offset_in_line: usize, code: &'static str, message: impl Into<String>) -> Diagnostic {
        let mut at = offset_in_line.min(self.line.len());
        while !self.line.is_char_boundary(at) {
            at -= 1;
        }
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            line: self.number,
            column: 1 + self.line[..at].chars().count(),
            offset: self.start + at,
        }
    }

    fn span(&self) -> Span {
        Span { start: self.start, end: self.start + self.line.len(), start_line: self.number, end_line: self.number }
    }
}

/// What a time range or duration resolved to.
struct Amount {
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
    seconds: u32,
}

/// Reads a time range or a duration at the start of `s`; on failure pushes a diagnostic and returns `None`.
fn amount<'a>(
    input: &LineInput<'_>,
    at: usize,
    s: &'a str,
    config: &DurationConfig,
    out: &mut WorklogScan,
) -> Option<(Amount, &'a str)> {
    match take_range(s) {
        Range::Ok(a, b, rest) => {
            if b <= a {
                let msg = format!(
                    "The end time {} is not after the start time {} (crossing midnight is not supported; split the entry).",
                    Minutes(b),
                    Minutes(a)
                );
                out.diagnostics.push(input.error(at, "worklog-end-before-start", msg));
                return None;
            }
            // At most 24 h: fits.
            let seconds = u32::try_from((b - a).num_seconds()).unwrap_or(0);
            return Some((Amount { start: Some(a), end: Some(b), seconds }, rest));
        }
        Range::BadTime => {
            out.diagnostics.push(input.error(
                at,
                "worklog-bad-time",
                "Expected a time range like 09:30–11:00 (hours 0–23, minutes 0–59).",
            ));
            return None;
        }
        Range::None => {}
    }
    let Some((words, rest)) = take_duration_words(s) else {
        out.diagnostics.push(input.error(
            at,
            "worklog-bad-duration",
            "Expected a time range like 09:30–11:00 or a duration like 1h 30m.",
        ));
        return None;
    };
    let seconds = match parse_duration(words, config) {
        Ok(s) => s,
        Err(e) => {
            out.diagnostics.push(input.error(at, "worklog-bad-duration", format!("Invalid duration `{words}`: {e}.")));
            return None;
        }
    };
    if seconds == 0 {
        out.diagnostics.push(input.error(at, "worklog-zero-duration", "The duration rounds to zero minutes."));
        return None;
    }
    let Ok(seconds) = u32::try_from(seconds) else {
        out.diagnostics.push(input.error(at, "worklog-too-long", format!("The duration `{words}` is too long.")));
        return None;
    };
    Some((Amount { start: None, end: None, seconds }, rest))
}

/// Reads a line of the worklog section.
pub(crate) fn section_line(
    input: &LineInput<'_>,
    daily: Option<NaiveDate>,
    config: &DurationConfig,
    out: &mut WorklogScan,
) {
    let Some((off, content)) = list_content(input.line) else { return };
    if !content.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let (content, worklog_id) = split_block_id(content);
    let (date, rest) = match take_date(content) {
        Some(Ok((date, rest))) => (date, rest),
        Some(Err(())) => {
            out.diagnostics.push(input.error(off, "worklog-bad-date", "This date does not exist."));
            return;
        }
        None => match daily {
            Some(date) => (date, content),
            None => {
                let msg = "A worklog entry needs a date first, like `- 2024-03-20 09:30–11:00 text`.";
                out.diagnostics.push(input.error(off, "worklog-no-date", msg));
                return;
            }
        },
    };
    let at = off + (content.len() - rest.len());
    let Some((amount, comment)) = amount(input, at, rest, config, out) else { return };
    out.entries.push(WorklogEntry {
        issue_key: None,
        date,
        start: amount.start,
        end: amount.end,
        started_utc: None,
        seconds: amount.seconds,
        comment: comment.trim().to_owned(),
        worklog_id,
        source: EntrySource::Section,
        span: input.span(),
    });
}

/// Reads a daily-note line outside the worklog section.
pub(crate) fn daily_line(input: &LineInput<'_>, date: NaiveDate, config: &DurationConfig, out: &mut WorklogScan) {
    let Some((off, content)) = list_content(input.line) else { return };
    if matches!(take_range(content), Range::None) {
        return;
    }
    let (content, worklog_id) = split_block_id(content);
    let Some(issue_key) = find_issue_key(content) else { return };
    let Some((amount, comment)) = amount(input, off, content, config, out) else { return };
    out.entries.push(WorklogEntry {
        issue_key: Some(issue_key),
        date,
        start: amount.start,
        end: amount.end,
        started_utc: None,
        seconds: amount.seconds,
        comment: comment.trim().to_owned(),
        worklog_id,
        source: EntrySource::Daily,
        span: input.span(),
    });
}
