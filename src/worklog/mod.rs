//! Time tracking in notes: worklog entries, Jira durations and Jira's `started` timestamps (the pure core of
//! issue 6; the sync integration builds on it).
//!
//! [`parse_worklog`] reads three kinds of entries from one note, in text order of their source line/block:
//! 1. the worklog section (a heading, default `Worklog`, matched case-insensitively at any level; it ends at the
//!    next heading of the same or a higher level): `- 2024-03-20 09:30–11:00 text ^wl-10042` or
//!    `- 2024-03-20 1h 30m text` (see [`lines`] for the line rules);
//! 2. for a daily note (the caller passes its date, e.g. from [`parse_daily_date`]), time-blocked list items
//!    outside the section that mention an issue: `- 10:00 - 11:30 [[OPS-12 Fix login]] pairing`;
//! 3. read-only, the code blocks of Simple Time Tracker and Timekeep (see [`trackers`]).
//!
//! Everything is sans-IO and never panics; problems become [`Diagnostic`]s (codes `worklog-*`, `tracker-*`).
//! Entries in code blocks other than tracker blocks are ignored. Time zones are the caller's business: the
//! core works in local wall-clock times and takes UTC offsets as arguments ([`time`]).

mod blocks;
pub mod date_format;
pub mod duration;
pub mod entry;
mod line;
pub mod lines;
pub mod reconcile;
pub mod render;
pub mod report;
pub mod time;
pub mod trackers;
pub mod zone;

pub use date_format::{DEFAULT_DAILY_FORMAT, parse_daily_date};
pub use duration::{DurationConfig, DurationError, format_duration, parse_duration, round_to_minutes};
pub use entry::{EntrySource, WorklogEntry, WorklogScan};
pub use render::format_section_line;
pub use time::{TimeError, format_started, local_to_utc, parse_started, time_spent_seconds, utc_to_local};

use crate::diagnostic::Diagnostic;
use blocks::LineKind;

/// The default worklog section heading.
pub const DEFAULT_SECTION_HEADING: &str = "Worklog";

/// Options for [`parse_worklog`] (camelCase from JavaScript; every field optional).
#[derive(Debug, Clone, PartialEq)]
pub struct WorklogOptions {
    /// The worklog section's heading text (default `Worklog`); blank means the default.
    pub section_heading: String,
    /// The daily note's date as `YYYY-MM-DD`, or `None` when the note is not a daily note.
    pub daily_date: Option<String>,
    /// Jira's working hours per day (default 8).
    pub hours_per_day: f64,
    /// Jira's working days per week (default 5).
    pub days_per_week: f64,
}

crate::json_objects::json_object!(default WorklogOptions {
    section_heading: "sectionHeading",
    daily_date: "dailyDate",
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
});

impl Default for WorklogOptions {
    fn default() -> Self {
        let d = DurationConfig::default();
        Self {
            section_heading: DEFAULT_SECTION_HEADING.to_owned(),
            daily_date: None,
            hours_per_day: d.hours_per_day,
            days_per_week: d.days_per_week,
        }
    }
}

/// All worklog entries in a note, and diagnostics for what looked like an entry but could not be read.
/// Invalid options are reported as diagnostics at the start of the note (`worklog-bad-options`), and the
/// defaults (or no daily date) are used instead.
pub fn parse_worklog(text: &str, options: &WorklogOptions) -> WorklogScan {
    let mut out = WorklogScan::default();
    let mut config = DurationConfig { hours_per_day: options.hours_per_day, days_per_week: options.days_per_week };
    if !config.is_valid() {
        let msg = "Hours per day must be in (0, 24] and days per week in (0, 7]; using 8 and 5.";
        out.diagnostics.push(Diagnostic::error(text, 0, "worklog-bad-options", msg));
        config = DurationConfig::default();
    }
    let daily = options.daily_date.as_deref().and_then(|d| {
        let parsed = crate::date_text::parse_date(d.trim());
        if parsed.is_none() {
            let msg = format!("The daily note date `{d}` is not a YYYY-MM-DD date; daily entries were not read.");
            out.diagnostics.push(Diagnostic::error(text, 0, "worklog-bad-options", msg));
        }
        parsed
    });
    let heading = options.section_heading.trim();
    let heading = if heading.is_empty() { DEFAULT_SECTION_HEADING } else { heading };

    let b = blocks::scan(text);
    let mut fences = b.fences.iter().peekable();
    let mut section: Option<u8> = None;
    for line in &b.lines {
        while let Some(fence) = fences.next_if(|f| f.start <= line.start) {
            if let Some(source) = trackers::tracker_source(fence.lang) {
                trackers::tracker_block(fence, source, &mut out);
            }
        }
        let input = lines::LineInput { line: line.text, start: line.start, number: line.number };
        match line.kind {
            LineKind::Heading(level) => {
                if section.is_some_and(|l| level <= l) {
                    section = None;
                }
                if section.is_none() && blocks::heading_text(line.text).eq_ignore_ascii_case(heading) {
                    section = Some(level);
                }
            }
            LineKind::Code => {}
            LineKind::Text if section.is_some() => lines::section_line(&input, daily, &config, &mut out),
            LineKind::Text => {
                if let Some(date) = daily {
                    lines::daily_line(&input, date, &config, &mut out);
                }
            }
        }
    }
    for fence in fences {
        if let Some(source) = trackers::tracker_source(fence.lang) {
            trackers::tracker_block(fence, source, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests;
