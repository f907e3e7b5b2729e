//! Writing the sync's results into note text: front matter keys through the lossless front matter editor,
//! the body below it (keeping the note's leading blank lines, line ending and final line breaks, or their
//! absence), and conflict callouts.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::frontmatter::{self, Changes, UpdateError, update_frontmatter};
use crate::sync::{FieldConflict, LineEnding, SYNC_CONFLICT_KEY, add_conflict_callouts, strip_conflict_callouts};

/// What to change in one note.
#[derive(Debug, Clone, Default)]
pub struct NoteChange<'a> {
    /// Front matter keys to set (`Value::Null` writes `null`); applied in key order.
    pub fields: BTreeMap<String, Value>,
    /// Front matter keys to remove.
    pub remove: Vec<&'a str>,
    /// The new body value (see `local::body_value`).
    pub body: Option<&'a str>,
    /// Conflicts to show: the fields, and Jira's description when the body conflicts.
    pub conflicts: Option<(&'a [FieldConflict], Option<&'a str>)>,
}

/// Applies `change` to `content`. Fails, changing nothing, when the front matter cannot be edited safely.
pub fn apply_change(content: &str, change: &NoteChange<'_>) -> Result<String, UpdateError> {
    let mut changes = Changes::new();
    for (key, value) in &change.fields {
        changes = changes.set(key.clone(), value.clone());
    }
    for key in &change.remove {
        changes = changes.remove(*key);
    }
    if change.conflicts.is_some() {
        changes = changes.set(SYNC_CONFLICT_KEY, Value::Bool(true));
    }
    let text = update_frontmatter(content, &changes)?;
    if change.body.is_none() && change.conflicts.is_none() {
        return Ok(text);
    }
    let start = frontmatter::parse(&text).range.map_or(0, |r| r.end);
    let (head, old_body) = text.split_at(start);
    let eol = LineEnding::of(old_body).or_else(|| LineEnding::of(&text)).unwrap_or(LineEnding::Lf);
    let mut body = match change.body {
        Some(value) => {
            let kept = strip_conflict_callouts(old_body).body;
            let blank = kept.len() - kept.trim_start_matches(['\r', '\n']).len();
            // The body ends as the note's did: with its final line breaks, or none if the user left none.
            let ending = &kept[kept.trim_end_matches(['\r', '\n']).len()..];
            let ending = if kept.trim().is_empty() { eol.apply("\n") } else { ending.to_owned() };
            if value.is_empty() {
                kept[..blank].to_owned()
            } else {
                format!("{}{}{ending}", &kept[..blank], eol.apply(value))
            }
        }
        None => old_body.to_owned(),
    };
    if let Some((fields, remote)) = change.conflicts {
        body = add_conflict_callouts(&body, fields, remote);
    }
    Ok(format!("{head}{body}"))
}

/// The text of a new note: a front matter block with `fields` in the given order, then the body.
pub fn new_note(fields: &[(String, Value)], body: &str) -> Result<String, UpdateError> {
    let changes = fields.iter().fold(Changes::new(), |c, (k, v)| c.set(k.clone(), v.clone()));
    let head = update_frontmatter("", &changes)?;
    Ok(if body.is_empty() { head } else { format!("{head}{body}\n") })
}
