//! ADF blocks → Markdown, each checked by reading it back (blocks of the proven subset, see
//! [`super::proven`], only in builds with debug assertions).
//!
//! [`native_into`] renders a block in its natural Markdown form (or declines). [`block_into`] accepts that form
//! only if [`crate::markdown`] reads it back to the same node (after [`normalise`](super::normalise::normalise)); otherwise
//! paragraphs retry in tag mode, and as a last resort the node is written as a fenced `adf` code block
//! holding its inert JSON, which always reads back exactly.

use serde_json::Value;

use super::json::Field;
use super::node::Node;

use super::inline::{self, Mode};
use super::json::{inert_json, pct_encode};
use super::safety::{escape_text, is_dangerous_href, is_native_language};

/// Containers nested deeper than this are not read back one by one (their leaves are, and so is the
/// top-level block holding them), which keeps the check linear in the document size.
const CHECKED_DEPTH: usize = 1;

/// The panel types written as a callout of the same name, which reads back as that type.
pub(super) const PANEL_TYPES: &[&str] = &["info", "note", "tip", "warning", "error", "success"];

/// Where a block is rendered: its container nesting, and whether blocks at this place are read back one by one.
#[derive(Clone, Copy)]
struct Depth {
    level: usize,
    /// False inside a container being rendered optimistically: the container's own read-back covers them.
    checked: bool,
    /// True inside a block of the proven subset: its blocks are proven too (the subset is closed under the blocks
    /// a proven block holds), so they are neither checked against the subset again nor read back.
    proven: bool,
}

impl Depth {
    const TOP: Depth = Depth { level: 0, checked: true, proven: false };

    fn deeper(self) -> Depth {
        Depth { level: self.level + 1, ..self }
    }
}

/// Renders the document's blocks.
pub(super) fn document(content: &[Node<'_>]) -> String {
    let mut md = blocks(content, Depth::TOP);
    if !md.is_empty() {
        md.push('\n');
    }
    md
}

/// Which list family a rendered block belongs to, so adjacent lists get distinct markers and stay apart (the
/// direct wiki → Markdown writer, `crate::wiki::to_markdown`, follows the same rule).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Family {
    None,
    Bullet,
    Ordered,
}

/// The list family of a block node (`None` for anything but a list).
pub(crate) fn family(node: &Value) -> Family {
    family_of(node.field("type").and_then(Value::as_str).unwrap_or(""))
}

/// The list family of a block of type `ty`.
pub(super) fn family_of(ty: &str) -> Family {
    match ty {
        "bulletList" | "taskList" => Family::Bullet,
        "orderedList" => Family::Ordered,
        _ => Family::None,
    }
}

/// One top-level block, appended to `out` (as [`document`] writes each; `alt` as [`blocks_into`] finds it).
pub(super) fn top_block_into(out: &mut String, node: &Node<'_>, alt: bool) {
    block_into(out, node, alt, Depth::TOP);
}

/// Renders a block sequence separated by blank lines.
fn blocks(nodes: &[Node<'_>], depth: Depth) -> String {
    let mut out = String::new();
    blocks_into(&mut out, nodes, depth);
    out
}

/// [`blocks`], appended to `out`.
fn blocks_into(out: &mut String, nodes: &[Node<'_>], depth: Depth) {
    let mut prev = (Family::None, false);
    for (i, node) in nodes.iter().enumerate() {
        let fam = family_of(node.ty());
        let alt = fam != Family::None && prev.0 == fam && !prev.1;
        if i > 0 {
            out.push_str("\n\n");
        }
        block_into(out, node, alt, depth);
        prev = (fam, alt);
    }
}

/// The fenced `adf` form of any node, appended to `out`.
fn adf_block_into(out: &mut String, node: &Node<'_>) {
    out.push_str("```adf\n");
    out.push_str(&inert_json(&node.value()));
    out.push_str("\n```");
}

/// One block, appended to `out`: natural form if it reads back exactly, else the `adf` form. `alt` selects the
/// alternative list marker (`*`, `)`) for a list directly following another list of the same family.
///
/// A container that is read back is first rendered optimistically, its blocks unchecked: if the whole reads back
/// exactly, that check covers every block inside it, so each block is parsed once instead of once alone and
/// again with each checked container around it. Only when it does not are its blocks checked one by one.
fn block_into(out: &mut String, node: &Node<'_>, alt: bool, depth: Depth) {
    let start = out.len();
    // The proven subset reads back by construction (see `proven`): written without the run-time read-back, and
    // its blocks unchecked. Builds with debug assertions still read the outermost proven block back (which covers
    // the blocks inside it, and asserts that they are proven), so every test checks the claim.
    if depth.proven || super::proven::block(node, &super::proven::MARKDOWN) {
        #[cfg(debug_assertions)]
        assert!(super::proven::block(node, &super::proven::MARKDOWN), "a block inside a proven block is not proven");
        if native_into(out, node, alt, Mode::default(), Depth { checked: false, proven: true, ..depth }) {
            #[cfg(debug_assertions)]
            assert!(
                depth.proven || parses_back(node, &out[start..]),
                "a proven block did not read back:\n{}\n{}",
                &out[start..],
                node.value()
            );
            return;
        }
    }
    // Not proven after all (no natural form): the careful path, for the blocks inside as well.
    let depth = Depth { proven: false, ..depth };
    let node_ty = node.ty();
    let leaf = !matches!(node_ty, "bulletList" | "orderedList" | "taskList" | "blockquote" | "panel" | "expand");
    let unchecked = !depth.checked || node_ty == "nestedExpand" || (depth.level > CHECKED_DEPTH && !leaf);
    if !unchecked && !leaf {
        let optimistic = Depth { checked: false, ..depth };
        if native_into(out, node, alt, Mode::default(), optimistic) && reads_back(node, &out[start..]) {
            return;
        }
        out.truncate(start);
    }
    for mode in [Mode::default(), Mode { tags: true, ..Mode::default() }] {
        if !native_into(out, node, alt, mode, depth) {
            break;
        }
        if unchecked || reads_back(node, &out[start..]) {
            return;
        }
        out.truncate(start);
        if !matches!(node_ty, "paragraph" | "heading" | "table" | "taskList") {
            break;
        }
    }
    adf_block_into(out, node);
}

/// The invisible `<span data-adf-block='…'></span>` carrying a paragraph's or heading's marks and attributes
/// (except `skip`), or "" if there is nothing to carry.
pub(super) fn block_marker(node: &Node<'_>, skip: &[&str]) -> String {
    if node.attrs_lenient(skip) && node.unmarked() {
        return String::new();
    }
    let mut carried = serde_json::Map::new();
    if let Some(attrs) = node.attrs().and_then(Value::as_object) {
        let kept: serde_json::Map<String, Value> =
            attrs.iter().filter(|(k, _)| !skip.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        if !kept.is_empty() {
            carried.insert("attrs".into(), Value::Object(kept));
        }
    }
    if let Some(marks) = node.marks().and_then(Value::as_array).filter(|m| !m.is_empty()) {
        carried.insert("marks".into(), Value::Array(marks.clone()));
    }
    if carried.is_empty() {
        String::new()
    } else {
        format!("<span data-adf-block='{}'></span>", inert_json(&Value::Object(carried)))
    }
}

/// True if a paragraph whose first line is `line` would not read back as one without a leading marker: it is
/// empty, or it would open an HTML block (CommonMark starts 1–7: `<script`, `<!--`, a block-level tag, a line
/// holding one complete tag such as `<br>`, …). Autolinks such as `<https://x.com>` or `<mailto:a@b.c>` are
/// inline and never open one, so they need no marker.
fn needs_guard(line: &str) -> bool {
    line.is_empty()
        || (line.trim_start_matches(' ').starts_with('<')
            && matches!(
                note_body::Events::new(line, pulldown_cmark::Options::empty()).next().map(|(event, _)| event),
                Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::HtmlBlock))
            ))
}

#[cfg(test)]
thread_local! {
    /// Read-back parses made on this thread, so tests can count the checker's work (not time it).
    static READ_BACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn reads_back(node: &Node<'_>, md: &str) -> bool {
    #[cfg(test)]
    READ_BACKS.with(|n| n.set(n.get() + 1));
    read_back::parses_back(node, md)
}

/// Prefixes every line: `first` on the first, `rest` on the others (trimmed on blank lines).
fn indent(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + first.len());
    indent_into(&mut out, text, first, rest);
    out
}

/// [`indent`], appended to `out`.
fn indent_into(out: &mut String, text: &str, first: &str, rest: &str) {
    out.reserve(text.len() + first.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let prefix = if i == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
}

/// Spaces for a list item's continuation lines (as wide as its marker: at most `999999999) ` and a space).
pub(super) const SPACES: &str = "                        ";

/// Appends the decimal digits of `n`.
pub(super) fn push_number(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// The natural form of `node`, appended to `out`; false (and `out` as it was) if it has none.
fn native_into(out: &mut String, node: &Node<'_>, alt: bool, mode: Mode, depth: Depth) -> bool {
    let start = out.len();
    let written = match node.ty() {
        // Paragraphs and headings (most blocks) are written in place, the rest as a string of their own.
        "paragraph" => {
            let marker = block_marker(node, &["localId"]);
            out.push_str(&marker);
            inline::render_into(out, node.children(), mode);
            // An empty paragraph, or a first line that would open an HTML block (e.g. `<br>` or `<u>` alone), needs
            // something before it to stay a paragraph: an empty marker, which reads back as nothing.
            if marker.is_empty() && needs_guard(out[start..].split('\n').next().unwrap_or("")) {
                out.insert_str(start, "<span data-adf-block='{}'></span>");
            }
            true
        }
        "heading" => heading_into(out, node, mode).is_some(),
        "bulletList" | "orderedList" => list_into(out, node, alt, depth.deeper()).is_some(),
        _ => native(node, alt, mode, depth).map(|md| out.push_str(&md)).is_some(),
    };
    if !written {
        out.truncate(start);
    }
    written
}

/// A heading, appended to `out` (`None`: it has no natural form, and `out` may hold part of it).
fn heading_into(out: &mut String, node: &Node<'_>, mode: Mode) -> Option<()> {
    let level = node.attr("level")?.as_u64().filter(|l| (1..=6).contains(l))?;
    let hashes = "######".get(..usize::try_from(level).ok()?)?;
    out.push_str(hashes);
    let spaced = out.len() + 1;
    out.push(' ');
    out.push_str(&block_marker(node, &["localId", "level"]));
    inline::render_into(out, node.children(), Mode { one_line: true, ..mode });
    if out.len() == spaced {
        out.pop();
    }
    Some(())
}

/// The natural form of a block other than a paragraph or heading, or `None`.
fn native(node: &Node<'_>, alt: bool, mode: Mode, depth: Depth) -> Option<String> {
    let parts = node;
    let plain = parts.attrs_lenient(&["localId"]) && parts.unmarked();
    match parts.ty() {
        "rule" if plain => Some("---".into()),
        "taskList" if plain => task_list(parts.children(), if alt { "* " } else { "- " }, mode),
        "codeBlock" => code_block(node),
        "mediaGroup" if plain => {
            let mut lines = Vec::new();
            for media in parts.children() {
                if media.ty() != "media" || !media.unmarked() {
                    return None;
                }
                let mut m = media.attrs()?.as_object()?.clone();
                let alt = m.remove("alt").map_or(Some(String::new()), |a| a.as_str().map(str::to_owned))?;
                let url =
                    super::media::encode(&super::media::Carried { media: m, single: Default::default(), group: true });
                lines.push(format!("![{}]({url})", escape_text(&alt, false, true)));
            }
            (!lines.is_empty()).then(|| lines.join("\n"))
        }
        "blockquote" if plain && !parts.children().is_empty() => {
            Some(indent(&blocks(parts.children(), depth.deeper()), "> ", "> "))
        }
        "panel" => {
            let kind = parts.attr_str("panelType")?;
            (PANEL_TYPES.contains(&kind) || kind == "custom").then_some(())?;
            let carried = callout_marker(node, if kind == "custom" { &["localId"] } else { &["localId", "panelType"] });
            callout(kind, "", parts.children(), true, depth.deeper(), &carried)
        }
        "expand" | "nestedExpand" => {
            let title = parts.attr("title").map_or(Some(""), Value::as_str)?;
            callout(
                "expand",
                &format!(
                    "-{}",
                    if title.is_empty() { String::new() } else { format!(" {}", escape_text(title, false, true)) }
                ),
                parts.children(),
                false,
                depth.deeper(),
                &callout_marker(node, &["localId", "title"]),
            )
        }
        "table" => super::table::table(node, mode.tags),
        "mediaSingle" => media_single(node),
        "blockCard" if parts.attrs_lenient(&["url", "localId"]) && parts.unmarked() => {
            let url = parts.attr("url")?.as_str()?;
            if is_dangerous_href(url) {
                return None;
            }
            Some(format!("[{}]({} \"jira:blockCard\")", escape_text(url, true, true), inline::link_dest(url)?))
        }
        _ => None,
    }
}

/// A bullet or ordered list (`alt`: with the alternative marker, `*` or `)`), appended to `out` (`None`: it has no
/// natural form, and `out` may hold part of it).
fn list_into(out: &mut String, node: &Node<'_>, alt: bool, depth: Depth) -> Option<()> {
    node.unmarked().then_some(())?;
    let (start, mark) = if node.ty() == "bulletList" {
        node.attrs_lenient(&["localId"]).then_some(())?;
        (None, if alt { '*' } else { '-' })
    } else {
        node.attrs_lenient(&["order", "localId"]).then_some(())?;
        let start = match node.attr("order") {
            None => 1,
            Some(v) => v.as_u64().filter(|n| *n <= 999_999_000)?,
        };
        (Some(start), if alt { ')' } else { '.' })
    };
    let items = node.children();
    let first = out.len();
    let mut m = String::new();
    let mut body = String::new();
    for (i, item) in items.iter().enumerate() {
        if item.ty() != "listItem"
            || !item.attrs_lenient(&["localId"])
            || !item.unmarked()
            || item.children().is_empty()
        {
            return None;
        }
        m.clear();
        if let Some(start) = start {
            push_number(&mut m, start + i as u64);
        }
        m.push(mark);
        m.push(' ');
        body.clear();
        item_body(&mut body, item.children(), depth);
        if i > 0 {
            out.push('\n');
        }
        indent_into(out, &body, &m, SPACES.get(..m.len())?);
    }
    (out.len() > first).then_some(())
}

/// The blocks of a list item, appended to `out`: a nested list follows its paragraph directly, other blocks after
/// a blank line.
fn item_body(out: &mut String, children: &[Node<'_>], depth: Depth) {
    let mut prev_fam = (Family::None, false);
    for (i, child) in children.iter().enumerate() {
        let fam = family_of(child.ty());
        let alt = fam != Family::None && prev_fam.0 == fam && !prev_fam.1;
        if i > 0 {
            let tight = fam != Family::None && children[i - 1].ty() == "paragraph";
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        block_into(out, child, alt, depth);
        prev_fam = (fam, alt);
    }
}

fn task_list(items: &[Node<'_>], marker: &str, mode: Mode) -> Option<String> {
    let mut out = String::new();
    let mut m = String::new();
    for item in items {
        match item.ty() {
            "taskItem" if item.attrs_lenient(&["localId", "state"]) && item.unmarked() => {
                let state = item.attr_str("state")?;
                let check = match state {
                    "TODO" => "[ ]",
                    "DONE" => "[x]",
                    _ => return None,
                };
                let text = inline::render(item.children(), mode);
                if text.is_empty() {
                    return None;
                }
                m.clear();
                m.push_str(marker);
                m.push_str(check);
                m.push(' ');
                if !out.is_empty() {
                    out.push('\n');
                }
                indent_into(&mut out, &text, &m, "  ");
            }
            "taskList" => {
                // A nested task list follows an item.
                (!out.is_empty()).then_some(())?;
                let nested = task_list(item.children(), "- ", mode)?;
                out.push('\n');
                indent_into(&mut out, &nested, "  ", "  ");
            }
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

fn code_block(node: &Node<'_>) -> Option<String> {
    let mut code = String::new();
    for t in node.children() {
        if t.ty() != "text" || !t.unmarked() {
            return None;
        }
        code.push_str(t.text()?);
    }
    if code.contains("<%") {
        return None;
    }
    let mut info = match node.attr("language") {
        None => String::new(),
        Some(v) => {
            let lang = v.as_str()?;
            if lang.is_empty() || (is_native_language(lang) && !lang.contains("jvs-")) {
                lang.to_owned()
            } else {
                format!("text jvs-lang={}", pct_encode(lang))
            }
        }
    };
    // Other attributes (wrap, uniqueId, …) and marks (breakout) ride along in the info string.
    let mut carried = serde_json::Map::new();
    if let Some(attrs) = node.attrs().and_then(Value::as_object) {
        let kept: serde_json::Map<String, Value> = attrs
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "language" | "localId"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !kept.is_empty() {
            carried.insert("attrs".into(), Value::Object(kept));
        }
    }
    if let Some(marks) = node.marks().and_then(Value::as_array).filter(|m| !m.is_empty()) {
        carried.insert("marks".into(), Value::Array(marks.clone()));
    }
    if !carried.is_empty() {
        if info.is_empty() {
            info.push_str("text");
        }
        info.push_str(&format!(" jvs-block={}", pct_encode(&Value::Object(carried).to_string())));
    }
    let mut longest = 0;
    let mut run = 0;
    for b in code.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let body = if code.is_empty() { String::new() } else { format!("{code}\n") };
    Some(format!("{fence}{info}\n{body}{fence}"))
}

/// The invisible `<span data-adf-callout='…'></span>` line carrying a panel's or expand's other attributes
/// (all but `skip`) and marks, or "".
fn callout_marker(node: &Node<'_>, skip: &[&str]) -> String {
    let inner = block_marker(node, skip);
    inner.replace("data-adf-block=", "data-adf-callout=")
}

fn callout(
    kind: &str,
    suffix: &str,
    children: &[Node<'_>],
    allow_title: bool,
    depth: Depth,
    marker: &str,
) -> Option<String> {
    let mut head = format!("[!{kind}]{suffix}");
    let mut rest = children;
    if allow_title {
        if let Some(first) = children.first() {
            let c = first.children();
            let is_title = first.ty() == "paragraph"
                && first.attrs_lenient(&["localId"])
                && c.len() == 1
                && c[0].ty() == "text"
                && c[0].marks().and_then(Value::as_array).is_some_and(|m| {
                    m.len() == 1
                        && m[0].field("type").and_then(Value::as_str) == Some("strong")
                        && m[0].field("attrs").is_none()
                })
                && c[0].text().is_some_and(|t| !t.contains('\n') && !t.is_empty() && t.trim() == t);
            if is_title {
                let text = c[0].text().unwrap_or("");
                head = format!("{head} {}", escape_text(text, false, true));
                rest = &children[1..];
            }
        }
    }
    if !marker.is_empty() {
        head = format!("{head}\n{marker}");
    }
    let body = blocks(rest, depth);
    let text = if body.is_empty() { head } else { format!("{head}\n{body}") };
    Some(indent(&text, "> ", "> "))
}

fn media_single(node: &Node<'_>) -> Option<String> {
    let children = node.children();
    if children.len() != 1 || children[0].ty() != "media" || !node.unmarked() || !children[0].unmarked() {
        return None;
    }
    let media = &children[0];
    let alt = media.attr("alt").map_or(Some(""), Value::as_str)?;
    let external = media.attrs_lenient(&["type", "url", "alt"])
        && media.attr_str("type") == Some("external")
        && node
            .attrs()
            .and_then(Value::as_object)
            .is_none_or(|a| a.iter().all(|(k, v)| k == "layout" && v == "center"));
    let dest = if external {
        let url = media.attr("url")?.as_str()?;
        if is_dangerous_href(url) || url.to_ascii_lowercase().starts_with("jira-") {
            return None;
        }
        inline::link_dest(url)?
    } else {
        let mut m = media.attrs()?.as_object()?.clone();
        m.remove("alt");
        let single = node.attrs().and_then(Value::as_object).cloned().unwrap_or_default();
        super::media::encode(&super::media::Carried { media: m, single, group: false })
    };
    Some(format!("![{}]({dest})", escape_text(alt, false, true)))
}

mod read_back;
#[cfg(debug_assertions)]
use read_back::parses_back;
#[cfg(test)]
mod tests;
