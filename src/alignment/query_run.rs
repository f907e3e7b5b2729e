//! One query block run as data, in the call order of the sync's engines: [`QueryRun::poll`] gives requests
//! (or a question about zone offsets), [`QueryRun::handle_response`] and [`QueryRun::handle_zone_offsets`]
//! take the answers, [`QueryRun::finish`] gives the [`QueryResult`].
//!
//! - Cloud search: `POST /rest/api/3/search/jql` with `fields` and `maxResults` (at most 100 a page, Jira's cap
//!   with fields), then `nextPageToken` pages until the block's limit or the last page. Cloud count:
//!   `POST /rest/api/3/search/approximate-count`.
//! - Data Center search: `POST /rest/api/2/search` with `startAt`/`maxResults` pages until the limit or `total`;
//!   count: the same with `maxResults: 0`, reading `total`.
//!
//! Datetimes show in the user's zone: the core has no zone database, so before finishing it asks the driver for
//! the zone's offset at each instant (`zoneOffsets`). Errors become one sentence in plain words: Jira's own
//! messages for a refused query, what to check for 401/403, "could not be reached" when no answer came.
//!
//! Invariants: at most one request is outstanding; a plan with an error sends nothing; rows never exceed the
//! limit; no input makes this panic.

use crate::date_text::DateMinutes;
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::query_block::{BlockKind, CellFormat, Column, Display, PlannedColumn, QueryPlan, SiteField, plan_query};
use super::query_cells::plain_text;
use crate::diagnostic::Diagnostic;
use crate::sync::{Deployment, Request, Response};

/// Most issues asked for in one page.
const PAGE: u32 = 100;

/// What the driver hands over to run one block.
#[derive(Debug, Clone)]
pub struct QueryInput {
    /// Search or count.
    pub kind: BlockKind,
    /// The block's text.
    pub source: String,
    /// The text of the note holding the block (its front matter fills `{{property}}`), if known.
    pub note: Option<String>,
    /// Cloud or Data Center.
    pub deployment: Deployment,
    /// The user's IANA zone for datetimes (Jira's profile zone, else the device's); none: as Jira wrote them.
    pub time_zone: Option<String>,
    /// The site's field list, for custom field columns by name.
    pub fields: Vec<SiteField>,
}

crate::json_objects::json_object!(QueryInput {
    kind: "kind",
    source: "source",
    note: "note" = default,
    deployment: "deployment",
    time_zone: "timeZone" = default,
    fields: "fields" = default,
});

/// What the run needs next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum QueryAction {
    /// Send these and answer each.
    Requests {
        /// The requests (one at a time).
        requests: Vec<Request>,
    },
    /// Answer with the zone's offset (minutes east of UTC) at each instant, in order.
    ZoneOffsets {
        /// The IANA zone.
        #[serde(rename = "timeZone")]
        time_zone: String,
        /// RFC 3339 UTC instants.
        instants: Vec<String>,
    },
    /// Call [`QueryRun::finish`].
    Done,
}

/// One cell of a result row: plain text, never markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    /// The text shown.
    pub text: String,
    /// In a key column: the issue key the shell links (to the note with that key, else to Jira).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// In a `note.<property>` column: the property the shell reads from the note that has the row's key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_property: Option<String>,
}

/// One issue of a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The issue key.
    pub key: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// What a block shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    /// Search or count.
    pub kind: BlockKind,
    /// The JQL sent (placeholders filled).
    pub jql: String,
    /// The heading above the block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Table or list.
    pub display: Display,
    /// The columns (search).
    pub columns: Vec<PlannedColumn>,
    /// The issues, at most the limit (search).
    pub rows: Vec<Row>,
    /// How many issues match: a count block's number; for a search, when Jira said (Data Center's `total`,
    /// or every Cloud page read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Whether more issues match than the rows hold (the limit was reached).
    pub more: bool,
    /// Why the block shows no result, in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The HTTP status of a failed answer (0: no answer), so the shell can keep cached rows when offline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Problems in the block's text.
    pub diagnostics: Vec<Diagnostic>,
}

/// One block's run.
#[derive(Debug)]
pub struct QueryRun {
    plan: QueryPlan,
    deployment: Deployment,
    time_zone: Option<String>,
    /// The next request to hand out, if not handed out yet.
    queued: Option<Request>,
    /// The id of the request awaiting its answer.
    awaiting: Option<u32>,
    next_id: u32,
    issues: Vec<Value>,
    count: Option<u64>,
    more: bool,
    error: Option<(u16, String)>,
    /// Instants whose offsets were asked, and the answers.
    offsets: BTreeMap<String, i32>,
    asked_offsets: bool,
}

impl QueryRun {
    /// Reads the block and queues its first request (none when the block has errors).
    pub fn new(input: QueryInput) -> Self {
        let front_matter = input.note.as_deref().and_then(|n| crate::frontmatter::parse(n).mapping);
        let plan = plan_query(input.kind, &input.source, front_matter.as_ref(), &input.fields);
        let mut run = Self {
            plan,
            deployment: input.deployment,
            time_zone: input.time_zone.filter(|z| !z.trim().is_empty()),
            queued: None,
            awaiting: None,
            next_id: 1,
            issues: Vec::new(),
            count: None,
            more: false,
            error: None,
            offsets: BTreeMap::new(),
            asked_offsets: false,
        };
        if run.plan.runnable() {
            run.queued = Some(run.request(None, 0));
        }
        run
    }

    /// The block as read (the driver keys its cache by the JQL sent).
    pub fn plan(&self) -> &QueryPlan {
        &self.plan
    }

    /// The next step.
    pub fn poll(&mut self) -> QueryAction {
        if let Some(request) = self.queued.take() {
            self.awaiting = Some(request.id);
            return QueryAction::Requests { requests: vec![request] };
        }
        if self.awaiting.is_some() || self.error.is_some() || self.asked_offsets {
            return QueryAction::Done;
        }
        if let Some(zone) = self.time_zone.clone() {
            let instants = self.datetime_instants();
            if !instants.is_empty() {
                self.asked_offsets = true;
                return QueryAction::ZoneOffsets { time_zone: zone, instants };
            }
        }
        QueryAction::Done
    }

    /// Takes the answer to the request handed out last; an answer to anything else is ignored.
    pub fn handle_response(&mut self, response: Response) {
        if self.awaiting != Some(response.id) {
            return;
        }
        self.awaiting = None;
        if !response.ok() {
            self.error = Some((response.status, failure_text(&response)));
            return;
        }
        let body = &response.body;
        match (self.plan.kind, self.deployment) {
            (BlockKind::Count, Deployment::Cloud) => self.count = body.get("count").and_then(Value::as_u64).or(Some(0)),
            (BlockKind::Count, Deployment::Datacenter) => {
                self.count = body.get("total").and_then(Value::as_u64).or(Some(0))
            }
            (BlockKind::Search, deployment) => self.take_page(deployment, body),
        }
    }

    /// Takes the zone offsets (minutes east of UTC), one per instant of the last `zoneOffsets` question.
    pub fn handle_zone_offsets(&mut self, offsets_minutes: &[i32]) {
        let instants = self.datetime_instants();
        for (instant, minutes) in instants.into_iter().zip(offsets_minutes) {
            self.offsets.insert(instant, *minutes);
        }
    }

    /// The result.
    pub fn finish(self) -> QueryResult {
        let rows = if self.error.is_none() && self.plan.kind == BlockKind::Search { self.rows() } else { Vec::new() };
        let (status, error) = match self.error {
            Some((status, text)) => (Some(status), Some(text)),
            None => (None, None),
        };
        QueryResult {
            kind: self.plan.kind,
            jql: self.plan.jql,
            title: self.plan.title,
            display: self.plan.display,
            columns: if self.plan.kind == BlockKind::Search { self.plan.columns } else { Vec::new() },
            rows,
            count: if error.is_none() { self.count } else { None },
            more: self.more,
            error,
            status,
            diagnostics: self.plan.diagnostics,
        }
    }

    fn take_page(&mut self, deployment: Deployment, body: &Value) {
        let page = body.get("issues").and_then(Value::as_array).cloned().unwrap_or_default();
        let limit = self.plan.limit as usize;
        let room = limit.saturating_sub(self.issues.len());
        let got = page.len();
        self.issues.extend(page.into_iter().take(room));
        match deployment {
            Deployment::Cloud => {
                let token = body.get("nextPageToken").and_then(Value::as_str).filter(|t| !t.is_empty());
                let last = body.get("isLast").and_then(Value::as_bool).unwrap_or(token.is_none()) || token.is_none();
                if last {
                    self.more = got > room;
                    self.count = Some((self.issues.len() + got.saturating_sub(room)) as u64);
                } else if self.issues.len() >= limit {
                    self.more = true;
                } else if got > 0 {
                    self.queued = Some(self.request(token.map(str::to_string), 0));
                }
            }
            Deployment::Datacenter => {
                let total = body.get("total").and_then(Value::as_u64);
                self.count = total;
                let total = total.map_or(self.issues.len(), |t| usize::try_from(t).unwrap_or(usize::MAX));
                self.more = total > self.issues.len() && self.issues.len() >= limit;
                if got > 0 && self.issues.len() < limit && self.issues.len() < total {
                    self.queued = Some(self.request(None, self.issues.len()));
                }
            }
        }
    }

    /// The request for the next page (or the count).
    fn request(&mut self, token: Option<String>, start_at: usize) -> Request {
        let id = self.next_id;
        self.next_id += 1;
        let jql = self.plan.jql.clone();
        let want = self.plan.limit.saturating_sub(u32::try_from(self.issues.len()).unwrap_or(u32::MAX)).clamp(1, PAGE);
        let (path, body) = match (self.plan.kind, self.deployment) {
            (BlockKind::Count, Deployment::Cloud) => ("/rest/api/3/search/approximate-count", json!({ "jql": jql })),
            (BlockKind::Count, Deployment::Datacenter) => {
                ("/rest/api/2/search", json!({ "jql": jql, "maxResults": 0, "fields": ["key"] }))
            }
            (BlockKind::Search, Deployment::Cloud) => {
                let mut body = json!({ "jql": jql, "fields": self.plan.field_ids(), "maxResults": want });
                if let Some(token) = token {
                    body["nextPageToken"] = token.into();
                }
                ("/rest/api/3/search/jql", body)
            }
            (BlockKind::Search, Deployment::Datacenter) => (
                "/rest/api/2/search",
                json!({ "jql": jql, "fields": self.plan.field_ids(), "startAt": start_at, "maxResults": want }),
            ),
        };
        Request { id, method: "POST".into(), path: path.into(), query: BTreeMap::new(), body: Some(body) }
    }

    /// The ids of the datetime columns' fields.
    fn datetime_fields(&self) -> Vec<&str> {
        self.plan
            .columns
            .iter()
            .filter_map(|c| match &c.column {
                Column::Field { id, format: CellFormat::DateTime } => Some(id.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every datetime shown, as a UTC instant, sorted and unique.
    fn datetime_instants(&self) -> Vec<String> {
        let fields = self.datetime_fields();
        let mut out: Vec<String> = self
            .issues
            .iter()
            .flat_map(|issue| fields.iter().filter_map(move |f| issue.get("fields")?.get(*f)?.as_str()))
            .filter_map(parse_datetime)
            .map(|t| utc_instant(&t))
            .collect();
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }

    fn rows(&self) -> Vec<Row> {
        self.issues
            .iter()
            .map(|issue| {
                let key = issue.get("key").and_then(Value::as_str).unwrap_or("").to_string();
                let fields = issue.get("fields");
                let cells = self
                    .plan
                    .columns
                    .iter()
                    .map(|c| match &c.column {
                        Column::Key => Cell { text: key.clone(), key: Some(key.clone()), note_property: None },
                        Column::NoteProperty { property } => {
                            Cell { text: String::new(), key: None, note_property: Some(property.clone()) }
                        }
                        Column::Field { id, format } => {
                            let value = fields.and_then(|f| f.get(id)).unwrap_or(&Value::Null);
                            let text = match format {
                                CellFormat::DateTime => {
                                    value.as_str().map(|s| self.local_time(s)).unwrap_or_else(|| plain_text(value))
                                }
                                CellFormat::Plain => plain_text(value),
                            };
                            Cell { text, key: None, note_property: None }
                        }
                    })
                    .collect();
                Row { key, cells }
            })
            .collect()
    }

    /// A Jira datetime as `YYYY-MM-DD HH:MM` in the user's zone (in Jira's own offset when no zone is known).
    fn local_time(&self, text: &str) -> String {
        let Some(t) = parse_datetime(text) else { return text.to_string() };
        let offset = self.offsets.get(&utc_instant(&t)).and_then(|m| FixedOffset::east_opt(m.saturating_mul(60)));
        match offset {
            Some(offset) => DateMinutes(t.with_timezone(&offset).naive_local()).to_string(),
            None => DateMinutes(t.naive_local()).to_string(),
        }
    }
}

/// Jira's datetime forms: `2025-06-10T10:30:00.000+0200` and RFC 3339.
fn parse_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    crate::date_text::parse_offset_datetime(text).or_else(|| crate::date_text::parse_rfc3339(text))
}

fn utc_instant(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A failed answer in plain words.
fn failure_text(response: &Response) -> String {
    let jira = jira_messages(&response.body);
    match response.status {
        0 => format!("Jira could not be reached ({}). Showing the last result, if any.", response.error.as_deref().unwrap_or("no answer")),
        400 if !jira.is_empty() => format!("Jira refused the query: {jira}"),
        400 => "Jira refused the query.".into(),
        401 => "Jira refused the credentials (401): check the email and API token (or personal access token) in the plugin's settings.".into(),
        403 => "Jira refused access (403): the account may not browse these projects, or the token lacks permission.".into(),
        status => {
            let why = if jira.is_empty() { response.error.clone().unwrap_or_default() } else { jira };
            if why.is_empty() { format!("Jira answered with status {status}.") } else { format!("Jira answered with status {status}: {why}") }
        }
    }
}

/// Jira's error collection (`errorMessages` and `errors`) as one line.
fn jira_messages(body: &Value) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(list) = body.get("errorMessages").and_then(Value::as_array) {
        out.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(map) = body.get("errors").and_then(Value::as_object) {
        out.extend(map.values().filter_map(Value::as_str).map(str::to_string));
    }
    out.join(" ")
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
