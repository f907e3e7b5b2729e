//! What the pull reads for the rules' dependency and comment facts, beyond the mapped fields.
//!
//! Decisions and invariants:
//! - The search asks for these fields only while an enabled rule needs them ([`RuleNeeds`]): `issuelinks`
//!   for `blockers-done`, `parent` (on Data Center also the Epic Link) for `subtasks-done` and
//!   `parent-status-changed`, `comment` for `comment-added`. A sync without such rules sends the same
//!   requests as before. Both Cloud (v3) and Data Center (v2) carry the linked issue's and the parent's
//!   `fields.status` (with its category) in these answers, and `comment` as a page with its `total`.
//! - A blocker is the other issue of a link whose type reads `is blocked by` from this issue's side (the other
//!   issue is the link's `inwardIssue` and the type's inward phrase is `is blocked by`; Jira's `Blocks`).
//! - What an answer does not carry stays `None`, so an unknown value is never taken for an empty one.

use serde_json::Value;

use super::run::SyncRun;
use crate::automation::{Action, Category, Trigger, read_rules};

/// The fields the enabled rules need the pull to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct RuleNeeds {
    /// `issuelinks`, for the blockers.
    pub links: bool,
    /// `parent` (Data Center: and the Epic Link), for sub-tasks and the parent's status.
    pub parent: bool,
    /// `comment`, for the comment count.
    pub comments: bool,
    /// The site's link types (`GET /issueLinkType`), for a `create` action's `link`.
    pub link_types: bool,
}

/// The rule facts one issue's answer carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleFields {
    /// The issues blocking it with their status categories (`None`: the answer has no `issuelinks`).
    pub blockers: Option<Vec<(String, Category)>>,
    /// The parent's status name, when the answer's `parent` carries it.
    pub parent_status: Option<String>,
    /// How many comments it has (`None`: the answer has no `comment`).
    pub comments: Option<u32>,
}

impl RuleFields {
    /// Reads an issue object (`{id, key, fields}`).
    pub fn read(issue: &Value) -> Self {
        let f = issue.get("fields").unwrap_or(&Value::Null);
        let blockers = f.get("issuelinks").and_then(Value::as_array).map(|links| {
            let mut out: Vec<(String, Category)> = links
                .iter()
                .filter(|l| {
                    let inward = l.pointer("/type/inward").and_then(Value::as_str).unwrap_or_default();
                    inward.trim().eq_ignore_ascii_case("is blocked by")
                })
                .filter_map(|l| {
                    let other = l.get("inwardIssue")?;
                    let key = other.get("key")?.as_str()?.to_owned();
                    let category = other.pointer("/fields/status/statusCategory/key").and_then(Value::as_str);
                    Some((key, Category::of_key(category.unwrap_or_default())))
                })
                .collect();
            // Through the one compiled sort (`crate::sort`), stable: of two links to one issue the first is kept.
            crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
            out.dedup_by(|a, b| a.0 == b.0);
            out
        });
        let parent_status = f.pointer("/parent/fields/status/name").and_then(Value::as_str).map(str::to_owned);
        let comments = f.get("comment").and_then(|c| {
            let total = c.get("total").and_then(Value::as_u64);
            let listed = || c.get("comments").and_then(Value::as_array).map(|a| a.len() as u64);
            total.or_else(listed).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        });
        Self { blockers, parent_status, comments }
    }
}

impl SyncRun {
    /// What the enabled rules of this run need the pull to read (nothing when rules do not run).
    pub(super) fn rule_needs(&self) -> RuleNeeds {
        let Some(input) = self.input.automation.as_ref().filter(|_| self.rules_run()) else {
            return RuleNeeds::default();
        };
        let mut needs = RuleNeeds::default();
        for rule in read_rules(&input.rules).rules.iter().filter(|r| r.enabled) {
            match rule.trigger {
                Trigger::BlockersDone => needs.links = true,
                Trigger::SubtasksDone | Trigger::ParentStatusChanged { .. } => needs.parent = true,
                Trigger::CommentAdded => needs.comments = true,
                _ => {}
            }
            needs.link_types |= rule.actions.iter().any(|a| matches!(a, Action::Create { link: Some(_), .. }));
        }
        needs
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_blockers_parent_status_and_comment_count() {
        let status = |name: &str, cat: &str| json!({"name": name, "statusCategory": {"key": cat}});
        let blocks = json!({"name": "Blocks", "inward": "is blocked by", "outward": "blocks"});
        let issue = json!({"id": "1", "key": "OPS-2", "fields": {
            "issuelinks": [
                {"id": "1", "type": blocks, "inwardIssue": {"key": "OPS-9", "fields": {"status": status("Done", "done")}}},
                {"id": "2", "type": blocks, "inwardIssue": {"key": "WEB-1", "fields": {"status": status("Doing", "indeterminate")}}},
                {"id": "3", "type": blocks, "outwardIssue": {"key": "OPS-3", "fields": {"status": status("Open", "new")}}},
                {"id": "4", "type": {"name": "Relates", "inward": "relates to", "outward": "relates to"},
                 "inwardIssue": {"key": "OPS-4", "fields": {"status": status("Open", "new")}}}
            ],
            "parent": {"key": "OPS-1", "fields": {"status": status("In Review", "indeterminate")}},
            "comment": {"comments": [{"id": "5"}], "maxResults": 1, "total": 3, "startAt": 0}
        }});
        let read = RuleFields::read(&issue);
        assert_eq!(read.blockers, Some(vec![("OPS-9".into(), Category::Done), ("WEB-1".into(), Category::InProgress)]));
        assert_eq!(read.parent_status.as_deref(), Some("In Review"));
        assert_eq!(read.comments, Some(3));
    }

    #[test]
    fn an_answer_without_the_fields_knows_nothing() {
        let read = RuleFields::read(&json!({"id": "1", "key": "OPS-2", "fields": {"parent": {"key": "OPS-1"}}}));
        assert_eq!(read, RuleFields::default());
        let empty = RuleFields::read(&json!({"id": "1", "key": "OPS-2", "fields": {"issuelinks": []}}));
        assert_eq!(empty.blockers, Some(Vec::new()));
    }
}
