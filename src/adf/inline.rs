//! ADF inline content → Markdown: text with marks, hard breaks and inline atoms.
//!
//! Marks span adjacent text nodes (`**a *b***`), opened in a fixed order and closed innermost first. In *tag
//! mode* (used when the delimiter form would not read back exactly, e.g. `**Note: **` with a trailing space)
//! strong/em/strike/highlight are written as `<strong>`, `<em>`, `<del>`, `<mark>`. Marks without a natural
//! form become `<span data-adf-mark='…'>`; atoms without one become `<span data-adf='…'>display</span>`.

use serde_json::Value;

use crate::adf::json::Field;
use crate::adf::node::Node;

use super::json::{inert_json, pct_encode};
use super::safety::{
    escape_text, escape_text_into, escape_text_plain, is_dangerous_href, is_emoji_char, is_inert_code_span,
};

/// The background colour that stands for Obsidian's `==highlight==`.
pub(crate) const HIGHLIGHT: &str = "#fedec8";
/// The link target that marks text as verbatim Obsidian syntax (wiki link, tag, comment, math, footnote).
pub(crate) const OBSIDIAN_HREF: &str = "jvs:obsidian";

/// A mark as the writer opens and closes it. A link holds its `href` and `title` borrowed from the mark: its
/// closing `](dest "title")` is written from them when it closes (two links are the same mark when both are the
/// same, as their closings are: the destination's and the title's escapes each read back one way).
#[derive(Clone, PartialEq)]
enum M<'m> {
    Strong,
    Em,
    Strike,
    Highlight,
    Underline,
    Sub,
    Sup,
    Span(String),
    Link { href: &'m str, title: Option<&'m str> },
}

/// How inline content is written.
#[derive(Clone, Copy, Default)]
pub(super) struct Mode {
    /// Strong/em/strike/highlight as HTML-like tags instead of delimiters.
    pub tags: bool,
    /// Inside a GFM table cell: pipes in code escaped.
    pub table: bool,
    /// On one line (table cell, heading): hard breaks as `<br>`, line breaks as `&#10;`.
    pub one_line: bool,
}

fn attr_keys_within(node: &Value, allowed: &[&str]) -> bool {
    node.field("attrs").and_then(Value::as_object).is_none_or(|a| a.keys().all(|k| allowed.contains(&k.as_str())))
}

fn attr<'a>(node: &'a Value, key: &str) -> Option<&'a str> {
    node.field("attrs").and_then(|a| a.get(key)).and_then(Value::as_str)
}

/// A link destination written raw, or `None` if it cannot be written safely and exactly.
pub(super) fn link_dest(href: &str) -> Option<String> {
    link_dest_ok(href).then(|| {
        let mut out = String::with_capacity(href.len() + 8);
        push_link_dest(&mut out, href);
        out
    })
}

/// True if `href` can be written as a link destination safely and exactly ([`link_dest`] is `Some`).
fn link_dest_ok(href: &str) -> bool {
    // Whitespace and control characters: on ASCII (all but a few links) a byte test says the same as the chars'.
    let spaced = if href.is_ascii() {
        href.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        href.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    !(href.is_empty() || spaced || href.bytes().any(|b| b == b'<' || b == b'>'))
}

/// Appends [`link_dest`] of an `href` that [`link_dest_ok`] accepts.
pub(super) fn push_link_dest(out: &mut String, href: &str) {
    // Runs between the bytes to escape copied whole (each of those is ASCII, so a run ends on a character boundary).
    let mut run = 0;
    for (i, b) in href.bytes().enumerate() {
        // `&` only matters where it starts a character reference (`&amp;`), which a destination decodes.
        let entity = b == b'&' && super::safety::starts_like_entity(&href[i + 1..]);
        if entity || matches!(b, b'\\' | b'(' | b')' | b'[' | b']' | b'*' | b'_' | b'`') {
            out.push_str(&href[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&href[run..]);
}

/// True if `s` starts with `prefix` (ASCII) in any case.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes().get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A link mark written as `[text](dest "title")`: its `href` and `title`, or `None` if it cannot be.
fn link_mark(mark: &Value) -> Option<M<'_>> {
    if !attr_keys_within(mark, &["href", "title"]) {
        return None;
    }
    let href = attr(mark, "href")?;
    if is_dangerous_href(href)
        || starts_with_ignore_case(href, "jira-")
        || starts_with_ignore_case(href, "jvs:")
        || !link_dest_ok(href)
    {
        return None;
    }
    let title = attr(mark, "title");
    if title.is_some_and(|t| t.contains(['<', '\n', '\r']) || t == "jira:blockCard") {
        return None;
    }
    Some(M::Link { href, title })
}

/// Writes a link's closing `](dest "title")`.
fn close_link(out: &mut String, href: &str, title: Option<&str>) {
    out.push_str("](");
    push_link_dest(out, href);
    if let Some(t) = title {
        out.push_str(" \"");
        for c in t.chars() {
            if matches!(c, '\\' | '"') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push(')');
}

fn classify(mark: &Value) -> Option<M<'_>> {
    let ty = mark.field("type").and_then(Value::as_str).unwrap_or("");
    let bare = mark.field("attrs").is_none_or(|a| a.as_object().is_some_and(serde_json::Map::is_empty));
    match ty {
        "strong" if bare => Some(M::Strong),
        "em" if bare => Some(M::Em),
        "strike" if bare => Some(M::Strike),
        "underline" if bare => Some(M::Underline),
        "subsup" if attr_keys_within(mark, &["type"]) && attr(mark, "type") == Some("sub") => Some(M::Sub),
        "subsup" if attr_keys_within(mark, &["type"]) && attr(mark, "type") == Some("sup") => Some(M::Sup),
        "backgroundColor" if attr_keys_within(mark, &["color"]) && attr(mark, "color") == Some(HIGHLIGHT) => {
            Some(M::Highlight)
        }
        "link" => link_mark(mark),
        _ => None,
    }
}

/// Writes the opening delimiter of `m`.
fn open(out: &mut String, m: &M, mode: Mode) {
    let pick = |tag: &'static str, markdown: &'static str| if mode.tags { tag } else { markdown };
    let text = match m {
        M::Strong => pick("<strong>", "**"),
        M::Em => pick("<em>", "*"),
        M::Strike => pick("<del>", "~~"),
        M::Highlight => pick("<mark>", "=="),
        M::Underline => "<u>",
        M::Sub => "<sub>",
        M::Sup => "<sup>",
        M::Span(json) => {
            out.push_str("<span data-adf-mark='");
            out.push_str(json);
            "'>"
        }
        M::Link { .. } => "[",
    };
    out.push_str(text);
}

/// Writes the closing delimiter of `m`.
fn close(out: &mut String, m: &M, mode: Mode) {
    let pick = |tag: &'static str, markdown: &'static str| if mode.tags { tag } else { markdown };
    if let M::Link { href, title } = m {
        return close_link(out, href, *title);
    }
    out.push_str(match m {
        M::Strong => pick("</strong>", "**"),
        M::Em => pick("</em>", "*"),
        M::Strike => pick("</del>", "~~"),
        M::Highlight => pick("</mark>", "=="),
        M::Underline => "</u>",
        M::Sub => "</sub>",
        M::Sup => "</sup>",
        M::Span(_) | M::Link { .. } => "</span>",
    });
}

/// A verbatim Obsidian construct that may be written raw: a wiki link or embed, tag, comment, math or
/// footnote reference, with nothing a plugin could execute.
pub(crate) fn is_obsidian_construct(s: &str) -> bool {
    if s.contains(['<', '\r', '`']) {
        return false;
    }
    // Only comments and display math may span lines, and never a blank one.
    let multi_line_ok = (s.starts_with("%%") || s.starts_with("$$")) && !s.split('\n').any(|l| l.trim().is_empty());
    if s.contains('\n') && !multi_line_ok {
        return false;
    }
    let inner = |open: &str, close: &str| {
        s.strip_prefix(open)
            .and_then(|r| r.strip_suffix(close))
            .is_some_and(|r| !r.is_empty() && !r.contains(open.trim_start_matches('!')) && !r.contains(close))
    };
    let tag = s.strip_prefix('#').is_some_and(|r| {
        !r.is_empty()
            && r.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
            && !r.chars().all(|c| c.is_ascii_digit())
    });
    tag || inner("[[", "]]")
        || inner("![[", "]]")
        || inner("%%", "%%")
        || (inner("$", "$") && !s.starts_with("$$"))
        || inner("$$", "$$")
        || (inner("[^", "]") && !s.contains(' '))
}

fn code_span(code: &str, mode: Mode) -> String {
    let code = if mode.table { code.replace('|', "\\|") } else { code.to_owned() };
    let mut longest = 0;
    let mut run = 0;
    for b in code.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let all_space = code.chars().all(|c| c == ' ');
    let pad =
        code.starts_with('`') || code.ends_with('`') || (!all_space && code.starts_with(' ') && code.ends_with(' '));
    if pad { format!("{fence} {code} {fence}") } else { format!("{fence}{code}{fence}") }
}

/// Renders an inline atom (any non-text inline node) natively, or `None`.
fn atom_native(node: &Node<'_>, mode: Mode) -> Option<String> {
    if !node.unmarked() {
        return None;
    }
    match node.ty() {
        "hardBreak" if node.attrs_lenient(&["localId"]) => {
            Some(if mode.one_line { "<br>".into() } else { "\\\n".into() })
        }
        "mention" if node.attrs_lenient(&["id", "text", "localId", "accessLevel"]) => {
            if node.attr_str("accessLevel").is_some_and(|a| !a.is_empty()) {
                return None;
            }
            let text = node.attr_str("text").unwrap_or("");
            let id = node.attr_str("id")?;
            let mut md = String::with_capacity(text.len() + id.len() + 24);
            md.push('[');
            escape_text_into(&mut md, text, false, true);
            md.push_str("](jira-mention:");
            md.push_str(&pct_encode(id));
            md.push(')');
            Some(md)
        }
        "status"
            if node.attrs_lenient(&["text", "color", "localId", "style"])
                && node.attr_str("style").is_none_or(str::is_empty) =>
        {
            Some(format!(
                "[{}](jira-status:{})",
                escape_text(node.attr_str("text")?, false, true),
                pct_encode(node.attr_str("color")?)
            ))
        }
        "date" if node.attrs_lenient(&["timestamp", "localId"]) => {
            let ts = node.attr_str("timestamp")?;
            Some(format!("[{}](jira-date:{})", escape_text(&display_date(ts), false, true), pct_encode(ts)))
        }
        "emoji" if node.attrs_lenient(&["shortName", "localId"]) => {
            let name = node.attr_str("shortName")?;
            let inner = name.strip_prefix(':')?.strip_suffix(':')?;
            // `_` next to anything but a letter or digit would read as emphasis.
            let chars: Vec<char> = inner.chars().collect();
            let underscores_ok = chars.iter().enumerate().all(|(i, c)| {
                *c != '_'
                    || (i > 0
                        && chars[i - 1].is_ascii_alphanumeric()
                        && chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric))
            });
            (!inner.is_empty() && inner.chars().all(is_emoji_char) && underscores_ok).then(|| name.to_owned())
        }
        "inlineCard" if node.attrs_lenient(&["url", "localId"]) => {
            let url = node.attr_str("url")?;
            let scheme_ok = url.split_once(':').is_some_and(|(s, _)| {
                s.len() >= 2 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
            });
            let ok = scheme_ok
                && !is_dangerous_href(url)
                && !url.to_ascii_lowercase().starts_with("jira-")
                && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '&' | '\\'));
            ok.then(|| format!("<{url}>"))
        }
        _ => None,
    }
}

fn no_marks_or_attrs(node: &Node<'_>) -> bool {
    node.unmarked() && node.attrs_lenient(&["localId"])
}

/// `2024-01-31` for a millisecond timestamp, else the timestamp itself.
pub(super) fn display_date(ts: &str) -> String {
    ts.parse::<i64>()
        .ok()
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(|| ts.to_owned(), |d| crate::date_text::Date(d.date_naive()).to_string())
}

fn atom_display(node: &Node<'_>) -> String {
    let pick = |k: &str| node.attr_str(k).map(str::to_owned);
    match node.ty() {
        "date" => pick("timestamp").map(|t| display_date(&t)),
        "emoji" => pick("text").or_else(|| pick("shortName")),
        "inlineCard" => pick("url"),
        "inlineExtension" => pick("extensionKey"),
        "mediaInline" => Some("📎".into()),
        _ => pick("text"),
    }
    .unwrap_or_default()
}

/// Renders inline content in the given mode.
pub(super) fn render(nodes: &[Node<'_>], mode: Mode) -> String {
    let mut out = String::new();
    render_into(&mut out, nodes, mode);
    out
}

/// [`render`], appended to `out` (what `out` already holds does not change how the content is written).
pub(super) fn render_into(out: &mut String, nodes: &[Node<'_>], mode: Mode) {
    let start = out.len();
    // The common case, one unmarked text node: what the loop below writes for it.
    if let [node] = nodes {
        if node.ty() == "text" && node.mark_list().is_empty() {
            escape_text_plain(out, node.text().unwrap_or(""), true, true, node.plain_text());
            if mode.one_line && out[start..].contains('\n') {
                let escaped = out.split_off(start);
                out.push_str(&escaped.replace('\n', "&#10;"));
            }
            return;
        }
    }
    let merged = merge_text(nodes);
    let nodes = merged.as_slice();
    let mut stack: Vec<M> = Vec::new();
    // The marks each text node wants, in their opening order (one vector for all the nodes).
    let mut want: Vec<M> = Vec::new();
    let mut line_start = true;
    for (idx, node) in nodes.iter().enumerate() {
        let at_end = nodes.get(idx + 1).is_none_or(|n| n.ty() == "hardBreak");
        let ty = node.ty();
        let is_text = ty == "text";
        let marks = node.mark_list();
        let text = node.text().unwrap_or("");
        // A link whose text is its URL may be written bare, as a GFM autolink.
        let bare = is_text
            && marks.len() == 1
            && marks[0].field("type").and_then(Value::as_str) == Some("link")
            && attr_keys_within(&marks[0], &["href"])
            && attr(&marks[0], "href").is_some_and(|h| bare_url_ok(text, h));
        want.clear();
        let (code, obsidian) = if is_text {
            let mut code = false;
            let mut obsidian = false;
            for mark in marks {
                if bare {
                    continue;
                }
                if mark_type(mark) == "code" && mark.field("attrs").is_none() {
                    code = true;
                } else if mark_type(mark) == "link"
                    && attr(mark, "href") == Some(OBSIDIAN_HREF)
                    && attr_keys_within(mark, &["href"])
                {
                    obsidian = true;
                } else {
                    want.push(classify(mark).unwrap_or_else(|| M::Span(inert_json(mark))));
                }
            }
            (code, obsidian)
        } else {
            (false, false)
        };
        order(&mut want);
        let keep = stack.iter().take_while(|m| want.contains(m)).count();
        while stack.len() > keep {
            if let Some(m) = stack.pop() {
                close(out, &m, mode);
            }
        }
        for m in &want {
            if !stack.contains(m) {
                open(out, m, mode);
                stack.push(m.clone());
                line_start = false;
            }
        }
        if bare {
            let prev_ok = out[start..].chars().last().is_none_or(|c| c.is_whitespace() || c == '(');
            let next_ok = match nodes.get(idx + 1) {
                None => true,
                Some(n) => match n.ty() {
                    "hardBreak" => true,
                    "text" => {
                        // The autolink runs to the next whitespace, then drops trailing punctuation.
                        let t = n.text().unwrap_or("");
                        let word: String = t.chars().take_while(|c| !c.is_whitespace()).collect();
                        word.chars().all(|c| "?!.,:*_~'\";".contains(c))
                            && (word.len() < t.len() || idx + 2 >= nodes.len())
                    }
                    _ => false,
                },
            };
            let href = marks.first().and_then(|m| attr(m, "href")).unwrap_or(text);
            if prev_ok && next_ok {
                out.push_str(text);
            } else {
                out.push_str(&format!(
                    "[{}]({})",
                    escape_text(text, false, false),
                    link_dest(href).unwrap_or_default()
                ));
            }
            line_start = false;
            continue;
        }
        if is_text {
            if obsidian && !code && is_obsidian_construct(text) && !(mode.table && text.contains("\\|")) {
                // In a table cell a pipe must be escaped (Obsidian reads `[[a\|b]]` there as an alias).
                out.push_str(&if mode.table { text.replace('|', "\\|") } else { text.to_owned() });
            } else if code && is_inert_code_span(text) && !obsidian {
                out.push_str(&code_span(text, mode));
            } else if code || obsidian {
                let mut wrapped = Vec::new();
                if code {
                    wrapped.push(inert_json(&serde_json::json!({"type": "code"})));
                }
                if obsidian {
                    wrapped.push(inert_json(&serde_json::json!({"type": "link", "attrs": {"href": OBSIDIAN_HREF}})));
                }
                for w in &wrapped {
                    out.push_str(&format!("<span data-adf-mark='{w}'>"));
                }
                out.push_str(&escape_text(text, line_start, at_end));
                for _ in &wrapped {
                    out.push_str("</span>");
                }
            } else if mode.one_line {
                // A table row or heading is one line: line breaks inside a cell's text are character references.
                let from = out.len();
                escape_text_plain(out, text, line_start, at_end, node.plain_text());
                if out[from..].contains('\n') {
                    let escaped = out.split_off(from);
                    out.push_str(&escaped.replace('\n', "&#10;"));
                }
            } else {
                escape_text_plain(out, text, line_start, at_end, node.plain_text());
            }
            line_start = text.ends_with('\n');
        } else if ty == "hardBreak" && (idx == 0 || idx + 1 == nodes.len()) && no_marks_or_attrs(node) {
            // A backslash break needs text on both sides; `<br>` does not.
            out.push_str("<br>");
            line_start = false;
        } else {
            // `:name:` is only read as an emoji between non-alphanumerics.
            let next_alnum = nodes
                .get(idx + 1)
                .and_then(|n| n.text())
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_alphanumeric);
            let glued = ty == "emoji" && (out[start..].chars().last().is_some_and(char::is_alphanumeric) || next_alnum);
            match atom_native(node, mode).filter(|_| !glued) {
                Some(md) => {
                    line_start = md.ends_with('\n');
                    out.push_str(&md);
                }
                None => {
                    out.push_str(&format!(
                        "<span data-adf='{}'>{}</span>",
                        inert_json(&node.value()),
                        escape_text(&atom_display(node), false, true)
                    ));
                    line_start = false;
                }
            }
        }
    }
    while let Some(m) = stack.pop() {
        close(out, &m, mode);
    }
}

/// True if `text` written bare reads back as a GFM autolink to exactly `href`, with nothing in it that
/// Markdown or Obsidian would read as other syntax.
pub(crate) fn bare_url_ok(text: &str, href: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let scheme_ok = if lower.starts_with("https://") || lower.starts_with("http://") {
        href == text
    } else {
        lower.starts_with("www.") && href == format!("http://{text}")
    };
    let min_len = if lower.starts_with("www.") { 5 } else { text.find("://").map_or(usize::MAX, |p| p + 4) };
    let opens = text.matches('(').count();
    let closes = text.matches(')').count();
    scheme_ok
        && text.len() >= min_len
        && !is_dangerous_href(href)
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "-./:?#@!&+,;=%()".contains(c))
        && !text.contains("%%")
        && !text.contains("==")
        && !text.ends_with(['?', '!', '.', ',', ':', ';', ')'])
        && opens == closes
        && !text.split('&').skip(1).any(|rest| {
            let body: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
            !body.is_empty() && rest[body.len()..].starts_with(';')
        })
}

/// Adjacent text nodes with the same marks as one (they would otherwise render as touching delimiters). Only
/// merged nodes are copied.
fn merge_text<'n, 'a>(nodes: &'n [Node<'a>]) -> Vec<Merged<'n, 'a>> {
    let mut out: Vec<Merged<'n, 'a>> = Vec::with_capacity(nodes.len());
    // The marks of the last node of `out` when it is plain text (merged nodes keep the marks of the first).
    let mut last_plain: Option<Option<&Value>> = None;
    for node in nodes {
        // Plain text: a text node with no keys but `type`, `text` and `marks`.
        let plain = node.ty() == "text" && node.attrs().is_none() && !node.has_content() && !node.other;
        if let (true, Some(marks), Some(prev)) = (plain, last_plain, out.last_mut()) {
            if marks == node.marks() {
                *prev = Merged::Joined(prev.with_text_appended(node.text().unwrap_or("")));
                continue;
            }
        }
        out.push(Merged::One(node));
        last_plain = plain.then_some(node.marks());
    }
    out
}

/// A node of inline content as [`merge_text`] gives it: as it was, or adjacent text nodes joined.
enum Merged<'n, 'a> {
    One(&'n Node<'a>),
    Joined(Node<'a>),
}

impl<'a> std::ops::Deref for Merged<'_, 'a> {
    type Target = Node<'a>;

    fn deref(&self) -> &Node<'a> {
        match self {
            Merged::One(node) => node,
            Merged::Joined(node) => node,
        }
    }
}

/// A mark's `type` (or "").
fn mark_type(mark: &Value) -> &str {
    mark.field("type").and_then(Value::as_str).unwrap_or("")
}

/// Canonical opening order: outermost first, links innermost (so `[**a**](u)` rather than `**[a](u)**` only
/// when the link spans less).
fn order(marks: &mut [M]) {
    let rank = |m: &M| match m {
        M::Link { .. } => 0,
        M::Strong => 1,
        M::Em => 2,
        M::Strike => 3,
        M::Highlight => 4,
        M::Underline => 5,
        M::Sub => 6,
        M::Sup => 7,
        M::Span(_) => 8,
    };
    crate::sort::sort_by_key(marks, rank);
}

#[cfg(test)]
mod tests;
