//! A parsed note onto the tape without serde: [`encode_note`] writes exactly the ops, numbers and strings that
//! `encode` writes for a [`Note`], field by field.
//!
//! Through serde every field of every heading, tag, link, task and key went through the serializer's field-name
//! bookkeeping (is this the next field of a bare struct?) and its per-kind dispatch; for a note's own structs the
//! answer is always the same: each is its note shape ([`super::note_shapes`]), bare, all fields in order. So
//! here each struct is its object op followed by its values. Only the front matter mapping, whose shape is the
//! user's, still goes through serde. A test compares both encoders' tapes over many notes.

use note_body::{Heading, JiraKeyRef, Priority, Tag, TagSource, Task, WikiLink};

use super::{BARE, MAX_SAFE, Op, Result, Tape, empty, object_op};
use crate::diagnostic::{Diagnostic, Severity};
use crate::note::Note;
use crate::text::Span;

/// The note shapes' numbers (their order in `note_shapes::NOTE_SHAPES`).
const NOTE: u32 = 1;
const SPAN: u32 = 2;
const DIAGNOSTIC: u32 = 3;
const HEADING: u32 = 4;
const WIKI_LINK: u32 = 5;
const TAG: u32 = 6;
const TASK: u32 = 7;
const JIRA_KEY: u32 = 8;

/// Encodes `note` as `encode` does, reserving room as it does for a note of `text_len` bytes.
pub fn encode_note(note: &Note, text_len: usize) -> Result<Tape> {
    let mut tape = empty(text_len);
    let t = &mut tape;
    t.object(NOTE);
    match &note.frontmatter {
        Some(mapping) => serde::Serialize::serialize(mapping, &mut *t)?,
        None => t.op(Op::Null),
    }
    match &note.frontmatter_range {
        Some(span) => t.span(span),
        None => t.op(Op::Null),
    }
    t.array(&note.diagnostics, Tape::diagnostic)?;
    t.string(&note.title)?;
    t.array(&note.headings, Tape::heading)?;
    t.array(&note.wiki_links, Tape::wiki_link)?;
    t.array(&note.tags, Tape::tag)?;
    t.array(&note.tasks, Tape::task)?;
    t.array(&note.jira_keys, Tape::jira_key)?;
    Ok(tape)
}

impl Tape {
    /// A bare object of note shape `shape`: its op; its values follow.
    #[inline(always)]
    fn object(&mut self, shape: u32) {
        self.ops.push(object_op(shape, BARE));
    }

    /// An array of `items`, each written by `write`: its length in its op, or `End` after the items when the
    /// length does not fit (as `close_array` does).
    fn array<T>(&mut self, items: &[T], write: fn(&mut Self, &T) -> Result) -> Result {
        let at = self.ops.len();
        self.op(Op::Array);
        for item in items {
            write(self, item)?;
        }
        match u32::try_from(items.len()).ok().and_then(|n| n.checked_add(1)).filter(|&l| l < 1 << 29) {
            Some(len) => self.ops[at] = (len << 3) | Op::Array as u32,
            None => self.op(Op::End),
        }
        Ok(())
    }

    /// A non-negative integer, refused beyond what a JavaScript number holds exactly (as serde's `u64` is).
    #[inline(always)]
    fn whole(&mut self, v: u64) -> Result {
        if v > MAX_SAFE {
            return Err(super::unrepresentable(v));
        }
        self.number(v as f64);
        Ok(())
    }

    #[inline(always)]
    fn optional(&mut self, s: Option<&String>) -> Result {
        match s {
            Some(s) => self.string(s),
            None => {
                self.op(Op::Null);
                Ok(())
            }
        }
    }

    fn strings(&mut self, items: &[String]) -> Result {
        self.array(items, |t, s| t.string(s))
    }

    #[inline(always)]
    fn position(&mut self, line: usize, column: usize, offset: usize) -> Result {
        self.whole(line as u64)?;
        self.whole(column as u64)?;
        self.whole(offset as u64)
    }

    fn span(&mut self, s: &Span) {
        self.object(SPAN);
        for v in [s.start, s.end, s.start_line, s.end_line] {
            // Spans index a note's text: far below 2^53.
            self.number(v as f64);
        }
    }

    fn diagnostic(&mut self, d: &Diagnostic) -> Result {
        self.object(DIAGNOSTIC);
        self.string(match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })?;
        self.string(d.code)?;
        self.string(&d.message)?;
        self.position(d.line, d.column, d.offset)
    }

    fn heading(&mut self, h: &Heading) -> Result {
        self.object(HEADING);
        self.number(f64::from(h.level));
        self.string(&h.text)?;
        self.position(h.line, h.column, h.offset)
    }

    fn wiki_link(&mut self, l: &WikiLink) -> Result {
        self.object(WIKI_LINK);
        self.string(&l.target)?;
        self.optional(l.heading.as_ref())?;
        self.optional(l.block_ref.as_ref())?;
        self.optional(l.alias.as_ref())?;
        self.op(if l.embed { Op::True } else { Op::False });
        self.position(l.line, l.column, l.offset)?;
        self.string(&l.raw)
    }

    fn tag(&mut self, t: &Tag) -> Result {
        self.object(TAG);
        self.string(&t.name)?;
        self.string(match t.source {
            TagSource::Body => "body",
            TagSource::Frontmatter => "frontmatter",
        })?;
        self.position(t.line, t.column, t.offset)
    }

    fn task(&mut self, t: &Task) -> Result {
        let f = &t.fields;
        self.object(TASK);
        self.string(t.status.encode_utf8(&mut [0; 4]))?;
        self.op(if t.checked { Op::True } else { Op::False });
        self.string(&t.text)?;
        self.string(&t.description)?;
        self.position(t.line, t.column, t.offset)?;
        self.whole(t.indent as u64)?;
        self.whole(t.depth as u64)?;
        match t.parent {
            Some(p) => self.whole(p as u64)?,
            None => self.op(Op::Null),
        }
        for date in [&f.due, &f.scheduled, &f.start, &f.done, &f.created, &f.cancelled] {
            self.optional(date.as_ref())?;
        }
        match f.priority {
            Some(p) => self.string(match p {
                Priority::Highest => "highest",
                Priority::High => "high",
                Priority::Medium => "medium",
                Priority::Low => "low",
                Priority::Lowest => "lowest",
            })?,
            None => self.op(Op::Null),
        }
        self.optional(f.recurrence.as_ref())?;
        self.optional(f.id.as_ref())?;
        self.strings(&f.depends_on)?;
        self.strings(&t.tags)?;
        self.optional(t.block_id.as_ref())?;
        self.optional(t.jira_key.as_ref())
    }

    fn jira_key(&mut self, k: &JiraKeyRef) -> Result {
        self.object(JIRA_KEY);
        self.string(&k.key)?;
        self.string(&k.project)?;
        self.whole(k.number)?;
        self.position(k.line, k.column, k.offset)
    }
}
