//! Comparable keys of ADF nodes: two nodes have the same key exactly when they are equal after
//! [`normalise`](crate::adf::normalise()).

use serde_json::Value;

use crate::adf::normalise;

/// The key of a node: its normal form written with object keys sorted.
pub(super) fn node_key(node: &Value) -> String {
    let mut out = String::new();
    write(&normalise(node), &mut out);
    out
}

/// Writes `v` as JSON with sorted object keys. The depth is bounded by the ADF check and by `normalise`.
fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::node_key;

    #[test]
    fn keys_ignore_key_order_and_local_ids() {
        let a = json!({"type": "paragraph", "attrs": {"localId": "1"}, "content": [{"type": "text", "text": "a"}]});
        let b = json!({"content": [{"text": "a", "type": "text"}], "type": "paragraph"});
        assert_eq!(node_key(&a), node_key(&b));
        assert_ne!(node_key(&a), node_key(&json!({"type": "paragraph"})));
    }
}
