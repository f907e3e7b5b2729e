//! Reading the `summarise` action (issue #17 item 4): `- summarise:` alone, or `- summarise: {intro: …,
//! mention: [assignee, watchers]}`. The comment is the intro line (a template; by default
//! [`DEFAULT_INTRO`]) and the deterministic summary of what changed in the note's body this sync.

use super::Reader;
use crate::automation::model::Action;
use crate::automation::template::Template;
use crate::automation::yaml::Node;

/// The intro line when the rule gives none.
pub const DEFAULT_INTRO: &str = "What changed in the note of {{issue.key}}:";

impl Reader<'_> {
    /// `summarise` with its options.
    pub(super) fn summarise(&mut self, key: &Node, value: &Node) -> Option<Action> {
        let given = (!value.is_null()).then_some(value);
        let o = self.options(key, given, &["intro", "mention"], &[])?;
        let intro = match o.entries.iter().find(|(k, _)| k.scalar() == Some("intro")) {
            Some((_, node)) => self.template(node, "`intro`")?,
            None => Template::parse(DEFAULT_INTRO).ok()?,
        };
        let mention = match o.entries.iter().find(|(k, _)| k.scalar() == Some("mention")) {
            Some((_, m)) => self.recipients(m)?,
            None => Vec::new(),
        };
        Some(Action::Summarise { intro, mention })
    }
}

#[cfg(test)]
mod tests {
    use crate::automation::{Action, Recipient, read_rules};

    fn rule(then: &str) -> String {
        format!("```jira-rule\nname: r\nwhen: body-changed\nthen:\n{then}```\n")
    }

    #[test]
    fn summarise_reads_bare_or_with_intro_and_mentions() {
        let set = read_rules(&rule(
            "  - summarise:\n  - summarise: {intro: \"{{issue.key}} moved on\", mention: [assignee, Dana]}\n",
        ));
        assert_eq!(set.diagnostics, []);
        let [Action::Summarise { intro: a, mention: none }, Action::Summarise { intro: b, mention }] =
            &set.rules[0].actions[..]
        else {
            panic!("{:?}", set.rules[0].actions)
        };
        assert!(none.is_empty());
        assert_eq!(crate::automation::template_source(a), super::DEFAULT_INTRO);
        assert_eq!(crate::automation::template_source(b), "{{issue.key}} moved on");
        assert_eq!(mention, &[Recipient::Assignee, Recipient::User("Dana".into())]);
        let words = crate::automation::action_words(&set.rules[0].actions[1]);
        assert_eq!(
            words,
            "Comment in Jira “{{issue.key}} moved on” and a summary of the note's changes, mentioning the assignee and Dana"
        );
    }

    #[test]
    fn summarise_refuses_unknown_options() {
        let set = read_rules(&rule("  - summarise: {to: [assignee]}\n"));
        assert_eq!(set.rules.len(), 0);
        assert!(!set.diagnostics.is_empty());
    }
}
