//! The facts the rules see, built before the push from what the run is about to make true: every linked
//! issue's base (a planned issue's as its work is about to commit it, see `automation_fold.rs`) and its note (a
//! planned note's text as its edit will leave it). The sections the sync writes into notes after the rules ran
//! (*Child issues*, the worklog section) are left out of the note's facts.
//!
//! Issue facts come from the mapped fields only (summary, assignee, reporter, priority, labels, due date by
//! their mappings; every other mapped field by its note name in `fields`); the status and its category from the
//! base; `status_since` from the shell's history ([`AutomationInput::status_since`]). A note the driver gave by
//! fingerprint only (unchanged since the last run) keeps the facts remembered for it.
//!
//! Dependencies and comments (read by the pull only while a rule needs them, see `rule_fields.rs`):
//! - `blockers`: an issue pulled this run takes its blockers from the answer's links; one not pulled keeps the
//!   blockers remembered for it. A blocker that is a synced issue takes its category from its base (current,
//!   since it was pulled when it changed); one out of scope keeps the category the blocked issue's last pull
//!   showed, so its change is seen when the blocked issue next changes or on a full scan. `blockers_done` is
//!   `None` when nothing blocks the issue.
//! - `subtasks_done`: over the synced issues whose parent (from the pull, `IssueBase::parent`) is this issue;
//!   `None` when it has none in scope.
//! - `parent_status`: the synced parent's status from its base; a parent out of scope, the status this issue's
//!   last pull showed (Cloud's `parent`, Data Center's for sub-tasks; an Epic Link shows none: unknown).
//! - `comments`: the count of an issue pulled this run; one not pulled keeps its remembered count.

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
        let bases = || {
            self.state
                .issues
                .iter()
                .map(|(id, b)| (id, self.auto.planned.get(id).unwrap_or(b)))
                .filter(|(_, b)| !b.detached)
        };
        // Synced issues by key: their status and category now; and their children.
        let synced: BTreeMap<&str, (&str, Category)> = crate::sort::collect_map(
            bases().map(|(_, b)| (b.key.as_str(), (b.status.as_str(), Category::of_key(&b.status_category)))),
        );
        let mut children: BTreeMap<&str, Vec<Category>> = BTreeMap::new();
        for (_, b) in bases().filter(|(_, b)| !b.parent.is_empty()) {
            children.entry(b.parent.as_str()).or_default().push(Category::of_key(&b.status_category));
        }
        for (id, base) in bases() {
            let old = known.get(&base.key);
            let pulled = self.remote.get(id).map(|r| &r.rule);
            let mut blockers =
                pulled.and_then(|r| r.blockers.clone()).or_else(|| old.map(|f| f.blockers.clone())).unwrap_or_default();
            for (key, category) in &mut blockers {
                if let Some((_, now)) = synced.get(key.as_str()) {
                    *category = *now;
                }
            }
            let parent_status = (!base.parent.is_empty())
                .then(|| match synced.get(base.parent.as_str()) {
                    Some((status, _)) => Some((*status).to_owned()),
                    None => pulled
                        .and_then(|r| r.parent_status.clone())
                        .or_else(|| old.and_then(|f| f.parent_status.clone())),
                })
                .flatten();
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
                Some(n) if !n.unread => {
                    let text = self.auto.planned_text.get(&n.path).unwrap_or(&n.content);
                    (Some(note_facts(&n.path, &self.own_text(text))), self.keyed_task_checked(&base.key))
                }
                Some(_) => (old.and_then(|f| f.note.clone()), old.and_then(|f| f.keyed_task_checked)),
                None => (None, None),
            };
            out.push(IssueFacts {
                key: base.key.clone(),
                project: project.to_owned(),
                issue_type: issue_type.to_owned(),
                summary: value(JiraField::Summary).unwrap_or_default(),
                status: base.status.clone(),
                category: Category::of_key(&base.status_category),
                status_since: input.status_since.get(&base.key).copied(),
                assignee: value(JiraField::Assignee),
                reporter: value(JiraField::Reporter),
                priority: value(JiraField::Priority),
                labels,
                due: value(JiraField::DueDate).and_then(|d| crate::date_text::parse_date(&d)),
                updated: crate::sync::parse_jira_time(&base.updated).map_or(0, |t| t.timestamp_millis()),
                comments: pulled.and_then(|r| r.comments).or_else(|| old.and_then(|f| f.comments)),
                url: format!("{site}/browse/{}", base.key),
                fields,
                blockers_done: (!blockers.is_empty()).then(|| blockers.iter().all(|(_, c)| *c == Category::Done)),
                blockers,
                subtasks_done: children.get(base.key.as_str()).map(|c| c.iter().all(|c| *c == Category::Done)),
                parent_status,
                keyed_task_checked: keyed,
                changed_by_automation: false,
                note: note_facts,
            });
        }
        crate::sort::sort_by(&mut out, |a, b| a.key.cmp(&b.key));
        out
    }

    /// A note's text without the sections the sync writes after the rules ran (*Child issues*, and with time
    /// tracking the worklog section): the sync's own writes there are no change of the note.
    fn own_text(&self, text: &str) -> String {
        let own = crate::alignment::child_section::without_section(text);
        match self.section_heading().and_then(|h| super::worklog_text::section_range(&own, &h)) {
            Some((a, b)) => format!("{}{}", &own[..a], &own[b..]),
            None => own.into_owned(),
        }
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
