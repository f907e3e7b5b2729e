//! ADF → wiki for inline nodes and marks, with escaping.
//!
//! Marks are opened and closed around runs of text nodes with a stack. A simple mark is written `*x*` when
//! the characters around it allow it and `{*}x{*}` otherwise. Escaping comes in three [`Tier`]s, from light
//! (only what is always special) to aggressive (every wiki-special character, every mark braced); the
//! block emitter tries them in order and keeps the first whose output parses back to the same ADF.

use serde_json::Value;

use crate::adf::json::Field;

use super::vocab::{EMOTICONS, emoticon_at, emoticon_may_continue, emoticon_of, hex_to_color, macro_parts};

/// How much to escape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// Only `{`, `[`, `]`, backslashes, emoticons, block syntax at line starts (and `|` in tables and links).
    Light,
    /// Also mark characters, `??` and `!` wherever they could open or close markup.
    Normal,
    /// Every special character, and braced mark delimiters throughout.
    Aggressive,
}

/// Where the inline content goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    /// Line breaks may be newlines (paragraphs); otherwise they are `\\` (headings, list items, cells).
    pub multiline: bool,
    /// `|` must be escaped (table cells).
    pub pipes: bool,
    /// The escaping tier.
    pub tier: Tier,
}

/// What comes after a text node, as far as escaping is concerned.
#[derive(Clone, Copy)]
pub(crate) enum Next {
    /// The next character is known.
    Char(char),
    /// The inline content ends here.
    End,
    /// Something else follows (a mark delimiter, another node).
    Unknown,
}

struct Open {
    mark: Value,
    close: String,
}

/// Writes inline nodes as wiki.
pub(crate) fn emit_inline(nodes: &[Value], ctx: Ctx) -> String {
    let mut out = String::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut skip_link = false;
    for (idx, node) in nodes.iter().enumerate() {
        let ty = node.field("type").and_then(Value::as_str).unwrap_or("");
        let desired: Vec<&Value> = if ty == "text" {
            let mut m: Vec<&Value> = marks_of(node).iter().filter(|m| mark_type(m) != "code").collect();
            crate::sort::sort_by_key(&mut m, |m| rank(mark_type(m)));
            m
        } else {
            Vec::new()
        };
        let keep = stack.iter().take_while(|o| desired.contains(&&o.mark)).count();
        while stack.len() > keep {
            if let Some(o) = stack.pop() {
                out.push_str(&o.close);
            }
        }
        let to_open: Vec<&Value> = desired.iter().copied().filter(|m| !stack.iter().any(|o| &o.mark == *m)).collect();
        for mark in to_open {
            if mark_type(mark) == "link" && bare_link(nodes, idx, mark) {
                skip_link = true;
                continue;
            }
            let (open, close) = delimiters(mark, nodes, idx, &out, ctx.tier);
            out.push_str(&open);
            stack.push(Open { mark: mark.clone(), close });
        }
        let in_link = stack.iter().any(|o| mark_type(&o.mark) == "link");
        match ty {
            "text" => {
                let text = node.field("text").and_then(Value::as_str).unwrap_or("");
                if skip_link {
                    out.push('[');
                    out.push_str(text);
                    out.push(']');
                    skip_link = false;
                } else if marks_of(node).iter().any(|m| mark_type(m) == "code") {
                    out.push_str("{{");
                    for c in text.chars() {
                        if matches!(c, '\\' | '}') {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                    out.push_str("}}");
                } else {
                    let next = match nodes.get(idx + 1) {
                        None => Next::End,
                        Some(n)
                            if n.field("type").and_then(Value::as_str) == Some("text")
                                && marks_of(n) == marks_of(node) =>
                        {
                            n.field("text")
                                .and_then(Value::as_str)
                                .and_then(|t| t.chars().next())
                                .map_or(Next::Unknown, Next::Char)
                        }
                        Some(_) => Next::Unknown,
                    };
                    escape_text(text, next, ctx, in_link || ctx.pipes, &mut out);
                }
            }
            "hardBreak" => {
                let next_solid = nodes.get(idx + 1).is_some_and(|n| match n.field("type").and_then(Value::as_str) {
                    Some("text") => n
                        .field("text")
                        .and_then(Value::as_str)
                        .and_then(|t| t.chars().next())
                        .is_some_and(|c| !c.is_whitespace()),
                    Some("hardBreak") | None => false,
                    Some(_) => true,
                });
                if ctx.multiline && next_solid && !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                } else {
                    out.push_str("\\\\");
                }
            }
            "mention" => match node.pointer("/attrs/id").and_then(Value::as_str) {
                Some(id) if !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == ']' || c == '\\') => {
                    out.push_str("[~");
                    out.push_str(id);
                    out.push(']');
                }
                _ => push_adf(node, &mut out),
            },
            "emoji" => match node.pointer("/attrs/shortName").and_then(Value::as_str).and_then(emoticon_of) {
                Some(code) => out.push_str(code),
                None => push_adf(node, &mut out),
            },
            "inlineExtension" => match macro_parts(node) {
                Some(("image", params, Some(file))) => {
                    out.push('!');
                    out.push_str(file);
                    if let Some(p) = params {
                        out.push('|');
                        out.push_str(p);
                    }
                    out.push('!');
                }
                Some((name, params, None)) => {
                    out.push('{');
                    out.push_str(name);
                    if let Some(p) = params {
                        out.push(':');
                        out.push_str(p);
                    }
                    out.push('}');
                }
                _ => push_adf(node, &mut out),
            },
            _ => push_adf(node, &mut out),
        }
    }
    while let Some(o) = stack.pop() {
        out.push_str(&o.close);
    }
    out
}

/// The reversible inline form of a node wiki cannot spell: `{adf}` + its JSON + `{adf}`.
pub(crate) fn adf_json(node: &Value) -> String {
    crate::json_text::to_string(node).unwrap_or_default().replace("{adf}", "{adf\\u007d")
}

fn push_adf(node: &Value, out: &mut String) {
    out.push_str("{adf}");
    out.push_str(&adf_json(node));
    out.push_str("{adf}");
}

fn marks_of(node: &Value) -> &[Value] {
    node.field("marks").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn mark_type(mark: &Value) -> &str {
    mark.field("type").and_then(Value::as_str).unwrap_or("")
}

fn rank(ty: &str) -> usize {
    ["link", "textColor", "strong", "em", "strike", "underline", "subsup"].iter().position(|t| *t == ty).unwrap_or(7)
}

/// Whether the link `mark` covers exactly one plain text node equal to its href, which `[href]` spells.
fn bare_link(nodes: &[Value], idx: usize, mark: &Value) -> bool {
    let href = mark.pointer("/attrs/href").and_then(Value::as_str).unwrap_or("");
    let node = &nodes[idx];
    let url_like = href.contains("://") || href.starts_with("mailto:") || href.starts_with('#');
    url_like
        && mark.field("attrs").and_then(Value::as_object).is_some_and(|a| a.len() == 1)
        && marks_of(node).len() == 1
        && node.field("text").and_then(Value::as_str) == Some(href)
        && !href.contains([']', '|', '\\', '\n'])
        && !nodes.get(idx + 1).is_some_and(|n| marks_of(n).contains(mark))
}

/// The opening and closing delimiters of `mark`, which starts at `nodes[idx]` after `out`.
fn delimiters(mark: &Value, nodes: &[Value], idx: usize, out: &str, tier: Tier) -> (String, String) {
    let simple = match mark_type(mark) {
        "strong" => '*',
        "em" => '_',
        "strike" => '-',
        "underline" => '+',
        "subsup" if mark.pointer("/attrs/type").and_then(Value::as_str) == Some("sub") => '~',
        "subsup" => '^',
        "textColor" => {
            let color = mark.pointer("/attrs/color").and_then(Value::as_str).unwrap_or("");
            return (format!("{{color:{}}}", hex_to_color(color)), "{color}".into());
        }
        "link" => {
            let attrs = mark.field("attrs");
            let href = attrs.and_then(|a| a.field("href")).and_then(Value::as_str).unwrap_or("");
            let mut close = format!("|{}", escape_target(href));
            if let Some(t) = attrs.and_then(|a| a.field("title")).and_then(Value::as_str) {
                close.push('|');
                close.push_str(&escape_target(t));
            }
            close.push(']');
            return ("[".into(), close);
        }
        _ => return (String::new(), String::new()),
    };
    let run_end = idx + nodes[idx..].iter().take_while(|n| marks_of(n).contains(mark)).count();
    let first = first_char(&nodes[idx], true);
    let last = nodes.get(run_end.wrapping_sub(1)).map_or(' ', |n| first_char(n, false));
    let after = nodes.get(run_end).map(|n| first_char(n, true));
    let prev_ok = !out.chars().next_back().is_some_and(char::is_alphanumeric);
    let plain = tier != Tier::Aggressive
        && prev_ok
        && !first.is_whitespace()
        && !last.is_whitespace()
        && !after.is_some_and(char::is_alphanumeric);
    if plain { (simple.to_string(), simple.to_string()) } else { (format!("{{{simple}}}"), format!("{{{simple}}}")) }
}

/// The first (or last) character a node will be written with, as far as delimiter rules care.
fn first_char(node: &Value, first: bool) -> char {
    match node.field("type").and_then(Value::as_str) {
        Some("text") => {
            let text = node.field("text").and_then(Value::as_str).unwrap_or("");
            let c = if first { text.chars().next() } else { text.chars().next_back() };
            c.unwrap_or(' ')
        }
        Some("hardBreak") => ' ',
        _ => '.',
    }
}

/// A link target or title as written inside `[…|…]`: `]` and `|` escaped.
pub(crate) fn escape_target(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, ']' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a line starting with `text` would read as a heading (`h1.` … `h6.`) or a quote (`bq.`).
fn is_block_marker(text: &str) -> bool {
    let b = text.as_bytes();
    (b.len() >= 3 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1]) && b[2] == b'.') || text.starts_with("bq.")
}

fn is_line_start(out: &str) -> bool {
    out.is_empty() || out.ends_with('\n')
}

/// True if the last line of `out` already holds at least three characters after its indentation, judged from
/// its last three bytes only: an ASCII non-space three bytes from the end, and no newline after it.
fn line_begun_long(out: &str) -> bool {
    let b = out.as_bytes();
    b.len() >= 3 && {
        let tail = &b[b.len() - 3..];
        tail[0].is_ascii() && !tail[0].is_ascii_whitespace() && !tail.contains(&b'\n')
    }
}

/// Copies light-tier text past its line start that holds none of the characters [`escape_text`] may escape but
/// `(` (when `paren`), escaping each `(` as its loop would: where an emoticon starts, or where a proper prefix of
/// one ends the text and more follows (all emoticons are ASCII and at most 9 characters long).
fn copy_light(text: &str, paren: bool, next_after: Next, out: &mut String) {
    if !paren {
        out.push_str(text);
        return;
    }
    let mut from = 0;
    for k in memchr::memchr_iter(b'(', text.as_bytes()) {
        let rest = &text[k..];
        // (After a byte no emoticon has second, none starts here or continues.)
        if rest.as_bytes().get(1).is_some_and(|&c| !crate::adf::proven::in_set(c, super::vocab::EMOTICON_SECOND)) {
            continue;
        }
        let more = !matches!(next_after, Next::End);
        if EMOTICONS
            .iter()
            .any(|(code, ..)| rest.starts_with(code) || (more && code.len() > rest.len() && code.starts_with(rest)))
        {
            out.push_str(&text[from..k]);
            out.push('\\');
            from = k;
        }
    }
    out.push_str(&text[from..]);
}

/// `Some(paren)` if `text` holds none of the characters [`escape_text`] may escape in the light tier but `(`
/// (`paren`: whether it holds one); byte-wise, as all of them are ASCII and no byte of a longer character is.
fn light_scan(text: &str) -> Option<bool> {
    let mut paren = false;
    for &b in text.as_bytes() {
        match b {
            b'(' => paren = true,
            b'\\' | b'&' | b'{' | b'[' | b']' | b'|' | b'\n' | b'\r' => return None,
            _ => {}
        }
    }
    Some(paren)
}

/// Writes plain text, escaping what would otherwise read as markup.
pub(crate) fn escape_text(text: &str, next_after: Next, ctx: Ctx, pipes: bool, out: &mut String) {
    let light = if ctx.tier == Tier::Light { light_scan(text) } else { None };
    escape_scanned(text, next_after, ctx, pipes, out, light);
}

/// [`escape_text`] of text whose light-tier scan (`light_scan`) the caller knows: `light` is `Some(paren)` only
/// in the light tier for text of none of the characters it may escape but `(` (`paren` may be true without one).
pub(crate) fn escape_scanned(
    text: &str,
    next_after: Next,
    ctx: Ctx,
    pipes: bool,
    out: &mut String,
    light: Option<bool>,
) {
    // Fast path: in the light tier, text with none of the characters it may escape, away from a line start
    // and from a line begun with one or two characters (which could grow into `h1.` or `bq.`), is written as
    // it is; the loop below would escape nothing in it. Text whose only such character is `(` is copied the
    // same way, each `(` escaped where the loop would escape it (`copy_light`).
    let light_plain = light.is_some();
    let paren = light.unwrap_or(false);
    if light_plain && (!ctx.multiline || line_begun_long(out)) {
        copy_light(text, paren, next_after, out);
        return;
    }
    // Such text at a line start whose first character is an ASCII letter or digit and that opens no `hN.` or
    // `bq.`: the loop below would write that character as it is and copy the rest from the next one on.
    if light_plain
        && ctx.multiline
        && is_line_start(out)
        && text.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
        && !is_block_marker(text)
    {
        out.push_str(&text[..1]);
        copy_light(&text[1..], paren, next_after, out);
        return;
    }
    // Such text that starts with a non-space is copied from its fourth character at the latest (see the loop):
    // only its first few characters are looked at (all of it when one of its first three is a `(`).
    let head_only =
        light_plain && !text.starts_with(char::is_whitespace) && !(paren && text.chars().take(3).any(|c| c == '('));
    let chars: Vec<char> = if head_only { text.chars().take(8).collect() } else { text.chars().collect() };
    let mut line_start = ctx.multiline && is_line_start(out);
    let mut escape_dot_at = usize::MAX;
    // A line may have started in an earlier text node ("h", then "1. x"): what it holds so far counts too.
    if ctx.multiline && !line_start {
        let begun = out.rsplit('\n').next().unwrap_or_default().trim_start();
        if (1..3).contains(&begun.len()) {
            let joined: String = begun.chars().chain(chars.iter().copied()).take(3).collect();
            if is_block_marker(&joined) {
                escape_dot_at = 2 - begun.len();
            }
        }
    }
    for (k, &c) in chars.iter().enumerate() {
        // Such text at a line start needs care only up to its first non-space and a block marker's dot: past
        // them the loop would escape nothing, so the rest is copied.
        if light_plain && !line_start && (escape_dot_at == usize::MAX || escape_dot_at < k) {
            let at: usize = chars[..k].iter().map(|c| c.len_utf8()).sum();
            copy_light(text.get(at..).unwrap_or_default(), paren, next_after, out);
            return;
        }
        let prev = out.chars().next_back();
        let next = chars.get(k + 1).map_or(next_after, |&n| Next::Char(n));
        let mut escape = false;
        if line_start && !c.is_whitespace() {
            line_start = false;
            let rest: String = chars[k..chars.len().min(k + 4)].iter().collect();
            if matches!(c, '*' | '#' | '-' | '|') {
                escape = true;
            } else if is_block_marker(&rest) {
                escape_dot_at = k + 2;
            }
        }
        if k == escape_dot_at {
            escape = true;
        }
        let tier = ctx.tier;
        match c {
            '\\' => {
                match next {
                    Next::Char(n) if n.is_alphanumeric() || n.is_whitespace() => out.push('\\'),
                    _ => out.push_str("&#92;"),
                }
                continue;
            }
            '&' if chars[k..].starts_with(&['&', '#', '9', '2', ';']) => escape = true,
            '{' | '[' | ']' => escape = true,
            '}' => escape |= tier == Tier::Aggressive,
            '|' => escape |= pipes || tier == Tier::Aggressive,
            '(' => {
                escape |= tier == Tier::Aggressive
                    || emoticon_at(&chars[k..chars.len().min(k + 10)]).is_some()
                    || (!matches!(next_after, Next::End) && emoticon_may_continue(&chars[k..]));
            }
            '*' | '_' | '-' | '+' | '^' | '~' | '?' | '!' => {
                let next_ws = match next {
                    Next::Char(n) => n.is_whitespace(),
                    Next::End => true,
                    Next::Unknown => false,
                };
                let next_alnum = matches!(next, Next::Char(n) if n.is_alphanumeric());
                let could_open = !prev.is_some_and(char::is_alphanumeric) && !next_ws;
                let could_close = prev.is_some_and(|p| !p.is_whitespace()) && !next_alnum;
                escape |= match (tier, c) {
                    (Tier::Aggressive, _) => true,
                    (Tier::Light, _) => false,
                    (_, '?') => matches!(next, Next::Char('?') | Next::Unknown),
                    (_, '!') => !next_ws,
                    _ => could_open || could_close,
                };
            }
            _ => {}
        }
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}
