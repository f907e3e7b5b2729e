//! A note's parts onto the core's tape: the flat encoding `parseNote` hands to JavaScript (the core's
//! `src/wasm/tape/` defines it and writes the front matter mapping through serde; [`write_parts`] writes what
//! follows it, op for op as that serializer would).
//!
//! Here rather than in the core so that it is built for speed like the scanners: at the core's `opt-level = "z"`
//! every string, number and position written was a call. The parts are taken by value and each item is dropped
//! right after it is written, so the drop code is built here too and frees memory the writer has just read.

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Span;
use crate::{Heading, JiraKeyRef, Priority, Tag, TagSource, Task, WikiLink};

/// The kinds of value: the low 3 bits of an op (the core's `Op` names them; its module documents the tape).
pub const NULL: u32 = 0;
/// `false`.
pub const FALSE: u32 = 1;
/// `true`.
pub const TRUE: u32 = 2;
/// The next number of `nums`.
pub const NUMBER: u32 = 3;
/// The next `op >> 3` UTF-16 code units of `strs`.
pub const STR: u32 = 4;
/// An array.
pub const ARRAY: u32 = 5;
/// An object.
pub const OBJECT: u32 = 6;
/// Ends an array or object (and, with bits above, a key op).
pub const END: u32 = 7;

/// The `Null` op of a string value equal to the previous string value.
pub const SAME_STRING: u32 = (1 << 3) | NULL;

/// Object mode (bits 3–4 of an object's op): the values of the shape's keys alone.
pub const BARE: u32 = 1;

/// The note shapes' numbers (the order of the core's `note_shapes::NOTE_SHAPES`).
const SPAN: u32 = 2;
const DIAGNOSTIC: u32 = 3;
const HEADING: u32 = 4;
const WIKI_LINK: u32 = 5;
const TAG: u32 = 6;
const TASK: u32 = 7;
const JIRA_KEY: u32 = 8;

/// The largest integer a JavaScript number holds exactly (integers beyond it are refused).
pub const MAX_SAFE: u64 = (1 << 53) - 1;

/// An object's op: its shape and mode.
pub const fn object_op(shape: u32, mode: u32) -> u32 {
    (shape << 5) | (mode << 3) | OBJECT
}

/// The op of a bare object of note shape `shape` (its values follow).
const fn bare_object(shape: u32) -> u32 {
    object_op(shape, BARE)
}

/// The tape's buffers and its value writers, which the core's serde serializer (the front matter) and
/// [`write_parts`] (the note's own parts) share.
#[derive(Debug, Default)]
pub struct Buffers {
    /// One op per value.
    pub ops: Vec<u32>,
    /// Numbers, in order.
    pub nums: Vec<f64>,
    /// String contents, back to back.
    pub strs: String,
    /// Where the last string value is in `strs` (start, byte length).
    pub last_string: (usize, usize),
}

/// The note's parts after its front matter, in the order the note has them (the wiki links' and keys' texts
/// borrowed from the note's).
#[derive(Debug)]
pub struct Parts<'a> {
    /// Where the front matter block is.
    pub frontmatter_range: Option<Span>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// The note's title.
    pub title: String,
    /// Headings.
    pub headings: Vec<Heading>,
    /// Wiki links and embeds.
    pub wiki_links: Vec<WikiLink<&'a str>>,
    /// Tags.
    pub tags: Vec<Tag>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Jira keys.
    pub jira_keys: Vec<JiraKeyRef<&'a str>>,
}

/// Why a part cannot be written: the core's tape errors, with its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A string of 2^29 UTF-16 units or more.
    TooLong,
    /// An integer beyond what a JavaScript number holds exactly.
    Unrepresentable(u64),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::TooLong => f.write_str("a string too long for the tape"),
            Error::Unrepresentable(v) => write!(f, "{v} can't be represented as a JavaScript number"),
        }
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// Writes `parts` after a note's front matter value, as the core's serializer would write the rest of its `Note`.
pub fn write_parts(out: &mut Buffers, parts: Parts<'_>) -> Result {
    match &parts.frontmatter_range {
        Some(span) => out.span(span),
        None => out.op(NULL),
    }
    out.array(parts.diagnostics, Buffers::diagnostic)?;
    out.string(&parts.title)?;
    out.array(parts.headings, Buffers::heading)?;
    out.array(parts.wiki_links, Buffers::wiki_link)?;
    out.array(parts.tags, Buffers::tag)?;
    out.array(parts.tasks, Buffers::task)?;
    out.array(parts.jira_keys, Buffers::jira_key)
}

/// Number of UTF-16 code units of `s`: one per character, two for those beyond U+FFFF (4-byte sequences).
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.bytes().map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0)).sum()
}

impl Buffers {
    /// An op.
    #[inline(always)]
    pub fn op(&mut self, op: u32) {
        self.ops.push(op);
    }

    /// A number value.
    #[inline(always)]
    pub fn number(&mut self, v: f64) {
        self.ops.push(NUMBER);
        self.nums.push(v);
    }

    /// A non-negative integer, refused beyond what a JavaScript number holds exactly.
    #[inline(always)]
    fn whole(&mut self, v: u64) -> Result {
        if v > MAX_SAFE {
            return Err(Error::Unrepresentable(v));
        }
        self.number(v as f64);
        Ok(())
    }

    #[inline(always)]
    fn position(&mut self, line: usize, column: usize, offset: usize) -> Result {
        self.whole(line as u64)?;
        self.whole(column as u64)?;
        self.whole(offset as u64)
    }

    /// A string value: [`SAME_STRING`] when it equals the previous one, else a `Str` op and its text.
    pub fn string(&mut self, s: &str) -> Result {
        let (start, len) = self.last_string;
        if s.len() == len && self.strs.as_bytes().get(start..start + len) == Some(s.as_bytes()) {
            self.ops.push(SAME_STRING);
            return Ok(());
        }
        self.last_string = (self.strs.len(), s.len());
        self.text(s)
    }

    /// A `Str` op and the text of `s` (a string value, or a key entering the key table).
    pub fn text(&mut self, s: &str) -> Result {
        let units = u32::try_from(utf16_len(s)).ok().filter(|&l| l < 1 << 29).ok_or(Error::TooLong)?;
        self.ops.push((units << 3) | STR);
        self.strs.push_str(s);
        Ok(())
    }

    #[inline(always)]
    fn optional(&mut self, s: Option<&str>) -> Result {
        match s {
            Some(s) => self.string(s),
            None => {
                self.op(NULL);
                Ok(())
            }
        }
    }

    /// An array of `items`, each written by `write` and then dropped: its length in its op, or `End` after the
    /// items when the length does not fit.
    #[inline(always)]
    fn array<T>(&mut self, items: Vec<T>, write: fn(&mut Self, T) -> Result) -> Result {
        let at = self.ops.len();
        let len = items.len();
        self.op(ARRAY);
        for item in items {
            write(self, item)?;
        }
        match u32::try_from(len).ok().and_then(|n| n.checked_add(1)).filter(|&l| l < 1 << 29) {
            Some(len) => self.ops[at] = (len << 3) | ARRAY,
            None => self.op(END),
        }
        Ok(())
    }

    fn strings(&mut self, items: Vec<String>) -> Result {
        self.array(items, |t, s| t.string(&s))
    }

    fn span(&mut self, s: &Span) {
        self.op(bare_object(SPAN));
        for v in [s.start, s.end, s.start_line, s.end_line] {
            // Spans index a note's text: far below 2^53.
            self.number(v as f64);
        }
    }

    fn diagnostic(&mut self, d: Diagnostic) -> Result {
        self.op(bare_object(DIAGNOSTIC));
        self.string(match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })?;
        self.string(d.code)?;
        self.string(&d.message)?;
        self.position(d.line, d.column, d.offset)
    }

    fn heading(&mut self, h: Heading) -> Result {
        self.op(bare_object(HEADING));
        self.number(f64::from(h.level));
        self.string(&h.text)?;
        self.position(h.line, h.column, h.offset)
    }

    fn wiki_link(&mut self, l: WikiLink<&str>) -> Result {
        self.op(bare_object(WIKI_LINK));
        self.string(l.target)?;
        self.optional(l.heading)?;
        self.optional(l.block_ref)?;
        self.optional(l.alias)?;
        self.op(if l.embed { TRUE } else { FALSE });
        self.position(l.line, l.column, l.offset)?;
        self.string(l.raw)
    }

    fn tag(&mut self, t: Tag) -> Result {
        self.op(bare_object(TAG));
        self.string(&t.name)?;
        self.string(match t.source {
            TagSource::Body => "body",
            TagSource::Frontmatter => "frontmatter",
        })?;
        self.position(t.line, t.column, t.offset)
    }

    fn task(&mut self, t: Task) -> Result {
        let f = &t.fields;
        self.op(bare_object(TASK));
        self.string(t.status.encode_utf8(&mut [0; 4]))?;
        self.op(if t.checked { TRUE } else { FALSE });
        self.string(&t.text)?;
        self.string(&t.description)?;
        self.position(t.line, t.column, t.offset)?;
        self.whole(t.indent as u64)?;
        self.whole(t.depth as u64)?;
        match t.parent {
            Some(p) => self.whole(p as u64)?,
            None => self.op(NULL),
        }
        for date in [&f.due, &f.scheduled, &f.start, &f.done, &f.created, &f.cancelled] {
            self.optional(date.as_deref())?;
        }
        match f.priority {
            Some(p) => self.string(match p {
                Priority::Highest => "highest",
                Priority::High => "high",
                Priority::Medium => "medium",
                Priority::Low => "low",
                Priority::Lowest => "lowest",
            })?,
            None => self.op(NULL),
        }
        self.optional(f.recurrence.as_deref())?;
        self.optional(f.id.as_deref())?;
        let Task { fields, tags, block_id, jira_key, .. } = t;
        self.strings(fields.depends_on)?;
        self.strings(tags)?;
        self.optional(block_id.as_deref())?;
        self.optional(jira_key.as_deref())
    }

    fn jira_key(&mut self, k: JiraKeyRef<&str>) -> Result {
        self.op(bare_object(JIRA_KEY));
        self.string(k.key)?;
        self.string(k.project)?;
        self.whole(k.number)?;
        self.position(k.line, k.column, k.offset)
    }
}
