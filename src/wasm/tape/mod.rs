//! A flat encoding of a serde value for one fast crossing into JavaScript: [`encode_note`] writes a parsed note as
//! three flat buffers, and `decodeTape` (JavaScript, in [`decode`]) rebuilds it there as plain objects. The note's
//! own structs are written directly ([`note_writer`]); its front matter, and any value in the tests (`encode`),
//! through this module's serde `Serializer`, which defines the tape: the direct writer must match it op for op.
//!
//! Building the value property by property through the boundary makes one call into JavaScript per property,
//! string and object (a note with 250,000 tasks made tens of millions of them), and JSON text makes the engine
//! scan every string twice. The tape crosses as three arguments instead (two typed-array views and one string)
//! and is rebuilt in JavaScript without further calls. The result is the value `JSON.parse` makes of the
//! value's serde_json text: structs and maps become plain objects, sequences arrays, `None` and `()` `null`,
//! enum unit variants their name, `char`s one-character strings, and integers beyond ±(2^53 − 1) are an error
//! rather than a rounded number.
//!
//! The tape: `ops` holds one op per value (low 3 bits, [`Op`]) and, for strings, the string's length in
//! UTF-16 code units above them. Numbers go to `nums` in order, string contents to `strs` back to back; a
//! `Null` op with 1 above its bits is the previous string value again (a task's `text` and `description` are
//! usually one text), its contents not repeated.
//!
//! Keys (field names and map keys alike) are written once per call: the first use of a key is a `Str` op, which
//! also appends it to the decoder's key table; later uses are `End`'s bits with 2 + the key's table index above
//! them ([`ESCAPE`], `End` with 1 above, is no key). Every object has a *shape*, one per distinct key sequence:
//! shapes 1–8 are the note's own structs, the others are numbered from 9 in the order the first object of each
//! ends; the object's op carries it (patched when the object ends) above two mode bits:
//! - [`KEYED`]: key op, value, key op, value, … then `End`. A map, and the first object of each struct type.
//! - [`BARE`]: the values alone, one per key of the shape, no `End`: a struct whose type was seen before and
//!   whose fields are the ones it had then (same names, same order). Its shape is the one that struct type's
//!   first object had, so the decoder has met the shape's keys before. The note's own structs are known to
//!   both halves before the first op (shapes 1–8, [`note_shapes`]): they are bare from their first object.
//! - [`PREFIX`]: values for the first keys of the shape, then [`ESCAPE`], then key ops and values until `End`:
//!   a struct of a seen type whose fields differed at some point (a skipped field, another type of one name).
//!   Only the first part follows the shape; the object as a whole has no shape number.
//!
//! An array's op holds 1 + its length above the low bits and has no `End`; 0 (a length beyond the op's bits)
//! means values until `End`. So the decoder allocates arrays at their size and makes every object after the
//! first of a shape with a maker chosen once for that shape (an object literal for the note's own shapes, else
//! a copy of a template; see [`decode`]).

use std::cell::Cell;
use std::collections::BTreeMap;

use note_body::tape::{self, BARE, Buffers, MAX_SAFE, object_op};

#[cfg(test)]
use serde::Serialize;
use serde::ser;

pub use decode::decode_tape;
pub use note_writer::encode_note;

mod decode;
mod map_key;
mod note_shapes;
mod note_writer;
mod serializer;

/// The kinds of value on the tape that this module writes itself (the low 3 bits of an op; the numbers are
/// `note_body::tape`'s). Numbers ([`tape::NUMBER`]: the next number of `nums`) and strings ([`tape::STR`]: the
/// next `op >> 3` UTF-16 code units of `strs`) are written by [`Buffers`], whose writers the serializer shares
/// with the note writer.
#[derive(Clone, Copy)]
#[repr(u32)]
enum Op {
    Null = tape::NULL,
    False = tape::FALSE,
    True = tape::TRUE,
    /// Values until [`Op::End`].
    Array = tape::ARRAY,
    /// Key ops, each followed by a value, until [`Op::End`]. A key op is `Str` (a map key) or `Key`.
    Object = tape::OBJECT,
    /// Ends an array or object; as a key op with `op >> 3` ≥ 1, key number `(op >> 3) - 1` of the key table.
    End = tape::END,
}

/// The error for an integer beyond [`MAX_SAFE`] (the note writer's own message, for one wording).
fn unrepresentable(v: impl std::fmt::Display) -> Error {
    Error(format!("{v} can't be represented as a JavaScript number"))
}

/// A key op: key number `index` of the key table, `End`'s bits with 2 + the index above them (a bare `End`
/// ends the object, 1 above them is [`ESCAPE`]).
const fn key_op(index: u32) -> u32 {
    ((index + 2) << 3) | Op::End as u32
}

/// In a [`PREFIX`] object, where the values that follow its shape's keys end and key ops begin.
const ESCAPE: u32 = (1 << 3) | Op::End as u32;

/// Object mode (bits 3–4 of an object's op): key ops before the values, `End` after them. ([`BARE`]: the values
/// of the shape's keys alone, no `End`.)
const KEYED: u32 = 0;
/// Object mode: values of the shape's first keys, [`ESCAPE`], then key ops and values until `End`.
const PREFIX: u32 = 2;

/// Up to this many keys the key table is searched in order (a note's front matter keys: no allocation per key);
/// beyond, through [`Tape::key_index`]. At 16, a third of the generated vault's notes (6–21 front matter keys)
/// outgrew the search, and the index's `String` per key, its inserts and its drop were about 2 % of
/// `parseNote` there; a search in order compares lengths first and is cheaper up to a few tens of keys.
const LINEAR_KEYS: usize = 64;

/// The address and length of a `&'static str`: the same field name of one struct type on every object.
type StaticName = (usize, usize);

fn static_name(name: &'static str) -> StaticName {
    (name.as_ptr() as usize, name.len())
}

/// The encoded value, ready to cross into JavaScript.
#[derive(Debug, Default)]
pub struct Tape {
    /// Ops (see the module documentation), numbers in order and string contents back to back, with their writers.
    pub out: Buffers,
    /// Key → index in the key table once it holds more than [`LINEAR_KEYS`] keys (empty before: a short table
    /// is searched in order); a `BTreeMap`: the crate draws no random hash seeds.
    key_index: BTreeMap<String, u32>,
    /// The key table: per key index, where the key's text is in `strs` (start, byte length); a key's text is
    /// written there when it enters the table, and `strs` only grows, so the range stays valid.
    key_names: Vec<(usize, usize)>,
    /// Per key index, the address and length of the `&'static str` field name last found to be that key (0, 0:
    /// none): a struct's field names are the same static text on every object of its type, so an equal address
    /// and length is the same key without comparing bytes. Only static names are recorded: static memory is
    /// never freed, so an address can never come to hold another text.
    static_names: Vec<(usize, usize)>,
    /// The key-sequence trie: a node per key sequence seen at an object's start (node 0, the empty sequence);
    /// an open object is at the node of the keys it has so far, and objects that end at one node have one shape.
    trie: Vec<Node>,
    /// `(node, key index)` → child node, for the steps that are not a node's last one, sorted (a sorted list:
    /// a step leaves its node's last only where key sequences diverge, which is rare).
    children: Vec<((u32, u32), u32)>,
    /// Shapes numbered so far.
    shapes: u32,
    /// Open arrays and objects, innermost last.
    open: Vec<Frame>,
    /// The struct types seen so far, by name, with the shape and fields of their first object; the note's own
    /// first, from the first struct on (empty before).
    known: Vec<Known>,
}

/// A struct type met before (its name, and the shape and field names of its first, keyed, object), or one of
/// the note's own ([`note_shapes`]): their names and fields are matched by text once, then by address.
#[derive(Debug)]
struct Known {
    /// The name's address ((0, 0): a note shape not met yet in this call).
    name: StaticName,
    /// The name's text, for a note shape.
    name_text: &'static str,
    shape: u32,
    /// The field names' addresses ((0, 0): a note shape's field not met yet).
    fields: Vec<StaticName>,
    /// The field names' texts, for a note shape.
    texts: &'static [&'static str],
}

/// A node of [`Tape::trie`].
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The step last taken from this node, `(key index, child node)`, tried first ([`NO_KEY`]: none yet):
    /// objects of one type repeat their key sequence, so the next key is predicted by one comparison.
    last: (u32, u32),
    /// The 1-based shape number of objects ending here (0: none yet).
    shape: u32,
}

const ROOT: Node = Node { last: (NO_KEY, 0), shape: 0 };

/// An open array or object: where its op is (patched with its length or shape when it ends), how many values
/// it holds so far (arrays), its trie node (keyed objects) and how its keys are written.
#[derive(Debug)]
struct Frame {
    op: usize,
    items: u32,
    node: u32,
    keys: Keys,
}

/// How an open object writes its keys.
#[derive(Debug)]
enum Keys {
    /// Key ops (maps, arrays, the first object of a struct type being recorded elsewhere).
    Written,
    /// Key ops, and the field names kept: the first object of struct type `name`.
    Recording { name: StaticName, fields: Vec<StaticName> },
    /// No key ops: the fields so far are the first `at` of known struct `known`.
    Bare { known: u32, at: u32 },
    /// [`ESCAPE`] written after the first fields of known struct `known`; key ops since.
    Escaped { known: u32 },
}

/// Why a value cannot be encoded: an integer JavaScript numbers cannot hold, or a value kind JSON has none of.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl From<tape::Error> for Error {
    fn from(e: tape::Error) -> Self {
        Self(e.to_string())
    }
}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// Encodes `value`, reserving room for a value read from `text_len` bytes of text, so that the buffers of a
/// large value grow by copying rarely or never. The densest notes are task lists: a 40-byte task line makes
/// 24 ops (the task's object and its 23 values), 6 numbers and about 30 string bytes; prose makes far fewer.
/// Only the tests call it for a whole value (`parseNote` uses [`encode_note`], which they compare with it).
#[cfg(test)]
pub fn encode<T: Serialize + ?Sized>(value: &T, text_len: usize) -> Result<Tape> {
    let mut tape = Tape::default();
    tape.reset(text_len);
    value.serialize(&mut tape)?;
    Ok(tape)
}

/// A tape of at most this many bytes of buffers is kept for the next [`take`] (its buffers are reserved at about
/// 4.8 bytes per byte of text: a note of up to about 400 KB).
const KEEP_BYTES: usize = 2 << 20;

thread_local! {
    /// The last `parseNote`'s tape, emptied: a note's three buffers (about five times its text's size) were
    /// allocated and freed on every call, which was 3 % of `parseNote`'s time in dlmalloc.
    static KEPT: Cell<Option<Tape>> = const { Cell::new(None) };
}

/// A tape with nothing written yet, the note shapes known, and room for a value read from `text_len` bytes: the
/// one [`keep`] kept if there is one (its buffers keep their room).
fn take(text_len: usize) -> Tape {
    let mut tape = KEPT.take().unwrap_or_default();
    tape.reset(text_len);
    tape
}

/// Keeps `tape` for the next [`take`] unless its buffers are larger than [`KEEP_BYTES`] (then it is freed).
pub fn keep(tape: Tape) {
    let out = &tape.out;
    let bytes = out.ops.capacity() * 4 + out.nums.capacity() * 8 + out.strs.capacity();
    if bytes <= KEEP_BYTES {
        KEPT.set(Some(tape));
    }
}

impl Tape {
    /// Empties the tape, keeping the room its vectors have, and makes room for a value read from `text_len` bytes
    /// (see `encode` for the sizes).
    fn reset(&mut self, text_len: usize) {
        // Every field named, so that a new one cannot be forgotten here.
        let Tape { out, key_index, key_names, static_names, trie, children, shapes, open, known } = self;
        let Buffers { ops, nums, strs, last_string } = out;
        ops.clear();
        ops.reserve(text_len / 8 * 5);
        nums.clear();
        nums.reserve(text_len / 6);
        strs.clear();
        strs.reserve(text_len);
        *last_string = (0, 0);
        if !key_index.is_empty() {
            key_index.clear();
        }
        key_names.clear();
        static_names.clear();
        trie.clear();
        trie.push(ROOT);
        children.clear();
        // The note shapes are numbered already.
        *shapes = note_shapes::NOTE_SHAPES.len() as u32;
        open.clear();
        // Filled with the note shapes at the first struct (see `Tape::open_struct`): `parseNote` writes the note's
        // structs without serde and its front matter holds none, so it never pays for them.
        known.clear();
    }

    #[inline(always)]
    fn op(&mut self, op: Op) {
        self.out.op(op as u32);
    }

    /// Writes a string value: [`tape::SAME_STRING`] when it equals the previous one, else its text.
    fn string(&mut self, s: &str) -> Result {
        Ok(self.out.string(s)?)
    }

    /// Writes a `Str` op and the text of `s` (a value or a new key).
    fn text(&mut self, s: &str) -> Result {
        Ok(self.out.text(s)?)
    }

    fn open(&mut self, op: Op) {
        self.open_with(op, Keys::Written);
    }

    fn open_with(&mut self, op: Op, keys: Keys) {
        self.open.push(Frame { op: self.out.ops.len(), items: 0, node: 0, keys });
        self.op(op);
    }

    /// Opens a struct of type `name`: bare when the type is known, else keyed and recorded.
    fn open_struct(&mut self, name: &'static str, len: usize) {
        if self.known.is_empty() {
            self.known = note_shapes::NOTE_SHAPES
                .iter()
                .zip(1..)
                .map(|(&(name_text, texts), shape)| Known {
                    name: (0, 0),
                    name_text,
                    shape,
                    fields: vec![(0, 0); texts.len()],
                    texts,
                })
                .collect();
        }
        let name_bytes = name.as_bytes();
        let name = static_name(name);
        let at = self.known.iter().position(|k| k.name == name).or_else(|| {
            // A note shape met for the first time: its address from now on.
            let at = self.known.iter().position(|k| k.name == (0, 0) && k.name_text.as_bytes() == name_bytes)?;
            self.known[at].name = name;
            Some(at)
        });
        let keys = match at {
            // The index fits: `known` grows by one per struct type, and there are far fewer than 2^32.
            Some(at) => Keys::Bare { known: at as u32, at: 0 },
            None => Keys::Recording { name, fields: Vec::with_capacity(len) },
        };
        self.open_with(Op::Object, keys);
    }

    /// Counts one more value in the innermost open array.
    fn item(&mut self) {
        if let Some(frame) = self.open.last_mut() {
            frame.items = frame.items.saturating_add(1);
        }
    }

    /// Ends an array: its length into its op, or an `End` when the length does not fit.
    fn close_array(&mut self) {
        if let Some(frame) = self.open.pop() {
            if let Some(len) = frame.items.checked_add(1).filter(|&l| l < 1 << 29) {
                self.out.ops[frame.op] = (len << 3) | Op::Array as u32;
                return;
            }
        }
        self.op(Op::End);
    }

    /// Ends an object: its shape and mode into its op, and the `End` that keyed and prefix objects have.
    fn close_object(&mut self) -> Result {
        let Some(frame) = self.open.pop() else {
            self.op(Op::End);
            return Ok(());
        };
        let (shape, mode) = match frame.keys {
            Keys::Bare { known, at } => {
                let known = &self.known[known as usize];
                if at as usize == known.fields.len() {
                    self.out.ops[frame.op] = object_op(known.shape, BARE);
                    return Ok(());
                }
                // Fewer fields than the type's first object had.
                self.out.ops.push(ESCAPE);
                (known.shape, PREFIX)
            }
            Keys::Escaped { known } => (self.known[known as usize].shape, PREFIX),
            Keys::Written | Keys::Recording { .. } => {
                let node = &mut self.trie[frame.node as usize];
                if node.shape == 0 {
                    let shape = self.shapes + 1;
                    if shape >= 1 << 27 {
                        return Err(Error("too many object shapes for the tape".to_owned()));
                    }
                    self.shapes = shape;
                    node.shape = shape;
                }
                let shape = node.shape;
                if let Keys::Recording { name, fields } = frame.keys {
                    // A struct of the same type nested in this one may have been recorded first.
                    if !self.known.iter().any(|k| k.name == name) {
                        self.known.push(Known { name, name_text: "", shape, fields, texts: &[] });
                    }
                }
                (shape, KEYED)
            }
        };
        self.out.ops[frame.op] = object_op(shape, mode);
        self.op(Op::End);
        Ok(())
    }

    #[inline(always)]
    fn number(&mut self, v: f64) {
        self.out.number(v);
    }

    /// Writes a struct's field name: nothing while a known struct's fields repeat its first object's, else as
    /// [`Tape::key`], recognising the name by its address first.
    #[inline(always)]
    fn static_key(&mut self, key: &'static str) -> Result {
        // The common case, inlined into every field's serialisation: the next field of a bare struct.
        if let Some(Frame { keys: Keys::Bare { known, at }, .. }) = self.open.last_mut() {
            if let Some(&(ptr, len)) = self.known.get(*known as usize).and_then(|k| k.fields.get(*at as usize)) {
                if ptr == key.as_ptr() as usize && len == key.len() {
                    *at += 1;
                    return Ok(());
                }
            }
        }
        self.static_key_written(key)
    }

    /// [`Tape::static_key`] where a key op is written (or the fields of a bare struct stop matching).
    #[inline(never)]
    fn static_key_written(&mut self, key: &'static str) -> Result {
        let name = static_name(key);
        match self.open.last_mut().map(|f| &mut f.keys) {
            Some(&mut Keys::Bare { known, at }) => {
                let k = &mut self.known[known as usize];
                if k.texts.get(at as usize) == Some(&key) {
                    // A note shape's field met for the first time: its address from now on.
                    k.fields[at as usize] = name;
                    if let Some(Frame { keys: Keys::Bare { at, .. }, .. }) = self.open.last_mut() {
                        *at += 1;
                    }
                    return Ok(());
                }
                // The fields stop following the type's first object.
                if let Some(frame) = self.open.last_mut() {
                    frame.keys = Keys::Escaped { known };
                }
                self.out.ops.push(ESCAPE);
                return self.key_number(key).map(drop);
            }
            Some(Keys::Escaped { .. }) => return self.key_number(key).map(drop),
            Some(Keys::Recording { fields, .. }) => fields.push(name),
            Some(Keys::Written) | None => {}
        }
        let node = self.open.last().map_or(0, |f| f.node);
        let (predicted, child) = self.trie[node as usize].last;
        if self.static_names.get(predicted as usize) == Some(&name) {
            // The predicted step: the node's last child.
            self.out.ops.push(key_op(predicted));
            if let Some(frame) = self.open.last_mut() {
                frame.node = child;
            }
            return Ok(());
        }
        let index = self.key_number(key)?;
        self.static_names[index as usize] = name;
        self.step(node, index)
    }

    /// Writes a key of the innermost open object.
    fn key(&mut self, key: &str) -> Result {
        let node = self.open.last().map_or(0, |f| f.node);
        let (predicted, _) = self.trie[node as usize].last;
        if self.key_name(predicted) == Some(key.as_bytes()) {
            self.out.ops.push(key_op(predicted));
            return self.step(node, predicted);
        }
        let index = self.key_number(key)?;
        self.step(node, index)
    }

    /// Writes `key`: a key op when the key table has it, else its text (which adds it to the decoder's table).
    /// Returns its index in the table.
    fn key_number(&mut self, key: &str) -> Result<u32> {
        let found = if self.key_names.len() <= LINEAR_KEYS {
            let strs = self.out.strs.as_bytes();
            let same = |&(start, len): &(usize, usize)| {
                len == key.len() && strs.get(start..start + len) == Some(key.as_bytes())
            };
            // The table holds at most `LINEAR_KEYS` keys here: the index fits.
            self.key_names.iter().position(same).map(|i| i as u32)
        } else {
            self.key_index.get(key).copied()
        };
        if let Some(index) = found {
            self.out.ops.push(key_op(index));
            return Ok(index);
        }
        let index = u32::try_from(self.key_names.len()).ok().filter(|&i| i < (1 << 28));
        let index = index.ok_or_else(|| Error("too many keys for the tape".to_owned()))?;
        if self.key_names.len() == LINEAR_KEYS {
            // The table outgrows the search in order: index the keys it has.
            for i in 0..index {
                let name = self.key_name(i).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default();
                self.key_index.insert(name.to_owned(), i);
            }
        }
        if self.key_names.len() >= LINEAR_KEYS {
            self.key_index.insert(key.to_owned(), index);
        }
        self.key_names.push((self.out.strs.len(), key.len()));
        self.static_names.push((0, 0));
        self.text(key)?;
        Ok(index)
    }

    /// The text of key number `index` of the key table, as bytes.
    fn key_name(&self, index: u32) -> Option<&[u8]> {
        let &(start, len) = self.key_names.get(index as usize)?;
        self.out.strs.as_bytes().get(start..start + len)
    }

    /// Moves the innermost object from trie node `node` to its child by key `index`.
    fn step(&mut self, node: u32, index: u32) -> Result {
        let (last_key, last_child) = self.trie[node as usize].last;
        let child = if last_key == index {
            last_child
        } else {
            // Every child is either the node's last step or in `children`.
            let child = match self.children.binary_search_by_key(&(node, index), |c| c.0) {
                Ok(at) => self.children[at].1,
                Err(_) => {
                    let next = u32::try_from(self.trie.len());
                    let next = next.map_err(|_| Error("too many keys for the tape".to_owned()))?;
                    self.trie.push(ROOT);
                    next
                }
            };
            // The step it replaces as the node's last goes to the list, unless it is there already.
            if last_key != NO_KEY {
                if let Err(at) = self.children.binary_search_by_key(&(node, last_key), |c| c.0) {
                    self.children.insert(at, ((node, last_key), last_child));
                }
            }
            self.trie[node as usize].last = (index, child);
            child
        };
        if let Some(frame) = self.open.last_mut() {
            frame.node = child;
        }
        Ok(())
    }
}

/// No step taken yet (in [`Node::last`]).
const NO_KEY: u32 = u32::MAX;

#[cfg(test)]
mod tests;
