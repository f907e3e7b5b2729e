//! The example rules note that **Open automation rules** creates when the rules note is missing: five rules
//! from the brief, every one switched off (`enabled: false`) so that nothing runs until the user turns
//! a rule on. Each one reads without a single diagnostic (tested here).

/// The example rules note (Markdown with one `jira-rule` block per rule).
pub const EXAMPLE_RULES: &str = include_str!("example_rules.md");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::automation::{Action, Condition, Subject, Test, Trigger, read_rules};

    #[test]
    fn every_example_reads_without_a_diagnostic_and_is_switched_off() {
        let set = read_rules(EXAMPLE_RULES);
        assert_eq!(set.diagnostics, []);
        assert_eq!(set.rules.len(), 5);
        assert!(set.rules.iter().all(|r| !r.enabled && !r.reacts_to_automation));
        let triggers: Vec<&Trigger> = set.rules.iter().map(|r| &r.trigger).collect();
        assert!(matches!(triggers[0], Trigger::TasksAllChecked { section: None }));
        assert!(
            matches!(triggers[1], Trigger::InStatus { status: Some(s), longer_than } if s == "In Review" && longer_than.0 == 3 * 1440)
        );
        assert!(matches!(triggers[2], Trigger::BlockersDone));
        assert!(matches!(triggers[3], Trigger::StatusChanged { from: None, to: Some(s) } if s == "Done"));
        assert!(matches!(triggers[4], Trigger::DueWithin { within } if within.0 == 2 * 1440));
        assert!(matches!(&set.rules[0].actions[0], Action::MoveTo { status, .. } if status == "In Review"));
        assert!(
            matches!(&set.rules[1].actions[0], Action::Comment { mention, .. } if mention == &[crate::automation::Recipient::Assignee])
        );
        assert!(matches!(&set.rules[2].actions[0], Action::MoveTo { status, .. } if status == "To Do"));
        assert!(matches!(set.rules[3].actions[0], Action::CheckTasks { section: None }));
        assert!(matches!(set.rules[4].actions[..], [Action::Notice(_), Action::Digest(_)]));
        assert_eq!(
            set.rules[4].condition,
            Some(Condition::Test(Subject::StatusCategory, Test::Is(vec!["to-do".into()])))
        );
    }
}
