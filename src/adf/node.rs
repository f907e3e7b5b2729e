//! The ADF node the writers read: `type`, `text`, `attrs`, `marks` and `content` held apart, strings borrowed.
//!
//! A node comes either straight from JSON text ([`Doc::parse`], the `adfToMarkdown` export and the engine's pull,
//! read by the byte scanner in `read`: no `serde_json::Value` of the document is ever built, only of each node's
//! `attrs` and `marks`) or from a
//! `Value` the caller already holds ([`Node::from_value`], the engine's rich-text fields, the wiki writer's
//! proven subset), borrowing its strings. Either way the writers find a node's parts without searching its keys.
//!
//! The reversible forms need a node's exact JSON ([`Node::value`]): a node read from a `Value` lends it, a node
//! read from text rebuilds it from its parts in the order its keys came (other keys are kept as they were).
//!
//! [`Doc::parse`] folds the shape check (`check`) into the parse: anything the check would reject, and anything
//! unusual that a `Value` would read differently (a key given twice, more than [`MAX_KEYS`] keys), makes it
//! decline, and the caller takes the `Value` path, which gives the same output or the same error.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::rc::Rc;

use serde_json::Value;

use super::json::Field;

mod read;

pub(super) use read::may_end_run;

/// The most keys a node read from text may have (their order is kept in three bits each of a `u64`).
const MAX_KEYS: usize = 21;

/// Key codes in [`Source::Keys`]' order.
const TYPE: u64 = 1;
const TEXT: u64 = 2;
const ATTRS: u64 = 3;
const MARKS: u64 = 4;
const CONTENT: u64 = 5;
const OTHER: u64 = 6;

/// A node's `attrs` or `marks`: the caller's `Value`, or one read from text (shared: nodes whose `attrs` or `marks`
/// have the same text share one `Value`, and a small node is cheaper to move), or `attrs` read from text that are
/// a flat object of strings.
#[derive(Debug)]
enum Held<'a> {
    Borrowed(&'a Value),
    Owned(Rc<Value>),
    /// An object of one to [`FLAT`] keys whose keys and values are all strings without escapes, given twice by no
    /// key: its keys and values borrowed, in their order; its `Value` is built when first asked for (most nodes'
    /// `attrs` are only looked up: a task item's `localId` and `state`, a mention's `id`).
    Flat(Box<Flat<'a>>),
    /// An empty object (`{}`, a table cell's usual `attrs`).
    Empty,
}

/// The most keys of a [`Held::Flat`] object.
pub(super) const FLAT: usize = 4;

/// [`Held::Flat`]'s keys and values.
#[derive(Debug)]
pub(super) struct Flat<'a> {
    pub len: usize,
    pub pairs: [(&'a str, &'a str); FLAT],
    value: OnceCell<Rc<Value>>,
}

impl<'a> Flat<'a> {
    /// The first `len` of `pairs`.
    pub(super) fn new(len: usize, pairs: [(&'a str, &'a str); FLAT]) -> Flat<'a> {
        Flat { len, pairs, value: OnceCell::new() }
    }

    /// The object as a `Value`, built the first time.
    fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            let map = self.pairs().iter().map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned()))).collect();
            Rc::new(Value::Object(map))
        })
    }

    /// The keys and values, in their order.
    fn pairs(&self) -> &[(&'a str, &'a str)] {
        self.pairs.get(..self.len).unwrap_or_default()
    }

    /// True if every key is one of `allowed`.
    fn keys_within(&self, allowed: &[&str]) -> bool {
        self.pairs().iter().all(|(k, _)| allowed.contains(k))
    }

    /// The value of `key`.
    fn get(&self, key: &str) -> Option<&'a str> {
        self.pairs().iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// The empty object, for [`Held::Empty`].
static EMPTY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();

impl Held<'_> {
    #[inline]
    fn get(&self) -> &Value {
        match self {
            Held::Borrowed(v) => v,
            Held::Owned(v) => v,
            Held::Flat(flat) => flat.value(),
            Held::Empty => EMPTY.get_or_init(|| Value::Object(serde_json::Map::new())),
        }
    }
}

/// Where a node's exact JSON comes from.
#[derive(Debug)]
enum Source<'a> {
    /// The `Value` the node was read from.
    Value(&'a Value),
    /// The node's keys in their order (a [`TYPE`]…[`OTHER`] code per three bits, lowest first) and the values of
    /// the keys other than the five.
    Keys { order: u64, rest: Box<[(Cow<'a, str>, Value)]> },
}

/// An ADF node (or, from a `Value`, anything in a node's place: a non-object has no parts).
#[derive(Debug)]
pub(crate) struct Node<'a> {
    /// `type` (a node read from text whose `type` holds an escape is left to the `Value` path).
    ty: &'a str,
    text: Option<Cow<'a, str>>,
    attrs: Option<Held<'a>>,
    marks: Option<Held<'a>>,
    /// `content`, exactly as long as it is (built once from the reader's stack or the checked `Vec`: no spare room).
    content: Option<Box<[Node<'a>]>>,
    /// True if the node has a key other than the five.
    pub other: bool,
    /// Set by [`super::proven`] when its alphabet scan found `text` plain for the Markdown escaper (a property of
    /// the text alone, see [`Node::plain_text`]), so the writer does not scan it again.
    plain: std::cell::Cell<bool>,
    source: Source<'a>,
}

impl<'a> Node<'a> {
    /// The node `value` borrowed (its `content` read the same way, all the way down), unchecked: anything in a
    /// node's place reads as something (a non-object has no parts, `content` that is not an array no children).
    pub(crate) fn from_value(value: &'a Value) -> Node<'a> {
        super::check::read_unchecked(value)
    }

    /// The node `value` of these parts, its children already read (by the shape check, which finds the parts).
    pub(crate) fn borrowed(
        value: &'a Value,
        ty: &'a str,
        text: Option<&'a str>,
        attrs: Option<&'a Value>,
        marks: Option<&'a Value>,
        content: Option<Box<[Node<'a>]>>,
        other: bool,
    ) -> Node<'a> {
        Node {
            ty,
            text: text.map(Cow::Borrowed),
            attrs: attrs.map(Held::Borrowed),
            marks: marks.map(Held::Borrowed),
            content,
            other,
            plain: std::cell::Cell::new(false),
            source: Source::Value(value),
        }
    }

    /// True if `text` is known to be left as it is by the Markdown escaper wherever it stands, but for its ends
    /// (`safety::escape_text_plain`): noted by [`super::proven`]'s alphabet scan ([`Node::note_plain_text`]).
    pub(crate) fn plain_text(&self) -> bool {
        self.plain.get()
    }

    /// Notes that `text` is plain for the Markdown escaper (see [`Node::plain_text`]).
    pub(crate) fn note_plain_text(&self) {
        self.plain.set(true);
    }

    /// `type` when it is a string, else "".
    pub(crate) fn ty(&self) -> &str {
        self.ty
    }

    /// `text` as a string.
    pub(crate) fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// `attrs`, if present.
    pub(crate) fn attrs(&self) -> Option<&Value> {
        self.attrs.as_ref().map(Held::get)
    }

    /// `marks`, if present.
    pub(crate) fn marks(&self) -> Option<&Value> {
        self.marks.as_ref().map(Held::get)
    }

    /// `marks` as a slice (empty when absent or not an array).
    pub(crate) fn mark_list(&self) -> &[Value] {
        self.marks().and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// True if the node has `content`.
    pub(crate) fn has_content(&self) -> bool {
        self.content.is_some()
    }

    /// `content` as a slice (empty when absent).
    pub(crate) fn children(&self) -> &[Node<'a>] {
        self.content.as_deref().unwrap_or(&[])
    }

    /// `marks` absent or an empty array.
    pub(crate) fn no_marks(&self) -> bool {
        self.marks().is_none_or(|m| m.as_array().is_some_and(Vec::is_empty))
    }

    /// `attrs` absent, or an object of keys from `allowed` only.
    pub(crate) fn attrs_within(&self, allowed: &[&str]) -> bool {
        let within = |a: &serde_json::Map<String, Value>| a.keys().all(|k| allowed.contains(&k.as_str()));
        match &self.attrs {
            None | Some(Held::Empty) => true,
            Some(Held::Flat(flat)) => flat.keys_within(allowed),
            Some(held) => held.get().as_object().is_some_and(within),
        }
    }

    /// `attrs` absent or not an object, or an object of keys from `allowed` only (the writers' lenient test).
    pub(crate) fn attrs_lenient(&self, allowed: &[&str]) -> bool {
        let within = |a: &serde_json::Map<String, Value>| a.keys().all(|k| allowed.contains(&k.as_str()));
        match &self.attrs {
            None | Some(Held::Empty) => true,
            Some(Held::Flat(flat)) => flat.keys_within(allowed),
            Some(held) => held.get().as_object().is_none_or(within),
        }
    }

    /// `marks` absent, not an array or empty (the writers' lenient test).
    pub(crate) fn unmarked(&self) -> bool {
        self.marks().and_then(Value::as_array).is_none_or(Vec::is_empty)
    }

    /// `attrs[key]`.
    pub(crate) fn attr(&self, key: &str) -> Option<&Value> {
        match &self.attrs {
            None | Some(Held::Empty) => None,
            // A key the flat object does not hold needs no `Value` built.
            Some(held @ Held::Flat(flat)) => flat.get(key).and_then(|_| held.get().field(key)),
            Some(held) => held.get().field(key),
        }
    }

    /// `attrs[key]` as a string.
    pub(crate) fn attr_str(&self, key: &str) -> Option<&str> {
        match &self.attrs {
            None | Some(Held::Empty) => None,
            Some(Held::Flat(flat)) => flat.get(key),
            Some(held) => held.get().field(key).and_then(Value::as_str),
        }
    }

    /// The node as JSON, exactly as it was read (keys in their order).
    pub(crate) fn value(&self) -> Cow<'a, Value> {
        let (order, rest) = match &self.source {
            Source::Value(v) => return Cow::Borrowed(v),
            Source::Keys { order, rest } => (*order, rest),
        };
        let mut map = serde_json::Map::new();
        let mut rest = rest.iter();
        let mut codes = order;
        while codes != 0 {
            let (key, value) = match codes & 7 {
                TYPE => ("type", Value::String(self.ty.to_owned())),
                TEXT => ("text", Value::String(self.text().unwrap_or_default().to_owned())),
                ATTRS => ("attrs", self.attrs().cloned().unwrap_or_default()),
                MARKS => ("marks", self.marks().cloned().unwrap_or_default()),
                CONTENT => ("content", Value::Array(self.children().iter().map(|c| c.value().into_owned()).collect())),
                _ => match rest.next() {
                    Some((k, v)) => {
                        map.insert(k.to_string(), v.clone());
                        codes >>= 3;
                        continue;
                    }
                    None => break,
                },
            };
            map.insert(key.to_owned(), value);
            codes >>= 3;
        }
        Cow::Owned(Value::Object(map))
    }

    /// This text node with `more` appended to its text (adjacent text nodes with the same marks written as one).
    /// Only for plain text nodes (no keys but `type`, `text` and `marks`), which is all the inline writer merges.
    pub(crate) fn with_text_appended(&self, more: &str) -> Node<'a> {
        let order = match &self.source {
            // The exact JSON is rebuilt from the parts from now on, keys in their order.
            Source::Value(v) => {
                v.as_object().into_iter().flatten().enumerate().fold(0, |o, (i, (k, _))| o | key_code(k) << (3 * i))
            }
            Source::Keys { order, .. } => *order,
        };
        let marks = self.marks.as_ref().map(|m| match m {
            Held::Borrowed(v) => Held::Borrowed(v),
            Held::Owned(v) => Held::Owned(Rc::clone(v)),
            Held::Flat(flat) => Held::Flat(Box::new(Flat::new(flat.len, flat.pairs))),
            Held::Empty => Held::Empty,
        });
        Node {
            ty: self.ty,
            text: Some(Cow::Owned(format!("{}{more}", self.text().unwrap_or_default()))),
            attrs: None,
            marks,
            content: None,
            other: false,
            plain: std::cell::Cell::new(false),
            source: Source::Keys { order, rest: Box::default() },
        }
    }
}

fn key_code(key: &str) -> u64 {
    match key.as_bytes() {
        b"type" => TYPE,
        b"text" => TEXT,
        b"attrs" => ATTRS,
        b"marks" => MARKS,
        b"content" => CONTENT,
        _ => OTHER,
    }
}

/// A document's blocks read straight from its JSON text.
pub(crate) struct Doc<'a> {
    /// The document's `content`.
    pub content: Box<[Node<'a>]>,
}

impl<'a> Doc<'a> {
    /// The document in `json`, or `None` when it is not a document the shape check accepts or it holds
    /// something a `Value` would read differently (the caller then reads it as a `Value`).
    pub(crate) fn parse(json: &'a str) -> Option<Doc<'a>> {
        let mut reader = read::Reader::new(json);
        // The root is read as a node at depth 0 (its children at 1, as the check counts), `version` among its other
        // keys; what a node may not hold and a root may (a `text` that is not a string, …) declines.
        let root = reader.root()?;
        reader.at_end().then_some(())?;
        let Source::Keys { rest, .. } = &root.source else { return None };
        let version = rest.iter().find(|(k, _)| k == "version").map(|(_, v)| v.as_u64());
        (root.ty() == "doc" && version == Some(Some(1))).then_some(())?;
        root.content.map(|content| Doc { content })
    }
}

/// A document's top-level blocks read one at a time from its JSON text (for the blocks `super::stream` does not
/// write itself).
pub(crate) struct Blocks<'a>(read::Reader<'a>);

impl<'a> Blocks<'a> {
    /// A reader of the blocks of the document in `json`.
    pub(crate) fn new(json: &'a str) -> Blocks<'a> {
        Blocks(read::Reader::new(json))
    }

    /// The top-level block whose object starts at byte `at` (after whitespace), read as [`Doc::parse`] reads it,
    /// and the position after it; `None` where [`Doc::parse`] would decline.
    pub(crate) fn block_at(&mut self, at: usize) -> Option<(Node<'a>, usize)> {
        self.0.block_at(at)
    }
}

/// `marks` as the shape check wants them: an array of objects, each with a string `type` and `attrs` absent or
/// an object.
fn marks_ok(marks: &Value) -> bool {
    marks.as_array().is_some_and(|marks| {
        marks.iter().all(|m| {
            m.is_object()
                && m.field("type").is_some_and(Value::is_string)
                && m.field("attrs").is_none_or(Value::is_object)
        })
    })
}

#[cfg(test)]
mod tests;
