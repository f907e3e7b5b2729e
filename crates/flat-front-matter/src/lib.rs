//! A fast path for the common flat front matter: `key: scalar` lines and lists of scalars.
//!
//! A crate of its own (the core's `frontmatter::flat` calls it) so that the release profile builds it for speed
//! (`opt-level = 2`, see the root `Cargo.toml`) while the rest of the core is built for size: most notes' front
//! matter is read here. The core hands [`read`] its YAML core schema resolver for plain scalars, so that the
//! values are the loader's own.
//!
//! Most notes' front matter is a handful of top-level keys whose values are plain or simply quoted scalars,
//! block lists of such scalars (`- item` lines) or one-line flow lists (`[a, b]`). [`read`] reads exactly that
//! subset in one pass over the lines, without the YAML event parser, and returns `None` for anything else —
//! comments, anchors, aliases, tags, escapes, multi-line or block scalars, nested mappings, duplicate keys,
//! tabs, indicators — which then goes through the core's full loader (`load`), diagnostics and all.
//!
//! Invariant (property-tested against `load`, the oracle): whenever [`read`] returns a mapping, `load` reads
//! the very same mapping, keys in the same order, with no diagnostics. The subset is chosen to be
//! conservative: a rare front matter that YAML reads fine but this path refuses only costs the slower loader.

use std::ops::Range;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// A front matter mapping: keys in source order, JSON-compatible values (the core's `frontmatter::Mapping`).
pub type Mapping = serde_json::Map<String, Value>;

/// The core schema value of a plain (unquoted) scalar, the core's resolver, which its loader uses too: `None`
/// when the scalar is the string as written (most are), else its null, boolean or number.
pub type ResolvePlain = fn(&str) -> Option<Value>;

/// Front matter longer than this takes the full loader, which also enforces the size limits
/// (`MAX_NODES`): below it, the subset cannot produce more than a few tens of thousands of values.
const MAX_BYTES: usize = 64 * 1024;

/// Up to this many keys, duplicates are found by comparing each key with those before it; beyond, by a mapping.
const LINEAR_KEYS: usize = 32;

/// Where a scalar stands: a block value or list item, or an item of a one-line flow list `[a, b]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

/// A scalar [`read_flat`] read: a string, borrowed from the front matter's text, or the resolver's value (a
/// null, boolean or number; never a string).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    /// A string value, as written between its quotes or plain.
    Str(&'a str),
    /// A plain scalar's null, boolean or number.
    Value(Value),
}

impl Scalar<'_> {
    /// The JSON value.
    pub fn to_value(&self) -> Value {
        match self {
            Scalar::Str(s) => Value::String((*s).to_owned()),
            // Never a string, list or mapping: no deep clone.
            Scalar::Value(Value::Bool(b)) => Value::Bool(*b),
            Scalar::Value(Value::Number(n)) => Value::Number(n.clone()),
            Scalar::Value(_) => Value::Null,
        }
    }
}

impl Serialize for Scalar<'_> {
    /// As its JSON value serialises.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Str(s) => serializer.serialize_str(s),
            Scalar::Value(v) => v.serialize(serializer),
        }
    }
}

/// The value of one key of a [`Flat`] front matter.
#[derive(Debug, Clone, PartialEq)]
enum Entry<'a> {
    /// A scalar (`key:` alone, with no items under it, is `null`).
    Scalar(Scalar<'a>),
    /// A list: these items of [`Flat::items`].
    List(Range<usize>),
}

/// Flat front matter as [`read_flat`] reads it, its texts borrowed: keys in source order, each with a scalar or a
/// list of scalars. It serialises exactly as its [`Mapping`] ([`Flat::into_mapping`]) does, without building it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flat<'a> {
    /// The keys in source order, with their values.
    entries: Vec<(&'a str, Entry<'a>)>,
    /// The lists' items, list after list.
    items: Vec<Scalar<'a>>,
}

impl<'a> Flat<'a> {
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys in source order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    /// The JSON value of the `index`th key (in source order).
    pub fn value_at(&self, index: usize) -> Option<Value> {
        self.entries.get(index).map(|(_, entry)| self.value_of(entry))
    }

    fn value_of(&self, entry: &Entry<'a>) -> Value {
        match entry {
            Entry::Scalar(s) => s.to_value(),
            Entry::List(range) => Value::Array(self.items[range.clone()].iter().map(Scalar::to_value).collect()),
        }
    }

    /// The mapping: keys in source order, JSON values.
    pub fn into_mapping(self) -> Mapping {
        // Entry by entry through `value_at`: one conversion, less code.
        (0..self.entries.len()).filter_map(|i| Some((self.entries[i].0.to_owned(), self.value_at(i)?))).collect()
    }
}

impl Serialize for Flat<'_> {
    /// As the [`Mapping`] serialises (serde_json's `Map`: a map of its length, entry by entry).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// An entry's value, with the items a list's range points into.
        struct Of<'e, 'a>(&'e Entry<'a>, &'e [Scalar<'a>]);
        impl Serialize for Of<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    Entry::Scalar(s) => s.serialize(serializer),
                    Entry::List(range) => self.1[range.clone()].serialize(serializer),
                }
            }
        }
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, entry) in &self.entries {
            map.serialize_entry(key, &Of(entry, &self.items))?;
        }
        map.end()
    }
}

/// Reads `yaml` (the text between the fences) when it is flat front matter, plain scalars through `plain`;
/// `None` means "use the loader".
pub fn read(yaml: &str, plain: ResolvePlain) -> Option<Mapping> {
    read_flat(yaml, plain).map(Flat::into_mapping)
}

/// [`read`] without building the mapping: the keys and string values borrowed from `yaml`.
pub fn read_flat(yaml: &str, plain: ResolvePlain) -> Option<Flat<'_>> {
    if yaml.is_empty() || yaml.len() > MAX_BYTES || !plain_characters(yaml) {
        return None;
    }
    // A key a line of about 20 bytes: room for every key up front (the entries vector rarely grows then).
    let mut flat = Flat { entries: Vec::with_capacity(yaml.len() / 16 + 1), items: Vec::new() };
    // Whether the last key was written with no value (`tags:`; `null` until then), waiting for its `- item`
    // lines, and the items' indentation.
    let mut pending = false;
    let mut items_indent: Option<usize> = None;
    // Most front matter has no `\r`: its lines are then taken as they are.
    let crlf = has_byte(yaml, |b| b == b'\r');
    for raw in lines(yaml) {
        let line = if crlf { raw.strip_suffix('\r').unwrap_or(raw) } else { raw };
        if crlf && has_byte(line, |b| b == b'\r') {
            return None;
        }
        let Some(&first) = line.as_bytes().first() else { continue };
        if matches!(first, b' ' | b'-') {
            // Only a list item of the pending key may start with a space or a dash.
            if !pending {
                return None;
            }
            let indent = line.bytes().take_while(|&b| b == b' ').count();
            let item = trim_spaces(line[indent..].strip_prefix("- ")?);
            if *items_indent.get_or_insert(indent) != indent {
                return None;
            }
            flat.items.push(scalar(item, Context::Block, plain)?);
            continue;
        }
        if std::mem::take(&mut pending) {
            close_list(&mut flat);
        }
        items_indent = None;
        let (key, value) = split_entry(line)?;
        pending = value.is_empty();
        let entry = if pending {
            Entry::List(flat.items.len()..flat.items.len())
        } else {
            value_of(value, &mut flat.items, plain)?
        };
        flat.entries.push((key, entry));
    }
    if pending {
        close_list(&mut flat);
    }
    // A duplicate key is refused: the loader reports it.
    if has_duplicate(&flat) {
        return None;
    }
    Some(flat)
}

/// Ends the pending key's list (the last entry, started empty at the items' end): its items run to the end,
/// and with none the key's value is `null`.
fn close_list(flat: &mut Flat<'_>) {
    let end = flat.items.len();
    if let Some((_, entry)) = flat.entries.last_mut() {
        if let Entry::List(range) = entry {
            range.end = end;
            if range.start == end {
                *entry = Entry::Scalar(Scalar::Value(Value::Null));
            }
        }
    }
}

/// Whether two keys are the same text.
fn has_duplicate(flat: &Flat<'_>) -> bool {
    let keys = &flat.entries;
    if keys.len() <= LINEAR_KEYS {
        return keys.iter().enumerate().any(|(i, (k, _))| keys[..i].iter().any(|(before, _)| before == k));
    }
    // Beyond, by a mapping's index (few notes have this many keys; no sort or set code of its own).
    let mut seen = Mapping::with_capacity(keys.len());
    keys.iter().any(|(k, _)| seen.insert((*k).to_owned(), Value::Null).is_some())
}

/// The lines of `text` split at `\n`, as `str::split('\n')` gives them (an empty last line after a final `\n`
/// included), found by a plain byte loop: front matter lines are short, and a search call per line cost more.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'\n') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Whether some byte of `text` is one `is` accepts (for ASCII bytes, which never occur inside a longer UTF-8
/// sequence: the same as searching for the character).
fn has_byte(text: &str, is: impl Fn(u8) -> bool) -> bool {
    text.bytes().any(is)
}

/// Whether `text` holds the two ASCII bytes `pair` next to each other (`str::contains` of that pair, without its
/// searcher's set-up on every short scalar).
fn has_pair(text: &str, pair: [u8; 2]) -> bool {
    text.as_bytes().windows(2).any(|w| w == pair)
}

/// Whether every character may appear in the subset: no tab, no control character other than the line
/// breaks, none of the characters YAML treats specially (NEL, line and paragraph separators, BOM,
/// non-characters).
fn plain_characters(yaml: &str) -> bool {
    if yaml.is_ascii() {
        return yaml.bytes().all(|b| matches!(b, b'\n' | b'\r' | b' '..=b'~'));
    }
    yaml.chars().all(|c| {
        matches!(c, '\n' | '\r')
            || !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
    })
}

/// Splits a top-level line `key: value` (or `key:`) into its key and its value, trimmed. The key must be a
/// simple plain word (letters, digits, `_`, `-`, `.`, `/` and inner spaces, starting with a letter, digit or
/// `_`), which YAML reads as itself.
fn split_entry(line: &str) -> Option<(&str, &str)> {
    let colon = line.bytes().position(|b| b == b':')?;
    let key = &line[..colon];
    let rest = &line[colon + 1..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let mut chars = key.chars();
    let first = chars.next()?;
    if !(first.is_alphanumeric() || first == '_') || key.ends_with(' ') {
        return None;
    }
    // An ASCII key (most are) by its bytes, without decoding characters.
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' ');
    let ascii_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b' ');
    let all_word = if key.is_ascii() { key.bytes().all(ascii_word) } else { chars.all(word) };
    if !all_word || has_pair(key, *b"  ") {
        return None;
    }
    Some((key, trim_spaces(rest)))
}

/// `text` without its leading and trailing spaces (`str::trim_matches(' ')`, by bytes: a space is one byte,
/// never part of a longer character, so every cut is at a character boundary).
fn trim_spaces(text: &str) -> &str {
    let b = text.as_bytes();
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c != b' ').map_or(start, |i| i + 1);
    text.get(start..end).unwrap_or_default()
}

/// The value written after `key: `: a one-line flow list (its items appended to `items`) or a scalar.
fn value_of<'a>(value: &'a str, items: &mut Vec<Scalar<'a>>, plain: ResolvePlain) -> Option<Entry<'a>> {
    let Some(inner) = value.strip_prefix('[') else { return scalar(value, Context::Block, plain).map(Entry::Scalar) };
    let inner = inner.strip_suffix(']')?;
    let start = items.len();
    if !trim_spaces(inner).is_empty() {
        for item in inner.split(',') {
            items.push(scalar(trim_spaces(item), Context::Flow, plain)?);
        }
    }
    Some(Entry::List(start..items.len()))
}

/// A trimmed scalar: double-quoted without escapes, single-quoted without inner quotes, or plain and simple.
fn scalar(text: &str, context: Context, plain: ResolvePlain) -> Option<Scalar<'_>> {
    let first = text.chars().next()?;
    if let Some(rest) = text.strip_prefix('"') {
        let inner = rest.strip_suffix('"')?;
        return (!has_byte(inner, |b| matches!(b, b'"' | b'\\'))).then_some(Scalar::Str(inner));
    }
    if let Some(rest) = text.strip_prefix('\'') {
        let inner = rest.strip_suffix('\'')?;
        return (!has_byte(inner, |b| b == b'\'')).then_some(Scalar::Str(inner));
    }
    let starts_well = first.is_alphanumeric()
        || matches!(first, '_' | '(' | '/' | '+' | '$' | '~' | '=' | '<' | '^' | '.' | '-')
        || (!first.is_ascii() && !first.is_whitespace());
    if !starts_well || has_pair(text, *b" #") || has_pair(text, *b": ") || text.ends_with(':') {
        return None;
    }
    // `-` and `.` start a plain scalar only before a digit here (`-1`, `.5`): `- x`, `---`, `...` are syntax.
    if matches!(first, '-' | '.') && !text[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if context == Context::Flow && has_byte(text, |b| matches!(b, b'[' | b']' | b'{' | b'}' | b',' | b':' | b'#')) {
        return None;
    }
    Some(plain(text).map_or(Scalar::Str(text), Scalar::Value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_spaces_is_trim_matches_of_a_space() {
        for text in ["", " ", "  ", "a", " a ", "  é b  ", "\ta ", " a\t", "日本 ", " x y "] {
            assert_eq!(trim_spaces(text), text.trim_matches(' '), "{text:?}");
        }
    }
}
