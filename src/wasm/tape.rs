//! A flat encoding of a serde value for one fast crossing into JavaScript: [`encode`] writes a value as three
//! flat buffers, and `decodeTape` (JavaScript, in `src/wasm.rs`) rebuilds it there as plain objects.
//!
//! serde-wasm-bindgen makes one call into JavaScript per property, string and object; a note with 250,000
//! tasks made tens of millions of them. The tape crosses as three arguments instead (two typed-array views
//! and one string) and is rebuilt in JavaScript without further calls. The result is the value
//! serde-wasm-bindgen's JSON-compatible serializer makes: structs and maps become plain objects, sequences
//! arrays, `None` and `()` `null`, enum unit variants their name, `char`s one-character strings, and integers
//! beyond ±(2^53 − 1) are an error rather than a rounded number.
//!
//! The tape: `ops` holds one op per value (low 3 bits, [`Op`]) and, for strings, the string's length in
//! UTF-16 code units above them; object entries are a key op then the value; arrays and objects end with
//! [`Op::End`]. Numbers go to `nums` in order, string contents to `strs` back to back. Keys (field names and
//! map keys alike) are written once per call: the first use of a key is a `Str` op, which also appends it to
//! the decoder's key table; later uses are `End`'s bits with the key's 1-based table index above them.
//! When an array ends, its op gets 1 + its length above the low bits (0: unknown); when an object ends, its op
//! gets its 1-based shape number (one per distinct key sequence), so that the decoder can allocate arrays at
//! their size and make every object after the first of a shape as a copy of a template, without reshaping it
//! property by property.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{self, Impossible};

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
        let index = match self.key_index.get(key) {
            Some(&index) => {
                self.ops.push(key_op(index));
                index
            }
            None => {
                let index = u32::try_from(self.key_index.len()).ok().filter(|&i| i < (1 << 28));
                let index = index.ok_or_else(|| Error("too many keys for the tape".to_owned()))?;
                self.key_index.insert(key.to_owned(), index);
                self.string(key)?;
                index
            }
        };
        self.open_keys.push(index);
        Ok(())
    }
}

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

impl ser::SerializeSeq for &mut Tape {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.item();
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close_array();
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Tape {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.item();
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close_array();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Tape {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.item();
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close_array();
        Ok(())
    }
}

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

/// Serialises a map key: strings as they are, numbers and `char`s as their text, as JavaScript property names
/// are.
struct MapKey<'a>(&'a mut Tape);

impl MapKey<'_> {
    fn text(self, s: &str) -> Result {
        self.0.key(s)
    }
}

macro_rules! number_keys {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result {
            self.text(&v.to_string())
        })*
    };
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    number_keys!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_u8: u8,
        serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char, serialize_bool: bool);

    fn serialize_f32(self, _v: f32) -> Result {
        Err(Error("a float map key".to_owned()))
    }
    fn serialize_f64(self, _v: f64) -> Result {
        Err(Error("a float map key".to_owned()))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(Error("a byte-string map key".to_owned()))
    }
    fn serialize_none(self) -> Result {
        Err(Error("a null map key".to_owned()))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Err(Error("a null map key".to_owned()))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(Error("a null map key".to_owned()))
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(Error("an enum map key".to_owned()))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Error("a sequence map key".to_owned()))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(Error("a tuple map key".to_owned()))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct> {
        Err(Error("a tuple map key".to_owned()))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Error("an enum map key".to_owned()))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Error("a map as map key".to_owned()))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(Error("a struct map key".to_owned()))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Error("an enum map key".to_owned()))
    }
}

/// Rebuilds a tape as a `serde_json::Value` the way `decodeTape` rebuilds it in JavaScript, for native tests.
#[cfg(test)]
pub(crate) fn decode(tape: &Tape) -> serde_json::Value {
    use serde_json::Value;
    struct Reader<'t> {
        tape: &'t Tape,
        keys: Vec<String>,
        op: usize,
        num: usize,
        /// Byte position in `strs` (the JavaScript decoder counts UTF-16 units instead).
        str_at: usize,
    }
    impl Reader<'_> {
        fn string(&mut self, op: u32) -> String {
            let units = (op >> 3) as usize;
            let rest = &self.tape.strs[self.str_at..];
            let mut seen = 0;
            let len = rest.chars().take_while(|c| (seen += c.len_utf16(), seen <= units).1).map(char::len_utf8).sum();
            self.str_at += len;
            rest[..len].to_owned()
        }
        fn value(&mut self) -> Value {
            let op = self.tape.ops[self.op];
            self.op += 1;
            match op & 7 {
                0 => Value::Null,
                1 => Value::Bool(false),
                2 => Value::Bool(true),
                3 => {
                    self.num += 1;
                    let n = self.tape.nums[self.num - 1];
                    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
                }
                4 => Value::String(self.string(op)),
                5 => {
                    let mut items = Vec::new();
                    while self.tape.ops[self.op] != Op::End as u32 {
                        items.push(self.value());
                    }
                    self.op += 1;
                    Value::Array(items)
                }
                6 => {
                    let mut map = serde_json::Map::new();
                    loop {
                        let key_op = self.tape.ops[self.op];
                        self.op += 1;
                        let key = match key_op & 7 {
                            4 => {
                                let key = self.string(key_op);
                                self.keys.push(key.clone());
                                key
                            }
                            _ if key_op == Op::End as u32 => break,
                            _ => self.keys[(key_op >> 3) as usize - 1].clone(),
                        };
                        let v = self.value();
                        map.insert(key, v);
                    }
                    Value::Object(map)
                }
                _ => unreachable!("an end op where a value belongs"),
            }
        }
    }
    Reader { tape, keys: Vec::new(), op: 0, num: 0, str_at: 0 }.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tape gives back what serde_json makes of a value, integers as floats aside (JavaScript has one
    /// number type); `decode` mirrors the JavaScript decoder.
    fn round_trip<T: Serialize>(value: &T) -> serde_json::Value {
        decode(&encode(value).expect("encodes"))
    }

    fn as_floats(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number),
            Value::Array(a) => Value::Array(a.into_iter().map(as_floats).collect()),
            Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, as_floats(v))).collect()),
            other => other,
        }
    }

    #[test]
    fn a_parsed_note_survives_the_tape() {
        let text = "---\ntitle: T\ntags: [a, 2]\nn: {x: [1, -2.5, null, true]}\n\"é😀\": 'ü'\n---\n\
                    # H 😀 [[a#b|c]]\n- [ ] OPS-1 📅 2024-01-01 ⏫ #t ^id\n  - [x] sub\n\n%%unclosed";
        let note = crate::note::parse_note(text, Some("x/y.md"));
        let expected = as_floats(serde_json::to_value(&note).expect("json"));
        assert_eq!(round_trip(&note), expected);
    }

    #[test]
    fn keys_are_written_once_and_large_integers_are_refused() {
        let tape = encode(&serde_json::json!([{"a\u{0}": 1}, {"a\u{0}": 2}])).expect("encodes");
        assert_eq!(tape.strs, "a\u{0}");
        assert_eq!(decode(&tape), serde_json::json!([{"a\u{0}": 1.0}, {"a\u{0}": 2.0}]));
        let note = crate::note::parse_note("- [ ] a\n- [ ] b\n", None);
        let tape = encode(&note).expect("encodes");
        assert_eq!(tape.strs.matches("status").count(), 1, "flattened structs are maps: their keys too");
        // Both tasks have one shape; the tasks array knows its length.
        let objects: Vec<u32> = tape.ops.iter().copied().filter(|op| op & 7 == Op::Object as u32).collect();
        let task_shape = objects[objects.len() - 2];
        assert!(task_shape >> 3 > 0 && objects[objects.len() - 1] == task_shape);
        assert!(tape.ops.contains(&((3 << 3) | Op::Array as u32)), "an array of 2 items: 1 + 2 above the op");
        assert!(encode(&u64::MAX).is_err());
        assert!(encode(&(-(1i64 << 53))).is_err());
        assert_eq!(round_trip(&((1u64 << 53) - 1)), serde_json::json!(9007199254740991.0));
    }
}
