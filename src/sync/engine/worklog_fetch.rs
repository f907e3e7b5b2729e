//! The worklog phase's reading side: which note entries take part (issue note sections, daily notes, tracker
//! blocks) and what Jira holds (an issue's worklogs, the `/worklog/updated|deleted` feeds, `/worklog/list`).
//!
//! Invariants: only linked issues take part; an issue read only in part is never taken as "read in full" (so
//! its missing worklogs are not taken for deleted); a failed read is an error, which holds the feed's `since`.
use std::collections::BTreeMap;

use serde_json::Value;

use super::io::Response;
use super::report::Level;
use super::run::{Purpose, SyncRun};
use super::worklogs::*;
use crate::worklog::{EntrySource, WorklogOptions, parse_worklog};

impl SyncRun {
    /// Reads one page of an issue's worklogs (the next page is asked for when this one comes back).
    pub(super) fn send_issue_worklogs(&mut self, id: &str, start_at: u64) {
        let api = self.api();
        if start_at == 0 {
            self.wl.full.insert(id.to_owned());
        }
        let q = [("startAt", start_at.to_string()), ("maxResults", "5000".to_owned())];
        let why = Purpose::Worklog(WlReq::Issue(id.to_owned(), start_at));
        self.send("GET", format!("{api}/issue/{id}/worklog"), &q, None, why);
    }

    /// Linked issues (id → key, note path) and every local entry that belongs to one of them.
    pub(super) fn read_local_worklogs(&mut self) {
        let mut linked = BTreeMap::new();
        for (id, base) in &self.state.issues {
            if base.detached {
                continue;
            }
            if let Some(path) = self.note_of(&base.key, Some(base)) {
                linked.insert(id.clone(), (base.key.clone(), path));
            }
        }
        let by_key: BTreeMap<String, String> =
            crate::sort::collect_map(linked.iter().map(|(id, (k, _))| (k.clone(), id.clone())));
        let tt = self.tt().clone();
        // `""` turns daily notes off; `/` is the vault root.
        let read_daily = !tt.daily_folder.trim().is_empty();
        let folder = tt.daily_folder.trim().trim_matches('/').to_owned();
        let mut locals = Vec::new();
        let mut diagnostics = Vec::new();
        for note in self.notes.values() {
            let own = note.key.as_ref().and_then(|k| by_key.get(k)).filter(|id| linked[*id].1 == note.path);
            let daily =
                if own.is_none() && read_daily { daily_date(&note.path, &folder, &tt.daily_format) } else { None };
            if own.is_none() && daily.is_none() {
                continue;
            }
            let options = WorklogOptions {
                section_heading: tt.section_heading.clone(),
                daily_date: daily.map(|d| crate::date_text::Date(d).to_string()),
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
                WlReq::Issue(id, _) => self.wl.linked.get(id).map(|(k, _)| k.clone()),
                WlReq::Post(i) | WlReq::Put(_, i) => {
                    self.wl.locals.get(*i).and_then(|l| self.wl.linked.get(&l.issue_id)).map(|(k, _)| k.clone())
                }
                _ => None,
            };
            let what = match &why {
                WlReq::Issue(..) => "reading the issue's worklogs failed".to_owned(),
                WlReq::Updated | WlReq::Deleted | WlReq::List => "reading Jira's worklog feed failed".to_owned(),
                WlReq::Post(_) => "creating the worklog failed".to_owned(),
                WlReq::Put(id, _) => format!("updating worklog {id} failed"),
                WlReq::Delete(id) => format!("deleting worklog {id} failed"),
            };
            if let WlReq::Issue(id, _) = &why {
                self.wl.full.remove(id);
            }
            return self.log(Level::Error, None, key.as_deref(), format!("{what}: {why_text}"));
        }
        let body = &response.body;
        match why {
            WlReq::Issue(id, start_at) => {
                if let Some(t) = response.server_time() {
                    self.wl.read_at = Some(self.wl.read_at.map_or(t, |r| r.min(t)));
                }
                let list = body.get("worklogs").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                for w in list {
                    self.take_remote(w, Some(&id));
                }
                // Data Center documents no paging here (it answers everything); a Jira that ignored `startAt`
                // would send the first page again, so paging goes on only from the page asked for.
                let start = body.get("startAt").and_then(Value::as_u64).unwrap_or(start_at);
                let got = start_at + list.len() as u64;
                match body.get("total").and_then(Value::as_u64) {
                    // More pages: the issue counts as read in full only once the last one came back.
                    Some(total) if total > got && !list.is_empty() && start == start_at => {
                        self.send_issue_worklogs(&id, got);
                    }
                    Some(total) if total > got => {
                        // Jira held back the rest: what is missing is not known to be deleted.
                        self.wl.full.remove(&id);
                    }
                    _ if self.wl.full.contains(&id) => {
                        self.wl.read_now.insert(id);
                    }
                    _ => {}
                }
            }
            WlReq::List => {
                for w in body.as_array().into_iter().flatten() {
                    self.take_remote(w, None);
                }
            }
            WlReq::Updated | WlReq::Deleted => self.on_feed(&why, body, response.server_time()),
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

    /// One page of a feed. Its `since` moves past the page's last change (`until`); after the last page also to
    /// Jira's time of the answer less a minute (the feeds leave out the last minute), so a feed with nothing
    /// new still moves on and a change already read is not read again on every run.
    pub(super) fn on_feed(&mut self, why: &WlReq, body: &Value, answered: Option<chrono::DateTime<chrono::Utc>>) {
        let ids = body.get("values").and_then(Value::as_array).into_iter().flatten();
        let ids: Vec<String> = ids.filter_map(|v| v.get("worklogId")).map(id_text).collect();
        let until = body.get("until").and_then(Value::as_i64);
        let last = body.get("lastPage").and_then(Value::as_bool).unwrap_or(true);
        let slot = if matches!(why, WlReq::Updated) { &mut self.wl.since_updated } else { &mut self.wl.since_deleted };
        if let (Some(u), false) = (until, ids.is_empty()) {
            *slot = Some(u + 1);
        }
        if let (true, Some(t)) = (last, answered) {
            let cutoff = t.timestamp_millis() - 60_000;
            if slot.is_some_and(|s| s < cutoff) {
                *slot = Some(cutoff);
            }
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

    pub(super) fn take_remote(&mut self, w: &Value, issue: Option<&str>) {
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
}
