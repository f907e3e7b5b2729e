//! Results handed to JavaScript as JSON text in pieces: serde_json writes into one small buffer, each full
//! buffer becomes a JavaScript string appended to the text so far, and `JSON.parse` reads the whole text once.
//! Every JSON result takes this one path (a second serde_json writer type would compile every serializer twice).
//! `serde_json::to_string` of a sync report (the whole state: 21 MB at 50,000 notes) grew one `String` by
//! doubling, so the wasm heap held the old and the new buffer at once (16 + 32 MB) beside the report, and the
//! wasm memory, which never shrinks, kept that high-water mark for the rest of the plugin's life.
//!
//! Invariant: the text JavaScript parses is byte for byte the one `serde_json::to_string` writes: a piece ends
//! on a UTF-8 character boundary (the bytes of a character cut by the buffer's end wait for the next piece).

use js_sys::JsString;
use wasm_bindgen::prelude::*;

/// How many bytes of JSON text wait in wasm memory before they cross (a piece may run over by one write).
const PIECE: usize = 256 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// The JSON text written so far: the pieces in JavaScript, and the bytes not yet handed over.
struct JsText {
    crossed: JsString,
    pending: Vec<u8>,
}

impl JsText {
    /// Hands the pending bytes over, up to the last whole character.
    fn cross(&mut self) {
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(e) => e.valid_up_to(),
        };
        if let Ok(text) = std::str::from_utf8(&self.pending[..whole]) {
            self.crossed = self.crossed.concat(&JsValue::from_str(text));
        }
        self.pending.drain(..whole);
    }
}

impl std::io::Write for JsText {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.pending.len() >= PIECE {
            self.cross();
        }
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `value` for JavaScript: the plain object `JSON.parse` makes of its serde JSON, with `members` (`,"name":value`
/// pairs, or nothing) added as the last members of the object `value` is; without the whole text in wasm memory.
pub(super) fn json_to_js<T: serde::Serialize + ?Sized>(value: &T, members: &str) -> Result<JsValue, JsError> {
    let mut out = JsText { crossed: JsString::from(""), pending: Vec::new() };
    serde_json::to_writer(&mut out, value).map_err(super::js_error)?;
    if !members.is_empty() {
        if out.pending.pop() != Some(b'}') {
            return Err(JsError::new("a result is not a JSON object"));
        }
        out.pending.extend_from_slice(members.as_bytes());
        out.pending.push(b'}');
    }
    out.cross();
    json_parse(&out.crossed).map_err(|_| JsError::new("a result could not be handed to JavaScript"))
}
