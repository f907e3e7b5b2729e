//! Reading `if`: conditions combined with `all`, `any` and `not`, each test one subject (`status`, `labels`,
//! `field.<name>`, `property.<name>`, …) against a value, a list of values, or `is`/`is-not`/`contains`/`empty`.

use super::Reader;
use crate::automation::model::{Condition, Subject, Test};
use crate::automation::yaml::{Node, NodeValue};

impl Reader<'_> {
    /// `if: <condition>`: `{all: [...]}`, `{any: [...]}`, `{not: ...}` or `{<subject>: <test>}`.
    pub(super) fn condition(&mut self, node: &Node) -> Option<Condition> {
        let entries = self.map(node, "A condition is a mapping such as `{status: In Review}` or `{all: [...]}`.")?;
        if entries.len() != 1 {
            let list: Vec<Condition> = entries.iter().filter_map(|(k, v)| self.condition_entry(k, v)).collect();
            return (list.len() == entries.len()).then_some(Condition::All(list));
        }
        let (key, value) = &entries[0];
        self.condition_entry(key, value)
    }

    fn condition_entry(&mut self, key: &Node, value: &Node) -> Option<Condition> {
        let name = key.scalar().unwrap_or_default();
        match name {
            "all" | "any" => {
                let NodeValue::Seq(items) = &value.value else {
                    self.error(value, "rule-shape", format!("`{name}` takes a list of conditions."));
                    return None;
                };
                let list: Vec<Condition> = items.iter().filter_map(|i| self.condition(i)).collect();
                (list.len() == items.len())
                    .then(|| if name == "all" { Condition::All(list) } else { Condition::Any(list) })
            }
            "not" => Some(Condition::Not(Box::new(self.condition(value)?))),
            _ => {
                let subject = match name {
                    "project" => Subject::Project,
                    "issue-type" => Subject::IssueType,
                    "status" => Subject::Status,
                    "status-category" => Subject::StatusCategory,
                    "labels" => Subject::Labels,
                    "priority" => Subject::Priority,
                    "assignee" => Subject::Assignee,
                    _ => match (name.strip_prefix("field."), name.strip_prefix("property.")) {
                        (Some(f), _) if !f.trim().is_empty() => Subject::Field(f.trim().to_owned()),
                        (_, Some(p)) if !p.trim().is_empty() => Subject::Property(p.trim().to_owned()),
                        _ => {
                            self.unknown(key, name, &SUBJECTS);
                            return None;
                        }
                    },
                };
                let test = self.test(value)?;
                if subject == Subject::StatusCategory {
                    let values = match &test {
                        Test::Is(v) | Test::IsNot(v) => v.clone(),
                        Test::Contains(v) => vec![v.clone()],
                        Test::Empty(_) => Vec::new(),
                    };
                    if let Some(bad) = values
                        .iter()
                        .find(|v| !matches!(v.to_ascii_lowercase().as_str(), "to-do" | "in-progress" | "done"))
                    {
                        self.error(
                            value,
                            "rule-shape",
                            format!("`{bad}` is not a status category: use to-do, in-progress or done."),
                        );
                        return None;
                    }
                }
                Some(Condition::Test(subject, test))
            }
        }
    }

    /// A test: a value (equals), a list (equals one of), or `{is|is-not|contains|empty: …}`.
    fn test(&mut self, node: &Node) -> Option<Test> {
        match &node.value {
            NodeValue::Scalar { .. } if node.is_null() => Some(Test::Empty(true)),
            NodeValue::Scalar { text, .. } => Some(Test::Is(vec![text.clone()])),
            NodeValue::Seq(_) => Some(Test::Is(self.list(node, "the values")?)),
            NodeValue::Map(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                match key.scalar().unwrap_or_default() {
                    "is" => Some(Test::Is(self.list(value, "`is`")?)),
                    "is-not" => Some(Test::IsNot(self.list(value, "`is-not`")?)),
                    "contains" => Some(Test::Contains(self.text(value, "`contains`")?)),
                    "empty" => Some(Test::Empty(self.boolean(value, "`empty`")?)),
                    other => {
                        self.unknown(key, other, &["is", "is-not", "contains", "empty"]);
                        None
                    }
                }
            }
            _ => {
                self.error(
                    node,
                    "rule-shape",
                    "A test is a value, a list of values, or one of `is`, `is-not`, `contains`, `empty`.",
                );
                None
            }
        }
    }
}

/// The condition subjects, for messages.
const SUBJECTS: [&str; 12] = [
    "all",
    "any",
    "not",
    "project",
    "issue-type",
    "status",
    "status-category",
    "labels",
    "priority",
    "assignee",
    "field.<name>",
    "property.<name>",
];
