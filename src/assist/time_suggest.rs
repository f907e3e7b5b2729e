//! Time suggestions from editing activity (issue #17 item 5, `docs/assist.md`): from the spans of active
//! editing the plugin recorded on notes linked to issues, the worklog entries to suggest for one local day.
//!
//! Decisions:
//! - An [`ActivitySpan`] is a stretch of active editing in UTC milliseconds, with the note's path and the issue
//!   key it had when edited (the shell's recorder closes a span at the idle cut-off; see
//!   `plugin/src/time-suggestions/recorder.ts`). The core never sees a clock: the day is an argument.
//! - The day is a local day in the user's zone: from local midnight to the next local midnight, each read with
//!   the zone's offset at that wall-clock time ([`ZoneOffsets::wall`]), so a daylight-saving day is 23 or 25
//!   hours long. The core has no zone data: [`TimeSuggestions::zone_instants`] lists the instants it still
//!   lacks, the shell answers them and asks again (two rounds, as for reconciling time). Until answered, UTC.
//! - Active time per issue is the sum of its spans clipped to the day, in whole minutes (nearest). Time
//!   already logged for the issue on that day is subtracted: entries dated that day in the worklog section of a
//!   note whose key property names the issue, and time blocks naming it in daily notes (notes directly in the
//!   daily folder, `/` the vault root, whose name reads with the daily format), each as real elapsed time in
//!   the zone (as the sync posts them). What is left is rounded to the nearest multiple of `round_minutes`
//!   (halves up); below `minimum_minutes`, nothing is suggested.
//! - A suggestion carries the note to write into (the note whose key property names the issue, else the last
//!   span's path) and its worklog line ([`format_section_line`], the format the sync reads). An edited duration
//!   and comment become a line through [`suggestion_line`], which reads the line back and refuses one that
//!   would not read back as written (a comment that starts with a duration word).
//! - Output is sorted by project key, then issue number. Nothing here panics on note text.

use crate::date_text::Date;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::sort::sort_by_key;
use crate::text::Span;
use crate::worklog::reconcile::{NoteText, daily_name, elapsed};
use crate::worklog::zone::{ZoneOffsets, wall_questions};
use crate::worklog::{
    DEFAULT_DAILY_FORMAT, DEFAULT_SECTION_HEADING, DurationConfig, EntrySource, WorklogEntry, WorklogOptions,
    format_duration, format_section_line, parse_daily_date, parse_duration, parse_worklog,
};

/// One stretch of active editing of a linked note (camelCase from JavaScript).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivitySpan {
    /// The note's vault path when it was edited.
    pub path: String,
    /// The issue key the note had when it was edited.
    pub key: String,
    /// Start, UTC milliseconds since the epoch.
    pub start: i64,
    /// End, UTC milliseconds since the epoch (a span with `end <= start` counts nothing).
    pub end: i64,
}

crate::json_objects::json_object!(default ActivitySpan { path: "path", key: "key", start: "start", end: "end" });

/// What [`time_suggestions`] reads (camelCase from JavaScript; every field optional but `day`).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSuggestInput {
    /// The local day, `YYYY-MM-DD`.
    pub day: String,
    /// The recorded activity (any days; only the day's part counts).
    pub spans: Vec<ActivitySpan>,
    /// The linked notes of the issues with activity, and the daily notes, whose worklogs are already logged.
    pub notes: Vec<NoteText>,
    /// The front matter property holding a note's issue key (default `jira_key`).
    pub key_property: String,
    /// The worklog section heading (default `Worklog`).
    pub section_heading: String,
    /// Folder of daily notes (blank: none).
    pub daily_folder: String,
    /// Daily note name format (Moment subset, default `YYYY-MM-DD`).
    pub daily_format: String,
    /// Jira's hours per day (durations in the lines).
    pub hours_per_day: f64,
    /// Jira's days per week.
    pub days_per_week: f64,
    /// Suggestions are multiples of this many minutes (default 15; 0 or 1: whole minutes).
    pub round_minutes: u32,
    /// Nothing under this many minutes (after rounding) is suggested (default 15).
    pub minimum_minutes: u32,
    /// Offsets of the user's zone at the instants [`TimeSuggestions::zone_instants`] asked for.
    pub zone_offsets: ZoneOffsets,
}

crate::json_objects::json_object!(default TimeSuggestInput {
    day: "day",
    spans: "spans",
    notes: "notes",
    key_property: "keyProperty",
    section_heading: "sectionHeading",
    daily_folder: "dailyFolder",
    daily_format: "dailyFormat",
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
    round_minutes: "roundMinutes",
    minimum_minutes: "minimumMinutes",
    zone_offsets: "zoneOffsets",
});

impl Default for TimeSuggestInput {
    fn default() -> Self {
        let d = DurationConfig::default();
        Self {
            day: String::new(),
            spans: Vec::new(),
            notes: Vec::new(),
            key_property: "jira_key".to_owned(),
            section_heading: DEFAULT_SECTION_HEADING.to_owned(),
            daily_folder: String::new(),
            daily_format: DEFAULT_DAILY_FORMAT.to_owned(),
            hours_per_day: d.hours_per_day,
            days_per_week: d.days_per_week,
            round_minutes: 15,
            minimum_minutes: 15,
            zone_offsets: ZoneOffsets::default(),
        }
    }
}

/// One suggested worklog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeSuggestion {
    /// The issue.
    pub key: String,
    /// The note whose worklog section takes the line.
    pub path: String,
    /// Minutes of active editing on the day.
    pub active_minutes: u32,
    /// Minutes already logged for the issue on the day.
    pub logged_minutes: u32,
    /// The suggested minutes (rounded, at least the minimum).
    pub minutes: u32,
    /// The suggested minutes in Jira's form, e.g. `45m`, `1h 30m`.
    pub duration: String,
    /// The worklog-section line for the suggestion as it stands (no comment).
    pub line: String,
}

/// What [`time_suggestions`] found for the day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeSuggestions {
    /// The day, `YYYY-MM-DD`.
    pub day: String,
    /// The suggestions, by issue key.
    pub suggestions: Vec<TimeSuggestion>,
    /// Instants whose zone offsets the input lacks: answer them in `zoneOffsets` and ask again.
    pub zone_instants: Vec<String>,
}

/// Why a day or an edited entry could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSuggestError(pub String);

impl std::fmt::Display for TimeSuggestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn parse_day(day: &str) -> Result<NaiveDate, TimeSuggestError> {
    crate::date_text::parse_date(day.trim())
        .ok_or_else(|| TimeSuggestError(format!("Enter the day as YYYY-MM-DD, not '{day}'.")))
}

fn config(input: &TimeSuggestInput) -> DurationConfig {
    let c = DurationConfig { hours_per_day: input.hours_per_day, days_per_week: input.days_per_week };
    if c.is_valid() { c } else { DurationConfig::default() }
}

/// The suggestions for `input.day`, or an error when the day is not a date.
pub fn time_suggestions(input: &TimeSuggestInput) -> Result<TimeSuggestions, TimeSuggestError> {
    let day = parse_day(&input.day)?;
    let zone = &input.zone_offsets;
    let mut ask = std::collections::BTreeSet::new();
    // The day's bounds in UTC milliseconds: each local midnight with its own offset.
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN);
    let next = day.succ_opt().unwrap_or(day);
    let bound = |local: NaiveDateTime, ask: &mut std::collections::BTreeSet<String>| {
        wall_questions(zone, local, ask);
        let offset = zone.wall(local).unwrap_or(0);
        local.and_utc().timestamp_millis() - i64::from(offset) * 60_000
    };
    let (from, to) = (bound(midnight(day), &mut ask), bound(midnight(next), &mut ask));

    // Active milliseconds per key, and the last path each key was edited under.
    let mut active: BTreeMap<&str, (i64, &str, i64)> = BTreeMap::new();
    for s in &input.spans {
        let (a, b) = (s.start.max(from), s.end.min(to));
        if b > a && !s.key.is_empty() {
            let e = active.entry(s.key.as_str()).or_insert((0, s.path.as_str(), i64::MIN));
            e.0 += b - a;
            if s.end >= e.2 {
                e.1 = s.path.as_str();
                e.2 = s.end;
            }
        }
    }

    let (logged, key_paths) = logged_seconds(input, day, &mut ask);
    let config = config(input);
    let round = input.round_minutes.max(1);
    let mut suggestions = Vec::new();
    for (key, (ms, last_path, _)) in active {
        let active_minutes = u32::try_from((ms + 30_000) / 60_000).unwrap_or(u32::MAX);
        let logged_minutes = logged.get(key).map_or(0, |s| (s + 30) / 60);
        let left = active_minutes.saturating_sub(logged_minutes);
        let minutes = (left.saturating_add(round / 2) / round).saturating_mul(round);
        if minutes == 0 || minutes < input.minimum_minutes {
            continue;
        }
        let path = key_paths.get(key).copied().unwrap_or(last_path).to_owned();
        let duration = format_duration(u64::from(minutes) * 60, &config);
        let line = format_section_line(&line_entry(day, minutes * 60, ""), &config);
        suggestions.push(TimeSuggestion {
            key: key.to_owned(),
            path,
            active_minutes,
            logged_minutes,
            minutes,
            duration,
            line,
        });
    }
    sort_by_key(&mut suggestions, |s| key_order(&s.key));
    Ok(TimeSuggestions { day: Date(day).to_string(), suggestions, zone_instants: ask.into_iter().collect() })
}

/// Seconds already logged per issue on `day` (real elapsed time in the zone), and the note of each issue (the
/// first in path order whose key property names it).
fn logged_seconds<'a>(
    input: &'a TimeSuggestInput,
    day: NaiveDate,
    ask: &mut std::collections::BTreeSet<String>,
) -> (BTreeMap<String, u32>, BTreeMap<String, &'a str>) {
    let mut logged: BTreeMap<String, u32> = BTreeMap::new();
    let mut notes: Vec<&NoteText> = input.notes.iter().collect();
    sort_by_key(&mut notes, |n| n.path.as_str());
    let mut paths = BTreeMap::new();
    for note in notes {
        let own_key = note_key(&note.content, &input.key_property);
        if let Some(k) = &own_key {
            paths.entry(k.clone()).or_insert(note.path.as_str());
        }
        // `/` is the vault root: notes with no folder.
        let name = if input.daily_folder.trim() == "/" {
            note.path.strip_suffix(".md").filter(|p| !p.contains('/'))
        } else {
            daily_name(&note.path, &input.daily_folder)
        };
        let daily_date = name.and_then(|name| parse_daily_date(name, &input.daily_format)).map(|d| Date(d).to_string());
        let options = WorklogOptions {
            section_heading: input.section_heading.clone(),
            daily_date,
            hours_per_day: input.hours_per_day,
            days_per_week: input.days_per_week,
        };
        for entry in parse_worklog(&note.content, &options).entries.iter().filter(|e| e.date == day) {
            let Some(key) = entry.issue_key.clone().or_else(|| own_key.clone()) else { continue };
            if let (None, Some(a), Some(b)) = (entry.started_utc, entry.start, entry.end) {
                wall_questions(&input.zone_offsets, day.and_time(a), ask);
                wall_questions(&input.zone_offsets, day.and_time(b), ask);
            }
            let seconds = logged.entry(key).or_insert(0);
            *seconds = seconds.saturating_add(elapsed(entry, &input.zone_offsets));
        }
    }
    (logged, paths)
}

/// The issue key a note's front matter gives under `property`, when it is a non-empty string.
fn note_key(text: &str, property: &str) -> Option<String> {
    let property = if property.trim().is_empty() { "jira_key" } else { property.trim() };
    let mapping = crate::frontmatter::parse(text).mapping?;
    let key = mapping.get(property)?.as_str()?.trim();
    (!key.is_empty()).then(|| key.to_owned())
}

fn key_order(key: &str) -> (String, u64, String) {
    let (p, n) = key.rsplit_once('-').unwrap_or((key, ""));
    (p.to_owned(), n.parse().unwrap_or(u64::MAX), key.to_owned())
}

fn line_entry(day: NaiveDate, seconds: u32, comment: &str) -> WorklogEntry {
    WorklogEntry {
        issue_key: None,
        date: day,
        start: None,
        end: None,
        started_utc: None,
        seconds,
        comment: comment.to_owned(),
        worklog_id: None,
        source: EntrySource::Section,
        span: Span { start: 0, end: 0, start_line: 1, end_line: 1 },
    }
}

/// An accepted (possibly edited) suggestion as a worklog-section line: `- YYYY-MM-DD <duration> <comment>`.
/// Errors name what to fix: a day that is not a date, a duration Jira cannot read or of zero minutes, or a
/// comment the line would not read back with (one starting with a duration word, or ending in a block id).
pub fn suggestion_line(
    day: &str,
    duration: &str,
    comment: &str,
    config: &DurationConfig,
) -> Result<String, TimeSuggestError> {
    let day = parse_day(day)?;
    let bad = || TimeSuggestError(format!("Enter a duration such as 45m or 1h 30m, not '{}'.", duration.trim()));
    let seconds = parse_duration(duration.trim(), config).map_err(|_| bad())?;
    let minutes = u32::try_from((seconds + 30) / 60).map_err(|_| bad())?;
    if minutes == 0 {
        return Err(bad());
    }
    let comment = comment.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let line = format_section_line(&line_entry(day, minutes * 60, &comment), config);
    let options = WorklogOptions {
        hours_per_day: config.hours_per_day,
        days_per_week: config.days_per_week,
        ..WorklogOptions::default()
    };
    let back = parse_worklog(&format!("## {DEFAULT_SECTION_HEADING}\n{line}\n"), &options);
    match back.entries.as_slice() {
        [e] if e.seconds == minutes * 60 && e.comment == comment && e.worklog_id.is_none() => Ok(line),
        _ => Err(TimeSuggestError(
            "The comment would be read as part of the time: start it with a word, not a duration.".to_owned(),
        )),
    }
}
