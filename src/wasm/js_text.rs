//! Results handed to JavaScript as JSON text in pieces: the core's [`JsonText`] writes into a small buffer, each
//! full buffer becomes a JavaScript string appended to the text so far, and `JSON.parse` reads the whole text
//! once. `serde_json::to_string` of a sync report (the whole state: 21 MB at 50,000 notes) grew one `String` by
//! doubling, so the wasm heap held the old and the new buffer at once (16 + 32 MB) beside the report, and the wasm
//! memory, which never shrinks, kept that high-water mark for the rest of the plugin's life. Every JSON result
//! takes this path, through the writer type the rest of the core writes JSON with (one compiled serializer per
//! type).

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use crate::json_text::JsonText;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// `value` for JavaScript: the plain object `JSON.parse` makes of its serde JSON, with `members` (`,"name":value`
/// pairs, or nothing) added as the last members of the object `value` is; without the whole text in wasm memory.
pub(super) fn json_to_js<T: serde::Serialize + ?Sized>(value: &T, members: &str) -> Result<JsValue, JsError> {
    let mut text = JsString::from("");
    let mut sink = |piece: &str| text = text.concat(&JsValue::from_str(piece));
    let mut out = JsonText::piecewise(&mut sink);
    out.write(value).map_err(super::js_error)?;
    if !members.is_empty() {
        // The last write was the object's closing brace, still pending.
        let end = out.pending();
        if end.pop() != Some(b'}') {
            return Err(JsError::new("a result is not a JSON object"));
        }
        end.extend_from_slice(members.as_bytes());
        end.push(b'}');
    }
    out.end();
    json_parse(&text).map_err(|_| JsError::new("a result could not be handed to JavaScript"))
}
