//! Obsidian-flavoured Markdown → ADF. Never fails: whatever cannot be mapped becomes text.
//!
//! Parsing is pulldown-cmark (CommonMark + tables, task lists, strikethrough, footnotes, math, wiki links);
//! callouts, `==highlight==`, `%%comments%%`, `#tags` and `:emoji:` are recognised on top. Obsidian-only
//! syntax (wiki links, embeds, tags, comments, math, footnotes) goes to Jira verbatim, as text carrying a link
//! mark to `jvs:obsidian`, so it comes back as live syntax. Raw HTML becomes text. The result is valid against
//! the ADF schema: content a container may not hold is adapted (see the `sanitise` module).
//!
//! The converter builds its own JSON tree (the `node` module) rather than `serde_json::Value`: `markdownToAdf`
//! writes it straight to JSON text (`adf_text`), and [`markdown_to_adf`] converts it into the same `Value`.

mod adf_text;
mod blocks;
mod containers;
mod html;
mod inline;
pub(crate) mod node;
mod sanitise;

use serde_json::Value;

pub(crate) use node::{Node, Str};

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

/// A text node `{"type": "text", "text": …, "marks": […]}` (no `marks` when there are none).
fn text_node(text: &str, marks: Vec<Node>) -> Node {
    let mut pairs = Vec::with_capacity(3);
    pairs.push(("type".into(), "text".into()));
    pairs.push(("text".into(), text.to_owned().into()));
    if !marks.is_empty() {
        pairs.push(("marks".into(), Node::Array(marks)));
    }
    Node::Object(pairs)
}

/// The document `{"version":1,"type":"doc","content":[…]}` as the converter's tree.
fn document(md: &str) -> Node {
    Node::object([("version", Node::number(1)), ("type", "doc".into())]).with_content(document_blocks(md))
}

/// The document's blocks, finished.
fn document_blocks(md: &str) -> Vec<Node> {
    finish_blocks(blocks::parse(md))
}

/// Converts Markdown to an ADF document `{"version":1,"type":"doc","content":[…]}`.
pub fn markdown_to_adf(md: &str) -> Value {
    document(md).into_value()
}

/// The one block `md` reads as in [`markdown_to_adf`]'s document, as the converter's tree; `None` unless it reads
/// as exactly one block. For the ADF → Markdown writer's read-back, which compares it with a node as it is.
pub(crate) fn only_block(md: &str) -> Option<Node> {
    let mut blocks = document_blocks(md);
    if blocks.len() == 1 { blocks.pop() } else { None }
}

/// [`markdown_to_adf`] as compact JSON text: the same bytes as `serde_json::to_string` of it, written straight
/// from the converter's tree (see the `node` and `adf_text` modules), for callers that hand the document on as
/// text.
pub fn markdown_to_adf_json(md: &str) -> String {
    adf_text::adf_text(&document(md))
}

/// The document's blocks as [`markdown_to_adf`] puts them in the document, as `serde_json` values (see
/// [`finish_blocks`]).
pub(crate) fn finish_block_values(content: Vec<Node>) -> Vec<Value> {
    finish_blocks(content).into_iter().map(Node::into_value).collect()
}

pub(crate) use blocks::BlockBuilder;
pub(crate) use inline::{Kind as Construct, construct_at};

/// The document's blocks as [`markdown_to_adf`] puts them in the document: the parser's internal nodes and keys
/// removed (see [`strip_internal`]). Each block is finished on its own, so blocks can be finished in groups.
fn finish_blocks(mut content: Vec<Node>) -> Vec<Node> {
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
fn strip_internal(node: &mut Node) -> bool {
    let Node::Object(pairs) = node else { return false };
    let mut internal = false;
    pairs.retain(|(k, v)| {
        if k == "type" {
            internal = v.as_str().is_some_and(|t| t.starts_with("__"));
        }
        !k.starts_with("__")
    });
    if let Some((_, Node::Array(items))) = pairs.iter_mut().find(|(k, _)| k == "content") {
        items.retain_mut(|n| !strip_internal(n));
        if merges(items) {
            *items = merge_text(std::mem::take(items));
        }
    }
    internal
}

/// Whether [`merge_text`] would change `items`: it drops empty text nodes and joins adjacent text nodes of the
/// same marks and keys, and otherwise returns the items as they were (so they need not be moved).
fn merges(items: &[Node]) -> bool {
    let text = |n: &Node| n.ty() == "text";
    items.iter().any(|n| text(n) && n.field("text").and_then(Node::as_str) == Some(""))
        || items.windows(2).any(|w| {
            text(&w[0]) && text(&w[1]) && w[0].field("marks") == w[1].field("marks") && len(&w[0]) == len(&w[1])
        })
}

/// The number of keys of an object.
fn len(node: &Node) -> Option<usize> {
    match node {
        Node::Object(pairs) => Some(pairs.len()),
        _ => None,
    }
}

/// `adf::normalise::merge_text` on the converter's tree: drops empty text nodes and joins adjacent text nodes of
/// the same marks and number of keys (the text appended to the first).
fn merge_text(items: Vec<Node>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(items.len());
    for item in items {
        let is_text = item.ty() == "text";
        if is_text && item.field("text").and_then(Node::as_str) == Some("") {
            continue;
        }
        if let Some(prev) = out
            .last_mut()
            .filter(|p| is_text && p.ty() == "text" && p.field("marks") == item.field("marks") && len(p) == len(&item))
        {
            let joined = format!(
                "{}{}",
                prev.field("text").and_then(Node::as_str).unwrap_or(""),
                item.field("text").and_then(Node::as_str).unwrap_or("")
            );
            prev.insert("text", joined.into());
            continue;
        }
        out.push(item);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::{Node, merge_text, merges, text_node};

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
        /// Content arrays are merged only when `merge_text` would change them: skipping it never changes a node;
        /// and merging the converter's tree gives what `adf::normalise::merge_text` gives on `Value`s.
        #[test]
        fn merging_is_skipped_only_where_it_changes_nothing(values in prop::collection::vec(node(), 0..8)) {
            let items: Vec<Node> = values.iter().cloned().map(Node::from_value).collect();
            let merged = merge_text(items.clone());
            prop_assert_eq!(merges(&items), merged != items);
            let merged: Vec<Value> = merged.into_iter().map(Node::into_value).collect();
            let expected = crate::adf::normalise::merge_text(values);
            prop_assert_eq!(serde_json::to_string(&merged).ok(), serde_json::to_string(&expected).ok());
        }
    }

    #[test]
    fn text_nodes_are_json_of_the_same_pairs() {
        let marks = vec![Node::of("em")];
        let expected = json!({"type": "text", "text": "a", "marks": [{"type": "em"}]});
        assert_eq!(
            serde_json::to_string(&text_node("a", marks).into_value()).ok(),
            serde_json::to_string(&expected).ok()
        );
        assert_eq!(text_node("b", Vec::new()).into_value(), json!({"type": "text", "text": "b"}));
    }
}
