//! Reading `when`: one trigger, as a bare name (`when: assignee-changed`) or with its options
//! (`when: {in-status: {status: In Review, for: 3d}}`).

use super::Reader;
use crate::automation::model::Trigger;
use crate::automation::yaml::{Node, NodeValue};

impl Reader<'_> {
    /// `when: <trigger>` or `when: {<trigger>: <options>}`.
    pub(super) fn trigger(&mut self, node: &Node) -> Option<Trigger> {
        let (name_node, options) = match &node.value {
            NodeValue::Scalar { .. } => (node, None),
            NodeValue::Map(entries) if entries.len() == 1 => (&entries[0].0, Some(&entries[0].1)),
            _ => {
                self.error(node, "rule-shape", "`when` names one trigger, e.g. `when: {status-changed: {to: Done}}`.");
                return None;
            }
        };
        let name = name_node.scalar().unwrap_or_default();
        let opts = options.filter(|o| !o.is_null());
        let trigger = match name {
            "property-changed" => {
                let o = self.options(name_node, opts, &["property", "from", "to"], &["property"])?;
                Trigger::PropertyChanged {
                    property: o.text(self, "property")?,
                    from: o.maybe_text(self, "from"),
                    to: o.maybe_text(self, "to"),
                }
            }
            "property-set" | "property-cleared" => {
                let property = match opts {
                    Some(n) if n.scalar().is_some() => self.text(n, "the property")?,
                    _ => self.options(name_node, opts, &["property"], &["property"])?.text(self, "property")?,
                };
                if name == "property-set" {
                    Trigger::PropertySet { property }
                } else {
                    Trigger::PropertyCleared { property }
                }
            }
            "body-changed" => Trigger::BodyChanged {
                section: self.options(name_node, opts, &["section"], &[])?.maybe_text(self, "section"),
            },
            "tasks-checked" => Trigger::TasksAllChecked {
                section: self.options(name_node, opts, &["section"], &[])?.maybe_text(self, "section"),
            },
            "task-checked" => Trigger::KeyedTask { checked: true },
            "task-unchecked" => Trigger::KeyedTask { checked: false },
            "status-changed" => {
                let o = self.options(name_node, opts, &["from", "to"], &[])?;
                Trigger::StatusChanged { from: o.maybe_text(self, "from"), to: o.maybe_text(self, "to") }
            }
            "assignee-changed" => self.bare(name_node, opts, Trigger::AssigneeChanged)?,
            "priority-changed" => self.bare(name_node, opts, Trigger::PriorityChanged)?,
            "comment-added" => self.bare(name_node, opts, Trigger::CommentAdded)?,
            "issue-created" => self.bare(name_node, opts, Trigger::IssueCreated)?,
            "blockers-done" => self.bare(name_node, opts, Trigger::BlockersDone)?,
            "subtasks-done" => self.bare(name_node, opts, Trigger::SubtasksDone)?,
            "in-status" => {
                let o = self.options(name_node, opts, &["status", "for"], &["for"])?;
                let longer_than = self.duration(o.get("for")?, "`for`")?;
                Trigger::InStatus { status: o.maybe_text(self, "status"), longer_than }
            }
            "due-within" => Trigger::DueWithin { within: self.duration(opts.unwrap_or(name_node), "`due-within`")? },
            "no-change-for" => {
                Trigger::NoChangeFor { duration: self.duration(opts.unwrap_or(name_node), "`no-change-for`")? }
            }
            "daily-at" => {
                let at = opts.unwrap_or(name_node);
                let text = self.text(at, "`daily-at`")?;
                let Some((hour, minute)) = clock_time(&text) else {
                    self.error(at, "rule-shape", format!("`daily-at` is a local time like `09:00`, not `{text}`."));
                    return None;
                };
                Trigger::Daily { hour, minute }
            }
            "parent-status-changed" => {
                Trigger::ParentStatusChanged { to: self.options(name_node, opts, &["to"], &[])?.maybe_text(self, "to") }
            }
            other => {
                self.unknown(name_node, other, &TRIGGERS);
                return None;
            }
        };
        Some(trigger)
    }

    fn bare(&mut self, name: &Node, options: Option<&Node>, trigger: Trigger) -> Option<Trigger> {
        if let Some(o) = options {
            self.error(o, "rule-shape", format!("`{}` takes no options.", name.scalar().unwrap_or_default()));
            return None;
        }
        Some(trigger)
    }
}

/// The trigger names, for messages.
const TRIGGERS: [&str; 19] = [
    "property-changed",
    "property-set",
    "property-cleared",
    "body-changed",
    "tasks-checked",
    "task-checked",
    "task-unchecked",
    "status-changed",
    "assignee-changed",
    "priority-changed",
    "comment-added",
    "issue-created",
    "in-status",
    "due-within",
    "no-change-for",
    "daily-at",
    "blockers-done",
    "subtasks-done",
    "parent-status-changed",
];

/// `HH:MM`, 24-hour clock.
fn clock_time(text: &str) -> Option<(u8, u8)> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.trim().len() <= 5).then_some((h, m))
}
