//! Shaping parsed Markdown into schema-valid ADF.
//!
//! Each ADF container accepts only some children; Markdown nests anything anywhere. [`sanitise`] adapts
//! what a container may not hold: a heading becomes a bold paragraph, a blockquote/panel/expand/table is
//! replaced by its content, an `expand` inside an expand or table cell becomes a `nestedExpand`, a task list
//! becomes paragraphs starting `[ ]`/`[x]`. Nodes from the reversible `adf` form are kept as they are.

use super::node::Node;
use crate::adf::safety::is_dangerous_href;

fn ty(v: &Node) -> &str {
    v.ty()
}

/// `{"type": "paragraph", "content": content}`.
pub(super) fn paragraph_of(content: Vec<Node>) -> Node {
    Node::of("paragraph").with_content(content)
}

/// `{"type": "text", "text": text}`.
pub(super) fn plain(text: Node) -> Node {
    Node::object([("type", "text".into()), ("text", text)])
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
pub(super) fn sanitise(parent: &str, children: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::new();
    for mut child in children {
        child.remove("__start");
        // Most children are allowed where they are: their type is looked at without copying it.
        let t = ty(&child);
        if !KNOWN.contains(&t) || allowed(parent, t) {
            out.push(child);
            continue;
        }
        let t = t.to_owned();
        match t.as_str() {
            "expand" | "nestedExpand" if allowed(parent, "nestedExpand") => {
                let content = take_content(&mut child);
                child.insert("type", "nestedExpand".into());
                if child.field("attrs").is_none() {
                    child.insert("attrs", Node::Object(Vec::new()));
                }
                child.insert("content", Node::Array(non_empty(sanitise("nestedExpand", content))));
                out.push(child);
            }
            "heading" => {
                let content = take_content(&mut child);
                out.push(paragraph_of(add_strong(content)));
            }
            "rule" => out.push(paragraph_of(vec![plain("---".into())])),
            "blockCard" => {
                let url = child.field("attrs").and_then(|a| a.field("url")).cloned().unwrap_or_else(|| "".into());
                let link = Node::object([("type", "link".into()), ("attrs", Node::object([("href", url.clone())]))]);
                out.push(paragraph_of(vec![Node::object([
                    ("type", "text".into()),
                    ("text", url),
                    ("marks", Node::Array(vec![link])),
                ])]));
            }
            "taskList" => {
                for item in take_content(&mut child) {
                    let done =
                        item.field("attrs").and_then(|a| a.field("state")).and_then(Node::as_str) == Some("DONE");
                    let mut content = vec![plain(if done { "[x] " } else { "[ ] " }.into())];
                    if ty(&item) == "taskItem" {
                        content.extend(item.field("content").and_then(Node::as_array).cloned().unwrap_or_default());
                        out.push(paragraph_of(content));
                    } else {
                        out.extend(sanitise(parent, vec![item]));
                    }
                }
            }
            "table" => {
                for row in take_content(&mut child) {
                    for cell in row.field("content").and_then(Node::as_array).cloned().unwrap_or_default() {
                        let content = cell.field("content").and_then(Node::as_array).cloned().unwrap_or_default();
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

fn take_content(node: &mut Node) -> Vec<Node> {
    match node.remove("content") {
        Some(Node::Array(items)) => items,
        _ => Vec::new(),
    }
}

fn non_empty(v: Vec<Node>) -> Vec<Node> {
    if v.is_empty() { vec![Node::of("paragraph")] } else { v }
}

fn add_strong(nodes: Vec<Node>) -> Vec<Node> {
    nodes
        .into_iter()
        .map(|mut n| {
            let has_code = n.field("marks").and_then(Node::as_array).is_some_and(|m| m.iter().any(|m| ty(m) == "code"));
            if ty(&n) == "text" && !has_code {
                let mut marks = n.field("marks").and_then(Node::as_array).cloned().unwrap_or_default();
                if !marks.iter().any(|m| ty(m) == "strong") {
                    marks.push(Node::of("strong"));
                }
                n.insert("marks", Node::Array(marks));
            }
            n
        })
        .collect()
}

/// Inline nodes with images turned into linked text and code marks kept only with links.
pub(super) fn inline_only(nodes: Vec<Node>) -> Vec<Node> {
    nodes
        .into_iter()
        .filter_map(|mut n| {
            if matches!(ty(&n), "__block" | "__cell" | "__table") {
                return None;
            }
            if ty(&n) == "__image" {
                let url = n.field("url").and_then(Node::as_str).unwrap_or("").to_owned();
                let alt = n.field("alt").and_then(Node::as_str).unwrap_or("").to_owned();
                let shown = if alt.is_empty() { url.clone() } else { alt };
                if shown.is_empty() {
                    return None;
                }
                let mut t = plain(shown.into());
                if !is_dangerous_href(&url) && !url.is_empty() {
                    let link = Node::object([("type", "link".into()), ("attrs", Node::object([("href", url.into())]))]);
                    t.insert("marks", Node::Array(vec![link]));
                }
                return Some(t);
            }
            if let Some(marks) = n.field("marks").and_then(Node::as_array) {
                if ty(&n) == "text" && marks.iter().any(|m| ty(m) == "code") {
                    let kept: Vec<Node> =
                        marks.iter().filter(|m| matches!(ty(m), "code" | "link" | "annotation")).cloned().collect();
                    n.insert("marks", Node::Array(kept));
                }
            }
            Some(n)
        })
        .collect()
}

/// Takes the invisible `data-adf-block`/`-cell`/`-table` markers off the front of inline content.
/// The markers of a block's inline content by kind (`__block`, `__cell`, `__table`): each one's `data`.
pub(super) type Markers = Node;

/// Takes the invisible `data-adf-block`/`-cell`/`-table` markers off the front of inline content.
pub(super) fn split_markers(mut nodes: Vec<Node>) -> (Markers, Vec<Node>) {
    let mut markers = Node::Object(Vec::new());
    while let Some(first) = nodes.first() {
        // Most content starts with no marker: its type is looked at without copying it.
        if !matches!(ty(first), "__block" | "__cell" | "__table") {
            break;
        }
        let node = nodes.remove(0);
        markers.insert_key(
            ty(&node).to_owned().into(),
            node.field("data").cloned().unwrap_or(Node::Scalar(serde_json::Value::Null)),
        );
    }
    (markers, nodes)
}

/// Applies a marker's `attrs` (merged) and `marks` (replacing) to a node.
pub(super) fn apply_marker(node: &mut Node, data: Option<&Node>) {
    let Some(data) = data else { return };
    if let Some(Node::Object(attrs)) = data.field("attrs") {
        if !node.field("attrs").is_some_and(Node::is_object) {
            node.insert("attrs", Node::Object(Vec::new()));
        }
        for (k, v) in attrs {
            if let Some(a) = node.get_mut("attrs") {
                a.insert_key(k.clone(), v.clone());
            }
        }
    }
    if let Some(marks) = data.field("marks").filter(|m| matches!(m, Node::Array(_))) {
        node.insert("marks", marks.clone());
    }
}

/// A finished paragraph: a lone image becomes `mediaSingle`, a lone `jira:blockCard` link a `blockCard`.
pub(super) fn paragraph(nodes: Vec<Node>) -> Option<Node> {
    let (markers, nodes) = split_markers(nodes);
    if let Some(data) = markers.field("__block") {
        let nodes = inline_only(nodes);
        let mut p = Node::of("paragraph");
        if !nodes.is_empty() {
            p.insert("content", Node::Array(nodes));
        }
        apply_marker(&mut p, Some(data));
        return Some(p);
    }
    if let Some(group) = media_group(&nodes) {
        return Some(group);
    }
    if nodes.len() == 1 && ty(&nodes[0]) == "__image" {
        let url = nodes[0].field("url").and_then(Node::as_str).unwrap_or("");
        let alt = nodes[0].field("alt").and_then(Node::as_str).unwrap_or("");
        if url.starts_with("jira-media:") {
            if let Some(c) = crate::adf::media::decode(url).filter(|c| !c.group) {
                let mut media = Node::from_value(serde_json::Value::Object(c.media));
                if !alt.is_empty() {
                    media.insert("alt", alt.to_owned().into());
                }
                let media = Node::object([("type", "media".into()), ("attrs", media)]);
                let mut single = Node::object([("type", "mediaSingle".into()), ("content", Node::Array(vec![media]))]);
                if !c.single.is_empty() {
                    single.insert("attrs", Node::from_value(serde_json::Value::Object(c.single)));
                }
                return Some(single);
            }
        } else if !is_dangerous_href(url) && !url.is_empty() {
            let mut media = Node::object([("type", "external".into()), ("url", url.to_owned().into())]);
            if !alt.is_empty() {
                media.insert("alt", alt.to_owned().into());
            }
            let media = Node::object([("type", "media".into()), ("attrs", media)]);
            return Some(Node::object([
                ("type", "mediaSingle".into()),
                ("attrs", Node::object([("layout", "center".into())])),
                ("content", Node::Array(vec![media])),
            ]));
        }
    }
    if nodes.len() == 1 && ty(&nodes[0]) == "text" {
        let marks = nodes[0].field("marks").and_then(Node::as_array);
        if let Some([m]) = marks.map(Vec::as_slice) {
            let attrs = m.field("attrs");
            let title = attrs.and_then(|a| a.field("title")).and_then(Node::as_str);
            let href = attrs.and_then(|a| a.field("href")).and_then(Node::as_str);
            if ty(m) == "link"
                && title == Some("jira:blockCard")
                && href == nodes[0].field("text").and_then(Node::as_str)
            {
                let url = href.map_or(Node::Scalar(serde_json::Value::Null), |h| h.to_owned().into());
                return Some(Node::object([("type", "blockCard".into()), ("attrs", Node::object([("url", url)]))]));
            }
        }
    }
    let nodes = inline_only(nodes);
    if nodes.is_empty() {
        return None;
    }
    Some(paragraph_of(nodes))
}

/// A paragraph made only of `jira-media:` images flagged `group` (one per line) is a `mediaGroup`.
fn media_group(nodes: &[Node]) -> Option<Node> {
    let mut media = Vec::new();
    for n in nodes {
        if ty(n) == "text" && n.field("text").and_then(Node::as_str).is_some_and(|t| t.trim().is_empty()) {
            continue;
        }
        if ty(n) != "__image" {
            return None;
        }
        let carried = crate::adf::media::decode(n.field("url").and_then(Node::as_str)?)?;
        if !carried.group {
            return None;
        }
        let mut attrs = Node::from_value(serde_json::Value::Object(carried.media));
        if let Some(alt) = n.field("alt").and_then(Node::as_str).filter(|a| !a.is_empty()) {
            attrs.insert("alt", alt.to_owned().into());
        }
        media.push(Node::object([("type", "media".into()), ("attrs", attrs)]));
    }
    (!media.is_empty()).then(|| Node::of("mediaGroup").with_content(media))
}
