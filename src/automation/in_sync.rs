//! What the sync carries for the rules: the input a run gets when automation is on, the state kept between
//! runs, and what a run reports about its firings.
//!
//! Contract of [`AutomationInput`]: the shell hands in the rules note's text as it is now, the daily cap, the
//! user's UTC offset at the run's `now` (for daily schedules and `{{today}}`), and, per issue key, when the issue
//! entered its current status (ms since the epoch, from the status history the shell keeps); an issue missing
//! there has no `status_since`, so only its time-in-status triggers stay quiet. With a [`DigestNote`] (its path
//! and its text when the run started), `digest` actions append to that note (see `digest.rs`).
//!
//! [`AutomationState`] is versioned; a state without it (older files) or with a newer version than this code
//! knows starts afresh, which is the first run with rules: every issue's `before` is its `now`, so nothing
//! "created" or "changed" fires.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::IssueFacts;
use super::model::Recipient;
use super::run::{Memory, Planned};

/// The version of [`AutomationState`] this code writes.
pub const STATE_VERSION: u32 = 1;

/// The rules' part of a run's input (absent: automation is off).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutomationInput {
    /// The rules note's text.
    pub rules: String,
    /// The most firings of one rule per local day.
    pub daily_cap: u32,
    /// The user's offset from UTC at the run's `now`, in minutes east.
    pub offset_minutes: i32,
    /// By issue key: when the issue entered its current status (ms since the epoch).
    pub status_since: BTreeMap<String, i64>,
    /// The digest note `digest` actions write to (absent: they only add a sync log entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<DigestNote>,
}

crate::json_objects::json_object!(default AutomationInput {
    rules: "rules",
    daily_cap: "dailyCap",
    offset_minutes: "offsetMinutes",
    status_since: "statusSince",
    digest: "digest",
});

/// The digest note as the shell read it when the run started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DigestNote {
    /// Vault-relative path.
    pub path: String,
    /// Its text (`None`: the note does not exist; the run creates it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

crate::json_objects::json_object!(default DigestNote { path: "path", text: "text" });

/// What the rules keep between runs, in the site's sync state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutomationState {
    /// [`STATE_VERSION`] when written.
    pub version: u32,
    /// Firings remembered (edge-triggering, chains, daily counts, per-rule history).
    pub memory: Memory,
    /// The facts of every issue at the last run with rules, by key: the next run's `before`.
    pub facts: BTreeMap<String, IssueFacts>,
    /// Issues the last run's actions changed: their next change is taken as automation's own.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub marked: BTreeSet<String>,
}

crate::json_objects::json_object!(default AutomationState {
    version: "version",
    memory: "memory",
    facts: "facts",
    marked: "marked",
});

impl AutomationState {
    /// The state as this code can use it: an unknown version starts afresh.
    pub fn usable(self) -> Option<Self> {
        (self.version == STATE_VERSION).then_some(self)
    }
}

/// One firing as a run reports it (the sync log's automation part, the preview's rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FiringReport {
    /// The rule's name.
    pub rule: String,
    /// The issue's key.
    pub key: String,
    /// Each action with its exact values, in order.
    pub actions: Vec<String>,
    /// Each action's kind (as the rules note names it) and outcome, in the same order: `ok` until the run
    /// learns otherwise (Jira refused it, the note could not be changed: `failed`; the issue or its note was not
    /// there to act on: `skipped`). What the activity record keeps (`analytics/activity.rs`).
    pub outcomes: Vec<crate::analytics::activity::ActionEntry>,
}

/// An action's name in the rules note (`move-to`, `comment`, `set-property`, …).
pub fn action_kind(action: &Planned) -> &'static str {
    match action {
        Planned::MoveTo { .. } => "move-to",
        Planned::Set(_) => "set",
        Planned::Add(_) => "add",
        Planned::Clear(_) => "clear",
        Planned::Comment { .. } => "comment",
        Planned::Notify { .. } => "notify",
        Planned::Create { .. } => "create",
        Planned::SetProperty(_) => "set-property",
        Planned::CheckTasks { .. } => "check-tasks",
        Planned::Append { .. } => "append",
        Planned::MoveNote { .. } => "move-note",
        Planned::Notice(_) => "notice",
        Planned::Digest(_) => "digest",
        Planned::Summarise { .. } => "summarise",
    }
}

/// A `notice` action a run carried out: what the shell shows the user after the run (also a `notice: …` entry of
/// the sync log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleNotice {
    /// The rule's name.
    pub rule: String,
    /// The issue's key.
    pub key: String,
    /// The rendered text.
    pub text: String,
}

/// An action with its values, in a sentence (what a dry run lists).
pub fn describe(action: &Planned) -> String {
    let values = |list: &[(String, Vec<String>)]| {
        list.iter().map(|(k, v)| format!("{k} = {}", v.join(", "))).collect::<Vec<_>>().join("; ")
    };
    let people = |list: &[Recipient]| list.iter().map(recipient).collect::<Vec<_>>().join(", ");
    match action {
        Planned::MoveTo { status, fields } if fields.is_empty() => format!("move to status \"{status}\""),
        Planned::MoveTo { status, fields } => {
            let f: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("move to status \"{status}\" with {}", f.join("; "))
        }
        Planned::Set(list) => format!("set {}", values(list)),
        Planned::Add(list) => format!("add {}", values(list)),
        Planned::Clear(fields) => format!("clear {}", fields.join(", ")),
        Planned::Comment { text, mention } if mention.is_empty() => format!("comment \"{text}\""),
        Planned::Comment { text, mention } => format!("comment \"{text}\" mentioning {}", people(mention)),
        Planned::Notify { subject, body, to } => {
            format!("notify {} — subject \"{subject}\", body \"{body}\"", people(to))
        }
        Planned::Create { issue_type, summary, link, .. } => match link {
            Some(link) => format!("create a {issue_type} \"{summary}\" linked as \"{link}\""),
            None => format!("create a {issue_type} \"{summary}\""),
        },
        Planned::SetProperty(pairs) => {
            let p: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("set note property {}", p.join("; "))
        }
        Planned::CheckTasks { section: None } => "check the note's tasks".to_owned(),
        Planned::CheckTasks { section: Some(s) } => format!("check the note's tasks under \"{s}\""),
        Planned::Append { heading, line } => format!("append \"{line}\" under \"{heading}\""),
        Planned::MoveNote { folder } => format!("move the note to {folder}"),
        Planned::Notice(text) => format!("notice \"{text}\""),
        Planned::Digest(text) => format!("digest \"{text}\""),
        Planned::Summarise { intro, mention } if mention.is_empty() => {
            format!("comment \"{intro}\" with a summary of the note's changes")
        }
        Planned::Summarise { intro, mention } => {
            format!("comment \"{intro}\" with a summary of the note's changes, mentioning {}", people(mention))
        }
    }
}

/// How a recipient reads in a sentence.
pub fn recipient(r: &Recipient) -> String {
    match r {
        Recipient::Reporter => "the reporter".to_owned(),
        Recipient::Assignee => "the assignee".to_owned(),
        Recipient::Watchers => "the watchers".to_owned(),
        Recipient::User(name) => name.clone(),
    }
}
