//! Normalisation: the equivalence under which the round-trip laws hold.
//!
//! Two ADF documents are equivalent when they are equal after [`normalise`]: `localId` attributes are dropped
//! (Jira generates them), empty `marks`/`attrs`/`content` are dropped, default attributes are dropped
//! (`orderedList.order` 1, `table.isNumberColumnEnabled` false, `table.layout` "default", cell `colspan` and
//! `rowspan` 1, empty `codeBlock.language`, `mediaSingle.layout` "center", empty `expand.title`, empty
//! `mention.accessLevel`), marks are sorted, empty text nodes removed and adjacent text nodes with the same
//! marks merged. Object key order never matters (`serde_json` maps compare as maps).

use serde_json::{Map, Value};

use crate::adf::json::Field;

/// Returns the normal form of an ADF node or document (see the module docs).
pub fn normalise(node: &Value) -> Value {
    normalise_depth(node, 0)
}

fn normalise_depth(node: &Value, depth: usize) -> Value {
    let Some(obj) = node.as_object() else { return node.clone() };
    if depth > super::MAX_DEPTH + 2 {
        return node.clone();
    }
    let ty = obj.field("type").and_then(Value::as_str).unwrap_or("");
    let mut out = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "attrs" => {
                if let Some(attrs) = v.as_object() {
                    let attrs = normalise_attrs(ty, attrs);
                    if !attrs.is_empty() {
                        out.insert(k.clone(), Value::Object(attrs));
                    }
                } else {
                    out.insert(k.clone(), v.clone());
                }
            }
            "marks" => {
                if let Some(marks) = v.as_array() {
                    if !marks.is_empty() {
                        out.insert(k.clone(), Value::Array(sort_marks(marks)));
                    }
                } else {
                    out.insert(k.clone(), v.clone());
                }
            }
            "content" => {
                if let Some(items) = v.as_array() {
                    let items = merge_text(items.iter().map(|n| normalise_depth(n, depth + 1)).collect());
                    if !items.is_empty() {
                        out.insert(k.clone(), Value::Array(items));
                    }
                } else {
                    out.insert(k.clone(), v.clone());
                }
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

fn normalise_attrs(ty: &str, attrs: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in attrs {
        let default = match (ty, k.as_str()) {
            (_, "localId") => true,
            ("orderedList", "order") => v.as_f64() == Some(1.0),
            ("table", "isNumberColumnEnabled") => v == &Value::Bool(false),
            ("table", "layout") => v == "default",
            ("tableCell" | "tableHeader", "colspan" | "rowspan") => v.as_f64() == Some(1.0),
            ("codeBlock", "language")
            | ("expand" | "nestedExpand", "title")
            | ("mention", "accessLevel")
            | ("status", "style") => v == "",
            ("mediaSingle", "layout") => v == "center",
            _ => false,
        };
        if !default {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn sort_marks(marks: &[Value]) -> Vec<Value> {
    let mut keyed: Vec<(String, Value)> = marks
        .iter()
        .map(|m| {
            let m = match m.as_object() {
                Some(obj) => {
                    let mut obj = obj.clone();
                    if obj.field("attrs").and_then(Value::as_object).is_some_and(Map::is_empty) {
                        obj.remove("attrs");
                    }
                    Value::Object(obj)
                }
                None => m.clone(),
            };
            (canonical(&m), m)
        })
        .collect();
    crate::sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, m)| m).collect()
}

/// A key-order-independent string for a value, used to sort marks.
fn canonical(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            let parts: Vec<String> = keys.iter().map(|k| format!("{k:?}:{}", canonical(&map[k.as_str()]))).collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        _ => v.to_string(),
    }
}

/// Drops empty text nodes and merges adjacent text nodes with the same marks (one content array, not nested).
pub(crate) fn merge_text(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        let is_text = item.field("type").and_then(Value::as_str) == Some("text");
        if is_text && item.field("text").and_then(Value::as_str) == Some("") {
            continue;
        }
        if is_text {
            if let Some(prev) = out.last_mut() {
                if prev.field("type").and_then(Value::as_str) == Some("text")
                    && prev.field("marks") == item.field("marks")
                    && prev.as_object().map(Map::len) == item.as_object().map(Map::len)
                {
                    let joined = format!(
                        "{}{}",
                        prev.field("text").and_then(Value::as_str).unwrap_or(""),
                        item.field("text").and_then(Value::as_str).unwrap_or("")
                    );
                    if let Some(obj) = prev.as_object_mut() {
                        obj.insert("text".into(), Value::String(joined));
                    }
                    continue;
                }
            }
        }
        out.push(item);
    }
    out
}
