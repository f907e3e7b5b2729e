//! Reading a rules note into [`Rule`]s, with a diagnostic (line and column) for every problem.
//!
//! Each `jira-rule` block is one rule, read on its own: a rule with a problem is left out (and said why), the
//! others still load. Keys are kebab-case words; an unknown key is an error, so a typo never silently changes
//! what a rule does.
//!
//! This file holds the rule's own keys, the shared value readers (texts, booleans, templates, durations, lists,
//! option mappings) and the typo hints; `trigger`, `condition` and `action` read the three parts of a rule.

mod action;
mod condition;
mod summarise;
mod trigger;

use super::blocks::rule_blocks;
use super::duration::{self, Minutes};
use super::model::Rule;
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

/// Whether `a` is a likely typo of `b`: lengths within two of each other and at most two edits (Levenshtein).
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
