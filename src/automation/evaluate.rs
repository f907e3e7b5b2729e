//! Whether a condition holds for an issue, and whether a trigger is met — and by which *episode*.
//!
//! Rules are edge-triggered. A trigger that is met returns an episode: a short text naming this occurrence
//! (the change it saw, or the instant its state began). A rule fires when the episode differs from the one it
//! last fired for, and the memory forgets the episode once the trigger stops being met, so the rule can fire
//! again the next time. Replaying a sync with the same inputs gives the same episodes, so nothing fires twice.

use chrono::{DateTime, FixedOffset, NaiveTime};

use super::facts::{Category, IssueFacts};
use super::model::{Condition, Subject, Test, Trigger};

/// Whether `condition` holds for `issue`. Comparisons ignore case.
pub fn holds(condition: &Condition, issue: &IssueFacts) -> bool {
    match condition {
        Condition::All(list) => list.iter().all(|c| holds(c, issue)),
        Condition::Any(list) => list.iter().any(|c| holds(c, issue)),
        Condition::Not(c) => !holds(c, issue),
        Condition::Test(subject, test) => {
            let values = subject_values(subject, issue);
            match test {
                Test::Is(wanted) => values.iter().any(|v| wanted.iter().any(|w| w.eq_ignore_ascii_case(v))),
                Test::IsNot(wanted) => !values.iter().any(|v| wanted.iter().any(|w| w.eq_ignore_ascii_case(v))),
                Test::Contains(part) => {
                    let part = part.to_lowercase();
                    values.iter().any(|v| v.to_lowercase() == part)
                        || (values.len() == 1
                            && *subject != Subject::Labels
                            && values[0].to_lowercase().contains(&part))
                }
                Test::Empty(empty) => values.is_empty() == *empty,
            }
        }
    }
}

/// The values a subject has (empty when unset).
fn subject_values(subject: &Subject, issue: &IssueFacts) -> Vec<String> {
    let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
    match subject {
        Subject::Project => one(&issue.project),
        Subject::IssueType => one(&issue.issue_type),
        Subject::Status => one(&issue.status),
        Subject::StatusCategory => one(issue.category.name()),
        Subject::Labels => issue.labels.clone(),
        Subject::Priority => issue.priority.as_deref().map(one).unwrap_or_default(),
        Subject::Assignee => issue.assignee.as_deref().map(one).unwrap_or_default(),
        Subject::Field(name) => {
            issue.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| one(v)).unwrap_or_default()
        }
        Subject::Property(name) => {
            issue.note.as_ref().and_then(|n| n.properties.get(name)).cloned().unwrap_or_default()
        }
    }
}

/// The episode of `trigger` for an issue now (`None`: not met). `before` is the issue at the previous sync in which
/// rules ran (`None`: it appeared since); `at` is the time of this run in the user's zone.
pub fn episode(
    trigger: &Trigger,
    before: Option<&IssueFacts>,
    now: &IssueFacts,
    at: DateTime<FixedOffset>,
) -> Option<String> {
    let matches =
        |wanted: &Option<String>, value: &str| wanted.as_deref().is_none_or(|w| w.eq_ignore_ascii_case(value));
    let elapsed = |since: i64| at.timestamp_millis().saturating_sub(since);
    match trigger {
        Trigger::IssueCreated => before.is_none().then(|| "created".to_owned()),
        Trigger::StatusChanged { from, to } => {
            let b = before?;
            (b.status != now.status && matches(from, &b.status) && matches(to, &now.status))
                .then(|| format!("{}→{}@{}", b.status, now.status, now.status_since.unwrap_or(now.updated)))
        }
        Trigger::AssigneeChanged => changed(before?.assignee.as_deref(), now.assignee.as_deref(), now.updated),
        Trigger::PriorityChanged => changed(before?.priority.as_deref(), now.priority.as_deref(), now.updated),
        Trigger::CommentAdded => {
            // Quiet until both counts are known (the first run that reads comments fires nothing).
            let (b, n) = (before?.comments?, now.comments?);
            (n > b).then(|| format!("comments={n}"))
        }
        Trigger::ParentStatusChanged { to } => {
            let (b, n) = (before?.parent_status.as_deref()?, now.parent_status.as_deref()?);
            (b != n && matches(to, n)).then(|| format!("{b}→{n}@{}", now.updated))
        }
        Trigger::PropertyChanged { property, from, to } => {
            let (b, n) = (property_text(before?, property), property_text(now, property));
            (b != n && matches(from, &b) && matches(to, &n)).then(|| format!("{b}→{n}"))
        }
        Trigger::PropertySet { property } => {
            let (b, n) = (property_text(before?, property), property_text(now, property));
            (b.is_empty() && !n.is_empty()).then(|| format!("set:{n}"))
        }
        Trigger::PropertyCleared { property } => {
            let (b, n) = (property_text(before?, property), property_text(now, property));
            (!b.is_empty() && n.is_empty()).then(|| format!("cleared:{b}"))
        }
        Trigger::BodyChanged { section } => {
            let fingerprint = |i: &IssueFacts| {
                let note = i.note.as_ref()?;
                match section {
                    None => Some(note.body),
                    Some(h) => note.sections.iter().find(|(k, _)| k.eq_ignore_ascii_case(h)).map(|(_, v)| *v),
                }
            };
            let (b, n) = (fingerprint(before?), fingerprint(now)?);
            (b.is_some_and(|b| b != n)).then(|| format!("{n:x}"))
        }
        Trigger::TasksAllChecked { section } => {
            let note = now.note.as_ref()?;
            let (checked, total) = match section {
                None => note.tasks,
                Some(h) => note.section_tasks.iter().find(|(k, _)| k.eq_ignore_ascii_case(h)).map(|(_, v)| *v)?,
            };
            (total > 0 && checked == total).then(|| "all-checked".to_owned())
        }
        Trigger::KeyedTask { checked } => {
            (now.keyed_task_checked == Some(*checked)).then(|| format!("checked={checked}"))
        }
        Trigger::InStatus { status, longer_than } => {
            let since = now.status_since?;
            (matches(status, &now.status) && elapsed(since) >= longer_than.millis())
                .then(|| format!("{}@{since}", now.status))
        }
        Trigger::DueWithin { within } => {
            let due = now.due?;
            let days_left = (due - at.date_naive()).num_days();
            let window_days = u64::from(within.0).div_ceil(24 * 60) as i64;
            (now.category != Category::Done && days_left <= window_days).then(|| format!("due={due}"))
        }
        Trigger::NoChangeFor { duration } => {
            (elapsed(now.updated) >= duration.millis()).then(|| format!("unchanged-since={}", now.updated))
        }
        Trigger::Daily { hour, minute } => {
            let time = NaiveTime::from_hms_opt(u32::from(*hour), u32::from(*minute), 0)?;
            (at.time() >= time).then(|| format!("day={}", at.date_naive()))
        }
        Trigger::BlockersDone => (now.blockers_done == Some(true)).then(|| "blockers-done".to_owned()),
        Trigger::SubtasksDone => (now.subtasks_done == Some(true)).then(|| "subtasks-done".to_owned()),
    }
}

fn changed(before: Option<&str>, now: Option<&str>, updated: i64) -> Option<String> {
    (before != now).then(|| format!("{}→{}@{updated}", before.unwrap_or(""), now.unwrap_or("")))
}

/// A property's values joined with `, ` (empty when unset or no note).
fn property_text(issue: &IssueFacts, property: &str) -> String {
    issue.note.as_ref().and_then(|n| n.properties.get(property)).map(|v| v.join(", ")).unwrap_or_default()
}
