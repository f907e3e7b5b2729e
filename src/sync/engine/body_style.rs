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
use crate::reformat::restyle_markdown;

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
    let spell = |v: &Value| match v.as_str() {
        Some(t) => Value::String(restyle_markdown(t, &own)),
        None => v.clone(),
    };
    (base.map(spell), spell(local), spell(remote))
}
