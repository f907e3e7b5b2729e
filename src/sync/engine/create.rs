//! Creating: new notes for new Jira issues, and new Jira issues for new notes (crash-safe).
//!
//! A note becomes an issue when it has no key and either names a project (`jira_project`) or lives in a synced
//! project's folder (in `Notes` mode, only the listed notes). Before the first create request the engine asks
//! the driver to save the journal of intents, each with a creation token that is also sent as a label; a run
//! that died after Jira created an issue is recovered by the next run finding the issue by that label (see
//! `fetch.rs`), so an issue is never created twice. After the creates, the new issues are fetched in one
//! search (100 per request) and planned like any linked issue, so a state that needs transitions is pushed
//! and Jira's defaults come into the note together with the key.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::io::Response;
use super::local::{ISSUE_TYPE_KEY, PROJECT_KEY, note_name};
use super::remote::RemoteIssue;
use super::render::new_note;
use super::report::Level;
use super::run::{Phase, Purpose, SyncRun};
use super::state::{CreateIntent, IssueBase};
use crate::alignment::project_note::PROJECT_NOTE_KEY;
use crate::sync::{FieldContext, JiraField, NoteTarget, keys_in, render_folder, write_field};

/// Issues per bulk create request (Jira's limit).
const BULK: usize = 50;

impl SyncRun {
    /// The folder of a project's notes.
    pub(super) fn project_folder(&self, project: &str) -> Option<String> {
        let site = self.site()?;
        let scope = site.projects.iter().find(|p| p.key.eq_ignore_ascii_case(project));
        let template =
            scope.and_then(|p| p.folder.clone()).unwrap_or_else(|| self.input.config.folder_template.clone());
        render_folder(&template, project).ok()
    }

    /// The project a key-less note is created in, if it is to be created. A project note (front matter
    /// `jira_project_note`, see [`project_note`](crate::alignment::project_note)) never is.
    fn create_project(&self, path: &str) -> Option<String> {
        let note = self.notes.get(path)?;
        if note.frontmatter.as_ref().is_some_and(|fm| fm.contains_key(PROJECT_NOTE_KEY)) {
            return None;
        }
        if let Some(p) = note.text(PROJECT_KEY) {
            return Some(p.to_uppercase());
        }
        let site = self.site()?;
        site.projects.iter().find_map(|p| {
            let folder = self.project_folder(&p.key)?;
            (!folder.is_empty() && path.starts_with(&format!("{folder}/"))).then(|| p.key.clone())
        })
    }

    /// Writes a note for an issue new to the vault.
    pub(super) fn new_note(&mut self, remote: RemoteIssue) {
        let Some(folder) = self.project_folder(&remote.project) else { return };
        let folder = crate::alignment::epic_folder::note_folder(&folder, self.epic_stem(&remote).as_deref());
        let stem = self.would_be_stem(&remote);
        let path = self.free_note_path(&folder, &stem);
        let mut fields = Vec::new();
        let mut body = String::new();
        for m in &self.input.config.fields {
            let Some(v) = remote.values.get(note_name(m)) else { continue };
            match &m.note {
                NoteTarget::Body => body = v.as_str().unwrap_or_default().to_owned(),
                NoteTarget::Frontmatter(k) if !crate::sync::is_empty(v) || m.jira == JiraField::Status => {
                    fields.push((k.clone(), v.clone()));
                }
                NoteTarget::Frontmatter(_) => {}
            }
        }
        if self.input.dry_run {
            return self.log(Level::Info, Some(&path), Some(&remote.key), "would create the note");
        }
        self.dress_new_fields(&mut fields);
        let (link_fields, links) = self.new_note_links(remote.links.as_deref());
        fields.extend(link_fields);
        let text = match new_note(&fields, &body) {
            Ok(t) => t,
            Err(e) => return self.log(Level::Error, Some(&path), Some(&remote.key), format!("note not created: {e}")),
        };
        let base = IssueBase {
            key: remote.key.clone(),
            path: path.clone(),
            updated: remote.updated.clone(),
            workflow: remote.workflow(),
            status: remote.status.clone(),
            status_category: remote.status_category.clone(),
            values: remote.values.clone().into(),
            links,
            parent: remote.parent.clone().unwrap_or_default(),
            epic: remote.epic,
            ..IssueBase::default()
        };
        // A field Jira's value could not be read for (an unmapped status) is left out of the note, and said.
        for problem in &remote.problems {
            self.log(Level::Error, Some(&path), Some(&remote.key), problem.clone());
        }
        if self.new_notes.insert(path.clone(), (remote.id.clone(), base)).is_none() {
            self.paths_taken.added(&path);
        }
        self.edit(&path, None, text, "");
    }

    /// Chooses the notes to create issues from and asks for the journal to be saved first.
    pub(super) fn start_create(&mut self) {
        self.phase = Phase::Create;
        if !self.input.mode.pushes() || self.had_fatal() {
            return;
        }
        let recovered: BTreeSet<&str> = crate::sort::collect_set(self.created.values().map(String::as_str));
        let mut intents = Vec::new();
        for note in self.notes.values() {
            if note.key.is_some() || note.deleted || note.unreadable.is_some() || !self.in_run(&note.path) {
                continue;
            }
            if recovered.contains(note.path.as_str()) {
                continue;
            }
            let Some(project) = self.create_project(&note.path) else { continue };
            let token = format!("jvs-{}-{}", self.input.run_id.to_lowercase(), intents.len() + 1);
            intents.push(CreateIntent { path: note.path.clone(), project, token });
        }
        if intents.is_empty() {
            return;
        }
        if self.input.dry_run {
            for i in &intents {
                self.log(Level::Info, Some(&i.path), None, format!("would create an issue in {}", i.project));
            }
            return;
        }
        self.journal.creates = intents;
        self.journal_out = Some(self.journal.clone());
        self.creates_await_journal = true;
    }

    fn had_fatal(&self) -> bool {
        self.fatal.is_some()
    }

    /// The `fields` of the issue created from one note.
    fn create_fields(&mut self, intent: &CreateIntent) -> Map<String, Value> {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let mut fields = Map::new();
        let mut problems = Vec::new();
        let Some(note) = self.notes.get(&intent.path) else { return fields };
        let issue_type = note.text(ISSUE_TYPE_KEY).unwrap_or_else(|| self.input.default_issue_type.clone());
        fields.insert("project".into(), json!({ "key": intent.project }));
        fields.insert("issuetype".into(), json!({ "name": issue_type }));
        fields.insert("summary".into(), Value::String(note.title.clone()));
        let workflow = self.intent_workflow(intent);
        let mut labels = vec![Value::String(intent.token.clone())];
        for m in &self.input.config.fields {
            let value = note.values.get(note_name(m)).cloned().unwrap_or(Value::Null);
            if m.jira.is_read_only() || m.jira == JiraField::Status || m.jira == JiraField::IssueType {
                continue;
            }
            if crate::sync::is_empty(&value) || m.direction == crate::sync::Direction::Pull {
                continue;
            }
            if self.is_user_field(&m.jira) {
                // A user needing a search is left out: the merge after the create pushes it (`users.rs`).
                if let super::users::UserWrite::Ready(v) = self.user_write(&m.jira, &value, &intent.project) {
                    if let Some(id) = crate::sync::field_id(&m.jira, &ctx).filter(|id| !self.is_refused(&workflow, id))
                    {
                        fields.insert(id, v);
                    }
                }
                continue;
            }
            match write_field(&m.jira, &value, &ctx) {
                // Refused on this create screen earlier in the run (warned then): left out, the note keeps it. A
                // parent on Data Center is refused on an epic's child: its epic goes in the Epic Link instead.
                Ok((id, v)) if self.is_refused(&workflow, &id) => {
                    let (link, key) = self.as_epic_link((id.clone(), v), &customs);
                    if link != id && !self.is_refused(&workflow, &link) {
                        fields.insert(link, key);
                    }
                }
                Ok((id, v)) if id == "labels" => labels.extend(v.as_array().cloned().unwrap_or_default()),
                Ok((id, v)) => {
                    fields.insert(id, v);
                }
                Err(e) => problems.push(format!("{} not sent: {e}", note_name(m))),
            }
        }
        fields.insert("labels".into(), Value::Array(labels));
        for p in problems {
            self.log(Level::Warning, Some(&intent.path), None, p);
        }
        fields
    }

    /// Sends the create requests (after the journal is saved).
    pub(super) fn send_creates(&mut self) {
        let all: Vec<usize> = (0..self.journal.creates.len()).collect();
        for chunk in all.chunks(BULK) {
            self.send_create_batch(chunk.to_vec());
        }
    }

    /// Sends the creates of these journal intents: one `POST /issue`, or one `POST /issue/bulk` for several.
    fn send_create_batch(&mut self, indexes: Vec<usize>) {
        let api = self.api();
        let chunk: Vec<CreateIntent> = indexes.iter().filter_map(|i| self.journal.creates.get(*i).cloned()).collect();
        let mut fields: Vec<Map<String, Value>> = chunk.iter().map(|i| self.create_fields(i)).collect();
        match fields.len() {
            0 => {}
            1 => {
                let body = json!({ "fields": fields.pop() });
                self.send("POST", format!("{api}/issue"), &[], Some(body), Purpose::Create(indexes));
            }
            _ => {
                let updates: Vec<Value> = fields.into_iter().map(|f| json!({ "fields": f })).collect();
                let body = json!({ "issueUpdates": updates });
                self.send("POST", format!("{api}/issue/bulk"), &[], Some(body), Purpose::Create(indexes));
            }
        }
    }

    /// Records the answer to a create request. An intent leaves the journal only when the answer settles it:
    /// the issue is in the answer, or the answer proves Jira created nothing (see [`proves_nothing_created`];
    /// for a bulk create, an element's own errors prove it for that element). Every other outcome (5xx, 408,
    /// 409, 429 after the retries, a timeout, a cut or unreadable body, a lost connection) may hide an issue
    /// Jira did create: the intent stays, and the next run looks for the issue by its creation token before
    /// creating anything (see `fetch.rs`).
    pub(super) fn on_create(&mut self, indexes: &[usize], response: Response) {
        let intents: Vec<CreateIntent> = indexes.iter().filter_map(|i| self.journal.creates.get(*i).cloned()).collect();
        let body = &response.body;
        if !response.ok() && !proves_nothing_created(response.status, body) {
            let what = match response.status {
                0 => "no answer from Jira".to_owned(),
                status => format!("Jira answered HTTP {status}"),
            };
            for i in &intents {
                let msg = format!(
                    "{what}, which does not tell whether the issue was created: the next sync looks for it by its \
                     creation token ({}) and creates it only if it is not there",
                    i.token
                );
                self.log(Level::Error, Some(&i.path), None, msg);
            }
            return;
        }
        let created: Vec<Value> = if indexes.len() == 1 && body.get("key").is_some() {
            vec![body.clone()]
        } else {
            body.get("issues").and_then(Value::as_array).cloned().unwrap_or_default()
        };
        if response.status == 400 && created.is_empty() && indexes.len() == 1 {
            // Mapped fields Jira cannot set on the create screen: the same intent (and token), without them.
            if let Some(intent) = intents.first() {
                if self.refuse_create_fields(intent, body.get("errors")) {
                    return self.send_create_batch(indexes.to_vec());
                }
            }
        }
        if !response.ok() && created.is_empty() && indexes.len() == 1 {
            let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
            for i in &intents {
                self.unresolved_done.insert(i.token.clone());
                self.log(Level::Error, Some(&i.path), None, format!("Jira did not create the issue: {why}"));
            }
            return;
        }
        // Bulk answers list the created issues in request order, skipping the failed elements.
        let failed: BTreeSet<usize> = body
            .get("errors")
            .and_then(Value::as_array)
            .map(|a| {
                crate::sort::collect_set(
                    a.iter().filter_map(|e| e.get("failedElementNumber")?.as_u64()).map(|n| n as usize),
                )
            })
            .unwrap_or_default();
        let mut made = created.iter();
        let mut again = Vec::new();
        for (n, intent) in intents.iter().enumerate() {
            let element = body.get("errors").and_then(Value::as_array).and_then(|a| {
                a.iter().find(|e| e.get("failedElementNumber").and_then(Value::as_u64) == Some(n as u64))
            });
            let element_fields = element.and_then(|e| e.pointer("/elementErrors/errors")).cloned();
            if failed.contains(&n) && self.refuse_create_fields(intent, element_fields.as_ref()) {
                again.extend(indexes.get(n).copied());
                continue;
            }
            if failed.contains(&n) || !response.ok() {
                let why = if failed.contains(&n) {
                    element_error(body, n)
                } else {
                    response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status))
                };
                self.unresolved_done.insert(intent.token.clone());
                self.log(Level::Error, Some(&intent.path), None, format!("Jira did not create the issue: {why}"));
                continue;
            }
            let issue = made.next();
            let id = match issue.and_then(|i| i.get("id")) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => {
                    let msg = format!(
                        "Jira's answer did not show the created issue: the next sync looks for it by its creation \
                         token ({}) and creates it only if it is not there",
                        intent.token
                    );
                    self.log(Level::Error, Some(&intent.path), None, msg);
                    continue;
                }
            };
            let key = issue.and_then(|i| i.get("key")).and_then(Value::as_str).unwrap_or_default().to_owned();
            self.unresolved_done.insert(intent.token.clone());
            self.counts.issues_created += 1;
            self.log(Level::Info, Some(&intent.path), Some(&key), "created in Jira");
            self.created.insert(id, intent.path.clone());
            self.created_keys.push(key);
        }
        if !again.is_empty() {
            self.send_create_batch(again);
        }
    }

    /// Fetches the issues created this run, to plan them like linked issues.
    pub(super) fn start_created_fetch(&mut self) {
        self.phase = Phase::CreatedFetch;
        let keys = std::mem::take(&mut self.created_keys);
        for chunk in keys.chunks(super::fetch::PAGE as usize) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            let jql = keys_in(&refs);
            if !jql.is_empty() {
                self.search_request(jql, Purpose::CreatedFetch);
            }
        }
    }

    /// Plans the issues fetched after creating them.
    pub(super) fn plan_created(&mut self) {
        let ids: Vec<String> = self.created.keys().filter(|id| !self.work.contains_key(*id)).cloned().collect();
        for id in ids {
            let (Some(remote), Some(path)) = (self.remote.get(&id).cloned(), self.created.get(&id).cloned()) else {
                continue;
            };
            self.queue_plan(&id, &path, remote, None, true);
        }
    }
}

/// The message of a failed bulk create element.
fn element_error(body: &Value, n: usize) -> String {
    let Some(errors) = body.get("errors").and_then(Value::as_array) else { return "unknown error".into() };
    let Some(e) = errors.iter().find(|e| e.get("failedElementNumber").and_then(Value::as_u64) == Some(n as u64)) else {
        return "unknown error".into();
    };
    let ee = e.get("elementErrors").unwrap_or(&Value::Null);
    let mut parts: Vec<String> = ee
        .get("errorMessages")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    if let Some(map) = ee.get("errors").and_then(Value::as_object) {
        parts.extend(map.iter().map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or_default())));
    }
    if parts.is_empty() { "unknown error".into() } else { parts.join("; ") }
}

/// Whether a failed create's answer proves that Jira created nothing: a 400 carrying Jira's validation errors
/// (the request was refused as a whole), 401, 403 or 404 (refused before anything was done).
fn proves_nothing_created(status: u16, body: &Value) -> bool {
    let jira_errors = body.get("errorMessages").is_some() || body.get("errors").is_some();
    match status {
        400 => jira_errors,
        401 | 403 | 404 => true,
        _ => false,
    }
}
