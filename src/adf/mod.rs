//! Atlassian Document Format (ADF) ↔ Obsidian-flavoured Markdown.
//!
//! [`adf_to_markdown`] turns a Jira Cloud ADF document (as `serde_json::Value`, the contract shared with the
//! wiki-markup converter) into Markdown that is *inert*: text that looks like Markdown or Obsidian syntax is
//! escaped, executable code-block languages are disarmed, dangerous link schemes are neutralised.
//! [`markdown_to_adf`](crate::markdown::markdown_to_adf) goes the other way and never fails.
//!
//! The mapping is documented in `docs/adf-mapping.md`. Everything without a natural Markdown form is written in
//! a reversible form: inline as `<span data-adf='…'>readable text</span>` (nodes) or
//! `<span data-adf-mark='…'>text</span>` (marks), blocks as a fenced code block with info string `adf` holding
//! the node's JSON. Before a block is emitted in its natural form, the writer parses it back and compares; if
//! the natural form would not come back exactly, the reversible form is used instead, so Jira → vault → Jira
//! is lossless by construction. Blocks of the *proven subset* (see the `proven` module) skip that read-back in
//! release builds: their proof is in tests, and builds with debug assertions still read them back.

mod check;
mod error;
pub(crate) mod inline;
pub(crate) mod json;
pub(crate) mod media;
pub(crate) mod node;
pub(crate) mod normalise;
pub(crate) mod proven;
pub(crate) mod safety;
mod stream;
mod table;
mod write;

pub use error::AdfError;
pub use normalise::normalise;
pub(crate) use write::{Family as ListFamily, family as list_family};

use serde_json::Value;

/// The deepest node nesting accepted by [`adf_to_markdown`]; deeper documents are rejected with
/// [`AdfError::TooDeep`] instead of risking a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// Checks that `adf` is an ADF-shaped document, as [`adf_to_markdown`] does before writing.
pub(crate) fn check_document(adf: &Value) -> Result<(), AdfError> {
    check::check_doc(adf)
}

/// True if `node` is a block of the *proven subset* that the Markdown writer (`wiki == false`) or the wiki
/// writer (`wiki == true`) writes without reading it back at run time (see `docs/adf-mapping.md`). Exposed for
/// the property tests that prove the subset (`tests/proven_proptest.rs`).
#[doc(hidden)]
pub fn is_proven_block(node: &Value, wiki: bool) -> bool {
    proven::block(&node::Node::from_value(node), if wiki { &proven::WIKI } else { &proven::MARKDOWN })
}

/// Converts an ADF document (`{"version":1,"type":"doc","content":[…]}`) to Markdown.
///
/// Fails only on input that is not ADF-shaped; the error names the path of the offending node.
pub fn adf_to_markdown(adf: &Value) -> Result<String, AdfError> {
    Ok(write::document(&check::read_doc(adf)?))
}

/// [`adf_to_markdown`] of the document in a JSON text, read straight from the text (see `adf::node`) without
/// building a `serde_json::Value` of it; `None` when the text is not a document that reads that way (not JSON,
/// not ADF-shaped, or unusual: see `adf::node::Doc::parse`), for the caller to read it as a `Value` instead.
pub fn adf_json_to_markdown(json: &str) -> Option<String> {
    // The proven blocks written as they are read (`stream`), the others read as nodes; a document whose root is
    // unusual is read as nodes throughout. Builds with debug assertions compare the two for every document.
    let streamed = stream::document(json);
    #[cfg(debug_assertions)]
    if let Some(md) = &streamed {
        let tree = node::Doc::parse(json).map(|doc| write::document(&doc.content));
        assert_eq!(Some(md), tree.as_ref(), "the streamed Markdown differs from the node path's for {json}");
    }
    streamed.or_else(|| node::Doc::parse(json).map(|doc| write::document(&doc.content)))
}
