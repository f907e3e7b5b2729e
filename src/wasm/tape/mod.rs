//! A flat encoding of a serde value for one fast crossing into JavaScript: [`encode`] writes a value as three
//! flat buffers, and `decodeTape` (JavaScript, in [`decode`]) rebuilds it there as plain objects.
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
//! UTF-16 code units above them; object entries are a key op then the value; arrays and objects end with
//! [`Op::End`]. Numbers go to `nums` in order, string contents to `strs` back to back. Keys (field names and
//! map keys alike) are written once per call: the first use of a key is a `Str` op, which also appends it to
//! the decoder's key table; later uses are `End`'s bits with the key's 1-based table index above them.
//! When an array ends, its op gets 1 + its length above the low bits (0: unknown); when an object ends, its op
//! gets its 1-based shape number (one per distinct key sequence), so that the decoder can allocate arrays at
//! their size and make every object after the first of a shape with a maker chosen once for that shape (an
//! object literal for the note's own shapes, else a copy of a template; see [`decode`]).

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{self, Impossible};

pub use decode::decode_tape;
use map_key::MapKey;

mod decode;
mod map_key;

/// The kinds of value on the tape (the low 3 bits of an op).
#[derive(Clone, Copy)]
#[repr(u32)]
enum Op {
    Null = 0,
    False = 1,
    True = 2,
    /// The next number of `nums`.
    Number = 3,
    /// The next `op >> 3` UTF-16 code units of `strs`.
    Str = 4,
    /// Values until [`Op::End`].
    Array = 5,
    /// Key ops, each followed by a value, until [`Op::End`]. A key op is `Str` (a map key) or `Key`.
    Object = 6,
    /// Ends an array or object; as a key op with `op >> 3` ≥ 1, key number `(op >> 3) - 1` of the key table.
    End = 7,
}

/// A key op: key number `index` of the key table, `End`'s bits above the 1-based index (a bare `End` ends the
/// object).
const fn key_op(index: u32) -> u32 {
    ((index + 1) << 3) | Op::End as u32
}

/// The encoded value, ready to cross into JavaScript.
#[derive(Debug, Default)]
pub struct Tape {
    /// Ops (see the module documentation).
    pub ops: Vec<u32>,
    /// Numbers, in order.
    pub nums: Vec<f64>,
    /// String contents, back to back.
    pub strs: String,
    /// Key → index in the key table (a `BTreeMap`: the crate draws no random hash seeds).
    key_index: BTreeMap<String, u32>,
    /// The key table: key names by index.
    key_names: Vec<String>,
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
/// it holds so far (arrays) and its trie node (objects).
#[derive(Debug)]
struct Frame {
    op: usize,
    items: u32,
    node: u32,
}

/// Why a value cannot be encoded: an integer JavaScript numbers cannot hold, or a value kind JSON has none of.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// Encodes `value`.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Tape> {
    let mut tape = Tape { trie: vec![ROOT], ..Tape::default() };
    value.serialize(&mut tape)?;
    Ok(tape)
}

/// Number of UTF-16 code units of `s`: one per character, two for those beyond U+FFFF (4-byte sequences).
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.bytes().map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0)).sum()
}

impl Tape {
    fn op(&mut self, op: Op) {
        self.ops.push(op as u32);
    }

    fn string(&mut self, s: &str) -> Result {
        let len = u32::try_from(utf16_len(s)).ok().filter(|&l| l < 1 << 29);
        let len = len.ok_or_else(|| Error("a string too long for the tape".to_owned()))?;
        self.ops.push((len << 3) | Op::Str as u32);
        self.strs.push_str(s);
        Ok(())
    }

    fn open(&mut self, op: Op) {
        self.open.push(Frame { op: self.ops.len(), items: 0, node: 0 });
        self.op(op);
    }

    /// Counts one more value in the innermost open array.
    fn item(&mut self) {
        if let Some(frame) = self.open.last_mut() {
            frame.items = frame.items.saturating_add(1);
        }
    }

    fn close_array(&mut self) {
        if let Some(frame) = self.open.pop() {
            if let Some(len) = frame.items.checked_add(1).filter(|&l| l < 1 << 28) {
                self.ops[frame.op] = (len << 3) | Op::Array as u32;
            }
        }
        self.op(Op::End);
    }

    fn close_object(&mut self) -> Result {
        if let Some(frame) = self.open.pop() {
            let node = &mut self.trie[frame.node as usize];
            if node.shape == 0 {
                let shape = self.shapes + 1;
                if shape >= 1 << 28 {
                    return Err(Error("too many object shapes for the tape".to_owned()));
                }
                self.shapes = shape;
                node.shape = shape;
            }
            self.ops[frame.op] = (node.shape << 3) | Op::Object as u32;
        }
        self.op(Op::End);
        Ok(())
    }

    fn number(&mut self, v: f64) {
        self.op(Op::Number);
        self.nums.push(v);
    }

    /// Writes a struct's field name: as [`Tape::key`], recognising the name by its address first.
    fn static_key(&mut self, key: &'static str) -> Result {
        let node = self.open.last().map_or(0, |f| f.node);
        let (predicted, child) = self.trie[node as usize].last;
        let name = (key.as_ptr() as usize, key.len());
        if self.static_names.get(predicted as usize) == Some(&name) {
            // The predicted step: the node's last child.
            self.ops.push(key_op(predicted));
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
        if self.key_names.get(predicted as usize).is_some_and(|n| n == key) {
            self.ops.push(key_op(predicted));
            return self.step(node, predicted);
        }
        let index = self.key_number(key)?;
        self.step(node, index)
    }

    /// Writes `key`: a key op when the key table has it, else its text (which adds it to the decoder's table).
    /// Returns its index in the table.
    fn key_number(&mut self, key: &str) -> Result<u32> {
        if let Some(&index) = self.key_index.get(key) {
            self.ops.push(key_op(index));
            return Ok(index);
        }
        let index = u32::try_from(self.key_index.len()).ok().filter(|&i| i < (1 << 28));
        let index = index.ok_or_else(|| Error("too many keys for the tape".to_owned()))?;
        self.key_index.insert(key.to_owned(), index);
        self.key_names.push(key.to_owned());
        self.static_names.push((0, 0));
        self.string(key)?;
        Ok(index)
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

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE: u64 = (1 << 53) - 1;

fn unrepresentable(v: impl std::fmt::Display) -> Error {
    Error(format!("{v} can't be represented as a JavaScript number"))
}

impl ser::Serializer for &mut Tape {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.op(if v { Op::True } else { Op::False });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        if v.unsigned_abs() > MAX_SAFE {
            return Err(unrepresentable(v));
        }
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        if v > MAX_SAFE {
            return Err(unrepresentable(v));
        }
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.open(Op::Array);
        for &b in v {
            self.item();
            self.number(b.into());
        }
        self.close_array();
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.op(Op::Null);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open(Op::Object);
        self.key(variant)?;
        value.serialize(&mut *self)?;
        self.close_object()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self> {
        self.open(Op::Array);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Error(format!("tuple variant {name}::{variant} is not encoded")))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self> {
        self.open(Op::Object);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Error(format!("struct variant {name}::{variant} is not encoded")))
    }
}

/// Sequences, tuples and tuple structs all become arrays.
macro_rules! array_impl {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Tape {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                self.item();
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                self.close_array();
                Ok(())
            }
        }
    };
}

array_impl!(SerializeSeq, serialize_element);
array_impl!(SerializeTuple, serialize_element);
array_impl!(SerializeTupleStruct, serialize_field);

impl ser::SerializeMap for &mut Tape {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        key.serialize(MapKey(self))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close_object()
    }
}

impl ser::SerializeStruct for &mut Tape {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.static_key(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close_object()
    }
}

#[cfg(test)]
mod tests;
