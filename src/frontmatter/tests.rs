//! Unit tests of [`parse`](super::parse) and [`update_frontmatter`](super::update_frontmatter) on small notes;
//! the fixtures, laws and hostile inputs live in `tests/`.

use serde_json::{Value, json};

use super::*;

fn mapping(text: &str) -> Option<Value> {
    parse(text).mapping.map(Value::Object)
}

fn codes(text: &str) -> Vec<&'static str> {
    parse(text).diagnostics.iter().map(|d| d.code).collect()
}

fn update(text: &str, changes: Changes) -> String {
    match update_frontmatter(text, &changes) {
        Ok(out) => out,
        Err(e) => panic!("update of {text:?} failed: {e}"),
    }
}

#[test]
fn reads_scalars_lists_and_maps() {
    let t = concat!(
        "---\ntitle: Hello\nn: 12\nf: 1.5\nok: yes\nb: true\nnil: ~\ne:\nd: 2024-03-20\n",
        "tags: [a, b]\nl:\n  - x\nm:\n  k: v\n---\nbody\n"
    );
    assert_eq!(
        mapping(t),
        Some(json!({"title": "Hello", "n": 12, "f": 1.5, "ok": "yes", "b": true, "nil": null, "e": null,
            "d": "2024-03-20", "tags": ["a", "b"], "l": ["x"], "m": {"k": "v"}}))
    );
    let p = parse(t);
    let range = p.range.expect("range");
    assert_eq!((range.start, &t[range.end..], range.start_line, range.end_line), (0, "body\n", 1, 15));
    assert!(p.diagnostics.is_empty());
}

#[test]
fn keys_are_stringified_as_written() {
    assert_eq!(
        mapping("---\n1: a\ntrue: b\n0x1F: c\n~: d\n---\n"),
        Some(json!({"1": "a", "true": "b", "0x1F": "c", "~": "d"}))
    );
}

#[test]
fn anchors_and_aliases_resolve() {
    assert_eq!(mapping("---\na: &x [1, 2]\nb: *x\n---\n"), Some(json!({"a": [1, 2], "b": [1, 2]})));
}

#[test]
fn empty_and_comment_only_blocks_are_empty_mappings() {
    assert_eq!(mapping("---\n---\n"), Some(json!({})));
    assert_eq!(mapping("---\n# nothing\n\n---"), Some(json!({})));
}

#[test]
fn problems_become_diagnostics() {
    assert_eq!(codes("---\na: [1\n---\n"), ["yaml-syntax"]);
    assert_eq!(codes("---\na: 1\na: 2\n---\n"), ["duplicate-key"]);
    assert_eq!(codes("---\n- a\n---\n"), ["frontmatter-not-mapping"]);
    assert_eq!(codes("---\njust text\n---\n"), ["frontmatter-not-mapping"]);
    assert_eq!(codes("---\na: 1\n"), ["frontmatter-unclosed"]);
    assert_eq!(codes("---\na: *nope\n---\n"), ["yaml-syntax"]);
    // Malformed: no mapping, but the range is known.
    let p = parse("---\na: 1\na: 2\n---\n");
    assert!(p.mapping.is_none() && p.range.is_some());
    let d = &p.diagnostics[0];
    assert_eq!((d.line, d.column, d.offset), (3, 1, 9));
    // Unclosed: no front matter at all.
    let p = parse("---\na: 1\n");
    assert!(p.mapping.is_none() && p.range.is_none());
}

#[test]
fn diagnostic_positions_count_bytes_and_characters() {
    let t = "---\né: ü\né: x\n---\n";
    let d = &parse(t).diagnostics[0];
    assert_eq!((d.code, d.line, d.column, d.offset), ("duplicate-key", 3, 1, t.rfind('é').unwrap_or(0)));
}

#[test]
fn update_replaces_only_the_value() {
    let t = "---\n# about\ntitle: Old # keep\n'quoted key': 1\ntags:\n  - a\n---\nbody";
    let out = update(t, Changes::new().set("title", json!("New: yes")).set("quoted key", json!(2)));
    assert_eq!(out, "---\n# about\ntitle: \"New: yes\" # keep\n'quoted key': 2\ntags:\n  - a\n---\nbody");
}

#[test]
fn update_removes_whole_entries_and_appends_new_keys() {
    let t = "---\na: 1\nlong: |\n  line1\n  line2\nb: [x, y] # c\n---\n";
    let out = update(t, Changes::new().remove("long").set("b", json!(["z"])).set("new", json!({"k": [1]})));
    assert_eq!(out, "---\na: 1\nb: [z] # c\nnew:\n  k:\n    - 1\n---\n");
    assert_eq!(update(t, Changes::new().remove("b")), "---\na: 1\nlong: |\n  line1\n  line2\n---\n");
}

#[test]
fn update_writes_null_explicitly_and_skips_no_ops() {
    let t = "---\na: 1\n---\n";
    assert_eq!(update(t, Changes::new().set("a", json!(null))), "---\na: null\n---\n");
    assert_eq!(update(t, Changes::new().set("a", json!(1)).remove("zzz")), t);
}

#[test]
fn update_creates_a_block_with_the_note_line_ending() {
    assert_eq!(update("body\r\nmore", Changes::new().set("a", json!("x"))), "---\r\na: x\r\n---\r\nbody\r\nmore");
    assert_eq!(update("\u{feff}body", Changes::new().set("a", json!(1))), "\u{feff}---\na: 1\n---\nbody");
    assert_eq!(update("", Changes::new().remove("a")), "");
}

#[test]
fn update_refuses_what_it_cannot_edit_safely() {
    let malformed = "---\na: [1\n---\n";
    assert!(matches!(
        update_frontmatter(malformed, &Changes::new().set("a", json!(1))),
        Err(UpdateError::Malformed { line: 3, .. })
    ));
    assert_eq!(update_frontmatter(malformed, &Changes::new()), Ok(malformed.to_owned()));
    assert_eq!(
        update_frontmatter("---\na: 1\n", &Changes::new().set("a", json!(2))),
        Err(UpdateError::Unclosed { line: 1 })
    );
    assert_eq!(
        update_frontmatter("---\n{a: 1}\n---\n", &Changes::new().set("a", json!(2))),
        Err(UpdateError::FlowMapping)
    );
    assert_eq!(
        update_frontmatter("---\na: &x 1\nb: *x\n---\n", &Changes::new().set("a", json!(2))),
        Err(UpdateError::AnchorInUse { key: "a".into() })
    );
    assert_eq!(
        update_frontmatter("---\n? a\n: 1\n---\n", &Changes::new().set("a", json!(2))),
        Err(UpdateError::UnsupportedEntry { key: "a".into() })
    );
}

#[test]
fn update_keeps_indentation_of_an_indented_root() {
    let t = "---\n  a: 1\n  b: 2\n---\n";
    assert_eq!(
        update(t, Changes::new().set("c", json!([1])).set("a", json!("x"))),
        "---\n  a: x\n  b: 2\n  c:\n    - 1\n---\n"
    );
}

#[test]
fn changes_from_a_json_object_treat_null_as_removal() {
    let Value::Object(obj) = json!({"a": null, "b": 1}) else { unreachable!() };
    let changes = Changes::from_json_object(obj);
    assert_eq!(changes, Changes::new().remove("a").set("b", json!(1)));
}

#[test]
fn new_keys_go_before_an_explicit_document_end() {
    let t = "---
a: 1
...
---
";
    assert_eq!(mapping(t), Some(json!({"a": 1})));
    assert_eq!(update(t, Changes::new().set("b", json!(2))), "---\na: 1\nb: 2\n...\n---\n");
}

#[test]
fn removal_stops_before_comments_that_follow_a_value() {
    let t = "---\nd: |\n  t\n# about e\ne: 1\nl:\n  - x\n  # inside, after the last item\nz: [a,\n  b]  # end\n---\n";
    assert_eq!(
        update(t, Changes::new().remove("d")),
        "---\n# about e\ne: 1\nl:\n  - x\n  # inside, after the last item\nz: [a,\n  b]  # end\n---\n"
    );
    assert_eq!(
        update(t, Changes::new().remove("l").remove("z")),
        "---\nd: |\n  t\n# about e\ne: 1\n  # inside, after the last item\n---\n"
    );
    assert_eq!(
        update(t, Changes::new().set("z", json!(["c"]))),
        "---\nd: |\n  t\n# about e\ne: 1\nl:\n  - x\n  # inside, after the last item\nz: [c]\n---\n"
    );
}

#[test]
fn values_on_the_next_line_and_tagged_keys_are_replaced() {
    let t = "---\nplain:\n  on the next line\n!!str 12: x\n&k anchored: y\n---\n";
    assert_eq!(mapping(t), Some(json!({"plain": "on the next line", "12": "x", "anchored": "y"})));
    let out = update(t, Changes::new().set("plain", json!("z")).set("12", json!(13)).set("anchored", json!(1)));
    assert_eq!(out, "---\nplain: z\n!!str 12: 13\n&k anchored: 1\n---\n");
}

#[test]
fn block_scalars_give_way_to_quotes_when_indented_comments_follow() {
    let t = "---\nl:\n  - x\n  # after the last item\nz: 1\n---\n";
    let out = update(t, Changes::new().set("l", json!("a\nb")));
    assert_eq!(out, "---\nl: \"a\\nb\"\n  # after the last item\nz: 1\n---\n");
    assert_eq!(
        update(t, Changes::new().set("z", json!("a\nb"))),
        "---\nl:\n  - x\n  # after the last item\nz: |-\n  a\n  b\n---\n"
    );
}

#[test]
fn indentless_block_lists_stay_indentless() {
    let t = "---\ntags:\n- a\n- b\nother:\n  - x\n---\n";
    let out =
        update(t, Changes::new().set("tags", json!(["c", ["d", "e"], {"k": "l1\nl2"}])).set("other", json!(["z"])));
    assert_eq!(out, "---\ntags:\n- c\n- - d\n  - e\n- k: |-\n    l1\n    l2\nother:\n  - z\n---\n");
}

#[test]
fn removing_a_key_takes_the_comments_indented_under_it() {
    // Left behind, the comment under `ne` would become text of the block scalar above (found by laws_b_and_c).
    let text = "---\r\na: |-\r\n  D\r\n  # text of a\r\nne: [x, {}]\r\n  # about ne\r\nb: 1\r\n---\r\nbody\r\n";
    assert_eq!(
        update(text, Changes::new().remove("ne")),
        "---\r\na: |-\r\n  D\r\n  # text of a\r\nb: 1\r\n---\r\nbody\r\n"
    );
    // Otherwise they stay (removal_stops_before_comments_that_follow_a_value).
    let text = "---\na: 1\nne: 2\n  # about ne\nb: 3\n---\n";
    assert_eq!(update(text, Changes::new().remove("ne")), "---\na: 1\n  # about ne\nb: 3\n---\n");
}
