//! The JavaScript boundary, tested under wasm32 in Node by `wasm-bindgen-test-runner`
//! (`cargo test --target wasm32-unknown-unknown --test wasm_boundary`). Natively this file is empty.
#![cfg(target_arch = "wasm32")]

use jira_vault_sync::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).expect("property")
}

#[wasm_bindgen_test]
fn version_is_the_package_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn parse_note_returns_a_plain_object_with_camel_case_fields() {
    let note = wasm::parse_note("plain text\n", Some("a/Hello.md".into())).expect("never throws");
    assert!(note.is_object());
    assert_eq!(get(&note, "title").as_string().as_deref(), Some("Hello"));
    assert!(js_sys::Array::is_array(&get(&note, "wikiLinks")));
    assert!(js_sys::Array::is_array(&get(&note, "jiraKeys")));
}

/// A plain JavaScript object from JSON text, as the plugin would pass it.
fn object(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("valid JSON")
}

fn message(err: wasm_bindgen::JsError) -> String {
    get(&JsValue::from(err), "message").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn update_frontmatter_sets_and_removes_keys() {
    let text = "---\ntitle: Old # kept\ngone: 1\n---\nbody\n";
    let out =
        wasm::update_frontmatter(text, object(r#"{"title": "New", "gone": null, "count": 5, "tags": ["a", "b"]}"#))
            .map_err(message)
            .expect("editable");
    assert_eq!(out, "---\ntitle: New # kept\ncount: 5\ntags:\n  - a\n  - b\n---\nbody\n");
}

#[wasm_bindgen_test]
fn update_frontmatter_round_trips_through_parse_note() {
    let out =
        wasm::update_frontmatter("body", object(r#"{"jira": "OPS-1", "points": 2.5}"#)).map_err(message).expect("ok");
    let note = wasm::parse_note(&out, None).expect("never throws");
    let fm = get(&note, "frontmatter");
    assert_eq!(get(&fm, "jira").as_string().as_deref(), Some("OPS-1"));
    assert_eq!(get(&fm, "points").as_f64(), Some(2.5));
}

#[wasm_bindgen_test]
fn update_frontmatter_throws_on_malformed_front_matter_or_bad_changes() {
    let err = wasm::update_frontmatter("---\na: [1\n---\n", object(r#"{"a": 1}"#)).expect_err("malformed");
    assert!(message(err).contains("malformed"));
    assert!(wasm::update_frontmatter("body", JsValue::from_str("not an object")).is_err());
    // No changes: the text comes back unchanged, even when malformed.
    assert_eq!(wasm::update_frontmatter("---\na: [1\n---\n", object("{}")).ok().as_deref(), Some("---\na: [1\n---\n"));
}

#[wasm_bindgen_test]
fn lone_surrogates_from_javascript_arrive_as_replacement_characters() {
    let out = wasm::update_frontmatter("body", object(r#"{"k\ud800": "v\udc00"}"#)).map_err(message).expect("ok");
    assert_eq!(out, "---\nk\u{fffd}: v\u{fffd}\n---\nbody");
}
