//! The declarative sync configuration: which Jira fields map to which note keys (and in which direction),
//! which Jira statuses map to which note states, and which issues land in which folder under which file name.
//!
//! Everything here is plain data, serialised with camelCase JSON names so the settings tab can edit it as a
//! plain object; no user code is ever evaluated. Missing JSON properties take their product defaults
//! (see `defaults.rs`), so an older saved config keeps working when options are added. A config is checked by
//! [`validate_config`](super::validate_config), which reports problems instead of failing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole sync configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncConfig {
    /// Field mappings, Jira → note, in the order they are shown and applied.
    pub fields: Vec<FieldMapping>,
    /// Status mappings, Jira statuses → note state.
    pub statuses: Vec<StatusMapping>,
    /// The Jira sites and the issues synced from each.
    pub sites: Vec<SiteScope>,
    /// Folder of a project's notes when the project sets none; placeholder `{PROJECT}` (the project key).
    pub folder_template: String,
    /// File name (without `.md`) of a new note; placeholders `{key}`, `{summary}`, `{project}`, `{type}`.
    pub file_name_template: String,
    /// What happens when both sides changed a field differently.
    pub conflict_policy: ConflictPolicy,
    /// Time tracking: worklogs in notes ↔ Jira worklogs.
    pub time_tracking: TimeTracking,
    /// Values for the fields a workflow transition's screen asks for, per project: project key → Jira field id
    /// or display name → value (e.g. `{"OPS": {"resolution": "Done"}}`); see
    /// [`transition_fields`](crate::alignment::transition_fields).
    pub transition_defaults: BTreeMap<String, BTreeMap<String, String>>,
    /// How a parent is written in a note: a wiki-link to its note, or the plain key. A saved configuration
    /// without this property keeps plain keys (what it wrote before wiki-links existed); new setups get the
    /// product default, wiki-links.
    #[serde(default)]
    pub parent_style: KeyStyle,
    /// Issue links as note properties (`blocks`, `is_blocked_by`, …). A saved configuration without this
    /// property keeps them off (its notes never had them); new setups get the product default, on.
    #[serde(default)]
    pub issue_links: IssueLinks,
    /// Write a *Child issues* section into each parent's note (see
    /// [`child_section`](crate::alignment::child_section)). On by default; a saved configuration without this
    /// property gets the product default (on), one that set it keeps its choice.
    pub child_issues: bool,
    /// Put each epic's children in a folder named after the epic's note, inside the project's folder (see
    /// [`epic_folder`](crate::alignment::epic_folder)): new notes are written there and re-parented notes move.
    /// Off by default; a saved configuration without this property keeps it off.
    pub epic_folders: bool,
}

crate::json_objects::json_object!(default SyncConfig {
    fields: "fields",
    statuses: "statuses",
    sites: "sites",
    folder_template: "folderTemplate",
    file_name_template: "fileNameTemplate",
    conflict_policy: "conflictPolicy",
    time_tracking: "timeTracking",
    transition_defaults: "transitionDefaults",
    parent_style: "parentStyle",
    issue_links: "issueLinks",
    child_issues: "childIssues",
    epic_folders: "epicFolders",
});

/// Issue links as typed note properties, one per link type side (see
/// [`link_set`](crate::alignment::link_set)): on or off, and the names the user gave some of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueLinks {
    /// Sync link properties (reads the site's link types once, and each issue's `issuelinks`).
    pub enabled: bool,
    /// Default property name (`is_blocked_by`) → the name used instead (`blocked_by`).
    pub renames: BTreeMap<String, String>,
}

crate::json_objects::json_object!(default IssueLinks { enabled: "enabled", renames: "renames" });

/// How the sync writes a reference to another issue into a note property (reading accepts both forms; see
/// [`key_in_reference`](crate::alignment::key_ref::key_in_reference)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyStyle {
    /// The plain key: `OPS-1` (what configurations saved before wiki-links keep).
    #[default]
    Key,
    /// A wiki-link to the issue's note: `[[OPS-1 Incident automation]]`, the plain key when out of scope.
    Link,
}

crate::json_objects::json_enum!(KeyStyle { Key: "key", Link: "link" });

/// Time tracking settings (worklogs). Off by default: when on, each sync also reads Jira's worklog feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TimeTracking {
    /// Sync worklogs.
    pub enabled: bool,
    /// Heading of the worklog section in an issue's note.
    pub section_heading: String,
    /// Folder of daily notes (`""`: daily notes are not read; `/`: the vault root).
    pub daily_folder: String,
    /// Daily note file name format (Moment subset, as in Obsidian's daily notes settings).
    pub daily_format: String,
    /// Jira's working hours per day.
    pub hours_per_day: f64,
    /// Jira's working days per week.
    pub days_per_week: f64,
    /// `adjustEstimate` sent with worklog writes: `auto` or `leave`.
    pub adjust_estimate: String,
    /// Delete a Jira worklog when its line is removed from the note (otherwise it is kept and reported).
    pub delete_remote: bool,
    /// Write other users' worklogs into notes too (otherwise only the connection user's).
    pub everyone: bool,
    /// Start time given to entries written as a duration only (`HH:MM`, local).
    pub default_start: String,
}

crate::json_objects::json_object!(default TimeTracking {
    enabled: "enabled",
    section_heading: "sectionHeading",
    daily_folder: "dailyFolder",
    daily_format: "dailyFormat",
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
    adjust_estimate: "adjustEstimate",
    delete_remote: "deleteRemote",
    everyone: "everyone",
    default_start: "defaultStart",
});

impl Default for TimeTracking {
    fn default() -> Self {
        Self {
            enabled: false,
            section_heading: "Worklog".to_owned(),
            daily_folder: String::new(),
            daily_format: "YYYY-MM-DD".to_owned(),
            hours_per_day: 8.0,
            days_per_week: 5.0,
            adjust_estimate: "auto".to_owned(),
            delete_remote: false,
            everyone: false,
            default_start: "09:00".to_owned(),
        }
    }
}

/// What the sync does when both sides changed one field (or overlapping body lines) differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ConflictPolicy {
    /// Keep both sides as they are, flag the note (`sync_conflict: true`) and show Jira's version in it; the
    /// user resolves.
    #[default]
    Mark,
    /// Jira's value wins; the note's value is replaced (and reported in the sync log).
    PreferJira,
    /// The note's value wins; Jira's value is replaced (and reported in the sync log).
    PreferNote,
}

crate::json_objects::json_enum!(ConflictPolicy { Mark: "mark", PreferJira: "preferJira", PreferNote: "preferNote" });

/// One Jira field mapped to one place in the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldMapping {
    /// The Jira side.
    pub jira: JiraField,
    /// The note side.
    pub note: NoteTarget,
    /// Which way changes flow.
    #[serde(default)]
    pub direction: Direction,
}

crate::json_objects::json_object!(FieldMapping { jira: "jira", note: "note", direction: "direction" = default });

/// A Jira field: a system field, or a custom field by its display name (resolved to an id later, through
/// `GET /rest/api/3/field`). JSON: `"summary"`, `"fixVersions"`, … or `{"custom": "LLM Context"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum JiraField {
    /// The issue key, e.g. `OPS-12` (read-only).
    Key,
    /// The summary.
    Summary,
    /// The description (ADF in Jira, Markdown in the note).
    Description,
    /// The workflow status (pushed through a transition, mapped through the status table).
    Status,
    /// The assignee.
    Assignee,
    /// The reporter (written by name like the assignee; Jira needs the *Modify reporter* permission).
    Reporter,
    /// The priority.
    Priority,
    /// The labels.
    Labels,
    /// The components.
    Components,
    /// The fix versions.
    FixVersions,
    /// The due date.
    DueDate,
    /// The parent issue.
    Parent,
    /// The issue type.
    IssueType,
    /// The creation time (read-only).
    Created,
    /// The last update time (read-only).
    Updated,
    /// The resolution (read-only: set by workflow transitions).
    Resolution,
    /// The original estimate (`timetracking.originalEstimate`), as a Jira duration (`2d 4h`).
    OriginalEstimate,
    /// The remaining estimate (`timetracking.remainingEstimate`), as a Jira duration.
    RemainingEstimate,
    /// Time spent (`timetracking.timeSpent`, the sum of the worklogs; read-only).
    TimeSpent,
    /// A custom field, by its display name.
    Custom(String),
}

impl JiraField {
    /// Fields Jira does not let the sync write: a mapping for them may only pull.
    pub fn is_read_only(&self) -> bool {
        matches!(self, Self::Key | Self::Created | Self::Updated | Self::Resolution | Self::TimeSpent)
    }

    /// A short name for messages: the JSON name, or the custom field's name.
    pub fn label(&self) -> String {
        match self {
            Self::Custom(name) => format!("custom field \"{name}\""),
            other => serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| format!("{other:?}")),
        }
    }
}

/// Where a Jira field lives in the note. JSON: `"body"` or `{"frontmatter": "title"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NoteTarget {
    /// The note body (below the front matter).
    Body,
    /// A front matter key.
    Frontmatter(String),
}

/// Which way a mapped field syncs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// Changes flow both ways (three-way merged).
    #[default]
    Both,
    /// Jira → note only: local edits are reported and reverted.
    Pull,
    /// Note → Jira only: Jira-side edits are reported and overwritten.
    Push,
}

crate::json_objects::json_enum!(Direction { Both: "both", Pull: "pull", Push: "push" });

impl Direction {
    /// The mirror direction (pull ↔ push), used when the roles of local and remote are swapped.
    pub fn mirrored(self) -> Self {
        match self {
            Self::Both => Self::Both,
            Self::Pull => Self::Push,
            Self::Push => Self::Pull,
        }
    }
}

/// One note state and the Jira statuses that map to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusMapping {
    /// The note-side state, e.g. `active`.
    pub state: String,
    /// Jira status names mapping to this state (matched case-insensitively, trimmed).
    pub jira_statuses: Vec<String>,
    /// The status a note in this state is pushed as; `None` means the first of `jira_statuses`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred: Option<String>,
}

crate::json_objects::json_object!(StatusMapping {
    state: "state",
    jira_statuses: "jiraStatuses",
    preferred: "preferred" = default,
});

/// One Jira site and which of its issues are synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteScope {
    /// The site's base URL, e.g. `https://example.atlassian.net`.
    pub base_url: String,
    /// Projects whose issues are synced.
    #[serde(default)]
    pub projects: Vec<ProjectScope>,
    /// A JQL filter; with projects, it further restricts them, alone it selects the issues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jql: Option<String>,
}

crate::json_objects::json_object!(SiteScope {
    base_url: "baseUrl",
    projects: "projects" = default,
    jql: "jql" = default,
});

impl SiteScope {
    /// The JQL clause selecting the site's synced issues (projects and filter combined, see
    /// [`scope_clause`](crate::sync::scope_clause)); `None` when neither narrows anything, which would be the
    /// whole site: the engine refuses to run then.
    pub fn scope(&self) -> Option<String> {
        let projects: Vec<&str> = self.projects.iter().map(|p| p.key.as_str()).collect();
        crate::sync::scope_clause(&projects, self.jql.as_deref())
    }
}

/// One synced project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectScope {
    /// The project key, e.g. `OPS`.
    pub key: String,
    /// The folder of its notes; `None` means [`SyncConfig::folder_template`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
}

crate::json_objects::json_object!(ProjectScope { key: "key", folder: "folder" = default });
