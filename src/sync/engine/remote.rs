//! An issue as Jira returned it, read into note-side values with the field codec and the status table.
//!
//! A field that cannot be read (an unmapped status, invalid ADF) is left out of `values` and reported in
//! `problems`: the merge then skips that field and keeps its base, so nothing is guessed and nothing is lost.

use std::collections::BTreeMap;

use serde_json::Value;

use super::local::{body_value, note_name};
use crate::sync::jira_fields::read_field_or_held;
use crate::sync::{FieldContext, FieldMapping, JiraField, StatusMap, read_field};

/// One issue from Jira.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteIssue {
    /// Stable id.
    pub id: String,
    /// Current key.
    pub key: String,
    /// Jira's `updated`, verbatim.
    pub updated: String,
    /// Project key.
    pub project: String,
    /// Issue type name.
    pub issue_type: String,
    /// Status name.
    pub status: String,
    /// The status category's key (`new`, `indeterminate`, `done`); empty when Jira gave none.
    pub status_category: String,
    /// All labels, including creation tokens.
    pub labels: Vec<String>,
    /// Note-side values of the readable mapped fields.
    pub values: BTreeMap<String, Value>,
    /// Why some mapped fields were left out.
    pub problems: Vec<String>,
    /// The issue's links (`fields.issuelinks`); `None` when the answer did not carry them (not asked for, or
    /// a view built from the base).
    pub links: Option<Vec<crate::alignment::jira_links::IssueLink>>,
    /// The parent's key (Cloud `parent`; Data Center `parent` or the Epic Link); `None` when the answer names none.
    pub parent: Option<String>,
    /// Whether that parent is an epic: on Cloud the parent's issue type is at hierarchy level 1, on Data Center
    /// the parent came from the Epic Link (see [`parent_is_epic`]).
    pub epic: bool,
    /// What the answer carries for the rules' facts (blockers, the parent's status, the comment count).
    pub rule: super::rule_fields::RuleFields,
}

/// Whether an issue's parent is an epic, given that it has one: Cloud's `parent` carries its issue type with
/// `hierarchyLevel` 1 for the epic level; on Data Center `parent` is only ever a sub-task's parent, and an epic
/// is named by the Epic Link instead (so a parent read without `parent` is an epic).
fn parent_is_epic(fields: &Value) -> bool {
    match fields.get("parent").filter(|p| !p.is_null()) {
        Some(p) => p.pointer("/fields/issuetype/hierarchyLevel").and_then(Value::as_i64) == Some(1),
        None => true,
    }
}

impl RemoteIssue {
    /// Reads an issue object (`{id, key, fields}`); `None` when it has no id or key. `texts` holds rich-text
    /// fields left out of `issue` as (field id, JSON text of their ADF), read as if they were in its `fields`.
    pub fn read(
        issue: &Value,
        texts: &[(String, String)],
        fields: &[FieldMapping],
        ctx: &FieldContext<'_>,
        statuses: &StatusMap,
    ) -> Option<Self> {
        let id = match issue.get("id")? {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let key = issue.get("key")?.as_str()?.to_owned();
        let f = issue.get("fields").unwrap_or(&Value::Null);
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
        let status = text(f.pointer("/status/name"));
        let mut values = BTreeMap::new();
        let mut problems = Vec::new();
        for mapping in fields {
            let value = if mapping.jira == JiraField::Status {
                match statuses.state_for(&status) {
                    Ok(state) => Ok(Value::String(state.to_owned())),
                    Err(e) => Err(e.to_string()),
                }
            } else {
                read_field_or_held(issue, texts, &mapping.jira, ctx).map_err(|e| e.to_string())
            };
            // The body is compared in the same normal form as the note's (see `local::body_value`).
            let value = match (&mapping.note, value) {
                (crate::sync::NoteTarget::Body, Ok(Value::String(text))) => Ok(Value::String(body_value(&text))),
                (_, other) => other,
            };
            match value {
                Ok(v) => {
                    values.insert(note_name(mapping).to_owned(), v);
                }
                Err(e) => problems.push(e),
            }
        }
        let parent = read_field(issue, &JiraField::Parent, ctx)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .filter(|k| !k.is_empty());
        let labels = f
            .get("labels")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        Some(Self {
            id,
            key,
            updated: text(f.get("updated")),
            project: text(f.pointer("/project/key")),
            issue_type: text(f.pointer("/issuetype/name")),
            status,
            status_category: text(f.pointer("/status/statusCategory/key")),
            labels,
            values,
            problems,
            links: crate::alignment::jira_links::read_issue_links(issue),
            epic: parent.is_some() && parent_is_epic(f),
            parent,
            rule: super::rule_fields::RuleFields::read(issue),
        })
    }

    /// The workflow scope of learned transitions: `PROJECT/IssueType`.
    pub fn workflow(&self) -> String {
        format!("{}/{}", self.project, self.issue_type)
    }
}
