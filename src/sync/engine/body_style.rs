//! The body as the merge compares it: all three sides spelled the way the note spells them.
//!
//! Jira's description arrives rendered by the plain converter, and the base may hold that rendering too, so
//! a line merge against the note would see every table the user padded, every `*` bullet and every escape
//! they typed differently as a change, and a pull would rewrite them. Before the merge, the base and Jira's
//! text are therefore rendered against the note's current body (see [`crate::reformat`]): every top-level
//! block whose content is unchanged comes back as the note's own bytes, so the merge sees only real changes
//! and a pull rewrites only the blocks Jira changed.
//!
//! The note's current body is read from its text (not from the merge's view of it, which may stand in the
//! base value for the note's spelling, see `base_view::canonical_local`), so every side takes the same
//! spelling from the same source: a block with the same content becomes the same text on every side.

use serde_json::Value;

use super::local::{LocalNote, body_value};
use crate::frontmatter;
use crate::reformat::Previous;

/// The note's body value as it stands in its file.
fn written_body(note: &LocalNote) -> String {
    let start = frontmatter::parse(&note.content).range.map_or(0, |r| r.end);
    body_value(note.content.get(start..).unwrap_or(""))
}

/// `base`, `local` and `remote` body values, each spelled like `note` wherever its blocks are the note's.
/// Values that are not strings, and sides already equal, are returned as they are.
pub(super) fn in_note_spelling(
    note: &LocalNote,
    base: Option<&Value>,
    local: &Value,
    remote: &Value,
) -> (Option<Value>, Value, Value) {
    let unchanged = (base.cloned(), local.clone(), remote.clone());
    let (Some(l), Some(r)) = (local.as_str(), remote.as_str()) else { return unchanged };
    if l == r {
        return unchanged;
    }
    let own = written_body(note);
    if own.trim().is_empty() {
        return unchanged;
    }
    let previous = Previous::new(&own);
    let spell = |v: &Value| match v.as_str() {
        Some(t) => Value::String(previous.restyle(t)),
        None => v.clone(),
    };
    (base.map(spell), spell(local), spell(remote))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::super::local::LocalNote;
    use super::super::merge::plan_issue;
    use crate::sync::{
        ConflictPolicy, CustomFields, Deployment, FieldContext, FieldMapping, JiraField, default_config,
    };

    const NOTE: &str = "Intro. Wow!\n* one\n*\ttwo\n\n| a   | b |\n|:----|--:|\n| 1   | 2 |\n\nEdit me.\n\nEnd!";

    fn jira(md: &str) -> String {
        crate::adf::adf_to_markdown(&crate::markdown::markdown_to_adf(md)).unwrap_or_default().trim_end().to_owned()
    }

    fn plan(note_body: &str, base: &str, remote: &str) -> super::super::merge::IssuePlan {
        let fields: Vec<FieldMapping> =
            default_config().fields.into_iter().filter(|f| !matches!(f.jira, JiraField::Custom(_))).collect();
        let customs = CustomFields::new();
        let ctx = FieldContext { deployment: Deployment::Cloud, customs: &customs, durations: Default::default() };
        let text = format!("---\njira_key: OPS-1\ntitle: T\ncurrent_state: pending\n---\n{note_body}");
        let note = LocalNote::read("a.md", &text, &fields, &ctx);
        let mut values: BTreeMap<String, Value> = (*note.values).clone();
        values.insert("body".into(), json!(base));
        let mut remote_values = values.clone();
        remote_values.insert("body".into(), json!(remote));
        plan_issue(&fields, Some(&values), &note, &remote_values, ConflictPolicy::Mark)
    }

    #[test]
    fn a_remote_paragraph_edit_rewrites_only_that_paragraph() {
        // The base is Jira's rendering of the note (as after a push); Jira's text changed one paragraph.
        let remote = jira(&NOTE.replace("Edit me.", "Edited by Bob."));
        let p = plan(NOTE, &jira(NOTE), &remote);
        assert_eq!(p.note_body.as_deref(), Some(NOTE.replace("Edit me.", "Edited by Bob.").as_str()));
        assert!(p.push.is_empty() && !p.has_conflict());
    }

    #[test]
    fn local_and_remote_edits_of_different_blocks_merge_in_the_note_spelling() {
        let local = NOTE.replace("Intro. Wow!", "Intro, edited here. Wow!");
        let remote = jira(&NOTE.replace("Edit me.", "Edited by Bob."));
        let p = plan(&local, &jira(NOTE), &remote);
        let merged = local.replace("Edit me.", "Edited by Bob.");
        assert_eq!(p.note_body.as_deref(), Some(merged.as_str()));
        assert_eq!(p.push.get("body"), Some(&json!(merged)));
    }
}
