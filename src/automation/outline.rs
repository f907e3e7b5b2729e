//! The rules note as the user sees it: one [`RuleOutline`] per `jira-rule` block (its place, its name, on or
//! off, the rule in words and the problems found in that block), for the rule cards in Obsidian and for
//! `jira-vault-sync automation check`; and [`set_enabled`], the one-line edit behind a card's on/off toggle.
//!
//! A block whose rule cannot be read still has an outline: its name and `enabled` are taken from its YAML when
//! that reads, and its problems say why the rule is left out. Every diagnostic of the note belongs to the block
//! it points into.

use serde::Serialize;

use super::blocks::{Block, rule_blocks};
use super::describe::{action_words, condition_words, trigger_words};
use super::read::read_rules;
use super::yaml::{self, Node, NodeValue};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Position;

/// Every rule block of a rules note, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RulesOutline {
    /// The blocks in note order.
    pub rules: Vec<RuleOutline>,
    /// How many problems are errors (rules left out), over all blocks.
    pub errors: usize,
    /// How many problems are warnings.
    pub warnings: usize,
}

/// One rule block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleOutline {
    /// 1-based line of the opening fence.
    pub line: usize,
    /// 1-based line of the closing fence (the note's last line when the block is never closed).
    pub end_line: usize,
    /// The rule's name, when the block names one.
    pub name: Option<String>,
    /// Whether the rule is on (`enabled:` as written; a rule without it is on).
    pub enabled: bool,
    /// Whether [`set_enabled`] can flip it (the block is a YAML mapping written one key per line).
    pub toggleable: bool,
    /// Whether the rule reads without error (only such rules run).
    pub valid: bool,
    /// The trigger in words (valid rules only).
    pub trigger: Option<String>,
    /// The condition in words, when it has one (valid rules only).
    pub condition: Option<String>,
    /// The actions in words, in order (valid rules only).
    pub actions: Vec<String>,
    /// Whether changes made by automation may trigger it.
    pub reacts_to_automation: bool,
    /// The problems in this block, with line and column in the note.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the rules note `note` block by block.
pub fn outline(note: &str) -> RulesOutline {
    let set = read_rules(note);
    let blocks = rule_blocks(note);
    let mut rules: Vec<RuleOutline> = blocks
        .iter()
        .map(|block| {
            let rule = set.rules.iter().find(|r| r.at == block.fence);
            let root = yaml::read(note, &note[block.content.clone()], block.content.start).ok().flatten();
            let (name, enabled) = match rule {
                Some(r) => (Some(r.name.clone()), r.enabled),
                None => match &root {
                    Some(root) => (written_name(root), written_enabled(root)),
                    // YAML that does not read: the name line as written, so the problem card still says which rule.
                    None => (name_line(&note[block.content.clone()]), true),
                },
            };
            RuleOutline {
                line: Position::of(note, block.fence).line,
                end_line: end_line(note, block),
                name,
                enabled,
                toggleable: root.as_ref().is_some_and(|root| enabled_edit(note, block, root, !enabled).is_some()),
                valid: rule.is_some(),
                trigger: rule.map(|r| trigger_words(&r.trigger)),
                condition: rule.and_then(|r| r.condition.as_ref()).map(condition_words),
                actions: rule.map(|r| r.actions.iter().map(action_words).collect()).unwrap_or_default(),
                reacts_to_automation: rule.is_some_and(|r| r.reacts_to_automation),
                diagnostics: Vec::new(),
            }
        })
        .collect();
    for d in &set.diagnostics {
        // Each diagnostic points into its block: the last block opening at or before it.
        let owner = blocks.iter().rposition(|b| b.fence <= d.offset).unwrap_or(0);
        if let Some(rule) = rules.get_mut(owner) {
            rule.diagnostics.push(d.clone());
        }
    }
    let count = |s: Severity| set.diagnostics.iter().filter(|d| d.severity == s).count();
    RulesOutline { rules, errors: count(Severity::Error), warnings: count(Severity::Warning) }
}

/// The note with the rule block opening on 1-based line `fence_line` switched on or off, or `None` when there
/// is no rule block there or it cannot be edited in one line (its YAML does not read, or it is a flow mapping
/// `{…}`). Only the `enabled:` line changes; a block without one gains `enabled: …` as its first line, indented
/// like its first key. Nothing else of the note changes, byte for byte.
pub fn set_enabled(note: &str, fence_line: usize, enabled: bool) -> Option<String> {
    let block = rule_blocks(note).into_iter().find(|b| Position::of(note, b.fence).line == fence_line)?;
    let root = yaml::read(note, &note[block.content.clone()], block.content.start).ok()??;
    let (range, text) = enabled_edit(note, &block, &root, enabled)?;
    let mut out = String::with_capacity(note.len() + text.len());
    out.push_str(&note[..range.start]);
    out.push_str(&text);
    out.push_str(&note[range.end..]);
    Some(out)
}

/// The byte range to replace and its new text that make the block's `enabled` read `enabled`.
fn enabled_edit(note: &str, block: &Block, root: &Node, enabled: bool) -> Option<(std::ops::Range<usize>, String)> {
    let NodeValue::Map(entries) = &root.value else { return None };
    // A flow mapping (`{name: …, enabled: …}`) has its keys on a line shared with others.
    if note[root.at..].starts_with('{') {
        return None;
    }
    let word = if enabled { "true" } else { "false" };
    match entries.iter().find(|(k, _)| k.scalar() == Some("enabled")) {
        Some((_, value)) => match &value.value {
            // Only a plain scalar written where it starts, on one line, is replaced.
            NodeValue::Scalar { text, quoted: false }
                if !text.is_empty() && !text.contains('\n') && note[value.at..].starts_with(text.as_str()) =>
            {
                Some((value.at..value.at + text.len(), word.to_owned()))
            }
            _ => None,
        },
        None => {
            let first = entries.first().map_or(root.at, |(k, _)| k.at);
            let line_start = note[..first].rfind('\n').map_or(0, |i| i + 1);
            let indent = &note[line_start..first];
            if line_start < block.content.start || !indent.bytes().all(|b| b == b' ') {
                return None;
            }
            let newline =
                if note[first..].split('\n').next().is_some_and(|l| l.ends_with('\r')) { "\r\n" } else { "\n" };
            Some((line_start..line_start, format!("{indent}enabled: {word}{newline}")))
        }
    }
}

fn written_name(root: &Node) -> Option<String> {
    let NodeValue::Map(entries) = &root.value else { return None };
    let (_, value) = entries.iter().find(|(k, _)| k.scalar() == Some("name"))?;
    value.scalar().map(str::trim).filter(|n| !n.is_empty() && !value.is_null()).map(str::to_owned)
}

/// The value of a `name:` line at the start of a line of `yaml` (quotes and a trailing comment taken off).
fn name_line(yaml: &str) -> Option<String> {
    let value = yaml.lines().find_map(|l| l.strip_prefix("name:"))?;
    let value = value.split(" #").next().unwrap_or_default().trim();
    let unquoted = ['"', '\''].iter().find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)));
    Some(unquoted.unwrap_or(value).trim().to_owned()).filter(|n| !n.is_empty())
}

fn written_enabled(root: &Node) -> bool {
    let NodeValue::Map(entries) = &root.value else { return true };
    !entries.iter().any(|(k, v)| {
        k.scalar() == Some("enabled")
            && matches!(&v.value, NodeValue::Scalar { text, quoted: false } if matches!(text.as_str(), "false" | "False" | "FALSE"))
    })
}

fn end_line(note: &str, block: &Block) -> usize {
    if block.closed { Position::of(note, block.content.end).line } else { Position::of(note, note.len()).line }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "# Rules\n\n```jira-rule\nname: Review\nwhen: tasks-checked\nthen:\n  - move-to: In Review\n```\n\n```jira-rule\nname: Broken\nenabled: false\nwhen: [oops\n```\n\n```jira-rule\nname: Typo\nwhen: status-changd\nthen:\n  - notice: hi\n```\n";

    #[test]
    fn outlines_each_block_with_its_own_problems() {
        let o = outline(NOTE);
        assert_eq!(o.rules.len(), 3);
        let [review, broken, typo] = &o.rules[..] else { panic!("three rules") };
        assert_eq!((review.line, review.end_line, review.valid, review.enabled), (3, 8, true, true));
        assert_eq!(review.name.as_deref(), Some("Review"));
        assert_eq!(review.trigger.as_deref(), Some("All tasks in the note are checked"));
        assert_eq!(review.actions, ["Move the issue to In Review"]);
        assert_eq!(review.diagnostics, []);
        // Malformed YAML: the name line as written, and the problem is on the block's own lines.
        assert!(!broken.valid && !broken.toggleable);
        assert_eq!(broken.name.as_deref(), Some("Broken"));
        assert_eq!(name_line("when: x\nname: 'Quoted' # c\n"), Some("Quoted".to_owned()));
        assert_eq!(name_line("  name: nested\nname:\n"), None);
        assert_eq!(broken.diagnostics.len(), 1);
        assert!((10..=14).contains(&broken.diagnostics[0].line), "{:?}", broken.diagnostics);
        // A rule with an unknown trigger keeps its name and says where the typo is.
        assert_eq!(typo.name.as_deref(), Some("Typo"));
        assert!(!typo.valid && typo.toggleable);
        assert_eq!((typo.diagnostics[0].line, typo.diagnostics[0].column), (18, 7));
        assert!(typo.diagnostics[0].message.contains("status-changed"), "{}", typo.diagnostics[0].message);
        assert_eq!((o.errors, o.warnings), (2, 0));
    }

    #[test]
    fn toggling_changes_one_line_or_inserts_one() {
        let off = set_enabled(NOTE, 3, false).expect("an edit");
        assert_eq!(off, NOTE.replace("name: Review\n", "enabled: false\nname: Review\n"));
        let on = set_enabled(&off, 3, true).expect("an edit");
        assert_eq!(on, NOTE.replace("name: Review\n", "enabled: true\nname: Review\n"));
        let quoted = "```jira-rule\nname: x\nenabled: \"false\"\n```\n";
        assert_eq!(set_enabled(quoted, 1, true), None, "a quoted value is text, not a switch");
        let indented = "```jira-rule\r\nname: x\r\nenabled: false # kept\r\n```\r\n";
        assert_eq!(
            set_enabled(indented, 1, true).as_deref(),
            Some("```jira-rule\r\nname: x\r\nenabled: true # kept\r\n```\r\n")
        );
        let crlf_insert = "```jira-rule\r\nname: x\r\n```\r\n";
        assert_eq!(
            set_enabled(crlf_insert, 1, false).as_deref(),
            Some("```jira-rule\r\nenabled: false\r\nname: x\r\n```\r\n")
        );
        // Malformed YAML, a flow mapping, or no block on that line: nothing is edited.
        assert_eq!(set_enabled(NOTE, 10, true), None);
        assert_eq!(set_enabled("```jira-rule\n{name: x, enabled: false}\n```\n", 1, true), None);
        assert_eq!(set_enabled(NOTE, 4, true), None);
    }
}
