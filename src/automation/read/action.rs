//! Reading `then`: the list of actions, each one `name: options` entry (`- move-to: In Review`,
//! `- comment: {text: …, mention: [assignee]}`), texts read as templates.

use super::Reader;
use crate::automation::model::{Action, Recipient};
use crate::automation::template::Template;
use crate::automation::yaml::{Node, NodeValue};

impl Reader<'_> {
    /// `then: [<action>, …]`, each action `{<name>: <options>}`.
    pub(super) fn actions(&mut self, node: &Node) -> Option<Vec<Action>> {
        let items: &[Node] = match &node.value {
            NodeValue::Seq(items) if !items.is_empty() => items,
            _ => {
                self.error(node, "rule-shape", "`then` is a list of actions, e.g. `- move-to: In Review`.");
                return None;
            }
        };
        let actions: Vec<Action> = items.iter().filter_map(|i| self.action(i)).collect();
        (actions.len() == items.len()).then_some(actions)
    }

    fn action(&mut self, node: &Node) -> Option<Action> {
        let NodeValue::Map(entries) = &node.value else {
            self.error(node, "rule-shape", "An action is one `name: options` entry, e.g. `- move-to: In Review`.");
            return None;
        };
        if entries.len() != 1 {
            self.error(node, "rule-shape", "Write one action per list item (start each with `- `).");
            return None;
        }
        let (key, value) = &entries[0];
        let name = key.scalar().unwrap_or_default();
        let action = match name {
            "move-to" => match &value.value {
                NodeValue::Scalar { .. } => {
                    Action::MoveTo { status: self.text(value, "`move-to`")?, fields: Vec::new() }
                }
                _ => {
                    let o = self.options(key, Some(value), &["status", "fields"], &["status"])?;
                    let status = o.text(self, "status")?;
                    let fields = match o.entries.iter().find(|(k, _)| k.scalar() == Some("fields")) {
                        Some((_, f)) => self.template_map(f, "`fields`")?,
                        None => Vec::new(),
                    };
                    Action::MoveTo { status, fields }
                }
            },
            "set" | "add" => {
                let entries = self
                    .map(value, &format!("`{name}` takes fields and values, e.g. `{name}: {{labels: [urgent]}}`."))?;
                let mut out = Vec::new();
                for (field, v) in entries {
                    let texts = self.list(v, "a field's value")?;
                    let templates: Vec<Template> = texts.iter().filter_map(|t| self.template_text(v, t)).collect();
                    if templates.len() != texts.len() {
                        return None;
                    }
                    out.push((field.scalar().unwrap_or_default().to_owned(), templates));
                }
                if name == "set" { Action::Set(out) } else { Action::Add(out) }
            }
            "clear" => Action::Clear(self.list(value, "`clear`")?),
            "comment" => match &value.value {
                NodeValue::Scalar { .. } => {
                    Action::Comment { text: self.template(value, "`comment`")?, mention: Vec::new() }
                }
                _ => {
                    let o = self.options(key, Some(value), &["text", "mention"], &["text"])?;
                    let text = self.template(o.get("text")?, "`text`")?;
                    let mention = match o.entries.iter().find(|(k, _)| k.scalar() == Some("mention")) {
                        Some((_, m)) => self.recipients(m)?,
                        None => Vec::new(),
                    };
                    Action::Comment { text, mention }
                }
            },
            "notify" => {
                let o = self.options(key, Some(value), &["subject", "body", "to"], &["subject", "body", "to"])?;
                let subject = self.template(o.get("subject")?, "`subject`")?;
                let body = self.template(o.get("body")?, "`body`")?;
                let to = self.recipients(o.get("to")?)?;
                Action::Notify { subject, body, to }
            }
            "create" => {
                let o = self.options(key, Some(value), &["type", "summary", "description", "link"], &["summary"])?;
                let issue_type = o.maybe_text(self, "type").unwrap_or_else(|| "Sub-task".to_owned());
                let summary = self.template(o.get("summary")?, "`summary`")?;
                let description = match o.entries.iter().find(|(k, _)| k.scalar() == Some("description")) {
                    Some((_, d)) => Some(self.template(d, "`description`")?),
                    None => None,
                };
                Action::Create { issue_type, summary, description, link: o.maybe_text(self, "link") }
            }
            "set-property" => Action::SetProperty(self.template_map(value, "`set-property`")?),
            "check-tasks" => match &value.value {
                _ if value.is_null() => Action::CheckTasks { section: None },
                _ => Action::CheckTasks {
                    section: self.options(key, Some(value), &["section"], &[])?.maybe_text(self, "section"),
                },
            },
            "append" => {
                let o = self.options(key, Some(value), &["heading", "line"], &["heading", "line"])?;
                Action::Append { heading: o.text(self, "heading")?, line: self.template(o.get("line")?, "`line`")? }
            }
            "move-note" => Action::MoveNote { folder: self.template(value, "`move-note`")? },
            "notice" => Action::Notice(self.template(value, "`notice`")?),
            "digest" => Action::Digest(self.template(value, "`digest`")?),
            "summarise" | "summarize" => self.summarise(key, value)?,
            other => {
                self.unknown(key, other, &ACTIONS);
                return None;
            }
        };
        Some(action)
    }

    fn template_text(&mut self, node: &Node, text: &str) -> Option<Template> {
        match Template::parse(text) {
            Ok(t) => Some(t),
            Err((_, message)) => {
                self.error(node, "rule-template", format!("{message}."));
                None
            }
        }
    }

    fn template_map(&mut self, node: &Node, what: &str) -> Option<Vec<(String, Template)>> {
        let entries = self.map(node, &format!("{what} takes names and values, e.g. `{{resolution: Done}}`."))?;
        let mut out = Vec::new();
        for (k, v) in entries {
            let name = k.scalar().unwrap_or_default().to_owned();
            out.push((name.clone(), self.template(v, &format!("`{name}`"))?));
        }
        Some(out)
    }

    pub(super) fn recipients(&mut self, node: &Node) -> Option<Vec<Recipient>> {
        let names = self.list(node, "a recipient")?;
        Some(
            names
                .into_iter()
                .map(|n| match n.as_str() {
                    "reporter" => Recipient::Reporter,
                    "assignee" => Recipient::Assignee,
                    "watchers" => Recipient::Watchers,
                    _ => Recipient::User(n),
                })
                .collect(),
        )
    }
}

/// The action names, for messages.
const ACTIONS: [&str; 14] = [
    "move-to",
    "set",
    "add",
    "clear",
    "comment",
    "notify",
    "create",
    "set-property",
    "check-tasks",
    "append",
    "move-note",
    "notice",
    "digest",
    "summarise",
];
