//! The activity record's JavaScript face: `recordActivity(oldText, events, now)` adds a run's firings, created
//! issues or suggestion reviews to a site's record (`analytics/activity.rs`) and returns the text to save.

use wasm_bindgen::prelude::*;

use super::{from_js, js_error, to_js};
use crate::analytics::activity::{ActivityEvents, parse_record, record};

/// Adds `events` (`{firings?, created?, reviews?}`) to the record whose file text is `old` (`""`: none yet) at
/// `now` (ms since the epoch), pruned to its kept days. Returns `{text, diagnostic}`: the JSON text to save
/// atomically, and the sentence saying why an unreadable old record was started afresh (or `null`). Throws only
/// when `events` is not shaped like activity events.
#[wasm_bindgen(js_name = recordActivity)]
pub fn record_activity(old: &str, events: JsValue, now: f64) -> Result<JsValue, JsError> {
    let events: ActivityEvents = from_js(&events, "activity events ({firings, created, reviews})")?;
    let (previous, diagnostic) = parse_record(old);
    let text = crate::json_text::to_string(&record(previous, events, now as i64)).map_err(js_error)?;
    to_js(&serde_json::json!({ "text": format!("{text}\n"), "diagnostic": diagnostic }))
}
