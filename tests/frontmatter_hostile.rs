//! Hostile inputs: front matter parsing and editing stay bounded in time, memory and stack on notes built to
//! hurt (huge notes, deep nesting, alias bombs) and keep odd characters intact. Native only.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use jira_vault_sync::frontmatter::{Changes, MAX_DEPTH, parse, update_frontmatter};
use serde_json::json;

fn codes(text: &str) -> Vec<&'static str> {
    parse(text).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn ten_megabyte_body_is_parsed_and_edited() {
    let line = "Some body text with a --- and a: colon and #tag.\n";
    let body = line.repeat(10 * 1024 * 1024 / line.len());
    let text = format!("---\ntitle: Big\n---\n{body}");
    let start = Instant::now();
    let parsed = parse(&text);
    assert_eq!(parsed.mapping, Some(json!({"title": "Big"}).as_object().cloned().unwrap_or_default()));
    let out = update_frontmatter(&text, &Changes::new().set("title", json!("Bigger"))).expect("editable");
    assert!(out.starts_with("---\ntitle: Bigger\n---\n") && out.ends_with(&body));
    eprintln!("10 MB body: parse + update in {:?}", start.elapsed());
}

#[test]
fn ten_megabyte_front_matter_value_is_read() {
    let value = "x".repeat(10 * 1024 * 1024);
    let text = format!("---\nbig: {value}\nsmall: 1\n---\nbody\n");
    let start = Instant::now();
    let parsed = parse(&text);
    let mapping = parsed.mapping.expect("a mapping");
    assert_eq!(mapping["big"].as_str().map(str::len), Some(value.len()));
    let out = update_frontmatter(&text, &Changes::new().set("small", json!(2))).expect("editable");
    assert!(out.ends_with("small: 2\n---\nbody\n"));
    eprintln!("10 MB front matter value: parse + update in {:?}", start.elapsed());
}

#[test]
fn ten_megabyte_front_matter_of_many_keys_hits_the_size_limit() {
    let mut text = String::from("---\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!("key{i}: value {i}\n"));
        i += 1;
    }
    text.push_str("---\n");
    let start = Instant::now();
    let parsed = parse(&text);
    assert!(parsed.mapping.is_none() && parsed.range.is_some());
    assert_eq!(codes(&text), ["yaml-size-limit"]);
    assert!(update_frontmatter(&text, &Changes::new().set("a", json!(1))).is_err());
    eprintln!("10 MB front matter of {i} keys: refused in {:?}", start.elapsed());
}

#[test]
fn deeply_nested_flow_sequences_do_not_overflow_the_stack() {
    let depth = 100_000;
    let text = format!("---\na: {}{}\n---\n", "[".repeat(depth), "]".repeat(depth));
    let parsed = parse(&text);
    assert!(parsed.mapping.is_none() && parsed.range.is_some());
    assert_eq!(parsed.diagnostics.len(), 1);
    assert!(["yaml-syntax", "yaml-depth-limit"].contains(&parsed.diagnostics[0].code));
    // Unclosed, too.
    let text = format!("---\na: {}\n---\n", "[".repeat(depth));
    assert!(parse(&text).mapping.is_none());
}

#[test]
fn deeply_nested_block_sequences_hit_the_depth_limit() {
    let text = format!("---\na:\n  {}x\n---\n", "- ".repeat(100_000));
    assert_eq!(codes(&text), ["yaml-depth-limit"]);
    // Just under the limit is fine (the root mapping and `a`'s list count as two levels).
    let text = format!("---\na:\n  {}x\n---\n", "- ".repeat(MAX_DEPTH - 1));
    assert!(parse(&text).mapping.is_some(), "{:?}", codes(&text));
}

#[test]
fn alias_bombs_are_refused_early() {
    let mut text = String::from("---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let item = format!("*{}", pair[0]);
        text.push_str(&format!("{}: &{} [{}]\n", pair[1], pair[1], vec![item; 9].join(", ")));
    }
    text.push_str("---\n");
    let start = Instant::now();
    let parsed = parse(&text);
    assert!(parsed.mapping.is_none());
    assert_eq!(codes(&text), ["yaml-alias-limit"]);
    eprintln!("refused in {:?}", start.elapsed());
    // A modest use of aliases under the limit is fine.
    let ok = "---\na: &a [1, 2, 3]\nb: [*a, *a, *a]\n---\n";
    assert_eq!(parse(ok).mapping.map(|m| m["b"].clone()), Some(json!([[1, 2, 3], [1, 2, 3], [1, 2, 3]])));
}

#[test]
fn aliases_of_long_strings_are_bounded_by_bytes_too() {
    let text = format!("---\na: &a {}\nb: [{}]\n---\n", "x".repeat(1024 * 1024), vec!["*a"; 100].join(", "));
    let start = Instant::now();
    assert_eq!(codes(&text), ["yaml-alias-limit"]);
    // Nested anchors each keep a copy of what they hold.
    let text = format!("---\na: {}{}{}\n---\n", "&x [".repeat(200), "y".repeat(1024 * 1024), "]".repeat(200));
    assert_eq!(codes(&text), ["yaml-alias-limit"]);
    eprintln!("refused in {:?}", start.elapsed());
}

#[test]
fn deep_values_from_callers_are_refused_not_written() {
    let mut deep = json!(1);
    for _ in 0..1_000 {
        deep = json!([deep]);
    }
    let err = update_frontmatter("body", &Changes::new().set("deep", deep));
    assert!(err.is_err());
}

#[test]
fn replacement_characters_in_keys_survive() {
    // A JavaScript lone surrogate reaches Rust as U+FFFD.
    let text = "---\n\u{fffd}: a\n\"x\u{fffd}\": b\n---\n";
    let mapping = parse(text).mapping.expect("a mapping");
    assert_eq!(mapping["\u{fffd}"], json!("a"));
    assert_eq!(mapping["x\u{fffd}"], json!("b"));
    let out = update_frontmatter(text, &Changes::new().set("\u{fffd}", json!("c")).set("\u{fffd}new", json!(1)))
        .expect("editable");
    assert_eq!(out, "---\n\u{fffd}: c\n\"x\u{fffd}\": b\n\u{fffd}new: 1\n---\n");
}

#[test]
fn binary_garbage_never_panics() {
    let mut text = String::from("---\n");
    for i in 0..20_000u32 {
        text.push(char::from_u32((i * 7919) % 0xD7FF).unwrap_or('?'));
    }
    text.push_str("\n---\n");
    let _ = parse(&text);
    let _ = update_frontmatter(&text, &Changes::new().set("a", json!(1)));
}
