//! [`HistoryRun`], the sans-IO state machine that reads a site's history, in the sync's action protocol.
//!
//! ```text
//! let mut run = HistoryRun::new(input);
//! loop {
//!     match run.poll() {
//!         HistoryAction::Requests { requests } => for r in requests { run.handle_response(send(r)) },
//!         HistoryAction::ZoneOffsets { time_zone, instants } => run.handle_zone_offsets(&offsets(time_zone, instants)),
//!         HistoryAction::Done => break,
//!     }
//! }
//! let report = run.finish();   // save report.history when report.fatal is None
//! ```
//!
//! Phases:
//! 1. A *full* read (no watermark yet, a rebuild, a history of another version or site) starts with `GET
//!    /field` (story points and sprint fields, resolved by name) and `GET /status` (every status's category);
//!    an incremental read reuses what the history keeps and asks the driver one zone question instead.
//! 2. The search: the sync's scope (`src/sync/jql.rs`), `updated >=` the history's watermark reached back a
//!    minute (in the user's zone, like the pull; with no zone known, a day back in UTC, which covers every
//!    offset), ordered by `updated`. Cloud: `POST /search/jql`, 100 per page (the most Jira gives with fields),
//!    following `nextPageToken`. Data Center: `POST /search` with `expand=changelog`, 1000 per page.
//! 3. Changelogs. Cloud: `POST /changelog/bulkfetch` for up to 1000 issues per request, filtered with
//!    `fieldIds` to the tracked fields (at most 10 ids per request, so two field groups), 10,000 histories a
//!    page, following `nextPageToken`; all first pages go out in one batch. Data Center: the changelog came
//!    with the search; an issue whose embedded changelog is truncated (`total` beyond the histories given) is
//!    read again with `GET /issue/{id}?expand=changelog`.
//!
//! Invariants: the run never reads a clock; every request of a batch is answered before `poll` is called
//! again; on an incremental read, an issue whose `updated` (and key) equals the kept one's is not read again
//! (the minute reached back returns a few of those), so a read with nothing new is one search; any answer that is not 2xx (or no answer) ends the run with `fatal` set and the input history handed
//! back unchanged (nothing half-read is kept). Issues re-read replace their stored entry whole. An incremental
//! read cannot see issues that left the scope or were deleted (a search returns only what is in scope): they
//! stay until the next full read (the command *Rebuild issue history*), which keeps exactly the issues in scope.

use crate::sort::CollectOrdered as _;
use crate::text::count;
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::model::{HISTORY_VERSION, HistoryFields, IssueHistory, SiteHistory, StatusInfo};
use super::parse::{self, Ordered, Seen};
use crate::sync::{Deployment, Request, Response, SyncConfig};

/// Issues per Cloud search page (Jira's cap when fields are asked for).
pub const CLOUD_PAGE: u32 = 100;
/// Issues per Data Center search page (Jira's default `jira.search.views.default.max`).
pub const DC_PAGE: u32 = 1000;
/// Issues per `changelog/bulkfetch` request (Jira's cap).
pub const BULK_ISSUES: usize = 1000;
/// Histories per `changelog/bulkfetch` page (Jira's cap).
pub const BULK_PAGE: u32 = 10_000;
/// Minutes the search reaches back before the watermark (as the sync's pull does).
pub const OVERLAP_MINUTES: i64 = 1;
/// Minutes reached back when the user's zone is unknown: a day covers every UTC offset.
const UNKNOWN_ZONE_OVERLAP_MINUTES: i64 = 24 * 60 + OVERLAP_MINUTES;

/// What a history run needs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryInput {
    /// The sync configuration (the site's scope is read from it).
    pub config: SyncConfig,
    /// The site's base URL.
    pub site_url: String,
    /// Cloud or Data Center.
    pub deployment: Deployment,
    /// The Jira user's IANA zone (the sync state's `myself.timeZone`): JQL dates are read in it.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The history kept so far (empty: none).
    #[serde(default)]
    pub history: SiteHistory,
    /// Read everything again, dropping what is kept.
    #[serde(default)]
    pub rebuild: bool,
}

crate::json_objects::json_object!(HistoryInput {
    config: "config",
    site_url: "siteUrl",
    deployment: "deployment",
    time_zone: "timeZone" = default,
    history: "history" = default,
    rebuild: "rebuild" = default,
});

/// The next thing the driver must do (same JSON shapes as the sync's `Action`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum HistoryAction {
    /// Send these requests (concurrently if you like) and feed every response back.
    Requests {
        /// The requests.
        requests: Vec<Request>,
    },
    /// Tell the run the UTC offset (minutes east) of `time_zone` at each instant, in order.
    ZoneOffsets {
        /// IANA zone name.
        time_zone: String,
        /// RFC 3339 instants.
        instants: Vec<String>,
    },
    /// Over: call [`HistoryRun::finish`].
    Done,
}

/// How a run went, and the history to keep.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryReport {
    /// The history after the run; the input's, unchanged, when `fatal` is set.
    pub history: SiteHistory,
    /// Why the run stopped early; the history was not changed then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fatal: Option<String>,
    /// Whether this was a full read.
    pub full: bool,
    /// Issues read (new or updated).
    pub issues: usize,
    /// Changelog items of tracked fields read.
    pub changes: usize,
    /// Requests sent.
    pub requests: u32,
    /// Items that could not be read (skipped), one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<String>,
}

impl HistoryReport {
    /// One line for the sync log: `History: 12 issues read (incremental, 3 requests), 48 changes; 5,000 kept.`
    pub fn summary(&self) -> String {
        match &self.fatal {
            Some(why) => format!("History not updated: {why}"),
            None => format!(
                "History: {} read ({}, {}), {}; {} kept.",
                count(self.issues as u64, "issue", "issues"),
                if self.full { "full" } else { "incremental" },
                count(u64::from(self.requests), "request", "requests"),
                count(self.changes as u64, "change", "changes"),
                count(self.history.issues.len() as u64, "issue", "issues"),
            ),
        }
    }
}

/// Why a request was sent.
#[derive(Debug, Clone)]
enum Purpose {
    Fields,
    Statuses,
    Search,
    /// A bulk changelog page: chunk index and field group.
    Bulk(usize, usize),
    /// A Data Center issue whose embedded changelog was truncated.
    IssueLog(String),
}

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Start,
    Meta,
    Zone,
    Search,
    Changelogs,
    Done,
}

/// One history read. See the module documentation for the call order.
pub struct HistoryRun {
    input: HistoryInput,
    full: bool,
    fields: HistoryFields,
    statuses: BTreeMap<String, StatusInfo>,
    phase: Phase,
    next_id: u32,
    pending: BTreeMap<u32, Purpose>,
    requests: Vec<Request>,
    zone_query: Option<(String, String)>,
    zone_offset: Option<i32>,
    jql: String,
    search_start: u32,
    issues: BTreeMap<String, IssueHistory>,
    changes: BTreeMap<String, Vec<Ordered>>,
    /// Data Center issues whose changelog must be read again.
    truncated: Vec<String>,
    chunks: Vec<Vec<String>>,
    /// The largest `updated` read: (millis, Jira's text).
    max_updated: Option<(i64, String)>,
    seen: Seen,
    fatal: Option<String>,
    sent: u32,
}

impl HistoryRun {
    /// Starts a run.
    pub fn new(input: HistoryInput) -> Self {
        let kept = &input.history;
        let same_site = kept.base_url.trim_end_matches('/') == input.site_url.trim_end_matches('/');
        let full = input.rebuild || kept.watermark.is_none() || kept.version != HISTORY_VERSION || !same_site;
        let (fields, statuses) = if full { Default::default() } else { (kept.fields.clone(), kept.statuses.clone()) };
        Self {
            full,
            fields,
            statuses,
            phase: Phase::Start,
            next_id: 1,
            pending: BTreeMap::new(),
            requests: Vec::new(),
            zone_query: None,
            zone_offset: None,
            jql: String::new(),
            search_start: 0,
            issues: BTreeMap::new(),
            changes: BTreeMap::new(),
            truncated: Vec::new(),
            chunks: Vec::new(),
            max_updated: None,
            seen: Seen::default(),
            fatal: None,
            sent: 0,
            input,
        }
    }

    /// The next action.
    pub fn poll(&mut self) -> HistoryAction {
        loop {
            if self.fatal.is_some() {
                self.phase = Phase::Done;
                return HistoryAction::Done;
            }
            if !self.requests.is_empty() {
                return HistoryAction::Requests { requests: std::mem::take(&mut self.requests) };
            }
            if let Some((time_zone, instant)) = self.zone_query.take() {
                return HistoryAction::ZoneOffsets { time_zone, instants: vec![instant] };
            }
            if !self.pending.is_empty() {
                self.fatal = Some("the driver polled before answering every request".to_owned());
                continue;
            }
            match self.phase {
                Phase::Start => self.start_meta(),
                Phase::Meta => self.start_zone(),
                Phase::Zone => self.start_search(),
                Phase::Search => self.start_changelogs(),
                Phase::Changelogs | Phase::Done => {
                    self.phase = Phase::Done;
                    return HistoryAction::Done;
                }
            }
        }
    }

    /// Feeds one response.
    pub fn handle_response(&mut self, response: Response) {
        let Some(why) = self.pending.remove(&response.id) else { return };
        if self.fatal.is_some() {
            return;
        }
        if !response.ok() {
            let what = match &why {
                Purpose::Fields => "reading the field list".to_owned(),
                Purpose::Statuses => "reading the statuses".to_owned(),
                Purpose::Search => "searching the issues".to_owned(),
                Purpose::Bulk(..) => "reading the changelogs".to_owned(),
                Purpose::IssueLog(id) => format!("reading the changelog of issue {id}"),
            };
            let reason = match (&response.error, response.status) {
                (Some(e), _) => e.clone(),
                (None, 0) => "no answer".to_owned(),
                (None, s) => format!("HTTP {s}"),
            };
            self.fatal = Some(format!("{what} failed: {reason}"));
            return;
        }
        match why {
            Purpose::Fields => self.fields = parse::parse_fields(&response.body),
            Purpose::Statuses => self.statuses.extend(parse::parse_statuses(&response.body)),
            Purpose::Search => self.on_search(&response.body),
            Purpose::Bulk(chunk, group) => self.on_bulk(chunk, group, &response.body),
            Purpose::IssueLog(id) => {
                let key = response.body.get("key").and_then(Value::as_str).unwrap_or(&id).to_owned();
                let (histories, _) = parse::embedded_changelog(&response.body);
                let changes = parse::parse_histories(&key, histories, &self.fields, &mut self.seen);
                self.changes.insert(id, changes);
            }
        }
    }

    /// Answers the zone question (minutes east of UTC; the first is used).
    pub fn handle_zone_offsets(&mut self, offsets_minutes: &[i32]) {
        self.zone_offset = offsets_minutes.first().copied();
    }

    /// Ends the run: the new history, or the input's unchanged when the run failed.
    pub fn finish(mut self) -> HistoryReport {
        let diagnostics = std::mem::take(&mut self.seen.diagnostics);
        if self.fatal.is_some() || self.phase != Phase::Done {
            let fatal = self.fatal.take().unwrap_or_else(|| "the history read was not finished".to_owned());
            return HistoryReport {
                history: self.input.history,
                fatal: Some(fatal),
                full: self.full,
                issues: 0,
                changes: 0,
                requests: self.sent,
                diagnostics,
            };
        }
        let mut history = if self.full { SiteHistory::default() } else { std::mem::take(&mut self.input.history) };
        history.version = HISTORY_VERSION;
        history.base_url = self.input.site_url.trim_end_matches('/').to_owned();
        history.fields = self.fields.clone();
        for (id, status) in std::mem::take(&mut self.statuses) {
            history.statuses.insert(id, status);
        }
        let seen = std::mem::take(&mut self.seen);
        let mut diagnostics = diagnostics;
        diagnostics.extend(parse::merge_seen(&mut history, seen));
        let issues = self.issues.len();
        let mut changes = 0;
        for (id, mut issue) in std::mem::take(&mut self.issues) {
            issue.changes = parse::into_changes(self.changes.remove(&id).unwrap_or_default());
            changes += issue.changes.len();
            history.issues.insert(id, issue);
        }
        if let Some((_, text)) = self.max_updated {
            history.watermark = Some(text);
        }
        HistoryReport { history, fatal: None, full: self.full, issues, changes, requests: self.sent, diagnostics }
    }

    fn api(&self) -> &'static str {
        self.input.deployment.api_prefix()
    }

    fn send(&mut self, method: &str, path: String, query: &[(&str, String)], body: Option<Value>, why: Purpose) {
        let id = self.next_id;
        self.next_id += 1;
        let query = query.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect_map();
        self.requests.push(Request { id, method: method.to_owned(), path, query, body });
        self.pending.insert(id, why);
        self.sent += 1;
    }

    fn start_meta(&mut self) {
        self.phase = Phase::Meta;
        let want = self.input.site_url.trim_end_matches('/');
        let scope = self.input.config.sites.iter().find(|s| s.base_url.trim_end_matches('/') == want).map(|s| {
            let projects: Vec<&str> = s.projects.iter().map(|p| p.key.as_str()).collect();
            crate::sync::scope_clause(&projects, s.jql.as_deref())
        });
        match scope {
            None => self.fatal = Some(format!("{want} is not a configured site")),
            Some(None) => self.fatal = Some(format!("{want} has no projects or JQL to read the history of")),
            Some(Some(scope)) => self.jql = scope,
        }
        if self.fatal.is_none() && self.full {
            let api = self.api();
            self.send("GET", format!("{api}/field"), &[], None, Purpose::Fields);
            self.send("GET", format!("{api}/status"), &[], None, Purpose::Statuses);
        }
    }

    fn start_zone(&mut self) {
        self.phase = Phase::Zone;
        if self.full {
            return;
        }
        let (Some(mark), Some(zone)) = (&self.input.history.watermark, &self.input.time_zone) else { return };
        if let Some(t) = crate::sync::parse_jira_time(mark) {
            // The offset in force where the JQL date falls (they differ across DST).
            let at = t - chrono::Duration::minutes(OVERLAP_MINUTES);
            let at = at.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            self.zone_query = Some((zone.clone(), at));
        }
    }

    fn start_search(&mut self) {
        self.phase = Phase::Search;
        let mark = match (&self.input.history.watermark, self.full) {
            (Some(mark), false) => crate::sync::parse_jira_time(mark).map(|t| {
                let t = t.with_timezone(&chrono::Utc);
                match self.zone_offset {
                    Some(offset) => crate::sync::watermark_literal(t, OVERLAP_MINUTES, offset),
                    None => crate::sync::watermark_literal(t, UNKNOWN_ZONE_OVERLAP_MINUTES, 0),
                }
            }),
            _ => None,
        };
        self.jql = crate::sync::pull_jql(Some(&self.jql), mark.as_deref());
        self.search_page(None);
    }

    /// The `fields` a search asks for.
    fn search_fields(&self) -> Vec<String> {
        let mut fields: Vec<String> = [
            "summary",
            "status",
            "issuetype",
            "project",
            "priority",
            "assignee",
            "reporter",
            "labels",
            "parent",
            "fixVersions",
            "created",
            "updated",
            "resolutiondate",
            "timeoriginalestimate",
            "timeestimate",
            "timespent",
        ]
        .map(str::to_owned)
        .to_vec();
        fields.extend(self.fields.story_points.iter().cloned());
        fields.extend(self.fields.sprint.iter().cloned());
        fields.extend(self.fields.epic_link.iter().cloned());
        fields
    }

    fn search_page(&mut self, token: Option<String>) {
        let fields = self.search_fields();
        let api = self.api();
        let body = match self.input.deployment {
            Deployment::Cloud => {
                let mut body = json!({"jql": self.jql, "fields": fields, "maxResults": CLOUD_PAGE});
                if let Some(token) = token {
                    body["nextPageToken"] = Value::String(token);
                }
                body
            }
            Deployment::Datacenter => json!({
                "jql": self.jql, "fields": fields, "maxResults": DC_PAGE, "startAt": self.search_start,
                "expand": ["changelog"],
            }),
        };
        let path = match self.input.deployment {
            Deployment::Cloud => format!("{api}/search/jql"),
            Deployment::Datacenter => format!("{api}/search"),
        };
        self.send("POST", path, &[], Some(body), Purpose::Search);
    }

    fn on_search(&mut self, body: &Value) {
        let list = body.get("issues").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for raw in list {
            let Some(issue) = parse::parse_issue(raw, &self.fields, &mut self.seen) else { continue };
            if let Some(text) = raw.pointer("/fields/updated").and_then(Value::as_str) {
                if self.max_updated.as_ref().is_none_or(|(m, _)| issue.updated > *m) {
                    self.max_updated = Some((issue.updated, text.to_owned()));
                }
            }
            // The minute reached back returns issues already read as they are: their changelog is not read again.
            let unchanged = |kept: &IssueHistory| kept.updated == issue.updated && kept.key == issue.key;
            if !self.full && self.input.history.issues.get(&issue.id).is_some_and(unchanged) {
                continue;
            }
            if self.input.deployment == Deployment::Datacenter {
                let (histories, complete) = parse::embedded_changelog(raw);
                let changes = parse::parse_histories(&issue.key, histories, &self.fields, &mut self.seen);
                self.changes.insert(issue.id.clone(), changes);
                if !complete {
                    self.truncated.push(issue.id.clone());
                }
            }
            self.issues.insert(issue.id.clone(), issue);
        }
        match self.input.deployment {
            Deployment::Cloud => {
                let token = body.get("nextPageToken").and_then(Value::as_str).filter(|t| !t.is_empty());
                let last = body.get("isLast").and_then(Value::as_bool).unwrap_or(token.is_none());
                if let (false, Some(token)) = (last, token) {
                    self.search_page(Some(token.to_owned()));
                }
            }
            Deployment::Datacenter => {
                let start = body.get("startAt").and_then(Value::as_u64).unwrap_or(u64::from(self.search_start));
                let total = body.get("total").and_then(Value::as_u64).unwrap_or(0);
                let next = start + list.len() as u64;
                if !list.is_empty() && next < total {
                    self.search_start = u32::try_from(next).unwrap_or(u32::MAX);
                    self.search_page(None);
                }
            }
        }
    }

    /// The `fieldIds` of each bulk changelog request: at most 10 per request, so the tracked fields are split
    /// in two groups (the second holds the site's optional fields).
    fn field_groups(&self) -> [Vec<String>; 2] {
        let first = [
            "status",
            "resolution",
            "assignee",
            "priority",
            "issuetype",
            "labels",
            "parent",
            "timeoriginalestimate",
            "timeestimate",
            "project",
        ];
        let mut second: Vec<String> = vec!["timespent".to_owned(), "Key".to_owned()];
        second.extend(self.fields.story_points.iter().cloned());
        second.extend(self.fields.sprint.iter().cloned());
        [first.map(str::to_owned).to_vec(), second]
    }

    fn start_changelogs(&mut self) {
        self.phase = Phase::Changelogs;
        match self.input.deployment {
            Deployment::Cloud => {
                let ids: Vec<String> = self.issues.keys().cloned().collect();
                self.chunks = ids.chunks(BULK_ISSUES).map(<[String]>::to_vec).collect();
                for chunk in 0..self.chunks.len() {
                    for group in 0..2 {
                        self.bulk_request(chunk, group, None);
                    }
                }
            }
            Deployment::Datacenter => {
                let api = self.api();
                for id in std::mem::take(&mut self.truncated) {
                    let query = [("expand", "changelog".to_owned()), ("fields", "created".to_owned())];
                    self.send("GET", format!("{api}/issue/{id}"), &query, None, Purpose::IssueLog(id));
                }
            }
        }
    }

    fn bulk_request(&mut self, chunk: usize, group: usize, token: Option<String>) {
        let Some(ids) = self.chunks.get(chunk) else { return };
        let groups = self.field_groups();
        let mut body = json!({"issueIdsOrKeys": ids, "fieldIds": groups[group], "maxResults": BULK_PAGE});
        if let Some(token) = token {
            body["nextPageToken"] = Value::String(token);
        }
        let api = self.api();
        self.send("POST", format!("{api}/changelog/bulkfetch"), &[], Some(body), Purpose::Bulk(chunk, group));
    }

    fn on_bulk(&mut self, chunk: usize, group: usize, body: &Value) {
        let (by_issue, token) = parse::parse_bulk_changelogs(body, &self.fields, &mut self.seen);
        for (id, changes) in by_issue {
            self.changes.entry(id).or_default().extend(changes);
        }
        if let Some(token) = token {
            self.bulk_request(chunk, group, Some(token));
        }
    }
}
