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

use serde_json::Value;

/// A front matter mapping: keys in source order, JSON-compatible values (the core's `frontmatter::Mapping`).
pub type Mapping = serde_json::Map<String, Value>;

/// The core schema value of a plain (unquoted) scalar: the core's resolver, which its loader uses too.
pub type ResolvePlain = fn(&str) -> Value;

/// Front matter longer than this takes the full loader, which also enforces the size limits
/// (`MAX_NODES`): below it, the subset cannot produce more than a few tens of thousands of values.
const MAX_BYTES: usize = 64 * 1024;

/// Where a scalar stands: a block value or list item, or an item of a one-line flow list `[a, b]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

/// Reads `yaml` (the text between the fences) when it is flat front matter, plain scalars through `plain`;
/// `None` means "use the loader".
pub fn read(yaml: &str, plain: ResolvePlain) -> Option<Mapping> {
    if yaml.is_empty() || yaml.len() > MAX_BYTES || !plain_characters(yaml) {
        return None;
    }
    // At most one key per line: the map never grows while it is read.
    let mut map = Mapping::with_capacity(yaml.bytes().filter(|&b| b == b'\n').count() + 1);
    // Whether the last key was written with no value (`tags:`; in the map as `null` until then), waiting for its
    // `- item` lines, and the items' indentation.
    let mut pending = false;
    let mut items: Vec<Value> = Vec::new();
    let mut items_indent: Option<usize> = None;
    for raw in lines(yaml) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if has_byte(line, |b| b == b'\r') {
            return None;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with([' ', '-']) {
            // Only a list item of the pending key may start with a space or a dash.
            if !pending {
                return None;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            let item = line[indent..].strip_prefix("- ")?.trim_matches(' ');
            if *items_indent.get_or_insert(indent) != indent {
                return None;
            }
            items.push(scalar(item, Context::Block, plain)?);
            continue;
        }
        if std::mem::take(&mut pending) {
            set_last(&mut map, list_value(std::mem::take(&mut items)));
        }
        items_indent = None;
        let (key, value) = split_entry(line)?;
        pending = value.is_empty();
        let value = if pending { Value::Null } else { value_of(value, plain)? };
        // A duplicate key replaces the value in place and is refused: the whole map is dropped.
        if map.insert(key.to_owned(), value).is_some() {
            return None;
        }
    }
    if pending {
        set_last(&mut map, list_value(items));
    }
    Some(map)
}

/// Replaces the value of the key inserted last (keys keep their insertion order).
fn set_last(map: &mut Mapping, value: Value) {
    if let Some(last) = map.values_mut().next_back() {
        *last = value;
    }
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

/// A key written without a value: `null`, or the list of the item lines under it.
fn list_value(items: Vec<Value>) -> Value {
    if items.is_empty() { Value::Null } else { Value::Array(items) }
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
    let colon = line.find(':')?;
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
    if !chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' ')) || has_pair(key, *b"  ") {
        return None;
    }
    Some((key, rest.trim_matches(' ')))
}

/// The value written after `key: `: a one-line flow list or a scalar.
fn value_of(value: &str, plain: ResolvePlain) -> Option<Value> {
    let Some(inner) = value.strip_prefix('[') else { return scalar(value, Context::Block, plain) };
    let inner = inner.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Array(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), Context::Flow, plain))
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// A trimmed scalar: double-quoted without escapes, single-quoted without inner quotes, or plain and simple.
fn scalar(text: &str, context: Context, plain: ResolvePlain) -> Option<Value> {
    let first = text.chars().next()?;
    if let Some(rest) = text.strip_prefix('"') {
        let inner = rest.strip_suffix('"')?;
        return (!has_byte(inner, |b| matches!(b, b'"' | b'\\'))).then(|| Value::String(inner.to_owned()));
    }
    if let Some(rest) = text.strip_prefix('\'') {
        let inner = rest.strip_suffix('\'')?;
        return (!has_byte(inner, |b| b == b'\'')).then(|| Value::String(inner.to_owned()));
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
    Some(plain(text))
}
