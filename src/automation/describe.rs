//! Rules in words, for the rule cards in Obsidian and `automation check`: one short sentence for a trigger, a
//! condition or an action, with every template shown as written (`{{issue.key}}` stays a placeholder).
//!
//! The words only describe what [`Rule`](super::Rule) holds; they never decide anything, so a card and the CLI
//! say the same thing about a rule.

use super::duration::Minutes;
use super::model::{Action, Condition, Recipient, Subject, Test, Trigger};
use super::template::{Part, Placeholder, Template};

/// The trigger in words, e.g. "Status changes in Jira to Done".
pub fn trigger_words(trigger: &Trigger) -> String {
    let from_to = |from: &Option<String>, to: &Option<String>| {
        let mut s = String::new();
        if let Some(f) = from {
            s.push_str(&format!(" from {f}"));
        }
        if let Some(t) = to {
            s.push_str(&format!(" to {t}"));
        }
        s
    };
    let section = |what: &str, section: &Option<String>| match section {
        Some(s) => format!("{what} in section “{s}”"),
        None => format!("{what} in the note"),
    };
    match trigger {
        Trigger::PropertyChanged { property, from, to } => {
            format!("Note property {property} changes{}", from_to(from, to))
        }
        Trigger::PropertySet { property } => format!("Note property {property} is set"),
        Trigger::PropertyCleared { property } => format!("Note property {property} is cleared"),
        Trigger::BodyChanged { section: None } => "The note's body changes".to_owned(),
        Trigger::BodyChanged { section: Some(s) } => format!("The note's section “{s}” changes"),
        Trigger::TasksAllChecked { section: s } => format!("{} are checked", section("All tasks", s)),
        Trigger::KeyedTask { checked: true } => "A task carrying the issue's key is checked".to_owned(),
        Trigger::KeyedTask { checked: false } => "A task carrying the issue's key is unchecked".to_owned(),
        Trigger::StatusChanged { from, to } => format!("Status changes in Jira{}", from_to(from, to)),
        Trigger::AssigneeChanged => "The assignee changes in Jira".to_owned(),
        Trigger::PriorityChanged => "The priority changes in Jira".to_owned(),
        Trigger::CommentAdded => "Someone adds a comment in Jira".to_owned(),
        Trigger::IssueCreated => "The issue is created in scope".to_owned(),
        Trigger::InStatus { status: Some(s), longer_than } => {
            format!("In status {s} for longer than {}", duration_words(*longer_than))
        }
        Trigger::InStatus { status: None, longer_than } => {
            format!("In its current status for longer than {}", duration_words(*longer_than))
        }
        Trigger::DueWithin { within } => format!("Due within {}", duration_words(*within)),
        Trigger::NoChangeFor { duration } => format!("No change for {}", duration_words(*duration)),
        Trigger::Daily { hour, minute } => format!("Every day at {hour:02}:{minute:02}"),
        Trigger::BlockersDone => "Every issue blocking it is done".to_owned(),
        Trigger::SubtasksDone => "Every sub-task is done".to_owned(),
        Trigger::ParentStatusChanged { to: None } => "The parent's status changes".to_owned(),
        Trigger::ParentStatusChanged { to: Some(t) } => format!("The parent's status changes to {t}"),
    }
}

/// The condition in words, e.g. "status category is in-progress and labels contain urgent".
pub fn condition_words(condition: &Condition) -> String {
    match condition {
        Condition::All(list) => joined(list, " and "),
        Condition::Any(list) => joined(list, " or "),
        Condition::Not(inner) => format!("not ({})", condition_words(inner)),
        Condition::Test(subject, test) => {
            let name = match subject {
                Subject::Project => "project".to_owned(),
                Subject::IssueType => "issue type".to_owned(),
                Subject::Status => "status".to_owned(),
                Subject::StatusCategory => "status category".to_owned(),
                Subject::Labels => "labels".to_owned(),
                Subject::Priority => "priority".to_owned(),
                Subject::Assignee => "assignee".to_owned(),
                Subject::Field(f) => format!("field {f}"),
                Subject::Property(p) => format!("note property {p}"),
            };
            let test = match test {
                Test::Is(values) if values.len() == 1 => format!("is {}", values[0]),
                Test::Is(values) => format!("is one of {}", values.join(", ")),
                Test::IsNot(values) if values.len() == 1 => format!("is not {}", values[0]),
                Test::IsNot(values) => format!("is none of {}", values.join(", ")),
                Test::Contains(v) if *subject == Subject::Labels => format!("include {v}"),
                Test::Contains(v) => format!("contains {v}"),
                Test::Empty(true) => "is empty".to_owned(),
                Test::Empty(false) => "is not empty".to_owned(),
            };
            format!("{name} {test}")
        }
    }
}

fn joined(list: &[Condition], with: &str) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|c| match c {
            Condition::All(l) | Condition::Any(l) if l.len() > 1 => format!("({})", condition_words(c)),
            _ => condition_words(c),
        })
        .collect();
    parts.join(with)
}

/// The action in words, e.g. "Comment “{{issue.key}} is late”, mentioning the assignee".
pub fn action_words(action: &Action) -> String {
    let values = |list: &[(String, Vec<Template>)], joiner: &str| {
        list.iter()
            .map(|(field, v)| {
                let texts: Vec<String> = v.iter().map(template_source).collect();
                format!("{field}{joiner}{}", texts.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let pairs = |list: &[(String, Template)]| {
        list.iter().map(|(k, v)| format!("{k}: {}", template_source(v))).collect::<Vec<_>>().join(", ")
    };
    match action {
        Action::MoveTo { status, fields } if fields.is_empty() => format!("Move the issue to {status}"),
        Action::MoveTo { status, fields } => format!("Move the issue to {status} (with {})", pairs(fields)),
        Action::Set(list) => format!("Set {}", values(list, " to ")),
        Action::Add(list) => {
            let parts: Vec<String> = list
                .iter()
                .map(|(field, v)| {
                    format!("{} to {field}", v.iter().map(template_source).collect::<Vec<_>>().join(", "))
                })
                .collect();
            format!("Add {}", parts.join("; "))
        }
        Action::Clear(fields) => format!("Clear {}", fields.join(", ")),
        Action::Comment { text, mention } if mention.is_empty() => {
            format!("Comment in Jira “{}”", template_source(text))
        }
        Action::Comment { text, mention } => {
            format!("Comment in Jira “{}”, mentioning {}", template_source(text), recipients(mention))
        }
        Action::Notify { subject, to, .. } => {
            format!("Notify {} through Jira: “{}”", recipients(to), template_source(subject))
        }
        Action::Create { issue_type, summary, link: None, .. } => {
            format!("Create a {issue_type} “{}”", template_source(summary))
        }
        Action::Create { issue_type, summary, link: Some(link), .. } => {
            format!("Create a {issue_type} “{}” linked as “{link}”", template_source(summary))
        }
        Action::SetProperty(list) => format!("Set note properties {}", pairs(list)),
        Action::CheckTasks { section: None } => "Check the note's tasks".to_owned(),
        Action::CheckTasks { section: Some(s) } => format!("Check the tasks in section “{s}”"),
        Action::Append { heading, line } => format!("Append “{}” under “{heading}”", template_source(line)),
        Action::MoveNote { folder } => format!("Move the note to folder {}", template_source(folder)),
        Action::Notice(t) => format!("Show a notice “{}”", template_source(t)),
        Action::Digest(t) => format!("Add to the digest “{}”", template_source(t)),
        Action::Summarise { intro, mention } if mention.is_empty() => {
            format!("Comment in Jira “{}” and a summary of the note's changes", template_source(intro))
        }
        Action::Summarise { intro, mention } => format!(
            "Comment in Jira “{}” and a summary of the note's changes, mentioning {}",
            template_source(intro),
            recipients(mention)
        ),
    }
}

fn recipients(list: &[Recipient]) -> String {
    let names: Vec<String> = list
        .iter()
        .map(|r| match r {
            Recipient::Reporter => "the reporter".to_owned(),
            Recipient::Assignee => "the assignee".to_owned(),
            Recipient::Watchers => "the watchers".to_owned(),
            Recipient::User(u) => u.clone(),
        })
        .collect();
    match names.as_slice() {
        [] => "nobody".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A template as the user wrote it: text as is (a literal `{{` escaped again), placeholders in braces.
pub fn template_source(template: &Template) -> String {
    let mut out = String::new();
    for part in &template.parts {
        match part {
            Part::Text(t) => out.push_str(&t.replace("{{", "\\{{")),
            Part::Value(p) => {
                out.push_str("{{");
                match p {
                    Placeholder::Issue(v) => out.push_str(&format!("issue.{v}")),
                    Placeholder::Field(f) => out.push_str(&format!("field.{f}")),
                    Placeholder::Property(p) => out.push_str(&format!("property.{p}")),
                    Placeholder::NoteTitle => out.push_str("note.title"),
                    Placeholder::NotePath => out.push_str("note.path"),
                    Placeholder::RuleName => out.push_str("rule.name"),
                    Placeholder::Time { offset_minutes, date_only } => {
                        out.push_str(if *date_only { "today" } else { "now" });
                        if *offset_minutes != 0 {
                            out.push(if *offset_minutes > 0 { '+' } else { '-' });
                            let m = u32::try_from(offset_minutes.unsigned_abs()).unwrap_or(u32::MAX);
                            out.push_str(&compact(Minutes(m)));
                        }
                    }
                }
                out.push_str("}}");
            }
        }
    }
    out
}

const UNITS: [(u32, &str, &str); 4] =
    [(7 * 24 * 60, "week", "w"), (24 * 60, "day", "d"), (60, "hour", "h"), (1, "minute", "m")];

/// A duration in words: "3 days", "1 day 4 hours".
pub fn duration_words(duration: Minutes) -> String {
    let mut left = duration.0;
    let mut parts = Vec::new();
    for (size, word, _) in UNITS {
        let n = left / size;
        left %= size;
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 { "" } else { "s" }));
        }
    }
    parts.join(" ")
}

/// A duration as a rule writes it: `3d`, `1d 4h`.
fn compact(duration: Minutes) -> String {
    let mut left = duration.0;
    let mut parts = Vec::new();
    for (size, _, unit) in UNITS {
        let n = left / size;
        left %= size;
        if n > 0 {
            parts.push(format!("{n}{unit}"));
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::automation::read_rules;

    fn rule(yaml: &str) -> crate::automation::Rule {
        let set = read_rules(&format!("```jira-rule\n{yaml}\n```\n"));
        assert_eq!(set.diagnostics, [], "{yaml}");
        set.rules.into_iter().next().expect("a rule")
    }

    #[test]
    fn triggers_conditions_and_actions_read_as_sentences() {
        let r = rule(
            "name: a\nwhen: {in-status: {status: In Review, for: 1d 4h}}\nif: {all: [{status-category: in-progress}, {any: [{labels: {contains: urgent}}, {not: {assignee: {empty: true}}}]}]}\nthen:\n  - comment: {text: \"{{issue.key}} waits since {{today-3d}} \\\\{{x}}\", mention: [assignee, reporter, Dana]}\n  - move-to: {status: Done, fields: {resolution: Done}}\n  - add: {labels: [stale, \"{{property.team}}\"]}",
        );
        assert_eq!(trigger_words(&r.trigger), "In status In Review for longer than 1 day 4 hours");
        assert_eq!(
            condition_words(r.condition.as_ref().expect("a condition")),
            "status category is in-progress and (labels include urgent or not (assignee is empty))"
        );
        let actions: Vec<String> = r.actions.iter().map(action_words).collect();
        assert_eq!(
            actions,
            [
                "Comment in Jira “{{issue.key}} waits since {{today-3d}} \\{{x}}”, mentioning the assignee, the reporter and Dana",
                "Move the issue to Done (with resolution: Done)",
                "Add stale, {{property.team}} to labels",
            ]
        );
    }

    #[test]
    fn a_template_reads_back_to_the_same_template() {
        for text in
            ["plain", "{{issue.summary}} by {{now+90m}}", "\\{{literal}} {{field.Story Points}}", "{{today-2w}}"]
        {
            let t = Template::parse(text).expect("a template");
            assert_eq!(Template::parse(&template_source(&t)).expect("a template"), t, "{text}");
        }
        assert_eq!(duration_words(Minutes(90)), "1 hour 30 minutes");
    }
}
