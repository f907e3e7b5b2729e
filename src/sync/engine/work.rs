//! Planning and applying one issue: the three-way merge, the `PUT` with every changed field, then the status
//! change (`status_push.rs`), and the guarded note edit. What the merge compares is prepared in `base_view.rs`.
//!
//! Invariants:
//! - A base moves only for what both sides now hold: pulled fields once the note edit is applied, pushed
//!   fields once Jira accepted them (Jira's echo becomes the base; when Jira normalised the value, the note's
//!   spelling is kept as the field's *local form*, and the note is not rewritten), the status once the last
//!   transition succeeded.
//! - A note that changed under the engine (the user typed during the sync) is re-read and re-planned against
//!   what Jira holds now, at most [`MAX_REPLANS`] times; the user's text is never overwritten unseen.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::base_view::{canonical_local, created_base, remote_from_base, surviving_forms, unchanged_since};
use super::io::Response;
use super::local::{LocalNote, note_name};
use super::merge::{IssuePlan, plan_issue};
use super::remote::RemoteIssue;
use super::report::Level;
use super::run::{Phase, Purpose, SyncRun};
use super::state::IssueBase;
use crate::sync::{CustomFields, CustomKind, Deployment, EPIC_LINK, FieldContext, JiraField, same_value, write_field};

/// How often a note that keeps changing under the engine is re-planned before the run gives up on it.
pub const MAX_REPLANS: u32 = 3;
/// The most transitions one status change may take.
pub(super) const MAX_HOPS: u32 = 12;

/// A request step of an issue's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `PUT /issue/{id}`.
    Put,
    /// `GET /issue/{id}` after a `PUT` that returned no issue (Data Center).
    Refresh,
    /// `GET /issue/{id}/transitions`.
    Transitions,
    /// `POST /issue/{id}/transitions` towards this status.
    Transition(String),
    /// `GET /issue/{id}?fields=issuelinks` before link writes (see `issue_links.rs`).
    LinkRead,
    /// `POST /issueLink` putting the key in the property: (property, key).
    LinkAdd(String, String),
    /// `DELETE /issueLink/{id}` taking the key out of the property: (property, key).
    LinkDelete(String, String),
}

/// The work on one issue.
#[derive(Debug, Clone)]
pub struct IssueWork {
    /// The linked note.
    pub path: String,
    /// The base the merge uses (`None`: never synced).
    pub base: Option<BTreeMap<String, Value>>,
    /// The stored base snapshot, if any.
    pub stored: Option<IssueBase>,
    /// Jira's current view, updated as writes succeed.
    pub remote: RemoteIssue,
    /// The current plan.
    pub plan: IssuePlan,
    /// Transitions made so far.
    pub hops: u32,
    /// Re-plans after stale edits.
    pub replans: u32,
    /// The status change did not reach its target.
    pub status_failed: bool,
    /// The base to commit once the note edit is applied.
    pub pending_base: Option<IssueBase>,
    /// The note's spelling of normalised values (see `IssueBase::local_forms`).
    pub local_forms: BTreeMap<String, Value>,
    /// The issue's links: merged sets, link requests, note property writes (see `issue_links.rs`).
    pub links: super::issue_links::LinkWork,
    /// Rule field changes sent in this issue's `PUT` (see `automation_fold.rs`).
    pub rule: super::automation_fold::RuleWrites,
}

impl SyncRun {
    /// The Epic Link field's id on Data Center, when the site has one (see [`EPIC_LINK`]).
    pub(super) fn epic_link_id(&self, customs: &CustomFields) -> Option<String> {
        let link = customs.get(EPIC_LINK).filter(|f| f.kind == CustomKind::EpicLink)?;
        (self.input.deployment == Deployment::Datacenter).then(|| link.id.clone())
    }

    /// An edited parent as Data Center takes it: an epic's child names its epic in the Epic Link field (see
    /// [`EPIC_LINK`]), and `parent` (a sub-task's) cannot be edited there, so the write goes to the Epic Link
    /// when the site has one. Anything else passes unchanged.
    pub(super) fn as_epic_link(&self, (id, value): (String, Value), customs: &CustomFields) -> (String, Value) {
        match self.epic_link_id(customs) {
            Some(link) if id == "parent" => (link, value.get("key").cloned().unwrap_or(Value::Null)),
            _ => (id, value),
        }
    }

    /// Plans every issue the run has data for, then every linked note whose issue did not change in Jira.
    pub(super) fn start_plan(&mut self) {
        self.phase = Phase::Plan;
        // With rules, every plan waits for them (their field changes go out in the same `PUT`).
        self.auto.hold = self.rules_run();
        self.index_keys();
        self.index_link_stems();
        let mut stale_links = self.stale_parent_links();
        stale_links.extend(self.stale_issue_links());
        let ids: Vec<String> = self.remote.keys().cloned().collect();
        for id in ids {
            self.plan_remote(&id);
        }
        // Notes unchanged on both sides are left out here, before anything is copied (at 10,000 notes, copying
        // every path and key was a tenth of the plan); the loop below would skip them too. Only a note that is
        // the first of its key: planning an earlier note of the same key may change the base it is judged by.
        // Looked up once per note, so hashed (see `bases_by_key`), without the issues planned so far (each
        // found by id in the ordered map of bases once, instead of by id in the plans for every note).
        let mut bases = self.bases_by_key();
        for id in self.work.keys().chain(self.remote.keys()) {
            let Some(busy) = self.state.issues.get(id) else { continue };
            let held = bases.entry(busy.key.as_str()).or_insert(None);
            if held.is_some_and(|b| std::ptr::eq(b, busy)) {
                *held = None;
            }
        }
        let settled = |n: &LocalNote| {
            let Some(key) = n.key.as_deref() else { return false };
            self.note_keys.get(key) == Some(&n.path)
                && bases.get(key).copied().flatten().is_some_and(|base| {
                    !stale_links.contains(&n.path) && unchanged_since(n, &n.path, base) && self.links_unchanged(n, base)
                })
        };
        let linked: Vec<(String, String)> = self
            .notes
            .values()
            .filter(|n| self.in_run(&n.path) && !n.deleted && !settled(n))
            .filter_map(|n| Some((n.path.clone(), n.key.clone()?)))
            .collect();
        for (path, key) in linked {
            if self.considered.contains(&path) {
                continue;
            }
            match self.base_by_key(&key) {
                // An issue fetched this run was already planned (or skipped, e.g. in conflict) by `plan_remote`.
                Some((id, base)) if !self.work.contains_key(id) && !self.remote.contains_key(id) => {
                    // Neither side changed since the last sync: nothing to plan (the common case, kept cheap).
                    // (A note whose parent's note was renamed is planned anyway: its link text is refreshed.)
                    let unchanged = self
                        .notes
                        .get(&path)
                        .is_some_and(|n| unchanged_since(n, &path, base) && self.links_unchanged(n, base));
                    if unchanged && !stale_links.contains(&path) {
                        continue;
                    }
                    let remote = remote_from_base(id, base);
                    let (id, stored) = (id.to_owned(), base.clone());
                    self.queue_plan(&id, &path, remote, Some(stored), false);
                }
                Some(_) => {}
                None if self.notes.get(&path).is_some_and(|n| n.unreadable.is_some()) => {
                    let why = self.notes.get(&path).and_then(|n| n.unreadable.clone()).unwrap_or_default();
                    self.log(Level::Error, Some(&path), Some(&key), format!("skipped: {why}"));
                }
                None => {
                    let msg = "the issue was not found in Jira, or you may not see it";
                    self.log(Level::Error, Some(&path), Some(&key), msg);
                }
            }
        }
        self.phase = Phase::Work;
        if self.auto.hold {
            self.start_automation();
        }
    }

    fn plan_remote(&mut self, id: &str) {
        let Some(remote) = self.remote.get(id).cloned() else { return };
        let stored = self.state.issues.get(id).cloned();
        let created = self.created.get(id).cloned();
        let path = created.clone().or_else(|| self.note_of(&remote.key, stored.as_ref()));
        match (path, &stored) {
            (Some(path), _) => self.queue_plan(id, &path, remote, stored, created.is_some()),
            (None, Some(b)) if b.detached => {}
            (None, Some(b)) => {
                let (key, old) = (b.key.clone(), b.path.clone());
                if let Some(b) = self.state.issues.get_mut(id) {
                    b.detached = true;
                }
                let msg = format!("its note {old} was deleted or unlinked locally; the issue is no longer synced");
                self.log(Level::Warning, None, Some(&key), msg);
            }
            (None, None) if self.input.mode.only_paths().is_none() => self.new_note(remote),
            (None, None) => {}
        }
    }

    /// Plans one linked issue and starts its work.
    pub(super) fn queue_plan(
        &mut self,
        id: &str,
        path: &str,
        remote: RemoteIssue,
        stored: Option<IssueBase>,
        created: bool,
    ) {
        let Some(note) = self.notes.get(path) else { return };
        if !self.in_run(path) || note.deleted || !self.considered.insert(path.to_owned()) {
            return;
        }
        let key = remote.key.clone();
        if let Some(why) = &note.unreadable {
            let msg = format!("skipped: {why}");
            self.log(Level::Error, Some(path), Some(&key), msg);
            return;
        }
        let conflicted = note.conflicted;
        if conflicted {
            self.log(Level::Conflict, Some(path), Some(&key), "still in conflict: resolve it to sync this note again");
            return;
        }
        for problem in remote.problems.clone() {
            self.log(Level::Error, Some(path), Some(&key), problem);
        }
        let Some(note) = self.notes.get(path) else { return };
        let base = if created {
            Some(created_base(&note.values, &remote.values))
        } else {
            stored.as_ref().map(|s| {
                let mut values = (*s.values).clone();
                values.extend(s.conflict.clone());
                values
            })
        };
        let wanted = self.status_field_name().and_then(|name| note.values.get(&name).cloned());
        let base = self.resume_move(id, wanted.as_ref(), &remote, base);
        let Some(note) = self.notes.get(path) else { return };
        let policy = self.input.config.conflict_policy;
        let forms =
            if created { BTreeMap::new() } else { stored.as_ref().map(|s| s.local_forms.clone()).unwrap_or_default() };
        let seen = canonical_local(note, base.as_ref(), &forms);
        let mut plan =
            plan_issue(&self.input.config.fields, base.as_ref(), seen.as_ref().unwrap_or(note), &remote.values, policy);
        self.dress_plan(note, &mut plan);
        let local_forms = surviving_forms(forms, &plan);
        let work = IssueWork {
            path: path.to_owned(),
            base,
            stored,
            remote,
            plan,
            hops: 0,
            replans: 0,
            status_failed: false,
            pending_base: None,
            local_forms,
            links: super::issue_links::LinkWork::default(),
            rule: super::automation_fold::RuleWrites::default(),
        };
        self.work.insert(id.to_owned(), work);
        self.plan_links(id, created);
        if self.auto.hold {
            return self.auto.held.push(id.to_owned());
        }
        self.dispatch(id);
    }

    /// Starts the Jira writes of a planned issue, or completes it.
    pub(super) fn dispatch(&mut self, id: &str) {
        let Some(w) = self.work.get(id) else { return };
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        let rule = !w.rule.is_empty();
        if w.plan.writes_jira() && !self.input.mode.pushes() {
            self.hold_local_changes(id);
            return self.complete(id);
        }
        if !w.plan.writes_jira() && !rule {
            return self.complete(id);
        }
        if self.input.dry_run {
            let mut what: Vec<String> = w.plan.push.keys().cloned().collect();
            what.extend(w.plan.target_state.iter().map(|s| format!("status → {s}")));
            self.log(Level::Info, Some(&path), Some(&key), format!("would update Jira: {}", what.join(", ")));
            return self.complete(id);
        }
        if w.plan.push.is_empty() && !rule {
            return self.after_put(id);
        }
        // People by name: the users this push names are looked up first (`users.rs`); the issue waits for them.
        if self.await_users(id) {
            return;
        }
        let Some(w) = self.work.get(id) else { return };
        let push = w.plan.push.clone();
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let mut fields = Map::new();
        let mut refused = Vec::new();
        let mut held = Vec::new();
        let workflow = w.remote.workflow();
        for (name, value) in &push {
            let Some(m) = self.input.config.fields.iter().find(|m| note_name(m) == name) else { continue };
            let written = if self.is_user_field(&m.jira) {
                self.user_field(&m.jira, value, &w.remote, &ctx)
            } else {
                write_field(&m.jira, value, &ctx).map_err(|e| e.to_string()).map(|w| self.as_epic_link(w, &customs))
            };
            if written.as_ref().is_ok_and(|(fid, _)| self.is_refused(&workflow, fid)) {
                // Jira refused this field on this issue type earlier in the run (warned then): kept local.
                held.push(name.clone());
                continue;
            }
            match written {
                Ok((fid, Value::Array(mut labels))) if m.jira == JiraField::Labels => {
                    // The note never shows creation tokens; writing the labels must not drop them.
                    let tokens = w.remote.labels.iter().filter(|l| crate::sync::is_sync_label(l));
                    labels.extend(tokens.map(|l| Value::String(l.clone())));
                    fields.insert(fid, Value::Array(labels));
                }
                Ok((fid, Value::Object(part))) if fid == "timetracking" => {
                    // Several estimate fields write one `timetracking` object.
                    let entry = fields.entry(fid).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(all) = entry {
                        all.extend(part);
                    }
                }
                Ok((fid, v)) => {
                    fields.insert(fid, v);
                }
                Err(e) => refused.push((name.clone(), e)),
            }
        }
        for name in held {
            self.drop_push(id, &name);
        }
        for (name, why) in refused {
            self.drop_push(id, &name);
            self.log(Level::Error, Some(&path), Some(&key), format!("{name} not sent: {why}"));
        }
        let Some(body) = self.work.get(id).and_then(|w| w.rule.put_body(fields)) else {
            return self.after_put(id);
        };
        let api = self.api();
        let query: Vec<(&str, String)> = match self.input.deployment {
            crate::sync::Deployment::Cloud => vec![("returnIssue", "true".to_owned())],
            crate::sync::Deployment::Datacenter => vec![],
        };
        self.send("PUT", format!("{api}/issue/{id}"), &query, Some(body), Purpose::Work(id.to_owned(), Step::Put));
    }

    /// A pull-only run writes nothing to Jira: what the plan would push stays a local change. Its base becomes
    /// Jira's current value (what Jira holds, and what the note's edit was made against), so the next sync still
    /// sees the note differ from its base and pushes it; a body merged with Jira's edit keeps only the local part
    /// as the difference.
    fn hold_local_changes(&mut self, id: &str) {
        let status_name = self.status_field_name();
        let Some(w) = self.work.get_mut(id) else { return };
        let mut held: Vec<String> = std::mem::take(&mut w.plan.push).into_keys().collect();
        if w.plan.target_state.take().is_some() {
            held.extend(status_name);
        }
        for name in &held {
            let jira = w.remote.values.get(name).or_else(|| w.base.as_ref().and_then(|b| b.get(name)));
            match jira {
                Some(value) => w.plan.agreed.insert(name.clone(), value.clone()),
                None => w.plan.agreed.remove(name),
            };
        }
        // Nothing was overwritten in Jira: a one-way or policy override towards Jira did not happen.
        w.plan.overridden.retain(|name| !held.contains(name) || w.plan.note_fields.contains_key(name));
    }

    /// A pushed field Jira did not take keeps its old base (so the next sync pushes it again).
    pub(super) fn drop_push(&mut self, id: &str, name: &str) {
        let Some(w) = self.work.get_mut(id) else { return };
        w.plan.push.remove(name);
        match w.base.as_ref().and_then(|b| b.get(name)) {
            Some(old) => w.plan.agreed.insert(name.to_owned(), old.clone()),
            None => w.plan.agreed.remove(name),
        };
    }

    /// Handles the answer to one step.
    pub(super) fn on_work(&mut self, id: &str, step: Step, response: Response) {
        // Fields Jira refused on this issue's screen are dropped and the rest sent again (`field_gaps.rs`).
        if step == Step::Put && response.status == 400 && self.refuse_put_fields(id, &response.body) {
            return self.dispatch(id);
        }
        let Some(w) = self.work.get(id) else { return };
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        let why = || response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
        match step {
            Step::Put | Step::Refresh if !response.ok() => {
                let names: Vec<String> = w.plan.push.keys().cloned().collect();
                for name in &names {
                    self.drop_push(id, name);
                }
                self.rule_put_answered(id, step == Step::Put, false, &why());
                if !names.is_empty() {
                    self.log(Level::Error, Some(&path), Some(&key), format!("Jira refused the update: {}", why()));
                }
                self.after_put(id);
            }
            Step::Put if response.body.get("fields").is_none() => {
                self.rule_put_answered(id, true, true, "");
                let api = self.api();
                let query = [("fields", self.field_list())];
                self.send(
                    "GET",
                    format!("{api}/issue/{id}"),
                    &query,
                    None,
                    Purpose::Work(id.to_owned(), Step::Refresh),
                );
            }
            Step::Put | Step::Refresh => {
                self.counts.issues_updated += 1;
                let names: Vec<String> = w.plan.push.keys().cloned().collect();
                if !names.is_empty() {
                    self.log(Level::Info, Some(&path), Some(&key), format!("Jira updated: {}", names.join(", ")));
                }
                if step == Step::Put {
                    self.rule_put_answered(id, true, true, "");
                }
                self.take_echo(id, &response.body);
                self.adopt_rule_echo(id);
                self.after_put(id);
            }
            Step::Transitions if !response.ok() => {
                self.status_failed(id, format!("could not read the workflow transitions: {}", why()));
            }
            Step::Transitions => self.on_transitions(id, &response.body),
            Step::Transition(to) if !response.ok() => self.transition_refused(id, &to, &response),
            Step::LinkRead => self.on_link_read(id, &response),
            Step::LinkAdd(..) | Step::LinkDelete(..) => self.on_link_write(id, &step, &response),
            Step::Transition(to) => {
                self.counts.transitions += 1;
                if let Some(w) = self.work.get_mut(id) {
                    // The category of the new status is known when the transition said it is done; otherwise it
                    // is left unknown until Jira's next answer about the issue (never guessed).
                    let done = (self.state.transitions.offered_from(&w.remote.workflow(), &w.remote.status))
                        .and_then(|offered| crate::sync::transition_to(offered, &to))
                        .is_some_and(|t| t.done);
                    w.remote.status_category = if done { "done".to_owned() } else { String::new() };
                    w.remote.status = to;
                    w.hops += 1;
                }
                self.after_put(id);
            }
        }
    }

    /// The `fields` query of a single-issue `GET`: what a search asks for, so the echo of a `PUT` reads every
    /// mapped field as the pull does (on Data Center an epic's child's parent is in the Epic Link).
    fn field_list(&self) -> String {
        self.search_fields().join(",")
    }

    /// Takes Jira's echo of a `PUT`: it becomes the remote view; a pushed value Jira normalised is adopted.
    fn take_echo(&mut self, id: &str, issue: &Value) {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let Some(echo) = RemoteIssue::read(issue, &[], &self.input.config.fields, &ctx, &self.statuses) else { return };
        let Some(w) = self.work.get_mut(id) else { return };
        for (name, pushed) in w.plan.push.clone() {
            let Some(back) = echo.values.get(&name) else { continue };
            if !same_value(back, &pushed) {
                w.local_forms.insert(name.clone(), pushed);
                w.plan.agreed.insert(name, back.clone());
            }
        }
        let (status, status_category) = (w.remote.status.clone(), w.remote.status_category.clone());
        let links = echo.links.clone().or_else(|| w.remote.links.take());
        w.remote = RemoteIssue { status, status_category, links, ..echo };
    }
}
