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
    /// Per key index + 1 (0: an object's start), the index of the key that followed it last, if any
    /// ([`NO_KEY`]): objects of one type repeat their key sequence, so the next key is tried first, by one
    /// comparison, before the `key_index` search.
    next_key: Vec<u32>,
    /// Key indexes of an object, in order → its shape number.
    shapes: BTreeMap<Vec<u32>, u32>,
    /// Open arrays and objects, innermost last.
    open: Vec<Frame>,
    /// The key indexes of the open objects, back to back (each frame knows where its own start).
    open_keys: Vec<u32>,
}

/// An open array or object: where its op is (patched with its length or shape when it ends), how many values
/// it holds so far (arrays) and where its keys start in `open_keys` (objects).
#[derive(Debug)]
struct Frame {
    op: usize,
    items: u32,
    keys_from: usize,
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
    let mut tape = Tape::default();
    value.serialize(&mut tape)?;
    Ok(tape)
}

/// Number of UTF-16 code units of `s`: one per character, two for those beyond U+FFFF (4-byte sequences).
fn utf16_len(s: &str) -> usize {
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
        self.open.push(Frame { op: self.ops.len(), items: 0, keys_from: self.open_keys.len() });
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
            let keys = &self.open_keys[frame.keys_from..];
            let shape = match self.shapes.get(keys) {
                Some(&shape) => shape,
                None => {
                    let shape = u32::try_from(self.shapes.len() + 1).ok().filter(|&s| s < 1 << 28);
                    let shape = shape.ok_or_else(|| Error("too many object shapes for the tape".to_owned()))?;
                    self.shapes.insert(keys.to_vec(), shape);
                    shape
                }
            };
            self.ops[frame.op] = (shape << 3) | Op::Object as u32;
            self.open_keys.truncate(frame.keys_from);
        }
        self.op(Op::End);
        Ok(())
    }

    fn number(&mut self, v: f64) {
        self.op(Op::Number);
        self.nums.push(v);
    }

    fn key(&mut self, key: &str) -> Result {
        // The key before this one in the innermost object (+ 1), or 0 at its start.
        let after = match self.open.last() {
            Some(frame) if self.open_keys.len() > frame.keys_from => {
                self.open_keys.last().map_or(0, |&k| k as usize + 1)
            }
            _ => 0,
        };
        let predicted =
            self.next_key.get(after).copied().filter(|&p| self.key_names.get(p as usize).is_some_and(|n| n == key));
        let index = match predicted.or_else(|| self.key_index.get(key).copied()) {
            Some(index) => {
                self.ops.push(key_op(index));
                index
            }
            None => {
                let index = u32::try_from(self.key_index.len()).ok().filter(|&i| i < (1 << 28));
                let index = index.ok_or_else(|| Error("too many keys for the tape".to_owned()))?;
                self.key_index.insert(key.to_owned(), index);
                self.key_names.push(key.to_owned());
                self.string(key)?;
                index
            }
        };
        if self.next_key.len() <= after {
            self.next_key.resize(after + 1, NO_KEY);
        }
        self.next_key[after] = index;
        self.open_keys.push(index);
        Ok(())
    }
}

/// No key follows (in [`Tape::next_key`]).
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
        self.key(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close_object()
    }
}

#[cfg(test)]
mod tests;
