//! What the engine remembers between runs: per site, the base snapshot of every linked issue, the pull
//! watermark, the Jira user's time zone, resolved custom field ids and learned workflow transitions; and the
//! journal of creates in flight.
//!
//! The driver persists [`SiteState`] in a state file in the plugin's folder (written atomically, never in the
//! notes or in `data.json`) and the [`Journal`] in a small file of its own, saved whenever the engine asks.
//! Both are plain camelCase JSON; missing properties take their defaults, so older files keep loading.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::sync::{CustomFields, TransitionGraph};

/// The remembered state of one Jira site.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SiteState {
    /// The site's base URL this state belongs to.
    pub base_url: String,
    /// The Jira user the token belongs to, from `/myself`.
    pub myself: Option<Myself>,
    /// Custom fields resolved by name from `/field`.
    pub custom_fields: CustomFields,
    /// Mapped custom field names `/field` did not resolve, with the ids of the fields of that name (none: the
    /// site has no such field; several: ambiguous). Their mappings are skipped until `/field` is read again
    /// (on a full scan).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unusable_fields: BTreeMap<String, Vec<String>>,
    /// The largest `updated` of the last error-free pull, as Jira wrote it.
    pub watermark: Option<String>,
    /// When the last full scan of the scope ran, on Jira's clock (the `Date` of its first answer, RFC 3339);
    /// deletes are only detected by full scans.
    pub last_full_scan: Option<String>,
    /// Base snapshots by stable issue id.
    pub issues: BTreeMap<String, IssueBase>,
    /// Workflow transitions learned so far.
    pub transitions: TransitionGraph,
    /// Jira worklogs of linked issues as last synced, by worklog id (time tracking).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub worklogs: BTreeMap<String, WorklogBase>,
    /// The `since` (ms since the epoch, Jira's clock) of the next `/worklog/updated` and `/worklog/deleted` read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worklog_since: Option<i64>,
    /// The linked issues whose worklogs were read in full (every page) since they last took part in the
    /// worklog phase: only their changes come from the feeds. An issue missing here (never synced, linked by
    /// hand, entered the scope, or stopped taking part and came back) is read in full in the next run.
    /// Issue ids, sorted and unique (a list, to keep the wasm small).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub worklogs_read: Vec<String>,
    /// What the bases' note fingerprints ([`IssueBase::fingerprint`]) were recorded with: a fingerprint of the
    /// field mappings and custom field ids. When it differs from the run's, no recorded fingerprint is trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint_basis: Option<String>,
    /// What the automation rules remember (firings, the facts of the last run with rules); absent until rules
    /// first ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation: Option<crate::automation::AutomationState>,
    /// The site's issue link types (`GET /issueLinkType`), read once while link properties are on and kept
    /// like the field catalogue; read again on a `Full` run or after Jira refused a link for its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_types: Option<Vec<crate::alignment::link_set::LinkType>>,
}

crate::json_objects::json_object!(default SiteState {
    base_url: "baseUrl",
    myself: "myself",
    custom_fields: "customFields",
    unusable_fields: "unusableFields",
    watermark: "watermark",
    last_full_scan: "lastFullScan",
    issues: "issues" with super::stored_state::BasesRead,
    transitions: "transitions",
    worklogs: "worklogs",
    worklog_since: "worklogSince",
    worklogs_read: "worklogsRead",
    fingerprint_basis: "fingerprintBasis",
    automation: "automation",
    link_types: "linkTypes",
});

/// One Jira worklog as last synced: what both sides agreed on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WorklogBase {
    /// The issue's stable id.
    pub issue_id: String,
    /// The issue's key at the last sync.
    pub issue_key: String,
    /// The author's account id (Data Center: user name).
    pub author_id: String,
    /// The author's display name.
    pub author: String,
    /// Jira's `started`, verbatim (`yyyy-MM-dd'T'HH:mm:ss.SSS+hhmm`).
    pub started: String,
    /// Time spent in seconds.
    pub seconds: u32,
    /// The comment, as Markdown.
    pub comment: String,
    /// The note holding its line, if any (another user's worklog may be in no note).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For an entry of a tracker block (read-only, no id in the note): the entry's fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The note's line was removed and Jira's worklog kept (not re-added to the note, reported once).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removed_locally: bool,
}

crate::json_objects::json_object!(default WorklogBase {
    issue_id: "issueId",
    issue_key: "issueKey",
    author_id: "authorId",
    author: "author",
    started: "started",
    seconds: "seconds",
    comment: "comment",
    path: "path",
    fingerprint: "fingerprint",
    removed_locally: "removedLocally",
});

/// The Jira user of the connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Myself {
    /// Cloud account id, or Data Center user name.
    pub account_id: String,
    /// Display name.
    pub display_name: String,
    /// IANA time zone of the user (JQL dates are read in it).
    pub time_zone: String,
    /// When it was fetched (Jira's `Date`, else the driver's `now`; informational).
    pub fetched_at: String,
}

crate::json_objects::json_object!(Myself {
    account_id: "accountId",
    display_name: "displayName",
    time_zone: "timeZone",
    fetched_at: "fetchedAt",
});

/// Note-side values by note field name, shared: a note given by fingerprint stands in as its base
/// (`LocalNote::from_base`) with the base's very values, not a copy (at 50,000 notes the copies were a third of
/// the engine's memory). Changed in place through `Rc::make_mut`, which copies only a map that is still shared.
pub type FieldValues = std::rc::Rc<BTreeMap<String, Value>>;

/// The base snapshot of one linked issue: what both sides held after the last successful sync.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueBase {
    /// The issue key at the last sync (keys change when an issue moves; the id does not).
    pub key: String,
    /// The note the issue was last synced with.
    pub path: String,
    /// Jira's `updated` at the last sync.
    pub updated: String,
    /// `PROJECT/IssueType`, the scope of learned transitions.
    pub workflow: String,
    /// The Jira status name at the last sync.
    pub status: String,
    /// The key of that status's category at the last sync (`new`, `indeterminate`, `done`); empty when unknown
    /// (a state written before it was kept, or Jira gave none). Read by the vault health checks.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status_category: String,
    /// Note-side values by note field name (front matter key, or `body`); shared with the stubs of unchanged
    /// notes made from this base (see [`FieldValues`]).
    pub values: FieldValues,
    /// Remote values of fields left in conflict, by note field name; once the note's `sync_conflict` flag is
    /// gone, they stand in as the base of those fields, so the user's resolution wins over Jira's old value.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub conflict: BTreeMap<String, Value>,
    /// The note's own spelling of values Jira stores in a normalised form (a table Jira re-lays out, labels
    /// it reorders), by note field name: while the note still holds exactly this, the field counts as unchanged
    /// locally, so the user's formatting is neither rewritten nor pushed again.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub local_forms: BTreeMap<String, Value>,
    /// The note was deleted locally: the issue is no longer synced and no note is re-created for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub detached: bool,
    /// The fingerprint of the note's text when the run ended with that text holding exactly this base (no
    /// conflict, not deleted, readable): a note handed in later by this fingerprint alone is that same text,
    /// unchanged since (see `fingerprint.rs`). `None` when unknown; the note is then read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The issue's links as last agreed, by link property: property → the linked keys, sorted (properties
    /// with no link are absent). `None` when links were never synced for it (link properties off, or set
    /// up before they existed): the first merge then takes the union, removing nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<BTreeMap<String, Vec<String>>>,
    /// The parent's key at the last sync (Cloud `parent`, Data Center `parent` or the Epic Link), read while the
    /// *Child issues* section is on; empty when none or not read.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub parent: String,
    /// Whether that parent was an epic at the last sync (the remote view's `epic`, see `remote.rs`): the
    /// vault health check puts the note in its epic's folder when the epic folder layout is on. `false` in a base
    /// written before it was kept, until the issue is synced again.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub epic: bool,
    /// The fingerprint of the *Child issues* section last written into this issue's note (`None`: none): an
    /// unchanged set of children is neither read nor written again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<String>,
}

crate::json_objects::json_object!(default IssueBase {
    key: "key",
    path: "path",
    updated: "updated",
    workflow: "workflow",
    status: "status",
    status_category: "statusCategory",
    values: "values",
    conflict: "conflict",
    local_forms: "localForms",
    detached: "detached",
    fingerprint: "fingerprint",
    links: "links",
    parent: "parent",
    epic: "epic",
    children: "children",
});

/// Creates in flight. Saved before the first create request of a run; an intent still present at the start of
/// the next run means that run may have died after Jira created the issue, so the engine looks for the
/// issue by its creation token before creating anything again.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Journal {
    /// One entry per note being created.
    pub creates: Vec<CreateIntent>,
    /// Status changes in flight: issue id → the note state the transitions lead to. Saved before the first
    /// transition of an issue; a run that died between hops leaves Jira in an intermediate status, and the next
    /// run, finding the note still asking for that state, takes the intermediate status as its own doing (not
    /// a remote change) and carries on instead of reporting a conflict. Removed once the state is reached.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub moves: BTreeMap<String, String>,
    /// The automation state of a run whose rule actions are going out: saved before the first of them, so a run
    /// that dies mid-way never repeats a firing (its episodes are already remembered). The next run with rules
    /// takes it over the site state's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation: Option<crate::automation::AutomationState>,
    /// Rule comments to post: saved with [`automation`](Self::automation) before any action goes out, removed
    /// once Jira answered their `POST …/comment`. One still here at the next run may or may not have reached Jira:
    /// that run looks for it among the issue's comments (by its author and text) and posts it only when it is not
    /// there, so a comment is neither lost nor repeated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<PendingComment>,
    /// Issues rules create: saved with [`automation`](Self::automation) before any action goes out, each with a
    /// creation token sent as a label; removed once Jira answered the create (and the link, if any). One still
    /// here at the next run may or may not have been created: that run looks for it by its token and creates it
    /// only when it is not there (see `automation_create.rs`), so a rule's issue is never created twice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rule_creates: Vec<RuleCreate>,
    /// Rule field changes (`set`, `add`, `clear`) on their way to Jira: saved with
    /// [`automation`](Self::automation) before any action goes out, removed once Jira answered the `PUT` that
    /// carries them. One still here at the next run may or may not have reached Jira: that run reads the
    /// issue's fields and sends only the changes Jira does not hold yet (see `automation_replay.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rule_writes: Vec<PendingWrite>,
    /// Rule status moves (`move-to`) on their way: saved like [`rule_writes`](Self::rule_writes), removed once
    /// the move reached its target or failed. One still here at the next run walks to its target only if the
    /// issue (as that run pulled it) is not there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rule_moves: Vec<PendingMove>,
}

crate::json_objects::json_object!(default Journal {
    creates: "creates",
    moves: "moves",
    automation: "automation",
    comments: "comments",
    rule_creates: "ruleCreates",
    rule_writes: "ruleWrites",
    rule_moves: "ruleMoves",
});

/// A rule's field changes on one issue (see [`Journal::rule_writes`]), as Jira takes them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingWrite {
    /// Identifies the entry (`jvs-<run>-w<n>`).
    pub token: String,
    /// The issue's id.
    pub issue_id: String,
    /// The issue's key (for the log).
    pub key: String,
    /// Jira field id → the value to set (`null`: clear).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub fields: serde_json::Map<String, Value>,
    /// Jira field id → the values to add to it.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub add: serde_json::Map<String, Value>,
}

crate::json_objects::json_object!(PendingWrite {
    token: "token",
    issue_id: "issueId",
    key: "key",
    fields: "fields" = default,
    add: "add" = default,
});

/// A rule's status move on one issue (see [`Journal::rule_moves`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingMove {
    /// Identifies the entry (`jvs-<run>-m<n>`).
    pub token: String,
    /// The issue's id.
    pub issue_id: String,
    /// The issue's key (for the log).
    pub key: String,
    /// The target status.
    pub status: String,
    /// Screen fields the rule gives for the transitions, as (field, value).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
}

crate::json_objects::json_object!(PendingMove {
    token: "token",
    issue_id: "issueId",
    key: "key",
    status: "status",
    fields: "fields" = default,
});

/// An issue a rule creates (see [`Journal::rule_creates`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCreate {
    /// The firing issue's id.
    pub issue_id: String,
    /// The firing issue's key (the sub-task's parent, the linked issue, and for the log).
    pub key: String,
    /// The project to create it in (the firing issue's).
    pub project: String,
    /// The creation token, sent as a label (`jvs-…`).
    pub token: String,
    /// The issue type's name.
    pub issue_type: String,
    /// The summary.
    pub summary: String,
    /// The description, as Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How it links to the firing issue (a link type's name or phrase; `None`: a sub-task of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

crate::json_objects::json_object!(RuleCreate {
    issue_id: "issueId",
    key: "key",
    project: "project",
    token: "token",
    issue_type: "issueType",
    summary: "summary",
    description: "description" = default,
    link: "link" = default,
});

/// A rule's comment on its way to Jira (see [`Journal::comments`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingComment {
    /// The issue's id (a reviewed comment in [`RunInput::comments`](super::RunInput) may leave it out: it is
    /// found by the key).
    #[serde(default)]
    pub issue_id: String,
    /// The issue's key (for the log).
    pub key: String,
    /// The rule's rendered text, which the comment contains.
    pub text: String,
    /// Who it mentions.
    pub mention: Vec<crate::automation::Recipient>,
}

crate::json_objects::json_object!(PendingComment {
    issue_id: "issueId" = default,
    key: "key",
    text: "text",
    mention: "mention",
});

/// One note about to become an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateIntent {
    /// The note.
    pub path: String,
    /// The project key.
    pub project: String,
    /// The creation token, sent as a label (`jvs-…`) on the new issue.
    pub token: String,
}

crate::json_objects::json_object!(CreateIntent { path: "path", project: "project", token: "token" });

/// A copy of `state` without its bulk (`issues`, `worklogs`, `worklogs_read`), which stays in `state`.
pub(super) fn state_head(state: &mut SiteState) -> SiteState {
    let issues = std::mem::take(&mut state.issues);
    let worklogs = std::mem::take(&mut state.worklogs);
    let worklogs_read = std::mem::take(&mut state.worklogs_read);
    let head = state.clone();
    state.issues = issues;
    state.worklogs = worklogs;
    state.worklogs_read = worklogs_read;
    head
}
