//! Reading whole rules notes: every trigger, condition and action form, and the diagnostics of malformed rules.

use super::*;
use crate::diagnostic::Severity;

fn note(rules: &[&str]) -> String {
    let mut text = String::from("# Automation\n\nSome prose.\n\n");
    for r in rules {
        text.push_str("```jira-rule\n");
        text.push_str(r);
        text.push_str("```\n\n");
    }
    text
}

#[test]
fn reads_the_example_rules() {
    let text = note(&[
        "name: Tasks done → review\nwhen: tasks-checked\nif: {status-category: in-progress}\nthen:\n  - move-to: In Review\n",
        "name: Stuck in review\nenabled: false\nwhen:\n  in-status: {status: In Review, for: 3d}\nthen:\n  - comment:\n      text: \"{{issue.key}} has been in review since {{today-3d}}\"\n      mention: [assignee, Dana Reyes]\n",
        "name: Unblocked\nwhen: blockers-done\nif:\n  all:\n    - status: Blocked\n    - not: {labels: {contains: hold}}\nthen:\n  - move-to: {status: To Do}\n  - notice: \"{{issue.key}} is unblocked\"\n",
        "name: Done in Jira\nwhen: {status-changed: {to: Done}}\nthen:\n  - check-tasks:\n  - append: {heading: Log, line: \"{{now}} done in Jira\"}\n",
        "name: Due soon\nwhen: {due-within: 2d}\nif: {status-category: to-do}\nthen:\n  - digest: \"{{issue.key}} {{issue.summary}} is due {{issue.due}}\"\n  - set: {priority: High}\n  - add: {labels: [due-soon]}\n",
    ]);
    let set = read_rules(&text);
    assert_eq!(set.diagnostics, []);
    assert_eq!(set.rules.len(), 5);
    let r = &set.rules[1];
    assert!(!r.enabled);
    assert_eq!(r.trigger, Trigger::InStatus { status: Some("In Review".into()), longer_than: Minutes(3 * 1440) });
    let Action::Comment { text: comment, mention } = &r.actions[0] else { panic!() };
    assert_eq!(mention, &[Recipient::Assignee, Recipient::User("Dana Reyes".into())]);
    assert_eq!(comment.placeholders().count(), 2);
    assert_eq!(
        set.rules[2].condition,
        Some(Condition::All(vec![
            Condition::Test(Subject::Status, Test::Is(vec!["Blocked".into()])),
            Condition::Not(Box::new(Condition::Test(Subject::Labels, Test::Contains("hold".into())))),
        ]))
    );
    assert_eq!(set.rules[3].actions[0], Action::CheckTasks { section: None });
    assert_eq!(set.rules[0].at, text.find("```jira-rule").expect("a value"));
}

/// (rule text, expected code, expected line within the block (1 = the first YAML line), message fragment)
const BAD: &[(&str, &str, usize, &str)] = &[
    ("name: x\nwhen: status-changd\nthen: [notice: hi]\n", "rule-unknown-key", 2, "Did you mean `status-changed`?"),
    (
        "name: x\nwhen: assignee-changed\nthen: [notice: hi]\nenable: false\n",
        "rule-unknown-key",
        4,
        "Did you mean `enabled`?",
    ),
    ("name: x\nwhen: assignee-changed\n", "rule-missing", 0, "no `then`"),
    ("when: assignee-changed\nthen: [notice: hi]\n", "rule-missing", 0, "no `name`"),
    ("name: x\nwhen: {in-status: {for: 3 days}}\nthen: [notice: hi]\n", "rule-duration", 2, "not a duration"),
    ("name: x\nwhen: {in-status: {status: Done}}\nthen: [notice: hi]\n", "rule-missing", 2, "needs `for`"),
    ("name: x\nwhen: issue-created\nthen:\n  - notice: \"{{issue.nope}}\"\n", "rule-template", 4, "issue.summary"),
    ("name: x\nwhen: issue-created\nthen:\n  - comment: {text: \"{{now\"}\n", "rule-template", 4, "not closed"),
    ("name: x\nwhen: issue-created\nthen: []\n", "rule-shape", 3, "list of actions"),
    ("name: x\nwhen: issue-created\nthen:\n  - launch: rockets\n", "rule-unknown-key", 4, "Use one of"),
    (
        "name: x\nwhen: issue-created\nif: {status-category: doing}\nthen: [notice: hi]\n",
        "rule-shape",
        3,
        "not a status category",
    ),
    ("name: x\nwhen: {daily-at: \"25:00\"}\nthen: [notice: hi]\n", "rule-shape", 2, "local time"),
    ("name: x\nwhen: [a, b]\nthen: [notice: hi]\n", "rule-shape", 2, "one trigger"),
    (
        "name: x\nwhen: issue-created\nthen:\n  - notice: hi\n    digest: ho\n",
        "rule-shape",
        4,
        "one action per list item",
    ),
    ("name: x\nwhen: assignee-changed: yes\n", "rule-yaml-syntax", 2, "not valid YAML"),
    ("name: &a x\nwhen: issue-created\nthen: [notice: hi]\n", "rule-yaml-anchor", 1, "anchors"),
    ("name: x\nname: y\n", "rule-duplicate-key", 2, "given twice"),
    ("", "rule-empty", 0, "empty"),
    ("- just\n- a list\n", "rule-shape", 1, "mapping"),
    ("name: x\nwhen: {comment-added: {to: me}}\nthen: [notice: hi]\n", "rule-shape", 2, "takes no options"),
    ("name: x\nwhen: issue-created\nthen:\n  - notify: {subject: Hi, body: There}\n", "rule-missing", 4, "needs `to`"),
];

#[test]
fn malformed_rules_say_what_and_where_and_the_others_still_load() {
    for (rule, code, line, fragment) in BAD {
        let text = note(&[rule, "name: good\nwhen: issue-created\nthen: [notice: hi]\n"]);
        let set = read_rules(&text);
        let fence_line = 6; // "# Automation", "", "Some prose.", "", "```jira-rule" is line 5; YAML starts on 6
        let errors: Vec<_> = set.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{rule}: {:?}", set.diagnostics);
        let d = errors[0];
        assert_eq!(d.code, *code, "{rule}: {d:?}");
        let expected_line = if *line == 0 { fence_line - 1 } else { fence_line + line - 1 };
        assert_eq!(d.line, expected_line, "{rule}: {d:?}");
        assert!(d.message.contains(fragment), "{rule}: {}", d.message);
        assert_eq!(set.rules.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["good"], "{rule}");
    }
}

#[test]
fn a_template_error_points_at_its_column() {
    let text = note(&["name: x\nwhen: issue-created\nthen:\n  - notice: \"Hi {{issue.nope}}\"\n"]);
    let d = &read_rules(&text).diagnostics[0];
    assert_eq!((d.line, d.column), (9, 17)); // the `{{`
}

#[test]
fn duplicate_names_and_unclosed_blocks() {
    let mut text = note(&[
        "name: Same\nwhen: issue-created\nthen: [notice: a]\n",
        "name: same\nwhen: issue-created\nthen: [notice: b]\n",
    ]);
    text.push_str("```jira-rule\nname: last\nwhen: issue-created\nthen: [notice: c]\n");
    let set = read_rules(&text);
    assert_eq!(set.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["rule-duplicate-name", "rule-unclosed"]);
    assert_eq!(set.rules.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Same", "last"]);
}

#[test]
fn a_note_without_rules_has_none_and_no_problems() {
    assert_eq!(read_rules("# Nothing\n```yaml\nname: x\n```\n"), RuleSet::default());
}

#[test]
fn note_fingerprints_survive_a_trip_through_javascript_numbers() {
    for text in ["", "About Fix login.", "A longer body\n\n## Notes\n- [x] done\n"] {
        let print = super::note_text::fingerprint(text);
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "the round trip under test"
        )]
        let back = (print as f64) as u64;
        assert_eq!(back, print, "{text:?}");
    }
}
