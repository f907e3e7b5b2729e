//! Showing a sync conflict in the note, as Obsidian Markdown, and taking it out again.
//!
//! A conflicted note gets the front matter entry `sync_conflict: true` ([`conflict_frontmatter_entry`], applied
//! by the caller with the lossless front matter editor) and, at the very start of its body:
//!
//! ```text
//! > [!warning] Sync conflict
//! > - `title`: local `"A"` · remote `"B"` · base `"C"`
//! > - `description`: the note keeps its version, Jira's is below
//!
//! > [!jira-remote]- Remote description
//! > every line of Jira's description, verbatim
//!
//! (the body as it was)
//! ```
//!
//! Values are shown as compact JSON in code spans (fenced with enough backticks). The remote description is
//! normalised to LF, then every line is prefixed with `> ` and nothing else changes, so it is recovered exactly
//! (a line reduced to `>` by an editor that strips trailing spaces is read as empty). Each callout is followed
//! by one blank line. No conflict markers are ever written. Lines use the body's line ending.
//!
//! [`strip_conflict_callouts`] recognises these callouts only at the start of the body, where they are
//! written, and returns the body without them plus the remote description. Invariant (tested): for a body
//! that does not start with such callouts, stripping what [`add_conflict_callouts`] produced gives the body back
//! exactly. Adding to a body that already has callouts replaces them.

use serde::Serialize;
use serde_json::Value;

use super::field_merge::FieldMerge;
use super::text_merge::{LineEnding, to_lf};

/// The front matter key flagging a conflicted note.
pub const SYNC_CONFLICT_KEY: &str = "sync_conflict";
/// First line of the field conflict callout.
pub const FIELD_CALLOUT_HEADER: &str = "> [!warning] Sync conflict";
/// First line of the foldable callout holding Jira's description.
pub const REMOTE_CALLOUT_HEADER: &str = "> [!jira-remote]- Remote description";

/// One conflicting field, for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldConflict {
    /// The note-side name (front matter key).
    pub field: String,
    /// The last agreed value, if any.
    pub base: Option<Value>,
    /// The note's value.
    pub local: Value,
    /// Jira's value.
    pub remote: Value,
}

impl FieldConflict {
    /// The conflict of the note field `field`, when `merge` is one.
    pub fn from_merge(field: &str, merge: &FieldMerge) -> Option<Self> {
        match merge {
            FieldMerge::Conflict { base, local, remote } => {
                Some(Self { field: field.to_owned(), base: base.clone(), local: local.clone(), remote: remote.clone() })
            }
            _ => None,
        }
    }
}

/// The front matter entry that marks a note as conflicted: `sync_conflict: true`.
pub fn conflict_frontmatter_entry() -> (&'static str, Value) {
    (SYNC_CONFLICT_KEY, Value::Bool(true))
}

/// `text` in a code span, fenced with one backtick more than its longest backtick run. Line breaks (possible
/// only in a field name: values are JSON, which escapes them) become spaces so the callout stays one block.
fn code_span(text: &str) -> String {
    let text = &text.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn show(value: &Value) -> String {
    code_span(&value.to_string())
}

/// The callouts for a conflict, each followed by a blank line, with lines ending in `le`. Empty when there is
/// nothing to show.
pub fn render_conflict_callouts(fields: &[FieldConflict], remote_body: Option<&str>, le: LineEnding) -> String {
    let mut lines: Vec<String> = Vec::new();
    if !fields.is_empty() || remote_body.is_some() {
        lines.push(FIELD_CALLOUT_HEADER.to_owned());
        for f in fields {
            let base = f.base.as_ref().map_or_else(|| "none".to_owned(), show);
            lines.push(format!(
                "> - {}: local {} · remote {} · base {}",
                code_span(&f.field),
                show(&f.local),
                show(&f.remote),
                base
            ));
        }
        if remote_body.is_some() {
            lines.push("> - `description`: the note keeps its version, Jira's is below".to_owned());
        }
        lines.push(String::new());
    }
    if let Some(remote) = remote_body {
        lines.push(REMOTE_CALLOUT_HEADER.to_owned());
        lines.extend(to_lf(remote).split('\n').map(|l| format!("> {l}")));
        lines.push(String::new());
    }
    let nl = le.apply("\n");
    lines.iter().map(|l| format!("{l}{nl}")).collect()
}

/// `body` with conflict callouts in front (replacing any already there), in the body's line ending (else the
/// remote's, else LF).
pub fn add_conflict_callouts(body: &str, fields: &[FieldConflict], remote_body: Option<&str>) -> String {
    let body = strip_conflict_callouts(body).body;
    let le = LineEnding::of(&body).or_else(|| remote_body.and_then(LineEnding::of)).unwrap_or(LineEnding::Lf);
    format!("{}{body}", render_conflict_callouts(fields, remote_body, le))
}

/// What [`strip_conflict_callouts`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrippedBody {
    /// The body without the callouts.
    pub body: String,
    /// Jira's description from the remote callout (LF), if there was one.
    pub remote_body: Option<String>,
    /// Whether the field conflict callout was there.
    pub had_field_callout: bool,
}

/// A line without its line break.
fn content(line: &str) -> &str {
    line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l))
}

/// Consumes a callout starting with `header` at `lines[*at]`; returns its content lines (prefix removed).
fn take_callout<'a>(lines: &[&'a str], at: &mut usize, header: &str) -> Option<Vec<&'a str>> {
    if lines.get(*at).is_none_or(|l| content(l).trim_end() != header) {
        return None;
    }
    *at += 1;
    let mut inner = Vec::new();
    while let Some(line) = lines.get(*at).map(|l| content(l)).filter(|l| l.starts_with('>')) {
        inner.push(line.strip_prefix("> ").unwrap_or(&line[1..]));
        *at += 1;
    }
    // The separating blank line belongs to the callout.
    if lines.get(*at).is_some_and(|l| content(l).is_empty()) {
        *at += 1;
    }
    Some(inner)
}

/// Removes the conflict callouts from the start of `body`. A body without them is returned unchanged.
pub fn strip_conflict_callouts(body: &str) -> StrippedBody {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut at = 0;
    let had_field_callout = take_callout(&lines, &mut at, FIELD_CALLOUT_HEADER).is_some();
    let remote_body = take_callout(&lines, &mut at, REMOTE_CALLOUT_HEADER).map(|inner| inner.join("\n"));
    StrippedBody { body: lines[at..].concat(), remote_body, had_field_callout }
}

/// Whether `body` starts with conflict callouts.
pub fn has_conflict_callouts(body: &str) -> bool {
    let s = strip_conflict_callouts(body);
    s.had_field_callout || s.remote_body.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn title_conflict() -> FieldConflict {
        FieldConflict { field: "title".into(), base: Some(json!("C")), local: json!("A"), remote: json!("B") }
    }

    #[test]
    fn renders_fields_and_remote_body() {
        let out = add_conflict_callouts("My body\n", &[title_conflict()], Some("Remote\n\nline `x`"));
        assert_eq!(
            out,
            "> [!warning] Sync conflict\n\
             > - `title`: local `\"A\"` · remote `\"B\"` · base `\"C\"`\n\
             > - `description`: the note keeps its version, Jira's is below\n\
             \n\
             > [!jira-remote]- Remote description\n\
             > Remote\n\
             > \n\
             > line `x`\n\
             \n\
             My body\n"
        );
        let stripped = strip_conflict_callouts(&out);
        assert_eq!(stripped.body, "My body\n");
        assert_eq!(stripped.remote_body.as_deref(), Some("Remote\n\nline `x`"));
        assert!(stripped.had_field_callout);
    }

    #[test]
    fn fields_only_and_nothing() {
        let f = FieldConflict { field: "x`y".into(), base: None, local: json!(["`a`"]), remote: json!(null) };
        let out = add_conflict_callouts("", &[f], None);
        assert_eq!(out, "> [!warning] Sync conflict\n> - ``x`y``: local ``[\"`a`\"]`` · remote `null` · base none\n\n");
        assert_eq!(
            strip_conflict_callouts(&out),
            StrippedBody { body: String::new(), remote_body: None, had_field_callout: true }
        );
        assert_eq!(add_conflict_callouts("body", &[], None), "body");
        assert!(!has_conflict_callouts("body\n> [!warning] Sync conflict\n"));
        assert_eq!(conflict_frontmatter_entry(), ("sync_conflict", json!(true)));
    }

    #[test]
    fn round_trips_tricky_bodies_and_remotes() {
        let bodies = ["", "x", "\n", "> quote right away\n", "\n\n# H\r\n", "- [ ] task\n> [!note]\n> n\n"];
        let remotes =
            [None, Some(""), Some("\n"), Some("> nested quote\n>\n"), Some("a\r\nb"), Some("  indented\n\n\n")];
        for body in bodies {
            for remote in remotes {
                let out = add_conflict_callouts(body, &[title_conflict()], remote);
                let s = strip_conflict_callouts(&out);
                assert_eq!(s.body, body, "body of {out:?}");
                assert_eq!(s.remote_body, remote.map(to_lf), "remote of {out:?}");
                // Re-adding replaces instead of stacking.
                assert_eq!(add_conflict_callouts(&out, &[title_conflict()], remote), out);
            }
        }
    }

    #[test]
    fn conflicts_come_from_field_merges() {
        let merge = crate::sync::merge_field(Some(&json!("C")), &json!("A"), &json!("B"), crate::sync::Direction::Both);
        assert_eq!(FieldConflict::from_merge("title", &merge), Some(title_conflict()));
        assert_eq!(FieldConflict::from_merge("title", &FieldMerge::Push { value: json!(1) }), None);
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a\nb"), "`a b`");
    }

    #[test]
    fn crlf_bodies_get_crlf_callouts() {
        let out = add_conflict_callouts("a\r\nb\r\n", &[], Some("r1\nr2"));
        assert!(out.starts_with("> [!warning] Sync conflict\r\n"));
        assert!(out.contains("> r1\r\n> r2\r\n\r\na\r\nb\r\n"));
        let s = strip_conflict_callouts(&out);
        assert_eq!((s.body.as_str(), s.remote_body.as_deref()), ("a\r\nb\r\n", Some("r1\nr2")));
    }

    #[test]
    fn tolerates_editors_stripping_trailing_spaces() {
        let edited = "> [!jira-remote]- Remote description  \n> a\n>\n> b\n\nbody";
        let s = strip_conflict_callouts(edited);
        assert_eq!((s.body.as_str(), s.remote_body.as_deref(), s.had_field_callout), ("body", Some("a\n\nb"), false));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn render_then_strip_gives_the_body_back(
            body in "(> |[a-z ]{0,5}|\\r?\\n){0,8}", remote in prop::option::of("([a-z> ]{0,5}\\n?){0,6}")
        ) {
            prop_assume!(!has_conflict_callouts(&body));
            let out = add_conflict_callouts(&body, &[], remote.as_deref());
            let s = strip_conflict_callouts(&out);
            prop_assert_eq!(s.body, body);
            prop_assert_eq!(s.remote_body, remote);
        }
    }
}
