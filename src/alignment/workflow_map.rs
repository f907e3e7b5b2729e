//! Workflow maps: per project and issue type, the statuses Jira lists (`GET /project/{key}/statuses`) with the
//! vault state each maps to (the status table of the sync settings), the transitions the sync has learned
//! ([`TransitionGraph`], scope `PROJECT/IssueType`), drawn as a Mermaid `stateDiagram-v2`; and the statuses no
//! mapping covers.
//!
//! Invariants: issue types whose statuses and learned transitions are the same share one map (most projects
//! have one workflow for all their types), in the order Jira lists the types; statuses keep Jira's order. State
//! ids in the diagram are generated (`s0`, `s1`, …) and every label goes through
//! `mermaid_label`, so no status name can break out of its quotes;
//! an edge is drawn only between two listed statuses, never a self-loop, once per pair.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::report::escape::{LabelContext, mermaid_label};
use crate::sync::{StatusMapping, TransitionGraph, status_match_key};

/// One issue type's entry of `GET /project/{key}/statuses`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueTypeStatuses {
    /// The issue type's name.
    pub name: String,
    /// Whether it is a sub-task type.
    pub subtask: bool,
    /// Its workflow's statuses.
    pub statuses: Vec<StatusRef>,
}

crate::json_objects::json_object!(default IssueTypeStatuses { name: "name", subtask: "subtask", statuses: "statuses" });

/// A status as Jira lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusRef {
    /// The status name.
    pub name: String,
}

crate::json_objects::json_object!(default StatusRef { name: "name" });

/// Reads a `/project/{key}/statuses` answer; entries that do not read (or have no name) are skipped.
pub fn parse_project_statuses(answer: &Value) -> Vec<IssueTypeStatuses> {
    let Some(list) = answer.as_array() else { return Vec::new() };
    list.iter()
        .filter_map(|v| crate::json_objects::from_value_ref::<IssueTypeStatuses>(v).ok())
        .filter(|t| !t.name.trim().is_empty())
        .map(|mut t| {
            t.statuses.retain(|s| !s.name.trim().is_empty());
            t
        })
        .collect()
}

/// One status on a map and the vault state it maps to (`None`: no mapping covers it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedStatus {
    /// The status as Jira spells it.
    pub name: String,
    /// The vault state of the first status mapping listing it.
    pub state: Option<String>,
}

/// The workflow of one or more issue types that share it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowMap {
    /// The issue types drawn by this map, in Jira's order.
    pub issue_types: Vec<String>,
    /// The statuses, in Jira's order.
    pub statuses: Vec<MappedStatus>,
    /// Learned transitions as (from, to) indexes into `statuses`, sorted, without repeats or self-loops.
    pub edges: Vec<(usize, usize)>,
}

/// The vault state `status` maps to in `mappings` (the first mapping listing it, compared trimmed and
/// case-insensitively).
pub fn state_of(status: &str, mappings: &[StatusMapping]) -> Option<String> {
    let key = status_match_key(status);
    mappings.iter().find(|m| m.jira_statuses.iter().any(|s| status_match_key(s) == key)).map(|m| m.state.clone())
}

/// The maps of `project`'s issue types (see the module invariants).
pub fn workflow_maps(
    project: &str,
    types: &[IssueTypeStatuses],
    mappings: &[StatusMapping],
    graph: &TransitionGraph,
) -> Vec<WorkflowMap> {
    let mut maps: Vec<WorkflowMap> = Vec::new();
    for t in types {
        let statuses: Vec<MappedStatus> = t
            .statuses
            .iter()
            .map(|s| MappedStatus { name: s.name.clone(), state: state_of(&s.name, mappings) })
            .collect();
        let index = |name: &str| statuses.iter().position(|s| status_match_key(&s.name) == status_match_key(name));
        let scope = format!("{project}/{}", t.name);
        let mut edges = BTreeSet::new();
        for (from, s) in statuses.iter().enumerate() {
            for hop in graph.offered_from(&scope, &s.name).unwrap_or_default() {
                if let Some(to) = index(&hop.to).filter(|to| *to != from) {
                    edges.insert((from, to));
                }
            }
        }
        let edges: Vec<(usize, usize)> = edges.into_iter().collect();
        match maps.iter_mut().find(|m| m.statuses == statuses && m.edges == edges) {
            Some(same) => same.issue_types.push(t.name.clone()),
            None => maps.push(WorkflowMap { issue_types: vec![t.name.clone()], statuses, edges }),
        }
    }
    maps
}

/// Statuses no mapping covers, each with the issue types whose workflow has it, in the order first met.
pub fn unmapped_statuses(maps: &[WorkflowMap]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for map in maps {
        for s in map.statuses.iter().filter(|s| s.state.is_none()) {
            let key = status_match_key(&s.name);
            match out.iter_mut().find(|(name, _)| status_match_key(name) == key) {
                Some((_, types)) => types.extend(map.issue_types.iter().cloned()),
                None => out.push((s.name.clone(), map.issue_types.clone())),
            }
        }
    }
    out
}

/// The Mermaid `stateDiagram-v2` of one map: each status labelled with its vault state (or "no state").
pub fn mermaid_state_diagram(map: &WorkflowMap) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    for (i, s) in map.statuses.iter().enumerate() {
        let state = s.state.as_deref().unwrap_or("no state");
        let label = mermaid_label(&format!("{} = {state}", s.name), LabelContext::Bare);
        out.push_str(&format!("    state \"{label}\" as s{i}\n"));
    }
    for (from, to) in &map.edges {
        out.push_str(&format!("    s{from} --> s{to}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sync::{Transition, default_config};

    /// The simulator's company site answer for a software project (shape of `/project/{key}/statuses`).
    fn company_statuses() -> Value {
        let statuses = json!([{ "name": "To Do", "id": "10000" }, { "name": "In Progress", "id": "3" },
            { "name": "In Review", "id": "10001" }, { "name": "Done", "id": "10005" }]);
        json!([
            { "id": "10001", "name": "Task", "subtask": false, "statuses": statuses },
            { "id": "10002", "name": "Bug", "subtask": false, "statuses": statuses },
            { "id": "10004", "name": "Sub-task", "subtask": true, "statuses": [{ "name": "To Do" }, { "name": "Blocked" }] },
            { "name": "" }, "junk"
        ])
    }

    fn t(id: &str, to: &str) -> Transition {
        Transition { id: id.into(), to: to.into(), done: to == "Done" }
    }

    #[test]
    fn shared_workflows_share_a_map_and_learned_transitions_become_edges() {
        let mut graph = TransitionGraph::default();
        for ty in ["Task", "Bug"] {
            graph.learn(&format!("SRCH/{ty}"), "To Do", &[t("11", "In Progress"), t("31", "Done")]);
            graph.learn(
                &format!("SRCH/{ty}"),
                "In Progress",
                &[t("21", "In Review"), t("61", "To Do"), t("9", "Elsewhere")],
            );
        }
        let types = parse_project_statuses(&company_statuses());
        assert_eq!(types.len(), 3);
        let maps = workflow_maps("SRCH", &types, &default_config().statuses, &graph);
        assert_eq!(maps.len(), 2);
        assert_eq!(maps[0].issue_types, ["Task", "Bug"]);
        assert_eq!(maps[0].edges, [(0, 1), (0, 3), (1, 0), (1, 2)]);
        let text = mermaid_state_diagram(&maps[0]);
        assert!(text.starts_with("stateDiagram-v2\n    state \"To Do = pending\" as s0\n"), "{text}");
        assert!(text.contains("    s1 --> s2\n"));
        assert_eq!(unmapped_statuses(&maps), [("Blocked".to_owned(), vec!["Sub-task".to_owned()])]);
    }

    #[test]
    fn status_names_cannot_break_the_diagram() {
        let map = WorkflowMap {
            issue_types: vec!["Task".into()],
            statuses: vec![MappedStatus { name: "Done\" as x\n[*] --> %%{init}".into(), state: None }],
            edges: vec![],
        };
        let text = mermaid_state_diagram(&map);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(!text.contains("%%") && !text.contains("\" as x"), "{text}");
    }
}
