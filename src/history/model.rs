//! The typed history of a site's in-scope issues: what every metric and report is computed from.
//!
//! Invariants:
//! - Instants are milliseconds since the Unix epoch, UTC ([`Millis`]), read from Jira's own timestamps (never
//!   from the machine's clock). Durations are whole seconds ([`Seconds`]).
//! - [`IssueHistory::changes`] is sorted by [`Change::at`] ascending; changes at the same instant keep Jira's
//!   order (history id, then item order). Each change is one changelog *item* (one field of one history).
//! - Every value is as Jira has it: statuses, issue types and priorities by id with the name Jira gave at that
//!   time (a renamed status keeps its id, so metrics group by id and show the current name from
//!   [`SiteHistory::statuses`]); users by account id (Data Center: user key or name).
//! - Optional site fields (story points, sprints) are `None`/empty when the site has no such field; metrics
//!   that need them say "not available" instead of failing ([`SiteHistory::fields`] tells which exist).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;
/// A duration in whole seconds.
pub type Seconds = i64;

/// Format version of [`SiteHistory`]; a stored history of another version is rebuilt, never misread.
/// Version 2: Data Center epic children read their epic from the Epic Link field (version 1 had no parent), and
/// issues carry their fix versions.
pub const HISTORY_VERSION: u32 = 2;

/// The history of one Jira site's in-scope issues, stored beside the sync state (never in notes).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SiteHistory {
    /// [`HISTORY_VERSION`] when written.
    pub version: u32,
    /// The site's base URL.
    pub base_url: String,
    /// The largest `updated` read by the last complete history read, as Jira wrote it; issues updated since
    /// then are read again. `None`: nothing read yet (the next read is a full one).
    pub watermark: Option<String>,
    /// Resolved ids of the optional fields this site has.
    pub fields: HistoryFields,
    /// Statuses by id: current name and category (from `/status` or the issues' `status` objects).
    pub statuses: BTreeMap<String, StatusInfo>,
    /// Users seen in histories and worklogs, by account id: display name and zone when known.
    pub users: BTreeMap<String, UserInfo>,
    /// Issues by stable id.
    pub issues: BTreeMap<String, IssueHistory>,
}

crate::json_objects::json_object!(default SiteHistory {
    version: "version",
    base_url: "baseUrl",
    watermark: "watermark",
    fields: "fields",
    statuses: "statuses",
    users: "users",
    issues: "issues",
});

/// Optional fields resolved by name on this site (`None`: the site has no such field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HistoryFields {
    /// The story points field's id (`Story Points`, `Story point estimate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_points: Option<String>,
    /// The sprint field's id (`Sprint`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sprint: Option<String>,
    /// The *Epic Link* field's id (found by its type): on Data Center an epic's children name their epic
    /// there, not in `parent` (a sub-task's only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epic_link: Option<String>,
}

crate::json_objects::json_object!(default HistoryFields {
    story_points: "storyPoints",
    sprint: "sprint",
    epic_link: "epicLink",
});

/// Jira's three status categories (plus unknown, for a status whose category was never read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StatusCategory {
    /// `new` (To Do).
    ToDo,
    /// `indeterminate` (In Progress).
    InProgress,
    /// `done`.
    Done,
    /// Not known.
    #[default]
    Unknown,
}

crate::json_objects::json_enum!(StatusCategory {
    ToDo: "toDo",
    InProgress: "inProgress",
    Done: "done",
    Unknown: "unknown"
});

/// A status's current name and category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusInfo {
    /// Current name.
    pub name: String,
    /// Category.
    pub category: StatusCategory,
}

crate::json_objects::json_object!(default StatusInfo { name: "name", category: "category" });

/// A user's display name and time zone (IANA name, when Jira told it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserInfo {
    /// Display name.
    pub name: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

crate::json_objects::json_object!(default UserInfo { name: "name", zone: "zone" });

/// One issue's current values and every change read from its changelog.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueHistory {
    /// Stable id.
    pub id: String,
    /// Current key (an issue moved between projects has a new key; [`Change`]s of field [`Field::Key`] hold
    /// the old ones).
    pub key: String,
    /// Current project key.
    pub project: String,
    /// Current issue type name.
    pub issue_type: String,
    /// Whether the issue type is a sub-task type.
    pub subtask: bool,
    /// Current summary.
    pub summary: String,
    /// `created`.
    pub created: Millis,
    /// `updated`.
    pub updated: Millis,
    /// `resolutiondate`, when resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Millis>,
    /// Current status id.
    pub status: String,
    /// Current priority name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Current assignee's account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Reporter's account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    /// Current labels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// Current parent's key (epic or parent of a sub-task).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Current fix versions (names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fix_versions: Vec<String>,
    /// Current original estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_estimate: Option<Seconds>,
    /// Current remaining estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_estimate: Option<Seconds>,
    /// Current time spent (Jira's aggregate of worklogs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_spent: Option<Seconds>,
    /// Current story points, when the site has the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_points: Option<f64>,
    /// Sprints the issue is or was in (current value of the sprint field).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sprints: Vec<Sprint>,
    /// Whether the original estimate came from the product's own suggestion (issue #17), for comparing the
    /// accuracy of suggested and human estimates.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suggested_estimate: bool,
    /// Every change of a tracked field, sorted by instant (see the module invariants).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

crate::json_objects::json_object!(default IssueHistory {
    id: "id",
    key: "key",
    project: "project",
    issue_type: "issueType",
    subtask: "subtask",
    summary: "summary",
    created: "created",
    updated: "updated",
    resolved: "resolved",
    status: "status",
    priority: "priority",
    assignee: "assignee",
    reporter: "reporter",
    labels: "labels",
    parent: "parent",
    fix_versions: "fixVersions",
    original_estimate: "originalEstimate",
    remaining_estimate: "remainingEstimate",
    time_spent: "timeSpent",
    story_points: "storyPoints",
    sprints: "sprints",
    suggested_estimate: "suggestedEstimate",
    changes: "changes",
});

/// A sprint as the sprint field describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Sprint {
    /// Sprint id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `future`, `active` or `closed`.
    pub state: String,
    /// Start, when started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Millis>,
    /// Planned end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Millis>,
    /// Actual completion, when closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<Millis>,
}

crate::json_objects::json_object!(default Sprint {
    id: "id",
    name: "name",
    state: "state",
    start: "start",
    end: "end",
    complete: "complete",
});

/// A tracked field of a changelog item.
///
/// Read from its camelCase name by a hand-written [`Deserialize`] (the names below; anything else is an
/// unknown variant, as the derived one says): every changelog item has one, and the derived enum reader goes
/// through serde's enum access for each.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    /// `status` (from/to: status ids).
    Status,
    /// `resolution` (from/to: resolution ids; `None` to = unresolved).
    Resolution,
    /// `assignee` (account ids).
    Assignee,
    /// `priority` (ids; names in the strings).
    Priority,
    /// `issuetype` (ids; names in the strings).
    IssueType,
    /// `labels` (space-separated in the strings).
    Labels,
    /// Parent or epic link (keys in the strings).
    Parent,
    /// `timeoriginalestimate` (seconds as decimal text).
    OriginalEstimate,
    /// `timeestimate`, the remaining estimate (seconds as decimal text).
    RemainingEstimate,
    /// `timespent` (seconds as decimal text).
    TimeSpent,
    /// The story points field (numbers as text).
    StoryPoints,
    /// The sprint field (sprint ids, comma-separated).
    Sprint,
    /// `project` (ids; names in the strings).
    Project,
    /// `Key` (keys in the strings).
    Key,
}

impl Field {
    /// Every field with its JSON name, in declaration order.
    pub(super) const NAMES: [(&'static str, Field); 14] = [
        ("status", Field::Status),
        ("resolution", Field::Resolution),
        ("assignee", Field::Assignee),
        ("priority", Field::Priority),
        ("issueType", Field::IssueType),
        ("labels", Field::Labels),
        ("parent", Field::Parent),
        ("originalEstimate", Field::OriginalEstimate),
        ("remainingEstimate", Field::RemainingEstimate),
        ("timeSpent", Field::TimeSpent),
        ("storyPoints", Field::StoryPoints),
        ("sprint", Field::Sprint),
        ("project", Field::Project),
        ("key", Field::Key),
    ];
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Field;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a changelog field name")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Field, E> {
                match Field::NAMES.iter().find(|(n, _)| *n == name) {
                    Some((_, field)) => Ok(field.clone()),
                    None => Err(E::unknown_variant(name, &FIELD_NAMES)),
                }
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// The JSON names of [`Field`] (those of [`Field::NAMES`]), for the unknown-variant error.
pub(super) const FIELD_NAMES: [&str; Field::NAMES.len()] = {
    let mut names = [""; Field::NAMES.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Field::NAMES[i].0;
        i += 1;
    }
    names
};

/// One changelog item of a tracked field.
///
/// Its strings are [`SmolStr`]s: the values of a changelog item are short (ids, seconds as text, status
/// names), so they are kept inline without an allocation each (up to 23 bytes; longer ones, such as most
/// account ids, are allocated once and shared by clones). A history of 100,000 items is read and dropped
/// without hundreds of thousands of allocations; the JSON is the same as with `String`s.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// When (the history's `created`).
    pub at: Millis,
    /// Who made it (account id), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<SmolStr>,
    /// The field.
    pub field: Field,
    /// Jira's `from` (an id, or seconds as text), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<SmolStr>,
    /// Jira's `fromString` (a name), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_string: Option<SmolStr>,
    /// Jira's `to`, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<SmolStr>,
    /// Jira's `toString`, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_string: Option<SmolStr>,
}

crate::json_objects::json_object!(Change {
    at: "at",
    author: "author",
    field: "field",
    from: "from",
    from_string: "fromString",
    to: "to",
    to_string: "toString",
});
