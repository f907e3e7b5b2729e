//! Compact JSON text of the converter's ADF tree ([`Node`]): byte for byte what `serde_json::to_string` writes of
//! the same tree as a `Value`, about twice as fast on a large document, for `markdownToAdf`, which hands
//! JavaScript the converter's ADF as text. serde's generic
//! serializer (size-optimised like the rest of the core) goes through a call per token and looks every string
//! byte up in its escape table; here objects and arrays are written directly and a run of bytes that needs no
//! escape is copied whole. Held to serde_json by property tests over arbitrary values and strings. (Every other
//! type's JSON text goes through serde_json's writer in `crate::json_text`.)

use super::node::Node;

/// `value` as compact JSON text, the same as `serde_json::to_string` of it as a `Value`.
pub(crate) fn adf_text(value: &Node) -> String {
    let mut out = String::with_capacity(4096);
    write(&mut out, value);
    out
}

/// Depth is bounded as the tree's is (see `markdown::strip_internal`); serde recursed as deep.
fn write(out: &mut String, value: &Node) {
    match value {
        Node::Str(s) => string(out, s),
        Node::Array(items) => {
            out.push('[');
            for item in items {
                write(out, item);
                out.push(',');
            }
            close(out, ']');
        }
        Node::Object(pairs) => {
            out.push('{');
            for (key, item) in pairs {
                string(out, key);
                out.push(':');
                write(out, item);
                out.push(',');
            }
            close(out, '}');
        }
        // null, booleans and numbers (rare in ADF): serde_json's own text.
        Node::Scalar(other) => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}

/// Ends an array or object whose every item was followed by a comma: the last comma becomes `end`.
fn close(out: &mut String, end: char) {
    if out.ends_with(',') {
        out.pop();
    }
    out.push(end);
}

/// A JSON string as serde_json escapes it: `"` and `\` with a backslash, the control characters below U+0020
/// as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx` (lowercase hex), everything else (U+007F and beyond included) as
/// it is.
fn string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut copied = 0;
    // An index loop: the size-optimised build does not inline iterator adapters, and this runs for every byte.
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            0..0x20 => "",
            _ => continue,
        };
        // Every byte matched above is ASCII, so `copied..i - 1` lies on character boundaries.
        out.push_str(s.get(copied..i - 1).unwrap_or(""));
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(short);
        }
        copied = i;
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::adf_text;
    use crate::markdown::node::Node;

    fn text_of(v: &Value) -> String {
        adf_text(&Node::from_value(v.clone()))
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            "[\\x00-\\x7f\"\\\\é]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-z\"\\\\\\x00-\\x1f]{0,6}", inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn writes_what_serde_json_writes(v in value()) {
            prop_assert_eq!(text_of(&v), serde_json::to_string(&v).unwrap_or_default());
        }

        #[test]
        fn escapes_strings_as_serde_json_does(s in any::<String>()) {
            let v = Value::String(s);
            prop_assert_eq!(text_of(&v), serde_json::to_string(&v).unwrap_or_default());
        }
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        let all: String = (0u8..=0x7f).map(char::from).collect();
        let v = json!({"all": all, "n": [1, -2, 2.5, 1e300, u64::MAX], "t": true, "f": false, "z": null});
        assert_eq!(text_of(&v), serde_json::to_string(&v).unwrap_or_default());
    }
}
