//! Reading Jira's answers into the history model: issue fields from a search, changelog histories (Cloud's
//! `changelog/bulkfetch`, `expand=changelog` on both deployments), `/status` and `/field`.
//!
//! Invariants: nothing here panics on any JSON; an item that cannot be read is skipped and described in a
//! diagnostic (a plain sentence naming the issue), never a failure of the whole answer. Changelog items of
//! fields the history does not track are dropped silently (they are not odd, just not needed). Users are keyed
//! by Cloud `accountId`, else Data Center `key`, else `name`.

use crate::sort::CollectOrdered as _;
use std::collections::BTreeMap;

use serde_json::Value;
use smol_str::SmolStr;

use super::model::{
    Change, Field, HistoryFields, IssueHistory, Millis, Seconds, SiteHistory, Sprint, StatusCategory, StatusInfo,
    UserInfo,
};

/// The custom field names the story points field goes by (Jira Software's classic and next-gen names).
pub const STORY_POINT_NAMES: [&str; 2] = ["Story Points", "Story point estimate"];
/// The sprint field's name.
pub const SPRINT_NAME: &str = "Sprint";

/// A Jira timestamp (`2026-03-08T09:30:00.000+0100`, `…Z`, `…+01:00`) as milliseconds since the epoch.
pub fn jira_millis(text: &str) -> Option<Millis> {
    crate::sync::parse_jira_time(text).map(|t| t.timestamp_millis())
}

/// A status category from its key (`new`, `indeterminate`, `done`; anything else is unknown).
pub fn category_of(key: &str) -> StatusCategory {
    match key {
        "new" => StatusCategory::ToDo,
        "indeterminate" => StatusCategory::InProgress,
        "done" => StatusCategory::Done,
        _ => StatusCategory::Unknown,
    }
}

/// `(id, info)` of a status object `{id, name, statusCategory: {key}}`; `None` without an id.
pub fn status_entry(status: &Value) -> Option<(String, StatusInfo)> {
    let id = text(status.get("id")?)?;
    let name = status.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    let key = status.pointer("/statusCategory/key").and_then(Value::as_str).unwrap_or_default();
    Some((id, StatusInfo { name, category: category_of(key) }))
}

/// Statuses from a `GET /status` answer (an array of status objects); entries without an id are skipped.
pub fn parse_statuses(body: &Value) -> BTreeMap<String, StatusInfo> {
    body.as_array().map(|list| list.iter().filter_map(status_entry).collect_map()).unwrap_or_default()
}

/// The optional fields of a site from a `GET /field` answer, resolved by name like the sync's custom fields
/// (case-insensitive, custom fields only). Missing or ambiguous names leave the field `None`.
pub fn parse_fields(body: &Value) -> HistoryFields {
    let mut wanted: Vec<&str> = STORY_POINT_NAMES.to_vec();
    wanted.push(SPRINT_NAME);
    let (found, _missing) = crate::sync::resolve_custom_fields(body, &wanted);
    HistoryFields {
        story_points: STORY_POINT_NAMES.iter().find_map(|n| found.get(*n)).map(|f| f.id.clone()),
        sprint: found.get(SPRINT_NAME).map(|f| f.id.clone()),
        epic_link: crate::sync::epic_link_field(body).map(|f| f.id),
    }
}

/// A string or number as text (ids come as either).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A user object's id (`accountId`, else `key`, else `name`) and what is known of them.
pub fn user_of(user: &Value) -> Option<(String, UserInfo)> {
    let id = ["accountId", "key", "name"].iter().find_map(|k| user.get(*k).and_then(text))?;
    let name = user.get("displayName").and_then(Value::as_str).unwrap_or(&id).to_owned();
    let zone = user.get("timeZone").and_then(Value::as_str).filter(|z| !z.is_empty()).map(str::to_owned);
    Some((id, UserInfo { name, zone }))
}

/// Where parsing results go: users and statuses seen, and diagnostics.
#[derive(Debug, Default)]
pub struct Seen {
    /// Users by id.
    pub users: BTreeMap<String, UserInfo>,
    /// Statuses by id, from issues' `status` objects.
    pub statuses: BTreeMap<String, StatusInfo>,
    /// One sentence per item that could not be read.
    pub diagnostics: Vec<String>,
}

impl Seen {
    /// Records a user object and returns its id.
    fn user(&mut self, v: Option<&Value>) -> Option<String> {
        let (id, info) = user_of(v?)?;
        let entry = self.users.entry(id.clone()).or_default();
        if entry.name.is_empty() || info.name != id {
            entry.name = info.name;
        }
        if info.zone.is_some() {
            entry.zone = info.zone;
        }
        Some(id)
    }
}

/// A number of seconds (Jira sends whole numbers; anything else is `None`).
fn seconds(v: Option<&Value>) -> Option<Seconds> {
    v.and_then(Value::as_i64)
}

/// One issue of a search answer (`{id, key, fields: {…}}`) with its current values; changes are read
/// separately ([`parse_histories`]). `None` (with a diagnostic) when it has no id or no readable `created`.
pub fn parse_issue(issue: &Value, fields: &HistoryFields, seen: &mut Seen) -> Option<IssueHistory> {
    let key = issue.get("key").and_then(Value::as_str).unwrap_or_default().to_owned();
    let Some(id) = issue.get("id").and_then(text) else {
        seen.diagnostics
            .push(format!("An issue without an id was skipped ({}).", if key.is_empty() { "no key" } else { &key }));
        return None;
    };
    let f = issue.get("fields").unwrap_or(&Value::Null);
    let time = |name: &str| f.get(name).and_then(Value::as_str).and_then(jira_millis);
    let Some(created) = time("created") else {
        seen.diagnostics.push(format!("{key}: skipped, its creation time could not be read."));
        return None;
    };
    let status = f.get("status").and_then(status_entry);
    if let Some((sid, info)) = &status {
        seen.statuses.insert(sid.clone(), info.clone());
    }
    let assignee = seen.user(f.get("assignee"));
    let reporter = seen.user(f.get("reporter"));
    let labels = f
        .get("labels")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    let fix_versions = f
        .get("fixVersions")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(|v| v.get("name")?.as_str()).map(str::to_owned).collect())
        .unwrap_or_default();
    let story_points = fields.story_points.as_deref().and_then(|sp| f.get(sp)).and_then(Value::as_f64);
    let sprints = match fields.sprint.as_deref().and_then(|s| f.get(s)) {
        Some(Value::Array(list)) => list.iter().filter_map(parse_sprint).collect(),
        _ => Vec::new(),
    };
    Some(IssueHistory {
        id,
        key,
        project: f.pointer("/project/key").and_then(Value::as_str).unwrap_or_default().to_owned(),
        issue_type: f.pointer("/issuetype/name").and_then(Value::as_str).unwrap_or_default().to_owned(),
        subtask: f.pointer("/issuetype/subtask").and_then(Value::as_bool).unwrap_or(false),
        summary: f.get("summary").and_then(Value::as_str).unwrap_or_default().to_owned(),
        created,
        updated: time("updated").unwrap_or(created),
        resolved: time("resolutiondate"),
        status: status.map(|(sid, _)| sid).unwrap_or_default(),
        priority: f.pointer("/priority/name").and_then(Value::as_str).map(str::to_owned),
        assignee,
        reporter,
        labels,
        // Data Center: an epic's child names its epic in the Epic Link field, not in `parent`.
        parent: f
            .pointer("/parent/key")
            .or_else(|| f.get(fields.epic_link.as_deref()?))
            .and_then(Value::as_str)
            .filter(|k| !k.is_empty())
            .map(str::to_owned),
        fix_versions,
        original_estimate: seconds(f.get("timeoriginalestimate")),
        remaining_estimate: seconds(f.get("timeestimate")),
        time_spent: seconds(f.get("timespent")),
        story_points,
        sprints,
        suggested_estimate: false,
        changes: Vec::new(),
    })
}

/// A sprint from the sprint field: Cloud's object `{id, name, state, startDate, endDate, completeDate}`, or
/// Data Center's text `com.atlassian.greenhopper.service.sprint.Sprint@1a[id=1,state=CLOSED,name=…,…]`.
pub fn parse_sprint(v: &Value) -> Option<Sprint> {
    match v {
        Value::Object(_) => {
            let time = |k: &str| v.get(k).and_then(Value::as_str).and_then(jira_millis);
            Some(Sprint {
                id: v.get("id").and_then(Value::as_i64)?,
                name: v.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(),
                state: v.get("state").and_then(Value::as_str).unwrap_or_default().to_lowercase(),
                start: time("startDate"),
                end: time("endDate"),
                complete: time("completeDate"),
            })
        }
        Value::String(s) => {
            let inner = s.split_once('[')?.1.strip_suffix(']')?;
            // Names may hold commas: a part that does not start with `word=` continues the previous value.
            let mut parts: Vec<(String, String)> = Vec::new();
            for part in inner.split(',') {
                match part.split_once('=') {
                    Some((k, v)) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric()) => {
                        parts.push((k.to_owned(), v.to_owned()));
                    }
                    _ => {
                        if let Some((_, v)) = parts.last_mut() {
                            v.push(',');
                            v.push_str(part);
                        }
                    }
                }
            }
            let parts: BTreeMap<String, String> = crate::sort::collect_map(parts);
            let time = |k: &str| parts.get(k).filter(|t| *t != "<null>").and_then(|t| jira_millis(t));
            Some(Sprint {
                id: parts.get("id")?.parse().ok()?,
                name: parts.get("name").cloned().unwrap_or_default(),
                state: parts.get("state").map(|s| s.to_lowercase()).unwrap_or_default(),
                start: time("startDate"),
                end: time("endDate"),
                complete: time("completeDate"),
            })
        }
        _ => None,
    }
}

/// The tracked field of a changelog item, from its `fieldId` (else its `field` name); `None` when untracked.
pub fn tracked_field(item: &Value, fields: &HistoryFields) -> Option<Field> {
    let id = item.get("fieldId").and_then(Value::as_str);
    let name = item.get("field").and_then(Value::as_str).unwrap_or_default();
    if let Some(id) = id {
        if fields.story_points.as_deref() == Some(id) {
            return Some(Field::StoryPoints);
        }
        if fields.sprint.as_deref() == Some(id) {
            return Some(Field::Sprint);
        }
    }
    let field = match id.unwrap_or(name) {
        "status" => Field::Status,
        "resolution" => Field::Resolution,
        "assignee" => Field::Assignee,
        "priority" => Field::Priority,
        "issuetype" => Field::IssueType,
        "labels" => Field::Labels,
        "parent" | "IssueParentAssociation" | "Parent" | "Epic Link" => Field::Parent,
        "timeoriginalestimate" => Field::OriginalEstimate,
        "timeestimate" => Field::RemainingEstimate,
        "timespent" => Field::TimeSpent,
        "project" => Field::Project,
        "Key" | "key" | "issuekey" => Field::Key,
        _ if STORY_POINT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) && fields.story_points.is_some() => {
            Field::StoryPoints
        }
        _ if name == SPRINT_NAME && fields.sprint.is_some() => Field::Sprint,
        // Data Center names some system fields by their display name.
        _ => match name {
            "Status" => Field::Status,
            "Resolution" => Field::Resolution,
            "Assignee" => Field::Assignee,
            "Priority" => Field::Priority,
            "Issue Type" => Field::IssueType,
            "Labels" => Field::Labels,
            "Project" => Field::Project,
            _ => return None,
        },
    };
    Some(field)
}

/// A change with its ordering key: (instant, history id as a number when it is one, item index).
pub type Ordered = (Millis, u64, usize, Change);

/// Reads changelog histories (`[{id, author, created, items: [{field, fieldId, from, fromString, to,
/// toString}]}]`) into ordered changes of the tracked fields. A history without a readable `created` is
/// skipped with a diagnostic naming `key`.
pub fn parse_histories(key: &str, histories: &[Value], fields: &HistoryFields, seen: &mut Seen) -> Vec<Ordered> {
    let mut out = Vec::new();
    for h in histories {
        // Jira writes a timestamp; the bulk fetch's published example has epoch milliseconds: both are read.
        let at = match h.get("created") {
            Some(Value::String(t)) => jira_millis(t),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        let Some(at) = at else {
            seen.diagnostics.push(format!("{key}: a change without a readable time was skipped."));
            continue;
        };
        let order = h.get("id").and_then(text).and_then(|i| i.parse::<u64>().ok()).unwrap_or(u64::MAX);
        let author = seen.user(h.get("author")).map(SmolStr::from);
        let Some(items) = h.get("items").and_then(Value::as_array) else {
            seen.diagnostics.push(format!("{key}: a change without items was skipped."));
            continue;
        };
        for (n, item) in items.iter().enumerate() {
            let Some(field) = tracked_field(item, fields) else { continue };
            let get = |k: &str| item.get(k).and_then(text).map(SmolStr::from);
            let change = Change {
                at,
                author: author.clone(),
                field,
                from: get("from"),
                from_string: get("fromString"),
                to: get("to"),
                to_string: get("toString"),
            };
            out.push((at, order, n, change));
        }
    }
    out
}

/// Sorts ordered changes by instant, then Jira's order (history id, item index, field), and drops the keys.
pub fn into_changes(mut ordered: Vec<Ordered>) -> Vec<Change> {
    // The field breaks the last tie: Cloud's two field groups each number their items from 0.
    crate::sort::sort_by(&mut ordered, |a, b| (a.0, a.1, a.2, &a.3.field).cmp(&(b.0, b.1, b.2, &b.3.field)));
    ordered.into_iter().map(|(_, _, _, c)| c).collect()
}

/// Reads a Cloud `changelog/bulkfetch` answer: `{issueChangeLogs: [{issueId, changeHistories: […]}],
/// nextPageToken?}` into changes by issue id, and the next page's token.
pub fn parse_bulk_changelogs(
    body: &Value,
    fields: &HistoryFields,
    seen: &mut Seen,
) -> (BTreeMap<String, Vec<Ordered>>, Option<String>) {
    let mut by_issue: BTreeMap<String, Vec<Ordered>> = BTreeMap::new();
    for log in body.get("issueChangeLogs").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let Some(id) = log.get("issueId").and_then(text) else {
            seen.diagnostics.push("A changelog without an issue id was skipped.".to_owned());
            continue;
        };
        let histories = log.get("changeHistories").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let changes = parse_histories(&id, histories, fields, seen);
        by_issue.entry(id).or_default().extend(changes);
    }
    let token = body.get("nextPageToken").and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_owned);
    (by_issue, token)
}

/// An issue's embedded changelog (`expand=changelog`): its histories, and whether it is complete (`total`
/// no more than the histories given; a missing `total` counts as complete).
pub fn embedded_changelog(issue: &Value) -> (&[Value], bool) {
    let log = issue.get("changelog").unwrap_or(&Value::Null);
    let histories = log.get("histories").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let total = log.get("total").and_then(Value::as_u64).unwrap_or(0);
    let start = log.get("startAt").and_then(Value::as_u64).unwrap_or(0);
    (histories, start == 0 && total <= histories.len() as u64)
}

/// Merges what was seen into the history's users and statuses (a status's category from `/status` is kept
/// when an issue's object has none).
pub fn merge_seen(history: &mut SiteHistory, seen: Seen) -> Vec<String> {
    for (id, user) in seen.users {
        let entry = history.users.entry(id).or_default();
        entry.name = user.name;
        if user.zone.is_some() {
            entry.zone = user.zone;
        }
    }
    for (id, status) in seen.statuses {
        let entry = history.statuses.entry(id).or_default();
        entry.name = status.name;
        if status.category != StatusCategory::Unknown {
            entry.category = status.category;
        }
    }
    seen.diagnostics
}
