//! Markdown inline events → ADF inline nodes.
//!
//! Keeps a stack of open marks; text is buffered so Obsidian constructs can be found across event
//! boundaries: `#tag`, `%%comment%%`, `==highlight==` and `:emoji:`. Characters that came from backslash
//! escapes or character references never start a construct. Recognised inline HTML: `<br>`, `<u>`, `<sub>`,
//! `<sup>`, `<strong>`/`<b>`, `<em>`/`<i>`, `<del>`/`<s>`, `<mark>` and the reversible
//! `<span data-adf='…'>`/`<span data-adf-mark='…'>` forms; any other HTML becomes literal text.

use super::node::Node;
use crate::adf::inline::{HIGHLIGHT, OBSIDIAN_HREF};
use crate::adf::safety::is_emoji_char;

/// Builds the inline content of one paragraph, heading, cell or task.
#[derive(Default)]
pub(super) struct Inline {
    /// Finished nodes.
    pub nodes: Vec<Node>,
    marks: Vec<(&'static str, Node)>,
    /// Text not yet turned into nodes.
    buf: String,
    /// The byte ranges of `buf` that came from escapes or character references, in order.
    literal: Vec<(usize, usize)>,
    /// Depth inside a `<span data-adf='…'>` whose display text is skipped.
    pub skip: usize,
}

/// `{"type": ty, "attrs": {key: value}}`: a link, colour or sub/sup mark, or an emoji.
fn with_attr(ty: &'static str, key: &'static str, value: Node) -> Node {
    Node::object([("type", ty.into()), ("attrs", Node::object([(key, value)]))])
}

impl Inline {
    /// Adds text; `literal` is true when it came from escapes or entities (never starts syntax),
    /// `first_literal` when only its first character was backslash-escaped.
    pub fn text(&mut self, s: &str, literal: bool, first_literal: bool) {
        if self.skip == 0 {
            let start = self.buf.len();
            let end =
                if literal { s.len() } else { s.chars().next().filter(|_| first_literal).map_or(0, char::len_utf8) };
            if end > 0 {
                self.literal.push((start, start + end));
            }
            self.buf.push_str(s);
        }
    }

    /// Adds text that is a verbatim Obsidian construct.
    pub fn obsidian(&mut self, s: &str) {
        if self.skip == 0 {
            self.flush();
            let mut marks = self.current_marks();
            marks.push(with_attr("link", "href", OBSIDIAN_HREF.into()));
            self.push_text(s, marks);
        }
    }

    /// Adds an inline node with the current marks (unless it carries its own).
    pub fn node(&mut self, mut node: Node) {
        if self.skip > 0 {
            return;
        }
        self.flush();
        let marks = self.current_marks();
        if !marks.is_empty() && node.field("marks").is_none() && node.ty() == "text" {
            node.insert("marks", Node::Array(marks));
        }
        self.nodes.push(node);
    }

    /// Inline code.
    pub fn code(&mut self, s: &str) {
        if self.skip == 0 && !s.is_empty() {
            self.flush();
            let mut marks = self.current_marks();
            marks.push(Node::of("code"));
            self.push_text(s, marks);
        }
    }

    /// Opens a mark; `key` identifies it for [`Inline::close`].
    pub fn open(&mut self, key: &'static str, m: Node) {
        self.flush();
        self.marks.push((key, m));
    }

    /// Closes the innermost open mark with this key; false if none is open.
    pub fn close(&mut self, key: &str) -> bool {
        let Some(pos) = self.marks.iter().rposition(|(k, _)| *k == key) else { return false };
        self.flush();
        self.marks.remove(pos);
        true
    }

    /// The open marks, each once (`***x***` nests strong and em many times over).
    fn current_marks(&self) -> Vec<Node> {
        let mut out: Vec<Node> = Vec::new();
        for (_, m) in &self.marks {
            if !out.contains(m) {
                out.push(m.clone());
            }
        }
        out
    }

    /// Invariant: a text node never carries the same mark twice (ADF marks are a set) nor two links. An
    /// Obsidian construct inside a `[…](jvs:obsidian)` link would otherwise get its link mark twice, and the
    /// duplicate changed how the text was written back; inside `[…](https://…)` it would get a second link.
    fn push_text(&mut self, s: &str, mut marks: Vec<Node>) {
        if s.is_empty() {
            return;
        }
        // A mark may occur once, and a text node has one link: inside a link, an Obsidian construct or a bare
        // URL keeps the outer link (its text still arrives verbatim, escaped where needed).
        let mut seen = 0;
        while seen < marks.len() {
            let is_link = |m: &Node| m.ty() == "link";
            if marks[..seen].contains(&marks[seen]) || (is_link(&marks[seen]) && marks[..seen].iter().any(is_link)) {
                marks.remove(seen);
            } else {
                seen += 1;
            }
        }
        self.nodes.push(super::text_node(s, marks));
    }

    /// Turns buffered text into nodes, recognising Obsidian constructs.
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.buf);
        let literal = std::mem::take(&mut self.literal);
        let marks = self.current_marks();
        if !may_hold_construct(&text) {
            self.push_text(&text, marks);
            return;
        }
        // Each character, flagged when it came from an escape or character reference.
        let mut buf = Vec::with_capacity(text.len());
        let mut range = 0;
        for (at, c) in text.char_indices() {
            while literal.get(range).is_some_and(|&(_, end)| end <= at) {
                range += 1;
            }
            buf.push((c, literal.get(range).is_some_and(|&(start, _)| start <= at)));
        }
        // Byte offsets into `text` of `buf[i]` and of the start of the plain run not yet pushed.
        let (mut at, mut plain) = (0, 0);
        let mut i = 0;
        while i < buf.len() {
            let (c, literal) = buf[i];
            if !literal && may_start(c) {
                let prev = if i == 0 { None } else { Some(buf[i - 1].0) };
                if let Some((end, kind)) = construct_at(&buf, i, prev) {
                    let mut len = 0;
                    for (c, _) in &buf[i..end] {
                        len += c.len_utf8();
                    }
                    let s = text.get(at..at + len).unwrap_or("");
                    if plain < at {
                        self.push_text(text.get(plain..at).unwrap_or(""), marks.clone());
                    }
                    match kind {
                        Kind::Url => {
                            let href = if s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
                                format!("http://{s}")
                            } else {
                                s.to_owned()
                            };
                            let mut m = marks.clone();
                            m.push(with_attr("link", "href", href.into()));
                            self.push_text(s, m);
                        }
                        Kind::Raw => {
                            let mut m = marks.clone();
                            m.push(with_attr("link", "href", OBSIDIAN_HREF.into()));
                            self.push_text(s, m);
                        }
                        Kind::Highlight => {
                            let mut m = marks.clone();
                            m.push(with_attr("backgroundColor", "color", HIGHLIGHT.into()));
                            self.push_text(&s[2..s.len() - 2], m);
                        }
                        Kind::Emoji => {
                            let mut n = with_attr("emoji", "shortName", s.to_owned().into());
                            if !marks.is_empty() {
                                n.insert("marks", Node::Array(marks.clone()));
                            }
                            self.nodes.push(n);
                        }
                    }
                    at += len;
                    plain = at;
                    i = end;
                    continue;
                }
            }
            at += c.len_utf8();
            i += 1;
        }
        self.push_text(text.get(plain..).unwrap_or(""), marks);
    }

    /// Finishes: flushes and returns the nodes.
    pub fn finish(mut self) -> Vec<Node> {
        self.flush();
        self.nodes
    }
}

/// The kind of Obsidian construct (or GFM autolink) found in buffered text.
pub(crate) enum Kind {
    /// A GFM extended autolink: becomes text with a link mark.
    Url,
    /// Verbatim Obsidian syntax (`#tag`, `%%comment%%`, `[^note]`): text with the `jvs:obsidian` link.
    Raw,
    /// `==highlight==`: its inner text with a background colour.
    Highlight,
    /// `:shortname:`: an emoji node.
    Emoji,
}

/// False when [`construct_at`] finds nothing anywhere in `text`, whatever came from escapes: each construct
/// starts with one of these byte pairs (an autolink with `http` or `www.`, an emoji with a `:` after no ASCII
/// letter or digit), so most text is turned into one node without looking at its characters one by one.
fn may_hold_construct(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        let next = |p: &[u8]| b.get(i + 1..i + 1 + p.len()).is_some_and(|n| n.eq_ignore_ascii_case(p));
        match c {
            b'h' | b'H' => next(b"ttp"),
            b'w' | b'W' => next(b"ww."),
            b':' => i == 0 || !b[i - 1].is_ascii_alphanumeric(),
            b'#' => true,
            b'[' => next(b"^"),
            b'%' => next(b"%"),
            b'=' => next(b"="),
            _ => false,
        }
    })
}

/// Whether a construct may start with `c`: [`construct_at`] finds nothing at any other character, so the
/// flush loop asks it only about these.
fn may_start(c: char) -> bool {
    matches!(c, 'h' | 'H' | 'w' | 'W' | '#' | '[' | '%' | '=' | ':')
}

/// An Obsidian construct starting at `i` of `buf` (characters, each flagged true when it came from an escape
/// or character reference), `prev` the character before `i` in the same buffer: its end and kind.
pub(crate) fn construct_at(buf: &[(char, bool)], i: usize, prev: Option<char>) -> Option<(usize, Kind)> {
    let at = |j: usize| buf.get(j).filter(|(_, lit)| !lit).map(|(c, _)| *c);
    let c = at(i)?;
    match c {
        'h' | 'H' | 'w' | 'W' if prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '*' | '_' | '~')) => {
            url_at(buf, i)
        }
        '#' if prev.is_none_or(char::is_whitespace) => {
            let mut j = i + 1;
            while buf.get(j).is_some_and(|(c, _)| c.is_alphanumeric() || matches!(c, '_' | '-' | '/')) {
                j += 1;
            }
            let all_digits = buf[i + 1..j].iter().all(|(c, _)| c.is_ascii_digit());
            (j > i + 1 && !all_digits).then_some((j, Kind::Raw))
        }
        '[' if at(i + 1) == Some('^') => {
            let mut j = i + 2;
            while buf.get(j).is_some_and(|(c, _)| !c.is_whitespace() && !matches!(c, '[' | ']')) {
                j += 1;
            }
            (j > i + 2 && at(j) == Some(']')).then_some((j + 1, Kind::Raw))
        }
        '%' if at(i + 1) == Some('%') => {
            let mut j = i + 2;
            while j + 1 < buf.len() {
                if at(j) == Some('%') && at(j + 1) == Some('%') {
                    return (j > i + 2).then_some((j + 2, Kind::Raw));
                }
                j += 1;
            }
            None
        }
        '=' if at(i + 1) == Some('=') && buf.get(i + 2).is_some_and(|(c, _)| !c.is_whitespace() && *c != '=') => {
            let mut j = i + 2;
            while j + 1 < buf.len() {
                if buf[j].0 == '\n' {
                    return None;
                }
                if at(j) == Some('=') && at(j + 1) == Some('=') {
                    let ok = !buf[j - 1].0.is_whitespace();
                    return ok.then_some((j + 2, Kind::Highlight));
                }
                j += 1;
            }
            None
        }
        ':' if !prev.is_some_and(char::is_alphanumeric) => {
            let mut j = i + 1;
            while buf.get(j).is_some_and(|(c, _)| is_emoji_char(*c)) {
                j += 1;
            }
            let closes = j > i + 1 && at(j) == Some(':');
            let after_ok = !buf.get(j + 1).is_some_and(|(c, _)| c.is_alphanumeric());
            let not_digits = !buf[i + 1..j].iter().all(|(c, _)| c.is_ascii_digit());
            (closes && after_ok && not_digits).then_some((j + 1, Kind::Emoji))
        }
        _ => None,
    }
}

/// A GFM extended autolink (`https://…`, `http://…`, `www.…`) starting at `i`, none of it escaped.
fn url_at(buf: &[(char, bool)], i: usize) -> Option<(usize, Kind)> {
    let starts_with = |p: &str| {
        p.bytes().enumerate().all(|(k, b)| buf.get(i + k).is_some_and(|(c, _)| c.eq_ignore_ascii_case(&char::from(b))))
    };
    let prefix = ["https://", "http://", "www."].into_iter().find(|p| starts_with(p))?.len();
    let mut j = i;
    while j < buf.len() && !buf[j].1 && !buf[j].0.is_whitespace() && buf[j].0 != '<' {
        j += 1;
    }
    if j < i + prefix {
        return None;
    }
    loop {
        let last = buf[j - 1].0;
        let unbalanced = last == ')' && {
            let opens = buf[i..j].iter().filter(|(c, _)| *c == '(').count();
            let closes = buf[i..j].iter().filter(|(c, _)| *c == ')').count();
            closes > opens
        };
        if matches!(last, '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"' | ';') || unbalanced {
            j -= 1;
        } else {
            break;
        }
        if j <= i + prefix {
            return None;
        }
    }
    (j > i + prefix).then_some((j, Kind::Url))
}

/// The HTML-like inline tags that stand for marks: tag name → mark.
pub(super) fn tag_mark(name: &str) -> Option<(&'static str, Node)> {
    Some(match name {
        "u" => ("u", Node::of("underline")),
        "sub" => ("sub", with_attr("subsup", "type", "sub".into())),
        "sup" => ("sup", with_attr("subsup", "type", "sup".into())),
        "strong" | "b" => ("strong", Node::of("strong")),
        "em" | "i" => ("em", Node::of("em")),
        "del" | "s" => ("del", Node::of("strike")),
        "mark" => ("mark", with_attr("backgroundColor", "color", HIGHLIGHT.into())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
