//! The plan for one linked issue: every mapped field three-way merged, and what that means for the note and
//! for Jira.
//!
//! Decisions:
//! - Read-only Jira fields (key, created, …) always flow Jira → note, whatever the mapping says.
//! - A field missing from the remote values (it could not be read) is skipped: its base stays.
//! - The body merges line by line (see `text_merge`); with direction `pull` or `push` one side simply wins.
//! - A conflict leaves both sides of that field as they are and records Jira's value, so the note can show it
//!   and the base can later move to it once the user resolved the conflict; the other fields still sync.

use std::collections::BTreeMap;

use serde_json::Value;

use super::local::{BODY, LocalNote, note_name};
use crate::sync::{
    Direction, FieldConflict, FieldMapping, FieldMerge, JiraField, NoteTarget, TextMerge, merge_field, merge_text,
};

/// What to do for one issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssuePlan {
    /// Front matter keys to set in the note.
    pub note_fields: BTreeMap<String, Value>,
    /// The note's new body value, if it changes.
    pub note_body: Option<String>,
    /// Jira fields to write, by note field name (status excluded).
    pub push: BTreeMap<String, Value>,
    /// The note state to move the issue to, if the status changes.
    pub target_state: Option<String>,
    /// Conflicting front matter fields.
    pub conflicts: Vec<FieldConflict>,
    /// Jira's description, when the body conflicts.
    pub body_conflict: Option<String>,
    /// Values both sides hold afterwards (the new base), by note field name.
    pub agreed: BTreeMap<String, Value>,
    /// Jira's values of the conflicting fields.
    pub conflict_remote: BTreeMap<String, Value>,
    /// Local edits of pull-only fields that were reverted, and Jira edits of push-only fields overwritten.
    pub overridden: Vec<String>,
}

impl IssuePlan {
    /// Whether the note must be written.
    pub fn writes_note(&self) -> bool {
        !self.note_fields.is_empty() || self.note_body.is_some() || self.has_conflict()
    }

    /// Whether Jira must be written.
    pub fn writes_jira(&self) -> bool {
        !self.push.is_empty() || self.target_state.is_some()
    }

    /// Whether a field or the body conflicts.
    pub fn has_conflict(&self) -> bool {
        !self.conflicts.is_empty() || self.body_conflict.is_some()
    }
}

/// Plans one issue. `base` is the last agreed values (`None`: never synced), `remote` Jira's current values.
pub fn plan_issue(
    fields: &[FieldMapping],
    base: Option<&BTreeMap<String, Value>>,
    local: &LocalNote,
    remote: &BTreeMap<String, Value>,
) -> IssuePlan {
    let mut plan = IssuePlan::default();
    for mapping in fields {
        let name = note_name(mapping);
        let Some(remote_value) = remote.get(name) else { continue };
        let local_value = local.values.get(name).unwrap_or(&Value::Null);
        let base_value = base.and_then(|b| b.get(name));
        let direction = if mapping.jira.is_read_only() { Direction::Pull } else { mapping.direction };
        if mapping.note == NoteTarget::Body {
            plan_body(&mut plan, base_value, local_value, remote_value, direction);
            continue;
        }
        let merge = merge_field(base_value, local_value, remote_value, direction);
        match &merge {
            FieldMerge::Conflict { .. } => {
                plan.conflicts.extend(FieldConflict::from_merge(name, &merge));
                plan.conflict_remote.insert(name.to_owned(), remote_value.clone());
                continue;
            }
            FieldMerge::RevertLocal { .. } | FieldMerge::OverwriteRemote { .. } => {
                plan.overridden.push(name.to_owned())
            }
            _ => {}
        }
        if let Some(value) = merge.agreed() {
            if merge.writes_note() {
                plan.note_fields.insert(name.to_owned(), value.clone());
            }
            if merge.writes_jira() {
                if mapping.jira == JiraField::Status {
                    plan.target_state = value.as_str().map(str::to_owned);
                } else {
                    plan.push.insert(name.to_owned(), value.clone());
                }
            }
            plan.agreed.insert(name.to_owned(), value.clone());
        }
    }
    plan
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn plan_body(plan: &mut IssuePlan, base: Option<&Value>, local: &Value, remote: &Value, direction: Direction) {
    let (local, remote) = (text(local), text(remote));
    let merged = match direction {
        _ if local == remote => Some(local.to_owned()),
        Direction::Pull => Some(remote.to_owned()),
        Direction::Push => Some(local.to_owned()),
        Direction::Both => match merge_text(base.map(text), local, remote) {
            TextMerge::Clean { text, .. } => Some(text),
            TextMerge::Conflict { .. } => None,
        },
    };
    let Some(merged) = merged else {
        plan.body_conflict = Some(remote.to_owned());
        plan.conflict_remote.insert(BODY.to_owned(), Value::String(remote.to_owned()));
        return;
    };
    if direction != Direction::Both && local != remote {
        plan.overridden.push(BODY.to_owned());
    }
    if merged != local {
        plan.note_body = Some(merged.clone());
    }
    if merged != remote {
        plan.push.insert(BODY.to_owned(), Value::String(merged.clone()));
    }
    plan.agreed.insert(BODY.to_owned(), Value::String(merged));
}
