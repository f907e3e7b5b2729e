//! Suggestions for an issue note (`docs/assist.md`): the history's and owner map's suggestions, the model's
//! request and the reading of its answer. The kept history comes as the stored file's UTF-8 bytes (empty: no
//! history yet). Expected failures are results (`{ok}` or `{problem: {…, message, repairable}}`), as in
//! `assist.rs`.

use wasm_bindgen::prelude::*;

use super::assist::outcome;
use super::{from_js, from_json_bytes, to_js};
use crate::assist;
use crate::history::SiteHistory;

fn history_of(bytes: &[u8]) -> Result<SiteHistory, JsError> {
    if bytes.is_empty() { Ok(SiteHistory::default()) } else { from_json_bytes(bytes, "a stored issue history") }
}

/// The suggestions without a model for a `SuggestInput` (`{path, text, key, hints, privacy, model, contextKey?,
/// suggestionsKey?}`): `{summary, priority, assignee, assigneeReason, estimate}`.
#[wasm_bindgen(js_name = assistSuggestBaseline)]
pub fn assist_suggest_baseline(history: &[u8], input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::SuggestInput = from_js(&input, "a suggest input")?;
    to_js(&assist::suggest_baseline(&history_of(history)?, &input))
}

/// The suggest-fields request: `{ok: Prepared}` or `{problem}` (note refused, window too small).
#[wasm_bindgen(js_name = assistPrepareSuggest)]
pub fn assist_prepare_suggest(history: &[u8], input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::SuggestInput = from_js(&input, "a suggest input")?;
    let baseline = assist::suggest_baseline(&history_of(history)?, &input);
    outcome(assist::prepare_suggest(&input, &baseline), |_| false)
}

/// Reads a suggest-fields response body: `{ok: ModelSuggestion}` or `{problem: {code, message, repairable}}`.
#[wasm_bindgen(js_name = assistReadSuggestAnswer)]
pub fn assist_read_suggest_answer(input: JsValue, body: &str) -> Result<JsValue, JsError> {
    let input: assist::SuggestInput = from_js(&input, "a suggest input")?;
    outcome(assist::read_suggest_answer(&input, body), assist::AnswerError::repairable)
}
