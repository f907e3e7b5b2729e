//! The JavaScript boundary: the only module that knows about wasm-bindgen.
//!
//! Each export deserialises its arguments, calls the core, and serialises the result with
//! serde-wasm-bindgen in JSON-compatible mode (maps become plain objects, 64-bit integers become numbers).
//! Errors become JavaScript `Error`s in `js_error`, and nothing here contains logic of its own.

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

/// The default sync configuration, as a plain object with camelCase properties.
#[wasm_bindgen(js_name = defaultSyncConfig)]
pub fn default_sync_config() -> Result<JsValue, JsError> {
    to_js(&crate::sync::default_config())
}

/// Checks a sync configuration (missing properties take their defaults) and returns its problems as
/// `{severity, code, path, message}` objects; throws only when `config` is not shaped like a configuration.
#[wasm_bindgen(js_name = validateSyncConfig)]
pub fn validate_sync_config(config: JsValue) -> Result<JsValue, JsError> {
    let config: crate::sync::SyncConfig = serde_wasm_bindgen::from_value(config).map_err(js_error)?;
    to_js(&crate::sync::validate_config(&config))
}

/// Applies front matter changes to a note and returns the new text. `changes` is a plain object of key → new
/// value, `null` meaning *remove the key*; every other byte of the note is kept. Throws, leaving the caller's
/// text as it was, when the front matter cannot be edited safely (malformed, unclosed, …) or `changes` is not an
/// object.
#[wasm_bindgen(js_name = updateFrontmatter)]
pub fn update_frontmatter(text: &str, changes: JsValue) -> Result<String, JsError> {
    let changes: crate::frontmatter::Mapping = serde_wasm_bindgen::from_value(changes).map_err(js_error)?;
    crate::frontmatter::update_frontmatter(text, &crate::frontmatter::Changes::from_json_object(changes))
        .map_err(js_error)
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

/// Converts Obsidian-flavoured Markdown to Jira wiki markup (Data Center), through ADF.
#[wasm_bindgen(js_name = markdownToWiki)]
pub fn markdown_to_wiki(markdown: &str) -> Result<String, JsError> {
    crate::convert::markdown_to_wiki(markdown).map_err(js_error)
}

/// Converts Jira wiki markup (Data Center) to Obsidian-flavoured Markdown, through ADF.
#[wasm_bindgen(js_name = wikiToMarkdown)]
pub fn wiki_to_markdown(wiki: &str) -> Result<String, JsError> {
    crate::convert::wiki_to_markdown(wiki).map_err(js_error)
}
