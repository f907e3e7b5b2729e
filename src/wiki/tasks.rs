//! Task lists, which wiki lacks, in a readable reversible form: an invisible `{anchor:adf-tasklist}` (a core
//! Jira macro that renders nothing) followed by a bullet list whose items start with `[ ]` (to do) or `[x]`
//! (done). Jira shows the boxes as text; reading it back turns the pair into an ADF `taskList` again.

use serde_json::{Value, json};

use crate::adf::json::Field;

use super::emit_inline::{Ctx, Tier, emit_inline};
use super::vocab::macro_parts;

/// The anchor name that marks the bullet list after it as a task list.
pub(super) const TASK_ANCHOR: &str = "adf-tasklist";

fn ty(node: &Value) -> &str {
    node.field("type").and_then(Value::as_str).unwrap_or("")
}

fn content(node: &Value) -> &[Value] {
    node.field("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// Replaces each marker anchor + bullet list of `[ ]`/`[x]` items in `blocks` with a `taskList`.
pub(crate) fn fold_task_lists(blocks: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let after_anchor = out.last().is_some_and(|prev| {
            ty(prev) == "extension" && macro_parts(prev) == Some(("anchor", Some(TASK_ANCHOR), None))
        });
        if after_anchor && ty(&block) == "bulletList" {
            if let Some(tasks) = task_list(&block) {
                out.pop();
                out.push(tasks);
                continue;
            }
        }
        out.push(block);
    }
    out
}

/// The task list a bullet list spells, if every item is one paragraph starting with `[ ]` or `[x]`.
fn task_list(list: &Value) -> Option<Value> {
    let mut items = Vec::new();
    for item in content(list) {
        let [paragraph] = content(item) else { return None };
        if ty(paragraph) != "paragraph" {
            return None;
        }
        let mut inline = content(paragraph).to_vec();
        let first = inline.first()?;
        let text = first.field("text").and_then(Value::as_str).filter(|_| first.field("marks").is_none())?;
        let (state, rest) =
            if let Some(r) = text.strip_prefix("[ ]") { ("TODO", r) } else { ("DONE", text.strip_prefix("[x]")?) };
        if !rest.is_empty() && !rest.starts_with(' ') {
            return None;
        }
        let rest = rest.strip_prefix(' ').unwrap_or(rest).to_owned();
        if rest.is_empty() {
            inline.remove(0);
        } else {
            inline[0] = json!({"type": "text", "text": rest});
        }
        let mut task = json!({"type": "taskItem", "attrs": {"localId": "", "state": state}});
        if !inline.is_empty() {
            task["content"] = Value::Array(inline);
        }
        items.push(task);
    }
    (!items.is_empty())
        .then(|| crate::adf::json::with_content(json!({"type": "taskList", "attrs": {"localId": ""}}), items))
}

/// The readable form of a flat task list (nested task lists and block task items use the `{adf}` form).
pub(crate) fn emit_task_list(node: &Value, tier: Tier) -> Option<String> {
    let mut lines = vec![format!("{{anchor:{TASK_ANCHOR}}}")];
    for item in content(node) {
        if ty(item) != "taskItem" {
            return None;
        }
        let done = item.pointer("/attrs/state").and_then(Value::as_str) == Some("DONE");
        let text = emit_inline(content(item), Ctx { multiline: false, pipes: false, tier });
        let mut line = String::from(if done { "* [x]" } else { "* [ ]" });
        if !text.is_empty() {
            line.push(' ');
            line.push_str(&text);
        }
        lines.push(line);
    }
    Some(lines.join("\n"))
}

/// Gives every `taskList`/`taskItem` with an empty `localId` a stable one (`task-1`, `task-2`, … in
/// document order), as the schema requires one.
pub(crate) fn assign_local_ids(node: &mut Value, next: &mut usize) {
    if matches!(ty(node), "taskList" | "taskItem") {
        if let Some(Value::String(id)) = node.pointer_mut("/attrs/localId") {
            if id.is_empty() {
                *next += 1;
                *id = format!("task-{next}");
            }
        }
    }
    // The content is found among a node's few keys without hashing its name (see `crate::adf::json::Field`).
    let Some(obj) = node.as_object_mut().filter(|o| o.len() <= 8) else {
        if let Some(Value::Array(children)) = node.get_mut("content") {
            children.iter_mut().for_each(|child| assign_local_ids(child, next));
        }
        return;
    };
    if let Some((_, Value::Array(children))) = obj.iter_mut().find(|(k, _)| k.as_str() == "content") {
        children.iter_mut().for_each(|child| assign_local_ids(child, next));
    }
}
