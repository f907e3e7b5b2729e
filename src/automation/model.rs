//! The typed form of a rule: a trigger, an optional condition and a list of actions.
//!
//! Every text an action writes is a [`Template`]; every duration is whole minutes. Names (statuses, fields,
//! properties, people) are kept as written: whether the site has them is checked where the site is known.

use super::duration::Minutes;
use super::template::Template;

/// One rule of the rules note.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Its name, unique in the note (firings are remembered by it).
    pub name: String,
    /// Whether it runs (rules ship switched off until the user turns them on).
    pub enabled: bool,
    /// What makes it fire.
    pub trigger: Trigger,
    /// What must also hold for it to fire, when given.
    pub condition: Option<Condition>,
    /// What it does, in order.
    pub actions: Vec<Action>,
    /// Whether changes made by automation itself may trigger it (off: loops cannot start).
    pub reacts_to_automation: bool,
    /// Byte offset of its block's opening fence in the rules note.
    pub at: usize,
}

/// What makes a rule fire. Rules are edge-triggered: a rule fires when this becomes true for an issue.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// A note property changed (optionally from or to given values).
    PropertyChanged {
        /// The note property.
        property: String,
        /// The value it changed from, when only that change counts.
        from: Option<String>,
        /// Who to notify.
        to: Option<String>,
    },
    /// A note property went from empty to set.
    PropertySet {
        /// The note property.
        property: String,
    },
    /// A note property went from set to empty.
    PropertyCleared {
        /// The note property.
        property: String,
    },
    /// The note's body changed (or one section of it, by heading).
    BodyChanged {
        /// The heading of the section, when only that section counts.
        section: Option<String>,
    },
    /// Every task in the note (or one section) is checked.
    TasksAllChecked {
        /// The heading of the section, when only that section counts.
        section: Option<String>,
    },
    /// A task line carrying an issue key was checked (`true`) or unchecked.
    KeyedTask {
        /// `true` for checked, `false` for unchecked.
        checked: bool,
    },
    /// The status changed in Jira (optionally from or to given statuses).
    StatusChanged {
        /// The value it changed from, when only that change counts.
        from: Option<String>,
        /// Who to notify.
        to: Option<String>,
    },
    /// The assignee changed in Jira.
    AssigneeChanged,
    /// The priority changed in Jira.
    PriorityChanged,
    /// Someone added a comment in Jira.
    CommentAdded,
    /// The issue was created in scope.
    IssueCreated,
    /// The issue has been in a status (the current one, or the named one) longer than this.
    InStatus {
        /// The status.
        status: Option<String>,
        /// How long.
        longer_than: Minutes,
    },
    /// The due date is within this much time.
    DueWithin {
        /// How soon.
        within: Minutes,
    },
    /// Nothing changed on the issue for this long.
    NoChangeFor {
        /// How long.
        duration: Minutes,
    },
    /// Every day at a local time (hour, minute), for digests.
    Daily {
        /// Hour of the day (0–23).
        hour: u8,
        /// Minute (0–59).
        minute: u8,
    },
    /// Every issue that blocks this one is done.
    BlockersDone,
    /// Every sub-task is done.
    SubtasksDone,
    /// The parent's status changed (optionally to a given status).
    ParentStatusChanged {
        /// Who to notify.
        to: Option<String>,
    },
}

/// A condition on an issue and its note.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every one holds.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    /// It does not hold.
    Not(Box<Condition>),
    /// One test on one subject.
    Test(Subject, Test),
}

/// What a condition looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The project key.
    Project,
    /// The issue type's name.
    IssueType,
    /// The status's name.
    Status,
    /// The status's category: `to-do`, `in-progress` or `done`.
    StatusCategory,
    /// The labels.
    Labels,
    /// The priority's name.
    Priority,
    /// The assignee's display name (empty when unassigned).
    Assignee,
    /// A Jira field by name.
    Field(String),
    /// A property of the note.
    Property(String),
}

/// How a subject is tested. Comparisons ignore case; a list subject (labels) matches when any item does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// Equals one of these.
    Is(Vec<String>),
    /// Equals none of these.
    IsNot(Vec<String>),
    /// Contains this text (for a list: holds this item).
    Contains(String),
    /// Is empty (`true`) or not (`false`).
    Empty(bool),
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Move the issue to a status through the workflow, with fields its transition screens need.
    MoveTo {
        /// The status.
        status: String,
        /// Fields and values.
        fields: Vec<(String, Template)>,
    },
    /// Set fields to values.
    Set(Vec<(String, Vec<Template>)>),
    /// Add values to list fields (labels, components, …).
    Add(Vec<(String, Vec<Template>)>),
    /// Clear fields.
    Clear(Vec<String>),
    /// Add a Jira comment, mentioning people.
    Comment {
        /// The comment.
        text: Template,
        /// Who to mention.
        mention: Vec<Recipient>,
    },
    /// Send Jira's own notification.
    Notify {
        /// The subject.
        subject: Template,
        /// The body.
        body: Template,
        /// Who to notify.
        to: Vec<Recipient>,
    },
    /// Create a sub-task, or an issue linked to this one.
    Create {
        /// The issue type (default `Sub-task`).
        issue_type: String,
        /// The summary.
        summary: Template,
        /// The description.
        description: Option<Template>,
        /// The link property naming how it links to this issue (none: a sub-task).
        link: Option<String>,
    },
    /// Set note properties.
    SetProperty(Vec<(String, Template)>),
    /// Check the note's tasks (or one section's).
    CheckTasks {
        /// The heading of the section, when only that section counts.
        section: Option<String>,
    },
    /// Append a line under a heading of the note.
    Append {
        /// The heading to append under.
        heading: String,
        /// The line to append.
        line: Template,
    },
    /// Move the note to a folder.
    MoveNote {
        /// The folder.
        folder: Template,
    },
    /// Show an Obsidian notice.
    Notice(Template),
    /// Add an entry to the digest note.
    Digest(Template),
    /// Add a Jira comment summarising what changed in the note's body this sync (a deterministic summary of the
    /// diff, see `assist::summarise_changes`), after an introduction line, mentioning people.
    Summarise {
        /// The line before the summary.
        intro: Template,
        /// Who to mention.
        mention: Vec<Recipient>,
    },
}

/// Who an action mentions or notifies (kept in the sync journal while a comment is in flight).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Recipient {
    /// The issue's reporter.
    Reporter,
    /// The issue's assignee.
    Assignee,
    /// The issue's watchers.
    Watchers,
    /// A named user (display name, account id or user name).
    User(String),
}
