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

/// The order marks are kept in: by type, then (only between marks of one type, which the converters never
/// produce) by their JSON text.
fn mark_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    let rank = |mark: &Value| {
        let ty = mark.field("type").and_then(Value::as_str).unwrap_or("");
        ["link", "strong", "em", "strike", "underline", "subsup", "textColor", "code"]
            .iter()
            .position(|t| *t == ty)
            .unwrap_or(8)
    };
    rank(a).cmp(&rank(b)).then_with(|| a.to_string().cmp(&b.to_string()))
}

/// `obj[key]`, mutably, found as [`Field::field`] finds it: by comparing the few keys of a node instead of
/// hashing `key` (serde_json's map hashes with SipHash).
fn field_mut<'a>(obj: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Value> {
    if obj.len() <= 8 { obj.iter_mut().find(|(k, _)| k.as_str() == key).map(|(_, v)| v) } else { obj.get_mut(key) }
}

/// Puts a node tree in canonical form, in place (see the module documentation).
pub(crate) fn canonicalise(node: &mut Value) {
    walk(node, false, 0);
}

/// [`canonicalise`] of a top-level block, as the document's canonicalisation reaches it (one level down).
pub(crate) fn canonicalise_block(node: &mut Value) {
    walk(node, false, 1);
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
    let ty = obj.field("type").and_then(Value::as_str).unwrap_or("");
    let keeps_empty = !matches!(ty, "paragraph" | "heading" | "codeBlock" | "taskItem" | "decisionItem");
    // The type is only needed again (as an owned copy) for the lossy attributes.
    let lossy_ty = lossy.then(|| ty.to_owned());
    if let Some(Value::Array(marks)) = field_mut(obj, "marks") {
        if lossy {
            marks.iter_mut().for_each(normalise_mark);
        }
        // Stable, through the one compiled sort (`crate::sort`); a node's marks are a handful, and the JSON text
        // is only made to order two marks of one type.
        if marks.len() > 1 {
            crate::sort::sort_by(marks, mark_order);
        }
        if marks.is_empty() {
            obj.remove("marks");
        }
    }
    if let Some(ty) = &lossy_ty {
        normalise_attrs(ty, obj);
    }
    if let Some(Value::Array(children)) = field_mut(obj, "content") {
        for child in children.iter_mut() {
            walk(child, lossy, depth + 1);
        }
        if merges(children) {
            merge_texts(children);
        }
        if children.is_empty() && !keeps_empty {
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

/// True if `child` is a text node [`merge_texts`] drops: one whose `text` is present and empty (or not a string).
fn dropped(child: &Value) -> bool {
    child.field("type").and_then(Value::as_str) == Some("text")
        && child.field("text").is_some_and(|t| t.as_str().unwrap_or("").is_empty())
}

/// True if [`merge_texts`] appends text node `child` to text node `last` (same marks, same number of keys).
fn joins(last: &Value, child: &Value) -> bool {
    child.field("type").and_then(Value::as_str) == Some("text")
        && last.field("type").and_then(Value::as_str) == Some("text")
        && last.as_object().map(Map::len) == child.as_object().map(Map::len)
        && matches!(last.field("text"), Some(Value::String(_)))
        && child.field("text").is_some()
        && match (last.field("marks"), child.field("marks")) {
            (Some(a), Some(b)) => same(a, b),
            (a, b) => a == b,
        }
}

/// `a == b`, with objects' keys looked up as [`Field::field`] does (no hashing for a mark's few keys).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.field(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// True if [`merge_texts`] would change `children` (so the common case, nothing to merge, copies nothing): while
/// nothing has changed, the node before a child is the one `merge_texts` would have just written.
fn merges(children: &[Value]) -> bool {
    children.iter().enumerate().any(|(i, child)| dropped(child) || (i > 0 && joins(&children[i - 1], child)))
}

/// Merges adjacent text nodes with equal marks and drops empty ones.
fn merge_texts(children: &mut Vec<Value>) {
    let mut out: Vec<Value> = Vec::with_capacity(children.len());
    for child in children.drain(..) {
        if dropped(&child) {
            continue;
        }
        if let Some(last) = out.last_mut() {
            if joins(last, &child) {
                if let (Some(Value::String(a)), Some(b)) = (last.get_mut("text"), child.field("text")) {
                    a.push_str(b.as_str().unwrap_or(""));
                    continue;
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
