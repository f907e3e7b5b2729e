//! A JavaScript string into wasm memory as UTF-8, by the engine's own `TextEncoder.encodeInto`.
//!
//! wasm-bindgen passes a `&str` argument by copying the string in JavaScript one UTF-16 unit at a time until its
//! first non-ASCII character (a loop of `charCodeAt` and typed-array stores), and only then hands the rest to
//! `encodeInto`. For a note, whose text is mostly ASCII, that loop was 6 % of `parseNote`'s time. Here the whole
//! string goes to `encodeInto` at once, which V8 does natively, into a buffer of one byte per UTF-16 unit (enough
//! for ASCII); only a text with other characters takes a second call for its rest, into three bytes per unit left,
//! as wasm-bindgen's own glue does. The bytes are the same either way: UTF-8, a lone surrogate as U+FFFD. The buffer
//! is kept for the next call (up to [`KEEP_BYTES`]), so a note's text costs no allocation and no zeroing.

use std::cell::Cell;

use js_sys::JsString;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
let unitsRead = 0;
// Encodes `text` from UTF-16 unit `from` into `capacity` bytes of `memory` at `at`; returns the bytes written and
// keeps how many units were read (through `from`) for `textUnitsRead`.
export function encodeText(text, from, memory, at, capacity) {
  const r = encoder.encodeInto(from === 0 ? text : text.slice(from), new Uint8Array(memory.buffer, at, capacity));
  unitsRead = from + r.read;
  return r.written;
}
export function textUnitsRead() {
  return unitsRead;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = encodeText)]
    fn encode_text(text: &JsString, from: u32, memory: &JsValue, at: u32, capacity: u32) -> u32;
    #[wasm_bindgen(js_name = textUnitsRead)]
    fn text_units_read() -> u32;
}

/// Texts of up to this many UTF-16 units are encoded in one call, into three bytes per unit.
const ONE_CALL_UNITS: u32 = 1 << 20;

/// A buffer of at most this many bytes is kept for the next call (a text of up to about 340,000 UTF-16 units).
const KEEP_BYTES: usize = 1 << 20;

thread_local! {
    /// The buffer the last text was encoded into, kept so that the next note's text needs neither a fresh
    /// allocation nor zeroing: a note's text was copied into three zeroed bytes per UTF-16 unit, then freed.
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Calls `read` with the UTF-8 text of `text` (a lone surrogate becomes U+FFFD, as with any `&str` argument).
/// The bytes are in a buffer reused across calls; a call from inside `read` gets a buffer of its own.
pub(super) fn with_utf8<R>(text: &JsString, read: impl FnOnce(&str) -> R) -> R {
    let mut bytes = SCRATCH.take();
    let len = encode(text, &mut bytes);
    // `encodeInto` writes UTF-8 only, so this never takes the fallback.
    let out = read(std::str::from_utf8(bytes.get(..len).unwrap_or_default()).unwrap_or_default());
    if bytes.len() <= KEEP_BYTES {
        SCRATCH.set(bytes);
    }
    out
}

/// Encodes `text` into `bytes`, growing it as needed (only the grown part is zeroed: `encodeInto` overwrites what
/// it writes, and only that is read); returns the number of bytes written.
fn encode(text: &JsString, bytes: &mut Vec<u8>) -> usize {
    let units = text.length();
    let memory = wasm_bindgen::memory();
    // Room for any text up to a megabyte at once; a larger one gets three bytes only for what ASCII did not fill.
    let capacity = if units <= ONE_CALL_UNITS { units * 3 } else { units };
    if bytes.len() < capacity as usize {
        bytes.resize(capacity as usize, 0);
    }
    let mut len = encode_text(text, 0, &memory, address(bytes), capacity) as usize;
    let read = text_units_read();
    if read < units {
        let rest = (units - read) as usize * 3;
        if bytes.len() < len + rest {
            bytes.resize(len + rest, 0);
        }
        len += encode_text(text, read, &memory, address(&bytes[len..]), rest as u32) as usize;
    }
    len
}

/// Where `bytes` start in wasm memory (a 32-bit address on `wasm32`).
fn address(bytes: &[u8]) -> u32 {
    bytes.as_ptr() as usize as u32
}
