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

/// Converts Jira wiki markup to an ADF document object. Never throws on any text.
#[wasm_bindgen(js_name = wikiToAdf)]
pub fn wiki_to_adf(wiki: &str) -> Result<JsValue, JsError> {
    to_js(&crate::wiki::wiki_to_adf(wiki))
}

/// Converts an ADF document object to Jira wiki markup; throws when it is not ADF (naming the node path).
#[wasm_bindgen(js_name = adfToWiki)]
pub fn adf_to_wiki(adf: JsValue) -> Result<String, JsError> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(adf).map_err(js_error)?;
    crate::wiki::adf_to_wiki(&value).map_err(js_error)
}
