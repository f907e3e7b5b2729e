//! The *Vault health* checks' JavaScript face (`docs/health.md`): `checkHealth` and `renderHealthReport`.

use wasm_bindgen::prelude::*;

use super::{from_js, from_json_bytes, to_js};

/// Runs every check on a `HealthInput` given as UTF-8 JSON bytes (`{config, sites: [{siteUrl, state}], notes:
/// [{path, content}], workflowStatuses?}`; `new TextEncoder().encode(JSON.stringify(input))`) and returns the
/// findings (`[{kind, severity, message, paths, key?, line?, column?, fix?}]`). Throws when the input is not
/// shaped like one.
#[wasm_bindgen(js_name = checkHealth)]
pub fn check_health(input: &[u8]) -> Result<JsValue, JsError> {
    let input: crate::alignment::health::HealthInput = from_json_bytes(input, "a vault health input")?;
    to_js(&crate::alignment::health::check_health(&input))
}

/// The notes the checks look at (a `NoteSelection`, as `SyncEngine.noteSelection()` returns it: every site's
/// sync selection merged) for a `HealthInput` without notes, given as UTF-8 JSON bytes. The driver reads those
/// notes (through its index or Obsidian's metadata cache) and passes them to `checkHealth`.
#[wasm_bindgen(js_name = healthNoteSelection)]
pub fn health_note_selection(input: &[u8]) -> Result<JsValue, JsError> {
    let input: crate::alignment::health::HealthInput = from_json_bytes(input, "a vault health input")?;
    to_js(&crate::alignment::health::health_note_selection(&input))
}

/// The *Vault health* report note for `findings` (as `checkHealth` returned them), checked at `checked` (text
/// written as it is). Throws when `findings` is not a list of findings.
#[wasm_bindgen(js_name = renderHealthReport)]
pub fn render_health_report(findings: JsValue, checked: &str) -> Result<String, JsError> {
    let findings: Vec<crate::alignment::health::Finding> = from_js(&findings, "a list of vault health findings")?;
    Ok(crate::alignment::health::render_health_report(&findings, checked))
}
