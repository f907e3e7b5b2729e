//! The worklog entry model: one block of time found in a note.
//!
//! Invariants: `seconds > 0`; for line entries with a time range, `start < end` on `date` and
//! `seconds = end - start`; tracker entries have no local `start`/`end` but a `started_utc` instant (the core
//! does not know the zone; the sync converts it with the zone offset) and `date` is the UTC date of that instant.
//! Serialised in camelCase with dates as `YYYY-MM-DD`, times as `HH:MM` and `startedUtc` as
//! `YYYY-MM-DDTHH:MM:SS.SSSZ`.

use crate::date_text::{Date, Minutes, UtcMillis};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Serialize, Serializer};

use crate::diagnostic::Diagnostic;
use crate::text::Span;

/// Where an entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EntrySource {
    /// A list line in the issue note's worklog section.
    Section,
    /// A time-blocked line in a daily note that mentions an issue.
    Daily,
    /// A `simple-time-tracker` code block (read-only).
    SimpleTimeTracker,
    /// A `timekeep` code block (read-only).
    Timekeep,
}

/// One worklog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorklogEntry {
    /// The issue the time belongs to; `None` for section entries (they belong to the note's own issue).
    pub issue_key: Option<String>,
    /// The local date (for tracker entries: the UTC date of `started_utc`).
    #[serde(serialize_with = "ser_date")]
    pub date: NaiveDate,
    /// Local start time, when the line gives a time range.
    #[serde(serialize_with = "ser_time")]
    pub start: Option<NaiveTime>,
    /// Local end time, when the line gives a time range.
    #[serde(serialize_with = "ser_time")]
    pub end: Option<NaiveTime>,
    /// The start instant in UTC, for entries imported from time-tracker blocks.
    #[serde(serialize_with = "ser_utc")]
    pub started_utc: Option<NaiveDateTime>,
    /// Time spent, in seconds (> 0).
    pub seconds: u32,
    /// The rest of the line (or the tracker entry's name), trimmed, without the block id.
    pub comment: String,
    /// The Jira worklog id from a trailing `^wl-<id>` block id, e.g. `10042`.
    pub worklog_id: Option<String>,
    /// Where the entry was written.
    pub source: EntrySource,
    /// The line (or, for tracker entries, the whole code block) in the note text.
    pub span: Span,
}

/// What [`super::parse_worklog`] found, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorklogScan {
    /// The entries.
    pub entries: Vec<WorklogEntry>,
    /// Lines that look like entries but could not be read, and other problems.
    pub diagnostics: Vec<Diagnostic>,
}

fn ser_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Date(*d))
}

fn ser_time<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.collect_str(&Minutes(*t)),
        None => s.serialize_none(),
    }
}

fn ser_utc<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.collect_str(&UtcMillis(*t)),
        None => s.serialize_none(),
    }
}
