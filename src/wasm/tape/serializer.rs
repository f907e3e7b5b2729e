//! The tape's serde glue: [`Tape`] as a `Serializer`, each serde value kind mapped to its ops (structs and
//! maps to objects, sequences, tuples and bytes to arrays; integers JavaScript cannot hold exactly, tuple and
//! struct variants are errors).

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::map_key::MapKey;
use super::{Error, MAX_SAFE, Op, Result, Tape, unrepresentable};

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
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self> {
        self.open_struct(name, len);
        Ok(self)
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
