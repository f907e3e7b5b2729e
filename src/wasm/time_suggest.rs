//! Time suggestions from editing activity (`docs/assist.md`, issue #17 item 5): the suggestions for a day from
//! the recorded activity, and an accepted (edited) suggestion as a worklog-section line.

use wasm_bindgen::prelude::*;

use super::{from_js, js_error, to_js};
use crate::assist;

/// The suggestions for a day: `timeSuggestions({day, spans, notes, keyProperty, sectionHeading, dailyFolder,
/// dailyFormat, hoursPerDay, daysPerWeek, roundMinutes, minimumMinutes, zoneOffsets})` → `{day, suggestions,
/// zoneInstants}`; answer `zoneInstants` in `zoneOffsets` and call again until it is empty. Throws when `day` is
/// not `YYYY-MM-DD`.
#[wasm_bindgen(js_name = timeSuggestions)]
pub fn time_suggestions(input: JsValue) -> Result<JsValue, JsError> {
    let input: assist::TimeSuggestInput = from_js(&input, "a time suggestions input")?;
    to_js(&assist::time_suggestions(&input).map_err(js_error)?)
}

/// An accepted suggestion as a worklog-section line: `{line}`, or `{problem}` (a message naming what to fix:
/// the duration, or a comment that would not read back).
#[wasm_bindgen(js_name = timeSuggestionLine)]
pub fn time_suggestion_line(
    day: &str,
    duration: &str,
    comment: &str,
    hours_per_day: f64,
    days_per_week: f64,
) -> Result<JsValue, JsError> {
    let config = crate::worklog::DurationConfig { hours_per_day, days_per_week };
    let config = if config.is_valid() { config } else { crate::worklog::DurationConfig::default() };
    to_js(&match assist::suggestion_line(day, duration, comment, &config) {
        Ok(line) => serde_json::json!({ "line": line }),
        Err(e) => serde_json::json!({ "problem": e.0 }),
    })
}
