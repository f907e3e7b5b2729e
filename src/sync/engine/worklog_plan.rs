//! The worklog phase's decisions: per worklog id the three-way rule (`worklog_merge.rs`), new local entries
//! linked to a matching Jira worklog or created, new Jira worklogs appended to their issue note, and the line
//! rewrites that carry Jira's changes into notes.
//!
//! Invariants: nothing is overwritten on a conflict; another user's worklog is never pushed; a base that needs
//! a note edit is kept only once the edit is applied (see `on_worklog_edit`).
use std::collections::{BTreeMap, BTreeSet};

use super::report::Level;
use super::run::{Purpose, SyncRun};
use super::state::WorklogBase;
use super::worklog_merge::{Decision, RemoteSide, decide};
use super::worklog_text as text;
use super::worklog_zone::end_instant;
use super::worklogs::*;
use crate::worklog::time::parse_utc_instant;
use crate::worklog::{EntrySource, WorklogEntry, format_section_line, utc_to_local};

impl SyncRun {
    /// Decides every worklog and sends the writes to Jira.
    pub(super) fn plan_worklogs(&mut self) {
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
    pub(super) fn plan_new_local(
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
            let seconds = self.spent(&l);
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
    pub(super) fn plan_new_remote(&mut self, claimed: &BTreeSet<String>) {
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
            crate::sort::sort_by(&mut items, |a, b| a.1.cmp(&b.1));
            let texts: Vec<String> = items.iter().map(|x| x.1.clone()).collect();
            let op = text::append_to_section(&note.content, &heading, &texts);
            self.wl.ops.entry(path.clone()).or_default().push(op);
            let pending = self.wl.pending.entry(path.clone()).or_default();
            pending.extend(items.into_iter().map(|(id, _, base)| (id, Some(base))));
        }
    }

    /// The section line for a Jira worklog (with a time range when it starts and ends on one day).
    pub(super) fn remote_line(&self, id: &str, r: &RemoteWl, like: Option<&WorklogEntry>) -> Option<String> {
        let start = self.local_of(&r.started)?;
        // The wall-clock time where the worklog ends, with the offset in force then (across a DST switch the
        // range's wall-clock length differs from the time spent; reading the line back gives the time spent).
        let end_utc = end_instant(&r.started, r.seconds)?;
        let end = utc_to_local(end_utc, self.offset(end_utc)).ok()?;
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
    pub(super) fn pull_line(&mut self, l: &LocalWl, id: &str, r: &RemoteWl, fresh: WorklogBase) {
        let Some(line) = self.remote_line(id, r, Some(&l.entry)) else { return };
        let line = if l.entry.source == EntrySource::Daily {
            // `- 2025-03-10 10:00–11:00 text` → `- 10:00–11:00 text` (the daily note gives the date).
            let start = self.local_of(&r.started);
            if start.map(|s| s.date()) != Some(l.entry.date) {
                let msg = format!("worklog {id} moved to another day in Jira; the daily note line was left alone");
                return self.log(Level::Warning, Some(&l.path), Some(&fresh.issue_key.clone()), msg);
            }
            line.replacen(&format!("- {} ", crate::date_text::Date(l.entry.date)), "- ", 1)
        } else {
            line
        };
        self.queue(&l.path, text::replace_line(l.entry.span, line), id.to_owned(), Some(fresh));
    }
}
