//! The reading phases of a run: set-up (`/myself`, `/field`), recovery of creates in doubt, the pull search,
//! fetching linked notes that have no base yet, and confirming deletes.
//!
//! Decisions:
//! - `/myself` and `/field` are fetched only when not remembered (or when a mapped custom field is not
//!   resolved yet), so a sync with nothing to do sends exactly one request: the search.
//! - The search asks only for the mapped fields plus what the engine needs (status, project, issue type,
//!   labels, updated), 100 per page, ordered by `updated` ascending, and follows `nextPageToken` (Cloud) or
//!   `startAt`/`total` (Data Center) to the end.
//! - An issue whose `updated` equals its base's is skipped: it is an echo of the sync's own write.
//! - A full scan (first sync, `Full` mode, or none for 24 hours) searches the whole scope; base issues it does
//!   not return are checked one by one with a `GET`, and only a 404 marks the note `jira_deleted`.
//! - "24 hours" is read on Jira's clock, never the machine's: the full-scan time kept is the `Date` of the full
//!   scan's first answer, and a run learns whether the next one is due from the `Date` of its pull search's
//!   first answer; when it is, that incremental search is dropped and the whole scope searched instead (one
//!   extra request a day). A Jira that sends no `Date` leaves the full-scan time as it was.

use serde_json::{Value, json};

use super::io::Response;
use super::remote::RemoteIssue;
use super::report::Level;
use super::run::{Phase, Purpose, SyncRun};
use super::state::Myself;
use crate::sync::{
    Deployment, EPIC_LINK, FieldContext, FieldError, JiraField, epic_link_field, field_id, keys_in, labels_in,
    pull_jql, resolve_custom_fields, scope_clause,
};

/// Issues per search page.
pub(super) const PAGE: u32 = 100;
/// Minutes the pull reaches back before the watermark (clock granularity and Jira's indexing).
const OVERLAP_MINUTES: i64 = 1;
/// A full scan runs when the last one is older than this.
const FULL_SCAN_HOURS: i64 = 24;

impl SyncRun {
    pub(super) fn start_setup(&mut self) {
        self.phase = Phase::Setup;
        let api = self.api();
        if self.state.myself.is_none() {
            self.send("GET", format!("{api}/myself"), &[], None, Purpose::Myself);
        }
        // A name known to be missing is looked up again on a full scan or once a day (see `field_gaps.rs`).
        let recheck = self.field_recheck_due();
        let unresolved = self.input.config.fields.iter().any(|m| match &m.jira {
            JiraField::Custom(name) => {
                !self.state.custom_fields.contains_key(name)
                    && (recheck || !self.state.unusable_fields.contains_key(name))
            }
            _ => false,
        });
        // Data Center's Epic Link (see `EPIC_LINK`) is looked up like a mapped name when the parent is mapped.
        let epic_link = self.wants_epic_link()
            && !self.state.custom_fields.contains_key(EPIC_LINK)
            && (recheck || !self.state.unusable_fields.contains_key(EPIC_LINK));
        if unresolved || epic_link {
            self.send("GET", format!("{api}/field"), &[], None, Purpose::Fields);
        }
        self.request_link_types();
    }

    /// Whether this run reads Data Center's Epic Link: on Data Center with the parent mapped.
    fn wants_epic_link(&self) -> bool {
        self.input.deployment == Deployment::Datacenter
            && (self.input.config.child_issues
                || self.input.config.epic_folders
                || self.auto.needs.parent
                || self.input.config.fields.iter().any(|m| m.jira == JiraField::Parent))
    }

    pub(super) fn start_recover(&mut self) {
        self.phase = Phase::Recover;
        if self.journal.creates.is_empty() {
            return;
        }
        let tokens: Vec<&str> = self.journal.creates.iter().map(|c| c.token.as_str()).collect();
        let jql = labels_in(&tokens);
        self.search_request(jql, Purpose::Recover);
    }

    pub(super) fn start_zone(&mut self) {
        self.phase = Phase::Zone;
        self.full_scan = self.full_scan_planned();
        if self.full_scan || self.input.mode.only_paths().is_some() {
            return;
        }
        let (Some(mark), Some(me)) = (&self.state.watermark, &self.state.myself) else { return };
        if let Some(t) = crate::sync::parse_jira_time(mark) {
            // The offset in force where the JQL date falls, not at the watermark itself (they differ across DST).
            let at = t - chrono::Duration::minutes(OVERLAP_MINUTES);
            let at = at.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            self.zone_query = Some((me.time_zone.clone(), at));
        }
    }

    /// Whether this run scans the whole scope from its start: `Full` mode, arranging by epic, a first sync, or no
    /// full-scan time
    /// kept. Whether 24 hours passed since the last one is read on Jira's clock, from its answer (`on_search`).
    pub(super) fn full_scan_planned(&self) -> bool {
        let never = self.state.last_full_scan.as_deref().and_then(parse_time).is_none();
        matches!(self.input.mode, super::RunMode::Full | super::RunMode::Arrange)
            || (self.input.mode.only_paths().is_none() && (self.state.watermark.is_none() || never))
    }

    /// Whether custom field names known to be missing are looked up again: on a planned full scan, and on a
    /// whole-scope run once the last full scan is a day old by the machine's clock. That clock only decides
    /// whether one extra `GET /field` is sent; no position the sync keeps comes from it.
    fn field_recheck_due(&self) -> bool {
        let day_old = match (self.state.last_full_scan.as_deref().and_then(parse_time), parse_time(&self.input.now)) {
            (Some(last), Some(now)) => (now - last).num_hours() >= FULL_SCAN_HOURS,
            _ => true,
        };
        self.full_scan_planned() || (self.input.mode.only_paths().is_none() && day_old)
    }

    pub(super) fn start_search(&mut self) {
        self.phase = Phase::Search;
        if self.input.mode.only_paths().is_some() {
            return;
        }
        let Some(site) = self.site() else { return };
        let projects: Vec<&str> = site.projects.iter().map(|p| p.key.as_str()).collect();
        let scope = scope_clause(&projects, site.jql.as_deref());
        let mark = match (&self.state.watermark, self.zone_offset, self.full_scan) {
            (Some(mark), Some(offset), false) => crate::sync::parse_jira_time(mark)
                .map(|t| crate::sync::watermark_literal(t.with_timezone(&chrono::Utc), OVERLAP_MINUTES, offset)),
            _ => None,
        };
        let jql = pull_jql(scope.as_deref(), mark.as_deref());
        self.search_token = None;
        self.search_start = 0;
        self.search_request(jql, Purpose::Search);
    }

    /// Notes that carry a key the run has no fresh Jira data for: fetched by key, 100 per search.
    pub(super) fn start_fetch_keys(&mut self) {
        self.phase = Phase::FetchKeys;
        self.index_keys();
        let fetched: std::collections::BTreeSet<&str> =
            crate::sort::collect_set(self.remote.values().map(|r| r.key.as_str()));
        // With the key index just built, a key has a base exactly when the index holds it, and that base is the
        // one of the index's id (see `bases_by_key`): so each note asks the index, and only the bases lacking links
        // (link properties just turned on: fetched once to learn them) are collected, by a walk that reads no key.
        // At 50,000 notes a lookup map of every base built for this was a ninth of `poll`.
        debug_assert!(self.keys_fresh, "index_keys leaves the key index fresh");
        let bases = if self.link_props.is_empty() { None } else { Some(&self.state.issues) };
        let lacking: std::collections::BTreeSet<&str> = crate::sort::collect_set(
            bases
                .into_iter()
                .flatten()
                .filter(|(_, b)| self.base_lacks_links(b))
                .filter(|(id, b)| self.base_keys.get(&b.key) == Some(*id))
                .map(|(_, b)| b.key.as_str()),
        );
        let mut keys: Vec<String> = Vec::new();
        for note in self.notes.values() {
            let Some(key) = &note.key else { continue };
            if note.deleted || note.unreadable.is_some() {
                continue;
            }
            let based = self.base_keys.contains_key(key.as_str());
            let lacks_links = based && lacking.contains(key.as_str());
            // The fetched keys are searched only for the few notes that would be fetched: at 50,000 notes
            // searching them (500 changes) for every note was a twelfth of `poll`, and grew faster than the vault.
            if (!based || lacks_links || self.input.mode.only_paths().is_some())
                && self.in_run(&note.path)
                && !fetched.contains(key.as_str())
            {
                keys.push(key.clone());
            }
        }
        crate::sort::sort(&mut keys);
        keys.dedup();
        for chunk in keys.chunks(PAGE as usize) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            self.search_request(keys_in(&refs), Purpose::FetchKeys);
        }
    }

    pub(super) fn start_deletes(&mut self) {
        self.phase = Phase::Deletes;
        if !self.full_scan || self.had_errors {
            return;
        }
        // For `mark_deleted`'s `note_of` (the plan that follows indexes again itself).
        self.index_keys();
        let missing: Vec<String> = self
            .state
            .issues
            .iter()
            .filter(|(id, b)| !b.detached && !self.remote.contains_key(*id))
            .map(|(id, _)| id.clone())
            .collect();
        let api = self.api();
        for id in missing {
            let query = [("fields", "summary,status,issuetype,project,labels,updated".to_owned())];
            self.send("GET", format!("{api}/issue/{id}"), &query, None, Purpose::ConfirmDelete(id));
        }
    }

    /// The `fields` a search (and a single-issue `GET`) asks for: the mapped fields' ids, and on Data Center the
    /// Epic Link with a mapped parent.
    pub(super) fn search_fields(&self) -> Vec<String> {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let mut fields: Vec<String> =
            ["summary", "status", "issuetype", "project", "labels", "updated"].map(str::to_owned).to_vec();
        for m in &self.input.config.fields {
            let epic_link = || (m.jira == JiraField::Parent).then(|| customs.get(EPIC_LINK).map(|f| f.id.clone()))?;
            for id in field_id(&m.jira, &ctx).into_iter().chain(epic_link()) {
                if !fields.contains(&id) {
                    fields.push(id);
                }
            }
        }
        let needs = self.auto.needs;
        if self.links_on() || needs.links {
            fields.push("issuelinks".to_owned());
        }
        if needs.comments {
            fields.push("comment".to_owned());
        }
        // The *Child issues* section, the epic folders and the rules on sub-tasks and parents read every issue's
        // parent (on Data Center also the Epic Link).
        if self.input.config.child_issues || self.input.config.epic_folders || needs.parent {
            let epic_link = customs.get(EPIC_LINK).map(|f| f.id.clone());
            for id in std::iter::once("parent".to_owned()).chain(epic_link) {
                if !fields.contains(&id) {
                    fields.push(id);
                }
            }
        }
        fields
    }

    /// Queues one search page.
    pub(super) fn search_request(&mut self, jql: String, why: Purpose) {
        let fields = self.search_fields();
        let api = self.api();
        let (path, body) = match self.input.deployment {
            crate::sync::Deployment::Cloud => {
                let mut body = json!({"jql": jql, "fields": fields, "maxResults": PAGE});
                if let (Purpose::Search, Some(token)) = (&why, &self.search_token) {
                    body["nextPageToken"] = Value::String(token.clone());
                }
                (format!("{api}/search/jql"), body)
            }
            crate::sync::Deployment::Datacenter => {
                let start = if matches!(why, Purpose::Search) { self.search_start } else { 0 };
                (format!("{api}/search"), json!({"jql": jql, "fields": fields, "maxResults": PAGE, "startAt": start}))
            }
        };
        self.send("POST", path, &[], Some(body), why);
    }

    /// Dispatches a response to its handler.
    pub(super) fn on_response(&mut self, why: Purpose, response: Response) {
        match why {
            Purpose::Myself => self.on_myself(response),
            Purpose::Fields => self.on_fields(response),
            Purpose::Recover => self.on_recover(response),
            Purpose::Search => self.on_search(response),
            Purpose::FetchKeys | Purpose::CreatedFetch => {
                if self.fail_fatal(&response, "Fetching linked issues failed") {
                    return;
                }
                self.take_issues(&response.body);
            }
            Purpose::ConfirmDelete(id) => self.on_confirm_delete(&id, response),
            Purpose::Work(id, step) => self.on_work(&id, step, response),
            Purpose::Create(indexes) => self.on_create(&indexes, response),
            Purpose::Worklog(why) => self.on_worklog_response(why, response),
            Purpose::Users(lookup) => self.on_user_search(lookup, &response),
            Purpose::Auto(id, step) => self.on_auto(&id, step, response),
            Purpose::LinkTypes => self.on_link_types(&response),
        }
    }

    /// A failed set-up or search request stops the run (nothing can be planned without it).
    fn fail_fatal(&mut self, response: &Response, what: &str) -> bool {
        if response.ok() {
            return false;
        }
        let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
        self.stop(format!("{what}: {why}"));
        true
    }

    fn on_myself(&mut self, response: Response) {
        if self.fail_fatal(&response, "Reading the Jira user (/myself) failed") {
            return;
        }
        let b = &response.body;
        let text = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        let account_id = match text("accountId") {
            id if id.is_empty() => text("name"),
            id => id,
        };
        let time_zone = match text("timeZone") {
            tz if tz.is_empty() => "UTC".to_owned(),
            tz => tz,
        };
        let display_name = text("displayName");
        // Informational only; Jira's time when it answered, else the machine's.
        let fetched_at = response.server_time().map_or_else(|| self.input.now.clone(), rfc3339);
        self.state.myself = Some(Myself { account_id, display_name, time_zone, fetched_at });
    }

    fn on_fields(&mut self, response: Response) {
        if self.fail_fatal(&response, "Reading Jira's fields (/field) failed") {
            return;
        }
        let wanted: Vec<String> = self
            .input
            .config
            .fields
            .iter()
            .filter_map(|m| match &m.jira {
                JiraField::Custom(name) => Some(name.clone()),
                _ => None,
            })
            .collect();
        let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let (mut found, problems) = resolve_custom_fields(&response.body, &refs);
        let mut unusable = std::collections::BTreeMap::new();
        for p in problems {
            match p {
                // Skipped with a warning (see `field_gaps.rs`), not an error on every issue.
                FieldError::UnknownCustomField { name } => {
                    unusable.insert(name, Vec::new());
                }
                FieldError::AmbiguousCustomField { name, ids } => {
                    unusable.insert(name, ids);
                }
                other => self.log(Level::Error, None, None, other.to_string()),
            }
        }
        if self.wants_epic_link() {
            // Remembered as missing like a mapped name (looked up again daily), but never warned about.
            match epic_link_field(&response.body) {
                Some(field) => {
                    found.entry(EPIC_LINK.to_owned()).or_insert(field);
                }
                None => {
                    unusable.entry(EPIC_LINK.to_owned()).or_default();
                }
            }
        }
        self.state.custom_fields = found;
        self.state.unusable_fields = unusable;
        self.reread_notes();
    }

    fn on_search(&mut self, response: Response) {
        if self.fail_fatal(&response, "Searching Jira failed") {
            return;
        }
        if !self.full_scan && !std::mem::replace(&mut self.scan_checked, true) && self.full_scan_due(&response) {
            // The last full scan is 24 hours old on Jira's clock: search the whole scope instead (it returns
            // everything this page held).
            self.full_scan = true;
            self.search_token = None;
            self.search_start = 0;
            self.start_search();
            return;
        }
        if self.full_scan && self.scan_started.is_none() {
            self.scan_started = response.server_time().map(rfc3339);
        }
        let count = self.take_issues(&response.body);
        // Only the pull search moves the watermark: issues fetched by key or id later in the run may be newer
        // than issues the search has not seen yet.
        let updated: Vec<String> = response
            .body
            .get("issues")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|i| i.pointer("/fields/updated")?.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        for u in &updated {
            self.saw_updated(u);
        }
        let b = &response.body;
        let more = match self.input.deployment {
            crate::sync::Deployment::Cloud => {
                let token = b.get("nextPageToken").and_then(Value::as_str).map(str::to_owned);
                let last = b.get("isLast").and_then(Value::as_bool).unwrap_or(token.is_none());
                self.search_token = token;
                !last && self.search_token.is_some()
            }
            crate::sync::Deployment::Datacenter => {
                let total = b.get("total").and_then(Value::as_u64).unwrap_or(0);
                self.search_start += count;
                count > 0 && u64::from(self.search_start) < total
            }
        };
        if more {
            // The same JQL: it is rebuilt from the same state, so rebuilding it here is exact.
            self.phase = Phase::Zone;
            self.start_search_page();
        }
    }

    /// Remembers the largest `updated` seen.
    pub(super) fn saw_updated(&mut self, updated: &str) {
        if let Some(t) = crate::sync::parse_jira_time(updated) {
            let t = t.with_timezone(&chrono::Utc);
            if self.max_updated.as_ref().is_none_or(|(m, _)| t > *m) {
                self.max_updated = Some((t, updated.to_owned()));
            }
        }
    }

    /// Whether the last full scan is at least [`FULL_SCAN_HOURS`] old at the time Jira answered `response`.
    fn full_scan_due(&self, response: &Response) -> bool {
        let last = self.state.last_full_scan.as_deref().and_then(parse_time);
        match (last, response.server_time()) {
            (Some(last), Some(now)) => (now - last).num_hours() >= FULL_SCAN_HOURS,
            _ => false,
        }
    }

    /// The next page of the current search.
    fn start_search_page(&mut self) {
        let (token, start) = (self.search_token.clone(), self.search_start);
        self.start_search();
        self.search_token = token;
        self.search_start = start;
        // `start_search` queued page one; replace its body with the continuation.
        if let Some(req) = self.requests.last_mut() {
            if let Some(body) = req.body.as_mut() {
                match (&self.search_token, self.input.deployment) {
                    (Some(t), crate::sync::Deployment::Cloud) => body["nextPageToken"] = Value::String(t.clone()),
                    (_, crate::sync::Deployment::Datacenter) => body["startAt"] = json!(start),
                    _ => {}
                }
            }
        }
    }

    /// The configured scope of this run's site.
    pub(super) fn site(&self) -> Option<&crate::sync::SiteScope> {
        let want = self.input.site_url.trim_end_matches('/');
        self.input.config.sites.iter().find(|s| s.base_url.trim_end_matches('/') == want)
    }

    /// Reads the issues of a search answer into `remote`; returns how many the page held.
    /// Rich-text fields held as text (`page_text.rs`) are read from there, by the issue's position.
    fn take_issues(&mut self, body: &Value) -> u32 {
        let issues = body.get("issues").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let held = std::mem::take(&mut self.held_rich);
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        for (i, issue) in issues.iter().enumerate() {
            let texts = held.get(i).map_or(&[][..], Vec::as_slice);
            let Some(remote) = RemoteIssue::read(issue, texts, &self.input.config.fields, &ctx, &self.statuses) else {
                continue;
            };
            self.counts.fetched += 1;
            self.remote.insert(remote.id.clone(), remote);
        }
        u32::try_from(issues.len()).unwrap_or(u32::MAX)
    }

    fn on_recover(&mut self, response: Response) {
        if self.fail_fatal(&response, "Looking for issues created by an interrupted sync failed") {
            return;
        }
        let before: std::collections::BTreeSet<String> = crate::sort::collect_set(self.remote.keys().cloned());
        self.take_issues(&response.body);
        let found: Vec<(String, Vec<String>)> = self
            .remote
            .iter()
            .filter(|(id, _)| !before.contains(*id))
            .map(|(id, r)| (id.clone(), r.labels.clone()))
            .collect();
        for intent in std::mem::take(&mut self.journal.creates) {
            let Some((id, _)) = found.iter().find(|(_, labels)| labels.contains(&intent.token)) else { continue };
            if self.state.issues.contains_key(id) {
                continue;
            }
            if self.notes.get(&intent.path).is_some_and(|n| n.key.is_none()) {
                self.created.insert(id.clone(), intent.path.clone());
                self.log(Level::Info, Some(&intent.path), None, "linked the issue an interrupted sync had created");
            }
        }
    }

    fn on_confirm_delete(&mut self, id: &str, response: Response) {
        if response.status == 404 {
            self.mark_deleted(id);
            return;
        }
        if !response.ok() {
            let why = response.error.unwrap_or_else(|| format!("HTTP {}", response.status));
            let key = self.state.issues.get(id).map(|b| b.key.clone());
            self.log(
                Level::Error,
                None,
                key.as_deref(),
                format!("could not check whether the issue still exists: {why}"),
            );
            return;
        }
        // Still there, only out of the search's reach (moved, or out of scope): keep syncing it by id.
        self.take_issues(&json!({ "issues": [response.body] }));
    }

    fn mark_deleted(&mut self, id: &str) {
        let Some(base) = self.drop_base(id) else { return };
        self.counts.deleted += 1;
        let Some(path) = self.note_of(&base.key, Some(&base)) else { return };
        self.mark_note_deleted(&path, &base.key);
        self.log(
            Level::Warning,
            Some(&path),
            Some(&base.key),
            "deleted in Jira: the note is kept and marked jira_deleted",
        );
    }

    /// Sets `jira_deleted: true` in the note as the engine last read it. A note the user changed meanwhile is
    /// marked again as it is now (see `on_edit`), at most [`super::work::MAX_REPLANS`] times.
    pub(super) fn mark_note_deleted(&mut self, path: &str, key: &str) {
        let Some(note) = self.notes.get(path) else { return };
        let change = super::render::NoteChange {
            fields: [(super::local::DELETED_KEY.to_owned(), Value::Bool(true))].into(),
            ..Default::default()
        };
        match super::render::apply_change(&note.content, &change) {
            Ok(text) if !self.input.dry_run => {
                let old = note.content.clone();
                *self.delete_marks.entry(path.to_owned()).or_default() += 1;
                self.edit(path, Some(old), text, "");
            }
            Ok(_) => {}
            Err(e) => self.log(Level::Error, Some(path), Some(key), format!("could not mark the note: {e}")),
        }
    }
}

/// Parses a kept RFC 3339 time.
fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    crate::date_text::parse_rfc3339(text).map(|t| t.with_timezone(&chrono::Utc))
}

/// A time as kept in the state (`2025-06-10T08:30:00Z`).
fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Why a run without a scope refuses to start: which setting to fill in, in the app and on the command line.
/// One line (the command line prints the first line only).
pub(super) fn no_scope_message(site: &str) -> String {
    format!(
        "Nothing to sync on {site}: no project keys and no JQL filter are set, and syncing without a scope would pull \
         every issue of every project. Set Project keys (or a JQL filter under Sync scope) in Settings → Jira Vault \
         Sync (Site projects for another site), or pass --project KEY on the command line."
    )
}
