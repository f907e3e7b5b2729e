//! Change summaries (`docs/assist.md`, issue #17 item 4): the deterministic draft from the site's sync state,
//! the model's request and the reading of its answer. The sync state comes as the stored file's UTF-8 bytes
//! (empty: never synced). Expected failures are results (`{ok}` or `{problem: {…, message, repairable}}`), as in
//! `assist.rs`.

use wasm_bindgen::prelude::*;

use super::assist::outcome;
use super::{from_js, from_json_bytes, to_js};
use crate::assist;
use crate::sync::SiteState;

/// The draft for a `SummaryInput` (`{path, text, key, base?, privacy, model}`): `{base, summary}`, the base
/// taken from the state when the input has none; both `null` when the issue was never synced with its body.
#[wasm_bindgen(js_name = assistChangeSummary)]
pub fn assist_change_summary(state: &[u8], input: JsValue) -> Result<JsValue, JsError> {
    let mut input: assist::SummaryInput = from_js(&input, "a summary input")?;
    if input.base.is_none() && !state.is_empty() {
        let state: SiteState = from_json_bytes(state, "a stored sync state")?;
        input.base = assist::synced_body(&state, &input.key);
    }
    to_js(&serde_json::json!({ "base": input.base, "summary": assist::summary_draft(&input) }))
}

/// The summarise-changes request: `{ok: Prepared}` or `{problem}` (note refused, no change, window too small).
#[wasm_bindgen(js_name = assistPrepareSummary)]
pub fn assist_prepare_summary(input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::SummaryInput = from_js(&input, "a summary input")?;
    outcome(assist::prepare_summary(&input), |_| false)
}

/// Reads a summarise-changes response body: `{ok: {text, warnings}}` or `{problem: {code, message, repairable}}`.
#[wasm_bindgen(js_name = assistReadSummaryAnswer)]
pub fn assist_read_summary_answer(body: &str) -> Result<JsValue, JsError> {
    outcome(assist::read_summary_answer(body), assist::AnswerError::repairable)
}
