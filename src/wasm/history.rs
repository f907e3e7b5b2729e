//! The history reader's JavaScript face: [`HistoryEngine`] wraps [`crate::history::HistoryRun`] with the same
//! call order as the sync's `SyncEngine` (`poll`, `handleResponse`, `handleZoneOffsets`, `finish`).

use wasm_bindgen::prelude::*;

use super::{from_js, js_error, to_js};

/// One history read, driven from JavaScript.
#[wasm_bindgen]
pub struct HistoryEngine {
    run: Option<crate::history::HistoryRun>,
}

#[wasm_bindgen]
impl HistoryEngine {
    /// Starts a read from a `HistoryInput` object (`{config, siteUrl, deployment, timeZone?, history?,
    /// rebuild?}`). Throws when `input` is not shaped like one.
    #[wasm_bindgen(constructor)]
    pub fn new(input: JsValue) -> Result<HistoryEngine, JsError> {
        let input: crate::history::HistoryInput = from_js(&input, "a history input object")?;
        Ok(Self { run: Some(crate::history::HistoryRun::new(input)) })
    }

    /// The next action (`{kind: "requests" | "zoneOffsets" | "done", …}`).
    pub fn poll(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.running()?.poll())
    }

    /// Answers one request: `{id, status, body, error?}`.
    #[wasm_bindgen(js_name = handleResponse)]
    pub fn handle_response(&mut self, response: JsValue) -> Result<(), JsError> {
        let response: crate::sync::Response = from_js(&response, "a response object")?;
        self.running()?.handle_response(response);
        Ok(())
    }

    /// Answers the zone question (minutes east of UTC, one per instant, in order).
    #[wasm_bindgen(js_name = handleZoneOffsets)]
    pub fn handle_zone_offsets(&mut self, offsets_minutes: Vec<i32>) -> Result<(), JsError> {
        self.running()?.handle_zone_offsets(&offsets_minutes);
        Ok(())
    }

    /// Ends the read: `{history, fatal?, full, issues, changes, requests, diagnostics?, summary}`; the engine is
    /// spent. Save `history` only when `fatal` is absent.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let run = self.run.take().ok_or_else(|| js_error("the history read is already finished"))?;
        let report = run.finish();
        let mut value = serde_json::to_value(&report).map_err(js_error)?;
        value["summary"] = report.summary().into();
        to_js(&value)
    }

    fn running(&mut self) -> Result<&mut crate::history::HistoryRun, JsError> {
        self.run.as_mut().ok_or_else(|| js_error("the history read is already finished"))
    }
}
