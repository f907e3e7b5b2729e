//! Reading a rules note into [`Rule`]s, with a diagnostic (line and column) for every problem.
//!
//! Each `jira-rule` block is one rule, read on its own: a rule with a problem is left out (and said why), the
//! others still load. Keys are kebab-case words; an unknown key is an error, so a typo never silently changes
//! what a rule does.

use super::blocks::rule_blocks;
use super::duration::{self, Minutes};
use super::model::{Action, Condition, Recipient, Rule, Subject, Test, Trigger};
use super::template::Template;
use super::yaml::{self, Node, NodeValue};
use crate::diagnostic::Diagnostic;

/// The rules of a note and the problems found reading it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSet {
    /// The rules that read without error, in note order.
    pub rules: Vec<Rule>,
    /// Problems, with their positions in the note.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every rule block of the rules note `note`.
pub fn read_rules(note: &str) -> RuleSet {
    let mut set = RuleSet::default();
    for block in rule_blocks(note) {
        let mut r = Reader { note, diagnostics: Vec::new() };
        if !block.closed {
            r.diagnostics.push(Diagnostic::warning(
                note,
                block.fence,
                "rule-unclosed",
                "This rule block has no closing fence, so it runs to the end of the note.",
            ));
        }
        let yaml_text = &note[block.content.clone()];
        let rule = match yaml::read(note, yaml_text, block.content.start) {
            Err(d) => {
                r.diagnostics.push(d);
                None
            }
            Ok(None) => {
                r.diagnostics.push(Diagnostic::error(
                    note,
                    block.fence,
                    "rule-empty",
                    "This rule block is empty: a rule needs `name`, `when` and `then`.",
                ));
                None
            }
            Ok(Some(root)) => r.rule(&root, block.fence),
        };
        let failed = r.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error);
        if let (Some(rule), false) = (rule, failed) {
            if set.rules.iter().any(|other| other.name.eq_ignore_ascii_case(&rule.name)) {
                r.diagnostics.push(Diagnostic::error(
                    note,
                    block.fence,
                    "rule-duplicate-name",
                    format!("Another rule is already named `{}`: rule names must be unique.", rule.name),
                ));
            } else {
                set.rules.push(rule);
            }
        }
        set.diagnostics.append(&mut r.diagnostics);
    }
    set
}

/// The rule keys, for messages.
const RULE_KEYS: [&str; 6] = ["name", "enabled", "when", "if", "then", "reacts-to-automation"];

struct Reader<'a> {
    note: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, node: &Node, code: &'static str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(self.note, node.at, code, message));
    }

    fn rule(&mut self, root: &Node, fence: usize) -> Option<Rule> {
        let entries =
            self.map(root, "A rule is a mapping of `name`, `when`, `then` (and optionally `if`, `enabled`).")?;
        let mut name = None;
        let mut enabled = true;
        let mut trigger = None;
        let mut condition = None;
        let mut actions = None;
        let mut reacts = false;
        for (key, value) in entries {
            match key.scalar().unwrap_or_default() {
                "name" => name = self.text(value, "`name`"),
                "enabled" => enabled = self.boolean(value, "`enabled`").unwrap_or(enabled),
                "when" => trigger = self.trigger(value),
                "if" => condition = self.condition(value),
                "then" => actions = self.actions(value),
                "reacts-to-automation" => reacts = self.boolean(value, "`reacts-to-automation`").unwrap_or(false),
                other => self.unknown(key, other, &RULE_KEYS),
            }
        }
        let at = Node { at: fence, value: NodeValue::Seq(Vec::new()) };
        for (key, what) in
            [("name", "`name`"), ("when", "`when` (what makes it fire)"), ("then", "`then` (what it does)")]
        {
            if !entries.iter().any(|(k, _)| k.scalar() == Some(key)) {
                self.error(&at, "rule-missing", format!("The rule has no {what}."));
            }
        }
        if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            self.error(&at, "rule-missing", "The rule's `name` is empty.");
        }
        Some(Rule {
            name: name?.trim().to_owned(),
            enabled,
            trigger: trigger?,
            condition,
            actions: actions?,
            reacts_to_automation: reacts,
            at: fence,
        })
    }

    fn unknown(&mut self, key: &Node, name: &str, known: &[&str]) {
        let close = known.iter().find(|k| similar(k, name));
        let hint = match close {
            Some(k) => format!(" Did you mean `{k}`?"),
            None => format!(" Use one of: {}.", known.join(", ")),
        };
        self.error(key, "rule-unknown-key", format!("`{name}` is not a key here.{hint}"));
    }

    fn map<'n>(&mut self, node: &'n Node, message: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            NodeValue::Map(entries) => Some(entries),
            _ => {
                self.error(node, "rule-shape", message);
                None
            }
        }
    }

    /// A scalar (numbers and booleans as written); `what` names it in the message.
    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match node.scalar() {
            Some(t) if !node.is_null() => Some(t.to_owned()),
            _ => {
                self.error(node, "rule-shape", format!("{what} must be a single value."));
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match &node.value {
            NodeValue::Scalar { text, quoted: false } if matches!(text.as_str(), "true" | "True" | "TRUE") => {
                Some(true)
            }
            NodeValue::Scalar { text, quoted: false } if matches!(text.as_str(), "false" | "False" | "FALSE") => {
                Some(false)
            }
            _ => {
                self.error(node, "rule-shape", format!("{what} must be `true` or `false`."));
                None
            }
        }
    }

    fn template(&mut self, node: &Node, what: &str) -> Option<Template> {
        let text = self.text(node, what)?;
        match Template::parse(&text) {
            Ok(t) => Some(t),
            Err((offset, message)) => {
                // Point into the text when it is written on one line as it reads (plain or simply quoted).
                let source = &self.note[node.at..];
                let skip = usize::from(source.starts_with(['"', '\'']));
                let at = if source[skip..].starts_with(&text[..offset.min(text.len())]) {
                    node.at + skip + offset
                } else {
                    node.at
                };
                self.diagnostics.push(Diagnostic::error(self.note, at, "rule-template", format!("{what}: {message}.")));
                None
            }
        }
    }

    fn duration(&mut self, node: &Node, what: &str) -> Option<Minutes> {
        let text = self.text(node, what)?;
        match duration::parse(&text) {
            Ok(m) => Some(m),
            Err(message) => {
                self.error(node, "rule-duration", format!("{what}: {message}."));
                None
            }
        }
    }

    /// `when: <trigger>` or `when: {<trigger>: <options>}`.
    fn trigger(&mut self, node: &Node) -> Option<Trigger> {
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

    /// The options mapping of a trigger or action: only `allowed` keys, every `required` one present.
    fn options<'n>(
        &mut self,
        name: &Node,
        options: Option<&'n Node>,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Options<'n>> {
        let entries: &[(Node, Node)] = match options {
            None => &[],
            Some(node) => self.map(
                node,
                &format!(
                    "`{}` takes options as a mapping ({}).",
                    name.scalar().unwrap_or_default(),
                    allowed.join(", ")
                ),
            )?,
        };
        let mut ok = true;
        for (key, _) in entries {
            let k = key.scalar().unwrap_or_default();
            if !allowed.contains(&k) {
                self.unknown(key, k, allowed);
                ok = false;
            }
        }
        for r in required {
            if !entries.iter().any(|(k, _)| k.scalar() == Some(r)) {
                self.error(name, "rule-missing", format!("`{}` needs `{r}`.", name.scalar().unwrap_or_default()));
                ok = false;
            }
        }
        ok.then_some(Options { entries })
    }

    /// `if: <condition>`: `{all: [...]}`, `{any: [...]}`, `{not: ...}` or `{<subject>: <test>}`.
    fn condition(&mut self, node: &Node) -> Option<Condition> {
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

    /// One value or a list of values, as texts.
    fn list(&mut self, node: &Node, what: &str) -> Option<Vec<String>> {
        match &node.value {
            NodeValue::Seq(items) => {
                let texts: Vec<String> = items.iter().filter_map(|i| self.text(i, what)).collect();
                (texts.len() == items.len()).then_some(texts)
            }
            _ => Some(vec![self.text(node, what)?]),
        }
    }

    /// `then: [<action>, …]`, each action `{<name>: <options>}`.
    fn actions(&mut self, node: &Node) -> Option<Vec<Action>> {
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

    fn recipients(&mut self, node: &Node) -> Option<Vec<Recipient>> {
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

/// The entries of an options mapping, checked by [`Reader::options`].
struct Options<'n> {
    entries: &'n [(Node, Node)],
}

impl<'n> Options<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v)
    }

    fn text(&self, r: &mut Reader, key: &str) -> Option<String> {
        r.text(self.get(key)?, &format!("`{key}`"))
    }

    fn maybe_text(&self, r: &mut Reader, key: &str) -> Option<String> {
        self.get(key).filter(|n| !n.is_null()).and_then(|n| r.text(n, &format!("`{key}`")))
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

/// The action names, for messages.
const ACTIONS: [&str; 13] = [
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
];

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

/// `HH:MM`, 24-hour clock.
fn clock_time(text: &str) -> Option<(u8, u8)> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.trim().len() <= 5).then_some((h, m))
}

/// Whether `a` is a likely typo of `b`: same length ±1 and at most two edits (Levenshtein).
fn similar(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}
