//! ADF → wiki for documents and blocks, with the structural check that names the path of bad nodes.
//!
//! Each block is written natively where possible, then parsed back: the first escaping tier whose output
//! reads back as the same block (after [`super::normalise()`]) wins, and a block no tier can spell is written
//! as `{adf}` + its JSON + `{adf}` on lines of their own.

use serde_json::Value;

use crate::adf::json::Field;

use super::block::{MAX_LIST_DEPTH, parse_blocks};
use super::emit_inline::{Ctx, Tier, adf_json, emit_inline};
use super::error::WikiError;
use super::normalise::normalise;
use super::vocab::macro_parts;

/// ADF nested deeper than this is refused.
pub(crate) const MAX_DEPTH: usize = 100;

/// Converts a whole document.
pub(crate) fn emit_doc(adf: &Value) -> Result<String, WikiError> {
    if !adf.is_object() {
        return Err(WikiError::invalid("doc", "expected an ADF document object"));
    }
    if adf.field("type").and_then(Value::as_str) != Some("doc") {
        return Err(WikiError::invalid("doc", "expected \"type\": \"doc\""));
    }
    check_node(adf, "", 0)?;
    let content = adf.field("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    Ok(emit_blocks(content))
}

fn child_path(path: &str, key: &str, i: usize) -> String {
    if path.is_empty() { format!("{key}[{i}]") } else { format!("{path}.{key}[{i}]") }
}

/// Checks the structure every converter relies on: objects with a string `type`, `content` and `marks`
/// arrays, object `attrs`, string `text` on text nodes; and a bounded depth.
///
/// Well-formed nodes (all of them, for ADF the Markdown converter built) are checked without building a path
/// string per node; the path is spelled out only when there is an error to name.
pub(crate) fn check_node(node: &Value, path: &str, depth: usize) -> Result<(), WikiError> {
    if well_formed(node, depth) { Ok(()) } else { check_node_at(node, path, depth) }
}

/// [`check_node`]'s conditions as a yes or no.
fn well_formed(node: &Value, depth: usize) -> bool {
    let Some(obj) = node.as_object() else { return false };
    let ty = obj.field("type").and_then(Value::as_str).filter(|t| !t.is_empty());
    depth <= MAX_DEPTH
        && ty.is_some()
        && obj.field("attrs").is_none_or(Value::is_object)
        && (ty != Some("text") || obj.field("text").is_some_and(Value::is_string))
        && obj.field("marks").is_none_or(|m| {
            m.as_array().is_some_and(|marks| {
                marks.iter().all(|m| {
                    m.field("type").is_some_and(Value::is_string) && m.field("attrs").is_none_or(Value::is_object)
                })
            })
        })
        && obj.field("content").is_none_or(|c| {
            c.as_array().is_some_and(|content| content.iter().all(|child| well_formed(child, depth + 1)))
        })
}

/// [`check_node`] naming the path of the first bad node.
fn check_node_at(node: &Value, path: &str, depth: usize) -> Result<(), WikiError> {
    let shown = if path.is_empty() { "doc" } else { path };
    if depth > MAX_DEPTH {
        return Err(WikiError::TooDeep { path: shown.to_owned(), limit: MAX_DEPTH });
    }
    let obj = node.as_object().ok_or_else(|| WikiError::invalid(shown, "expected a node object"))?;
    let ty = obj.field("type").and_then(Value::as_str).filter(|t| !t.is_empty());
    let ty = ty.ok_or_else(|| WikiError::invalid(shown, "missing or non-string \"type\""))?;
    if obj.field("attrs").is_some_and(|a| !a.is_object()) {
        return Err(WikiError::invalid(shown, "\"attrs\" must be an object"));
    }
    if ty == "text" && !obj.field("text").is_some_and(Value::is_string) {
        return Err(WikiError::invalid(shown, "text node without a string \"text\""));
    }
    if let Some(marks) = obj.field("marks") {
        let marks = marks.as_array().ok_or_else(|| WikiError::invalid(shown, "\"marks\" must be an array"))?;
        for (i, m) in marks.iter().enumerate() {
            if !m.field("type").is_some_and(Value::is_string) || m.field("attrs").is_some_and(|a| !a.is_object()) {
                return Err(WikiError::invalid(
                    &child_path(path, "marks", i),
                    "expected a mark with a string \"type\"",
                ));
            }
        }
    }
    if let Some(content) = obj.field("content") {
        let content = content.as_array().ok_or_else(|| WikiError::invalid(shown, "\"content\" must be an array"))?;
        for (i, child) in content.iter().enumerate() {
            check_node_at(child, &child_path(path, "content", i), depth + 1)?;
        }
    }
    Ok(())
}

/// Writes blocks separated by blank lines.
/// Adjacent lists of different kinds are separated by a single newline (`* a` then `# b` reads back as two
/// lists); a blank line would also work, but this is how the wiki was written.
fn emit_blocks(nodes: &[Value]) -> String {
    let mut out = String::new();
    for (i, node) in nodes.iter().enumerate() {
        if i > 0 {
            out.push_str(separator(ty(&nodes[i - 1]), ty(node)));
        }
        out.push_str(&emit_block(node));
    }
    out
}

/// What goes between two blocks of these ADF types.
pub(crate) fn separator(prev: &str, next: &str) -> &'static str {
    let is_list = |t: &str| matches!(t, "bulletList" | "orderedList");
    if is_list(prev) && is_list(next) && prev != next { "\n" } else { "\n\n" }
}

/// Writes one block: natively if some tier reads back identically, else in the `{adf}` form.
pub(crate) fn emit_block(node: &Value) -> String {
    // The proven subset reads back by construction (see `crate::adf::proven`): written in the first tier without
    // the run-time read-back. Builds with debug assertions still read it back, so every test checks the claim.
    if crate::adf::proven::block(&crate::adf::node::Node::from_value(node), &crate::adf::proven::WIKI) {
        if let Some(wiki) = native_block(node, Tier::Light).filter(|w| !w.contains('\r')) {
            #[cfg(debug_assertions)]
            assert!(
                match parse_blocks(&wiki, 0).as_slice() {
                    [only] => equivalent(only, node, 0) || normalise(only) == normalise(node),
                    _ => false,
                },
                "a proven block did not read back:\n{wiki}\n{node}"
            );
            return wiki;
        }
    }
    // The node's normal form, computed only when a read-back is not plainly equivalent (see `equivalent`).
    let mut target: Option<Value> = None;
    for tier in [Tier::Light, Tier::Normal, Tier::Aggressive] {
        // (`wiki_to_adf` reads `\r` as a line end, so text holding one cannot be written natively)
        if let Some(wiki) = native_block(node, tier).filter(|w| !w.contains('\r')) {
            #[cfg(test)]
            READ_BACKS.with(|n| n.set(n.get() + 1));
            let back = parse_blocks(&wiki, 0);
            if let [only] = back.as_slice() {
                if equivalent(only, node, 0) {
                    return wiki;
                }
            }
            #[cfg(test)]
            FULL_COMPARISONS.with(|n| n.set(n.get() + 1));
            let target = target.get_or_insert_with(|| Value::Array(vec![normalise(node)]));
            if Value::Array(back.iter().map(normalise).collect()) == *target {
                return wiki;
            }
        }
    }
    format!("{{adf}}\n{}\n{{adf}}", adf_json(node))
}

#[cfg(test)]
thread_local! {
    /// Read-backs compared through [`normalise`] on this thread, so tests can count that work.
    pub(crate) static FULL_COMPARISONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Run-time read-back parses on this thread (not the debug-build check of proven blocks).
    pub(crate) static READ_BACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Node types whose empty `attrs` [`normalise`] keeps (so absent and empty `attrs` differ for them).
const KEEPS_EMPTY_ATTRS: &[&str] = &["panel", "heading", "mediaSingle", "media"];

/// A cheap, allocation-free sufficient condition for `normalise(a) == normalise(b)`: equal except for
/// `attrs.localId` values (which [`normalise`] drops), an absent versus empty `marks` array (dropped too), and,
/// for types other than [`KEEPS_EMPTY_ATTRS`], `attrs` holding nothing but a `localId` versus no `attrs`.
/// Children are compared the same way, pairwise: equivalent children normalise alike, so their text merging
/// does too. Deeper than [`MAX_DEPTH`] only exact equality counts.
pub(crate) fn equivalent(a: &Value, b: &Value, depth: usize) -> bool {
    let (Some(x), Some(y)) = (a.as_object(), b.as_object()) else { return a == b };
    if depth > MAX_DEPTH {
        return a == b;
    }
    let keeps_empty = x.field("type").and_then(Value::as_str).is_some_and(|t| KEEPS_EMPTY_ATTRS.contains(&t));
    let empty = serde_json::Map::new();
    let only_y = y.iter().filter(|(k, _)| find(x, k).is_none());
    for (k, va, vb) in x.iter().map(|(k, v)| (k, Some(v), find(y, k))).chain(only_y.map(|(k, v)| (k, None, Some(v)))) {
        let ok = match k.as_str() {
            "attrs" if keeps_empty && (va.is_none() || vb.is_none()) => false,
            "attrs" => match (va.map_or(Some(&empty), Value::as_object), vb.map_or(Some(&empty), Value::as_object)) {
                (Some(p), Some(q)) => {
                    let own = |m: &serde_json::Map<String, Value>| m.keys().filter(|k| *k != "localId").count();
                    own(p) == own(q) && p.iter().all(|(k, v)| k == "localId" || find(q, k) == Some(v))
                }
                _ => va == vb,
            },
            "content" => match (va.and_then(Value::as_array), vb.and_then(Value::as_array)) {
                (Some(p), Some(q)) => p.len() == q.len() && p.iter().zip(q).all(|(i, j)| equivalent(i, j, depth + 1)),
                _ => va == vb,
            },
            "marks" => match (marks_of(va), marks_of(vb)) {
                (Some(p), Some(q)) => p == q,
                _ => va == vb,
            },
            _ => va == vb,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// An absent `marks` as empty; `None` if the value is not an array.
fn marks_of(v: Option<&Value>) -> Option<&[Value]> {
    v.map_or(Some(&[]), |v| v.as_array().map(Vec::as_slice))
}

/// `map[key]` by linear search (nodes have a handful of keys).
fn find<'a>(map: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

fn content(node: &Value) -> &[Value] {
    node.field("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

fn ty(node: &Value) -> &str {
    node.field("type").and_then(Value::as_str).unwrap_or("")
}

fn text_of(node: &Value) -> String {
    content(node).iter().filter_map(|n| n.field("text").and_then(Value::as_str)).collect()
}

fn single(tier: Tier) -> Ctx {
    Ctx { multiline: false, pipes: false, tier }
}

/// The native wiki of a block, if wiki has a construct for it (whether it reads back is checked later).
fn native_block(node: &Value, tier: Tier) -> Option<String> {
    let attr = |k: &str| node.field("attrs").and_then(|a| a.get(k));
    match ty(node) {
        "paragraph" if !content(node).is_empty() => {
            Some(emit_inline(content(node), Ctx { multiline: true, pipes: false, tier }))
        }
        "heading" => {
            let level = attr("level")?.as_u64().filter(|l| (1..=6).contains(l))?;
            let text = emit_inline(content(node), single(tier));
            Some(if text.is_empty() { format!("h{level}.") } else { format!("h{level}. {text}") })
        }
        "blockquote" => match content(node) {
            [p] if ty(p) == "paragraph" && !content(p).iter().any(|n| ty(n) == "hardBreak") => {
                Some(format!("bq. {}", emit_inline(content(p), single(tier))).trim_end().to_owned())
            }
            c => Some(format!("{{quote}}\n{}\n{{quote}}", emit_body(c))),
        },
        "codeBlock" => {
            let text = text_of(node);
            let lang = attr("language").and_then(Value::as_str);
            let (open, close) = match lang {
                None => ("{code}".to_owned(), "{code}"),
                Some("noformat") => ("{noformat}".to_owned(), "{noformat}"),
                Some(l) => match l.strip_prefix("noformat|") {
                    Some(p) => (format!("{{noformat:{p}}}"), "{noformat}"),
                    None => (format!("{{code:{l}}}"), "{code}"),
                },
            };
            (!text.contains(close)).then(|| format!("{open}\n{text}\n{close}"))
        }
        "rule" => Some("----".into()),
        "bulletList" | "orderedList" => {
            let mut lines = Vec::new();
            emit_list(node, "", tier, &mut lines)?;
            Some(lines.join("\n"))
        }
        "table" => emit_table(node, tier),
        "panel" => emit_panel(node, tier),
        "taskList" => super::tasks::emit_task_list(node, tier),
        "bodiedExtension" => {
            let (name, params, None) = macro_parts(node)? else { return None };
            let tag = tag(name, params);
            Some(format!("{tag}\n{}\n{{{name}}}", emit_body(content(node))))
        }
        "extension" => match macro_parts(node)? {
            (name, params, Some(body)) => Some(format!("{}{body}{{{name}}}", tag(name, params))),
            (name, params, None) => Some(tag(name, params)),
        },
        "mediaSingle" => {
            let [media] = content(node) else { return None };
            let m = media.field("attrs")?;
            if m.field("type")?.as_str()? != "external" {
                return None;
            }
            let mut params = Vec::new();
            if attr("layout").and_then(Value::as_str) == Some("align-start") {
                params.push("thumbnail".to_owned());
            }
            for k in ["width", "height"] {
                if let Some(v) = m.get(k) {
                    params.push(format!("{k}={}", v.as_u64()?));
                }
            }
            if let Some(a) = m.field("alt") {
                params.push(format!("alt={}", a.as_str()?));
            }
            let url = m.field("url")?.as_str()?;
            Some(if params.is_empty() { format!("!{url}!") } else { format!("!{url}|{}!", params.join("|")) })
        }
        _ => None,
    }
}

fn tag(name: &str, params: Option<&str>) -> String {
    match params {
        Some(p) => format!("{{{name}:{p}}}"),
        None => format!("{{{name}}}"),
    }
}

fn emit_list(node: &Value, prefix: &str, tier: Tier, lines: &mut Vec<String>) -> Option<()> {
    let marker = if ty(node) == "orderedList" { '#' } else { '*' };
    let prefix = format!("{prefix}{marker}");
    if prefix.len() > MAX_LIST_DEPTH {
        return None;
    }
    for item in content(node) {
        let [first, rest @ ..] = content(item) else { return None };
        if ty(first) != "paragraph" {
            return None;
        }
        lines.push(format!("{prefix} {}", emit_inline(content(first), single(tier))));
        for sub in rest {
            if !matches!(ty(sub), "bulletList" | "orderedList") {
                return None;
            }
            emit_list(sub, &prefix, tier, lines)?;
        }
    }
    Some(())
}

fn emit_table(node: &Value, tier: Tier) -> Option<String> {
    let mut rows = Vec::new();
    for row in content(node) {
        let mut line = String::new();
        let mut last_header = false;
        for cell in content(row) {
            last_header = ty(cell) == "tableHeader";
            line.push_str(if last_header { "||" } else { "|" });
            match content(cell) {
                [p] if ty(p) == "paragraph" => {
                    let text = emit_inline(content(p), Ctx { multiline: false, pipes: true, tier });
                    line.push_str(if text.is_empty() { " " } else { &text });
                }
                _ => return None,
            }
        }
        line.push_str(if last_header { "||" } else { "|" });
        rows.push(line);
    }
    Some(rows.join("\n"))
}

fn emit_panel(node: &Value, tier: Tier) -> Option<String> {
    let attrs = node.field("attrs")?;
    let name = match attrs.field("panelType")?.as_str()? {
        t @ ("info" | "note" | "warning" | "tip") => t,
        "custom" => "panel",
        _ => return None,
    };
    let mut params = Vec::new();
    let mut body = content(node);
    if let [first, rest @ ..] = body {
        if let [t] = content(first) {
            let strong_only = t
                .field("marks")
                .and_then(Value::as_array)
                .is_some_and(|m| m.len() == 1 && m[0].field("type").and_then(Value::as_str) == Some("strong"));
            let text = t.field("text").and_then(Value::as_str).unwrap_or("");
            if ty(first) == "paragraph" && strong_only && !text.contains(['|', '}', '{', '\n']) {
                params.push(format!("title={text}"));
                body = rest;
            }
        }
    }
    if let Some(c) = attrs.field("panelColor") {
        params.push(format!("bgColor={}", c.as_str()?));
    }
    let _ = tier;
    let tag = if params.is_empty() { format!("{{{name}}}") } else { format!("{{{name}:{}}}", params.join("|")) };
    Some(format!("{tag}\n{}\n{{{name}}}", emit_body(body)))
}

/// The body of a bodied macro: empty for no blocks or one empty paragraph (which is what an empty body
/// reads back as).
fn emit_body(body: &[Value]) -> String {
    match body {
        [] => String::new(),
        [p] if ty(p) == "paragraph" && content(p).is_empty() => String::new(),
        _ => emit_blocks(body),
    }
}
