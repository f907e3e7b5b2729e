//! Tests of the ADF → Markdown writer: read-backs counted, proven blocks written in their first form.

use serde_json::json;

use crate::markdown::Node;

use super::READ_BACKS;
use super::read_back::same;
use crate::adf::normalise;

/// A list of `items` items, each a paragraph and a nested list of two, as Markdown.
/// A nested list outside the proven subset (`&` is not in its alphabet), so it is read back.
fn nested_list(items: usize) -> String {
    (0..items).map(|i| format!("- item {i} with *text* & more\n  - inner a\n  - inner **b**\n")).collect()
}

#[test]
fn proven_blocks_are_not_read_back() {
    // Every block here is in the proven subset (`adf::proven`) but the last callout (`&` is outside its
    // alphabet), which is read back.
    let md = "# Release notes\n\nThe **gateway** retries `retry_after()` times, see [the review](https://example.com/ops/1).\n\n\
              - first\n  - nested, with *emphasis*\n\n3. three\n4. four\n\n- [ ] open\n- [x] done\n\n\
              | Key | Status |\n| --- | --- |\n| PROJ 1 | open |\n\n```java\nat com.example.Session.refresh(Session.java:120)\n```\n\n\
              > quoted, plainly\n\n---\n\nAsked by [@Alice Martin](jira-mention:5b10a2844c); she agreed.\n\n\
              > [!info] Impact\n> text\n\n> [!warning]\n> this & that\n";
    let adf = crate::markdown::markdown_to_adf(md);
    READ_BACKS.with(|n| n.set(0));
    let back = crate::adf::adf_to_markdown(&adf).unwrap_or_default();
    assert_eq!(READ_BACKS.with(std::cell::Cell::get), 1, "{back}");
    assert_eq!(normalise(&crate::markdown::markdown_to_adf(&back)), normalise(&adf), "{back}");
}

#[test]
fn a_container_that_reads_back_is_parsed_once() {
    // Before, every paragraph and nested list at checked depth was parsed alone and again with its list:
    // 1 + 10 × (1 paragraph + 1 nested list + 2 inner paragraphs) = 41 parses for this list.
    let md = nested_list(10);
    let adf = crate::markdown::markdown_to_adf(&md);
    READ_BACKS.with(|n| n.set(0));
    let back = crate::adf::adf_to_markdown(&adf).unwrap_or_default();
    assert_eq!(READ_BACKS.with(std::cell::Cell::get), 1);
    assert_eq!(normalise(&crate::markdown::markdown_to_adf(&back)), normalise(&adf));
}

#[test]
fn a_container_that_does_not_read_back_is_checked_block_by_block() {
    // A paragraph holding only `<br>` would open an HTML block inside the list; the careful path guards it.
    let adf = json!({"version": 1, "type": "doc", "content": [{"type": "bulletList", "content": [
        {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "<br>"}]}]},
        {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "b"}]}]}
    ]}]});
    let back = crate::adf::adf_to_markdown(&adf).unwrap_or_default();
    assert_eq!(normalise(&crate::markdown::markdown_to_adf(&back)), normalise(&adf));
}

#[test]
fn same_implies_equal_normal_forms() {
    let a = json!({"type": "paragraph", "attrs": {"localId": "1"}, "content": [{"type": "text", "text": "a"}]});
    let b = json!({"type": "paragraph", "content": [{"type": "text", "text": "a", "marks": []}]});
    let same = |a: &serde_json::Value, b: &serde_json::Value| same(&Node::from_value(a.clone()), b);
    assert!(same(&a, &b) && normalise(&a) == normalise(&b));
    // Marks keep their attributes exactly, `localId` included; other differences need full normalisation.
    let m = |id: &str| json!({"type": "text", "text": "a", "marks": [{"type": "em", "attrs": {"localId": id}}]});
    assert!(!same(&m("1"), &m("2")));
    let split = json!({"type": "paragraph", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]});
    let joined = json!({"type": "paragraph", "content": [{"type": "text", "text": "ab"}]});
    assert!(!same(&split, &joined) && normalise(&split) == normalise(&joined));
    let attrs = |n: i64| json!({"type": "orderedList", "attrs": {"order": n, "localId": "x"}});
    assert!(!same(&attrs(1), &attrs(2)));
}
