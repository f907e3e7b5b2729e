//! The worklog phase (time tracking, issue 6): after issues are pushed and notes written, Jira worklogs of
//! linked issues are synced with the worklog entries of notes (issue notes' worklog sections, daily notes,
//! read-only tracker blocks).
//!
//! Steps: read local entries → read Jira (in full, paged, every linked issue not in `worklogs_read`: all of
//! them the first time, later those taking part for the first time, whose earlier worklogs no feed holds;
//! then the `/worklog/updated` and `/worklog/deleted` feeds since `worklog_since`, then `/worklog/list` in
//! batches of 1000, plus a full read of issues with new local entries so a killed run's worklog is found and
//! linked, not duplicated) → ask the driver for the zone offsets of every time involved ([`Action::ZoneOffsets`]; a local
//! wall-clock time (an entry's start, and its end for a time range) is asked twice: first a day before and a day
//! after it, read as UTC, then at the instants those two offsets give; [`crate::worklog::time::wall_offset`] picks the offset from the
//! four answers, exactly and deterministically next to a DST switch too) →
//! decide per worklog (see `worklog_merge.rs`) and send `POST`/`PUT`/`DELETE` → one guarded edit per note.
//!
//! Files: this one holds the phase's state, its steps, the snapshots compared and the note edits;
//! `worklog_zone.rs` the zone questions and elapsed time; `worklog_fetch.rs` the reading, `worklog_plan.rs` the decisions, `worklog_merge.rs` the three-way
//! rule, `worklog_text.rs` the text edits.
//!
//! Invariants: a base changes only after Jira (or the note edit) confirmed it; `worklog_since` advances only
//! after an error-free run and is Jira's time (the feeds' `until`, or the `Date` of the first full read; a
//! Jira that sends no `Date` leaves it unset, so the next run reads in full again); tracker blocks are never rewritten (their entries are known by a fingerprint);
//! other users' worklogs are only written into notes, never pushed.
//!
//! [`Action::ZoneOffsets`]: super::Action::ZoneOffsets

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDateTime, NaiveTime, Timelike};
use serde_json::{Value, json};

use super::io::EditOutcome;
use super::local::LocalNote;
use super::report::Level;
use super::run::{Phase, Purpose, SyncRun};
use super::state::WorklogBase;
use super::worklog_merge::Snap;
use super::worklog_text::{self as text, TextOp};
use crate::sync::{Deployment, FieldContext};
use crate::worklog::{DurationConfig, WorklogEntry, format_started, parse_daily_date};

/// The `edit_for` marker of worklog edits.
pub(super) const WL_EDIT: &str = "\u{0}worklog";
/// `/worklog/list` takes at most this many ids.
const LIST_BATCH: usize = 1000;

/// Why a worklog request was sent.
#[derive(Debug, Clone)]
pub(super) enum WlReq {
    /// An issue's worklogs from `startAt`.
    Issue(String, u64),
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
pub(super) struct LocalWl {
    pub(super) path: String,
    pub(super) issue_id: String,
    pub(super) entry: WorklogEntry,
    pub(super) fingerprint: Option<String>,
}

/// One Jira worklog as read.
#[derive(Debug, Clone)]
pub(super) struct RemoteWl {
    pub(super) issue_id: String,
    pub(super) author_id: String,
    pub(super) author: String,
    pub(super) started: String,
    pub(super) seconds: u32,
    pub(super) comment: String,
}

/// The worklog phase's working state.
#[derive(Debug, Default)]
pub(super) struct WorklogRun {
    pub(super) step: WlStep,
    pub(super) locals: Vec<LocalWl>,
    pub(super) linked: BTreeMap<String, (String, String)>,
    pub(super) remote: BTreeMap<String, RemoteWl>,
    pub(super) deleted: BTreeSet<String>,
    pub(super) full: BTreeSet<String>,
    /// Issues read in full (every page) this run; they join `SiteState::worklogs_read` once the run's worklog
    /// lines are all written and no conflict is held (otherwise they are read in full again next time).
    pub(super) read_now: BTreeSet<String>,
    pub(super) listed: BTreeSet<String>,
    pub(super) since_updated: Option<i64>,
    pub(super) since_deleted: Option<i64>,
    pub(super) next_since: Option<i64>,
    /// Jira's time (`Date`) of the earliest full read of an issue's worklogs this run.
    pub(super) read_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A conflict or an unwritten note edit: the feed's `since` stays, so Jira's change is read again.
    pub(super) hold_since: bool,
    pub(super) zone_out: Option<(String, Vec<String>)>,
    pub(super) instants: Vec<String>,
    pub(super) offsets: BTreeMap<String, i32>,
    /// The instants (as keys) of the second zone question, in order, and their offsets.
    pub(super) second: Vec<String>,
    pub(super) local_offsets: BTreeMap<String, i32>,
    pub(super) ops: BTreeMap<String, Vec<TextOp>>,
    pub(super) pending: BTreeMap<String, Vec<(String, Option<WorklogBase>)>>,
}

pub(super) fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) use crate::worklog::zone::instant_key;

pub(super) fn minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

impl SyncRun {
    pub(super) fn tt(&self) -> &crate::sync::TimeTracking {
        &self.input.config.time_tracking
    }

    pub(super) fn dconf(&self) -> DurationConfig {
        DurationConfig { hours_per_day: self.tt().hours_per_day, days_per_week: self.tt().days_per_week }
    }

    pub(super) fn default_start(&self) -> NaiveTime {
        crate::date_text::parse_minutes(self.tt().default_start.trim())
            .unwrap_or_else(|| NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
    }

    pub(super) fn me(&self) -> String {
        self.state.myself.as_ref().map(|m| m.account_id.clone()).unwrap_or_default()
    }

    /// The worklog section heading when time tracking is on: the section is then kept out of the body value
    /// (it is not part of Jira's description) and kept in the note when the body is rewritten.
    pub(super) fn section_heading(&self) -> Option<String> {
        let tt = self.tt();
        let h = tt.section_heading.trim();
        tt.enabled.then(|| if h.is_empty() { crate::worklog::DEFAULT_SECTION_HEADING } else { h }.to_owned())
    }

    /// Reads a note; its body value leaves out the *Child issues* section (see `child_issues.rs`) and, with
    /// time tracking on, the worklog section.
    pub(super) fn read_local(&self, path: &str, content: &str) -> LocalNote {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let mut note = LocalNote::read(path, content, &self.input.config.fields, &ctx);
        if let Some(Value::String(body)) = note.values.get(super::local::BODY) {
            if let std::borrow::Cow::Owned(rest) = crate::alignment::child_section::without_section(body) {
                std::rc::Rc::make_mut(&mut note.values)
                    .insert(super::local::BODY.to_owned(), Value::String(super::local::body_value(&rest)));
            }
        }
        if let (Some(h), Some(body)) = (self.section_heading(), note.values.get(super::local::BODY)) {
            if let Some((a, b)) = body.as_str().and_then(|t| text::section_range(t, &h)) {
                let t = body.as_str().unwrap_or_default();
                let rest = format!("{}{}", &t[..a], &t[b..]);
                std::rc::Rc::make_mut(&mut note.values)
                    .insert(super::local::BODY.to_owned(), Value::String(super::local::body_value(&rest)));
            }
        }
        note
    }

    /// A new body value for a note, with the note's worklog section (time tracking on) and then its *Child
    /// issues* section kept at its end.
    pub(super) fn with_worklog_section(&self, content: &str, body: &str) -> String {
        // The worklog section is found in the note without the generated section (which it would run into).
        let own = crate::alignment::child_section::without_section(content);
        let section = self.section_heading().and_then(|h| text::section_range(&own, &h));
        let body = match section {
            Some((a, b)) if body.is_empty() => own[a..b].trim_end().to_owned(),
            Some((a, b)) => format!("{}\n\n{}", body.trim_end(), own[a..b].trim_end()),
            None => body.to_owned(),
        };
        crate::alignment::child_section::keep_section(content, &body)
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
        // An issue that no longer takes part misses the feeds' changes from now on: read in full when it is back.
        self.keep_read(&BTreeSet::new());
        let api = self.api();
        match self.state.worklog_since {
            None => {
                let ids: Vec<String> = self.wl.linked.keys().cloned().collect();
                for id in ids {
                    self.send_issue_worklogs(&id, 0);
                }
            }
            Some(since) => {
                self.wl.since_updated = Some(since);
                self.wl.since_deleted = Some(since);
                let q = [("since", since.to_string())];
                self.send("GET", format!("{api}/worklog/updated"), &q, None, Purpose::Worklog(WlReq::Updated));
                self.send("GET", format!("{api}/worklog/deleted"), &q, None, Purpose::Worklog(WlReq::Deleted));
                let known: BTreeSet<String> =
                    crate::sort::collect_set(self.state.worklogs.values().filter_map(|b| b.fingerprint.clone()));
                let mut needy: BTreeSet<String> = crate::sort::collect_set(
                    self.wl
                        .locals
                        .iter()
                        .filter(|l| match (&l.entry.worklog_id, &l.fingerprint) {
                            (Some(id), _) => !self.state.worklogs.contains_key(id),
                            (None, Some(fp)) => !known.contains(fp),
                            (None, None) => true,
                        })
                        .map(|l| l.issue_id.clone()),
                );
                // Issues taking part for the first time: the feeds only hold changes since `since`, so the
                // worklogs logged before are read in full.
                let unread = self.wl.linked.keys().filter(|id| self.state.worklogs_read.binary_search(id).is_err());
                needy.extend(unread.cloned());
                for id in needy {
                    self.send_issue_worklogs(&id, 0);
                }
            }
        }
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
                if self.state.worklog_since.is_none() {
                    // The feeds start where this run's full reads did, on Jira's clock (a minute earlier: the
                    // `Date` header has whole seconds); never the machine's clock, which may run ahead of Jira's.
                    let read = self.wl.read_at.or(self.first_server_time);
                    self.wl.next_since = read.map(|t| t.timestamp_millis() - 60_000);
                }
                if self.wl.hold_since {
                    self.wl.next_since = None;
                } else {
                    // Every line of the issues read in full is written: from now on the feeds carry their
                    // changes. (Held: a line may be unwritten, so those issues are read in full again.)
                    let read = std::mem::take(&mut self.wl.read_now);
                    self.keep_read(&read);
                }
                self.start_create();
            }
        }
    }

    /// `worklogs_read` becomes the linked issues (in order) that were read before or in `now`.
    fn keep_read(&mut self, now: &BTreeSet<String>) {
        let old = std::mem::take(&mut self.state.worklogs_read);
        let kept = self.wl.linked.keys().filter(|id| now.contains(*id) || old.binary_search(id).is_ok());
        self.state.worklogs_read = kept.cloned().collect();
    }

    pub(super) fn display_comment(&self, author_id: &str, author: &str, comment: &str) -> String {
        if author_id == self.me() || author.is_empty() {
            comment.to_owned()
        } else {
            norm(&format!("({author}) {comment}"))
        }
    }

    pub(super) fn base_snap(&self, b: &WorklogBase) -> Option<Snap> {
        let comment = self.display_comment(&b.author_id, &b.author, &b.comment);
        Some(Snap { start: self.local_of(&b.started)?, seconds: round(b.seconds), comment })
    }

    pub(super) fn remote_snap(&self, r: &RemoteWl, base: Option<&WorklogBase>) -> Option<Snap> {
        // Jira's rendering of a comment the sync sent may differ in spelling; the base's own spelling stands.
        let comment = match base {
            Some(b) if self.roundtrip(&b.comment) == r.comment => b.comment.clone(),
            _ => r.comment.clone(),
        };
        let comment = self.display_comment(&r.author_id, &r.author, &comment);
        Some(Snap { start: self.local_of(&r.started)?, seconds: round(r.seconds), comment })
    }

    pub(super) fn roundtrip(&self, md: &str) -> String {
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

    pub(super) fn local_start(&self, l: &LocalWl) -> NaiveDateTime {
        let off = l.entry.started_utc.map_or(0, |t| self.offset(t));
        minute(l.entry.local_start(off, self.default_start()).unwrap_or_default())
    }

    pub(super) fn local_snap(&self, l: &LocalWl) -> Snap {
        Snap { start: self.local_start(l), seconds: self.spent(l), comment: norm(&l.entry.comment) }
    }

    /// Jira's `started` for a local entry, with the zone's offset at that local time.
    pub(super) fn started_of(&self, l: &LocalWl) -> String {
        if let Some(base) = self.spelled_base(l) {
            // Unchanged start: Jira's own (in a repeated hour the line cannot say which pass it is).
            return base.started.clone();
        }
        let local = self.local_start(l);
        let off = l.entry.started_utc.map_or_else(|| self.local_offset(local), |t| self.offset(t));
        format_started(local, off).unwrap_or_default()
    }

    pub(super) fn body_of(&self, l: &LocalWl) -> Value {
        let comment = norm(&l.entry.comment);
        let mut body = json!({ "started": self.started_of(l), "timeSpentSeconds": self.spent(l) });
        if !comment.is_empty() {
            body["comment"] = match self.input.deployment {
                Deployment::Cloud => crate::markdown::markdown_to_adf(&comment),
                _ => Value::String(crate::convert::markdown_to_wiki(&comment).unwrap_or(comment)),
            };
        }
        body
    }

    pub(super) fn adjust(&self) -> Vec<(&'static str, String)> {
        let a = self.tt().adjust_estimate.trim();
        vec![("adjustEstimate", if a == "leave" { "leave".to_owned() } else { "auto".to_owned() })]
    }

    pub(super) fn local_where(&self, i: usize) -> (Option<String>, Option<String>) {
        let l = self.wl.locals.get(i);
        let key = l.and_then(|l| self.wl.linked.get(&l.issue_id)).map(|(k, _)| k.clone());
        (l.map(|l| l.path.clone()), key)
    }

    /// The base after a successful `POST`/`PUT` of local entry `i`: what was sent, in the note's spelling.
    pub(super) fn base_from_local(&self, i: usize, id: &str, body: &Value) -> Option<WorklogBase> {
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
            seconds: self.spent(l),
            comment: norm(&l.entry.comment),
            path: (l.fingerprint.is_none()).then(|| l.path.clone()),
            fingerprint: l.fingerprint.clone(),
            removed_locally: false,
        })
    }

    pub(super) fn base_from_remote(
        &self,
        r: &RemoteWl,
        path: Option<String>,
        fingerprint: Option<String>,
    ) -> WorklogBase {
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

    pub(super) fn on_posted(&mut self, i: usize, body: &Value) {
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

    pub(super) fn queue(&mut self, path: &str, op: TextOp, id: String, base: Option<WorklogBase>) {
        self.wl.ops.entry(path.to_owned()).or_default().push(op);
        self.wl.pending.entry(path.to_owned()).or_default().push((id, base));
    }

    /// One guarded edit per note with worklog changes.
    pub(super) fn send_worklog_edits(&mut self) {
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
                self.put_note(path.to_owned(), note);
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

pub(super) fn round(seconds: u32) -> u32 {
    crate::worklog::time_spent_seconds(u64::from(seconds))
}

pub(super) fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn describe(s: &Snap) -> String {
    let c = DurationConfig::default();
    let d = crate::worklog::format_duration(u64::from(s.seconds), &c);
    format!("{} {d} {}", crate::date_text::DateMinutes(s.start), s.comment).trim_end().to_owned()
}

/// The date of a daily note: a note directly in `folder` whose file name matches `format`.
pub(super) fn daily_date(path: &str, folder: &str, format: &str) -> Option<chrono::NaiveDate> {
    // An empty folder is the vault root (the setting `/`): notes directly in it, not in subfolders.
    let rest = if folder.is_empty() {
        Some(path).filter(|p| !p.contains('/'))?
    } else {
        path.strip_prefix(folder)?.strip_prefix('/')?
    };
    let stem = rest.strip_suffix(".md")?;
    parse_daily_date(stem, format)
}

#[cfg(test)]
mod daily_tests {
    use super::daily_date;

    #[test]
    fn daily_notes_are_found_in_their_folder_or_the_vault_root() {
        let d = |path: &str, folder: &str| daily_date(path, folder, "YYYY-MM-DD").map(|d| d.to_string());
        assert_eq!(d("Daily/2025-03-28.md", "Daily"), Some("2025-03-28".into()));
        assert_eq!(d("Other/2025-03-28.md", "Daily"), None);
        assert_eq!(d("2025-03-28.md", ""), Some("2025-03-28".into()));
        assert_eq!(d("Daily/2025-03-28.md", ""), None);
        assert_eq!(d("Daily/notes.md", "Daily"), None);
    }
}
