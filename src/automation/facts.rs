//! What rules look at: the facts of one issue and its note at one sync, as plain data the sync hands in.
//!
//! The sync builds these from its state, the pull, the history and the vault; the rules never read anything else.
//! Two snapshots of the same issue (the previous sync's and this one's) let event triggers see what changed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

/// A status category, as Jira groups statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Not started.
    #[default]
    ToDo,
    /// Started.
    InProgress,
    /// Finished.
    Done,
}

crate::json_objects::json_enum!(Category { ToDo: "to-do", InProgress: "in-progress", Done: "done" });

impl Category {
    /// The category of a Jira status category key (`new`, `indeterminate`, `done`; anything else is to-do).
    pub fn of_key(key: &str) -> Self {
        match key {
            "done" => Category::Done,
            "indeterminate" => Category::InProgress,
            _ => Category::ToDo,
        }
    }

    /// The name rules use: `to-do`, `in-progress`, `done`.
    pub fn name(self) -> &'static str {
        match self {
            Category::ToDo => "to-do",
            Category::InProgress => "in-progress",
            Category::Done => "done",
        }
    }
}

/// One issue as the rules see it. Kept in the sync state as the next run's `before` (empty values left out).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueFacts {
    /// The key.
    pub key: String,
    /// The project key.
    pub project: String,
    /// The issue type's name.
    pub issue_type: String,
    /// The summary.
    pub summary: String,
    /// The status's name.
    pub status: String,
    /// The status's category.
    pub category: Category,
    /// When the issue entered its current status (ms since the epoch), from the history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_since: Option<i64>,
    /// The assignee's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The reporter's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    /// The priority's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// The labels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// The due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// When the issue last changed (ms since the epoch).
    pub updated: i64,
    /// How many comments it has (`None`: not read: the pull asks for comments only while a rule needs them).
    /// Kept as `commentCount`: states written before comments were read hold a `comments: 0` that is not a count.
    #[serde(rename = "commentCount", skip_serializing_if = "Option::is_none")]
    pub comments: Option<u32>,
    /// Its address in Jira's web interface.
    pub url: String,
    /// Other fields by name, as text.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// The issues that block this one (`is blocked by`), by key, with their status categories as last seen:
    /// an in-scope blocker's from its own pull, one out of scope from the link in this issue's last pull.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blockers: Vec<(String, Category)>,
    /// Whether every issue blocking this one is done (`None`: nothing blocks it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blockers_done: Option<bool>,
    /// Whether every sub-task (every synced issue whose parent this is) is done (`None`: it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtasks_done: Option<bool>,
    /// The parent's status's name, when it has a parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_status: Option<String>,
    /// Whether every task line in the vault that carries this issue's key is checked (`None`: no such line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyed_task_checked: Option<bool>,
    /// Whether the latest change to the issue or note was made by automation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub changed_by_automation: bool,
    /// Its note, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<NoteFacts>,
}

crate::json_objects::json_object!(default IssueFacts {
    key: "key",
    project: "project",
    issue_type: "issueType",
    summary: "summary",
    status: "status",
    category: "category",
    status_since: "statusSince",
    assignee: "assignee",
    reporter: "reporter",
    priority: "priority",
    labels: "labels",
    due: "due" with crate::date_text::serde_date::OptionDay,
    updated: "updated",
    comments: "commentCount",
    url: "url",
    fields: "fields",
    blockers: "blockers",
    blockers_done: "blockersDone",
    subtasks_done: "subtasksDone",
    parent_status: "parentStatus",
    keyed_task_checked: "keyedTaskChecked",
    changed_by_automation: "changedByAutomation",
    note: "note",
});

/// A note as the rules see it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NoteFacts {
    /// Its path in the vault.
    pub path: String,
    /// Its title (the file name without `.md`).
    pub title: String,
    /// Its properties, each as a list of texts (a single value is a list of one; empty values are absent).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, Vec<String>>,
    /// A fingerprint of the body.
    pub body: u64,
    /// A fingerprint of each section's text, by heading.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, u64>,
    /// Tasks in the whole body: (checked, total).
    pub tasks: (u32, u32),
    /// Tasks per section, by heading: (checked, total).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub section_tasks: BTreeMap<String, (u32, u32)>,
}

crate::json_objects::json_object!(default NoteFacts {
    path: "path",
    title: "title",
    properties: "properties",
    body: "body",
    sections: "sections",
    tasks: "tasks",
    section_tasks: "sectionTasks",
});
