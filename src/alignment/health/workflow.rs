//! Findings 1 and 2: note states the project's workflow cannot take.
//!
//! - `unmappedState`: the note's state is in no status mapping, or maps only to statuses its project and issue
//!   type do not have. The workflow's statuses come from the caller (`workflowStatuses`, read from Jira) or,
//!   failing that, from the transitions learned so far when they are complete from the issue's status; when
//!   neither is known, only the first half is checked.
//! - `unreachableState`: a linked note asks for a state its issue is not in, and no path over the learned
//!   transitions (the sync's own [`TransitionGraph::shortest_path`](crate::sync::TransitionGraph::shortest_path), which never passes through a done status)
//!   leads from the issue's status to the state's status, while every status reachable from it is learned. An
//!   unexplored workflow is never judged: the sync explores it.

use std::collections::BTreeSet;

use super::input::{NoteView, VaultView};
use super::{Finding, FindingKind, FindingSeverity};
use crate::sync::{StatusMap, status_match_key};

/// Where the user fixes the status table.
const STATUS_SETTING: &str = "Settings → Jira Vault Sync → Mappings → Status mappings";

/// Findings 1 and 2 for every linked note or note about to be created that has a state.
pub(super) fn state_findings(view: &VaultView<'_>) -> Vec<Finding> {
    let Some(state_name) = view.state_name else { return Vec::new() };
    let table = &view.input.config.statuses;
    let map = StatusMap::new(table).ok();
    let mut out = Vec::new();
    for note in &view.notes {
        let Some(state) = note.text(state_name) else { continue };
        let (project, issue_type) = view.workflow_of(note);
        if note.key.is_none() && project.is_none() {
            continue;
        }
        let Some(mapping) = table.iter().find(|m| m.state.trim() == state) else {
            let known: Vec<String> = table.iter().map(|m| format!("\"{}\"", m.state.trim())).collect();
            let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
            let message = format!(
                "The state \"{state}\" ({state_name}) maps to no Jira status, so the sync cannot push it. States the \
                 status mappings know: {known}. Change the note's state, or map it ({STATUS_SETTING})."
            );
            out.push(finding(FindingKind::UnmappedState, note, message));
            continue;
        };
        let (Some(project), Some(issue_type)) = (project, issue_type) else { continue };
        let workflow = format!("{project}/{issue_type}");
        if let Some(known) = workflow_statuses(view, note, &workflow) {
            if !mapping.jira_statuses.iter().any(|s| known.contains(&status_match_key(s))) {
                let listed: Vec<String> = mapping.jira_statuses.iter().map(|s| format!("\"{}\"", s.trim())).collect();
                let message = format!(
                    "The state \"{state}\" maps to {}, but {issue_type} issues of {project} have no such status. Map \
                     the state to one of their statuses ({STATUS_SETTING}) or change the note's state.",
                    listed.join(", ")
                );
                out.push(finding(FindingKind::UnmappedState, note, message));
                continue;
            }
        }
        if let Some(map) = &map {
            out.extend(unreachable(view, note, map, state, &workflow));
        }
    }
    out
}

/// The statuses (match keys) of `workflow`: the caller's list, else the learned transitions when complete
/// from the note's issue's status.
fn workflow_statuses(view: &VaultView<'_>, note: &NoteView<'_>, workflow: &str) -> Option<BTreeSet<String>> {
    if let Some(list) = view.input.workflow_statuses.get(workflow) {
        return Some(crate::sort::collect_set(list.iter().map(|s| status_match_key(s))));
    }
    let (base, graph) = view.base(note.key.as_deref()?)?;
    (base.workflow == workflow && !base.status.is_empty()).then_some(())?;
    graph.explored_from(workflow, &base.status)
}

/// Finding 2 for one linked note asking for `state`.
fn unreachable(
    view: &VaultView<'_>,
    note: &NoteView<'_>,
    map: &StatusMap,
    state: &str,
    workflow: &str,
) -> Option<Finding> {
    let (base, graph) = view.base(note.key.as_deref()?)?;
    if base.workflow != workflow || base.status.is_empty() || map.status_means(&base.status, state) {
        return None;
    }
    let target = map.status_for(state).ok()?;
    graph.explored_from(workflow, &base.status)?;
    if graph.shortest_path(workflow, &base.status, target).is_some() {
        return None;
    }
    let (project, issue_type) = workflow.split_once('/').unwrap_or((workflow, ""));
    let back = match map.state_for(&base.status) {
        Ok(current) => format!("set the note back to \"{current}\""),
        Err(_) => "change the note's state".to_owned(),
    };
    let message = format!(
        "The note asks for the state \"{state}\" (Jira status \"{target}\"), but no workflow transition of \
         {issue_type} issues of {project} leads there from \"{}\" (the sync does not pass through a done status on \
         the way). Make the change in Jira, or {back}.",
        base.status
    );
    Some(finding(FindingKind::UnreachableState, note, message))
}

/// An error finding about one note (with its key, when it has one).
fn finding(kind: FindingKind, note: &NoteView<'_>, message: String) -> Finding {
    let f = Finding::new(kind, FindingSeverity::Error, message, vec![note.path.to_owned()]);
    match &note.key {
        Some(key) => f.with_key(key),
        None => f,
    }
}
