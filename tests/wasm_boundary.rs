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

#[wasm_bindgen_test]
fn markdown_to_adf_returns_a_doc_object() {
    let doc = wasm::markdown_to_adf("# Hi\n").expect("never throws");
    assert_eq!(get(&doc, "type").as_string().as_deref(), Some("doc"));
    assert_eq!(get(&doc, "version").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn adf_to_markdown_round_trips_and_rejects_bad_input() {
    let doc = wasm::markdown_to_adf("**bold** text\n").expect("never throws");
    assert_eq!(wasm::adf_to_markdown(doc).ok().as_deref(), Some("**bold** text\n"));
    assert!(wasm::adf_to_markdown(JsValue::from_str("nope")).is_err());
}
