//! A note as the engine sees it: its link to Jira (key, project), the note-side value of every mapped field,
//! and the flags the sync itself writes (`sync_conflict`, `jira_deleted`).
//!
//! Decisions:
//! - The body value is the text below the front matter without the conflict callouts, without leading blank
//!   lines and without trailing whitespace, with LF line breaks: those never differ meaningfully from Jira's
//!   description, and comparing them would make every sync push again. When the body is written back, the
//!   note's own leading blank lines, line ending and final line breaks (or their absence) are kept.
//! - A note whose front matter is malformed is read-only for the sync: `unreadable` says why, and the engine
//!   reports it instead of guessing.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::Severity;
use crate::frontmatter::{self, Mapping};
use crate::sync::{FieldContext, FieldMapping, JiraField, NoteTarget, normalise_local, strip_conflict_callouts, to_lf};

/// The front matter key naming the project a new issue is created in.
pub const PROJECT_KEY: &str = "jira_project";
/// The front matter key naming the issue type of a new issue.
pub const ISSUE_TYPE_KEY: &str = "jira_issue_type";
/// The front matter key the engine sets on a note whose issue was deleted in Jira.
pub const DELETED_KEY: &str = "jira_deleted";
/// The note field name of the body.
pub const BODY: &str = "body";

/// The note field name of a mapping: its front matter key, or `body` (the body).
pub fn note_name(mapping: &FieldMapping) -> &str {
    match &mapping.note {
        NoteTarget::Body => BODY,
        NoteTarget::Frontmatter(key) => key,
    }
}

/// The front matter key holding the issue key (the `key` mapping's, else `jira_key`).
pub fn key_name(fields: &[FieldMapping]) -> &str {
    fields.iter().find(|m| m.jira == JiraField::Key).map_or("jira_key", note_name)
}

/// One note, read for the sync.
#[derive(Debug, Clone)]
pub struct LocalNote {
    /// Vault-relative path.
    pub path: String,
    /// The text the engine read (edits are guarded by it).
    pub content: String,
    /// The front matter, when readable.
    pub frontmatter: Option<Mapping>,
    /// Why the note cannot take part, when its front matter is malformed.
    pub unreadable: Option<String>,
    /// The linked issue key, trimmed and upper-cased.
    pub key: Option<String>,
    /// Note-side values of the mapped fields, by note field name (a stub's are its base's, shared).
    pub values: crate::sync::FieldValues,
    /// `sync_conflict: true`.
    pub conflicted: bool,
    /// `jira_deleted: true`.
    pub deleted: bool,
    /// The title: front matter `title`, else the file name stem.
    pub title: String,
    /// Given by fingerprint only (see [`from_base`](Self::from_base)): `content` is empty and the other fields
    /// come from the base; the engine asks for the text before it looks inside.
    pub unread: bool,
    /// The fingerprint of `content`, when the driver gave it (computed when needed otherwise).
    pub fingerprint: Option<String>,
}

impl LocalNote {
    /// Reads `content` (at `path`) for the mappings of `fields`.
    pub fn read(path: &str, content: &str, fields: &[FieldMapping], ctx: &FieldContext<'_>) -> Self {
        let parsed = frontmatter::parse(content);
        let unreadable = match (&parsed.mapping, parsed.range) {
            (None, Some(_)) => Some(
                parsed
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == Severity::Error)
                    .map_or("front matter cannot be read".to_owned(), |d| {
                        format!("front matter line {}: {}", d.line, d.message)
                    }),
            ),
            _ => None,
        };
        let body_text = &content[parsed.range.map_or(0, |r| r.end)..];
        let fm = parsed.mapping.unwrap_or_default();
        let mut values = BTreeMap::new();
        for mapping in fields {
            let value = match &mapping.note {
                NoteTarget::Body => Value::String(body_value(body_text)),
                NoteTarget::Frontmatter(key) => {
                    normalise_local(&mapping.jira, fm.get(key).unwrap_or(&Value::Null), ctx)
                }
            };
            values.insert(note_name(mapping).to_owned(), value);
        }
        let key = match (&unreadable, parsed.range) {
            // A broken block still names its issue: found by its line, so the note is not taken for unlinked
            // (which would create a second note or issue for it).
            (Some(_), Some(r)) => raw_key(&content[r.start..r.end], key_name(fields)),
            _ => fm.get(key_name(fields)).and_then(scalar_text),
        };
        let key = key.map(|k| k.to_uppercase()).filter(|k| !k.is_empty());
        let flag = |name: &str| fm.get(name).is_some_and(|v| v == &Value::Bool(true));
        let title = fm.get("title").and_then(scalar_text).unwrap_or_else(|| file_stem(path).to_owned());
        Self {
            path: path.to_owned(),
            content: content.to_owned(),
            conflicted: flag(crate::sync::SYNC_CONFLICT_KEY),
            deleted: flag(DELETED_KEY),
            key,
            values: values.into(),
            unreadable,
            frontmatter: (parsed.range.is_some() || !fm.is_empty()).then_some(fm),
            title,
            unread: false,
            fingerprint: None,
        }
    }

    /// A note handed in by `fingerprint` alone whose recorded base holds that fingerprint: its text is the one
    /// that held exactly `base` (no conflict, not deleted, readable), so it is read as that base (each field at
    /// its local form where it has one, else its base value) without its text.
    pub fn from_base(path: &str, fingerprint: String, base: &crate::sync::IssueBase) -> Self {
        // The base's own map when no local form stands in (the common case), else a copy with them.
        let mut values = base.values.clone();
        if !base.local_forms.is_empty() {
            std::rc::Rc::make_mut(&mut values).extend(base.local_forms.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Self {
            path: path.to_owned(),
            content: String::new(),
            frontmatter: None,
            unreadable: None,
            key: Some(base.key.clone()),
            values,
            conflicted: false,
            deleted: false,
            title: file_stem(path).to_owned(),
            unread: true,
            fingerprint: Some(fingerprint),
        }
    }

    /// A front matter string value, trimmed, if present and non-empty.
    pub fn text(&self, key: &str) -> Option<String> {
        self.frontmatter.as_ref()?.get(key).and_then(scalar_text).filter(|s| !s.is_empty())
    }
}

/// The body's comparable value (see the module documentation).
pub fn body_value(body: &str) -> String {
    // Conflict callouts only ever open the body; most notes have none, and are not copied for the check.
    let stripped: Cow<'_, str> =
        if body.starts_with("> [!") { Cow::Owned(strip_conflict_callouts(body).body) } else { Cow::Borrowed(body) };
    let lf: Cow<'_, str> = if stripped.contains('\r') { Cow::Owned(to_lf(&stripped)) } else { stripped };
    let start = lf.len() - lf.trim_start_matches(['\n', ' ', '\t']).len();
    // Keep leading indentation of the first line: only whole blank lines are dropped.
    let start = lf[..start].rfind('\n').map_or(0, |i| i + 1);
    lf[start..].trim_end().to_owned()
}

/// The value of a top-level `name: value` line in a front matter block that YAML could not read.
fn raw_key(block: &str, name: &str) -> Option<String> {
    block.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.trim_start().strip_prefix(':')?;
        let value = rest.trim().trim_matches(['"', '\'']).trim();
        crate::sync::is_issue_key(&value.to_uppercase()).then(|| value.to_owned())
    })
}

/// A scalar's text, trimmed.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The file name without folders and without `.md` (the same as [`path_stem`](crate::alignment::parent_link::path_stem)).
pub fn file_stem(path: &str) -> &str {
    crate::alignment::parent_link::path_stem(path)
}
