//! Nodes read straight from JSON text by a byte scanner of their grammar: an object per node, its `type`, `text`
//! and keys borrowed from the text when they hold no escape, its `content` an array of nodes, and only the values
//! of `attrs`, `marks` and other keys read as `serde_json::Value`s (by `serde_json` itself, from their slice of
//! the text, so they are the values a `Value` of the whole document would hold).
//!
//! The scanner accepts only what `serde_json` reads the same way; anything else (invalid JSON, nesting at
//! `serde_json`'s recursion limit, a string escape it would reject) declines, and the caller takes the `Value`
//! path, which gives the same output or the same error.

use std::borrow::Cow;
use std::rc::Rc;

use serde_json::Value;

use super::{ATTRS, CONTENT, FLAT, Flat, Held, MARKS, MAX_KEYS, Node, OTHER, Source, TEXT, TYPE, key_code, marks_ok};
use crate::adf::MAX_DEPTH;

/// The deepest JSON nesting read: `serde_json` fails past 127 levels, and this stays below that.
const MAX_NESTING: usize = 120;

/// True if a byte of `word` (eight bytes of a string) may be a quote, a backslash or a control character: one
/// that ends a plain run of the string (a byte after such a byte may be flagged too).
#[inline(always)]
pub(in crate::adf) fn may_end_run(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero_byte = |x: u64, below: u64| x.wrapping_sub(ONES * below) & !x;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    (zero_byte(quote, 1) | zero_byte(backslash, 1) | zero_byte(word, 0x20)) & (ONES << 7) != 0
}

/// The [`Reader::seen`] slot of a value's text: a multiplicative hash of its eight-byte words (and its last bytes),
/// its top byte the slot.
fn slot_of(text: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut words = text.chunks_exact(8);
    let mut hash = words
        .by_ref()
        .fold(text.len() as u64, |h, w| mix(h, u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default())));
    let mut last = [0u8; 8];
    let tail = words.remainder();
    last[..tail.len()].copy_from_slice(tail);
    hash = mix(hash, u64::from_le_bytes(last));
    // SEEN is 256: the top byte, where the multiplication mixed every bit of the input.
    (hash >> 56) as usize % SEEN
}

/// A position in the JSON text being read.
pub(super) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// `attrs` and `marks` already read, by a hash of their text: the same text is the same `Value`.
    seen: Vec<Option<(&'a str, Rc<Value>)>>,
    /// The nodes read whose `content` array is not yet closed, in document order: a node is read onto it, and
    /// when its parent's array closes the parent's children are moved off it at once into a slice of their exact
    /// length (no `Vec` per `content` grown a node at a time).
    stack: Vec<Node<'a>>,
}

/// The number of [`Reader::seen`] slots.
const SEEN: usize = 256;

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub(super) fn new(text: &'a str) -> Reader<'a> {
        Reader { text, pos: 0, seen: vec![None; SEEN], stack: Vec::new() }
    }

    #[inline(always)]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after any whitespace (JSON's four characters), not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `b` (after whitespace), or declines.
    #[inline(always)]
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    /// True at the end of the text (after whitespace).
    pub(super) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// A string (after whitespace), borrowed when it holds no escape.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        loop {
            // Eight bytes at a time up to the first that may end the run, then that byte.
            while let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                if may_end_run(u64::from_le_bytes(word)) {
                    break;
                }
                i += 8;
            }
            // The flagged word (or the last bytes) a byte at a time.
            let end = bytes.len().min(i + 8);
            while i < end {
                match bytes[i] {
                    b'"' => {
                        self.pos = i + 1;
                        return Some(Cow::Borrowed(self.text.get(start..i)?));
                    }
                    b'\\' => return self.unescape(start, i).map(Cow::Owned),
                    b if b < 0x20 => return None,
                    _ => i += 1,
                }
            }
            if i == bytes.len() {
                return None;
            }
        }
    }

    /// The rest of a string that holds an escape: `start` is its first byte, `i` its first backslash.
    #[cold]
    fn unescape(&mut self, start: usize, mut i: usize) -> Option<String> {
        let bytes = self.bytes();
        let mut out = String::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            match *bytes.get(i)? {
                b'"' => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..i]);
                    let escaped = *bytes.get(i + 1)?;
                    i += 2;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4(i)?;
                            i += 4;
                            let code = if (0xD800..0xDC00).contains(&high) {
                                // A leading surrogate: `serde_json` wants its trailing one right after it.
                                (bytes.get(i..i + 2)? == b"\\u").then_some(())?;
                                let low = self.hex4(i + 2)?;
                                (0xDC00..0xE000).contains(&low).then_some(())?;
                                i += 6;
                                0x1_0000 + ((high - 0xD800) << 10 | (low - 0xDC00))
                            } else {
                                high
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    });
                    run = i;
                }
                b if b < 0x20 => return None,
                _ => i += 1,
            }
        }
    }

    /// The four hex digits at `i`.
    fn hex4(&self, i: usize) -> Option<u32> {
        let digits = self.bytes().get(i..i + 4)?;
        digits.iter().try_fold(0, |n, &d| Some(n << 4 | char::from(d).to_digit(16)?))
    }

    /// Any JSON value (after whitespace) at `nesting` levels: built directly when it holds only strings, objects,
    /// arrays, literals and small unsigned integers (as `serde_json` builds them), else read by `serde_json` from
    /// its slice of the text.
    fn value(&mut self, nesting: usize) -> Option<Value> {
        self.peek()?;
        let start = self.pos;
        if let Some(value) = self.plain_value(nesting) {
            return Some(value);
        }
        self.pos = start;
        self.skip(nesting)?;
        serde_json::from_str(self.text.get(start..self.pos)?).ok()
    }

    /// [`Reader::value`] shared with the last value of the same text (at most one per [`SEEN`] slot).
    fn shared_value(&mut self, nesting: usize) -> Option<Rc<Value>> {
        self.peek()?;
        let start = self.pos;
        self.skip(nesting)?;
        let end = self.pos;
        let text = self.text.get(start..end)?;
        let slot = slot_of(text.as_bytes());
        if let Some((seen, value)) = &self.seen[slot] {
            if *seen == text {
                return Some(Rc::clone(value));
            }
        }
        self.pos = start;
        let value = Rc::new(self.value(nesting)?);
        // A valid value ends where it was skipped to; anything else is not JSON.
        (self.pos == end).then_some(())?;
        self.seen[slot] = Some((text, Rc::clone(&value)));
        Some(value)
    }

    /// An object (after whitespace) at `nesting` levels whose keys and values are all strings without escapes, no
    /// key given twice and at most [`FLAT`] keys: their number and the keys and values ([`Held::Flat`]). Else `None`,
    /// the position unchanged.
    fn flat_object(&mut self, nesting: usize) -> Option<(usize, [(&'a str, &'a str); FLAT])> {
        let at = self.pos;
        let pairs = self.flat_object_pairs(nesting);
        if pairs.is_none() {
            self.pos = at;
        }
        pairs
    }

    fn flat_object_pairs(&mut self, nesting: usize) -> Option<(usize, [(&'a str, &'a str); FLAT])> {
        (nesting + 1 < MAX_NESTING).then_some(())?;
        self.eat(b'{')?;
        let mut pairs = [("", ""); FLAT];
        let mut count = 0;
        if self.peek()? != b'}' {
            loop {
                let Cow::Borrowed(key) = self.string()? else { return None };
                (count < pairs.len() && !pairs[..count].iter().any(|(k, _)| *k == key)).then_some(())?;
                self.eat(b':')?;
                (self.peek()? == b'"').then_some(())?;
                let Cow::Borrowed(value) = self.string()? else { return None };
                pairs[count] = (key, value);
                count += 1;
                match self.peek()? {
                    b',' => self.pos += 1,
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        self.pos += 1;
        Some((count, pairs))
    }

    /// [`Reader::value`]'s direct build, or `None` (anything else, or invalid JSON: `serde_json` decides).
    fn plain_value(&mut self, nesting: usize) -> Option<Value> {
        Some(match self.peek()? {
            b'"' => Value::String(self.string()?.into_owned()),
            b'{' => {
                self.pos += 1;
                (nesting + 1 < MAX_NESTING).then_some(())?;
                let mut map = serde_json::Map::new();
                if self.peek()? == b'}' {
                    self.pos += 1;
                } else {
                    loop {
                        let key = self.string()?.into_owned();
                        self.eat(b':')?;
                        let value = self.plain_value(nesting + 1)?;
                        // As `serde_json` reads a map: a key given again replaces the value in its first place.
                        map.insert(key, value);
                        if self.list_end(b'}')? {
                            break;
                        }
                    }
                }
                Value::Object(map)
            }
            b'[' => {
                self.pos += 1;
                (nesting + 1 < MAX_NESTING).then_some(())?;
                let mut items = Vec::new();
                if self.peek()? == b']' {
                    self.pos += 1;
                } else {
                    loop {
                        items.push(self.plain_value(nesting + 1)?);
                        if self.list_end(b']')? {
                            break;
                        }
                    }
                }
                Value::Array(items)
            }
            b't' => self.literal(b"true", Value::Bool(true))?,
            b'f' => self.literal(b"false", Value::Bool(false))?,
            b'n' => self.literal(b"null", Value::Null)?,
            b'0'..=b'9' => {
                let bytes = self.bytes();
                let start = self.pos;
                let len = bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
                // Up to 19 digits always fit a `u64`; a leading zero, a fraction or an exponent go to `serde_json`.
                let next = bytes.get(start + len).copied().unwrap_or(b' ');
                if len > 19 || (len > 1 && bytes[start] == b'0') || matches!(next, b'.' | b'e' | b'E') {
                    return None;
                }
                self.pos += len;
                Value::from(self.text.get(start..start + len)?.parse::<u64>().ok()?)
            }
            _ => return None,
        })
    }

    /// `word` (whose first byte is next) as `value`.
    fn literal(&mut self, word: &[u8], value: Value) -> Option<Value> {
        (self.bytes().get(self.pos..self.pos + word.len())? == word).then(|| {
            self.pos += word.len();
            value
        })
    }

    /// After an item of an object or array: true at its `close` (consumed), false after a comma, else `None`.
    fn list_end(&mut self, close: u8) -> Option<bool> {
        let b = self.peek()?;
        self.pos += 1;
        if b == close { Some(true) } else { (b == b',').then_some(false) }
    }

    /// Steps over a value (after whitespace) at `nesting` levels. Its syntax is checked by `serde_json` when it is
    /// read; this only has to find the end of a valid one, so a key reads as a value and a colon as a comma.
    fn skip(&mut self, nesting: usize) -> Option<()> {
        let bytes = self.bytes();
        let mut depth = nesting;
        loop {
            // A value, or the end of an empty object or array.
            match self.peek()? {
                b'"' => {
                    let mut i = self.pos + 1;
                    loop {
                        match *bytes.get(i)? {
                            b'"' => break,
                            b'\\' => i += 2,
                            _ => i += 1,
                        }
                    }
                    self.pos = i + 1;
                }
                b'{' | b'[' => {
                    depth += 1;
                    if depth >= MAX_NESTING {
                        return None;
                    }
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' if depth > nesting => {
                    depth -= 1;
                    self.pos += 1;
                }
                _ => {
                    // A number or literal: up to the next delimiter.
                    let rest = &bytes[self.pos..];
                    let len =
                        rest.iter().position(|b| matches!(b, b',' | b':' | b'}' | b']' | b' ' | b'\n' | b'\t' | b'\r'));
                    self.pos += len.unwrap_or(rest.len()).max(1);
                }
            }
            // After a value: close what it ends, then on to the next key or value.
            loop {
                if depth == nesting {
                    return Some(());
                }
                match self.peek()? {
                    b',' | b':' => {
                        self.pos += 1;
                        break;
                    }
                    b'}' | b']' => {
                        self.pos += 1;
                        depth -= 1;
                    }
                    _ => return None,
                }
            }
        }
    }

    /// A node's key (after whitespace): its code, and the key itself when it is none of the five.
    fn key(&mut self) -> Option<(u64, Option<Cow<'a, str>>)> {
        self.eat(b'"')?;
        let start = self.pos;
        let bytes = self.bytes();
        // The five keys and their closing quote, matched on the next eight bytes as a number.
        if let Some(word) = bytes.get(start..start + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let word = u64::from_le_bytes(word);
            let is = |key: &[u8; 8], len: usize| word & (u64::MAX >> (64 - 8 * len)) == u64::from_le_bytes(*key);
            let found = if is(b"type\"\0\0\0", 5) {
                Some((TYPE, 5))
            } else if is(b"text\"\0\0\0", 5) {
                Some((TEXT, 5))
            } else if is(b"content\"", 8) {
                Some((CONTENT, 8))
            } else if is(b"attrs\"\0\0", 6) {
                Some((ATTRS, 6))
            } else if is(b"marks\"\0\0", 6) {
                Some((MARKS, 6))
            } else {
                None
            };
            if let Some((code, len)) = found {
                self.pos = start + len;
                return Some((code, None));
            }
        }
        let mut i = start;
        // Any other key without escapes is matched where it stands.
        while let Some(&b) = bytes.get(i) {
            match b {
                b'"' => {
                    let code = key_code(self.text.get(start..i)?);
                    if code != OTHER {
                        self.pos = i + 1;
                        return Some((code, None));
                    }
                    break;
                }
                b'\\' => break,
                _ => i += 1,
            }
        }
        self.pos = start - 1;
        let key = self.string()?;
        Some((key_code(&key), Some(key)))
    }

    /// The top-level block (an object) at `at` of a document's text, read as [`Doc::parse`](super::Doc::parse)
    /// reads it, and the position after it.
    pub(super) fn block_at(&mut self, at: usize) -> Option<(Node<'a>, usize)> {
        self.pos = at;
        self.node(1, 2)?;
        Some((self.stack.pop()?, self.pos))
    }

    /// The root node (an object, after whitespace), read as a node at depth 0 (its children at 1, as the check
    /// counts them).
    pub(super) fn root(&mut self) -> Option<Node<'a>> {
        self.node(0, 0)?;
        self.stack.pop()
    }

    /// A node (an object, after whitespace) at `depth` nodes deep and `nesting` JSON levels, pushed on
    /// [`Reader::stack`].
    fn node(&mut self, depth: usize, nesting: usize) -> Option<()> {
        if depth > MAX_DEPTH || nesting >= MAX_NESTING {
            return None;
        }
        self.eat(b'{')?;
        let nesting = nesting + 1;
        let (mut ty, mut text, mut attrs, mut marks, mut content) = (None, None, None, None, None);
        let mut rest: Vec<(Cow<'a, str>, Value)> = Vec::new();
        let mut order = 0u64;
        let mut count = 0;
        if self.peek()? == b'}' {
            self.pos += 1;
            return None;
        }
        loop {
            if count == MAX_KEYS {
                return None;
            }
            let (code, key) = self.key()?;
            self.eat(b':')?;
            let fresh = match code {
                TYPE => {
                    // An escaped `type` (never seen in practice) declines: the `Value` path reads it.
                    let Cow::Borrowed(t) = self.string()? else { return None };
                    ty.replace(t).is_none()
                }
                TEXT => text.replace(self.string()?).is_none(),
                ATTRS => {
                    let held = match self.flat_object(nesting) {
                        Some((0, _)) => Held::Empty,
                        Some((len, pairs)) => Held::Flat(Box::new(Flat::new(len, pairs))),
                        None => {
                            let value = self.shared_value(nesting)?;
                            value.is_object().then_some(())?;
                            Held::Owned(value)
                        }
                    };
                    attrs.replace(held).is_none()
                }
                MARKS => {
                    let value = self.shared_value(nesting)?;
                    marks_ok(&value) && marks.replace(value).is_none()
                }
                CONTENT => content.replace(self.children(depth + 1, nesting)?).is_none(),
                _ => {
                    let value = self.value(nesting)?;
                    let key = key?;
                    let fresh = !rest.iter().any(|(k, _)| *k == key);
                    rest.push((key, value));
                    fresh
                }
            };
            if !fresh {
                return None;
            }
            order |= code << (3 * count);
            count += 1;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        let ty = ty?;
        if ty == "text" && text.is_none() {
            return None;
        }
        self.stack.push(Node {
            ty,
            text,
            attrs,
            marks: marks.map(Held::Owned),
            content,
            other: !rest.is_empty(),
            plain: std::cell::Cell::new(false),
            source: Source::Keys { order, rest: rest.into_boxed_slice() },
        });
        Some(())
    }

    /// A `content` array of nodes at `depth`, inside `nesting` JSON levels.
    fn children(&mut self, depth: usize, nesting: usize) -> Option<Box<[Node<'a>]>> {
        self.eat(b'[')?;
        let first = self.stack.len();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(Box::default());
        }
        loop {
            self.node(depth, nesting + 1)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(self.stack.split_off(first).into_boxed_slice());
                }
                _ => return None,
            }
        }
    }
}
