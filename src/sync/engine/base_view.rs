//! The note and base as the merge sees them: local forms standing in for values Jira normalised, the quick
//! "unchanged since the base" test that keeps large vaults cheap, the remote view of an issue Jira did not
//! return, and the base of an issue just created from a note.

use std::collections::BTreeMap;

use serde_json::Value;

use super::local::{BODY, LocalNote};
use super::merge::IssuePlan;
use super::remote::RemoteIssue;
use super::state::IssueBase;
use crate::sync::{is_empty, same_value};

/// The note as the merge sees it: a value still spelled exactly as its local form counts as the base value
/// (unchanged). `None` when nothing is substituted.
pub(super) fn canonical_local(
    note: &LocalNote,
    base: Option<&BTreeMap<String, Value>>,
    forms: &BTreeMap<String, Value>,
) -> Option<LocalNote> {
    let base = base?;
    let hits: Vec<(&String, &Value)> = forms
        .iter()
        .filter(|(name, form)| note.values.get(*name).is_some_and(|v| same_value(v, form)))
        .filter_map(|(name, _)| Some((name, base.get(name)?)))
        .collect();
    if hits.is_empty() {
        return None;
    }
    let mut seen = note.clone();
    let values = std::rc::Rc::make_mut(&mut seen.values);
    for (name, value) in hits {
        values.insert(name.clone(), value.clone());
    }
    Some(seen)
}

/// Whether a note still holds exactly what its base recorded (each field equal to its base value or its local
/// form), at the base's path, with no conflict pending.
pub(super) fn unchanged_since(note: &LocalNote, path: &str, base: &IssueBase) -> bool {
    if note.conflicted || !base.conflict.is_empty() || base.path != path {
        return false;
    }
    // A stub made from this very base holds its values, not a copy: equal without comparing them.
    if std::rc::Rc::ptr_eq(&note.values, &base.values) {
        return true;
    }
    note.values.iter().all(|(name, local)| {
        base.values.get(name).is_some_and(|b| same_value(local, b))
            || base.local_forms.get(name).is_some_and(|f| same_value(local, f))
    })
}

/// Local forms stay valid only for fields the plan neither writes to the note nor pushes.
pub(super) fn surviving_forms(mut forms: BTreeMap<String, Value>, plan: &IssuePlan) -> BTreeMap<String, Value> {
    forms.retain(|name, _| {
        let body_written = name == BODY && plan.note_body.is_some();
        !(plan.note_fields.contains_key(name) || plan.push.contains_key(name) || body_written)
    });
    forms
}

/// The remote view of an issue that did not change in Jira: its base, where Jira holds the values of fields
/// left in conflict (so a resolved conflict pushes the user's choice instead of conflicting again).
pub(super) fn remote_from_base(id: &str, base: &IssueBase) -> RemoteIssue {
    let mut values = (*base.values).clone();
    values.extend(base.conflict.clone());
    let (project, issue_type) = base.workflow.split_once('/').unwrap_or((&base.workflow, ""));
    RemoteIssue {
        id: id.to_owned(),
        key: base.key.clone(),
        updated: base.updated.clone(),
        project: project.to_owned(),
        issue_type: issue_type.to_owned(),
        status: base.status.clone(),
        status_category: base.status_category.clone(),
        labels: Vec::new(),
        values,
        problems: Vec::new(),
        links: None,
        parent: (!base.parent.is_empty()).then(|| base.parent.clone()),
        // Unknown from a base; only read when the parent changed, and then the view comes from Jira.
        epic: false,
        rule: Default::default(),
    }
}

/// The base of an issue just created from a note: what the note set counts as agreed on Jira's value, so a
/// value Jira did not take (a status needing transitions) is pushed; what the note left empty counts as not
/// set, so Jira's defaults are pulled.
pub(super) fn created_base(
    local: &BTreeMap<String, Value>,
    remote: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    crate::sort::collect_map(local.iter().map(|(name, l)| {
        let v = if is_empty(l) { l.clone() } else { remote.get(name).cloned().unwrap_or(Value::Null) };
        (name.clone(), v)
    }))
}
