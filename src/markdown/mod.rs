//! Obsidian-flavoured Markdown → ADF. Never fails: whatever cannot be mapped becomes text.
//!
//! Parsing is pulldown-cmark (CommonMark + tables, task lists, strikethrough, footnotes, math, wiki links);
//! callouts, `==highlight==`, `%%comments%%`, `#tags` and `:emoji:` are recognised on top. Obsidian-only
//! syntax (wiki links, embeds, tags, comments, math, footnotes) goes to Jira verbatim, as text carrying a link
//! mark to `jvs:obsidian`, so it comes back as live syntax. Raw HTML becomes text. The result is valid against
//! the ADF schema: content a container may not hold is adapted (see the `sanitise` module).

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

/// Converts Markdown to an ADF document `{"version":1,"type":"doc","content":[…]}`.
pub fn markdown_to_adf(md: &str) -> Value {
    with_content(json!({"version": 1, "type": "doc"}), finish_blocks(blocks::parse(md)))
}

pub(crate) use blocks::BlockBuilder;
pub(crate) use inline::{Kind as Construct, construct_at};

/// The document's blocks as [`markdown_to_adf`] puts them in the document: the parser's internal nodes and keys
/// removed (see [`strip_internal`]). Each block is finished on its own, so blocks can be finished in groups.
pub(crate) fn finish_blocks(mut content: Vec<Value>) -> Vec<Value> {
    content.iter_mut().for_each(strip_internal);
    content.retain(|n| !is_internal(n));
    content
}

fn is_internal(node: &Value) -> bool {
    node.field("type").and_then(Value::as_str).is_some_and(|t| t.starts_with("__"))
}

/// Removes the parser's internal nodes and keys (`__…`) that were not consumed where they belong, e.g. an
/// attribute marker written outside its block, and merges adjacent text nodes with the same marks, as in the
/// normal form: how the writer spells a block (say, a callout title) must not depend on where the parser split
/// its text. Depth is bounded by the container flattening and by serde_json's recursion limit for JSON read
/// from `adf` blocks.
fn strip_internal(node: &mut Value) {
    if let Some(obj) = node.as_object_mut() {
        obj.retain(|k, _| !k.starts_with("__"));
        if let Some(Value::Array(items)) = obj.get_mut("content") {
            items.retain(|n| !is_internal(n));
            items.iter_mut().for_each(strip_internal);
            *items = merge_text(std::mem::take(items));
        }
    }
}
