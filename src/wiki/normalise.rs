//! Normal forms of ADF, used on the converter's output and by the round-trip laws.
//!
//! [`canonicalise`] only removes differences ADF itself does not mean: adjacent text nodes with the same
//! marks are merged, empty text nodes and empty `marks` arrays dropped, marks put in one fixed order, and
//! empty `content` of paragraphs, headings, code blocks and task/decision items removed. [`normalise`] also drops what wiki cannot
//! hold and nobody reads back: `localId`s, a mention's display `text`/`accessLevel`/`userType`, an emoji's
//! `id`/`text` (wiki keeps the short name), the default table attributes, and the case of colours.

use serde_json::{Map, Value};

use crate::adf::json::Field;

/// Recursion stops here (deeper nodes are left as they are); the converters never nest this deep.
const MAX_DEPTH: usize = 256;

/// The order marks are kept in.
fn mark_rank(mark: &Value) -> (usize, String) {
    let ty = mark.field("type").and_then(Value::as_str).unwrap_or("");
    let rank = ["link", "strong", "em", "strike", "underline", "subsup", "textColor", "code"]
        .iter()
        .position(|t| *t == ty)
        .unwrap_or(8);
    (rank, mark.to_string())
}

/// Puts a node tree in canonical form, in place (see the module documentation).
pub(crate) fn canonicalise(node: &mut Value) {
    walk(node, false, 0);
}

/// Puts a copy of an ADF node (usually a document) in the normal form the round-trip laws compare:
/// canonicalised (`canonicalise`), without `localId`s, mention display texts, emoji ids/texts, default table attributes,
/// and with lower-case colours.
pub fn normalise(node: &Value) -> Value {
    let mut copy = node.clone();
    walk(&mut copy, true, 0);
    copy
}

fn walk(node: &mut Value, lossy: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(obj) = node.as_object_mut() else { return };
    let ty = obj.field("type").and_then(Value::as_str).unwrap_or("").to_owned();
    if let Some(Value::Array(marks)) = obj.get_mut("marks") {
        if lossy {
            marks.iter_mut().for_each(normalise_mark);
        }
        // Stable, as `sort_by_cached_key` is, through the one compiled sort (`crate::sort`); a key per comparison
        // (a node's marks are a handful).
        crate::sort::sort_by_key(marks, mark_rank);
        if marks.is_empty() {
            obj.remove("marks");
        }
    }
    if lossy {
        normalise_attrs(&ty, obj);
    }
    if let Some(Value::Array(children)) = obj.get_mut("content") {
        for child in children.iter_mut() {
            walk(child, lossy, depth + 1);
        }
        merge_texts(children);
        if children.is_empty()
            && matches!(ty.as_str(), "paragraph" | "heading" | "codeBlock" | "taskItem" | "decisionItem")
        {
            obj.remove("content");
        }
    }
}

fn normalise_mark(mark: &mut Value) {
    if mark.field("type").and_then(Value::as_str) == Some("textColor") {
        if let Some(Value::String(c)) = mark.pointer_mut("/attrs/color") {
            *c = c.to_ascii_lowercase();
        }
    }
}

fn normalise_attrs(ty: &str, obj: &mut Map<String, Value>) {
    let Some(Value::Object(attrs)) = obj.get_mut("attrs") else { return };
    attrs.remove("localId");
    match ty {
        "mention" => attrs.retain(|k, _| k == "id"),
        "emoji" => attrs.retain(|k, _| k == "shortName"),
        "table" => attrs.retain(|k, v| {
            !matches!(
                (k.as_str(), v.as_str(), v.as_bool()),
                ("isNumberColumnEnabled", _, Some(false)) | ("layout" | "displayMode", Some("default"), _)
            )
        }),
        _ => {}
    }
    if attrs.is_empty() && !matches!(ty, "panel" | "heading" | "mediaSingle" | "media") {
        obj.remove("attrs");
    }
}

/// Merges adjacent text nodes with equal marks and drops empty ones.
fn merge_texts(children: &mut Vec<Value>) {
    let mut out: Vec<Value> = Vec::with_capacity(children.len());
    for child in children.drain(..) {
        if child.field("type").and_then(Value::as_str) == Some("text") {
            let text = child.field("text").and_then(Value::as_str).unwrap_or("");
            if text.is_empty() && child.field("text").is_some() {
                continue;
            }
            if let Some(last) = out.last_mut() {
                if last.field("type").and_then(Value::as_str) == Some("text")
                    && last.field("marks") == child.field("marks")
                    && last.as_object().map(Map::len) == child.as_object().map(Map::len)
                {
                    if let (Some(Value::String(a)), Some(b)) = (last.get_mut("text"), child.field("text")) {
                        a.push_str(b.as_str().unwrap_or(""));
                        continue;
                    }
                }
            }
        }
        out.push(child);
    }
    *children = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_sorts_and_drops() {
        let doc = json!({"type": "paragraph", "content": [
            {"type": "text", "text": "a", "marks": [{"type": "em"}, {"type": "strong"}]},
            {"type": "text", "text": "b", "marks": [{"type": "strong"}, {"type": "em"}]},
            {"type": "text", "text": "", "marks": []},
            {"type": "mention", "attrs": {"id": "x", "text": "@X", "localId": "1"}},
        ]});
        assert_eq!(
            normalise(&doc),
            json!({"type": "paragraph", "content": [
                {"type": "text", "text": "ab", "marks": [{"type": "strong"}, {"type": "em"}]},
                {"type": "mention", "attrs": {"id": "x"}},
            ]})
        );
    }
}
