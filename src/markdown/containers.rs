//! Markdown containers → ADF containers: lists (bullet, ordered, task), blockquotes and callouts, tables.
//!
//! Callouts: `> [!type] title` becomes a `panel` (type mapped onto the six panel types, the title a bold
//! first paragraph); a foldable callout `> [!type]- title` / `+` becomes an `expand` with that title.

use super::node::Node;
use super::sanitise::{paragraph_of, plain, sanitise};

fn ty(v: &Node) -> &str {
    v.ty()
}

fn content(v: &Node) -> Vec<Node> {
    v.field("content").and_then(Node::as_array).cloned().unwrap_or_default()
}

/// Maps an Obsidian callout type onto an ADF panel type.
pub(super) fn panel_type(callout: &str) -> &'static str {
    match callout.to_ascii_lowercase().as_str() {
        "info" => "info",
        "tip" | "hint" | "important" => "tip",
        "warning" | "caution" | "attention" => "warning",
        "error" | "danger" | "failure" | "fail" | "missing" | "bug" => "error",
        "success" | "check" | "done" => "success",
        _ => "note",
    }
}

/// A blockquote, or the panel/expand its `[!type]` first line asks for.
pub(super) fn quote(children: Vec<Node>, src: &str) -> Node {
    if let Some(node) = callout(&children, src) {
        return node;
    }
    let mut content = sanitise("blockquote", children);
    if content.is_empty() {
        content.push(Node::of("paragraph"));
    }
    Node::of("blockquote").with_content(content)
}

fn callout(children: &[Node], src: &str) -> Option<Node> {
    let first = children.first()?;
    let start = usize::try_from(first.field("__start")?.as_u64()?).ok()?;
    let line = src.get(start..)?.lines().next()?;
    let rest = line.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let after = &rest[close + 1..];
    let fold = after.starts_with(['+', '-']);
    // Split the first paragraph's inline nodes at the end of its first line.
    let nodes = content(first);
    let mut title: Vec<Node> = Vec::new();
    let mut body: Vec<Node> = Vec::new();
    let mut in_title = true;
    for node in nodes {
        if !in_title {
            body.push(node);
            continue;
        }
        if ty(&node) == "hardBreak" {
            in_title = false;
            continue;
        }
        let text = node.field("text").and_then(Node::as_str).map(str::to_owned);
        match text {
            Some(t) if t.contains('\n') => {
                let (head, tail) = t.split_once('\n').unwrap_or((&t, ""));
                if !head.is_empty() {
                    let mut h = node.clone();
                    h.insert("text", head.to_owned().into());
                    title.push(h);
                }
                if !tail.is_empty() {
                    let mut b = node.clone();
                    b.insert("text", tail.to_owned().into());
                    body.push(b);
                }
                in_title = false;
            }
            _ => title.push(node),
        }
    }
    // Strip the `[!type]±` marker and following spaces from the title.
    let marker_len = 2 + close + 1 + usize::from(fold);
    let first_text = title.first().and_then(|n| n.field("text")).and_then(Node::as_str)?.to_owned();
    // The marker is the line's literal text: `> [!A](https://a.com/)` starts with a link whose text is `!A`, and
    // reading it as a callout dropped the link.
    if !first_text.starts_with("[!") || title.first().is_some_and(|n| n.field("marks").is_some()) {
        return None;
    }
    let stripped: String = first_text.chars().skip(marker_len).collect::<String>().trim_start().to_owned();
    if stripped.is_empty() {
        title.remove(0);
    } else {
        title[0].insert("text", stripped.into());
    }
    if let Some(last) = title.last_mut() {
        if let Some(t) = last.field("text").and_then(Node::as_str) {
            let trimmed = t.trim_end().to_owned();
            last.insert("text", trimmed.into());
        }
    }
    title.retain(|n| n.field("text").and_then(Node::as_str) != Some(""));
    // An invisible `data-adf-callout` line right after the head carries the panel's or expand's attributes.
    let mut carried = None;
    if body.first().is_some_and(|n| ty(n) == "__callout") {
        carried = body.remove(0).field("data").cloned();
        if let Some(t) = body.first().and_then(|n| n.field("text")).and_then(Node::as_str) {
            let rest = t.strip_prefix('\n').unwrap_or(t).to_owned();
            if rest.is_empty() {
                body.remove(0);
            } else {
                body[0].insert("text", rest.into());
            }
        }
    }
    let mut blocks = Vec::new();
    if !body.is_empty() {
        blocks.push(paragraph_of(body));
    }
    blocks.extend(children[1..].iter().cloned());
    if fold || kind.eq_ignore_ascii_case("expand") {
        let title_text: String = title.iter().filter_map(|n| n.field("text").and_then(Node::as_str)).collect();
        let mut content = sanitise("expand", blocks);
        if content.is_empty() {
            content.push(Node::of("paragraph"));
        }
        let mut node = Node::of("expand").with_content(content);
        if !title_text.is_empty() {
            node.insert("attrs", Node::object([("title", title_text.into())]));
        }
        super::sanitise::apply_marker(&mut node, carried.as_ref());
        return Some(node);
    }
    if !title.is_empty() {
        let strong = super::sanitise::inline_only(title)
            .into_iter()
            .map(|mut n| {
                if ty(&n) == "text" && n.field("marks").is_none() {
                    n.insert("marks", Node::Array(vec![Node::of("strong")]));
                }
                n
            })
            .collect::<Vec<_>>();
        blocks.insert(0, paragraph_of(strong));
    }
    let mut content = sanitise("panel", blocks);
    if content.is_empty() {
        content.push(Node::of("paragraph"));
    }
    let attrs = Node::object([("panelType", panel_type(kind).into())]);
    let mut node = Node::object([("type", "panel".into()), ("attrs", attrs)]).with_content(content);
    super::sanitise::apply_marker(&mut node, carried.as_ref());
    Some(node)
}

/// A list: a `taskList` when every item has a task marker, else a bullet or ordered list.
pub(super) fn list(start: Option<u64>, items: Vec<(Option<bool>, Vec<Node>)>, ids: &mut usize) -> Node {
    let all_tasks = !items.is_empty()
        && items.iter().all(|(task, children)| {
            task.is_some()
                && children.first().is_some_and(|c| ty(c) == "paragraph")
                && children[1..].iter().all(|c| ty(c) == "taskList")
        });
    if all_tasks && start.is_none() {
        *ids += 1;
        let mut content = Vec::new();
        for (task, mut children) in items {
            *ids += 1;
            let state = if task == Some(true) { "DONE" } else { "TODO" };
            let attrs = Node::object([("localId", format!("task-{ids}").into()), ("state", state.into())]);
            let mut item = Node::object([("type", "taskItem".into()), ("attrs", attrs)]);
            let inline = children.first_mut().map(take).unwrap_or_default();
            if !inline.is_empty() {
                item.insert("content", Node::Array(inline));
            }
            content.push(item);
            content.extend(children.into_iter().skip(1));
        }
        let attrs = Node::object([("localId", format!("list-{ids}").into())]);
        return Node::object([("type", "taskList".into()), ("attrs", attrs)]).with_content(content);
    }
    let mut list_items = Vec::new();
    for (task, mut children) in items {
        if let Some(done) = task {
            let prefix = plain(if done { "[x] " } else { "[ ] " }.into());
            match children.first_mut() {
                Some(p) if ty(p) == "paragraph" => match p.get_mut("content") {
                    Some(Node::Array(c)) => c.insert(0, prefix),
                    _ => p.insert("content", Node::Array(vec![prefix])),
                },
                _ => children.insert(0, paragraph_of(vec![prefix])),
            }
        }
        let mut content = sanitise("listItem", children);
        if content.is_empty() {
            content.push(Node::of("paragraph"));
        }
        list_items.push(Node::of("listItem").with_content(content));
    }
    match start {
        None => Node::of("bulletList").with_content(list_items),
        Some(1) => Node::of("orderedList").with_content(list_items),
        Some(n) => {
            Node::object([("type", "orderedList".into()), ("attrs", Node::object([("order", Node::number(n))]))])
                .with_content(list_items)
        }
    }
}

/// Takes a node's `content` out of it (no copy).
fn take(v: &mut Node) -> Vec<Node> {
    match v.shift_remove("content") {
        Some(Node::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// A GFM table: the first row is headers, short rows are padded with empty cells.
pub(super) fn table(mut rows: Vec<Node>) -> Node {
    let width = rows.first().and_then(|r| r.field("content")).and_then(Node::as_array).map_or(0, Vec::len);
    let carried = rows
        .first_mut()
        .and_then(|r| r.get_mut("content"))
        .and_then(Node::as_array_mut)
        .and_then(|cells| cells.first_mut())
        .and_then(|cell| cell.remove("__table"));
    for row in &mut rows {
        for cell in row.get_mut("content").and_then(Node::as_array_mut).into_iter().flatten() {
            cell.remove("__table");
        }
    }
    let rows: Vec<Node> = rows
        .into_iter()
        .filter(|r| ty(r) == "tableRow")
        .map(|mut r| {
            let mut cells = take(&mut r);
            cells.truncate(width);
            while cells.len() < width {
                cells.push(Node::object([
                    ("type", "tableCell".into()),
                    ("attrs", Node::Object(Vec::new())),
                    ("content", Node::Array(vec![Node::of("paragraph")])),
                ]));
            }
            Node::of("tableRow").with_content(cells)
        })
        .collect();
    let columns =
        carried.as_ref().and_then(|c| c.field("columns")).and_then(Node::as_array).cloned().unwrap_or_default();
    let mut rows = rows;
    for row in &mut rows {
        for (c, cell) in row.get_mut("content").and_then(Node::as_array_mut).into_iter().flatten().enumerate() {
            if let Some(w) = columns.get(c).filter(|w| !w.is_null()) {
                if !cell.field("attrs").is_some_and(Node::is_object) {
                    cell.insert("attrs", Node::Object(Vec::new()));
                }
                if let Some(attrs) = cell.get_mut("attrs") {
                    attrs.insert("colwidth", w.clone());
                }
            }
        }
    }
    let mut table = Node::of("table").with_content(rows);
    super::sanitise::apply_marker(&mut table, carried.as_ref());
    table
}
