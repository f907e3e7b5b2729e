//! A fast path for the common flat front matter: `key: scalar` lines and lists of scalars.
//!
//! Most notes' front matter is a handful of top-level keys whose values are plain or simply quoted scalars,
//! block lists of such scalars (`- item` lines) or one-line flow lists (`[a, b]`). [`read`] reads exactly that
//! subset in one pass over the lines, without the YAML event parser, and returns `None` for anything else —
//! comments, anchors, aliases, tags, escapes, multi-line or block scalars, nested mappings, duplicate keys,
//! tabs, indicators — which then goes through the full loader (`load`), diagnostics and all.
//!
//! Invariant (property-tested against `load`, the oracle): whenever [`read`] returns a mapping, `load` reads
//! the very same mapping, keys in the same order, with no diagnostics. The subset is chosen to be
//! conservative: a rare front matter that YAML reads fine but this path refuses only costs the slower loader.

use serde_json::Value;

use super::Mapping;
use super::schema;

/// Front matter longer than this takes the full loader, which also enforces the size limits
/// (`MAX_NODES`): below it, the subset cannot produce more than a few tens of thousands of values.
const MAX_BYTES: usize = 64 * 1024;

/// Where a scalar stands: a block value or list item, or an item of a one-line flow list `[a, b]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

/// Reads `yaml` (the text between the fences) when it is flat front matter; `None` means "use the loader".
pub(crate) fn read(yaml: &str) -> Option<Mapping> {
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
            items.push(scalar(item, Context::Block)?);
            continue;
        }
        if std::mem::take(&mut pending) {
            set_last(&mut map, list_value(std::mem::take(&mut items)));
        }
        items_indent = None;
        let (key, value) = split_entry(line)?;
        pending = value.is_empty();
        let value = if pending { Value::Null } else { value_of(value)? };
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
fn value_of(value: &str) -> Option<Value> {
    let Some(inner) = value.strip_prefix('[') else { return scalar(value, Context::Block) };
    let inner = inner.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Array(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), Context::Flow))
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// A trimmed scalar: double-quoted without escapes, single-quoted without inner quotes, or plain and simple.
fn scalar(text: &str, context: Context) -> Option<Value> {
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
    Some(schema::resolve_plain(text))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn flat(yaml: &str) -> Option<Value> {
        read(yaml).map(Value::Object)
    }

    #[test]
    fn reads_the_common_shapes() {
        let yaml = "jira_key: OPS-1\ntitle: Against of\ntags:\n  - ops\n  - schema\n\
                    updated: 2025-06-01T08:30:00.000+0200\nowner: 239\nsprint: \"The against budget to.\"\n\
                    due: [schema, and]\naliases: [Release the, N0]\nattendees:\n  - \"[[Bob Stone]]\"\n\
                    publish: true\nempty:\nnone: []\nq: 'single'\nf: -1.5\n";
        assert_eq!(
            flat(yaml),
            Some(json!({"jira_key": "OPS-1", "title": "Against of", "tags": ["ops", "schema"],
                "updated": "2025-06-01T08:30:00.000+0200", "owner": 239, "sprint": "The against budget to.",
                "due": ["schema", "and"], "aliases": ["Release the", "N0"], "attendees": ["[[Bob Stone]]"],
                "publish": true, "empty": null, "none": [], "q": "single", "f": -1.5}))
        );
        assert_eq!(flat("a:\r\n- x\r\n\r\n- y\r\nb: 1\r\n"), Some(json!({"a": ["x", "y"], "b": 1})));
    }

    #[test]
    fn refuses_what_it_does_not_read_exactly() {
        for yaml in [
            "a: 1 # comment\n",
            "# comment\na: 1\n",
            "a: 1\na: 2\n",
            "a: &x 1\n",
            "a: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: plain\n  continued\n",
            "a:\n  b: 1\n",
            "a: \"esc\\n\"\n",
            "a: 'it''s'\n",
            "a: [1,\n  2]\n",
            "a: {b: 1}\n",
            "\"a\": 1\n",
            "a:\tb\n",
            "a: b: c\n",
            "- a\n",
            "a:\n  - x\n    - y\n",
            "a:\n  -\n",
            "a: [b, ]\n",
            "a: [b:c]\n",
            "...\n",
            "a: - x\n",
            "a: x\u{2028}y\n",
            "a: 1\n  - x\n",
        ] {
            assert_eq!(flat(yaml), None, "{yaml:?}");
        }
    }
}

/// The invariant against the full loader, on generated front matters (native only: proptest does not run
/// under wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod laws {
    use proptest::prelude::*;

    use super::read;
    use crate::frontmatter::fence::{self, Fences};
    use crate::frontmatter::load;

    /// Pieces of keys: plain words and everything YAML treats specially in a key.
    const KEYS: &[&str] = &[
        "a", "title", "tags", "jira_key", "due date", "a.b", "x/y", "_k", "1", "true", "null", "é", "日本", "a-b",
        "a:b", "-a", "#c", "? a", "\"q\"", "'q'", "k ", " k", "a  b", "~", "<<", "[a]", "&a", "*a", "!a", "...", "---",
        "%a", "@a",
    ];

    /// Pieces of values: the scalars and lists notes hold, and YAML's traps.
    const VALUES: &[&str] = &[
        "",
        "x",
        "OPS-1",
        "Hello world",
        "12",
        "-7",
        "+3",
        "1.5",
        ".5",
        "-.5",
        "1e3",
        "0x1F",
        "0o17",
        "012",
        "true",
        "False",
        "null",
        "~",
        "yes",
        "2024-03-20",
        "2025-06-01T08:30:00.000+0200",
        "1:20",
        "C#",
        "a#b",
        "a #b",
        "a: b",
        "a:",
        "a:b",
        "\"q\"",
        "\"a, b\"",
        "\"a: b\"",
        "\"\"",
        "''",
        "'s'",
        "'it''s'",
        "\"e\\n\"",
        "\"[[Bob Stone]]\"",
        "[a, b]",
        "[a,b]",
        "[]",
        "[ ]",
        "[a, ]",
        "[, a]",
        "[a b, 1, true]",
        "[\"x\", 'y']",
        "[a:b]",
        "[a, [b]]",
        "{a: 1}",
        "[a",
        "a]",
        "&x 1",
        "*x",
        "!!str 1",
        "! 1",
        "|",
        ">-",
        "- x",
        "-x",
        "--",
        "---",
        "...",
        ".inf",
        ".nan",
        "?",
        "? x",
        "%x",
        "@x",
        "`x",
        "(x)",
        "/p",
        "$5",
        "=",
        "<x>",
        "^",
        "ü✓",
        "a\u{2028}b",
        "\u{feff}x",
        "x\u{85}",
        "\u{fffd}",
        "a  b",
        "a \"b\"",
        "9223372036854775808",
        "1_000",
    ];

    /// Keys that the fast path reads, mostly, and now and then one it must refuse or a random one.
    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => proptest::sample::select(&KEYS[..12]).prop_map(str::to_owned),
            2 => proptest::sample::select(KEYS).prop_map(str::to_owned),
            1 => "[a-z :#-]{0,6}",
        ]
    }

    /// A value: mostly one of [`VALUES`], sometimes random printable text.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![8 => proptest::sample::select(VALUES).prop_map(str::to_owned), 1 => "[ -~é\t]{0,10}"]
    }

    /// Line layouts around a key and a value: mostly `key: value` and `  - item`, sometimes a trap.
    fn line() -> impl Strategy<Value = String> {
        let sep = prop_oneof![
            8 => Just(": "),
            1 => proptest::sample::select(&[":", ":  ", ": \t", " : ", ":\t"][..]),
        ];
        let item = prop_oneof![
            6 => proptest::sample::select(&["  - ", "- "][..]),
            1 => proptest::sample::select(&["    - ", "  -", "  -  ", "\t- ", " - ", "  - - "][..]),
        ];
        prop_oneof![
            8 => (key(), sep, value()).prop_map(|(k, s, v)| format!("{k}{s}{v}")),
            2 => key().prop_map(|k| format!("{k}:")),
            6 => (item, value()).prop_map(|(i, v)| format!("{i}{v}")),
            1 => Just(String::new()),
            1 => proptest::sample::select(&["# comment", "  continued", "  k: v", "---", "..."][..]).prop_map(str::to_owned),
        ]
    }

    /// A front matter block's YAML: lines joined by LF or CRLF (sometimes mixed), ending with a line break.
    fn yaml() -> impl Strategy<Value = String> {
        (proptest::collection::vec((line(), 0u8..8), 1..7)).prop_map(|lines| {
            lines.into_iter().map(|(l, e)| format!("{l}{}", if e == 0 { "\r\n" } else { "\n" })).collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        /// Whatever the fast path accepts, the loader reads identically (key order included), without a problem.
        #[test]
        fn accepted_front_matter_is_what_the_loader_reads(yaml in yaml()) {
            let text = format!("---\n{yaml}---\nbody\n");
            let Fences::Closed(block) = fence::locate(&text) else { return Ok(()) };
            let yaml = &text[block.content_start..block.content_end];
            if let Some(fast) = read(yaml) {
                let slow = load::load(&text, &block);
                prop_assert!(slow.diagnostics.is_empty(), "{yaml:?}: fast {fast:?}, loader {:?}", slow.diagnostics);
                let slow = slow.mapping.map(serde_json::Value::Object);
                let fast = serde_json::Value::Object(fast);
                prop_assert_eq!(slow.as_ref().map(ToString::to_string), Some(fast.to_string()), "{:?}", yaml);
            }
        }
    }
}
