//! One evaluation of the rules over the issues of a sync: which rules fire, on which issue, with every action's
//! values filled in — and the memory that keeps firings edge-triggered, loop-safe and capped.
//!
//! Invariants:
//! - a rule fires for an issue when its trigger's episode differs from the one remembered for that pair, and its
//!   condition holds; the episode is then remembered, and forgotten once the trigger is no longer met;
//! - evaluating twice with the same inputs and the memory the first evaluation returned fires nothing new;
//! - a change made by automation triggers only rules that opt in (`reacts-to-automation`), and a chain of such
//!   firings on one issue stops at [`MAX_CHAIN`];
//! - a rule that fires more than the daily cap in one local day pauses itself for the rest of that day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::evaluate::{episode, holds};
use super::facts::IssueFacts;
use super::model::{Action, Recipient, Rule};
use super::template::{Placeholder, Template};

/// The longest chain of automation-triggered firings on one issue.
pub const MAX_CHAIN: u8 = 10;

/// What the rules remember between syncs (kept in the sync state).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Memory {
    /// By rule name, then issue key: the episode the rule last fired for.
    #[serde(default)]
    pub episodes: BTreeMap<String, BTreeMap<String, String>>,
    /// By rule name: the local day and how many times it fired that day.
    #[serde(default)]
    pub fired_today: BTreeMap<String, (NaiveDate, u32)>,
    /// By issue key: how many automation-triggered firings in a row it has had.
    #[serde(default)]
    pub chains: BTreeMap<String, u8>,
    /// By rule name: the last time it fired (ms since the epoch) and how many times in all.
    #[serde(default)]
    pub history: BTreeMap<String, (i64, u64)>,
}

crate::json_objects::json_object!(Memory {
    episodes: "episodes" = default,
    fired_today: "fired_today" with crate::date_text::serde_date::DayCounts = default,
    chains: "chains" = default,
    history: "history" = default,
});

/// One issue for an evaluation: as it was at the previous evaluation (`None`: new since) and as it is now.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    /// The previous facts.
    pub before: Option<&'a IssueFacts>,
    /// The facts now.
    pub now: &'a IssueFacts,
}

/// A rule firing on an issue, with its actions ready to carry out.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    /// The rule's name.
    pub rule: String,
    /// The issue's key.
    pub key: String,
    /// The episode it fired for (actions that write to Jira carry it as their idempotency token).
    pub episode: String,
    /// Its actions with their values.
    pub actions: Vec<Planned>,
}

/// An action with its texts filled in.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    /// Move the issue to a status, with these transition screen fields.
    MoveTo {
        /// The status.
        status: String,
        /// Fields and values.
        fields: Vec<(String, String)>,
    },
    /// Set fields.
    Set(Vec<(String, Vec<String>)>),
    /// Add to list fields.
    Add(Vec<(String, Vec<String>)>),
    /// Clear fields.
    Clear(Vec<String>),
    /// Add a comment mentioning people (names as the issue knows them).
    Comment {
        /// The text.
        text: String,
        /// Who to mention.
        mention: Vec<Recipient>,
    },
    /// Send Jira's notification.
    Notify {
        /// The subject.
        subject: String,
        /// The body.
        body: String,
        /// Who to notify.
        to: Vec<Recipient>,
    },
    /// Create an issue.
    Create {
        /// Its type.
        issue_type: String,
        /// Its summary.
        summary: String,
        /// Its description.
        description: Option<String>,
        /// How it links to this issue (`None`: a sub-task).
        link: Option<String>,
    },
    /// Set note properties.
    SetProperty(Vec<(String, String)>),
    /// Check the note's tasks.
    CheckTasks {
        /// Only this section's.
        section: Option<String>,
    },
    /// Append a line under a heading.
    Append {
        /// The heading.
        heading: String,
        /// The line.
        line: String,
    },
    /// Move the note.
    MoveNote {
        /// The folder.
        folder: String,
    },
    /// Show a notice.
    Notice(String),
    /// Add a digest entry.
    Digest(String),
    /// Comment with a summary of the note body's changes this sync (the engine writes the summary).
    Summarise {
        /// The line before the summary.
        intro: String,
        /// Who to mention.
        mention: Vec<Recipient>,
    },
}

/// What one evaluation found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The firings, rule by rule in note order, issues in the order given.
    pub firings: Vec<Firing>,
    /// The memory to keep (a dry run drops it).
    pub memory: Memory,
    /// Rules paused, chains stopped: one sentence each.
    pub warnings: Vec<String>,
}

/// Evaluates the enabled `rules` over `issues` at `at` (the user's zone), with at most `daily_cap` firings per
/// rule per local day.
pub fn evaluate(
    rules: &[Rule],
    issues: &[Pair],
    at: DateTime<FixedOffset>,
    daily_cap: u32,
    memory: &Memory,
) -> Outcome {
    let mut memory = memory.clone();
    let mut out = Outcome::default();
    let today = at.date_naive();
    let mut chained: BTreeSet<&str> = BTreeSet::new();
    for rule in rules.iter().filter(|r| r.enabled) {
        let mut count = match memory.fired_today.get(&rule.name) {
            Some((day, n)) if *day == today => *n,
            _ => 0,
        };
        let mut paused = count >= daily_cap;
        let remembered = memory.episodes.entry(rule.name.clone()).or_default();
        for pair in issues {
            let issue = pair.now;
            let Some(ep) = episode(&rule.trigger, pair.before, issue, at) else {
                remembered.remove(&issue.key);
                continue;
            };
            if remembered.get(&issue.key) == Some(&ep) {
                continue;
            }
            if issue.changed_by_automation && !rule.reacts_to_automation {
                continue;
            }
            if !rule.condition.as_ref().is_none_or(|c| holds(c, issue)) {
                continue;
            }
            if paused {
                continue;
            }
            if issue.changed_by_automation {
                let depth = memory.chains.get(&issue.key).copied().unwrap_or(0);
                if depth >= MAX_CHAIN {
                    out.warnings.push(format!(
                        "Automation stopped a chain of {MAX_CHAIN} rule firings on {} at rule `{}`: rules are triggering each other.",
                        issue.key, rule.name
                    ));
                    remembered.insert(issue.key.clone(), ep);
                    continue;
                }
                chained.insert(&issue.key);
            }
            count += 1;
            if count >= daily_cap {
                paused = true;
                out.warnings.push(format!(
                    "Rule `{}` fired {} today, its daily limit: it is paused until tomorrow.",
                    rule.name,
                    crate::text::count(u64::from(count), "time", "times")
                ));
            }
            let actions = rule.actions.iter().map(|a| plan(a, rule, issue, at)).collect();
            out.firings.push(Firing { rule: rule.name.clone(), key: issue.key.clone(), episode: ep.clone(), actions });
            remembered.insert(issue.key.clone(), ep);
        }
        if count > 0 {
            memory.fired_today.insert(rule.name.clone(), (today, count));
        }
    }
    for pair in issues {
        let key = pair.now.key.as_str();
        if chained.contains(key) {
            *memory.chains.entry(key.to_owned()).or_default() += 1;
        } else if !pair.now.changed_by_automation {
            memory.chains.remove(key);
        }
    }
    for firing in &out.firings {
        let entry = memory.history.entry(firing.rule.clone()).or_default();
        *entry = (at.timestamp_millis(), entry.1 + 1);
    }
    memory.episodes.retain(|_, by_issue| !by_issue.is_empty());
    out.memory = memory;
    out
}

/// An action with its templates rendered for `issue`.
fn plan(action: &Action, rule: &Rule, issue: &IssueFacts, at: DateTime<FixedOffset>) -> Planned {
    let r = |t: &Template| render(t, rule, issue, at);
    let pairs = |list: &[(String, Template)]| list.iter().map(|(k, v)| (k.clone(), r(v))).collect();
    let lists =
        |list: &[(String, Vec<Template>)]| list.iter().map(|(k, v)| (k.clone(), v.iter().map(r).collect())).collect();
    match action {
        Action::MoveTo { status, fields } => Planned::MoveTo { status: status.clone(), fields: pairs(fields) },
        Action::Set(list) => Planned::Set(lists(list)),
        Action::Add(list) => Planned::Add(lists(list)),
        Action::Clear(fields) => Planned::Clear(fields.clone()),
        Action::Comment { text, mention } => Planned::Comment { text: r(text), mention: mention.clone() },
        Action::Notify { subject, body, to } => Planned::Notify { subject: r(subject), body: r(body), to: to.clone() },
        Action::Create { issue_type, summary, description, link } => Planned::Create {
            issue_type: issue_type.clone(),
            summary: r(summary),
            description: description.as_ref().map(r),
            link: link.clone(),
        },
        Action::SetProperty(list) => Planned::SetProperty(pairs(list)),
        Action::CheckTasks { section } => Planned::CheckTasks { section: section.clone() },
        Action::Append { heading, line } => Planned::Append { heading: heading.clone(), line: r(line) },
        Action::MoveNote { folder } => Planned::MoveNote { folder: r(folder) },
        Action::Notice(t) => Planned::Notice(r(t)),
        Action::Digest(t) => Planned::Digest(r(t)),
        Action::Summarise { intro, mention } => Planned::Summarise { intro: r(intro), mention: mention.clone() },
    }
}

/// A template's text for `issue`.
pub fn render(template: &Template, rule: &Rule, issue: &IssueFacts, at: DateTime<FixedOffset>) -> String {
    template.render(at, |p| match p {
        Placeholder::Issue(name) => match *name {
            "key" => Some(issue.key.clone()),
            "summary" => Some(issue.summary.clone()),
            "status" => Some(issue.status.clone()),
            "type" => Some(issue.issue_type.clone()),
            "project" => Some(issue.project.clone()),
            "priority" => issue.priority.clone(),
            "assignee" => issue.assignee.clone(),
            "reporter" => issue.reporter.clone(),
            "due" => issue.due.map(|d| d.to_string()),
            "url" => Some(issue.url.clone()),
            _ => None,
        },
        Placeholder::Field(name) => {
            issue.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
        }
        Placeholder::Property(name) => issue.note.as_ref().and_then(|n| n.properties.get(name)).map(|v| v.join(", ")),
        Placeholder::NoteTitle => issue.note.as_ref().map(|n| n.title.clone()),
        Placeholder::NotePath => issue.note.as_ref().map(|n| n.path.clone()),
        Placeholder::RuleName => Some(rule.name.clone()),
        Placeholder::Time { .. } => None,
    })
}
