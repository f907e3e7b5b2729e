//! The common flat front matter without the YAML parser: the `flat-front-matter` crate (built for speed) with
//! this module's core schema resolver for plain scalars, the one the loader (`load`) uses.
//!
//! Invariant (property-tested below against `load`, the oracle): whenever [`read_flat`] reads the front matter,
//! its mapping (`Flat::into_mapping`, as the tests' `read` gives it) is the very one `load` reads, keys in the
//! same order, with no diagnostics.

use super::schema;

/// The mapping of `yaml` (the text between the fences) when it is flat front matter; `None` means "use the
/// loader" (the tests' oracle comparisons; the core reads through [`read_flat`]).
#[cfg(test)]
pub(crate) fn read(yaml: &str) -> Option<super::Mapping> {
    flat_front_matter::read(yaml, schema::resolve_plain_typed)
}

/// Reads `yaml` (the text between the fences) when it is flat front matter, its keys and strings borrowed;
/// `None` means "use the loader".
pub(crate) fn read_flat(yaml: &str) -> Option<flat_front_matter::Flat<'_>> {
    flat_front_matter::read_flat(yaml, schema::resolve_plain_typed)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

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
