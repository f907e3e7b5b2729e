//! Typed reading of JSON in which a struct is only ever a JSON object: the boundary's inputs (`crate::wasm`),
//! the automation activity record, a model server's answers and the typed parts of Jira's answers (projects,
//! statuses, screens, users).
//!
//! serde_json reads a derived struct from an object or from an array (the fields in order), so every derived
//! `Deserialize` type it reads compiles both forms: the map visitor and the sequence visitor, each with a step
//! per field. Nothing read here writes a struct as an array (`JSON.stringify` of JavaScript objects, files the
//! core wrote itself from the same structs, the objects of Jira's and an OpenAI-style server's answers), so
//! [`from_str`] reads structs through `deserialize_map` and the array form is never compiled: 105 KB less wasm
//! and 29.6 KB less `main.js` when it came in at the boundary (2026-12-04, 113 struct readers). An array where
//! a struct belongs is then the same "invalid type" error as any other wrong type; everything else passes
//! through to serde_json unchanged (its errors keep line and column), and the reading speed is the same
//! (`bench/analytics-ab.ts`, `bench/plan-ab.ts`).
//!
//! [`from_value`] and [`from_value_ref`] read a JSON value through its text with [`from_str`] (the value's
//! errors keep their message, without a text position): the few values read so (Jira's projects, statuses,
//! screens and users, a model's answers: small) then share the text's compiled readers instead of compiling
//! a second set for serde_json's value deserializer (`main.js` 1.7 KB smaller, 2026-12-04).
//!
//! Struct readers themselves come from [`json_object!`] (module `object`): one shared loop over an object's keys
//! instead of serde's derived reader per struct (`main.js` 6 KB smaller, 2026-12-04); enums of unit variants
//! from [`json_enum!`] (module `variants`): one shared variant reader.
//!
//! Invariant: [`Objects`] wraps every nested deserializer it hands out (values, elements, `Some`, newtype and
//! enum contents), so the rule holds at every depth; map keys and enum tags are identifiers or strings and are
//! read by serde_json directly.

mod object;
#[cfg(test)]
mod read_back_tests;
#[cfg(test)]
mod samples;
mod variants;

use std::fmt;

pub(crate) use object::{json_object, missing, read_fields};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
pub(crate) use variants::{json_enum, read_variant};

/// Reads a `T` from JSON text (strings may borrow from it), structs only from objects; the whole text must be
/// one value, as for `serde_json::from_str`.
pub(crate) fn from_str<'a, T: de::Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Objects(&mut de))?;
    de.end()?;
    Ok(value)
}

/// Reads a `T` from a JSON value, structs only from objects.
pub(crate) fn from_value_ref<T: de::DeserializeOwned>(value: &serde_json::Value) -> serde_json::Result<T> {
    let text = value.to_string();
    from_str(&text).map_err(|e| {
        let message = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        <serde_json::Error as de::Error>::custom(message.strip_suffix(&at).unwrap_or(&message))
    })
}

/// Reads a `T` from a JSON value it takes, structs only from objects.
pub(crate) fn from_value<T: de::DeserializeOwned>(value: serde_json::Value) -> serde_json::Result<T> {
    from_value_ref(&value)
}

/// A deserializer that reads structs with `deserialize_map` and wraps what it hands to visitors.
struct Objects<D>(D);

/// A visitor whose nested deserializers are wrapped in [`Objects`].
struct Wrap<V>(V);

/// A seed whose deserializer is wrapped in [`Objects`].
struct Seed<S>(S);

/// A sequence whose elements are read through [`Objects`].
struct Seq<A>(A);

/// A map whose values are read through [`Objects`] (keys as they are).
struct Map<A>(A);

/// An enum whose contents are read through [`Objects`] (the tag as it is).
struct Enum<A>(A);

/// A struct variant's fields: read as a map through [`Objects`].
struct StructSeed<V> {
    fields: &'static [&'static str],
    visitor: V,
}

/// Passes a call through to the inner deserializer with the visitor as it is (values with nothing nested).
macro_rules! plain {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(visitor)
        }
    )*};
}

/// Passes a call through with the visitor wrapped (values that can hold others).
macro_rules! wrapped {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Objects<D> {
    type Error = D::Error;

    plain!(
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_identifier,
        deserialize_ignored_any
    );
    wrapped!(deserialize_any, deserialize_option, deserialize_seq, deserialize_map);

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    /// The one change: a struct is read as a map, never as a sequence.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Passes a visit through with a value that holds nothing nested.
macro_rules! visit {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit!(
        visit_bool: bool,
        visit_i64: i64,
        visit_i128: i128,
        visit_u64: u64,
        visit_u128: u128,
        visit_f64: f64,
        visit_char: char,
        visit_str: &str,
        visit_borrowed_str: &'de str,
        visit_string: String,
        visit_bytes: &[u8],
        visit_borrowed_bytes: &'de [u8],
        visit_byte_buf: Vec<u8>
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Objects(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Objects(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Map(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Enum(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Objects(deserializer))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Enum<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant), A::Error> {
        let (tag, variant) = self.0.variant_seed(seed)?;
        Ok((tag, Enum(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Enum<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    /// The variant's content read like a newtype's (the same JSON value after the tag), as a map.
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.newtype_variant_seed(StructSeed { fields, visitor })
    }
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructSeed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        Objects(deserializer).deserialize_struct("", self.fields, self.visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::from_str;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Inner<'a> {
        name: &'a str,
        #[serde(default)]
        count: Option<u32>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Kind {
        Plain,
        Wrapped(Vec<u8>),
        Pair(u8, u8),
        Shaped { width: u8 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "type", rename_all = "camelCase")]
    enum Tagged {
        Note { path: String },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer<'a> {
        #[serde(borrow)]
        inner: Inner<'a>,
        #[serde(borrow)]
        list: Vec<Inner<'a>>,
        map: BTreeMap<String, Option<Kind>>,
        tagged: Tagged,
        value: serde_json::Value,
        #[serde(default)]
        pair: (u8, String),
    }

    #[test]
    fn reads_what_serde_json_reads_from_objects() {
        let text = r#"{"inner": {"name": "a", "count": 2}, "list": [{"name": "b"}],
            "map": {"x": "plain", "y": {"wrapped": [1, 2]}, "z": {"pair": [3, 4]}, "w": {"shaped": {"width": 5}}, "v": null},
            "tagged": {"type": "note", "path": "n.md"}, "value": {"k": [1, {"m": null}]}, "pair": [7, "s"]}"#;
        let ours: Outer<'_> = from_str(text).expect("reads");
        let theirs: Outer<'_> = serde_json::from_str(text).expect("reads");
        assert_eq!(ours, theirs);
        assert_eq!(ours.map.get("w"), Some(&Some(Kind::Shaped { width: 5 })));
        assert_eq!(ours.list[0], Inner { name: "b", count: None });
    }

    #[test]
    fn refuses_a_struct_written_as_an_array_and_keeps_positions() {
        assert!(serde_json::from_str::<Inner<'_>>(r#"["a", 1]"#).is_ok());
        let err = from_str::<Inner<'_>>(r#"["a", 1]"#).expect_err("an array is not an object");
        assert!(err.to_string().starts_with("invalid type: sequence, expected struct Inner"), "{err}");
        let bad = "{\n\"inner\": {\"name\": 5}}";
        let err = from_str::<Outer<'_>>(bad).expect_err("bad type");
        assert_eq!(err.to_string(), "invalid type: integer `5`, expected a borrowed string at line 2 column 19");
        assert_eq!(err.to_string(), serde_json::from_str::<Outer<'_>>(bad).expect_err("bad type").to_string());
        assert!(from_str::<Inner<'_>>(r#"{"name": "a"} x"#).is_err(), "trailing text");
        let err = from_str::<Kind>(r#"{"shaped": [1]}"#).expect_err("struct variant from an array");
        assert!(err.to_string().contains("invalid type: sequence"), "{err}");
    }
}
