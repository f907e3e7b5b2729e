//! Versioned prompt templates. A template's text never changes under the same version: a changed prompt is a
//! new version, so a recorded request can be traced to the exact words that produced it, and the preview names
//! the version it shows.
//!
//! Placeholders are `{{name}}`; [`Template::render`] replaces the ones given and leaves no other text special
//! (the note's text is inserted as a value and never read as a template).

/// A prompt template: a system message and a user message with `{{placeholders}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The task the template is for.
    pub id: &'static str,
    /// Bumped on every change of the text.
    pub version: u32,
    /// The system message.
    pub system: &'static str,
    /// The user message.
    pub user: &'static str,
}

impl Template {
    /// `id@version`, as shown in previews and recorded with results.
    pub fn name(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// `text` (the template's system or user text) with each `{{key}}` replaced by its value, in one pass (a
    /// value containing `{{…}}` is not expanded again).
    pub fn render(text: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            match after.find("}}").and_then(|close| {
                let key = &after[..close];
                values.iter().find(|(k, _)| *k == key).map(|(_, v)| (close, *v))
            }) {
                Some((close, value)) => {
                    out.push_str(value);
                    rest = &after[close + 2..];
                }
                None => {
                    out.push_str("{{");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Finding the tasks in a note's prose that a person would file as issues.
pub const DETECT_TASKS: Template = Template {
    id: "detect-tasks",
    version: 1,
    system: "You find work items in a person's notes for their Jira site. A work item is something someone \
committed to do or that clearly must be done: an action from a meeting, a follow-up from an incident, a step of a \
plan. Ignore what is already done, decisions, opinions, questions without an owner and anything already linked \
to an issue key. Write each summary as a short imperative in the note's language (at most 12 words). Use only \
priorities from the list given and only people from the list given; otherwise use null. An estimate, when the \
note gives one, is a Jira duration such as 2h or 1d 4h. The line is the number before the bar of the line the item \
is written on. Never invent work that the note does not state.",
    user: "Note: {{title}} ({{path}})\nProperties:\n{{properties}}\n\nPriorities (highest first): {{priorities}}\n\
People who can be assigned: {{people}}\nLines already handled (do not repeat them): {{handled}}\n\n\
The note, one line per row as `number| text`:\n{{lines}}",
};

/// Suggesting priority, estimate and assignee for one issue, and the next steps (the *Model Suggestions*).
pub const SUGGEST_FIELDS: Template = Template {
    id: "suggest-fields",
    version: 1,
    system: "You help a person plan one Jira issue. From the issue's note, the context they chose and similar done \
issues of their team, suggest its priority, an estimate and an assignee, and up to five next steps. Use only \
priorities from the list given and only people from the list given; otherwise use null. An estimate is a Jira \
duration such as 2h or 1d 4h (8-hour days); start from the history's estimate when there is one and give the reason \
for any change in one sentence. Give the reason for the assignee in one sentence. Next steps are short imperatives \
in the note's language. Never invent facts that the note, the context or the history do not state.",
    user: "Issue {{key}}: {{summary}}\nProperties:\n{{properties}}\n\nContext chosen by the user:\n{{context}}\n\n\
Priorities (highest first): {{priorities}}\nPeople who can be assigned: {{people}}\n\n\
Estimate from similar done issues: {{estimate}}\nSimilar done issues (key, time spent, summary):\n\
{{similar}}\n\nThe note, one line per row as `number| text`:\n{{lines}}",
};

/// Summarising for stakeholders what changed in an issue's note since the last sync (a Jira comment).
pub const SUMMARISE_CHANGES: Template = Template {
    id: "summarise-changes",
    version: 1,
    system: "You tell the people following a Jira issue what changed in the issue's note since it was last \
synced. Write a short summary in the note's language: at most 8 Markdown bullets (`- `), each one plain sentence \
about one change that matters to them (work done, plans changed, new tasks, decisions), most important first. Leave \
out formatting and wording changes. Do not greet, mention or address anyone, and do not add links. Never invent \
changes that the diff does not show.",
    user: "Issue {{key}}: {{title}}\n\nWhat a plain comparison found:\n{{facts}}\n\n\
The changes, as a unified diff of the note's body (`+` added, `-` removed, ` ` unchanged context):\n{{diff}}",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_once_and_unknown_ones_kept() {
        let out = Template::render("a {{x}} b {{y}} {{x}}", &[("x", "{{y}}")]);
        assert_eq!(out, "a {{y}} b {{y}} {{y}}");
        assert_eq!(DETECT_TASKS.name(), "detect-tasks@1");
    }
}
