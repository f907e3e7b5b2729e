//! Property tests of the editing laws (native only: proptest does not run under wasm).
//!
//! (a) `update(t, {}) == t` byte for byte, for any text, malformed or not.
//! (b) `parse(update(t, c)).mapping == parse(t).mapping` with `c` applied, for well-formed front matter.
//! (c) Entries of keys not in `c` keep their exact source text.
//! Plus: neither `parse` nor `update_frontmatter` panics on arbitrary text.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::fence::{self, Fences};
use super::{Changes, Mapping, emit, load, parse, update_frontmatter};

/// Strings chosen to trip a YAML writer: indicators, YAML 1.1 booleans, number look-alikes, blanks, breaks.
const TRICKY: &[&str] = &[
    "",
    " ",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "true",
    "False",
    "null",
    "~",
    "0x1F",
    "1e3",
    ".5",
    "1_000",
    "012",
    "1:20",
    "+1",
    "-1",
    ".inf",
    "2024-03-20",
    "a: b",
    "a #b",
    "#c",
    "- x",
    "? x",
    ": x",
    "*x",
    "&x",
    "!x",
    "|",
    ">",
    "'",
    "\"",
    "%x",
    "@x",
    "`x",
    "[x]",
    "{x}",
    "a, b",
    "  lead",
    "trail  ",
    "tab\tx",
    "multi\nline",
    "multi\nline\n",
    "keep\n\n",
    "\n\nx\n\n",
    "  indented\nnext",
    "quote\"s\\",
    "ü✓ 日本",
    "\u{feff}bom",
    "a\u{2028}b",
    "nel\u{85}x",
    "cr\rx",
    "crlf\r\nx",
    "---",
    "...",
    "<<",
    "=",
    "x:",
    "x: ",
    "é: ü",
    "\u{7f}",
    "\u{fffd}",
];

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z][a-z0-9 _-]{0,10}",
        3 => proptest::sample::select(TRICKY).prop_map(str::to_owned),
        2 => "[ -~\n\t]{0,16}",
        1 => "\\PC{0,8}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        5 => string().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((string(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Hand-written front matters in styles the emitter does not produce: comments, flow lists, quoted keys,
/// block scalars, anchors, CRLF, BOM, indentation, no trailing newline.
const NOTES: &[&str] = &[
    "---\ntitle: Hello\ntags: [a, b]\n---\nbody\n",
    "---\n# comment\n'quoted': \"v\" # trailing\n\nlist:\n- a\n- b\nblock: |\n  one\n  two\n\nnum: 12\n---\n# H1\n",
    "\u{feff}---\r\na: 1\r\nb:\r\n  - x\r\n  - y\r\nc: >-\r\n  folded\r\n  text\r\n---\r\nbody\r\n",
    "---\n  a: 1\n  b: {x: 1}\n---",
    "---\n---\n",
    "---\n# only a comment\n---\nbody",
    "---\nbase: &b [1, 2]\nlater: 3\n---\n",
    "---\nnested:\n  deep:\n    - k: v\n      w: [1]\nempty:\nafter: x\n---\n---\nnot: front matter\n",
    "no front matter\n",
    "\u{feff}just a body\r\nsecond\r\n",
    "---\na: 1\n...\n---\nbody\n",
    "---\nd: |\n  t\n# about e\ne: 1\nl:\n  - x\n  # after the last item\nz: [a,\n  b]  # end\n---\n",
    "---\nplain:\n  on the next line\n!!str 12: x\n\"q: k\": 'v'\nempty:\n---\r\n",
    "---\r\ntitle: \"Fix: login\"\r\ntags: [jira, \"a, b\"]\r\ntext: |-\r\n  one\r\n  two\r\n---\r\nbody",
    "---\nyes: no\n1: 2\ntrue: false\nnested:\n  - - a\n    - b\n  - k: v\n    w:\n      x: y\n---\n",
    "---\nx: &k 1\ny: [*k, 2]\nz: |+\n  keep\n\n# tail comment\n---\n",
];

/// One hand-styled entry: key, value, key quoting (0 plain, 1 single, 2 double), lists in flow style (else,
/// when the key is double-quoted, block lists are indentless: `- a` under the key), a trailing comment, and
/// what follows (0 nothing, 1 a blank line, 2 a comment, 3 an indented comment).
type Styled = (String, Value, u8, bool, bool, u8);

/// A front matter written entry by entry in assorted styles, with comments and blank lines around.
fn decorated(entries: Vec<Styled>, crlf: bool) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = format!("---{eol}");
    let mut seen = std::collections::HashSet::new();
    for (key, value, quoting, flow, comment, after) in entries {
        if !seen.insert(key.clone()) {
            continue;
        }
        text.push_str(&match quoting {
            0 => key.clone(),
            1 => format!("'{key}'"),
            _ => format!("\"{key}\""),
        });
        text.push(':');
        let mut written = String::new();
        emit::after_key(&mut written, &value, 0, flow, emit::Style { eol, block_scalars: true });
        if !flow && quoting == 2 && value.as_array().is_some_and(|a| !a.is_empty()) {
            written = written.replace(&format!("{eol}  "), eol);
        }
        if comment && written.matches('\n').count() == 1 {
            written.insert_str(written.len() - eol.len(), " # note");
        }
        text.push_str(&written);
        text.push_str(match after {
            0 => "",
            1 => eol,
            2 => "# a comment line",
            _ => "  # an indented comment",
        });
        if after >= 2 {
            text.push_str(eol);
        }
    }
    text.push_str(&format!("---{eol}body{eol}"));
    text
}

fn styled() -> impl Strategy<Value = Styled> {
    ("[a-z]{1,6}", value(), 0..3u8, any::<bool>(), any::<bool>(), 0..4u8)
}

fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => proptest::sample::select(NOTES).prop_map(str::to_owned),
        1 => (proptest::collection::vec(styled(), 0..6), any::<bool>()).prop_map(|(e, crlf)| decorated(e, crlf)),
        1 => (proptest::collection::vec((string(), value()), 0..5), any::<bool>()).prop_map(|(kv, crlf)| {
            let body = if crlf { "body\r\n" } else { "body\n" };
            let changes: Changes = kv.into_iter().map(|(k, v)| (k, Some(v))).collect();
            update_frontmatter(body, &changes).unwrap_or_else(|_| body.to_owned())
        }),
    ]
}

fn changes(keys: Vec<String>) -> impl Strategy<Value = Changes> {
    let key = if keys.is_empty() {
        string().boxed()
    } else {
        prop_oneof![2 => proptest::sample::select(keys), 1 => string()].boxed()
    };
    proptest::collection::vec((key, proptest::option::weighted(0.75, value())), 0..5)
        .prop_map(|kv| kv.into_iter().collect())
}

/// The source text of each top-level entry, as the editor delimits it.
fn entry_texts(text: &str) -> Vec<(String, String)> {
    let Fences::Closed(block) = fence::locate(text) else { return Vec::new() };
    let loaded = load::load(text, &block);
    loaded
        .entries
        .iter()
        .filter_map(|e| {
            let span = super::edit::entry_span(text, e, block.content_end)?;
            Some((e.key.clone(), text[span.0..span.1].to_owned()))
        })
        .collect()
}

fn apply(mut mapping: Mapping, changes: &Changes) -> Mapping {
    for (k, v) in changes.iter() {
        match v {
            Some(v) => {
                mapping.insert(k.to_owned(), v.clone());
            }
            None => {
                mapping.shift_remove(k);
            }
        }
    }
    mapping
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn law_a_no_changes_no_edit(text in any::<String>()) {
        prop_assert_eq!(update_frontmatter(&text, &Changes::new()), Ok(text.clone()));
        let fenced = format!("---\n{text}\n---\n");
        prop_assert_eq!(update_frontmatter(&fenced, &Changes::new()), Ok(fenced.clone()));
    }

    #[test]
    fn laws_b_and_c((text, changes) in note().prop_flat_map(|t| {
        let keys = parse(&t).mapping.map(|m| m.keys().cloned().collect()).unwrap_or_default();
        (Just(t), changes(keys))
    })) {
        let before = parse(&text);
        let Some(mapping) = before.mapping.clone().or_else(|| before.range.is_none().then(Mapping::new)) else {
            return Ok(());
        };
        let out = match update_frontmatter(&text, &changes) {
            Ok(out) => out,
            // Refusals must be for a reason the note shows, never for an ordinary value.
            Err(e) => {
                let anchors = text.contains('&');
                let flow_root = text.contains("\n{") || text.contains("\n  {");
                prop_assert!(anchors || flow_root, "refused {:?} on {:?}: {}", changes, text, e);
                return Ok(());
            }
        };
        let after = parse(&out);
        let expected = apply(mapping, &changes);
        if before.range.is_none() && expected.is_empty() {
            // Nothing to set on a note without front matter: no block is created.
            prop_assert_eq!(&out, &text);
            return Ok(());
        }
        prop_assert_eq!(after.mapping.as_ref(), Some(&expected), "{:?}\n→ {:?}", text, out);
        // The body is untouched.
        let body = |t: &str, p: &super::Parsed| {
            t[p.range.map_or(0, |r| r.end)..].trim_start_matches('\u{feff}').to_owned()
        };
        prop_assert_eq!(body(&text, &before), body(&out, &after));
        // (c) untouched entries keep their source text.
        let new_entries = entry_texts(&out);
        for (key, src) in entry_texts(&text) {
            if changes.iter().any(|(k, _)| k == key) {
                continue;
            }
            let now = new_entries.iter().find(|(k, _)| *k == key).map(|(_, s)| s.as_str());
            prop_assert_eq!(now, Some(src.as_str()), "key {:?} in {:?} → {:?}", key, text, out);
        }
    }

    #[test]
    fn hand_styled_notes_are_well_formed(
        entries in proptest::collection::vec(styled(), 0..6),
        crlf in any::<bool>(),
    ) {
        // Guards the generator: laws (b) and (c) skip malformed notes, so these must not be.
        let text = decorated(entries, crlf);
        prop_assert!(parse(&text).mapping.is_some(), "{:?}: {:?}", text, parse(&text).diagnostics);
    }

    #[test]
    fn every_value_can_be_written(kv in proptest::collection::vec((string(), value()), 1..6), crlf in any::<bool>()) {
        let body = if crlf { "body\r\n" } else { "body\n" };
        let changes: Changes = kv.into_iter().map(|(k, v)| (k, Some(v))).collect();
        let out = update_frontmatter(body, &changes);
        prop_assert!(out.is_ok(), "{:?}: {:?}", changes, out);
    }

    #[test]
    fn parse_and_update_never_panic(text in prop_oneof![
        any::<String>(),
        "(---|[-:?&*!|>\\[\\]{}#'\" \n\ta-z0-9]){0,60}".prop_map(|s| format!("---\n{s}\n---\n")),
    ], changes in changes(vec!["a".into(), "b".into()])) {
        let _ = parse(&text);
        let _ = update_frontmatter(&text, &changes);
    }
}
