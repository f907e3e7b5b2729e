//! The JavaScript boundary, tested under wasm32 in Node by `wasm-bindgen-test-runner`
//! (`cargo test --target wasm32-unknown-unknown --test wasm_boundary`). Natively this file is empty.
#![cfg(target_arch = "wasm32")]

use jira_vault_sync::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// `parseNote` as JavaScript calls it, with a JavaScript string.
fn parse_note(text: &str, path: Option<String>) -> Result<JsValue, wasm_bindgen::JsError> {
    wasm::parse_note(&js_sys::JsString::from(text), path.as_deref().map(js_sys::JsString::from))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).expect("property")
}

#[wasm_bindgen_test]
fn version_is_the_package_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn parse_note_returns_a_plain_object_with_camel_case_fields() {
    let note = parse_note("plain text\n", Some("a/Hello.md".into())).expect("never throws");
    assert!(note.is_object());
    assert_eq!(get(&note, "title").as_string().as_deref(), Some("Hello"));
    assert!(js_sys::Array::is_array(&get(&note, "wikiLinks")));
    assert!(js_sys::Array::is_array(&get(&note, "jiraKeys")));
}

#[wasm_bindgen_test]
fn parse_note_returns_body_items_with_camel_case_fields() {
    let text = "# T\n- [ ] Fix OPS-12 📅 2024-05-01 #ops ^b1\n  - [x] sub\n\nSee [[OPS-12 Fix login#Steps|fix]] and ![[d.png]].\n";
    let note = parse_note(text, None).expect("never throws");

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
        let note = parse_note(&text, None).expect("never throws");
        assert!(js_sys::Array::is_array(&get(&note, "tasks")));
    }
}

/// `parseNote`'s result crosses as a tape rebuilt in JavaScript: it must be exactly what serde makes of the
/// note (compared as JSON text; the note has no fractional numbers, which JSON writes alike in both).
#[wasm_bindgen_test]
fn parse_note_tape_rebuilds_exactly_the_serde_value() {
    let text = "---\ntitle: Tape\ntags: [a, \"é😀\"]\nnested: {list: [1, {x: null}], yes: true}\n\"k😀\": v\n---\n\
                # H 😀 [[a#b|c]]\n- [ ] OPS-1 📅 2024-01-01 ⏫ #t ^id\n  - [x] sub [[OPS-2 Y]]\n- [/] three 📅 2024-02-30\n\n\
                | a | b |\n| - | - |\n| ![[x.png]] | #tag |\n\n%%unclosed";
    for path in [Some("x/y.md".to_owned()), None] {
        let expected = serde_json::to_string(&jira_vault_sync::parse_note(text, path.as_deref())).expect("json");
        let note = parse_note(text, path).expect("never throws");
        let got = js_sys::JSON::stringify(&note).expect("stringify").as_string().expect("a string");
        assert_eq!(got, expected);
    }
}

/// The note text enters through `TextEncoder.encodeInto`: ASCII, other characters (two- to four-byte UTF-8) and a
/// text past the one-call size, whose rest is encoded by a second call, read as their `&str` does; a lone
/// surrogate reads as U+FFFD, as wasm-bindgen's own `&str` arguments do.
#[wasm_bindgen_test]
fn parse_note_reads_the_javascript_text_as_utf8() {
    let long = format!("{}\n# é😀 #t OPS-1\n", "a ".repeat(600_000));
    let texts = ["", "plain #t OPS-1\n", "é #t\n- [ ] 😀 OPS-2 📅 2024-01-01\n", "日本語 #タグ\n", long.as_str()];
    // Both ways round: each text is encoded into the buffer the one before left (shorter texts after longer ones
    // find its bytes past their own end).
    for text in texts.iter().chain(texts.iter().rev()) {
        let expected = serde_json::to_string(&jira_vault_sync::parse_note(text, None)).expect("json");
        let note = parse_note(text, None).expect("never throws");
        let got = js_sys::JSON::stringify(&note).expect("stringify").as_string().expect("a string");
        assert_eq!(got, expected);
    }
    let units: Vec<u16> = "# a ".encode_utf16().chain([0xD800]).chain(" #t\n".encode_utf16()).collect();
    let lone = js_sys::JsString::from_char_code(&units);
    let note = wasm::parse_note(&lone, None).expect("never throws");
    let got = js_sys::JSON::stringify(&note).expect("stringify").as_string().expect("a string");
    let expected = serde_json::to_string(&jira_vault_sync::parse_note("# a \u{fffd} #t\n", None)).expect("json");
    assert_eq!(got, expected);
}

/// The decoder makes every object after the first of a note shape with an object literal chosen by its key
/// sequence: front matter objects that share a note shape's keys (whole, in part, reordered, or joined into
/// one key) and every note list holding several items still rebuild to serde's value.
#[wasm_bindgen_test]
fn parse_note_tape_literals_match_only_whole_key_sequences() {
    let text = "---\na: {start: [1, {start: 2, end: 3, startLine: 4, endLine: 5}], end: x, startLine: null, endLine: true}\n\
                b: {start: 1, end: 2, startLine: 3, endLine: {key: k, project: p, number: 1, line: 2, column: 3, offset: 4}}\n\
                c: {start: 1, end: 2, startLine: 3}\nd: {end: 1, start: 2, startLine: 3, endLine: 4}\n\
                e: {\"start,end,startLine,endLine\": 1}\nf: {\"[\\\"start\\\"\": 1}\n\
                g: [{key: k, project: p, number: 1, line: 2, column: 3, offset: 4}, {key: 2, project: [], number: {}, line: 2, column: 3, offset: 4}]\n\
                ---\n# One [[a]] #x OPS-1\n## Two ![[b|c]] #y OPS-2\n\
                - [ ] a 📅 2024-01-01 #t [[OPS-3 Z]]\n  - [x] b ⏫ 🔁 every day\n- [/] c 📅 2024-02-30 ⛔ x, y ^id\n\
                - [ ] d ✅ soon 🆔 q\n\nSetext\n===\n%%unclosed";
    let expected = serde_json::to_string(&jira_vault_sync::parse_note(text, Some("n.md"))).expect("json");
    let note = parse_note(text, Some("n.md".into())).expect("never throws");
    let got = js_sys::JSON::stringify(&note).expect("stringify").as_string().expect("a string");
    assert_eq!(got, expected);
    for list in ["diagnostics", "headings", "wikiLinks", "tags", "tasks", "jiraKeys"] {
        assert!(js_sys::Array::from(&get(&note, list)).length() >= 2, "{list} has several items");
    }
}

/// A front matter key `__proto__` is an own property of the result, as JSON.parse would make it; it never
/// replaces the object's prototype.
#[wasm_bindgen_test]
fn parse_note_front_matter_proto_key_is_a_plain_property() {
    let note = parse_note("---\n__proto__: {polluted: true}\n---\n", None).expect("never throws");
    let fm = get(&note, "frontmatter");
    let keys = js_sys::Object::keys(&js_sys::Object::from(fm.clone()));
    assert_eq!(keys.length(), 1);
    assert_eq!(keys.get(0).as_string().as_deref(), Some("__proto__"));
    assert!(get(&fm, "polluted").is_undefined());
    let own = js_sys::Object::get_own_property_descriptor(&js_sys::Object::from(fm), &JsValue::from_str("__proto__"));
    assert_eq!(get(&get(&own, "value"), "polluted").as_bool(), Some(true));
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
    let note = parse_note(&out, None).expect("never throws");
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

#[wasm_bindgen_test]
fn wiki_and_adf_cross_as_plain_objects_and_strings() {
    let adf = wasm::wiki_to_adf("h1. *Hi*").expect("never throws");
    assert!(adf.is_object());
    assert_eq!(get(&adf, "type").as_string().as_deref(), Some("doc"));
    assert_eq!(get(&adf, "version").as_f64(), Some(1.0));
    assert_eq!(wasm::adf_to_wiki(adf).expect("valid ADF"), "h1. *Hi*");
    assert!(wasm::adf_to_wiki(JsValue::from_str("not adf")).is_err());
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

#[wasm_bindgen_test]
fn markdown_and_wiki_cross_as_strings() {
    let wiki = wasm::markdown_to_wiki("## Steps\n\n- one\n- two\n").expect("converts");
    assert_eq!(wiki, "h2. Steps\n\n* one\n* two");
    assert_eq!(wasm::wiki_to_markdown(&wiki).expect("converts"), "## Steps\n\n- one\n- two\n");
}

#[wasm_bindgen_test]
fn daily_dates_cross_as_plain_values() {
    assert_eq!(wasm::parse_daily_note_date("20.03.2024", "DD.MM.YYYY").as_deref(), Some("2024-03-20"));
    assert_eq!(wasm::parse_daily_note_date("notes", ""), None);
}

#[wasm_bindgen_test]
fn history_engine_asks_in_camel_case_and_keeps_the_history_when_jira_fails() {
    let input = object(
        r#"{"config": {"sites": [{"baseUrl": "https://acme.atlassian.net", "projects": [{"key": "OPS"}]}]},
            "siteUrl": "https://acme.atlassian.net", "deployment": "cloud"}"#,
    );
    let config = wasm::default_sync_config().expect("default config");
    js_sys::Reflect::set(&config, &JsValue::from_str("sites"), &get(&get(&input, "config"), "sites"))
        .expect("set sites");
    js_sys::Reflect::set(&input, &JsValue::from_str("config"), &config).expect("set config");
    let mut engine = wasm::HistoryEngine::new(input).expect("engine");
    let action = engine.poll().expect("poll");
    assert_eq!(get(&action, "kind").as_string().as_deref(), Some("requests"));
    let requests = js_sys::Array::from(&get(&action, "requests"));
    assert_eq!(requests.length(), 2, "the field list and the statuses");
    for r in requests.iter() {
        let id = get(&r, "id");
        let answer = object(r#"{"status": 503, "body": null, "error": "Jira is down"}"#);
        js_sys::Reflect::set(&answer, &JsValue::from_str("id"), &id).expect("set id");
        engine.handle_response(answer).expect("answer");
    }
    assert_eq!(get(&engine.poll().expect("poll"), "kind").as_string().as_deref(), Some("done"));
    let report = engine.finish().expect("finish");
    assert_eq!(get(&report, "fatal").as_string().as_deref(), Some("reading the field list failed: Jira is down"));
    assert!(get(&report, "summary").as_string().is_some_and(|s| s.starts_with("History not updated")));
    assert!(engine.finish().is_err(), "the engine is spent");
}

#[wasm_bindgen_test]
fn json_bytes_that_are_not_json_or_not_utf8_throw_and_lone_surrogate_escapes_read_as_replacement_characters() {
    assert!(wasm::generate_reports(b"{not json").is_err());
    assert!(wasm::generate_reports(&[0xff, 0xfe]).is_err(), "not UTF-8");
    // A lone surrogate escape (as `JSON.stringify` writes one) reads as U+FFFD, as through `from_js`: serde_json
    // alone rejects it, so reading at all shows it was replaced.
    let lone = r#"{"reports":[],"now":1772900000000,"note":"A-1\ud800"}"#;
    let out = wasm::generate_reports(lone.as_bytes()).map_err(message).expect("lone surrogate");
    assert_eq!(js_sys::Array::from(&out).length(), 0);
}

#[wasm_bindgen_test]
fn generate_reports_reads_bytes_and_returns_every_report_in_order() {
    let input = r#"{"reports":[
        {"params":{"kind":"flow","from":"2026-03-02","to":"2026-03-08"},"notePath":"Reports/Flow.md"},
        {"params":{"kind":"digest","from":"2026-03-02","to":"2026-03-08"},"notePath":"Reports/Digest.md"}],
        "now":1772900000000}"#;
    let out = wasm::generate_reports(input.as_bytes()).map_err(message).expect("reports");
    let reports = js_sys::Array::from(&out);
    assert_eq!(reports.length(), 2);
    for (i, kind) in ["flow", "digest"].into_iter().enumerate() {
        let markdown = get(&reports.get(i as u32), "markdown").as_string().unwrap_or_default();
        assert!(markdown.contains(&format!("\nreport: {kind}\n")), "{markdown}");
    }
    // Built in place, the value is what the JSON route gave: the same text once stringified.
    let batch: jira_vault_sync::report::BatchInput<'_> = serde_json::from_str(input).expect("input");
    let expected =
        serde_json::to_string(&jira_vault_sync::report::generate_batch(&batch).expect("reports")).expect("json");
    assert_eq!(js_sys::JSON::stringify(&out).ok().and_then(|s| s.as_string()), Some(expected));
    let bad = r#"{"reports":[{"params":{"kind":"flow"},"notePath":"../x.md"}]}"#;
    assert!(wasm::generate_reports(bad.as_bytes()).is_err());
}

#[wasm_bindgen_test]
fn lone_surrogates_in_structured_input_arrive_as_replacement_characters_and_escaped_backslashes_stay() {
    // `JSON.stringify` writes a lone surrogate as `\ud800`; an escaped backslash before `ud800` is text.
    let out = wasm::update_frontmatter("body", object(r#"{"a": "x\ud800y\udfff", "b": "\\ud800", "c": "😀"}"#))
        .map_err(message)
        .expect("ok");
    assert_eq!(out, "---\na: x\u{fffd}y\u{fffd}\nb: \\ud800\nc: 😀\n---\nbody");
}

#[wasm_bindgen_test]
fn query_engine_runs_a_count_block_with_camel_case_fields() {
    let input = object(
        r#"{"kind": "count", "source": "query: project = {{project}}", "note": "---\nproject: OPS\n---\n", "deployment": "cloud", "timeZone": "Europe/Berlin", "fields": []}"#,
    );
    let mut engine = wasm::QueryEngine::new(input).expect("engine");
    assert!(engine.runnable().expect("runnable"));
    assert_eq!(engine.jql().expect("jql"), "project = \"OPS\"");
    let action = engine.poll().expect("poll");
    assert_eq!(get(&action, "kind").as_string().as_deref(), Some("requests"));
    let request = js_sys::Array::from(&get(&action, "requests")).get(0);
    assert_eq!(get(&request, "path").as_string().as_deref(), Some("/rest/api/3/search/approximate-count"));
    let answer = object(r#"{"status": 200, "body": {"count": 7}}"#);
    js_sys::Reflect::set(&answer, &JsValue::from_str("id"), &get(&request, "id")).expect("set id");
    engine.handle_response(answer).expect("answer");
    assert_eq!(get(&engine.poll().expect("poll"), "kind").as_string().as_deref(), Some("done"));
    let result = engine.finish().expect("finish");
    assert_eq!(get(&result, "count").as_f64(), Some(7.0));
    assert_eq!(get(&result, "more").as_bool(), Some(false));
    assert!(engine.finish().is_err(), "the engine is spent");
    assert!(wasm::QueryEngine::new(object(r#"{"kind": "table"}"#)).is_err(), "not a query input");
}
