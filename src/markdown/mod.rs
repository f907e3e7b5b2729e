//! Obsidian-flavoured Markdown → ADF. Never fails: whatever cannot be mapped becomes text.
//!
//! Parsing is pulldown-cmark (CommonMark + tables, task lists, strikethrough, footnotes, math, wiki links);
//! callouts, `==highlight==`, `%%comments%%`, `#tags` and `:emoji:` are recognised on top. Obsidian-only
//! syntax (wiki links, embeds, tags, comments, math, footnotes) goes to Jira verbatim, as text carrying a link
//! mark to `jvs:obsidian`, so it comes back as live syntax. Raw HTML becomes text. The result is valid against
//! the ADF schema: content a container may not hold is adapted (see the `sanitise` module).

mod adf_text;
mod blocks;
mod containers;
mod html;
mod inline;
mod sanitise;

use serde_json::{Value, json};

use crate::adf::json::Field;

use crate::adf::json::with_content;
use crate::adf::normalise::merge_text;

/// The pulldown-cmark options the converter parses with. Whatever splits a note into blocks to match them with
/// the converter's output (`reformat`) must parse with exactly these.
pub fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_WIKILINKS
}

/// A text node `{"type": "text", "text": …, "marks": […]}` (no `marks` when there are none), built in one go:
/// `json!` grows the map key by key and copies the text through serde.
fn text_node(text: &str, marks: Vec<Value>) -> Value {
    let mut node = serde_json::Map::with_capacity(3);
    node.insert("type".into(), Value::String("text".into()));
    node.insert("text".into(), Value::String(text.into()));
    if !marks.is_empty() {
        node.insert("marks".into(), Value::Array(marks));
    }
    Value::Object(node)
}

/// Converts Markdown to an ADF document `{"version":1,"type":"doc","content":[…]}`.
pub fn markdown_to_adf(md: &str) -> Value {
    with_content(json!({"version": 1, "type": "doc"}), finish_blocks(blocks::parse(md)))
}

/// [`markdown_to_adf`] as compact JSON text: the same bytes as `serde_json::to_string` of it, written faster
/// (see the `adf_text` module), for callers that hand the document on as text.
pub fn markdown_to_adf_json(md: &str) -> String {
    adf_text::adf_text(&markdown_to_adf(md))
}

pub(crate) use blocks::BlockBuilder;
pub(crate) use inline::{Kind as Construct, construct_at};

/// The document's blocks as [`markdown_to_adf`] puts them in the document: the parser's internal nodes and keys
/// removed (see [`strip_internal`]). Each block is finished on its own, so blocks can be finished in groups.
pub(crate) fn finish_blocks(mut content: Vec<Value>) -> Vec<Value> {
    content.retain_mut(|n| !strip_internal(n));
    content
}

/// Removes the parser's internal nodes and keys (`__…`) that were not consumed where they belong, e.g. an
/// attribute marker written outside its block, and merges adjacent text nodes with the same marks, as in the
/// normal form: how the writer spells a block (say, a callout title) must not depend on where the parser split
/// its text. Depth is bounded by the container flattening and by serde_json's recursion limit for JSON read
/// from `adf` blocks.
///
/// Returns whether `node` is itself internal (its `type` starts with `__`), read while its keys are walked
/// anyway; the caller drops such a node (what was stripped from it is dropped with it).
fn strip_internal(node: &mut Value) -> bool {
    let Some(obj) = node.as_object_mut() else { return false };
    let mut internal = false;
    obj.retain(|k, v| {
        if k == "type" {
            internal = v.as_str().is_some_and(|t| t.starts_with("__"));
        }
        !k.starts_with("__")
    });
    // A node has a few keys: comparing them is cheaper than hashing "content".
    if let Some((_, Value::Array(items))) = obj.iter_mut().find(|(k, _)| *k == "content") {
        items.retain_mut(|n| !strip_internal(n));
        if merges(items) {
            *items = merge_text(std::mem::take(items));
        }
    }
    internal
}

/// Whether [`merge_text`] would change `items`: it drops empty text nodes and joins adjacent text nodes of the
/// same marks and keys, and otherwise returns the items as they were (so they need not be moved).
fn merges(items: &[Value]) -> bool {
    let text = |n: &Value| n.field("type").and_then(Value::as_str) == Some("text");
    items.iter().any(|n| text(n) && n.field("text").and_then(Value::as_str) == Some(""))
        || items.windows(2).any(|w| {
            text(&w[0])
                && text(&w[1])
                && w[0].field("marks") == w[1].field("marks")
                && w[0].as_object().map(serde_json::Map::len) == w[1].as_object().map(serde_json::Map::len)
        })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::{merge_text, merges, text_node};

    fn node() -> impl Strategy<Value = Value> {
        let text = prop::sample::select(vec!["", "a", "b c"]);
        let marks = prop::sample::select(vec![None, Some(json!([{"type": "em"}])), Some(json!([{"type": "strong"}]))]);
        prop_oneof![
            4 => (text, marks).prop_map(|(t, m)| match m {
                None => json!({"type": "text", "text": t}),
                Some(m) => json!({"type": "text", "text": t, "marks": m}),
            }),
            1 => Just(json!({"type": "hardBreak"})),
            1 => Just(json!({"type": "text", "text": "x", "attrs": {}})),
            1 => Just(json!({"type": "mention", "attrs": {"id": "1"}})),
        ]
    }

    proptest! {
        /// Content arrays are merged only when `merge_text` would change them: skipping it never changes a node.
        #[test]
        fn merging_is_skipped_only_where_it_changes_nothing(items in prop::collection::vec(node(), 0..8)) {
            let merged = merge_text(items.clone());
            prop_assert_eq!(merges(&items), merged != items);
        }
    }

    #[test]
    fn text_nodes_are_json_of_the_same_pairs() {
        let marks = vec![json!({"type": "em"})];
        let expected = json!({"type": "text", "text": "a", "marks": [{"type": "em"}]});
        assert_eq!(serde_json::to_string(&text_node("a", marks)).ok(), serde_json::to_string(&expected).ok());
        assert_eq!(text_node("b", Vec::new()), json!({"type": "text", "text": "b"}));
    }
}
