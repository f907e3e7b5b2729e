//! Read-only import from the code blocks of the Obsidian plugins *Simple Time Tracker* (```` ```simple-time-tracker ````)
//! and *Timekeep* (```` ```timekeep ````).
//!
//! Both store `{"entries":[{"name", "startTime", "endTime", "subEntries"}]}` as JSON, with ISO instants in UTC
//! (`2024-03-20T09:30:00.000Z`); Simple Time Tracker before 0.1.8 wrote Unix seconds, which are accepted too.
//! Decisions: entries with `subEntries` are groups and are flattened; a sub-entry whose own name has no issue key
//! inherits its nearest ancestor's key; entries without a key are not worklogs and are skipped silently, as are
//! entries never started. A running entry (start, no end) is skipped with a warning, as are entries whose end is
//! not after their start and unreadable JSON. Seconds are the exact difference rounded to whole seconds (Jira's
//! minute rounding happens at push time); entries shorter than half a second are skipped. The comment is the
//! entry's name; the span is the whole code block, since JSON positions are not tracked.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::blocks::Fence;
use super::entry::{EntrySource, WorklogEntry, WorklogScan};
use super::line::find_issue_key;
use super::time::parse_utc_instant;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Span;

/// The source for a fence language, if it is a tracker block.
pub(crate) fn tracker_source(lang: &str) -> Option<EntrySource> {
    match lang {
        "simple-time-tracker" => Some(EntrySource::SimpleTimeTracker),
        "timekeep" => Some(EntrySource::Timekeep),
        _ => None,
    }
}

struct Ctx<'a> {
    fence: &'a Fence<'a>,
    source: EntrySource,
}

impl Ctx<'_> {
    /// A warning at the opening fence line (its first column), without rescanning the text.
    fn warn(&self, code: &'static str, message: String) -> Diagnostic {
        let f = self.fence;
        Diagnostic { severity: Severity::Warning, code, message, line: f.start_line, column: 1, offset: f.start }
    }
}

/// Reads one tracker block.
pub(crate) fn tracker_block(fence: &Fence<'_>, source: EntrySource, out: &mut WorklogScan) {
    let ctx = Ctx { fence, source };
    if fence.body.trim().is_empty() {
        return;
    }
    let value: Value = match serde_json::from_str(fence.body) {
        Ok(v) => v,
        Err(e) => {
            out.diagnostics.push(ctx.warn(
                "tracker-bad-json",
                format!("This {} block is not valid JSON ({e}); it was not imported.", fence.lang),
            ));
            return;
        }
    };
    match value.get("entries").and_then(Value::as_array) {
        Some(entries) => walk(&ctx, entries, None, out),
        None => out.diagnostics.push(ctx.warn(
            "tracker-bad-json",
            format!("This {} block has no `entries` list; it was not imported.", fence.lang),
        )),
    }
}

fn walk(ctx: &Ctx<'_>, entries: &[Value], inherited: Option<&str>, out: &mut WorklogScan) {
    for entry in entries {
        let name = entry.get("name").and_then(Value::as_str).unwrap_or("").trim();
        let own = find_issue_key(name);
        let key = own.as_deref().or(inherited);
        if let Some(subs) = entry.get("subEntries").and_then(Value::as_array).filter(|s| !s.is_empty()) {
            walk(ctx, subs, key, out);
            continue;
        }
        let Some(key) = key else { continue };
        let Some(start) = instant(entry.get("startTime")) else {
            if entry.get("startTime").is_some_and(|v| !v.is_null()) {
                out.diagnostics.push(ctx.warn(
                    "tracker-bad-time",
                    format!("The start time of `{name}` could not be read; it was not imported."),
                ));
            }
            continue;
        };
        let end = match entry.get("endTime") {
            None | Some(Value::Null) => {
                out.diagnostics.push(ctx.warn(
                    "tracker-running",
                    format!("`{name}` is still running; it will be imported once it is stopped."),
                ));
                continue;
            }
            Some(v) => match instant(Some(v)) {
                Some(end) => end,
                None => {
                    out.diagnostics.push(ctx.warn(
                        "tracker-bad-time",
                        format!("The end time of `{name}` could not be read; it was not imported."),
                    ));
                    continue;
                }
            },
        };
        let millis = (end - start).num_milliseconds();
        if millis <= 0 {
            out.diagnostics.push(
                ctx.warn("tracker-end-before-start", format!("`{name}` ends before it starts; it was not imported.")),
            );
            continue;
        }
        let Ok(seconds) = u32::try_from((millis + 500) / 1000) else {
            out.diagnostics.push(ctx.warn("tracker-too-long", format!("`{name}` is too long; it was not imported.")));
            continue;
        };
        if seconds == 0 {
            continue;
        }
        out.entries.push(WorklogEntry {
            issue_key: Some(key.to_owned()),
            date: start.date(),
            start: None,
            end: None,
            started_utc: Some(start),
            seconds,
            comment: name.to_owned(),
            worklog_id: None,
            source: ctx.source,
            span: Span {
                start: ctx.fence.start,
                end: ctx.fence.end,
                start_line: ctx.fence.start_line,
                end_line: ctx.fence.end_line,
            },
        });
    }
}

/// An ISO instant, or (legacy Simple Time Tracker) Unix seconds as a number or numeric string.
fn instant(v: Option<&Value>) -> Option<NaiveDateTime> {
    let unix = |secs: i64| chrono::DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc());
    match v? {
        Value::String(s) if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) => unix(s.parse().ok()?),
        Value::String(s) => parse_utc_instant(s).ok(),
        Value::Number(n) => unix(n.as_i64()?),
        _ => None,
    }
}
