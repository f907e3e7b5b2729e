//! Jira wiki markup (Data Center dialect) ↔ Atlassian Document Format (ADF) JSON.
//!
//! [`wiki_to_adf`] never fails: whatever it cannot read as markup stays text, and its time and stack use are
//! bounded on hostile input (nesting depths are capped, every search is memoised or indexed). [`adf_to_wiki`]
//! writes natural wiki wherever wiki has the construct and checks every top-level block by parsing it back;
//! a block that would not come back identical (after [`normalise()`]) is written in the reversible
//! `{adf}…{adf}` form, which holds the node's JSON. Blocks of the proven subset (`crate::adf::proven`) skip the
//! read-back in release builds (their proof is in tests; debug builds still read them back). The mapping, both directions, is documented in
//! `docs/wiki-mapping.md`. `to_markdown` converts wiki straight to Markdown where the ADF in between would be
//! in the Markdown writer's proven subset, with the same result as `adf_to_markdown(wiki_to_adf(…))`.

mod block;
pub(crate) mod emit_block;
pub(crate) mod emit_inline;
mod error;
mod inline;
mod md_inline;
mod normalise;
mod table_row;
mod tasks;
pub(crate) mod to_markdown;
mod vocab;

pub use error::WikiError;
pub use normalise::normalise;

pub(crate) use block::MAX_LIST_DEPTH;

use serde_json::{Value, json};

/// The `extensionType` of extension nodes that stand for wiki macros this crate has no ADF node for.
pub const MACRO_EXTENSION_TYPE: &str = "com.jira-vault-sync.wiki-macro";

/// Converts Jira wiki markup to an ADF document `{version: 1, type: "doc", content: […]}`.
///
/// Never fails and never panics; unreadable markup stays text. Link targets with a `javascript:`, `data:`
/// or `vbscript:` scheme never become links, and `{html}` stays an inert extension.
pub fn wiki_to_adf(wiki: &str) -> Value {
    let text = wiki.replace("\r\n", "\n").replace('\r', "\n");
    let content = block::parse_blocks(&text, 0);
    let mut doc = crate::adf::json::with_content(json!({"version": 1, "type": "doc"}), content);
    normalise::canonicalise(&mut doc);
    tasks::assign_local_ids(&mut doc, &mut 0);
    doc
}

/// Converts an ADF document to Jira wiki markup.
///
/// Every node and mark is written: natively where wiki has an equivalent, otherwise (or when the native form
/// would not read back identically) as an `{adf}…{adf}` block or inline holding the node's JSON.
///
/// # Errors
/// [`WikiError`] when the value is not an ADF document; the error names the node path, such as
/// `content[2].content[0]`.
pub fn adf_to_wiki(adf: &Value) -> Result<String, WikiError> {
    emit_block::emit_doc(adf)
}

#[cfg(test)]
mod tests;
