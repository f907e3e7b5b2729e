//! Editing front matter in place: change the named keys, keep every other byte.
//!
//! The law: [`update_frontmatter`] rewrites only the entries of the keys it is given. Comments, blank lines,
//! other keys (their order, quoting and values as written), the body, the line endings and a BOM stay exactly as
//! they were. A replaced entry keeps its key as spelled and the comment lines above it; a removed entry loses its
//! key line, its indented continuation lines and a comment at the end of its last line; new keys go at the end of
//! the block. Before returning, the result is read back and compared with the intended mapping, so a note is
//! never written in a way the sync would read differently.

use serde_json::Value;
use thiserror::Error;

use super::changes::Changes;
use super::emit::Style;
use super::entries::{Entry, Shape};
use super::fence::{self, BOM, Block, Fences};
use super::load::{self, Loaded};
use super::{Mapping, emit};
use crate::diagnostic::Severity;
use crate::text::Position;

/// Why [`update_frontmatter`] refused. The note is then to be left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UpdateError {
    /// The existing front matter cannot be read, so it cannot be edited safely.
    #[error("front matter is malformed at line {line}, column {column}: {message}")]
    Malformed {
        /// 1-based line in the note.
        line: usize,
        /// 1-based column in Unicode scalar values.
        column: usize,
        /// The parser's description.
        message: String,
    },
    /// The note starts with `---` but has no closing `---` line; adding a block would change what it means.
    #[error("the `---` on line {line} has no closing `---` line; close or remove it before the sync can edit it")]
    Unclosed {
        /// 1-based line of the opening fence.
        line: usize,
    },
    /// The front matter is a flow mapping (`{a: 1}`), which cannot be edited key by key.
    #[error("front matter written as a flow mapping `{{...}}` cannot be edited in place")]
    FlowMapping,
    /// The entry is written in a form the editor does not rewrite (an explicit `? key`, a multi-line key).
    #[error("front matter key `{key}` is written in a form that cannot be edited in place")]
    UnsupportedEntry {
        /// The key.
        key: String,
    },
    /// Changing this entry would orphan an alias elsewhere in the front matter.
    #[error("front matter key `{key}` defines an anchor used by another key, so it cannot be changed")]
    AnchorInUse {
        /// The key.
        key: String,
    },
    /// The value cannot be written so that it reads back the same (too deep, a key too long for YAML).
    #[error("the value for front matter key `{key}` cannot be written as YAML that reads back unchanged")]
    Unrepresentable {
        /// The key.
        key: String,
    },
}

/// Applies `changes` to the front matter of `text` and returns the new note text.
///
/// - No changes, or only changes that change nothing (removing an absent key, setting a key to the value it
///   has): `text` is returned unchanged, even when its front matter is malformed.
/// - No front matter: a block is created at the start (after a BOM), using the note's line ending.
/// - Malformed front matter, an unclosed opening fence, a flow-style root mapping: an error, nothing changed.
pub fn update_frontmatter(text: &str, changes: &Changes) -> Result<String, UpdateError> {
    if changes.is_empty() {
        return Ok(text.to_owned());
    }
    let eol = fence::line_ending(text);
    let block = match fence::locate(text) {
        Fences::Closed(block) => block,
        Fences::Unclosed(start) => {
            if changes.iter().all(|(_, v)| v.is_none()) {
                return Ok(text.to_owned());
            }
            return Err(UpdateError::Unclosed { line: Position::of(text, start).line });
        }
        Fences::None => return create_block(text, changes, eol),
    };
    let mut loaded = load::load(text, &block);
    let Some(mapping) = loaded.mapping.take() else {
        let d = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error);
        return Err(match d {
            Some(d) => UpdateError::Malformed { line: d.line, column: d.column, message: d.message.clone() },
            None => UpdateError::Malformed { line: 1, column: 1, message: "unreadable front matter".into() },
        });
    };
    // Only real changes count: rewriting an equal value could only disturb its formatting.
    let effective: Vec<(&str, Option<&Value>)> =
        changes.iter().filter(|(k, v)| mapping.get(*k) != *v && (v.is_some() || mapping.contains_key(*k))).collect();
    if effective.is_empty() {
        return Ok(text.to_owned());
    }
    if loaded.flow_root {
        return Err(UpdateError::FlowMapping);
    }
    check_values(&effective)?;
    check_anchors(&loaded.entries, &effective)?;

    let mut expected = mapping.clone();
    for (key, value) in &effective {
        match value {
            Some(v) => expected.insert((*key).to_owned(), (*v).clone()),
            None => expected.shift_remove(*key),
        };
    }
    let edit = Edit { text, block: &block, loaded: &loaded, mapping: &mapping, changes: &effective };
    // Block scalars first; double quotes when what follows an entry (say, an indented comment) would change one.
    let mut outcome = Err(UpdateError::Unrepresentable { key: String::new() });
    // Last, removals also take the comment lines indented under them, when leaving those would change the
    // entry above (a block scalar reads them as text).
    for (take_comments, block_scalars) in [(false, true), (false, false), (true, true), (true, false)] {
        let out = edit.write(Style { eol, block_scalars }, take_comments)?;
        outcome = verify(&out, &expected, &effective).map(|()| out);
        if outcome.is_ok() {
            break;
        }
    }
    outcome
}

/// An edit of an existing, well-formed block.
struct Edit<'a> {
    text: &'a str,
    block: &'a Block,
    loaded: &'a Loaded,
    mapping: &'a Mapping,
    /// The changes that change something.
    changes: &'a [(&'a str, Option<&'a Value>)],
}

impl Edit<'_> {
    /// The new note: changed entries rewritten in place, removed ones cut out (with the comment lines indented under
    /// them when `take_comments`), new ones appended.
    fn write(&self, style: Style<'_>, take_comments: bool) -> Result<String, UpdateError> {
        let (text, eol) = (self.text, style.eol);
        let indent = self.loaded.entries.first().map_or(0, |e| e.key_start - line_start(text, e.key_start));
        let mut out = String::with_capacity(text.len() + 64);
        let mut copied = 0;
        for entry in &self.loaded.entries {
            let Some((_, change)) = self.changes.iter().find(|(k, _)| *k == entry.key) else { continue };
            let span = EntrySpan::of(text, entry, self.block.content_end)?;
            out.push_str(&text[copied..span.line_start]);
            copied = span.end;
            if change.is_none() && take_comments {
                // Comment lines indented under the removed key go with it.
                let key_indent = entry.key_start - span.line_start;
                copied = indented_comments_end(text, copied, self.block.content_end, key_indent);
            }
            if let Some(value) = change {
                out.push_str(&text[span.line_start..span.colon_end]);
                let mut written = String::new();
                emit::after_key(&mut written, value, indent, entry.shape == Shape::FlowSequence, style);
                // A list written `- a` right under its key stays so: every written line moves left by two.
                let first_dash = line_start(text, entry.value_start);
                let first_dash = first_dash + (text[first_dash..].len() - text[first_dash..].trim_start().len());
                let indentless = entry.shape == Shape::BlockSequence
                    && value.as_array().is_some_and(|items| !items.is_empty())
                    && first_dash - line_start(text, first_dash) == entry.key_start - line_start(text, entry.key_start);
                if indentless {
                    written = written.replace(&format!("{eol}  "), eol);
                }
                out.push_str(&keep_comment(written, &span, text, eol));
            }
        }
        // New keys go at the end of the block, but before an explicit `...` document end.
        let end = self.block.content_end;
        let append_at = self.loaded.document_end.map_or(end, |at| line_start(text, at)).max(copied);
        out.push_str(&text[copied..append_at]);
        for (key, value) in self.changes {
            if let (Some(value), false) = (value, self.mapping.contains_key(*key)) {
                write_entry(&mut out, key, value, indent, style)?;
            }
        }
        out.push_str(&text[append_at..]);
        Ok(out)
    }
}

/// A note without front matter gets a new block in front of it.
fn create_block(text: &str, changes: &Changes, eol: &str) -> Result<String, UpdateError> {
    let sets: Vec<(&str, Option<&Value>)> = changes.iter().filter(|(_, v)| v.is_some()).collect();
    if sets.is_empty() {
        return Ok(text.to_owned());
    }
    check_values(&sets)?;
    let bom = if text.starts_with(BOM) { BOM.len_utf8() } else { 0 };
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..bom]);
    out.push_str("---");
    out.push_str(eol);
    let mut expected = Mapping::new();
    for (key, value) in &sets {
        if let Some(value) = value {
            // A new block holds nothing that could run into a block scalar.
            write_entry(&mut out, key, value, 0, Style { eol, block_scalars: true })?;
            expected.insert((*key).to_owned(), (*value).clone());
        }
    }
    out.push_str("---");
    out.push_str(eol);
    out.push_str(&text[bom..]);
    verify(&out, &expected, &sets)?;
    Ok(out)
}

/// Appends a new `key: value` entry at column `indent`.
fn write_entry(out: &mut String, key: &str, value: &Value, indent: usize, style: Style<'_>) -> Result<(), UpdateError> {
    let written = emit::key(key);
    // YAML limits implicit keys to 1024 characters.
    if written.chars().count() > 1000 {
        return Err(UpdateError::Unrepresentable { key: key.to_owned() });
    }
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(&written);
    out.push(':');
    emit::after_key(out, value, indent, false, style);
    Ok(())
}

/// Values nested deeper than the reader accepts would not read back.
fn check_values(changes: &[(&str, Option<&Value>)]) -> Result<(), UpdateError> {
    for (key, value) in changes {
        if value.is_some_and(|v| depth(v) + 2 > load::MAX_DEPTH) {
            return Err(UpdateError::Unrepresentable { key: (*key).to_owned() });
        }
    }
    Ok(())
}

/// Nesting depth of a value, counted without recursion (values may come from JavaScript, nested arbitrarily).
fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((v, d)) = stack.pop() {
        deepest = deepest.max(d);
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, d + 1))),
            _ => {}
        }
    }
    deepest
}

/// Refuses to rewrite or remove an entry defining an anchor that an untouched entry's alias uses.
fn check_anchors(entries: &[Entry], changes: &[(&str, Option<&Value>)]) -> Result<(), UpdateError> {
    let changed = |e: &Entry| changes.iter().any(|(k, _)| *k == e.key);
    for entry in entries.iter().filter(|e| changed(e)) {
        let used = entries.iter().filter(|e| !changed(e)).any(|e| e.aliases.iter().any(|a| entry.anchors.contains(a)));
        if used {
            return Err(UpdateError::AnchorInUse { key: entry.key.clone() });
        }
    }
    Ok(())
}

/// Byte offsets of an entry's lines. Invariant: `line_start <= colon_end <= value_end <= end`, and `end` is
/// at a line start (or the end of the YAML), so removing `line_start..end` removes whole lines.
struct EntrySpan {
    line_start: usize,
    colon_end: usize,
    value_end: usize,
    end: usize,
}

impl EntrySpan {
    fn of(text: &str, entry: &Entry, content_end: usize) -> Result<Self, UpdateError> {
        let unsupported = || UpdateError::UnsupportedEntry { key: entry.key.clone() };
        let line_start = line_start(text, entry.key_start);
        // Only `key:` entries whose key starts its line (after the indentation) are edited.
        if !text[line_start..entry.key_start].bytes().all(|b| b == b' ') {
            return Err(unsupported());
        }
        let after_key = &text[entry.key_end..];
        let colon = entry.key_end + (after_key.len() - after_key.trim_start_matches([' ', '\t']).len());
        if text.as_bytes().get(colon) != Some(&b':') || text[entry.key_start..colon].contains('\n') {
            return Err(unsupported());
        }
        let colon_end = colon + 1;
        let value_end = entry.value_end.max(colon_end).min(content_end);
        let end = if text[..value_end].ends_with('\n') {
            value_end
        } else {
            text[value_end..content_end].find('\n').map_or(content_end, |i| value_end + i + 1)
        };
        Ok(Self { line_start, colon_end, value_end, end })
    }
}

/// The end of the run of `# comment` lines starting at `from` (a line start) that are indented deeper than
/// `key_indent`; `from` itself when there is none. Never past `content_end`.
fn indented_comments_end(text: &str, from: usize, content_end: usize, key_indent: usize) -> usize {
    let mut at = from;
    while at < content_end {
        let line_end = text[at..content_end].find('\n').map_or(content_end, |i| at + i + 1);
        let line = &text[at..line_end];
        let body = line.trim_start_matches([' ', '\t']);
        if line.len() - body.len() <= key_indent || !body.starts_with('#') {
            break;
        }
        at = line_end;
    }
    at
}

/// Keeps a `# comment` that followed a one-line value when the new value is one line too.
fn keep_comment(written: String, span: &EntrySpan, text: &str, eol: &str) -> String {
    let old_value = &text[span.colon_end..span.value_end];
    let rest = text[span.value_end..span.end].trim_end_matches(['\n', '\r']);
    let one_line = written.matches('\n').count() == 1 && written.ends_with(eol);
    if old_value.contains('\n') || !rest.trim_start().starts_with('#') || !one_line {
        return written;
    }
    let mut kept = written[..written.len() - eol.len()].to_owned();
    kept.push_str(rest);
    kept.push_str(eol);
    kept
}

/// The byte range of an entry's lines, or `None` when the entry cannot be edited (for the property tests).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn entry_span(text: &str, entry: &Entry, content_end: usize) -> Option<(usize, usize)> {
    EntrySpan::of(text, entry, content_end).ok().map(|s| (s.line_start, s.end))
}

/// The start of the line holding byte `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Reads the result back: it must hold exactly the intended mapping, keys in order.
fn verify(out: &str, expected: &Mapping, changes: &[(&str, Option<&Value>)]) -> Result<(), UpdateError> {
    let parsed = super::parse(out).mapping;
    let same = parsed.as_ref().is_some_and(|m| m == expected && m.keys().eq(expected.keys()));
    if same {
        return Ok(());
    }
    // Name a changed key whose value differs, else the first changed key.
    let key = changes
        .iter()
        .find(|(k, _)| parsed.as_ref().and_then(|m| m.get(*k)) != expected.get(*k))
        .or(changes.first())
        .map_or_else(String::new, |(k, _)| (*k).to_owned());
    Err(UpdateError::Unrepresentable { key })
}
