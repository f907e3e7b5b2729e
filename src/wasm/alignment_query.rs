//! The query blocks' JavaScript face: [`QueryEngine`] wraps [`crate::alignment::QueryRun`] with the call order
//! of the other engines (`poll`, `handleResponse`, `handleZoneOffsets`, `finish`), plus `jql` and
//! `runnable` so the driver can key its cache before sending anything.

use wasm_bindgen::prelude::*;

use super::{from_js, js_error, to_js};

/// One query block's run, driven from JavaScript.
#[wasm_bindgen]
pub struct QueryEngine {
    run: Option<crate::alignment::QueryRun>,
}

#[wasm_bindgen]
impl QueryEngine {
    /// Reads a block from a `QueryInput` object (`{kind: "search" | "count", source, note?, deployment,
    /// timeZone?, fields?}`). Throws when `input` is not shaped like one.
    #[wasm_bindgen(constructor)]
    pub fn new(input: JsValue) -> Result<QueryEngine, JsError> {
        let input: crate::alignment::QueryInput = from_js(&input, "a query input object")?;
        Ok(Self { run: Some(crate::alignment::QueryRun::new(input)) })
    }

    /// The JQL the block sends (placeholders filled, sort appended).
    pub fn jql(&self) -> Result<String, JsError> {
        Ok(self.running_ref()?.plan().jql.clone())
    }

    /// Whether the block sends anything (no error in its text).
    pub fn runnable(&self) -> Result<bool, JsError> {
        Ok(self.running_ref()?.plan().runnable())
    }

    /// The next action (`{kind: "requests" | "zoneOffsets" | "done", …}`).
    pub fn poll(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.running()?.poll())
    }

    /// Answers the last request: `{id, status, body, error?}`.
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

    /// Ends the run: `{kind, jql, title?, display, columns, rows, count?, more, error?, status?, diagnostics}`;
    /// the engine is spent.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let run = self.run.take().ok_or_else(|| js_error("the query is already finished"))?;
        to_js(&run.finish())
    }

    fn running(&mut self) -> Result<&mut crate::alignment::QueryRun, JsError> {
        self.run.as_mut().ok_or_else(|| js_error("the query is already finished"))
    }

    fn running_ref(&self) -> Result<&crate::alignment::QueryRun, JsError> {
        self.run.as_ref().ok_or_else(|| js_error("the query is already finished"))
    }
}
