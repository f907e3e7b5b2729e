//! The readable link form of Jira media: `jira-media:<id>?collection=…&width=640&single.layout=wide`.
//!
//! Media attributes become query parameters (the `mediaSingle` wrapper's as `single.*`, membership of a
//! `mediaGroup` as `group`). Numbers and booleans are written bare; strings that would read as one, and
//! arrays or objects, are written as percent-encoded JSON, so every value comes back with its type.

use serde_json::{Map, Value};

use crate::adf::json::Field;

use super::json::{pct_decode, pct_encode};

/// What a `jira-media:` URL carries.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Carried {
    /// The `media` node's attributes (without `alt`, which is the image's alt text).
    pub media: Map<String, Value>,
    /// The `mediaSingle` wrapper's attributes, if any.
    pub single: Map<String, Value>,
    /// Part of a `mediaGroup`.
    pub group: bool,
}

fn encode_value(v: &Value) -> String {
    match v {
        Value::Number(_) | Value::Bool(_) => v.to_string(),
        Value::String(s) if serde_json::from_str::<Value>(s).is_err() => pct_encode(s),
        _ => pct_encode(&v.to_string()),
    }
}

fn decode_value(s: &str) -> Option<Value> {
    let raw = pct_decode(s)?;
    Some(serde_json::from_str::<Value>(&raw).unwrap_or(Value::String(raw)))
}

/// Writes the URL.
pub(crate) fn encode(c: &Carried) -> String {
    let mut params = Vec::new();
    let id = c.media.field("id").and_then(Value::as_str).filter(|id| serde_json::from_str::<Value>(id).is_err());
    for (k, v) in &c.media {
        if k != "id" || id.is_none() {
            params.push(format!("{}={}", pct_encode(k), encode_value(v)));
        }
    }
    for (k, v) in &c.single {
        params.push(format!("single.{}={}", pct_encode(k), encode_value(v)));
    }
    if c.group {
        params.push("group".into());
    }
    format!("jira-media:{}?{}", id.map(pct_encode).unwrap_or_default(), params.join("&"))
}

/// Reads the URL; `None` if it is not a well-formed `jira-media:` URL.
pub(crate) fn decode(url: &str) -> Option<Carried> {
    let rest = url.strip_prefix("jira-media:")?;
    let (id, query) = rest.split_once('?')?;
    let mut c = Carried::default();
    if !id.is_empty() {
        c.media.insert("id".into(), Value::String(pct_decode(id)?));
    }
    for param in query.split('&').filter(|p| !p.is_empty()) {
        if param == "group" {
            c.group = true;
            continue;
        }
        let (k, v) = param.split_once('=')?;
        let k = pct_decode(k)?;
        match k.strip_prefix("single.") {
            Some(k) => c.single.insert(k.to_owned(), decode_value(v)?),
            None => c.media.insert(k, decode_value(v)?),
        };
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_types() {
        let media = json!({"type": "file", "id": "6e7c-1", "collection": "jira 1", "width": 640, "occurrenceKey": "640",
            "x": true, "y": [1], "z": "true"});
        let c = Carried {
            media: media.as_object().cloned().unwrap_or_default(),
            single: json!({"layout": "wide", "width": 80.5}).as_object().cloned().unwrap_or_default(),
            group: true,
        };
        let url = encode(&c);
        assert!(url.starts_with("jira-media:6e7c-1?type=file&collection=jira%201&width=640"), "{url}");
        assert_eq!(decode(&url), Some(c));
        assert_eq!(decode("jira-media:x"), None);
    }
}
