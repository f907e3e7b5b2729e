//! Inert serialisation of JSON and URL components for the reversible Markdown forms.
//!
//! JSON carried inside Markdown (`adf` code blocks, `data-adf` span attributes) must not contain anything an
//! Obsidian plugin or the Markdown parser could act on, so every character of `<>&'%[]#$=\`|*_~!` inside a
//! string is written as a `\uXXXX` escape and `[` as a structural character is followed by a space (so no
//! `[[` ever appears). The result is still plain JSON that `serde_json` reads back exactly.

use std::fmt::Write as _;

use serde_json::Value;

/// Characters never written literally inside JSON strings.
const RISKY: &str = "<>&'%[]#$=\\`|*_~!\"";

/// Serialises `value` as compact, inert JSON.
pub(crate) fn inert_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => out.push_str(&value.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, v);
            }
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if RISKY.contains(c) || (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('"');
}

/// Percent-encodes everything but `A-Z a-z 0-9 - _ . +`.
pub(crate) fn pct_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() + 8);
    // Runs of bytes kept as they are, copied whole (a run is ASCII, so it starts and ends on character boundaries).
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+')) {
            out.push_str(s.get(run..i).unwrap_or_default());
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
            run = i + 1;
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out
}

/// Decodes `%XX` escapes; `None` if the result is not UTF-8 or an escape is malformed.
pub(crate) fn pct_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A key's value in a JSON object, found by comparing the few keys of an ADF node or mark instead of hashing the
/// key (serde_json's map hashes with SipHash, which dominated the converters' profiles). Larger objects, such as
/// hostile `attrs`, use the hashed lookup, so every lookup stays O(1) in the object's size.
pub(crate) trait Field {
    /// `self[key]` if `self` is an object holding `key`.
    fn field(&self, key: &str) -> Option<&Value>;
}

/// Objects with at most this many keys are searched linearly.
const LINEAR_KEYS: usize = 8;

impl Field for serde_json::Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        if self.len() <= LINEAR_KEYS {
            self.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
        } else {
            self.get(key)
        }
    }
}

impl Field for Value {
    fn field(&self, key: &str) -> Option<&Value> {
        self.as_object()?.field(key)
    }
}

/// `node` with `content` as its last key. `json!({…, "content": children})` would deep-copy the children
/// through serde; this moves them.
pub(crate) fn with_content(mut node: Value, content: Vec<Value>) -> Value {
    if let Some(obj) = node.as_object_mut() {
        obj.insert("content".into(), Value::Array(content));
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_json_round_trips_and_hides_syntax() {
        let v = serde_json::json!({"a": "<% tp %> [[x]] #t %%c%% ' \" \\", "b": [[1], {"c": null}]});
        let s = inert_json(&v);
        for bad in ["<", "[[", "#", "%%", "'", "&"] {
            assert!(!s.contains(bad), "{s} contains {bad}");
        }
        assert_eq!(serde_json::from_str::<Value>(&s).ok(), Some(v));
    }

    proptest::proptest! {
        /// Percent-encoding as it was written a byte at a time.
        #[test]
        fn percent_encoding_as_before(s in "[a-zA-Z0-9_.+:/ %é€-]{0,12}") {
            let mut before = String::new();
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+') {
                    before.push(b as char);
                } else {
                    let _ = write!(before, "%{b:02X}");
                }
            }
            proptest::prop_assert_eq!(pct_encode(&s), before);
        }
    }

    #[test]
    fn percent_round_trip() {
        let s = "a b/ü%";
        assert_eq!(pct_decode(&pct_encode(s)).as_deref(), Some(s));
        assert_eq!(pct_decode("%G1"), None);
    }
}
