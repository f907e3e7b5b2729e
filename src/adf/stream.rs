//! ADF JSON text → Markdown without a node tree, for the blocks of the proven subset (see [`super::proven`]).
//!
//! [`document`] reads the document's text once and writes each top-level block's Markdown straight into the
//! output as it reads it, checking as it goes that the block stays inside a conservative part of the proven
//! subset (paragraphs, headings, bullet, ordered and task lists, code blocks, block quotes, panels and tables of
//! plain text with one mark per text node, and mentions) written exactly as `super::write` writes it. A paragraph's
//! inline nodes are held (borrowed from the text) until its `content` closes, since the subset's test looks at a
//! node's neighbours. At anything else (another node, mark or key, keys in another order, an escape in a text, a
//! key given twice) the block's output is cut back and that block is read as a node (`node::Blocks`, as
//! `node::Doc::parse` reads it) and written by `super::write`; where that reader declines, so does [`document`].
//!
//! The subset is proven by the same tests as `super::proven`'s (builds with debug assertions compare this
//! writer's Markdown with the node path's for every document, see `super::adf_json_to_markdown`), and
//! `tests.rs` compares both over generated documents and near misses.

use super::node::{Blocks, may_end_run};
use super::write::{Family, family_of, top_block_into};

mod blocks;
mod inline;

use inline::{Item, Mark};

/// The Markdown of the document in `json` (as `write::document` of `node::Doc::parse` gives it), or `None` when
/// the root is not a plain `{"version":1,"type":"doc","content":[…]}` (keys in any order) or a block does not read
/// as a node.
pub(super) fn document(json: &str) -> Option<String> {
    let mut s = Stream { text: json, pos: 0, out: String::with_capacity(json.len() / 4), items: Vec::new() };
    s.eat(b'{')?;
    let (mut version, mut doc, mut content) = (false, false, false);
    loop {
        // Each key once, with the one value a document's root holds.
        match s.key()? {
            "version" if !version => version = (s.number()? == 1).then_some(true)?,
            "type" if !doc => doc = (s.string()? == "doc").then_some(true)?,
            "content" if !content => {
                s.top_blocks()?;
                content = true;
            }
            _ => return None,
        }
        if s.list_end(b'}')? {
            break;
        }
    }
    (version && doc && content && s.peek().is_none()).then_some(())?;
    let mut md = s.out;
    if !md.is_empty() {
        md.push('\n');
    }
    Some(md)
}

/// A attribute value the stream reads: a string without escapes, a number (an unsigned integer) or `false`.
#[derive(Clone, Copy, PartialEq)]
enum Val<'a> {
    Str(&'a str),
    Num(u64),
    False,
}

/// An `attrs` object of at most four keys, none given twice.
struct Attrs<'a> {
    len: usize,
    pairs: [(&'a str, Val<'a>); 4],
}

impl<'a> Attrs<'a> {
    fn pairs(&self) -> &[(&'a str, Val<'a>)] {
        self.pairs.get(..self.len).unwrap_or_default()
    }

    /// True if every key is one of `allowed` (`Node::attrs_within`).
    fn within(&self, allowed: &[&str]) -> bool {
        self.pairs().iter().all(|(k, _)| allowed.contains(k))
    }

    fn get(&self, key: &str) -> Option<Val<'a>> {
        self.pairs().iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    fn str(&self, key: &str) -> Option<&'a str> {
        match self.get(key)? {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// The keys a streamed node may have after its `type`.
#[derive(Clone, Copy, PartialEq)]
enum Key {
    Attrs,
    Content,
    Text,
    Marks,
}

/// The widest list indentation written (deeper lists take the node path).
const INDENT: usize = 48;

/// [`INDENT`] spaces.
const BLANKS: &str = "                                                ";

/// The reader's place in the text and the Markdown written so far.
struct Stream<'a> {
    text: &'a str,
    pos: usize,
    out: String,
    /// The inline nodes of the paragraph being read.
    items: Vec<Item<'a>>,
}

impl<'a> Stream<'a> {
    /// The next byte after JSON whitespace, not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    #[inline(always)]
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    /// After an item of an object or array: true at its `close` (consumed), false after a comma, else `None`.
    fn list_end(&mut self, close: u8) -> Option<bool> {
        let b = self.peek()?;
        self.pos += 1;
        if b == close { Some(true) } else { (b == b',').then_some(false) }
    }

    /// A string without escapes (after whitespace).
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        while let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            if may_end_run(u64::from_le_bytes(word)) {
                break;
            }
            i += 8;
        }
        loop {
            match *bytes.get(i)? {
                b'"' => {
                    self.pos = i + 1;
                    return self.text.get(start..i);
                }
                b'\\' => return None,
                b if b < 0x20 => return None,
                _ => i += 1,
            }
        }
    }

    /// A key and its colon.
    fn key(&mut self) -> Option<&'a str> {
        let key = self.string()?;
        self.eat(b':')?;
        Some(key)
    }

    /// An unsigned integer that fits a `u64`, as JSON writes it (no leading zero, fraction or exponent).
    fn number(&mut self) -> Option<u64> {
        self.peek()?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut n = 0u64;
        while let Some(d) = bytes.get(self.pos).filter(|b| b.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.pos += 1;
        }
        let digits = self.pos - start;
        let next = bytes.get(self.pos).copied().unwrap_or(b' ');
        (digits == 1 || (digits > 1 && bytes[start] != b'0')).then_some(())?;
        (!matches!(next, b'.' | b'e' | b'E')).then_some(n)
    }

    /// An `attrs` object of strings, numbers and `false`.
    fn attrs(&mut self) -> Option<Attrs<'a>> {
        self.eat(b'{')?;
        let mut attrs = Attrs { len: 0, pairs: [("", Val::False); 4] };
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(attrs);
        }
        loop {
            let key = self.key()?;
            (attrs.len < 4 && attrs.get(key).is_none()).then_some(())?;
            let value = match self.peek()? {
                b'"' => Val::Str(self.string()?),
                b'f' => {
                    (self.text.as_bytes().get(self.pos..self.pos + 5)? == b"false").then_some(())?;
                    self.pos += 5;
                    Val::False
                }
                _ => Val::Num(self.number()?),
            };
            attrs.pairs[attrs.len] = (key, value);
            attrs.len += 1;
            if self.list_end(b'}')? {
                return Some(attrs);
            }
        }
    }

    /// Opens an array (after whitespace): true if an item follows, false if it was empty (and is closed).
    fn open(&mut self) -> Option<bool> {
        self.eat(b'[')?;
        let empty = self.peek()? == b']';
        if empty {
            self.pos += 1;
        }
        Some(!empty)
    }

    /// After an array's item: true if another follows, false at its end (consumed).
    fn more(&mut self) -> Option<bool> {
        Some(!self.list_end(b']')?)
    }

    /// A node's opening and its `type`, which must come first.
    fn node_type(&mut self) -> Option<&'a str> {
        self.eat(b'{')?;
        (self.key()? == "type").then_some(())?;
        self.string()
    }

    /// The next key after a node's `type`, or `None` at the node's end (consumed): only `attrs`, `content`, `text`
    /// and `marks`, none given twice (`seen` holds a bit per key given).
    fn next_key(&mut self, seen: &mut u8) -> Option<Option<Key>> {
        match self.peek()? {
            b'}' => {
                self.pos += 1;
                Some(None)
            }
            b',' => {
                self.pos += 1;
                let key = match self.key()? {
                    "attrs" => Key::Attrs,
                    "content" => Key::Content,
                    "text" => Key::Text,
                    "marks" => Key::Marks,
                    _ => return None,
                };
                let bit = 1 << key as u8;
                (*seen & bit == 0).then_some(())?;
                *seen |= bit;
                Some(Some(key))
            }
            _ => None,
        }
    }

    /// The document's `content`: each block written, or read as a node and written by `write` where it is not.
    fn top_blocks(&mut self) -> Option<()> {
        let mut fallback: Option<Blocks<'a>> = None;
        let mut prev = (Family::None, false);
        let mut more = self.open()?;
        let mut first = true;
        while more {
            if !first {
                self.out.push_str("\n\n");
            }
            first = false;
            let (start, at) = (self.out.len(), self.pos);
            prev = match self.block(prev) {
                Some(next) => next,
                None => {
                    self.out.truncate(start);
                    let (node, end) = fallback.get_or_insert_with(|| Blocks::new(self.text)).block_at(at)?;
                    let fam = family_of(node.ty());
                    let alt = fam != Family::None && prev.0 == fam && !prev.1;
                    top_block_into(&mut self.out, &node, alt);
                    self.pos = end;
                    (fam, alt)
                }
            };
            more = self.more()?;
        }
        Some(())
    }

    /// A top-level block written (`prev`: the previous block's list family and marker), or `None`.
    fn block(&mut self, prev: (Family, bool)) -> Option<(Family, bool)> {
        let ty = self.node_type()?;
        let fam = family_of(ty);
        let alt = fam != Family::None && prev.0 == fam && !prev.1;
        match ty {
            "paragraph" => self.paragraph()?,
            "heading" => self.heading()?,
            "bulletList" => self.list(false, alt, 0, 0)?,
            "orderedList" => self.list(true, alt, 0, 0)?,
            "taskList" => self.task_list(alt)?,
            "codeBlock" => self.code_block()?,
            "blockquote" => self.quoted(false)?,
            "panel" => self.quoted(true)?,
            "table" => self.table()?,
            _ => return None,
        }
        Some((fam, alt))
    }

    /// Inline `content` into [`Stream::items`]: text nodes and mentions.
    fn inline(&mut self) -> Option<()> {
        self.items.clear();
        let mut more = self.open()?;
        while more {
            let mut seen = 0;
            let item = match self.node_type()? {
                "text" => {
                    let (mut text, mut mark) = (None, Mark::None);
                    while let Some(key) = self.next_key(&mut seen)? {
                        match key {
                            Key::Text => text = Some(self.string()?),
                            Key::Marks => mark = self.marks()?,
                            _ => return None,
                        }
                    }
                    Item::Text { text: text?, mark, plain: false }
                }
                "mention" => {
                    let mut attrs = None;
                    while let Some(key) = self.next_key(&mut seen)? {
                        (key == Key::Attrs).then_some(())?;
                        attrs = Some(self.attrs()?);
                    }
                    let attrs = attrs?;
                    attrs.within(&["id", "text"]).then_some(())?;
                    Item::Mention { id: attrs.str("id")?, text: attrs.str("text")? }
                }
                _ => return None,
            };
            self.items.push(item);
            more = self.more()?;
        }
        Some(())
    }

    /// A text node's `marks`: none, or one of strong, em, strike, code (no `attrs`) or a link (`attrs` an `href`).
    fn marks(&mut self) -> Option<Mark<'a>> {
        if !self.open()? {
            return Some(Mark::None);
        }
        self.eat(b'{')?;
        let (mut ty, mut href) = (None, None);
        loop {
            match self.key()? {
                "type" if ty.is_none() => ty = Some(self.string()?),
                "attrs" if href.is_none() => {
                    let attrs = self.attrs()?;
                    (attrs.len == 1).then_some(())?;
                    href = Some(attrs.str("href")?);
                }
                _ => return None,
            }
            if self.list_end(b'}')? {
                break;
            }
        }
        // One mark only.
        self.eat(b']')?;
        match (ty?, href) {
            ("strong", None) => Some(Mark::Strong),
            ("em", None) => Some(Mark::Em),
            ("strike", None) => Some(Mark::Strike),
            ("code", None) => Some(Mark::Code),
            ("link", Some(href)) => Some(Mark::Link(href)),
            _ => None,
        }
    }

    /// The rest of a paragraph (after its `type`), read into [`Stream::items`] and checked, not written.
    fn paragraph_items(&mut self) -> Option<()> {
        let (mut seen, mut content) = (0, false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                Key::Attrs => self.attrs()?.within(&["localId"]).then_some(())?,
                Key::Content => {
                    content = true;
                    self.inline()?;
                }
                _ => return None,
            }
        }
        (content && inline::proven(&mut self.items)).then_some(())
    }

    /// The rest of a paragraph (after its `type`), written.
    fn paragraph(&mut self) -> Option<()> {
        self.paragraph_items()?;
        inline::write(&mut self.out, &self.items);
        Some(())
    }

    /// The rest of a heading, written: `## text`.
    fn heading(&mut self) -> Option<()> {
        let (mut seen, mut level, mut content) = (0, None, false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                Key::Attrs => {
                    let attrs = self.attrs()?;
                    attrs.within(&["level", "localId"]).then_some(())?;
                    level = match attrs.get("level")? {
                        Val::Num(n @ 1..=6) => usize::try_from(n).ok(),
                        _ => None,
                    };
                }
                Key::Content => {
                    content = true;
                    self.inline()?;
                }
                _ => return None,
            }
        }
        (content && inline::proven(&mut self.items)).then_some(())?;
        self.out.push_str("######".get(..level?)?);
        self.out.push(' ');
        inline::write(&mut self.out, &self.items);
        Some(())
    }
}

#[cfg(test)]
mod tests;
