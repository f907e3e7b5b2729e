//! The JavaScript boundary: the only module that knows about wasm-bindgen.
//!
//! Each export deserialises its arguments, calls the core, and serialises the result with
//! serde-wasm-bindgen in JSON-compatible mode (maps become plain objects, 64-bit integers become numbers).
//! Errors become JavaScript `Error`s in [`js_error`], and nothing here contains logic of its own.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serialises a core value for JavaScript.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(js_error)
}

/// The one way errors cross the boundary: as a JavaScript `Error` whose message is the error's `Display`.
fn js_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

/// The core's version (the Cargo package version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// Parses a note: front matter, diagnostics, title, headings, wiki links, tags, tasks and Jira keys.
/// Never throws on any text.
#[wasm_bindgen(js_name = parseNote)]
pub fn parse_note(text: &str, path: Option<String>) -> Result<JsValue, JsError> {
    to_js(&crate::note::parse_note(text, path.as_deref()))
}

/// Converts Obsidian-flavoured Markdown to an ADF document object. Never throws.
#[wasm_bindgen(js_name = markdownToAdf)]
pub fn markdown_to_adf(markdown: &str) -> Result<JsValue, JsError> {
    to_js(&crate::markdown::markdown_to_adf(markdown))
}

/// Converts an ADF document object to inert Markdown. Throws an `Error` naming the path of the first node
/// that is not ADF-shaped.
#[wasm_bindgen(js_name = adfToMarkdown)]
pub fn adf_to_markdown(adf: JsValue) -> Result<String, JsError> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(adf).map_err(js_error)?;
    crate::adf::adf_to_markdown(&value).map_err(js_error)
}
