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
fn wiki_and_adf_cross_as_plain_objects_and_strings() {
    let adf = wasm::wiki_to_adf("h1. *Hi*").expect("never throws");
    assert!(adf.is_object());
    assert_eq!(get(&adf, "type").as_string().as_deref(), Some("doc"));
    assert_eq!(get(&adf, "version").as_f64(), Some(1.0));
    assert_eq!(wasm::adf_to_wiki(adf).expect("valid ADF"), "h1. *Hi*");
    assert!(wasm::adf_to_wiki(JsValue::from_str("not adf")).is_err());
}
