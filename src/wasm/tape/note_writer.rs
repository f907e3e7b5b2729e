//! A parsed note onto the tape without serde: [`encode_note`] writes exactly the ops, numbers and strings that
//! `encode` writes for a [`Note`], field by field.
//!
//! Through serde every field of every heading, tag, link, task and key went through the serializer's field-name
//! bookkeeping (is this the next field of a bare struct?) and its per-kind dispatch; for a note's own structs the
//! answer is always the same: each is its note shape ([`super::note_shapes`]), bare, all fields in order. So
//! here each struct is its object op followed by its values, written by `note_body::tape` (built for speed with
//! the scanners). Only the front matter mapping, whose shape is the user's, still goes through serde. A test
//! compares both encoders' tapes over many notes.

use note_body::tape::{BARE, Parts, object_op, write_parts};

use super::{Op, Result, Tape, take};
use crate::frontmatter::FrontMatter;
use crate::note::Note;

/// The note's own shape number (the first of `note_shapes::NOTE_SHAPES`).
const NOTE: u32 = 1;

/// Encodes `note` as `encode` does, reserving room as it does for a note of `text_len` bytes, on the tape
/// [`super::keep`] kept if there is one. The note is consumed: each part is dropped once written.
pub fn encode_note(note: Note<&str, FrontMatter<'_>>, text_len: usize) -> Result<Tape> {
    let mut tape = take(text_len);
    tape.out.op(object_op(NOTE, BARE));
    match &note.frontmatter {
        Some(mapping) => serde::Serialize::serialize(mapping, &mut tape)?,
        None => tape.op(Op::Null),
    }
    let parts = Parts {
        frontmatter_range: note.frontmatter_range,
        diagnostics: note.diagnostics,
        title: note.title,
        headings: note.headings,
        wiki_links: note.wiki_links,
        tags: note.tags,
        tasks: note.tasks,
        jira_keys: note.jira_keys,
    };
    write_parts(&mut tape.out, parts)?;
    Ok(tape)
}
