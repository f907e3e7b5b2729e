//! Test-only: a value of any `Deserialize` type with every field set, for the read-back tests
//! (`read_back_tests`). [`Sample`] is a deserializer that answers whatever its reader asks for with something
//! that is not a default: `Some`, one-element sequences and maps, a struct with every field the reader names
//! (for a [`json_object!`](super::json_object) struct: the macro's own keys), non-zero numbers, non-empty text,
//! a variant other than the first. Two seeds give two different values (`true` and `false`, the last and the
//! first variant, other numbers and text), so that a field whose default equals one of them still differs in the
//! other.
//!
//! A type the generic answers do not fit (an internally tagged enum, text that must parse as a date) is given a
//! JSON text by its reader's expectation ("struct X", "a date written YYYY-MM-DD", …) through [`Sample::new`]'s
//! table, read by serde_json.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, Error};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// Nesting below which sequences and maps are empty and options `None` (recursive types end).
const MAX_DEPTH: u8 = 12;

/// The sample deserializer: `seed` 0 or 1, `depth` of nesting, `table` of JSON texts by expectation.
#[derive(Clone, Copy)]
pub(crate) struct Sample {
    seed: u8,
    depth: u8,
    table: &'static [(&'static str, [&'static str; 2])],
}

impl Sample {
    /// A sample with `seed` (0 or 1); `table` gives, for a reader whose expectation (its visitor's `expecting`
    /// text) starts with the entry's first text, the JSON to read it from instead (one per seed).
    pub(crate) fn new(seed: u8, table: &'static [(&'static str, [&'static str; 2])]) -> Self {
        Sample { seed: seed & 1, depth: 0, table }
    }

    /// The sample one level down.
    fn inner(self) -> Self {
        Sample { depth: self.depth + 1, ..self }
    }

    /// Elements of a sequence or entries of a map: one, none below [`MAX_DEPTH`].
    fn count(self) -> usize {
        usize::from(self.depth < MAX_DEPTH)
    }

    /// The table's JSON for this visitor, if its expectation is listed.
    fn json_for<V: Visitor<'static>>(self, visitor: &V) -> Option<&'static str> {
        let expecting = format!("{}", Expecting(visitor));
        self.table.iter().find(|(start, _)| expecting.starts_with(start)).map(|(_, json)| json[usize::from(self.seed)])
    }

    /// Text: differs between seeds, never empty; a date, for the fields whose text is one.
    fn text(self) -> &'static str {
        ["2026-12-05", "2025-01-31"][usize::from(self.seed)]
    }

    /// A whole number: differs between seeds, never 0.
    fn number(self) -> u8 {
        [7, 2][usize::from(self.seed)]
    }
}

/// A visitor's expectation as text.
struct Expecting<'v, V>(&'v V);

impl<V: Visitor<'static>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// Reads from the table's JSON when the visitor's expectation is listed there, else runs the generic answer.
macro_rules! answer {
    ($self:ident, $visitor:ident, $method:ident($($arg:expr),*), $generic:expr) => {
        match $self.json_for(&$visitor) {
            Some(json) => {
                let mut de = serde_json::Deserializer::from_str(json);
                (&mut de).$method($($arg,)* $visitor).map_err(|e| de::Error::custom(format!("{json}: {e}")))
            }
            None => $generic,
        }
    };
}

impl Deserializer<'static> for Sample {
    type Error = Error;

    fn deserialize_any<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_any(), visitor.visit_borrowed_str(self.text()))
    }

    fn deserialize_bool<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_bool(), visitor.visit_bool(self.seed == 0))
    }

    fn deserialize_i8<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_i64(), visitor.visit_i64(i64::from(self.number())))
    }

    fn deserialize_u8<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_u64(), visitor.visit_u64(u64::from(self.number())))
    }

    fn deserialize_f32<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_f64(), visitor.visit_f64([2.5, 0.75][usize::from(self.seed)]))
    }

    fn deserialize_char<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_char(), visitor.visit_char(['s', 'o'][usize::from(self.seed)]))
    }

    fn deserialize_str<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_str(), visitor.visit_borrowed_str(self.text()))
    }

    fn deserialize_string<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_bytes(), visitor.visit_borrowed_bytes(self.text().as_bytes()))
    }

    fn deserialize_byte_buf<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_option(), {
            if self.count() == 0 { visitor.visit_none() } else { visitor.visit_some(self.inner()) }
        })
    }

    fn deserialize_unit<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'static>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'static>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_newtype_struct(name), visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_seq(), visitor.visit_seq(Elements(self.inner(), self.count())))
    }

    fn deserialize_tuple<V: Visitor<'static>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_tuple(len), visitor.visit_seq(Elements(self.inner(), len)))
    }

    fn deserialize_tuple_struct<V: Visitor<'static>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_tuple_struct(name, len), visitor.visit_seq(Elements(self.inner(), len)))
    }

    fn deserialize_map<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_map(), {
            visitor.visit_map(Entries { sample: self.inner(), keys: None, left: self.count(), next: 0 })
        })
    }

    fn deserialize_struct<V: Visitor<'static>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_struct(name, fields), {
            visitor.visit_map(Entries { sample: self.inner(), keys: Some(fields), left: fields.len(), next: 0 })
        })
    }

    fn deserialize_enum<V: Visitor<'static>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        answer!(self, visitor, deserialize_enum(name, variants), {
            // The last variant, then the first: not the first (a usual default) in seed 0.
            let variant = if self.seed == 0 { variants.len().saturating_sub(1) } else { 0 };
            visitor.visit_enum(Variant { sample: self.inner(), name: variants.get(variant).copied().unwrap_or("") })
        })
    }

    fn deserialize_identifier<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A sequence of `.1` sample elements.
struct Elements(Sample, usize);

impl SeqAccess<'static> for Elements {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'static>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.1 == 0 {
            return Ok(None);
        }
        self.1 -= 1;
        seed.deserialize(self.0).map(Some)
    }
}

/// A map of sample entries: a struct's named fields, or `left` sample keys.
struct Entries {
    sample: Sample,
    keys: Option<&'static [&'static str]>,
    left: usize,
    next: usize,
}

impl MapAccess<'static> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'static>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let key = match self.keys {
            Some(keys) => seed.deserialize(BorrowedStrDeserializer::new(keys[self.next]))?,
            None => seed.deserialize(self.sample)?,
        };
        self.next += 1;
        Ok(Some(key))
    }

    fn next_value_seed<T: DeserializeSeed<'static>>(&mut self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.sample)
    }
}

/// An enum's chosen variant, its content sampled.
struct Variant {
    sample: Sample,
    name: &'static str,
}

impl EnumAccess<'static> for Variant {
    type Error = Error;
    type Variant = Sample;

    fn variant_seed<T: DeserializeSeed<'static>>(self, seed: T) -> Result<(T::Value, Sample), Error> {
        Ok((seed.deserialize(BorrowedStrDeserializer::new(self.name))?, self.sample))
    }
}

impl VariantAccess<'static> for Sample {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'static>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'static>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Elements(self, len))
    }

    fn struct_variant<V: Visitor<'static>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(Entries { sample: self, keys: Some(fields), left: fields.len(), next: 0 })
    }
}
