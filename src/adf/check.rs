//! Shape validation of untrusted ADF: every node an object with a string `type`, `content` an array of
//! nodes, `attrs` an object, `marks` an array of objects with a string `type`, text nodes with a string
//! `text`, nesting bounded by [`MAX_DEPTH`]. After this check the writer may rely on the shape.
//!
//! The check reads the document into the writer's [`Node`]s as it goes (one pass over the `Value`, which it
//! borrows), so checking and reading are one walk.

use serde_json::Value;

use crate::adf::json::Field;
use crate::adf::node::Node;

use super::{AdfError, MAX_DEPTH};

fn shape(path: &str, message: impl Into<String>) -> AdfError {
    let path = if path.is_empty() { "document".to_owned() } else { path.to_owned() };
    AdfError::Shape { path, message: message.into() }
}

/// Checks the root: an object with `type: "doc"`, `version: 1` and a `content` array of nodes.
pub(super) fn check_doc(doc: &Value) -> Result<(), AdfError> {
    read_doc(doc).map(drop)
}

/// [`check_doc`], giving the root's `content` as nodes.
pub(super) fn read_doc(doc: &Value) -> Result<Box<[Node<'_>]>, AdfError> {
    let Some(obj) = doc.as_object() else { return Err(shape("", "expected an ADF document object")) };
    match obj.field("type") {
        Some(Value::String(t)) if t == "doc" => {}
        Some(Value::String(t)) => return Err(shape("", format!("expected type \"doc\", found \"{t}\""))),
        _ => return Err(shape("", "expected a string for \"type\"")),
    }
    match obj.field("version") {
        Some(v) if v.as_u64() == Some(1) => {}
        Some(v) => return Err(shape("", format!("unsupported ADF version {v}, expected 1"))),
        None => return Err(shape("", "missing \"version\"")),
    }
    match obj.field("content") {
        Some(Value::Array(items)) => read_children(items, &mut Vec::new(), 1, true),
        _ => Err(shape("", "expected an array for \"content\"")),
    }
}

/// The path of the node at `indices` (child positions from the root), for an error message.
fn path_of(indices: &[usize]) -> String {
    indices.iter().map(|i| format!("content[{i}]")).collect::<Vec<_>>().join(".")
}

/// `node` read without checking it (anything in a node's place: a non-object has no parts, `content` that is not
/// an array no children), for the wiki writer's proven subset.
pub(super) fn read_unchecked(node: &Value) -> Node<'_> {
    // Through `read_children`, so that `read_node` is inlined in one place only.
    let read =
        read_children(std::slice::from_ref(node), &mut Vec::new(), 0, false).ok().and_then(|n| n.into_vec().pop());
    read.unwrap_or_else(|| Node::borrowed(node, "", None, None, None, None, false))
}

fn read_children<'a>(
    items: &'a [Value],
    indices: &mut Vec<usize>,
    depth: usize,
    strict: bool,
) -> Result<Box<[Node<'a>]>, AdfError> {
    let mut nodes = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        indices.push(i);
        nodes.push(read_node(item, indices, depth, strict)?);
        indices.pop();
    }
    // Exactly as long as its capacity: no copy.
    Ok(nodes.into_boxed_slice())
}

/// Checks one node (unless not `strict`) and reads it; `indices` locate it (the path string is only built for an
/// error). Inlined in [`read_children`], its one caller: a call per node cost the engine's path 4 %.
#[inline(always)]
fn read_node<'a>(node: &'a Value, indices: &mut Vec<usize>, depth: usize, strict: bool) -> Result<Node<'a>, AdfError> {
    if strict && depth > MAX_DEPTH {
        return Err(AdfError::TooDeep { path: path_of(indices), max: MAX_DEPTH });
    }
    let Some(obj) = node.as_object() else {
        if strict {
            return Err(shape(&path_of(indices), "expected a node object"));
        }
        return Ok(Node::borrowed(node, "", None, None, None, None, false));
    };
    // One pass over the node's few keys instead of a hashed lookup per key.
    let (mut ty, mut text, mut attrs, mut marks, mut content) = (None, None, None, None, None);
    let mut other = false;
    for (k, v) in obj {
        match k.as_bytes() {
            b"type" => ty = Some(v),
            b"text" => text = Some(v),
            b"attrs" => attrs = Some(v),
            b"marks" => marks = Some(v),
            b"content" => content = Some(v),
            _ => other = true,
        }
    }
    let ty = ty.and_then(Value::as_str);
    if strict {
        let Some(ty) = ty else {
            return Err(shape(&path_of(indices), "expected a string for \"type\""));
        };
        if ty == "text" && !text.is_some_and(Value::is_string) {
            return Err(shape(&path_of(indices), "expected a string for \"text\""));
        }
        if let Some(attrs) = attrs {
            if !attrs.is_object() {
                return Err(shape(&path_of(indices), "expected an object for \"attrs\""));
            }
        }
        if let Some(marks) = marks {
            let Some(marks) = marks.as_array() else {
                return Err(shape(&path_of(indices), "expected an array for \"marks\""));
            };
            for (i, mark) in marks.iter().enumerate() {
                let ok = mark.field("type").is_some_and(Value::is_string)
                    && mark.field("attrs").is_none_or(Value::is_object)
                    && mark.is_object();
                if !ok {
                    let path = format!("{}.marks[{i}]", path_of(indices));
                    return Err(shape(&path, "expected a mark object with a string \"type\""));
                }
            }
        }
    }
    let content = match content {
        None => None,
        // Unchecked, nothing deeper than the check allows is read (the proven subset looks a few levels down).
        Some(Value::Array(items)) if strict || depth <= MAX_DEPTH => {
            Some(read_children(items, indices, depth + 1, strict)?)
        }
        Some(_) if strict => return Err(shape(&path_of(indices), "expected an array for \"content\"")),
        Some(_) => Some(Box::default()),
    };
    let text = text.and_then(Value::as_str);
    Ok(Node::borrowed(node, ty.unwrap_or(""), text, attrs, marks, content, other))
}
