//! Task list items: a list item whose first line starts with `[c]` (any single status character) after
//! the list marker, followed by a space, a tab or the end of the line.
//!
//! pulldown-cmark gives the list items and their nesting; the checkbox and the Tasks plugin fields are read
//! from the item's first source line (GFM only knows `[ ]` and `[x]`, Obsidian accepts any status).
//! `parent` is the task index of the *immediately* enclosing list item when that item is itself a task;
//! a task nested under a plain list item has `parent: null` and its `depth` still counts the plain item.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::jira_key::{self, JiraKeyRef};
use super::locate::Locator;
use super::markdown::RawItem;
use super::mask::Mask;
use super::tag::Tag;
use super::task_fields::{self, TaskFields};
use super::wikilink::Found;
use crate::diagnostic::{Diagnostic, Severity};

/// A task list item with its Obsidian Tasks fields. Dates are `YYYY-MM-DD` strings. Serialised as one object
/// with camelCase names, the Tasks fields inline between `parent` and `tags` (see the `Serialize` impl).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The character between the brackets: ` `, `x`, `X`, `/`, `-`, `>`, `!`, …
    pub status: char,
    /// Status is `x` or `X`.
    pub checked: bool,
    /// The first line after the checkbox, trimmed, as written.
    pub text: String,
    /// `text` without Tasks fields and block id, whitespace collapsed.
    pub description: String,
    /// 1-based line of the list marker.
    pub line: usize,
    /// 1-based column of the list marker.
    pub column: usize,
    /// Byte offset of the list marker.
    pub offset: usize,
    /// Columns before the list marker on its line (tabs to multiples of 4; block-quote markers count).
    pub indent: usize,
    /// Number of enclosing list items, tasks or not.
    pub depth: usize,
    /// Index into `tasks` of the immediately enclosing item, when that item is a task.
    pub parent: Option<usize>,
    /// The Obsidian Tasks fields (due, scheduled, start, done, created, cancelled, priority, recurrence, id,
    /// dependsOn), serialised inline.
    pub fields: TaskFields,
    /// Body tags on the first line, without `#`.
    pub tags: Vec<String>,
    /// Trailing `^block-id`, without `^`.
    pub block_id: Option<String>,
    /// The first Jira key on the first line: a key in prose, or one starting a wiki link's file name
    /// (`[[OPS-12 Fix login]]`), whichever comes first.
    pub jira_key: Option<String>,
}

/// Written out field by field rather than derived with `#[serde(flatten)]`, which makes a map of the whole task
/// (every key a runtime string): as a struct, every key is a `&'static str`, which the wasm boundary's tape
/// recognises by address (`src/wasm/tape/`). The object is the one the derive made: the same keys in the same
/// order (`tests/wasm_boundary.rs` compares the tape with serde_json's text, and the tape's decoder lists this
/// key sequence).
impl Serialize for Task {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = &self.fields;
        let mut s = serializer.serialize_struct("Task", 23)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("checked", &self.checked)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("description", &self.description)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("offset", &self.offset)?;
        s.serialize_field("indent", &self.indent)?;
        s.serialize_field("depth", &self.depth)?;
        s.serialize_field("parent", &self.parent)?;
        s.serialize_field("due", &f.due)?;
        s.serialize_field("scheduled", &f.scheduled)?;
        s.serialize_field("start", &f.start)?;
        s.serialize_field("done", &f.done)?;
        s.serialize_field("created", &f.created)?;
        s.serialize_field("cancelled", &f.cancelled)?;
        s.serialize_field("priority", &f.priority)?;
        s.serialize_field("recurrence", &f.recurrence)?;
        s.serialize_field("id", &f.id)?;
        s.serialize_field("dependsOn", &f.depends_on)?;
        s.serialize_field("tags", &self.tags)?;
        s.serialize_field("blockId", &self.block_id)?;
        s.serialize_field("jiraKey", &self.jira_key)?;
        s.end()
    }
}

/// What is found elsewhere in the body, for the fields a task borrows.
pub struct Context<'a> {
    /// Ranges of `%%comments%%`: items starting there are not tasks.
    pub comments: &'a Mask,
    /// Body tags, in text order.
    pub tags: &'a [Tag],
    /// Keys, in text order.
    pub keys: &'a [JiraKeyRef<&'a str>],
    /// Wiki links, in text order.
    pub links: &'a [Found<'a>],
}

/// The checkbox after the list marker at `offset`: `(status, byte offset of the text after `]`)`.
fn checkbox(text: &str, offset: usize) -> Option<(char, usize)> {
    let rest = &text[offset..];
    let marker_len = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            matches!(rest.as_bytes().get(digits), Some(b'.' | b')')).then_some(digits + 1)?
        }
        _ => return None,
    };
    let after = &rest[marker_len..];
    let blanks = after.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    let body = &after[blanks..];
    if body.len() == after.len() {
        return None;
    }
    let mut chars = body.strip_prefix('[')?.chars();
    let status = chars.next().filter(|&c| c != '\n' && c != '\r')?;
    let tail = chars.as_str().strip_prefix(']')?;
    if !(tail.is_empty() || tail.starts_with([' ', '\t', '\n', '\r'])) {
        return None;
    }
    Some((status, text.len() - tail.len()))
}

/// `s.trim()`, with ASCII ends trimmed byte by byte (the common case); a non-ASCII end is left to `str::trim`'s
/// Unicode whitespace test.
fn trim(s: &str) -> &str {
    // `char::is_whitespace` on ASCII: space, tab, line feed, vertical tab, form feed, carriage return.
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let b = s.as_bytes();
    let start = b.iter().position(|c| !blank(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !blank(c)).map_or(start, |i| i + 1);
    // Both cuts are next to ASCII bytes, so they are char boundaries.
    let cut = &s[start..end];
    if cut.as_bytes().first().is_some_and(|&c| c >= 0x80) || cut.as_bytes().last().is_some_and(|&c| c >= 0x80) {
        cut.trim()
    } else {
        cut
    }
}

/// Columns before `offset` on its line.
fn indent(text: &str, offset: usize) -> usize {
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1);
    text[line_start..offset].chars().fold(0, |col, c| if c == '\t' { col / 4 * 4 + 4 } else { col + 1 })
}

/// Builds the tasks of `items`; invalid dates go to `diagnostics`.
pub fn collect(
    text: &str,
    items: &[RawItem],
    cx: &Context<'_>,
    loc: &mut Locator<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Task> {
    let mut tasks = Vec::new();
    // Task index of each item, for `parent`.
    let mut task_of_item: Vec<Option<usize>> = Vec::with_capacity(items.len());
    let mut tags = Cursor::new(cx.tags, |t: &Tag| t.offset);
    let mut keys = Cursor::new(cx.keys, |k: &JiraKeyRef<&str>| k.offset);
    let mut links = Cursor::new(cx.links, |l: &Found| l.range.start);
    for item in items {
        let found = if cx.comments.contains(item.offset) { None } else { checkbox(text, item.offset) };
        let Some((status, text_start)) = found else {
            task_of_item.push(None);
            continue;
        };
        task_of_item.push(Some(tasks.len()));
        let line_end = crate::bytes::find(b'\n', &text.as_bytes()[text_start..]).map_or(text.len(), |i| text_start + i);
        let line = &text[text_start..line_end];
        let raw = trim(line);
        let fields = task_fields::parse(raw);
        // Where `line.trim_start()` starts: a non-empty `raw` is a subslice of `line` starting there.
        let raw_start =
            if raw.is_empty() { line_end } else { text_start + (raw.as_ptr() as usize - line.as_ptr() as usize) };
        for (at, name, value) in &fields.invalid_dates {
            let p = loc.at(raw_start + at);
            let shown = if value.is_empty() { "nothing".to_owned() } else { format!("`{value}`") };
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: "task-invalid-date",
                message: format!("The task's {name} date is {shown}, not an existing YYYY-MM-DD date; it is ignored."),
                line: p.line,
                column: p.column,
                offset: p.offset,
            });
        }
        let tags = tags.within(text_start, line_end).iter().map(|t| t.name.clone()).collect();
        let key = keys.within(text_start, line_end).first().map(|k| (k.offset, k.key.to_owned()));
        let link_key = links.within(text_start, line_end).iter().find_map(|l| {
            let leaf = l.link.target.rsplit(['/', '\\']).next().unwrap_or("");
            jira_key::leading_key(leaf).map(|k| (l.range.start, k.to_owned()))
        });
        let jira_key = match (key, link_key) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
            (a, b) => a.or(b).map(|x| x.1),
        };
        let p = loc.at(item.offset);
        tasks.push(Task {
            status,
            checked: matches!(status, 'x' | 'X'),
            text: raw.to_owned(),
            description: fields.description,
            line: p.line,
            column: p.column,
            offset: item.offset,
            indent: indent(text, item.offset),
            depth: item.depth,
            parent: item.parent.and_then(|i| task_of_item.get(i).copied().flatten()),
            fields: fields.task,
            tags,
            block_id: fields.block_id,
            jira_key,
        });
    }
    tasks
}

/// Reads runs of a list sorted by `key`: the items with `start <= key < end`, for ranges that mostly come in
/// increasing order (a task's first line, task after task). It steps forward from where the last range began,
/// so a pass over all tasks walks each list once instead of bisecting it twice per task; a range starting
/// before the last one bisects.
struct Cursor<'a, T, K> {
    sorted: &'a [T],
    key: K,
    /// Invariant: every item before `at` has `key < ` the last `start`.
    at: usize,
    last_start: usize,
}

impl<'a, T, K: Fn(&T) -> usize> Cursor<'a, T, K> {
    fn new(sorted: &'a [T], key: K) -> Self {
        Self { sorted, key, at: 0, last_start: 0 }
    }

    /// The items with `start <= key < end`.
    fn within(&mut self, start: usize, end: usize) -> &'a [T] {
        let sorted = self.sorted;
        if start < self.last_start {
            self.at = sorted.partition_point(|x| (self.key)(x) < start);
        } else {
            while self.at < sorted.len() && (self.key)(&sorted[self.at]) < start {
                self.at += 1;
            }
        }
        self.last_start = start;
        let mut b = self.at;
        while b < sorted.len() && (self.key)(&sorted[b]) < end {
            b += 1;
        }
        &sorted[self.at..b]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkbox_forms() {
        fn cb(s: &str) -> Option<(char, &str)> {
            checkbox(s, 0).map(|(c, at)| (c, &s[at..]))
        }
        assert_eq!(cb("- [ ] a"), Some((' ', " a")));
        assert_eq!(cb("* [x]"), Some(('x', "")));
        assert_eq!(cb("12) [/]\tb"), Some(('/', "\tb")));
        assert_eq!(cb("+ [é] c"), Some(('é', " c")));
        assert_eq!(cb("- [ ]x"), None);
        assert_eq!(cb("- [xx] a"), None);
        assert_eq!(cb("-[ ] a"), None);
        assert_eq!(cb("- []"), None);
        assert_eq!(cb("a. [ ] a"), None);
    }

    #[test]
    fn serialises_as_the_flattened_derive_did() {
        let tasks = crate::scan("- [x] Fix OPS-1 ⏫ 📅 2024-01-05 🔁 every day #a ^b\n", 0).tasks;
        let json = serde_json::to_string(&tasks[0]).expect("json");
        assert_eq!(
            json,
            r#"{"status":"x","checked":true,"text":"Fix OPS-1 ⏫ 📅 2024-01-05 🔁 every day #a ^b","description":"Fix OPS-1","line":1,"column":1,"offset":0,"indent":0,"depth":0,"parent":null,"due":"2024-01-05","scheduled":null,"start":null,"done":null,"created":null,"cancelled":null,"priority":"high","recurrence":"every day #a","id":null,"dependsOn":[],"tags":["a"],"blockId":"b","jiraKey":"OPS-1"}"#
        );
    }

    #[test]
    fn cursor_agrees_with_bisection() {
        let sorted = [1, 3, 3, 7, 9, 12];
        let mut c = Cursor::new(&sorted, |&x: &usize| x);
        for (start, end) in [(0, 2), (2, 8), (3, 3), (8, 20), (4, 10), (13, 14), (0, 100)] {
            let a = sorted.partition_point(|&x| x < start);
            let b = sorted.partition_point(|&x| x < end).max(a);
            assert_eq!(c.within(start, end), &sorted[a..b], "{start}..{end}");
        }
    }

    #[test]
    fn trim_is_str_trim() {
        let cases =
            ["", " ", "a", " a b\t", "\u{b}\u{c}a\r\n", "\u{a0}a\u{2003}", " \u{a0} ", "é", " é\u{85}", "\u{1680}"];
        for s in cases {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn indent_counts_columns() {
        assert_eq!(indent("x\n\t  - a", 5), 6);
        assert_eq!(indent("> - a", 2), 2);
    }
}
