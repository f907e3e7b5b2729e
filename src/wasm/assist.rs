//! Assistance's JavaScript face (`docs/assist.md`): rule-based task detection, the model request for a note,
//! reading the model's answer, the one repair request, and estimates from the kept history. Every input is JSON (`from_js`); expected failures
//! (a refused note, an invalid answer) are results, not exceptions: `{ok: …}` or `{problem: {…, message}}`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{from_js, from_json_bytes, to_js};
use crate::assist;

/// `{ok}` or `{problem}` for JavaScript: `problem` is the error's own fields plus its sentence as `message`.
pub(super) fn outcome<T: Serialize, E: Serialize + std::fmt::Display>(
    result: Result<T, E>,
    extra: impl Fn(&E) -> bool,
) -> Result<JsValue, JsError> {
    match result {
        Ok(value) => to_js(&serde_json::json!({ "ok": value })),
        Err(error) => {
            let mut problem = serde_json::to_value(&error).unwrap_or_default();
            if !problem.is_object() {
                problem = serde_json::json!({});
            }
            problem["message"] = error.to_string().into();
            problem["repairable"] = extra(&error).into();
            to_js(&serde_json::json!({ "problem": problem }))
        }
    }
}

/// The rules' task candidates for a `DetectInput` (`{path, text, lines?: [first, last], hints}`).
#[wasm_bindgen(js_name = assistDetectRules)]
pub fn assist_detect_rules(input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::DetectInput = from_js(&input, "a detect input")?;
    to_js(&assist::detect_rules(&input))
}

/// The detect-tasks request for a `PrepareInput` (`{detect, privacy, model}`): `{ok: Prepared}` or
/// `{problem: {kind, message}}` when the note is refused or the window too small.
#[wasm_bindgen(js_name = assistPrepareDetect)]
pub fn assist_prepare_detect(input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::PrepareInput = from_js(&input, "a prepare input")?;
    outcome(assist::prepare_detect(&input), |_| false)
}

/// Reads a response body for an `AnswerInput` (`{prepare, body}`): `{ok: {candidates, warnings}}` or
/// `{problem: {code, message, repairable}}`.
#[wasm_bindgen(js_name = assistReadDetectAnswer)]
pub fn assist_read_detect_answer(input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::AnswerInput = from_js(&input, "an answer input")?;
    outcome(assist::read_detect_answer(&input), assist::AnswerError::repairable)
}

/// The repair request after `answer` failed with `problem` (the message `assistReadDetectAnswer` gave).
#[wasm_bindgen(js_name = assistRepairRequest)]
pub fn assist_repair_request(request: JsValue, answer: &str, problem: &str) -> Result<JsValue, JsError> {
    let request: assist::ChatRequest = from_js(&request, "a chat request")?;
    to_js(&assist::repair_request(&request, answer, problem))
}

/// The content of a chat-completions response body (for *Test model*): `{ok: text}` or `{problem}`.
#[wasm_bindgen(js_name = assistMessageContent)]
pub fn assist_message_content(body: &str) -> Result<JsValue, JsError> {
    outcome(assist::message_content(body), |_| false)
}

/// An estimate from the kept history (the stored `history-….json` file's UTF-8 bytes) for an `EstimateQuery`
/// (`{key?, summary, description?, labels?}`): the `Estimate`, or `null` when no done issue is similar.
#[wasm_bindgen(js_name = assistEstimate)]
pub fn assist_estimate(history: &[u8], query: JsValue) -> Result<JsValue, JsError> {
    let history: crate::history::SiteHistory = from_json_bytes(history, "a stored issue history")?;
    let query: assist::EstimateQuery = from_js(&query, "an estimate query")?;
    to_js(&assist::estimate(&history, &query))
}
