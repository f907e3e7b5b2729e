//! The plan for one linked issue: every mapped field three-way merged, and what that means for the note and
//! for Jira.
//!
//! Decisions:
//! - Read-only Jira fields (key, created, …) always flow Jira → note, whatever the mapping says.
//! - A field missing from the remote values (it could not be read) is skipped: its base stays.
//! - The body merges line by line (see `text_merge`), all sides spelled like the note (`body_style.rs`); with
//!   direction `pull` or `push` one side simply wins.
//! - A conflict leaves both sides of that field as they are and records Jira's value, so the note can show it
//!   and the base can later move to it once the user resolved the conflict; the other fields still sync.
//!   With the policy `preferJira` or `preferNote` one side wins instead, and the loser is reported as
//!   overridden (never silently).

use std::collections::BTreeMap;

use serde_json::Value;

use super::local::{BODY, LocalNote, note_name};
use crate::sync::{
    ConflictPolicy, Direction, FieldConflict, FieldMapping, FieldMerge, JiraField, NoteTarget, TextMerge, merge_field,
    merge_text,
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
    policy: ConflictPolicy,
) -> IssuePlan {
    let mut plan = IssuePlan::default();
    for mapping in fields {
        let name = note_name(mapping);
        let Some(remote_value) = remote.get(name) else { continue };
        let local_value = local.values.get(name).unwrap_or(&Value::Null);
        let base_value = base.and_then(|b| b.get(name));
        let direction = if mapping.jira.is_read_only() { Direction::Pull } else { mapping.direction };
        if mapping.note == NoteTarget::Body {
            let (base_value, local_value, remote_value) =
                super::body_style::in_note_spelling(local, base_value, local_value, remote_value);
            plan_body(&mut plan, base_value.as_ref(), &local_value, &remote_value, direction, policy);
            continue;
        }
        let merge = match merge_field(base_value, local_value, remote_value, direction) {
            FieldMerge::Conflict { local, remote, .. } => match policy {
                ConflictPolicy::Mark => FieldMerge::Conflict { base: base_value.cloned(), local, remote },
                ConflictPolicy::PreferJira => FieldMerge::RevertLocal { local, value: remote },
                ConflictPolicy::PreferNote => FieldMerge::OverwriteRemote { remote, value: local },
            },
            other => other,
        };
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

fn plan_body(
    plan: &mut IssuePlan,
    base: Option<&Value>,
    local: &Value,
    remote: &Value,
    direction: Direction,
    policy: ConflictPolicy,
) {
    let (local, remote) = (text(local), text(remote));
    let merged = match direction {
        _ if local == remote => Some(local.to_owned()),
        Direction::Pull => Some(remote.to_owned()),
        Direction::Push => Some(local.to_owned()),
        Direction::Both => match (merge_text(base.map(text), local, remote), policy) {
            (TextMerge::Clean { text, .. }, _) => Some(text),
            (TextMerge::Conflict { .. }, ConflictPolicy::Mark) => None,
            (TextMerge::Conflict { .. }, ConflictPolicy::PreferJira) => {
                plan.overridden.push(BODY.to_owned());
                Some(remote.to_owned())
            }
            (TextMerge::Conflict { .. }, ConflictPolicy::PreferNote) => {
                plan.overridden.push(BODY.to_owned());
                Some(local.to_owned())
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{CustomFields, Deployment, FieldContext, default_config};
    use serde_json::json;

    fn plan(local_title: &str, remote_title: &str, policy: ConflictPolicy) -> IssuePlan {
        let fields: Vec<FieldMapping> =
            default_config().fields.into_iter().filter(|f| !matches!(f.jira, JiraField::Custom(_))).collect();
        let customs = CustomFields::new();
        let ctx = FieldContext { deployment: Deployment::Cloud, customs: &customs, durations: Default::default() };
        let text = format!("---\njira_key: OPS-1\ntitle: {local_title}\ncurrent_state: pending\n---\nBody\n");
        let note = LocalNote::read("a.md", &text, &fields, &ctx);
        let base: BTreeMap<String, Value> = [
            ("jira_key", json!("OPS-1")),
            ("title", json!("Base")),
            ("current_state", json!("pending")),
            ("body", json!("Body")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let mut remote = base.clone();
        remote.insert("title".into(), json!(remote_title));
        plan_issue(&fields, Some(&base), &note, &remote, policy)
    }

    #[test]
    fn a_conflict_is_marked_by_default_and_won_by_one_side_under_a_policy() {
        let marked = plan("Mine", "Theirs", ConflictPolicy::Mark);
        assert_eq!(marked.conflicts.len(), 1);
        assert!(marked.push.is_empty() && marked.note_fields.is_empty());
        assert_eq!(marked.conflict_remote["title"], json!("Theirs"));

        let jira = plan("Mine", "Theirs", ConflictPolicy::PreferJira);
        assert!(jira.conflicts.is_empty());
        assert_eq!(jira.note_fields["title"], json!("Theirs"));
        assert_eq!(jira.overridden, ["title"]);

        let note = plan("Mine", "Theirs", ConflictPolicy::PreferNote);
        assert_eq!(note.push["title"], json!("Mine"));
        assert_eq!(note.agreed["title"], json!("Mine"));
    }

    #[test]
    fn one_sided_changes_flow_and_equal_changes_are_adopted() {
        let push = plan("Mine", "Base", ConflictPolicy::Mark);
        assert_eq!(push.push["title"], json!("Mine"));
        let pull = plan("Base", "Theirs", ConflictPolicy::Mark);
        assert_eq!(pull.note_fields["title"], json!("Theirs"));
        let same = plan("Same", "Same", ConflictPolicy::Mark);
        assert!(!same.writes_note() && !same.writes_jira());
        assert_eq!(same.agreed["title"], json!("Same"));
    }
}
