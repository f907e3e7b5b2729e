//! Shaping parsed Markdown into schema-valid ADF.
//!
//! Each ADF container accepts only some children; Markdown nests anything anywhere. [`sanitise`] adapts
//! what a container may not hold: a heading becomes a bold paragraph, a blockquote/panel/expand/table is
//! replaced by its content, an `expand` inside an expand or table cell becomes a `nestedExpand`, a task list
//! becomes paragraphs starting `[ ]`/`[x]`. Nodes from the reversible `adf` form are kept as they are.

use serde_json::{Value, json};

use crate::adf::json::Field;

use crate::adf::json::with_content;

use crate::adf::safety::is_dangerous_href;

fn ty(v: &Value) -> &str {
    v.field("type").and_then(Value::as_str).unwrap_or("")
}

fn allowed(parent: &str, child: &str) -> bool {
    const BASE: &[&str] = &["paragraph", "bulletList", "orderedList", "codeBlock", "mediaSingle"];
    let extra: &[&str] = match parent {
        "doc" => &["heading", "taskList", "blockquote", "panel", "expand", "rule", "table", "blockCard"],
        "blockquote" => &[],
        "listItem" => &["taskList"],
        "panel" => &["heading", "taskList", "rule", "blockCard"],
        "expand" => &["heading", "taskList", "blockquote", "panel", "rule", "table", "blockCard", "nestedExpand"],
        "nestedExpand" => &["heading", "taskList", "blockquote", "panel", "rule"],
        _ => &["heading", "taskList", "blockquote", "panel", "rule", "blockCard", "nestedExpand"],
    };
    BASE.contains(&child) || extra.contains(&child)
}

/// Known Markdown-produced block types; anything else came from the `adf` form and is kept.
const KNOWN: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "codeBlock",
    "blockquote",
    "panel",
    "expand",
    "nestedExpand",
    "rule",
    "table",
    "mediaSingle",
    "blockCard",
];

/// Adapts `children` to what `parent` may contain.
pub(super) fn sanitise(parent: &str, children: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    for mut child in children {
        if let Some(obj) = child.as_object_mut() {
            obj.remove("__start");
        }
        let t = ty(&child).to_owned();
        if !KNOWN.contains(&t.as_str()) || allowed(parent, &t) {
            out.push(child);
            continue;
        }
        match t.as_str() {
            "expand" | "nestedExpand" if allowed(parent, "nestedExpand") => {
                let content = take_content(&mut child);
                child["type"] = json!("nestedExpand");
                if child.field("attrs").is_none() {
                    child["attrs"] = json!({});
                }
                child["content"] = Value::Array(non_empty(sanitise("nestedExpand", content)));
                out.push(child);
            }
            "heading" => {
                let content = take_content(&mut child);
                out.push(with_content(json!({"type": "paragraph"}), add_strong(content)));
            }
            "rule" => out.push(json!({"type": "paragraph", "content": [{"type": "text", "text": "---"}]})),
            "blockCard" => {
                let url = child.field("attrs").and_then(|a| a.field("url")).cloned().unwrap_or(json!(""));
                out.push(json!({"type": "paragraph", "content": [{"type": "text", "text": url,
                    "marks": [{"type": "link", "attrs": {"href": url}}]}]}));
            }
            "taskList" => {
                for item in take_content(&mut child) {
                    let done =
                        item.field("attrs").and_then(|a| a.field("state")).and_then(Value::as_str) == Some("DONE");
                    let mut content = vec![json!({"type": "text", "text": if done { "[x] " } else { "[ ] " }})];
                    if ty(&item) == "taskItem" {
                        content.extend(item.field("content").and_then(Value::as_array).cloned().unwrap_or_default());
                        out.push(with_content(json!({"type": "paragraph"}), content));
                    } else {
                        out.extend(sanitise(parent, vec![item]));
                    }
                }
            }
            "table" => {
                for row in take_content(&mut child) {
                    for cell in row.field("content").and_then(Value::as_array).cloned().unwrap_or_default() {
                        let content = cell.field("content").and_then(Value::as_array).cloned().unwrap_or_default();
                        out.extend(sanitise(parent, content));
                    }
                }
            }
            _ => {
                let content = take_content(&mut child);
                out.extend(sanitise(parent, content));
            }
        }
    }
    out
}

fn take_content(node: &mut Value) -> Vec<Value> {
    match node.as_object_mut().and_then(|o| o.remove("content")) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

fn non_empty(v: Vec<Value>) -> Vec<Value> {
    if v.is_empty() { vec![json!({"type": "paragraph"})] } else { v }
}

fn add_strong(nodes: Vec<Value>) -> Vec<Value> {
    nodes
        .into_iter()
        .map(|mut n| {
            let has_code =
                n.field("marks").and_then(Value::as_array).is_some_and(|m| m.iter().any(|m| ty(m) == "code"));
            if ty(&n) == "text" && !has_code {
                let mut marks = n.field("marks").and_then(Value::as_array).cloned().unwrap_or_default();
                if !marks.iter().any(|m| ty(m) == "strong") {
                    marks.push(json!({"type": "strong"}));
                }
                n["marks"] = Value::Array(marks);
            }
            n
        })
        .collect()
}

/// Inline nodes with images turned into linked text and code marks kept only with links.
pub(super) fn inline_only(nodes: Vec<Value>) -> Vec<Value> {
    nodes
        .into_iter()
        .filter_map(|mut n| {
            if matches!(ty(&n), "__block" | "__cell" | "__table") {
                return None;
            }
            if ty(&n) == "__image" {
                let url = n.field("url").and_then(Value::as_str).unwrap_or("").to_owned();
                let alt = n.field("alt").and_then(Value::as_str).unwrap_or("").to_owned();
                let shown = if alt.is_empty() { url.clone() } else { alt };
                if shown.is_empty() {
                    return None;
                }
                let mut t = json!({"type": "text", "text": shown});
                if !is_dangerous_href(&url) && !url.is_empty() {
                    t["marks"] = json!([{"type": "link", "attrs": {"href": url}}]);
                }
                return Some(t);
            }
            if let Some(marks) = n.field("marks").and_then(Value::as_array) {
                if ty(&n) == "text" && marks.iter().any(|m| ty(m) == "code") {
                    let kept: Vec<Value> =
                        marks.iter().filter(|m| matches!(ty(m), "code" | "link" | "annotation")).cloned().collect();
                    n["marks"] = Value::Array(kept);
                }
            }
            Some(n)
        })
        .collect()
}

/// Takes the invisible `data-adf-block`/`-cell`/`-table` markers off the front of inline content.
pub(super) fn split_markers(mut nodes: Vec<Value>) -> (serde_json::Map<String, Value>, Vec<Value>) {
    let mut markers = serde_json::Map::new();
    while let Some(first) = nodes.first() {
        // Most content starts with no marker: its type is looked at without copying it.
        if !matches!(ty(first), "__block" | "__cell" | "__table") {
            break;
        }
        let node = nodes.remove(0);
        markers.insert(ty(&node).to_owned(), node.field("data").cloned().unwrap_or(Value::Null));
    }
    (markers, nodes)
}

/// Applies a marker's `attrs` (merged) and `marks` (replacing) to a node.
pub(super) fn apply_marker(node: &mut Value, data: Option<&Value>) {
    let Some(data) = data else { return };
    if let Some(attrs) = data.field("attrs").and_then(Value::as_object) {
        if !node.field("attrs").is_some_and(Value::is_object) {
            node["attrs"] = json!({});
        }
        for (k, v) in attrs {
            node["attrs"][k] = v.clone();
        }
    }
    if let Some(marks) = data.field("marks").filter(|m| m.is_array()) {
        node["marks"] = marks.clone();
    }
}

/// A finished paragraph: a lone image becomes `mediaSingle`, a lone `jira:blockCard` link a `blockCard`.
pub(super) fn paragraph(nodes: Vec<Value>) -> Option<Value> {
    let (markers, nodes) = split_markers(nodes);
    if let Some(data) = markers.field("__block") {
        let nodes = inline_only(nodes);
        let mut p = json!({"type": "paragraph"});
        if !nodes.is_empty() {
            p["content"] = Value::Array(nodes);
        }
        apply_marker(&mut p, Some(data));
        return Some(p);
    }
    if let Some(group) = media_group(&nodes) {
        return Some(group);
    }
    if nodes.len() == 1 && ty(&nodes[0]) == "__image" {
        let url = nodes[0].field("url").and_then(Value::as_str).unwrap_or("");
        let alt = nodes[0].field("alt").and_then(Value::as_str).unwrap_or("");
        if url.starts_with("jira-media:") {
            if let Some(c) = crate::adf::media::decode(url).filter(|c| !c.group) {
                let mut media = Value::Object(c.media);
                if !alt.is_empty() {
                    media["alt"] = json!(alt);
                }
                let mut single = json!({"type": "mediaSingle", "content": [{"type": "media", "attrs": media}]});
                if !c.single.is_empty() {
                    single["attrs"] = Value::Object(c.single);
                }
                return Some(single);
            }
        } else if !is_dangerous_href(url) && !url.is_empty() {
            let mut media = json!({"type": "external", "url": url});
            if !alt.is_empty() {
                media["alt"] = json!(alt);
            }
            return Some(json!({"type": "mediaSingle", "attrs": {"layout": "center"},
                "content": [{"type": "media", "attrs": media}]}));
        }
    }
    if nodes.len() == 1 && ty(&nodes[0]) == "text" {
        let marks = nodes[0].field("marks").and_then(Value::as_array);
        if let Some([m]) = marks.map(Vec::as_slice) {
            let attrs = m.field("attrs");
            let title = attrs.and_then(|a| a.field("title")).and_then(Value::as_str);
            let href = attrs.and_then(|a| a.field("href")).and_then(Value::as_str);
            if ty(m) == "link"
                && title == Some("jira:blockCard")
                && href == nodes[0].field("text").and_then(Value::as_str)
            {
                return Some(json!({"type": "blockCard", "attrs": {"url": href}}));
            }
        }
    }
    let nodes = inline_only(nodes);
    if nodes.is_empty() {
        return None;
    }
    Some(with_content(json!({"type": "paragraph"}), nodes))
}

/// A paragraph made only of `jira-media:` images flagged `group` (one per line) is a `mediaGroup`.
fn media_group(nodes: &[Value]) -> Option<Value> {
    let mut media = Vec::new();
    for n in nodes {
        if ty(n) == "text" && n.field("text").and_then(Value::as_str).is_some_and(|t| t.trim().is_empty()) {
            continue;
        }
        if ty(n) != "__image" {
            return None;
        }
        let carried = crate::adf::media::decode(n.field("url").and_then(Value::as_str)?)?;
        if !carried.group {
            return None;
        }
        let mut attrs = Value::Object(carried.media);
        if let Some(alt) = n.field("alt").and_then(Value::as_str).filter(|a| !a.is_empty()) {
            attrs["alt"] = json!(alt);
        }
        media.push(json!({"type": "media", "attrs": attrs}));
    }
    (!media.is_empty()).then(|| with_content(json!({"type": "mediaGroup"}), media))
}
