//! Wiki → ADF for inline markup: marks, `{{mono}}`, `{color}`, links, mentions, images, emoticons, inline
//! macros, escapes and line breaks.
//!
//! Every delimiter search goes through position indexes built once per paragraph (sorted lists, binary
//! searched), so hostile input such as a megabyte of `[[[[` or `*a *a *a` stays near-linear. A delimiter
//! never nests inside itself (its content ends at the first valid closer), which bounds recursion by the
//! number of delimiter kinds; [`MAX_DEPTH`] caps it anyway.

use serde_json::{Map, Value, json};

use crate::adf::json::Field;

use super::vocab::{color_to_hex, emoticon_at, is_dangerous_url, macro_extension, valid_macro_name};

/// The simple mark delimiters, in the order of [`Index::plain`] and [`Index::braced`].
const MARKS: [char; 6] = ['*', '_', '-', '+', '^', '~'];

/// Inline nesting deeper than this stays text.
const MAX_DEPTH: usize = 24;

/// Macro names that are not inline macros (they are block macros, or `color`, handled on their own).
pub(crate) const RESERVED_MACROS: &[&str] =
    &["color", "code", "noformat", "quote", "panel", "info", "note", "warning", "tip", "adf", "html"];

/// `{"type": ty}`, with room for `more` keys. Built by hand: `json!` copies every string through serde's
/// serialiser and sizes the map for what it holds, so a node that later gets its `content` grows it again.
pub(super) fn typed(ty: &str, more: usize) -> Value {
    let mut map = Map::with_capacity(1 + more);
    map.insert("type".to_owned(), Value::String(ty.to_owned()));
    Value::Object(map)
}

/// `{"type": "text", "text": text}`, moving `text`, plus `"marks": marks` when there are any.
fn text_node(text: String, marks: &[Value]) -> Value {
    let mut map = Map::with_capacity(3);
    map.insert("type".to_owned(), Value::String("text".to_owned()));
    map.insert("text".to_owned(), Value::String(text));
    if !marks.is_empty() {
        map.insert("marks".to_owned(), Value::Array(marks.to_vec()));
    }
    Value::Object(map)
}

/// The ADF mark a simple delimiter stands for.
fn mark_for(c: char) -> Value {
    match c {
        '*' => typed("strong", 0),
        '_' => typed("em", 0),
        '-' => typed("strike", 0),
        '+' => typed("underline", 0),
        '^' => json!({"type": "subsup", "attrs": {"type": "sup"}}),
        _ => json!({"type": "subsup", "attrs": {"type": "sub"}}),
    }
}

/// Positions of candidate delimiters, each list sorted.
#[derive(Default)]
struct Index {
    plain: [Vec<usize>; 6],
    braced: [Vec<usize>; 6],
    cite: Vec<usize>,
    rbracket: Vec<usize>,
    pipe: Vec<usize>,
    bang: Vec<usize>,
    rbrace: Vec<usize>,
    mono_end: Vec<usize>,
    color_end: Vec<usize>,
    adf: Vec<usize>,
    newline: Vec<usize>,
}

/// The first position in `list` that is `>= from` and `< before`.
fn first_in(list: &[usize], from: usize, before: usize) -> Option<usize> {
    let i = list.partition_point(|&p| p < from);
    list.get(i).copied().filter(|&p| p < before)
}

/// Parses a paragraph's (or cell's, or heading's) text into ADF inline nodes.
pub(crate) fn parse_inline(text: &str) -> Vec<Value> {
    if !text.contains(['\\', '&', '\n', '{', '[', '!', '(', '?', '*', '_', '-', '+', '^', '~']) {
        return if text.is_empty() { Vec::new() } else { vec![text_node(text.to_owned(), &[])] };
    }
    let parser = Parser::new(text);
    let mut out = Vec::new();
    parser.range(0, parser.chars.len(), &[], 0, &mut out);
    out
}

struct Parser {
    chars: Vec<char>,
    ix: Index,
}

impl Parser {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut escaped = vec![false; n];
        let mut k = 0;
        while k < n {
            if chars[k] == '\\' && k + 1 < n {
                let next = chars[k + 1];
                if next != '\\' && !next.is_alphanumeric() && !next.is_whitespace() {
                    escaped[k + 1] = true;
                }
                k += if next == '\\' || escaped[k + 1] { 2 } else { 1 };
            } else {
                k += 1;
            }
        }
        let mut ix = Index::default();
        let at = |j: usize| chars.get(j).copied();
        for (j, &c) in chars.iter().enumerate() {
            if c == '\n' {
                ix.newline.push(j);
            }
            if escaped[j] {
                continue;
            }
            let prev_solid = j > 0 && !chars[j - 1].is_whitespace();
            if let Some(m) = MARKS.iter().position(|&x| x == c) {
                if prev_solid && !at(j + 1).is_some_and(char::is_alphanumeric) {
                    ix.plain[m].push(j);
                }
            }
            match c {
                '?' if at(j + 1) == Some('?') && prev_solid && !at(j + 2).is_some_and(char::is_alphanumeric) => {
                    ix.cite.push(j);
                }
                '{' => {
                    if at(j + 2) == Some('}') {
                        if let Some(m) = at(j + 1).and_then(|x| MARKS.iter().position(|&y| y == x)) {
                            ix.braced[m].push(j);
                        }
                    }
                    if chars[j..].starts_with(&['{', 'c', 'o', 'l', 'o', 'r', '}']) {
                        ix.color_end.push(j);
                    }
                    if chars[j..].starts_with(&['{', 'a', 'd', 'f', '}']) {
                        ix.adf.push(j);
                    }
                }
                ']' => ix.rbracket.push(j),
                '|' => ix.pipe.push(j),
                '!' => ix.bang.push(j),
                '}' => {
                    ix.rbrace.push(j);
                    if at(j + 1) == Some('}') {
                        ix.mono_end.push(j);
                    }
                }
                _ => {}
            }
        }
        Self { chars, ix }
    }

    fn line_end(&self, i: usize) -> usize {
        first_in(&self.ix.newline, i, usize::MAX).unwrap_or(self.chars.len())
    }

    fn starts_with(&self, i: usize, end: usize, s: &str) -> bool {
        (i..).zip(s.chars()).all(|(k, c)| k < end && self.chars[k] == c)
    }

    fn string(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// Parses `chars[start..end]` under `marks` into `out`.
    fn range(&self, start: usize, end: usize, marks: &[Value], depth: usize, out: &mut Vec<Value>) {
        let mut buf = String::new();
        let mut i = start;
        while i < end {
            let c = self.chars[i];
            let next = (i + 1 < end).then(|| self.chars[i + 1]);
            let handled = match c {
                '\\' => match next {
                    Some('\\') => {
                        flush(&mut buf, marks, out);
                        out.push(typed("hardBreak", 0));
                        Some(i + 2)
                    }
                    Some(n) if !n.is_alphanumeric() && !n.is_whitespace() => {
                        buf.push(n);
                        Some(i + 2)
                    }
                    _ => None,
                },
                '&' if self.starts_with(i, end, "&#92;") => {
                    buf.push('\\');
                    Some(i + 5)
                }
                '\n' => {
                    flush(&mut buf, marks, out);
                    out.push(typed("hardBreak", 0));
                    Some(i + 1)
                }
                _ if depth >= MAX_DEPTH => None,
                '{' => self.brace(i, end, marks, depth, &mut buf, out),
                '[' => self.link(i, end, marks, depth, &mut buf, out),
                '!' => self.image(i, end, marks, &mut buf, out),
                '(' => emoticon_at(&self.chars[i..end.min(i + 10)]).map(|(emoji, n)| {
                    flush(&mut buf, marks, out);
                    out.push(emoji);
                    i + n
                }),
                '?' => self.cite(i, end, marks, depth, &mut buf, out),
                _ => {
                    MARKS.iter().position(|&m| m == c).and_then(|m| self.plain(i, end, m, marks, depth, &mut buf, out))
                }
            };
            match handled {
                Some(next_i) => i = next_i,
                None => {
                    buf.push(c);
                    i += 1;
                }
            }
        }
        flush(&mut buf, marks, out);
    }

    fn opener_ok(&self, i: usize, content_at: usize, end: usize) -> bool {
        (i == 0 || !self.chars[i - 1].is_alphanumeric()) && content_at < end && !self.chars[content_at].is_whitespace()
    }

    #[allow(clippy::too_many_arguments)]
    fn plain(
        &self,
        i: usize,
        end: usize,
        m: usize,
        marks: &[Value],
        depth: usize,
        buf: &mut String,
        out: &mut Vec<Value>,
    ) -> Option<usize> {
        if !self.opener_ok(i, i + 1, end) {
            return None;
        }
        let j = first_in(&self.ix.plain[m], i + 2, end.min(self.line_end(i)))?;
        flush(buf, marks, out);
        self.range(i + 1, j, &with_mark(marks, mark_for(MARKS[m])), depth + 1, out);
        Some(j + 1)
    }

    fn cite(
        &self,
        i: usize,
        end: usize,
        marks: &[Value],
        depth: usize,
        buf: &mut String,
        out: &mut Vec<Value>,
    ) -> Option<usize> {
        if !self.starts_with(i, end, "??") || !self.opener_ok(i, i + 2, end) {
            return None;
        }
        let j = first_in(&self.ix.cite, i + 3, end.min(self.line_end(i)).saturating_sub(1))?;
        flush(buf, marks, out);
        self.range(i + 2, j, &with_mark(marks, typed("em", 0)), depth + 1, out);
        Some(j + 2)
    }

    fn brace(
        &self,
        i: usize,
        end: usize,
        marks: &[Value],
        depth: usize,
        buf: &mut String,
        out: &mut Vec<Value>,
    ) -> Option<usize> {
        let line_end = end.min(self.line_end(i));
        let second = (i + 1 < end).then(|| self.chars[i + 1])?;
        if second == '{' {
            let close = first_in(&self.ix.mono_end, i + 3, line_end.saturating_sub(1))?;
            let mut text = String::new();
            let mut k = i + 2;
            while k < close {
                if self.chars[k] == '\\' && k + 1 < close {
                    k += 1;
                }
                text.push(self.chars[k]);
                k += 1;
            }
            flush(buf, marks, out);
            let mut code_marks: Vec<Value> =
                marks.iter().filter(|m| m.field("type").and_then(Value::as_str) == Some("link")).cloned().collect();
            code_marks.push(typed("code", 0));
            flush(&mut text, &code_marks, out);
            return Some(close + 2);
        }
        if let Some(m) = MARKS.iter().position(|&x| x == second) {
            if self.starts_with(i + 2, end, "}") {
                let j = first_in(&self.ix.braced[m], i + 4, line_end)?;
                flush(buf, marks, out);
                self.range(i + 3, j, &with_mark(marks, mark_for(second)), depth + 1, out);
                return Some(j + 3);
            }
            return None;
        }
        let close = first_in(&self.ix.rbrace, i + 1, line_end)?;
        let inner = self.string(i + 1, close);
        let (name, params) = match inner.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (inner.as_str(), None),
        };
        if name == "color" {
            let hex = color_to_hex(params?)?;
            let j = first_in(&self.ix.color_end, close + 1, end)?;
            flush(buf, marks, out);
            let mark = json!({"type": "textColor", "attrs": {"color": hex}});
            self.range(close + 1, j, &with_mark(marks, mark), depth + 1, out);
            return Some(j + 7);
        }
        if name == "adf" && params.is_none() {
            let j = first_in(&self.ix.adf, close + 1, end)?;
            let node = super::block::read_adf_json(&self.string(close + 1, j), false)?;
            flush(buf, marks, out);
            out.push(node);
            return Some(j + 5);
        }
        if !valid_macro_name(name) || RESERVED_MACROS.contains(&name) || inner.contains('{') {
            return None;
        }
        flush(buf, marks, out);
        out.push(macro_extension("inlineExtension", name, params, None));
        Some(close + 1)
    }

    fn link(
        &self,
        i: usize,
        end: usize,
        marks: &[Value],
        depth: usize,
        buf: &mut String,
        out: &mut Vec<Value>,
    ) -> Option<usize> {
        let k = first_in(&self.ix.rbracket, i + 1, end.min(self.line_end(i)))?;
        if k == i + 1 {
            return None;
        }
        if self.chars[i + 1] == '~' {
            let id = unescape(&self.chars[i + 2..k]);
            if id.is_empty() || id.chars().any(char::is_whitespace) {
                return None;
            }
            flush(buf, marks, out);
            out.push(json!({"type": "mention", "attrs": {"id": id, "text": format!("@{id}")}}));
            return Some(k + 1);
        }
        let pipe = first_in(&self.ix.pipe, i + 1, k);
        let target_from = pipe.map_or(i + 1, |p| p + 1);
        let target_end = first_in(&self.ix.pipe, target_from, k).unwrap_or(k);
        let href = unescape(&self.chars[target_from..target_end]).trim().to_owned();
        let title = (target_end < k).then(|| unescape(&self.chars[target_end + 1..k]));
        let url_like = href.contains("://") || href.starts_with("mailto:") || href.starts_with('#');
        if href.is_empty() || is_dangerous_url(&href) || (pipe.is_none() && !url_like) {
            return None;
        }
        let mut attrs = serde_json::Map::new();
        attrs.insert("href".into(), Value::String(href.clone()));
        if let Some(t) = title {
            attrs.insert("title".into(), Value::String(t));
        }
        let link_marks = with_mark(marks, json!({"type": "link", "attrs": attrs}));
        flush(buf, marks, out);
        match pipe {
            Some(p) if p > i + 1 => self.range(i + 1, p, &link_marks, depth + 1, out),
            _ => flush(&mut href.clone(), &link_marks, out),
        }
        Some(k + 1)
    }

    fn image(&self, i: usize, end: usize, marks: &[Value], buf: &mut String, out: &mut Vec<Value>) -> Option<usize> {
        if i + 1 >= end || self.chars[i + 1].is_whitespace() {
            return None;
        }
        let k = first_in(&self.ix.bang, i + 2, end.min(self.line_end(i)))?;
        if self.chars[k - 1].is_whitespace() {
            return None;
        }
        let content = self.string(i + 1, k);
        let (file, params) = match content.split_once('|') {
            Some((f, p)) => (f, Some(p)),
            None => (content.as_str(), None),
        };
        if file.trim() != file || is_dangerous_url(file) || file.contains(['[', ']', '{', '}']) {
            return None;
        }
        flush(buf, marks, out);
        out.push(macro_extension("inlineExtension", "image", params, Some(file)));
        Some(k + 1)
    }
}

/// The text of escaped characters: `\x` is `x` for any non-alphanumeric `x`.
fn unescape(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.len());
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == '\\' && chars.get(k + 1).is_some_and(|n| !n.is_alphanumeric() && !n.is_whitespace()) {
            k += 1;
        }
        s.push(chars[k]);
        k += 1;
    }
    s
}

/// `marks` plus `mark`, replacing a mark of the same type (ADF allows one of each).
fn with_mark(marks: &[Value], mark: Value) -> Vec<Value> {
    let ty = mark.field("type").cloned();
    let mut v: Vec<Value> = marks.iter().filter(|m| m.field("type") != ty.as_ref()).cloned().collect();
    v.push(mark);
    v
}

/// Emits the pending text (if any) as a text node with `marks`.
fn flush(buf: &mut String, marks: &[Value], out: &mut Vec<Value>) {
    if buf.is_empty() {
        return;
    }
    out.push(text_node(std::mem::take(buf), marks));
}
