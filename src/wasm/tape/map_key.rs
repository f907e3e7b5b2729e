//! Map keys on the tape: strings as they are, numbers and `char`s as their text (as JavaScript property names
//! are); any other key is an error.

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{Error, Result, Tape};

/// Serialises a map key: strings as they are, numbers and `char`s as their text, as JavaScript property names
/// are.
pub(super) struct MapKey<'a>(pub(super) &'a mut Tape);

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
