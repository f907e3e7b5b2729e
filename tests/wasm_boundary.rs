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
fn parse_note_returns_body_items_with_camel_case_fields() {
    let text = "# T\n- [ ] Fix OPS-12 📅 2024-05-01 #ops ^b1\n  - [x] sub\n\nSee [[OPS-12 Fix login#Steps|fix]] and ![[d.png]].\n";
    let note = wasm::parse_note(text, None).expect("never throws");

    let tasks = js_sys::Array::from(&get(&note, "tasks"));
    assert_eq!(tasks.length(), 2);
    let task = tasks.get(0);
    assert_eq!(get(&task, "jiraKey").as_string().as_deref(), Some("OPS-12"));
    assert_eq!(get(&task, "blockId").as_string().as_deref(), Some("b1"));
    assert_eq!(get(&task, "due").as_string().as_deref(), Some("2024-05-01"));
    assert_eq!(get(&task, "status").as_string().as_deref(), Some(" "));
    assert_eq!(get(&task, "checked").as_bool(), Some(false));
    assert!(get(&task, "parent").is_null());
    assert!(get(&task, "scheduled").is_null());
    assert!(js_sys::Array::is_array(&get(&task, "dependsOn")));
    assert_eq!(get(&tasks.get(1), "parent").as_f64(), Some(0.0));

    let keys = js_sys::Array::from(&get(&note, "jiraKeys"));
    assert_eq!(keys.length(), 1);
    assert_eq!(get(&keys.get(0), "project").as_string().as_deref(), Some("OPS"));
    assert_eq!(get(&keys.get(0), "number").as_f64(), Some(12.0));

    let links = js_sys::Array::from(&get(&note, "wikiLinks"));
    assert_eq!(links.length(), 2);
    let link = links.get(0);
    assert_eq!(get(&link, "target").as_string().as_deref(), Some("OPS-12 Fix login"));
    assert_eq!(get(&link, "heading").as_string().as_deref(), Some("Steps"));
    assert!(get(&link, "blockRef").is_null());
    assert_eq!(get(&link, "alias").as_string().as_deref(), Some("fix"));
    assert_eq!(get(&links.get(1), "embed").as_bool(), Some(true));

    let tags = js_sys::Array::from(&get(&note, "tags"));
    assert_eq!(get(&tags.get(0), "source").as_string().as_deref(), Some("body"));
}

#[wasm_bindgen_test]
fn parse_note_survives_deep_nesting_on_the_wasm_stack() {
    for text in [
        format!("{}x OPS-1\n", ">".repeat(100_000)),
        format!("{}[ ] x #t\n", "- ".repeat(100_000)),
        (0..1500).map(|d| format!("{}- [ ] t\n", " ".repeat(2 * d))).collect::<String>(),
    ] {
        let note = wasm::parse_note(&text, None).expect("never throws");
        assert!(js_sys::Array::is_array(&get(&note, "tasks")));
    }
}

#[wasm_bindgen_test]
fn default_sync_config_is_a_plain_object_that_validates_clean() {
    let config = wasm::default_sync_config().expect("serialises");
    assert!(config.is_object());
    assert_eq!(get(&config, "folderTemplate").as_string().as_deref(), Some("Jira/{PROJECT}/"));
    let fields = js_sys::Array::from(&get(&config, "fields"));
    assert_eq!(get(&fields.get(0), "jira").as_string().as_deref(), Some("key"));
    assert_eq!(get(&fields.get(2), "note").as_string().as_deref(), Some("body"));
    let problems = wasm::validate_sync_config(config).expect("valid shape");
    assert_eq!(js_sys::Array::from(&problems).length(), 0);
}

#[wasm_bindgen_test]
fn validate_sync_config_reports_problems_and_throws_on_bad_shapes() {
    let config = wasm::default_sync_config().expect("serialises");
    js_sys::Reflect::set(&config, &JsValue::from_str("fileNameTemplate"), &JsValue::from_str("{nope}")).expect("set");
    let problems = js_sys::Array::from(&wasm::validate_sync_config(config).expect("valid shape"));
    assert_eq!(problems.length(), 1);
    let problem = problems.get(0);
    assert_eq!(get(&problem, "severity").as_string().as_deref(), Some("error"));
    assert_eq!(get(&problem, "code").as_string().as_deref(), Some("invalid-file-name-template"));
    assert_eq!(get(&problem, "path").as_string().as_deref(), Some("fileNameTemplate"));

    // Missing properties take their defaults.
    let empty = js_sys::Object::new();
    assert_eq!(js_sys::Array::from(&wasm::validate_sync_config(empty.into()).expect("ok")).length(), 0);
    assert!(wasm::validate_sync_config(JsValue::from_str("nope")).is_err());
}
