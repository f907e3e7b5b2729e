//! Markdown forms that carry ADF: inline HTML-like tags and spans, and fenced code blocks.
//!
//! Inline: `<br>` is a hard break, `<u>`, `<sub>`, `<sup>`, `<strong>`/`<b>`, `<em>`/`<i>`, `<del>`/`<s>`,
//! `<mark>` are marks, `<span data-adf='…'>` an inline node (its display text is skipped),
//! `<span data-adf-mark='…'>` a mark, `data-adf-block`/`-cell`/`-table` spans invisible attribute carriers;
//! any other HTML is literal text. Code blocks: info `adf` holds a node's JSON, `jvs-lang=` restores a
//! disarmed language and `jvs-block=` carries attributes and marks.

use serde_json::Value;

use super::inline::{Inline, tag_mark};
use super::node::Node;
use crate::adf::json::pct_decode;

/// Handles one inline HTML tag: a recognised mark tag, `<br>`, a reversible span form, or else literal text.
pub(super) fn inline_html(inline: &mut Inline, html: &str) {
    let lower = html.trim().to_ascii_lowercase();
    if inline.skip > 0 {
        if lower.starts_with("<span") {
            inline.skip += 1;
        } else if lower == "</span>" {
            inline.skip -= 1;
        }
        return;
    }
    if matches!(lower.as_str(), "<br>" | "<br/>" | "<br />") {
        inline.node(Node::of("hardBreak"));
        return;
    }
    if let Some(json) = html.strip_prefix("<span data-adf='").and_then(|r| r.strip_suffix("'>")) {
        if let Ok(node) = serde_json::from_str::<Value>(json) {
            if node.get("type").is_some_and(Value::is_string) {
                inline.node(Node::from_value(node));
                inline.skip = 1;
                return;
            }
        }
    }
    for (prefix, marker) in [
        ("<span data-adf-block='", "__block"),
        ("<span data-adf-cell='", "__cell"),
        ("<span data-adf-table='", "__table"),
        ("<span data-adf-callout='", "__callout"),
    ] {
        if let Some(json) = html.strip_prefix(prefix).and_then(|r| r.strip_suffix("'>")) {
            if let Ok(data @ Value::Object(_)) = serde_json::from_str::<Value>(json) {
                inline.node(Node::object([("type", marker.into()), ("data", Node::from_value(data))]));
                inline.skip = 1;
                return;
            }
        }
    }
    if let Some(json) = html.strip_prefix("<span data-adf-mark='").and_then(|r| r.strip_suffix("'>")) {
        if let Ok(mark) = serde_json::from_str::<Value>(json) {
            if mark.get("type").is_some_and(Value::is_string) {
                inline.open("span", Node::from_value(mark));
                return;
            }
        }
    }
    if lower == "</span>" && inline.close("span") {
        return;
    }
    let name = lower.trim_start_matches('<').trim_end_matches('>');
    if let Some(closing) = name.strip_prefix('/') {
        if let Some((key, _)) = tag_mark(closing) {
            if inline.close(key) {
                return;
            }
        }
    } else if let Some((key, mark)) = tag_mark(name) {
        inline.open(key, mark);
        return;
    }
    inline.text(html, true, false);
}

/// A code block node from the fence info string and content.
pub(super) fn code_block(lang: Option<String>, code: String) -> Node {
    if lang.as_deref() == Some("adf") {
        if let Ok(node) = serde_json::from_str::<Value>(&code) {
            if node.get("type").is_some_and(Value::is_string) && node.is_object() {
                return Node::from_value(node);
            }
        }
    }
    let mut carried = None;
    let lang = lang.and_then(|info| {
        if !info.contains(" jvs-") {
            return Some(info);
        }
        let mut words: Vec<&str> = info.split(' ').collect();
        let mut lang = None;
        words.retain(|w| {
            if let Some(enc) = w.strip_prefix("jvs-lang=") {
                lang = pct_decode(enc);
                false
            } else if let Some(enc) = w.strip_prefix("jvs-block=") {
                carried = pct_decode(enc).and_then(|s| serde_json::from_str::<Value>(&s).ok()).map(Node::from_value);
                false
            } else {
                true
            }
        });
        let rest = words.join(" ");
        lang.or_else(|| (rest != "text" || carried.is_none()).then_some(rest))
    });
    let mut node = Node::of("codeBlock");
    if let Some(l) = lang {
        node.insert("attrs", Node::object([("language", l.into())]));
    }
    super::sanitise::apply_marker(&mut node, carried.as_ref());
    if !code.is_empty() {
        node.insert("content", Node::Array(vec![Node::object([("type", "text".into()), ("text", code.into())])]));
    }
    node
}
