//! Reconciling time (issue 6, "Reconcile time"): per issue, the time logged in notes against the Jira worklogs
//! last synced, the entries present on one side only, and overlapping time blocks, each problem with a
//! suggested fix and the note line it is about.
//!
//! Decisions:
//! - Local entries come from every note: the worklog section of a linked issue's note (the note is matched to
//!   its issue by the path in the state), time blocks in daily notes (notes under the daily folder whose name
//!   parses with the daily format; none when the folder is blank) and tracker blocks naming an issue.
//!   Section entries of a note no issue is linked to are ignored.
//! - The Jira side is `SiteState.worklogs`; with [`ReconcileInput::author_id`] set (the sync writes only the
//!   user's own worklogs into notes), only that author's worklogs are expected locally and counted. Worklogs of
//!   detached issues (notes deleted locally, no longer synced) are not expected either.
//! - Problems: a local entry with a `^wl-` id that Jira no longer has ([`FixKind::RemoveLine`]); the same id
//!   on two lines ([`FixKind::RemoveDuplicate`]); a local entry whose id is known but whose date or time
//!   differs from Jira's ([`FixKind::Sync`]); a local entry without id ([`FixKind::PushToJira`], read-only
//!   tracker entries included); a Jira worklog no note has a line for ([`FixKind::AddToNote`], with the line
//!   to add and the issue's note); two blocks on the same date whose time ranges overlap, across all notes
//!   ([`FixKind::RemoveDuplicate`] for the copy without id when both are the same block of the same issue,
//!   otherwise [`FixKind::Review`]).
//! - Durations are real elapsed time in the Jira user's zone (`myself.timeZone`, as the sync uses): a time
//!   range's seconds are its wall-clock length less the change of offset from start to end, and a Jira
//!   worklog's line starts and ends at its instants' wall-clock times in that zone. The core has no zone data:
//!   [`ReconcileInput::zone_offsets`] carries the offsets, asked for in [`Reconciliation::zone_instants`] (see
//!   [`super::zone`]). Where an offset is missing (no zone known), wall-clock lengths and the offset Jira wrote
//!   are used.
//! - Output is sorted: issues by key order, problems by issue, then note path and line. Line numbers are
//!   1-based and come with the line's exact text so a fix can check the note did not change meanwhile.

use crate::date_text::{Date, Minutes};
use crate::sort::CollectOrdered as _;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDateTime, TimeDelta, Timelike};
use serde::Serialize;

use super::duration::{DurationConfig, format_duration};
use super::entry::{EntrySource, WorklogEntry};
use super::render::format_section_line;
use super::time::{parse_timestamp, time_spent_seconds};
use super::zone::{ZoneOffsets, instant_question, wall_questions};
use super::{WorklogOptions, parse_daily_date, parse_worklog};
use crate::sync::{SiteState, WorklogBase};
use crate::text::Span;

/// One note's path and text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteText {
    /// Vault path, e.g. `Jira/OPS/OPS-1 Fix login.md`.
    pub path: String,
    /// The note's text.
    pub content: String,
}

crate::json_objects::json_object!(default NoteText { path: "path", content: "content" });

/// What [`reconcile`] compares (camelCase from JavaScript).
#[derive(Debug, Clone, PartialEq)]
pub struct ReconcileInput {
    /// Every Markdown note of the vault.
    pub notes: Vec<NoteText>,
    /// The site's sync state (issues with their note paths, worklogs).
    pub state: SiteState,
    /// The worklog section heading.
    pub section_heading: String,
    /// Folder of daily notes (blank: none).
    pub daily_folder: String,
    /// Daily note name format (Moment subset).
    pub daily_format: String,
    /// Jira's hours per day.
    pub hours_per_day: f64,
    /// Jira's days per week.
    pub days_per_week: f64,
    /// When set, only this author's Jira worklogs are expected in notes.
    pub author_id: Option<String>,
    /// Offsets of the Jira user's zone at the instants [`zone_instants`] lists (empty: wall-clock lengths).
    pub zone_offsets: ZoneOffsets,
}

crate::json_objects::json_object!(default ReconcileInput {
    notes: "notes",
    state: "state",
    section_heading: "sectionHeading",
    daily_folder: "dailyFolder",
    daily_format: "dailyFormat",
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
    author_id: "authorId",
    zone_offsets: "zoneOffsets",
});

impl Default for ReconcileInput {
    fn default() -> Self {
        let d = DurationConfig::default();
        Self {
            notes: Vec::new(),
            state: SiteState::default(),
            section_heading: super::DEFAULT_SECTION_HEADING.to_owned(),
            daily_folder: String::new(),
            daily_format: super::DEFAULT_DAILY_FORMAT.to_owned(),
            hours_per_day: d.hours_per_day,
            days_per_week: d.days_per_week,
            author_id: None,
            zone_offsets: ZoneOffsets::default(),
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ProblemKind {
    /// A local entry carries a worklog id Jira does not have (deleted in Jira).
    MissingInJira,
    /// A local entry was never pushed (no worklog id).
    NotPushed,
    /// A Jira worklog has no line in any note.
    MissingLocally,
    /// A local entry and its Jira worklog disagree (date, start or time spent).
    Differs,
    /// The same worklog id on more than one line.
    DuplicateId,
    /// Two time blocks on the same date overlap.
    Overlap,
}

/// The suggested fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FixKind {
    /// Run a sync: it pushes the entry to Jira.
    PushToJira,
    /// Run a sync: the three-way worklog merge settles the difference.
    Sync,
    /// Add [`Problem::new_line`] to the worklog section of [`Problem::path`] (a local edit).
    AddToNote,
    /// Remove the line (a local edit).
    RemoveLine,
    /// Remove this copy of a duplicated line (a local edit).
    RemoveDuplicate,
    /// Nothing automatic: look at both lines.
    Review,
}

/// A note line a problem is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// The note.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// The line's text as read (to check before editing).
    pub text: String,
}

/// One problem and its suggested fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// The suggested fix.
    pub fix: FixKind,
    /// The issue key.
    pub issue_key: String,
    /// A sentence for the user.
    pub message: String,
    /// The note line the fix applies to (for [`FixKind::AddToNote`]: none; see `path`).
    pub place: Option<Place>,
    /// The other line of an overlap or duplicate.
    pub other: Option<Place>,
    /// The Jira worklog id involved, if any.
    pub worklog_id: Option<String>,
    /// For [`FixKind::AddToNote`]: the note to add the line to.
    pub path: Option<String>,
    /// For [`FixKind::AddToNote`]: the line to add.
    pub new_line: Option<String>,
}

/// Totals of one issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueTotals {
    /// The issue key.
    pub issue_key: String,
    /// The issue's note, if linked.
    pub path: Option<String>,
    /// Seconds logged in notes.
    pub local_seconds: u64,
    /// Seconds logged in Jira (as last synced).
    pub jira_seconds: u64,
    /// `local_seconds` in Jira's duration form.
    pub local: String,
    /// `jira_seconds` in Jira's duration form.
    pub jira: String,
    /// How many problems concern this issue.
    pub problems: usize,
}

/// The result of [`reconcile`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reconciliation {
    /// Per issue with time on either side.
    pub issues: Vec<IssueTotals>,
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// The instants [`ReconcileInput::zone_offsets`] still lacks ([`zone_instants`]): when not empty, answer
    /// them and reconcile again (until then, the entries concerned count wall-clock time).
    pub zone_instants: Vec<String>,
}

/// A local entry with where it was found.
struct Local {
    key: String,
    entry: WorklogEntry,
    place: Place,
}

fn place(note: &NoteText, span: &Span) -> Place {
    let line = span.start_line;
    let text = note.content.lines().nth(line.saturating_sub(1)).unwrap_or_default().to_owned();
    Place { path: note.path.clone(), line, text }
}

fn key_order(key: &str) -> (String, u64, String) {
    let (p, n) = key.rsplit_once('-').unwrap_or((key, ""));
    (p.to_owned(), n.parse().unwrap_or(u64::MAX), key.to_owned())
}

/// The note name without folders and `.md`, when the note lies under `folder`.
pub(crate) fn daily_name<'a>(path: &'a str, folder: &str) -> Option<&'a str> {
    let folder = folder.trim().trim_matches('/');
    if folder.is_empty() {
        return None;
    }
    let rest = path.strip_prefix(folder)?.strip_prefix('/')?;
    let name = rest.rsplit('/').next().unwrap_or(rest);
    name.strip_suffix(".md")
}

/// Every local entry, keyed to its issue.
fn local_entries(input: &ReconcileInput) -> Vec<Local> {
    let by_path: BTreeMap<&str, &str> =
        input.state.issues.values().filter(|b| !b.detached).map(|b| (b.path.as_str(), b.key.as_str())).collect_map();
    let mut out = Vec::new();
    for note in &input.notes {
        let daily_date = daily_name(&note.path, &input.daily_folder)
            .and_then(|name| parse_daily_date(name, &input.daily_format))
            .map(|d| Date(d).to_string());
        let options = WorklogOptions {
            section_heading: input.section_heading.clone(),
            daily_date,
            hours_per_day: input.hours_per_day,
            days_per_week: input.days_per_week,
        };
        for entry in parse_worklog(&note.content, &options).entries {
            let key = match (&entry.issue_key, entry.source) {
                (Some(k), _) => k.clone(),
                (None, _) => match by_path.get(note.path.as_str()) {
                    Some(k) => (*k).to_owned(),
                    None => continue,
                },
            };
            out.push(Local { key, place: place(note, &entry.span), entry });
        }
    }
    out
}

/// A local entry's seconds as real elapsed time: a time range with both ends' offsets known gives
/// [`WorklogEntry::elapsed_seconds`]; anything else its seconds as written.
pub(crate) fn elapsed(entry: &WorklogEntry, zone: &ZoneOffsets) -> u32 {
    let (None, Some(a), Some(b)) = (entry.started_utc, entry.start, entry.end) else { return entry.seconds };
    match (zone.wall(entry.date.and_time(a)), zone.wall(entry.date.and_time(b))) {
        (Some(x), Some(y)) => entry.elapsed_seconds(x, y),
        _ => entry.seconds,
    }
}

/// The UTC instants a Jira worklog starts (as written) and ends (its start to the minute plus its whole
/// minutes, as the sync computes it), and the offset Jira wrote.
fn jira_instants(w: &WorklogBase) -> Option<(NaiveDateTime, NaiveDateTime, i32)> {
    let (written, offset) = parse_timestamp(&w.started).ok()?;
    let utc = super::time::local_to_utc(written, offset).ok()?;
    let end =
        to_minute(utc).checked_add_signed(TimeDelta::seconds(i64::from(time_spent_seconds(u64::from(w.seconds)))))?;
    Some((utc, end, offset))
}

/// A Jira worklog's start (to the minute) and end as wall-clock times in the user's zone, each with the
/// zone's offset at its own instant (without one: the offset Jira wrote).
fn jira_range(w: &WorklogBase, zone: &ZoneOffsets) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let (start, end, written) = jira_instants(w)?;
    let start_offset = zone.at(start).unwrap_or(written);
    let end_offset = zone.at(end).unwrap_or(start_offset);
    let local = |t: NaiveDateTime, o: i32| super::time::utc_to_local(t, o).ok();
    Some((to_minute(local(start, start_offset)?), local(end, end_offset)?))
}

/// Whether the Jira worklog matches the local entry's date, start (when it has one) and whole minutes
/// (`seconds`: the entry's elapsed time).
fn same_as_jira(entry: &WorklogEntry, seconds: u32, jira: &WorklogBase, zone: &ZoneOffsets) -> bool {
    let Some((started, _)) = jira_range(jira, zone) else { return false };
    let minutes = |s: u64| s.div_ceil(60).max(1);
    if minutes(u64::from(seconds)) != minutes(u64::from(jira.seconds)) {
        return false;
    }
    if entry.started_utc.is_some() {
        return true;
    }
    started.date() == entry.date && entry.start.is_none_or(|s| s == started.time())
}

/// The time truncated to the minute (worklog lines have minute precision).
fn to_minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).and_then(|t| t.with_second(0)).unwrap_or(t)
}

/// The worklog-section line for a Jira worklog: wall-clock times in the user's zone (see [`jira_range`]), so
/// a range across a DST switch spans its real elapsed time (Los Angeles, 2026-03-08 01:30 PST + 1 h is
/// `01:30–03:30`).
fn line_for(id: &str, w: &WorklogBase, config: &DurationConfig, zone: &ZoneOffsets) -> Option<String> {
    let (start, end) = jira_range(w, zone)?;
    let same_day = end.date() == start.date() && end > start;
    let entry = WorklogEntry {
        issue_key: None,
        date: start.date(),
        start: same_day.then_some(start.time()),
        end: same_day.then_some(end.time()),
        started_utc: None,
        seconds: w.seconds.max(60),
        comment: w.comment.clone(),
        worklog_id: Some(id.to_owned()),
        source: EntrySource::Section,
        span: Span { start: 0, end: 0, start_line: 0, end_line: 0 },
    };
    Some(format_section_line(&entry, config))
}

/// The instants whose offsets [`reconcile`] still lacks in [`ReconcileInput::zone_offsets`] (keys as
/// [`super::zone::instant_key`]): where each Jira worklog starts and ends, and the questions for each local
/// time range's start and end ([`wall_questions`]). The shell answers them and asks again until none is
/// left (two rounds).
pub fn zone_instants(input: &ReconcileInput) -> Vec<String> {
    let zone = &input.zone_offsets;
    let mut ask = BTreeSet::new();
    for (start, end, _) in input.state.worklogs.values().filter_map(jira_instants) {
        instant_question(zone, start, &mut ask);
        instant_question(zone, end, &mut ask);
    }
    for l in local_entries(input) {
        if let (None, Some(a), Some(b)) = (l.entry.started_utc, l.entry.start, l.entry.end) {
            wall_questions(zone, l.entry.date.and_time(a), &mut ask);
            wall_questions(zone, l.entry.date.and_time(b), &mut ask);
        }
    }
    ask.into_iter().collect()
}

fn problem(kind: ProblemKind, fix: FixKind, key: &str, message: String) -> Problem {
    Problem {
        kind,
        fix,
        issue_key: key.to_owned(),
        message,
        place: None,
        other: None,
        worklog_id: None,
        path: None,
        new_line: None,
    }
}

/// Compares the notes with the Jira worklogs of the state.
pub fn reconcile(input: &ReconcileInput) -> Reconciliation {
    let config = DurationConfig { hours_per_day: input.hours_per_day, days_per_week: input.days_per_week };
    let config = if config.is_valid() { config } else { DurationConfig::default() };
    let locals = local_entries(input);
    let detached = |w: &WorklogBase| input.state.issues.get(&w.issue_id).is_some_and(|b| b.detached);
    let expected = |w: &WorklogBase| !detached(w) && input.author_id.as_deref().is_none_or(|a| w.author_id == a);
    let jira: BTreeMap<&str, &WorklogBase> =
        input.state.worklogs.iter().filter(|(_, w)| expected(w)).map(|(id, w)| (id.as_str(), w)).collect_map();
    let current_key =
        |w: &WorklogBase| input.state.issues.get(&w.issue_id).map_or(w.issue_key.clone(), |b| b.key.clone());

    let mut problems = Vec::new();
    let mut local_secs: BTreeMap<String, u64> = BTreeMap::new();
    let mut seen_ids: BTreeMap<&str, &Place> = BTreeMap::new();
    for l in &locals {
        let seconds = elapsed(&l.entry, &input.zone_offsets);
        let t = local_secs.entry(l.key.clone()).or_default();
        *t = t.saturating_add(u64::from(seconds));
        let mut p = match &l.entry.worklog_id {
            None => {
                let read_only = matches!(l.entry.source, EntrySource::SimpleTimeTracker | EntrySource::Timekeep);
                let what = if read_only { "A time-tracker entry" } else { "An entry" };
                problem(
                    ProblemKind::NotPushed,
                    FixKind::PushToJira,
                    &l.key,
                    format!("{what} of {} in notes is not in Jira yet; a sync pushes it.", l.key),
                )
            }
            Some(id) => {
                if let Some(first) = seen_ids.get(id.as_str()) {
                    let mut p = problem(
                        ProblemKind::DuplicateId,
                        FixKind::RemoveDuplicate,
                        &l.key,
                        format!("Worklog {id} of {} is written on two lines; remove this copy.", l.key),
                    );
                    p.other = Some((*first).clone());
                    p.worklog_id = Some(id.clone());
                    p.place = Some(l.place.clone());
                    problems.push(p);
                    continue;
                }
                seen_ids.insert(id, &l.place);
                match input.state.worklogs.get(id) {
                    None => problem(
                        ProblemKind::MissingInJira,
                        FixKind::RemoveLine,
                        &l.key,
                        format!(
                            "Worklog {id} of {} is no longer in Jira; remove the line, or remove its id to push it again.",
                            l.key
                        ),
                    ),
                    Some(w) if !same_as_jira(&l.entry, seconds, w, &input.zone_offsets) => problem(
                        ProblemKind::Differs,
                        FixKind::Sync,
                        &l.key,
                        format!("Worklog {id} of {} differs between the note and Jira; a sync settles it.", l.key),
                    ),
                    Some(_) => continue,
                }
            }
        };
        p.worklog_id = l.entry.worklog_id.clone();
        p.place = Some(l.place.clone());
        problems.push(p);
    }

    let mut jira_secs: BTreeMap<String, u64> = BTreeMap::new();
    for (id, w) in &jira {
        let key = current_key(w);
        let t = jira_secs.entry(key.clone()).or_default();
        *t = t.saturating_add(u64::from(w.seconds));
        if seen_ids.contains_key(id) {
            continue;
        }
        let note = input.state.issues.get(&w.issue_id).filter(|b| !b.detached).map(|b| b.path.clone());
        let who = if w.author.is_empty() { String::new() } else { format!(" by {}", w.author) };
        let mut p = problem(
            ProblemKind::MissingLocally,
            if note.is_some() { FixKind::AddToNote } else { FixKind::Review },
            &key,
            format!(
                "Worklog {id}{who} ({}) of {key} has no line in any note.",
                format_duration(u64::from(w.seconds), &config)
            ),
        );
        p.worklog_id = Some((*id).to_owned());
        p.new_line = line_for(id, w, &config, &input.zone_offsets);
        p.path = note;
        problems.push(p);
    }

    overlaps(&locals, &mut problems);
    // A copy to be removed is not also to be pushed.
    let copies: BTreeSet<Place> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Overlap && p.fix == FixKind::RemoveDuplicate)
        .filter_map(|p| p.place.clone())
        .collect_set();
    problems.retain(|p| p.kind != ProblemKind::NotPushed || p.place.as_ref().is_none_or(|pl| !copies.contains(pl)));

    crate::sort::sort_by(&mut problems, |a, b| {
        (key_order(&a.issue_key), &a.place, a.kind, &a.worklog_id).cmp(&(
            key_order(&b.issue_key),
            &b.place,
            b.kind,
            &b.worklog_id,
        ))
    });
    let paths: BTreeMap<&str, &str> =
        input.state.issues.values().filter(|b| !b.detached).map(|b| (b.key.as_str(), b.path.as_str())).collect_map();
    let keys: BTreeSet<(String, u64, String)> =
        local_secs.keys().chain(jira_secs.keys()).map(|k| key_order(k)).collect_set();
    let issues = keys
        .into_iter()
        .map(|(_, _, key)| {
            let l = local_secs.get(&key).copied().unwrap_or(0);
            let j = jira_secs.get(&key).copied().unwrap_or(0);
            IssueTotals {
                path: paths.get(key.as_str()).map(|p| (*p).to_owned()),
                local_seconds: l,
                jira_seconds: j,
                local: format_duration(l, &config),
                jira: format_duration(j, &config),
                problems: problems.iter().filter(|p| p.issue_key == key).count(),
                issue_key: key,
            }
        })
        .collect();
    Reconciliation { issues, problems, zone_instants: zone_instants(input) }
}

/// Overlapping time blocks on the same date, across all notes.
fn overlaps(locals: &[Local], problems: &mut Vec<Problem>) {
    let mut by_date: BTreeMap<_, Vec<&Local>> = BTreeMap::new();
    for l in locals {
        if let (Some(_), Some(_)) = (l.entry.start, l.entry.end) {
            by_date.entry(l.entry.date).or_default().push(l);
        }
    }
    for (date, mut day) in by_date {
        crate::sort::sort_by(&mut day, |a, b| (a.entry.start, &a.place).cmp(&(b.entry.start, &b.place)));
        for (i, a) in day.iter().enumerate() {
            for b in &day[i + 1..] {
                let (Some(a0), Some(a1), Some(b0), Some(b1)) = (a.entry.start, a.entry.end, b.entry.start, b.entry.end)
                else {
                    continue;
                };
                if b0 >= a1 {
                    break; // sorted by start: no later block overlaps `a` either
                }
                if a.entry.worklog_id.is_some() && a.entry.worklog_id == b.entry.worklog_id {
                    continue; // reported as a duplicate id
                }
                let same = a.key == b.key && a0 == b0 && a1 == b1;
                // Keep the copy that carries a worklog id; otherwise the first in path order.
                let (keep, drop) =
                    if b.entry.worklog_id.is_some() && a.entry.worklog_id.is_none() { (b, a) } else { (a, b) };
                let range = |x: &Local| {
                    format!(
                        "{} {}–{}",
                        x.key,
                        x.entry.start.map(|t| Minutes(t).to_string()).unwrap_or_default(),
                        x.entry.end.map(|t| Minutes(t).to_string()).unwrap_or_default()
                    )
                };
                let mut p = if same {
                    problem(
                        ProblemKind::Overlap,
                        FixKind::RemoveDuplicate,
                        &drop.key,
                        format!("On {date}, {} is written twice; remove this copy.", range(drop)),
                    )
                } else {
                    problem(
                        ProblemKind::Overlap,
                        FixKind::Review,
                        &drop.key,
                        format!("On {date}, {} overlaps {}.", range(drop), range(keep)),
                    )
                };
                p.place = Some(drop.place.clone());
                p.other = Some(keep.place.clone());
                p.worklog_id = drop.entry.worklog_id.clone();
                problems.push(p);
            }
        }
    }
}

/// Adds `line` at the end of the note's worklog section (after its last non-blank line), creating a
/// `## <heading>` section at the end of the note when there is none. Line endings follow the note (`\r\n`
/// when its first line ending is one).
pub fn insert_section_line(text: &str, heading: &str, line: &str) -> String {
    let heading = if heading.trim().is_empty() { super::DEFAULT_SECTION_HEADING } else { heading.trim() };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let b = super::blocks::scan(text);
    let mut section: Option<u8> = None;
    let mut insert_after: Option<usize> = None; // byte offset just past the line to insert after
    for l in &b.lines {
        match l.kind {
            super::blocks::LineKind::Heading(level) => {
                if section.is_some_and(|s| level <= s) {
                    break;
                }
                if section.is_none() && super::blocks::heading_text(l.text).eq_ignore_ascii_case(heading) {
                    section = Some(level);
                    insert_after = Some(l.start + l.text.len());
                }
            }
            _ if section.is_some() && !l.text.trim().is_empty() => insert_after = Some(l.start + l.text.len()),
            _ => {}
        }
    }
    match insert_after {
        Some(at) => format!("{}{eol}{line}{}", &text[..at], &text[at..]),
        None => {
            let sep = if text.is_empty() || text.ends_with('\n') { "" } else { eol };
            format!("{text}{sep}{eol}## {heading}{eol}{line}{eol}")
        }
    }
}
