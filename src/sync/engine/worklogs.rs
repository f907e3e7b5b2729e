//! The worklog phase (time tracking, issue 6): after issues are pushed and notes written, Jira worklogs of
//! linked issues are synced with the worklog entries of notes (issue notes' worklog sections, daily notes,
//! read-only tracker blocks).
//!
//! Steps: read local entries → read Jira (first time: every linked issue's worklogs; later: the
//! `/worklog/updated` and `/worklog/deleted` feeds since `worklog_since`, then `/worklog/list` in batches of
//! 1000, plus a full read of issues with new local entries so a killed run's worklog is found and linked, not
//! duplicated) → ask the driver for the zone offsets of every time involved ([`Action::ZoneOffsets`]; local wall-clock times
//! are asked twice: first at the time read as UTC, then at the instant that first offset gives, which is exact
//! next to a DST switch too) →
//! decide per worklog (see `worklog_merge.rs`) and send `POST`/`PUT`/`DELETE` → one guarded edit per note.
//!
//! Invariants: a base changes only after Jira (or the note edit) confirmed it; `worklog_since` advances only
//! after an error-free run; tracker blocks are never rewritten (their entries are known by a fingerprint);
//! other users' worklogs are only written into notes, never pushed.
//!
//! [`Action::ZoneOffsets`]: super::Action::ZoneOffsets

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use serde_json::{Value, json};

use super::io::{EditOutcome, Response};
use super::local::LocalNote;
use super::report::Level;
use super::run::{Phase, Purpose, SyncRun};
use super::state::WorklogBase;
use super::worklog_merge::{Decision, RemoteSide, Snap, decide};
use super::worklog_text::{self as text, TextOp};
use crate::sync::{Deployment, FieldContext};
use crate::worklog::time::parse_utc_instant;
use crate::worklog::{
    DurationConfig, EntrySource, WorklogEntry, WorklogOptions, format_section_line, format_started, parse_daily_date,
    parse_worklog, utc_to_local,
};

/// The `edit_for` marker of worklog edits.
pub(super) const WL_EDIT: &str = "\u{0}worklog";
/// `/worklog/list` takes at most this many ids.
const LIST_BATCH: usize = 1000;

/// Why a worklog request was sent.
#[derive(Debug, Clone)]
pub(super) enum WlReq {
    Issue(String),
    Updated,
    Deleted,
    List,
    Post(usize),
    Put(String, usize),
    Delete(String),
}

/// Where the worklog phase is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum WlStep {
    #[default]
    Fetch,
    List,
    Zones,
    Zones2,
    Push,
    Edits,
}

/// One local entry with the issue it belongs to.
#[derive(Debug, Clone)]
struct LocalWl {
    path: String,
    issue_id: String,
    entry: WorklogEntry,
    fingerprint: Option<String>,
}

/// One Jira worklog as read.
#[derive(Debug, Clone)]
struct RemoteWl {
    issue_id: String,
    author_id: String,
    author: String,
    started: String,
    seconds: u32,
    comment: String,
}

/// The worklog phase's working state.
#[derive(Debug, Default)]
pub(super) struct WorklogRun {
    pub(super) step: WlStep,
    locals: Vec<LocalWl>,
    linked: BTreeMap<String, (String, String)>,
    remote: BTreeMap<String, RemoteWl>,
    deleted: BTreeSet<String>,
    full: BTreeSet<String>,
    listed: BTreeSet<String>,
    since_updated: Option<i64>,
    since_deleted: Option<i64>,
    pub(super) next_since: Option<i64>,
    /// A conflict or an unwritten note edit: the feed's `since` stays, so Jira's change is read again.
    hold_since: bool,
    pub(super) zone_out: Option<(String, Vec<String>)>,
    instants: Vec<String>,
    offsets: BTreeMap<String, i32>,
    /// Local wall-clock times (as keys) of the second zone question, in order, and their offsets.
    second: Vec<String>,
    local_offsets: BTreeMap<String, i32>,
    ops: BTreeMap<String, Vec<TextOp>>,
    pending: BTreeMap<String, Vec<(String, Option<WorklogBase>)>>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn instant_key(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

impl SyncRun {
    fn tt(&self) -> &crate::sync::TimeTracking {
        &self.input.config.time_tracking
    }

    fn dconf(&self) -> DurationConfig {
        DurationConfig { hours_per_day: self.tt().hours_per_day, days_per_week: self.tt().days_per_week }
    }

    fn default_start(&self) -> NaiveTime {
        NaiveTime::parse_from_str(self.tt().default_start.trim(), "%H:%M")
            .unwrap_or_else(|_| NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
    }

    fn me(&self) -> String {
        self.state.myself.as_ref().map(|m| m.account_id.clone()).unwrap_or_default()
    }

    /// The worklog section heading when time tracking is on: the section is then kept out of the body value
    /// (it is not part of Jira's description) and kept in the note when the body is rewritten.
    fn section_heading(&self) -> Option<String> {
        let tt = self.tt();
        let h = tt.section_heading.trim();
        tt.enabled.then(|| if h.is_empty() { crate::worklog::DEFAULT_SECTION_HEADING } else { h }.to_owned())
    }

    /// Reads a note; with time tracking on, its body value leaves out the worklog section.
    pub(super) fn read_local(&self, path: &str, content: &str) -> LocalNote {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs };
        let mut note = LocalNote::read(path, content, &self.input.config.fields, &ctx);
        if let (Some(h), Some(body)) = (self.section_heading(), note.values.get(super::local::BODY)) {
            if let Some((a, b)) = body.as_str().and_then(|t| text::section_range(t, &h)) {
                let t = body.as_str().unwrap_or_default();
                let rest = format!("{}{}", &t[..a], &t[b..]);
                note.values.insert(super::local::BODY.to_owned(), Value::String(super::local::body_value(&rest)));
            }
        }
        note
    }

    /// A new body value for a note, with the note's worklog section kept at its end (time tracking on).
    pub(super) fn with_worklog_section(&self, content: &str, body: &str) -> String {
        let section = self.section_heading().and_then(|h| text::section_range(content, &h));
        match section {
            Some((a, b)) if body.is_empty() => content[a..b].trim_end().to_owned(),
            Some((a, b)) => format!("{}\n\n{}", body.trim_end(), content[a..b].trim_end()),
            None => body.to_owned(),
        }
    }

    /// Starts the worklog phase, or goes on to creates when time tracking is off or cannot run.
    pub(super) fn start_worklogs(&mut self) {
        let skip = !self.tt().enabled
            || self.input.dry_run
            || !self.input.mode.pushes()
            || self.input.mode.only_paths().is_some()
            || self.state.myself.is_none()
            || self.fatal.is_some();
        if skip {
            return self.start_create();
        }
        self.phase = Phase::Worklogs;
        self.wl = WorklogRun::default();
        self.index_keys();
        self.read_local_worklogs();
        let api = self.api();
        match self.state.worklog_since {
            None => {
                let ids: Vec<String> = self.wl.linked.keys().cloned().collect();
                for id in ids {
                    self.send_issue_worklogs(&id);
                }
                let now = chrono::DateTime::parse_from_rfc3339(&self.input.now).map(|t| t.timestamp_millis());
                self.wl.next_since = now.ok().map(|ms| ms - 60_000);
            }
            Some(since) => {
                self.wl.since_updated = Some(since);
                self.wl.since_deleted = Some(since);
                let q = [("since", since.to_string())];
                self.send("GET", format!("{api}/worklog/updated"), &q, None, Purpose::Worklog(WlReq::Updated));
                self.send("GET", format!("{api}/worklog/deleted"), &q, None, Purpose::Worklog(WlReq::Deleted));
                let known: BTreeSet<String> =
                    self.state.worklogs.values().filter_map(|b| b.fingerprint.clone()).collect();
                let needy: BTreeSet<String> = self
                    .wl
                    .locals
                    .iter()
                    .filter(|l| match (&l.entry.worklog_id, &l.fingerprint) {
                        (Some(id), _) => !self.state.worklogs.contains_key(id),
                        (None, Some(fp)) => !known.contains(fp),
                        (None, None) => true,
                    })
                    .map(|l| l.issue_id.clone())
                    .collect();
                for id in needy {
                    self.send_issue_worklogs(&id);
                }
            }
        }
    }

    fn send_issue_worklogs(&mut self, id: &str) {
        let api = self.api();
        self.wl.full.insert(id.to_owned());
        let q = [("maxResults", "5000".to_owned())];
        self.send("GET", format!("{api}/issue/{id}/worklog"), &q, None, Purpose::Worklog(WlReq::Issue(id.to_owned())));
    }

    /// Linked issues (id → key, note path) and every local entry that belongs to one of them.
    fn read_local_worklogs(&mut self) {
        let mut linked = BTreeMap::new();
        for (id, base) in &self.state.issues {
            if base.detached {
                continue;
            }
            if let Some(path) = self.note_of(&base.key, Some(base)) {
                linked.insert(id.clone(), (base.key.clone(), path));
            }
        }
        let by_key: BTreeMap<String, String> = linked.iter().map(|(id, (k, _))| (k.clone(), id.clone())).collect();
        let tt = self.tt().clone();
        let folder = tt.daily_folder.trim().trim_matches('/').to_owned();
        let mut locals = Vec::new();
        let mut diagnostics = Vec::new();
        for note in self.notes.values() {
            let own = note.key.as_ref().and_then(|k| by_key.get(k)).filter(|id| linked[*id].1 == note.path);
            let daily = if own.is_none() && !folder.is_empty() {
                daily_date(&note.path, &folder, &tt.daily_format)
            } else {
                None
            };
            if own.is_none() && daily.is_none() {
                continue;
            }
            let options = WorklogOptions {
                section_heading: tt.section_heading.clone(),
                daily_date: daily.map(|d| d.format("%Y-%m-%d").to_string()),
                hours_per_day: tt.hours_per_day,
                days_per_week: tt.days_per_week,
            };
            let scan = parse_worklog(&note.content, &options);
            for d in scan.diagnostics {
                diagnostics.push((note.path.clone(), format!("worklog line {}: {}", d.line, d.message)));
            }
            for entry in scan.entries {
                let issue_id = match (&entry.issue_key, own) {
                    (Some(k), _) => by_key.get(k).cloned(),
                    (None, Some(id)) if entry.source != EntrySource::Daily => Some(id.clone()),
                    _ => None,
                };
                let Some(issue_id) = issue_id else { continue };
                let fingerprint =
                    matches!(entry.source, EntrySource::SimpleTimeTracker | EntrySource::Timekeep).then(|| {
                        let at = entry.started_utc.map(instant_key).unwrap_or_default();
                        format!("{:?}:{issue_id}:{at}:{}", entry.source, entry.seconds)
                    });
                locals.push(LocalWl { path: note.path.clone(), issue_id, entry, fingerprint });
            }
        }
        for (path, message) in diagnostics {
            self.log(Level::Warning, Some(&path), None, message);
        }
        self.wl.linked = linked;
        self.wl.locals = locals;
    }

    /// Feeds the answer to a worklog request.
    pub(super) fn on_worklog_response(&mut self, why: WlReq, response: Response) {
        if !response.ok() {
            let why_text = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
            let key = match &why {
                WlReq::Issue(id) => self.wl.linked.get(id).map(|(k, _)| k.clone()),
                WlReq::Post(i) | WlReq::Put(_, i) => {
                    self.wl.locals.get(*i).and_then(|l| self.wl.linked.get(&l.issue_id)).map(|(k, _)| k.clone())
                }
                _ => None,
            };
            let what = match &why {
                WlReq::Issue(_) => "reading the issue's worklogs failed".to_owned(),
                WlReq::Updated | WlReq::Deleted | WlReq::List => "reading Jira's worklog feed failed".to_owned(),
                WlReq::Post(_) => "creating the worklog failed".to_owned(),
                WlReq::Put(id, _) => format!("updating worklog {id} failed"),
                WlReq::Delete(id) => format!("deleting worklog {id} failed"),
            };
            if let WlReq::Issue(id) = &why {
                self.wl.full.remove(id);
            }
            return self.log(Level::Error, None, key.as_deref(), format!("{what}: {why_text}"));
        }
        let body = &response.body;
        match why {
            WlReq::Issue(id) => {
                let list = body.get("worklogs").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                if body.get("total").and_then(Value::as_u64).is_some_and(|t| t > list.len() as u64) {
                    // Only part of the issue's worklogs came back: what is missing is not known to be deleted.
                    self.wl.full.remove(&id);
                }
                for w in list {
                    self.take_remote(w, Some(&id));
                }
            }
            WlReq::List => {
                for w in body.as_array().into_iter().flatten() {
                    self.take_remote(w, None);
                }
            }
            WlReq::Updated | WlReq::Deleted => self.on_feed(&why, body),
            WlReq::Post(i) => self.on_posted(i, body),
            WlReq::Put(id, i) => {
                if let Some(base) = self.base_from_local(i, &id, body) {
                    self.state.worklogs.insert(id.clone(), base);
                    self.counts.worklogs_updated += 1;
                    let (path, key) = self.local_where(i);
                    self.log(Level::Info, path.as_deref(), key.as_deref(), format!("worklog {id} updated in Jira"));
                }
            }
            WlReq::Delete(id) => {
                let base = self.state.worklogs.remove(&id);
                self.counts.worklogs_deleted += 1;
                let key = base.map(|b| b.issue_key);
                self.log(
                    Level::Info,
                    None,
                    key.as_deref(),
                    format!("worklog {id} deleted in Jira (its line was removed)"),
                );
            }
        }
    }

    fn on_feed(&mut self, why: &WlReq, body: &Value) {
        let ids = body.get("values").and_then(Value::as_array).into_iter().flatten();
        let ids: Vec<String> = ids.filter_map(|v| v.get("worklogId")).map(id_text).collect();
        let until = body.get("until").and_then(Value::as_i64);
        let last = body.get("lastPage").and_then(Value::as_bool).unwrap_or(true);
        let slot = if matches!(why, WlReq::Updated) { &mut self.wl.since_updated } else { &mut self.wl.since_deleted };
        if let (Some(u), false) = (until, ids.is_empty()) {
            *slot = Some(u + 1);
        }
        let next = *slot;
        match why {
            WlReq::Updated => self.wl.listed.extend(ids),
            _ => self.wl.deleted.extend(ids),
        }
        if !last {
            let api = self.api();
            let tail = if matches!(why, WlReq::Updated) { "updated" } else { "deleted" };
            let q = [("since", next.unwrap_or_default().to_string())];
            self.send("GET", format!("{api}/worklog/{tail}"), &q, None, Purpose::Worklog(why.clone()));
        }
    }

    fn take_remote(&mut self, w: &Value, issue: Option<&str>) {
        let Some(id) = w.get("id").map(id_text) else { return };
        let issue_id = w.get("issueId").map(id_text).or_else(|| issue.map(str::to_owned)).unwrap_or_default();
        if !self.wl.linked.contains_key(&issue_id) {
            return;
        }
        let author = w.get("author");
        let text = |v: Option<&Value>, k: &str| v.and_then(|v| v.get(k)).and_then(Value::as_str).map(str::to_owned);
        let author_id = text(author, "accountId").or_else(|| text(author, "name")).unwrap_or_default();
        let comment = match w.get("comment") {
            Some(Value::String(s)) => {
                crate::adf::adf_to_markdown(&crate::wiki::wiki_to_adf(s)).map_or_else(|_| norm(s), |m| norm(&m))
            }
            Some(v @ Value::Object(_)) => crate::adf::adf_to_markdown(v).map(|m| norm(&m)).unwrap_or_default(),
            _ => String::new(),
        };
        let seconds = w.get("timeSpentSeconds").and_then(Value::as_u64).unwrap_or(0);
        let remote = RemoteWl {
            issue_id,
            author_id,
            author: text(author, "displayName").unwrap_or_default(),
            started: text(Some(w), "started").unwrap_or_default(),
            seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
            comment,
        };
        self.wl.remote.insert(id, remote);
    }

    /// Moves to the next step of the worklog phase.
    pub(super) fn worklogs_next(&mut self) {
        match self.wl.step {
            WlStep::Fetch => {
                self.wl.step = WlStep::List;
                let ids: Vec<String> = std::mem::take(&mut self.wl.listed).into_iter().collect();
                let api = self.api();
                for chunk in ids.chunks(LIST_BATCH) {
                    let nums: Vec<Value> =
                        chunk.iter().map(|i| i.parse::<i64>().map_or(json!(i), |n| json!(n))).collect();
                    let body = json!({ "ids": nums });
                    self.send("POST", format!("{api}/worklog/list"), &[], Some(body), Purpose::Worklog(WlReq::List));
                }
            }
            WlStep::List => {
                self.wl.step = WlStep::Zones;
                self.ask_offsets();
            }
            WlStep::Zones => {
                self.wl.step = WlStep::Zones2;
                self.ask_local_offsets();
            }
            WlStep::Zones2 => {
                self.wl.step = WlStep::Push;
                self.plan_worklogs();
            }
            WlStep::Push => {
                self.wl.step = WlStep::Edits;
                self.send_worklog_edits();
            }
            WlStep::Edits => {
                if let (Some(u), Some(d)) = (self.wl.since_updated, self.wl.since_deleted) {
                    self.wl.next_since = Some(u.min(d));
                }
                if self.wl.hold_since {
                    self.wl.next_since = None;
                }
                self.start_create();
            }
        }
    }

    fn ask_offsets(&mut self) {
        let mut set = BTreeSet::new();
        let starts = self.state.worklogs.values().map(|b| b.started.clone());
        let starts: Vec<String> = starts.chain(self.wl.remote.values().map(|r| r.started.clone())).collect();
        for s in starts {
            if let Ok(t) = parse_utc_instant(&s) {
                set.insert(instant_key(t));
            }
        }
        let default_start = self.default_start();
        for l in &self.wl.locals {
            match l.entry.started_utc {
                Some(t) => set.insert(instant_key(t)),
                None => set.insert(instant_key(l.entry.local_start(0, default_start).unwrap_or_default())),
            };
        }
        self.wl.instants = set.into_iter().collect();
        if let (false, Some(me)) = (self.wl.instants.is_empty(), &self.state.myself) {
            self.wl.zone_out = Some((me.time_zone.clone(), self.wl.instants.clone()));
        }
    }

    /// Answers [`super::Action::ZoneOffsets`]: one offset per instant asked, in order.
    pub(super) fn take_offsets(&mut self, offsets: &[i32]) {
        if self.wl.step == WlStep::Zones2 {
            let locals = std::mem::take(&mut self.wl.second);
            self.wl.local_offsets = locals.into_iter().zip(offsets.iter().copied()).collect();
            return;
        }
        let instants = std::mem::take(&mut self.wl.instants);
        self.wl.offsets = instants.into_iter().zip(offsets.iter().copied()).collect();
    }

    /// The second zone question: the offset at each local time's instant as estimated by the first answer
    /// (the offset at the wall-clock time read as UTC), which is right also in the hours next to a DST switch.
    fn ask_local_offsets(&mut self) {
        let default_start = self.default_start();
        let mut locals = BTreeSet::new();
        for l in self.wl.locals.iter().filter(|l| l.entry.started_utc.is_none()) {
            locals.insert(minute(l.entry.local_start(0, default_start).unwrap_or_default()));
        }
        let mut instants = Vec::new();
        for local in &locals {
            instants.push(instant_key(*local - Duration::minutes(i64::from(self.offset(*local)))));
        }
        self.wl.second = locals.into_iter().map(instant_key).collect();
        if let (false, Some(me)) = (instants.is_empty(), &self.state.myself) {
            self.wl.zone_out = Some((me.time_zone.clone(), instants));
        }
    }

    /// The zone's offset at a local wall-clock time.
    fn local_offset(&self, local: NaiveDateTime) -> i32 {
        self.wl.local_offsets.get(&instant_key(local)).copied().unwrap_or_else(|| self.offset(local))
    }

    fn offset(&self, utc_or_local: NaiveDateTime) -> i32 {
        self.wl.offsets.get(&instant_key(utc_or_local)).copied().unwrap_or(0)
    }

    /// A Jira `started` as local wall-clock time (to the minute).
    fn local_of(&self, started: &str) -> Option<NaiveDateTime> {
        let utc = parse_utc_instant(started).ok()?;
        utc_to_local(utc, self.offset(utc)).ok().map(minute)
    }

    fn display_comment(&self, author_id: &str, author: &str, comment: &str) -> String {
        if author_id == self.me() || author.is_empty() {
            comment.to_owned()
        } else {
            norm(&format!("({author}) {comment}"))
        }
    }

    fn base_snap(&self, b: &WorklogBase) -> Option<Snap> {
        let comment = self.display_comment(&b.author_id, &b.author, &b.comment);
        Some(Snap { start: self.local_of(&b.started)?, seconds: round(b.seconds), comment })
    }

    fn remote_snap(&self, r: &RemoteWl, base: Option<&WorklogBase>) -> Option<Snap> {
        // Jira's rendering of a comment the sync sent may differ in spelling; the base's own spelling stands.
        let comment = match base {
            Some(b) if self.roundtrip(&b.comment) == r.comment => b.comment.clone(),
            _ => r.comment.clone(),
        };
        let comment = self.display_comment(&r.author_id, &r.author, &comment);
        Some(Snap { start: self.local_of(&r.started)?, seconds: round(r.seconds), comment })
    }

    fn roundtrip(&self, md: &str) -> String {
        match self.input.deployment {
            Deployment::Cloud => {
                crate::adf::adf_to_markdown(&crate::markdown::markdown_to_adf(md)).map(|m| norm(&m)).unwrap_or_default()
            }
            _ => crate::convert::markdown_to_wiki(md)
                .ok()
                .and_then(|w| crate::adf::adf_to_markdown(&crate::wiki::wiki_to_adf(&w)).ok())
                .map_or_else(|| norm(md), |m| norm(&m)),
        }
    }

    fn local_start(&self, l: &LocalWl) -> NaiveDateTime {
        let off = l.entry.started_utc.map_or(0, |t| self.offset(t));
        minute(l.entry.local_start(off, self.default_start()).unwrap_or_default())
    }

    fn local_snap(&self, l: &LocalWl) -> Snap {
        Snap { start: self.local_start(l), seconds: l.entry.time_spent_seconds(), comment: norm(&l.entry.comment) }
    }

    /// Jira's `started` for a local entry, with the zone's offset at that local time.
    fn started_of(&self, l: &LocalWl) -> String {
        let local = self.local_start(l);
        let off = l.entry.started_utc.map_or_else(|| self.local_offset(local), |t| self.offset(t));
        format_started(local, off).unwrap_or_default()
    }

    fn body_of(&self, l: &LocalWl) -> Value {
        let comment = norm(&l.entry.comment);
        let mut body = json!({ "started": self.started_of(l), "timeSpentSeconds": l.entry.time_spent_seconds() });
        if !comment.is_empty() {
            body["comment"] = match self.input.deployment {
                Deployment::Cloud => crate::markdown::markdown_to_adf(&comment),
                _ => Value::String(crate::convert::markdown_to_wiki(&comment).unwrap_or(comment)),
            };
        }
        body
    }

    fn adjust(&self) -> Vec<(&'static str, String)> {
        let a = self.tt().adjust_estimate.trim();
        vec![("adjustEstimate", if a == "leave" { "leave".to_owned() } else { "auto".to_owned() })]
    }

    fn local_where(&self, i: usize) -> (Option<String>, Option<String>) {
        let l = self.wl.locals.get(i);
        let key = l.and_then(|l| self.wl.linked.get(&l.issue_id)).map(|(k, _)| k.clone());
        (l.map(|l| l.path.clone()), key)
    }

    /// The base after a successful `POST`/`PUT` of local entry `i`: what was sent, in the note's spelling.
    fn base_from_local(&self, i: usize, id: &str, body: &Value) -> Option<WorklogBase> {
        let l = self.wl.locals.get(i)?;
        let old = self.state.worklogs.get(id);
        let started = body.get("started").and_then(Value::as_str).map_or_else(|| self.started_of(l), str::to_owned);
        let author = body.get("author");
        let text = |k: &str| author.and_then(|a| a.get(k)).and_then(Value::as_str).map(str::to_owned);
        Some(WorklogBase {
            issue_id: l.issue_id.clone(),
            issue_key: self.wl.linked.get(&l.issue_id).map(|(k, _)| k.clone()).unwrap_or_default(),
            author_id: text("accountId").or_else(|| text("name")).unwrap_or_else(|| self.me()),
            author: text("displayName").or_else(|| old.map(|o| o.author.clone())).unwrap_or_default(),
            started,
            seconds: l.entry.time_spent_seconds(),
            comment: norm(&l.entry.comment),
            path: (l.fingerprint.is_none()).then(|| l.path.clone()),
            fingerprint: l.fingerprint.clone(),
            removed_locally: false,
        })
    }

    fn base_from_remote(&self, r: &RemoteWl, path: Option<String>, fingerprint: Option<String>) -> WorklogBase {
        WorklogBase {
            issue_id: r.issue_id.clone(),
            issue_key: self.wl.linked.get(&r.issue_id).map(|(k, _)| k.clone()).unwrap_or_default(),
            author_id: r.author_id.clone(),
            author: r.author.clone(),
            started: r.started.clone(),
            seconds: r.seconds,
            comment: r.comment.clone(),
            path,
            fingerprint,
            removed_locally: false,
        }
    }

    fn on_posted(&mut self, i: usize, body: &Value) {
        let Some(id) = body.get("id").map(id_text) else { return };
        let Some(base) = self.base_from_local(i, &id, body) else { return };
        self.counts.worklogs_created += 1;
        let (path, key) = self.local_where(i);
        self.log(Level::Info, path.as_deref(), key.as_deref(), format!("worklog {id} created in Jira"));
        match self.wl.locals.get(i).filter(|l| l.fingerprint.is_none()).cloned() {
            // The base is kept only once the note carries the id (a killed run's worklog is linked next time).
            Some(l) => self.queue(&l.path, text::append_id(l.entry.span, &id), id, Some(base)),
            None => {
                self.state.worklogs.insert(id, base);
            }
        }
    }

    fn queue(&mut self, path: &str, op: TextOp, id: String, base: Option<WorklogBase>) {
        self.wl.ops.entry(path.to_owned()).or_default().push(op);
        self.wl.pending.entry(path.to_owned()).or_default().push((id, base));
    }

    /// Decides every worklog and sends the writes to Jira.
    fn plan_worklogs(&mut self) {
        let me = self.me();
        let api = self.api();
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_fp: BTreeMap<String, usize> = BTreeMap::new();
        for (i, l) in self.wl.locals.iter().enumerate() {
            if let Some(id) = &l.entry.worklog_id {
                by_id.entry(id.clone()).or_insert(i);
            } else if let Some(fp) = &l.fingerprint {
                by_fp.entry(fp.clone()).or_insert(i);
            }
        }
        let mut claimed: BTreeSet<String> = BTreeSet::new();
        let mut used: BTreeSet<usize> = BTreeSet::new();
        let ids: Vec<String> = self.state.worklogs.keys().cloned().collect();
        for id in ids {
            let Some(base) = self.state.worklogs.get(&id).cloned() else { continue };
            if !self.wl.linked.contains_key(&base.issue_id) {
                continue;
            }
            claimed.insert(id.clone());
            let li = by_id.get(&id).or_else(|| base.fingerprint.as_ref().and_then(|f| by_fp.get(f))).copied();
            if let Some(i) = li {
                used.insert(i);
            }
            let local = li.and_then(|i| self.wl.locals.get(i)).cloned();
            let (Some(bsnap), remote) = (self.base_snap(&base), self.wl.remote.get(&id).cloned()) else { continue };
            let rsnap = remote.as_ref().and_then(|r| self.remote_snap(r, Some(&base)));
            let side = if self.wl.deleted.contains(&id) {
                RemoteSide::Deleted
            } else if let Some(r) = &rsnap {
                RemoteSide::Present(r)
            } else if self.wl.full.contains(&base.issue_id) {
                RemoteSide::Deleted
            } else {
                RemoteSide::Unchanged
            };
            let lsnap = local.as_ref().map(|l| self.local_snap(l));
            // Tracker entries are read-only and known by their fingerprint: never pushed again.
            let tracker = base.fingerprint.is_some();
            let lsnap_cmp = if tracker && lsnap.is_some() { Some(bsnap.clone()) } else { lsnap.clone() };
            let mut decision =
                decide(&bsnap, lsnap_cmp.as_ref(), side.clone(), self.tt().delete_remote, base.removed_locally);
            if decision == Decision::Push && base.author_id != me {
                decision = Decision::Conflict("another user's worklog was changed in the note; it is not pushed");
            }
            let key = base.issue_key.clone();
            let path = local.as_ref().map(|l| l.path.clone()).or_else(|| base.path.clone());
            match decision {
                Decision::Nothing => {
                    if let (Some(r), RemoteSide::Present(_)) = (&remote, &side) {
                        if rsnap.as_ref() == Some(&bsnap) && r.started != base.started {
                            let fresh = self.base_from_remote(r, base.path.clone(), base.fingerprint.clone());
                            self.state.worklogs.insert(id.clone(), WorklogBase { comment: base.comment, ..fresh });
                        }
                    }
                }
                Decision::Push => {
                    let (Some(i), Some(l)) = (li, local.as_ref()) else { continue };
                    let body = self.body_of(l);
                    let q = self.adjust();
                    let p = format!("{api}/issue/{}/worklog/{id}", base.issue_id);
                    self.send("PUT", p, &q, Some(body), Purpose::Worklog(WlReq::Put(id.clone(), i)));
                }
                Decision::Pull | Decision::Adopt => {
                    let Some(r) = remote.as_ref() else { continue };
                    let fresh = self.base_from_remote(r, base.path.clone(), base.fingerprint.clone());
                    match (decision, local.as_ref()) {
                        (Decision::Pull, Some(l)) if !tracker => self.pull_line(l, &id, r, fresh),
                        _ => {
                            self.state.worklogs.insert(id.clone(), fresh);
                        }
                    }
                }
                Decision::Conflict(why) => {
                    let theirs = rsnap.as_ref().map(describe).unwrap_or_else(|| "deleted".to_owned());
                    let ours = lsnap.as_ref().map(describe).unwrap_or_else(|| "removed".to_owned());
                    let msg = format!("worklog {id} {why}; nothing was overwritten (note: {ours}; Jira: {theirs})");
                    self.log(Level::Conflict, path.as_deref(), Some(&key), msg);
                    self.wl.hold_since = true;
                    if matches!(side, RemoteSide::Deleted) {
                        self.state.worklogs.remove(&id);
                    }
                }
                Decision::DeleteRemote => {
                    let q = self.adjust();
                    let p = format!("{api}/issue/{}/worklog/{id}", base.issue_id);
                    self.send("DELETE", p, &q, None, Purpose::Worklog(WlReq::Delete(id.clone())));
                }
                Decision::KeepRemoved => {
                    let msg = format!("worklog {id} removed locally, kept in Jira");
                    self.log(Level::Warning, base.path.as_deref(), Some(&key), msg);
                    if let Some(b) = self.state.worklogs.get_mut(&id) {
                        b.removed_locally = true;
                    }
                }
                Decision::RemoveLine => {
                    if let Some(l) = local.as_ref().filter(|_| !tracker) {
                        let Some(note) = self.notes.get(&l.path) else { continue };
                        let op = text::remove_line(&note.content, l.entry.span);
                        self.queue(&l.path.clone(), op, id.clone(), None);
                    } else {
                        self.state.worklogs.remove(&id);
                    }
                }
                Decision::Forget => {
                    self.state.worklogs.remove(&id);
                }
            }
        }
        self.plan_new_local(&by_id, &mut claimed, &mut used);
        self.plan_new_remote(&claimed);
    }

    /// Local entries without a known worklog: linked to a matching unlinked Jira worklog, or created.
    fn plan_new_local(
        &mut self,
        by_id: &BTreeMap<String, usize>,
        claimed: &mut BTreeSet<String>,
        used: &mut BTreeSet<usize>,
    ) {
        let me = self.me();
        let api = self.api();
        for i in 0..self.wl.locals.len() {
            if used.contains(&i) {
                continue;
            }
            let Some(l) = self.wl.locals.get(i).cloned() else { continue };
            if let Some(id) = &l.entry.worklog_id {
                if by_id.get(id) != Some(&i) || claimed.contains(id) {
                    continue;
                }
                // An id the state does not know (state lost, line copied): adopt Jira's worklog if it agrees.
                let remote = self.wl.remote.get(id).cloned();
                let agrees = remote.as_ref().and_then(|r| self.remote_snap(r, None)) == Some(self.local_snap(&l));
                match remote {
                    Some(r) if agrees => {
                        claimed.insert(id.clone());
                        let base = self.base_from_remote(&r, Some(l.path.clone()), None);
                        self.state.worklogs.insert(id.clone(), base);
                    }
                    _ => {
                        let key = self.wl.linked.get(&l.issue_id).map(|(k, _)| k.clone());
                        let msg = format!("worklog {id} is unknown or differs from Jira; the line was left alone");
                        self.log(Level::Warning, Some(&l.path), key.as_deref(), msg);
                    }
                }
                continue;
            }
            let started = parse_utc_instant(&self.started_of(&l)).ok();
            let seconds = l.entry.time_spent_seconds();
            let found = self.wl.remote.iter().find(|(rid, r)| {
                !claimed.contains(*rid)
                    && !self.state.worklogs.contains_key(*rid)
                    && r.issue_id == l.issue_id
                    && r.author_id == me
                    && round(r.seconds) == seconds
                    && started.is_some()
                    && parse_utc_instant(&r.started).ok() == started
            });
            if let Some((rid, r)) = found.map(|(a, b)| (a.clone(), b.clone())) {
                claimed.insert(rid.clone());
                let (path, key) = self.local_where(i);
                let msg = format!("worklog {rid} already in Jira; linked to the entry");
                self.log(Level::Info, path.as_deref(), key.as_deref(), msg);
                let base =
                    self.base_from_remote(&r, l.fingerprint.is_none().then(|| l.path.clone()), l.fingerprint.clone());
                if l.fingerprint.is_none() {
                    self.queue(&l.path, text::append_id(l.entry.span, &rid), rid, Some(base));
                } else {
                    self.state.worklogs.insert(rid, base);
                }
                continue;
            }
            let body = self.body_of(&l);
            let q = self.adjust();
            let p = format!("{api}/issue/{}/worklog", l.issue_id);
            self.send("POST", p, &q, Some(body), Purpose::Worklog(WlReq::Post(i)));
        }
    }

    /// Jira worklogs no note knows yet: appended to their issue note's worklog section.
    fn plan_new_remote(&mut self, claimed: &BTreeSet<String>) {
        let me = self.me();
        let everyone = self.tt().everyone;
        let mut lines: BTreeMap<String, Vec<(String, String, WorklogBase)>> = BTreeMap::new();
        for (id, r) in &self.wl.remote {
            if claimed.contains(id) || self.state.worklogs.contains_key(id) || (r.author_id != me && !everyone) {
                continue;
            }
            let Some((_, path)) = self.wl.linked.get(&r.issue_id) else { continue };
            let Some(line) = self.remote_line(id, r, None) else { continue };
            let base = self.base_from_remote(r, Some(path.clone()), None);
            lines.entry(path.clone()).or_default().push((id.clone(), line, base));
        }
        let heading = self.tt().section_heading.trim().to_owned();
        let heading = if heading.is_empty() { crate::worklog::DEFAULT_SECTION_HEADING.to_owned() } else { heading };
        for (path, mut items) in lines {
            let Some(note) = self.notes.get(&path) else { continue };
            items.sort_by(|a, b| a.1.cmp(&b.1));
            let texts: Vec<String> = items.iter().map(|x| x.1.clone()).collect();
            let op = text::append_to_section(&note.content, &heading, &texts);
            self.wl.ops.entry(path.clone()).or_default().push(op);
            let pending = self.wl.pending.entry(path.clone()).or_default();
            pending.extend(items.into_iter().map(|(id, _, base)| (id, Some(base))));
        }
    }

    /// The section line for a Jira worklog (with a time range when it starts and ends on one day).
    fn remote_line(&self, id: &str, r: &RemoteWl, like: Option<&WorklogEntry>) -> Option<String> {
        let start = self.local_of(&r.started)?;
        let end = start + Duration::seconds(i64::from(round(r.seconds)));
        let ranged = end.date() == start.date() && like.is_none_or(|l| l.start.is_some() || l.started_utc.is_some());
        let entry = WorklogEntry {
            issue_key: None,
            date: start.date(),
            start: Some(start.time()),
            end: ranged.then(|| end.time()),
            started_utc: None,
            seconds: round(r.seconds),
            comment: self.display_comment(&r.author_id, &r.author, &r.comment),
            worklog_id: Some(id.to_owned()),
            source: EntrySource::Section,
            span: crate::text::Span { start: 0, end: 0, start_line: 1, end_line: 1 },
        };
        Some(format_section_line(&entry, &self.dconf()))
    }

    /// Rewrites a note's line after Jira changed its worklog (daily lines keep their day).
    fn pull_line(&mut self, l: &LocalWl, id: &str, r: &RemoteWl, fresh: WorklogBase) {
        let Some(line) = self.remote_line(id, r, Some(&l.entry)) else { return };
        let line = if l.entry.source == EntrySource::Daily {
            // `- 2025-03-10 10:00–11:00 text` → `- 10:00–11:00 text` (the daily note gives the date).
            let start = self.local_of(&r.started);
            if start.map(|s| s.date()) != Some(l.entry.date) {
                let msg = format!("worklog {id} moved to another day in Jira; the daily note line was left alone");
                return self.log(Level::Warning, Some(&l.path), Some(&fresh.issue_key.clone()), msg);
            }
            line.replacen(&format!("- {} ", l.entry.date.format("%Y-%m-%d")), "- ", 1)
        } else {
            line
        };
        self.queue(&l.path, text::replace_line(l.entry.span, line), id.to_owned(), Some(fresh));
    }

    /// One guarded edit per note with worklog changes.
    fn send_worklog_edits(&mut self) {
        let ops = std::mem::take(&mut self.wl.ops);
        for (path, ops) in ops {
            let Some(note) = self.notes.get(&path) else { continue };
            let old = note.content.clone();
            let new = text::apply(&old, ops);
            if new != old {
                self.edit(&path, Some(old), new, WL_EDIT);
            }
        }
    }

    /// How a worklog edit went: the bases it carries are kept only once the note holds them.
    pub(super) fn on_worklog_edit(&mut self, path: &str, outcome: EditOutcome) {
        let pending = self.wl.pending.remove(path).unwrap_or_default();
        let text = self.written.remove(path);
        match (outcome, text) {
            (EditOutcome::Applied, Some(text)) => {
                let note = self.read_local(path, &text);
                self.notes.insert(path.to_owned(), note);
                let n = u32::try_from(pending.len()).unwrap_or(u32::MAX);
                self.counts.worklog_lines += n;
                for (id, base) in pending {
                    match base {
                        Some(b) => self.state.worklogs.insert(id, b),
                        None => self.state.worklogs.remove(&id),
                    };
                }
                self.log(Level::Info, Some(path), None, format!("worklog lines written: {n}"));
            }
            _ => {
                self.wl.hold_since = true;
                let msg = "the note changed during the sync; its worklog lines will be written next time";
                self.log(Level::Warning, Some(path), None, msg);
            }
        }
    }
}

fn round(seconds: u32) -> u32 {
    crate::worklog::time_spent_seconds(u64::from(seconds))
}

fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe(s: &Snap) -> String {
    let c = DurationConfig::default();
    let d = crate::worklog::format_duration(u64::from(s.seconds), &c);
    format!("{} {d} {}", s.start.format("%Y-%m-%d %H:%M"), s.comment).trim_end().to_owned()
}

/// The date of a daily note: a note directly in `folder` whose file name matches `format`.
fn daily_date(path: &str, folder: &str, format: &str) -> Option<chrono::NaiveDate> {
    let rest = path.strip_prefix(folder)?.strip_prefix('/')?;
    let stem = rest.strip_suffix(".md")?;
    parse_daily_date(stem, format)
}
