//! Text templates in rule actions: literal text with `{{placeholder}}`s, nothing executable.
//!
//! Placeholders: `issue.key`, `issue.summary`, `issue.status`, `issue.type`, `issue.project`, `issue.priority`,
//! `issue.assignee`, `issue.reporter`, `issue.due`, `issue.url`, `field.<Jira field name>`,
//! `property.<note property>`, `note.title`, `note.path`, `rule.name`, and the time of the run: `now` (date and
//! time) and `today` (date), in the user's zone, each with an optional offset (`now+3d`, `today-1w`, `now+90m`).
//! `\{{` writes `{{` literally. Rendering never fails: a value that is missing renders as an empty string.

use chrono::{DateTime, Duration, FixedOffset};

use crate::date_text::{Date, DateMinutes};

use super::duration;

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    /// Its parts in order.
    pub parts: Vec<Part>,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text written as is.
    Text(String),
    /// A value filled in when the action runs.
    Value(Placeholder),
}

/// A value a template can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// `issue.<name>`: one of [`ISSUE_VALUES`].
    Issue(&'static str),
    /// `field.<name>`: a Jira field by its name.
    Field(String),
    /// `property.<name>`: a property of the note.
    Property(String),
    /// `note.title`.
    NoteTitle,
    /// `note.path`.
    NotePath,
    /// `rule.name`.
    RuleName,
    /// `now` or `today` plus an offset in minutes; `date_only` for `today`.
    Time {
        /// Minutes added to the run's time (negative: earlier).
        offset_minutes: i64,
        /// `today`: the date only.
        date_only: bool,
    },
}

/// The issue values a template can name.
pub const ISSUE_VALUES: [&str; 10] =
    ["key", "summary", "status", "type", "project", "priority", "assignee", "reporter", "due", "url"];

/// A problem in a template: byte offset into the template text and a message.
pub type TemplateError = (usize, String);

impl Template {
    /// Reads `text`.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        let mut at = 0;
        while let Some(i) = rest.find("{{") {
            if rest[..i].ends_with('\\') {
                literal.push_str(&rest[..i - 1]);
                literal.push_str("{{");
                at += i + 2;
                rest = &rest[i + 2..];
                continue;
            }
            literal.push_str(&rest[..i]);
            let inner_start = i + 2;
            let Some(end) = rest[inner_start..].find("}}") else {
                return Err((at + i, "`{{` is not closed with `}}`".into()));
            };
            let name = rest[inner_start..inner_start + end].trim();
            let placeholder = placeholder(name).map_err(|m| (at + i, m))?;
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(Part::Value(placeholder));
            at += inner_start + end + 2;
            rest = &rest[inner_start + end + 2..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    /// A template of plain text.
    pub fn text(text: &str) -> Template {
        Template { parts: vec![Part::Text(text.to_owned())] }
    }

    /// The placeholders it names.
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.parts.iter().filter_map(|p| match p {
            Part::Value(v) => Some(v),
            Part::Text(_) => None,
        })
    }

    /// The text with each placeholder filled by `value` (time placeholders from `now`, in its zone).
    pub fn render(&self, now: DateTime<FixedOffset>, value: impl Fn(&Placeholder) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Value(Placeholder::Time { offset_minutes, date_only }) => {
                    let at = now + Duration::minutes(*offset_minutes);
                    let local = at.naive_local();
                    if *date_only {
                        out.push_str(&Date(local.date()).to_string());
                    } else {
                        out.push_str(&DateMinutes(local).to_string());
                    }
                }
                Part::Value(p) => out.push_str(&value(p).unwrap_or_default()),
            }
        }
        out
    }
}

fn placeholder(name: &str) -> Result<Placeholder, String> {
    if let Some(field) = name.strip_prefix("issue.") {
        return ISSUE_VALUES.iter().find(|v| **v == field).map(|v| Placeholder::Issue(v)).ok_or_else(|| {
            format!(
                "`{{{{{name}}}}}` is not a value: the issue's values are {}",
                ISSUE_VALUES.map(|v| format!("issue.{v}")).join(", ")
            )
        });
    }
    if let Some(field) = name.strip_prefix("field.") {
        return non_empty(field, name).map(|f| Placeholder::Field(f.to_owned()));
    }
    if let Some(property) = name.strip_prefix("property.") {
        return non_empty(property, name).map(|p| Placeholder::Property(p.to_owned()));
    }
    match name {
        "note.title" => return Ok(Placeholder::NoteTitle),
        "note.path" => return Ok(Placeholder::NotePath),
        "rule.name" => return Ok(Placeholder::RuleName),
        _ => {}
    }
    for (word, date_only) in [("today", true), ("now", false)] {
        let Some(rest) = name.strip_prefix(word) else { continue };
        let rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(Placeholder::Time { offset_minutes: 0, date_only });
        }
        let (sign, amount) = match rest.as_bytes()[0] {
            b'+' => (1, &rest[1..]),
            b'-' => (-1, &rest[1..]),
            _ => break,
        };
        let minutes = duration::parse(amount.trim()).map_err(|m| format!("in `{{{{{name}}}}}`, {m}"))?;
        return Ok(Placeholder::Time { offset_minutes: sign * i64::from(minutes.0), date_only });
    }
    Err(format!(
        "`{{{{{name}}}}}` is not a value: use issue.key, issue.summary, field.<name>, property.<name>, note.title, now, today or now+3d"
    ))
}

fn non_empty<'a>(rest: &'a str, name: &str) -> Result<&'a str, String> {
    if rest.trim().is_empty() { Err(format!("`{{{{{name}}}}}` names no field or property")) } else { Ok(rest.trim()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn parses_and_renders_placeholders() {
        let t = Template::parse(
            "{{issue.key}}: {{ issue.summary }} due {{today+3d}} at {{now-90m}} \\{{x}} {{property.team}}",
        )
        .expect("a value");
        let now = FixedOffset::east_opt(3600)
            .expect("a value")
            .with_ymd_and_hms(2026, 3, 30, 0, 30, 0)
            .single()
            .expect("a time");
        let out = t.render(now, |p| match p {
            Placeholder::Issue("key") => Some("OPS-1".into()),
            Placeholder::Issue("summary") => Some("Fix <b>it</b>".into()),
            _ => None,
        });
        assert_eq!(out, "OPS-1: Fix <b>it</b> due 2026-04-02 at 2026-03-29 23:00 {{x}} ");
    }

    #[test]
    fn unknown_or_unclosed_placeholders_are_errors_at_their_offset() {
        assert_eq!(Template::parse("ab {{issue.nope}}").expect_err("an error").0, 3);
        assert!(Template::parse("{{issue.nope}}").expect_err("an error").1.contains("issue.summary"));
        assert_eq!(Template::parse("x {{now").expect_err("an error").0, 2);
        assert!(Template::parse("{{now+3 days}}").is_err());
        assert!(Template::parse("{{field. }}").is_err());
        assert!(Template::parse("{{tomorrow}}").is_err());
        assert_eq!(Template::parse("plain").expect("a value"), Template::text("plain"));
    }
}
