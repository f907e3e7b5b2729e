//! The facts the rules see, built from what the run ends with: every linked issue's base (what both sides
//! agree on after the pull, the merge and the push) and its note.
//!
//! Issue facts come from the mapped fields only (summary, assignee, reporter, priority, labels, due date by
//! their mappings; every other mapped field by its note name in `fields`); the status and its category from the
//! base; `status_since` from the shell's history ([`AutomationInput::status_since`]). A note the driver gave by
//! fingerprint only (unchanged since the last run) keeps the facts remembered for it. Links between issues
//! (blockers, sub-tasks, parent) are not known here, so those facts stay unset and their triggers quiet.

use std::collections::BTreeMap;

use serde_json::Value;

use super::local::note_name;
use super::run::SyncRun;
use crate::automation::{AutomationInput, Category, IssueFacts, keyed_tasks_checked, note_facts};
use crate::sync::JiraField;

impl SyncRun {
    /// The facts of every linked issue, in key order; `known` holds the last run with rules' facts by key.
    pub(super) fn issue_facts(&self, input: &AutomationInput, known: &BTreeMap<String, IssueFacts>) -> Vec<IssueFacts> {
        let name_of = |field: &JiraField| {
            self.input.config.fields.iter().find(|m| &m.jira == field).map(|m| note_name(m).to_owned())
        };
        let fixed = [
            JiraField::Key,
            JiraField::Summary,
            JiraField::Status,
            JiraField::Description,
            JiraField::Assignee,
            JiraField::Reporter,
            JiraField::Priority,
            JiraField::Labels,
            JiraField::DueDate,
        ];
        let site = self.state.base_url.trim_end_matches('/');
        let mut out: Vec<IssueFacts> = Vec::new();
        let bases = self.state.issues.iter().map(|(id, b)| self.auto.dry_bases.get(id).unwrap_or(b));
        for base in bases.filter(|b| !b.detached) {
            let value = |field: JiraField| name_of(&field).and_then(|n| base.values.get(&n)).and_then(text);
            let (project, issue_type) = base.workflow.split_once('/').unwrap_or((&base.workflow, ""));
            let mut fields = BTreeMap::new();
            for m in self.input.config.fields.iter().filter(|m| !fixed.contains(&m.jira)) {
                if let Some(v) = base.values.get(note_name(m)).and_then(text) {
                    fields.insert(note_name(m).to_owned(), v);
                }
            }
            let labels = name_of(&JiraField::Labels)
                .and_then(|n| base.values.get(&n))
                .map(|v| match v {
                    Value::Array(items) => items.iter().filter_map(text).collect(),
                    other => text(other).into_iter().collect(),
                })
                .unwrap_or_default();
            let note = self.notes.get(&base.path).filter(|n| !n.deleted && n.key.as_deref() == Some(&base.key));
            let (note_facts, keyed) = match note {
                Some(n) if !n.unread => (Some(note_facts(&n.path, &n.content)), self.keyed_task_checked(&base.key)),
                Some(_) => {
                    let old = known.get(&base.key);
                    (old.and_then(|f| f.note.clone()), old.and_then(|f| f.keyed_task_checked))
                }
                None => (None, None),
            };
            out.push(IssueFacts {
                key: base.key.clone(),
                project: project.to_owned(),
                issue_type: issue_type.to_owned(),
                summary: value(JiraField::Summary).unwrap_or_default(),
                status: base.status.clone(),
                category: match base.status_category.as_str() {
                    "done" => Category::Done,
                    "indeterminate" => Category::InProgress,
                    _ => Category::ToDo,
                },
                status_since: input.status_since.get(&base.key).copied(),
                assignee: value(JiraField::Assignee),
                reporter: value(JiraField::Reporter),
                priority: value(JiraField::Priority),
                labels,
                due: value(JiraField::DueDate).and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                updated: crate::sync::parse_jira_time(&base.updated).map_or(0, |t| t.timestamp_millis()),
                comments: 0,
                url: format!("{site}/browse/{}", base.key),
                fields,
                blockers_done: None,
                subtasks_done: None,
                parent_status: None,
                keyed_task_checked: keyed,
                changed_by_automation: false,
                note: note_facts,
            });
        }
        crate::sort::sort_by(&mut out, |a, b| a.key.cmp(&b.key));
        out
    }

    /// Whether every task line carrying `key` in the notes the run read is checked (`None`: none carries it).
    fn keyed_task_checked(&self, key: &str) -> Option<bool> {
        let found: Vec<bool> = self
            .notes
            .values()
            .filter(|n| !n.unread && n.content.contains(key))
            .filter_map(|n| keyed_tasks_checked(&n.content, key))
            .collect();
        (!found.is_empty()).then(|| found.iter().all(|c| *c))
    }
}

/// A value as text (`None`: empty).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("displayName").or_else(|| o.get("name")).and_then(text),
        other => Some(other.to_string()),
    }
}
