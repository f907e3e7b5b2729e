//! Struct readers without serde's derive: [`json_object!`] implements `Deserialize` for a
//! struct from a table of its JSON keys and one "read field *i*" step per field; the loop over the keys
//! (matching a key to its field, refusing a duplicate, skipping an unknown key) is [`read_fields`], compiled once
//! per map reader instead of once per struct. The derived reader compiles that loop, a key enum and its visitor
//! for every struct: the per-struct code was 146 KB of wasm and about 30 KB of `main.js` (2026-12-04).
//!
//! Behaviour is the derive's: keys are matched exactly (aliases as further keys of the same field), unknown keys
//! are skipped, a duplicate key is serde's "duplicate field `…`", a missing field is `None` for an `Option`, its
//! `Default` where declared, else serde's "missing field `…`" ([`missing`]); anything other than an object is
//! "invalid type: …, expected struct Name"; errors from inside a value pass through unchanged.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// Implements `Deserialize` for a struct read from a JSON object:
/// `json_object!(Name { field: "key", other: "otherKey" | "alias" = default, … });` lists every field with its
/// key (then its aliases); `= default` gives the field its `Default` when the key is missing (serde's field
/// `#[serde(default)]`), `= default(path)` the value of the function `path()` (serde's `default = "path"`), a
/// missing `Option` is `None`, any other missing field an error. `json_object!(default Name { … })` starts from
/// `Name::default()` instead and sets the fields whose keys are present (serde's container `#[serde(default)]`).
/// `Name<'a>` declares a struct whose fields may borrow from the text (serde's `#[serde(borrow)]`: the reader is
/// `Deserialize<'de>` for every `'de: 'a`; a field borrows through its own type's reader, as `&'a str` or
/// `report::state_view::Text` do, while a `Cow` is read owned). `field: "key" with Type` reads the value as `Type`, a newtype whose
/// `.0` is the field (serde's `deserialize_with`). At most 64 fields; every field must be listed (the struct
/// literal, or for `default` a pattern, checks it).
macro_rules! json_object {
    (default $name:ident $(<$lt:lifetime>)? {
        $($field:ident: $key:literal $(| $alias:literal)* $(with $with:ty)?),+ $(,)?
    }) => {
        $crate::json_objects::json_object!(@impl $name [$($lt)?] [$($key $(| $alias)*),+] |map: A| {
            // Every field is listed: the pattern names them all.
            let _ = |value: &$name$(<$lt>)?| {
                let $name { $($field: _),+ } = value;
            };
            let mut out = <$name$(<$lt>)? as Default>::default();
            $crate::json_objects::json_object!(@read map, [std::convert::identity] $((out.$field) [$($with)?]),+);
            Ok(out)
        });
    };
    ($name:ident $(<$lt:lifetime>)? {
        $($field:ident: $key:literal $(| $alias:literal)* $(with $with:ty)? $(= $default:ident $(($make:path))?)?),+
        $(,)?
    }) => {
        $crate::json_objects::json_object!(@impl $name [$($lt)?] [$($key $(| $alias)*),+] |map: A| {
            $(let mut $field = None;)+
            $crate::json_objects::json_object!(@read map, [Option::Some] $(($field) [$($with)?]),+);
            Ok($name {
                $($field: match $field {
                    Some(value) => value,
                    None => $crate::json_objects::json_object!(@missing $key $($default $(($make))?)?),
                },)+
            })
        });
    };
    (@impl $name:ident [$($lt:lifetime)?] [$($key:literal $(| $alias:literal)*),+] |$map:ident: A| $body:block) => {
        impl<'de $(: $lt, $lt)?> serde::Deserialize<'de> for $name$(<$lt>)? {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                /// The field names (the first key of each field), in the order of the read steps.
                const FIELDS: &[&str] = &[$($key),+];
                /// Every key with its field's index, aliases included.
                const KEYS: &[(&str, usize)] =
                    $crate::json_objects::json_object!(@keys [] 0usize; $($key $(| $alias)*),+);
                const _: () = assert!(FIELDS.len() <= 64, "read_fields keeps one bit per field");
                /// Reads the struct from a map; anything else is serde's "invalid type" error.
                struct ObjectVisitor<$($lt)?>(std::marker::PhantomData<($(&$lt (),)?)>);
                impl<'de $(: $lt, $lt)?> serde::de::Visitor<'de> for ObjectVisitor<$($lt)?> {
                    type Value = $name$(<$lt>)?;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut $map: A) -> Result<Self::Value, A::Error> {
                        $body
                    }
                }
                deserializer.deserialize_struct(stringify!($name), FIELDS, ObjectVisitor(std::marker::PhantomData))
            }
        }
    };
    (@read $map:ident, [$wrap:path] $(($place:expr) [$($with:ty)?]),+) => {
        $crate::json_objects::read_fields(&mut $map, FIELDS, KEYS, &mut |index, map: &mut A| {
            let mut step = 0usize;
            $(
                if index == step {
                    $place = $wrap($crate::json_objects::json_object!(@value map $($with)?));
                    return Ok(());
                }
                step += 1;
            )+
            let _ = step;
            Ok(())
        })?
    };
    (@value $map:ident) => { $map.next_value()? };
    (@value $map:ident $with:ty) => { $map.next_value::<$with>()?.0 };
    (@missing $key:literal default) => { Default::default() };
    (@missing $key:literal default($make:path)) => { $make() };
    (@missing $key:literal) => { $crate::json_objects::missing($key)? };
    (@keys [$($done:tt)*] $index:expr; $key:literal $(| $alias:literal)* $(, $($rest:tt)+)?) => {
        $crate::json_objects::json_object!(
            @keys [$($done)* ($key, $index), $(($alias, $index),)*] $index + 1usize; $($($rest)+)?
        )
    };
    (@keys [$($done:tt)*] $index:expr;) => { &[$($done)*] };
}

pub(crate) use json_object;

/// The step that reads the value of field `i` from the map (the struct's own code, one per struct).
pub(crate) type ReadField<'a, 'de, A> = dyn FnMut(usize, &mut A) -> Result<(), <A as MapAccess<'de>>::Error> + 'a;

/// Reads an object's keys and values: `read(i, map)` reads the value of field `i` (its index in `fields`);
/// `keys` maps every accepted key to its field. A key seen twice is serde's duplicate-field error, an unknown key's
/// value is skipped.
pub(crate) fn read_fields<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
    keys: &'static [(&'static str, usize)],
    read: &mut ReadField<'_, 'de, A>,
) -> Result<(), A::Error> {
    // Invariant: bit i is set once field i has been read.
    let mut seen = 0u64;
    while let Some(found) = map.next_key_seed(KeySeed(keys))? {
        match found {
            Some(index) => {
                let bit = 1u64 << index;
                if seen & bit != 0 {
                    return Err(de::Error::duplicate_field(fields[index]));
                }
                seen |= bit;
                read(index, map)?;
            }
            None => {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
    }
    Ok(())
}

/// A missing field's value: `None` for an `Option` (as serde's derive gives it), else serde's missing-field
/// error.
pub(crate) fn missing<'de, T: de::Deserialize<'de>, E: de::Error>(field: &'static str) -> Result<T, E> {
    T::deserialize(Missing(field, PhantomData))
}

/// Reads a key to the index of its field (`None`: a key the struct does not know).
struct KeySeed(&'static [(&'static str, usize)]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().find(|(name, _)| *name == key).map(|&(_, index)| index))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().find(|(name, _)| name.as_bytes() == key).map(|&(_, index)| index))
    }
}

/// The deserializer of a missing field: `None` for an option, the missing-field error for anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use crate::json_objects::from_str;

    /// Read by [`json_object!`].
    #[derive(Debug, PartialEq)]
    struct Ours {
        name: String,
        count: Option<u32>,
        tags: Vec<String>,
    }

    crate::json_objects::json_object!(Ours { name: "name" | "title", count: "count", tags: "tagList" = default });

    /// Read by [`json_object!`], from a default.
    #[derive(Debug, Default, PartialEq)]
    struct OursDefault {
        name: String,
        count: Option<u32>,
    }

    crate::json_objects::json_object!(default OursDefault { name: "name", count: "count" });

    /// Read by [`json_object!`] with a lifetime, a `default(fn)` and a `with` newtype.
    #[derive(Debug, PartialEq)]
    struct Borrowing<'a> {
        name: String,
        key: &'a str,
        kinds: Vec<String>,
        due: Option<chrono::NaiveDate>,
    }

    crate::json_objects::json_object!(Borrowing<'a> {
        name: "name",
        key: "key",
        kinds: "kinds" = default(self::default_kinds),
        due: "due" with crate::date_text::serde_date::OptionDay = default,
    });

    /// The kinds when none are given.
    fn default_kinds() -> Vec<String> {
        vec!["task".to_owned()]
    }

    /// The same structs, derived (the same names: serde's messages name the struct).
    mod derived {
        use serde::Deserialize;

        /// [`super::Borrowing`] derived (a date read as chrono reads it).
        #[derive(Debug, PartialEq, Deserialize)]
        pub(super) struct Borrowing<'a> {
            pub(super) name: String,
            pub(super) key: &'a str,
            #[serde(default = "super::default_kinds")]
            pub(super) kinds: Vec<String>,
            #[serde(default)]
            pub(super) due: Option<chrono::NaiveDate>,
        }

        /// [`super::Ours`] derived.
        #[derive(Debug, PartialEq, Deserialize)]
        pub(super) struct Ours {
            #[serde(alias = "title")]
            pub(super) name: String,
            pub(super) count: Option<u32>,
            #[serde(rename = "tagList", default)]
            pub(super) tags: Vec<String>,
        }

        /// [`super::OursDefault`] derived.
        #[derive(Debug, Default, PartialEq, Deserialize)]
        #[serde(default)]
        pub(super) struct OursDefault {
            pub(super) name: String,
            pub(super) count: Option<u32>,
        }
    }

    /// Both readers' answer to `text`, as comparable text.
    fn both(text: &str) -> (String, String) {
        let ours = from_str::<Ours>(text).map(|v| format!("{} {:?} {:?}", v.name, v.count, v.tags));
        let theirs = from_str::<derived::Ours>(text).map(|v| format!("{} {:?} {:?}", v.name, v.count, v.tags));
        (format!("{:?}", ours.map_err(|e| e.to_string())), format!("{:?}", theirs.map_err(|e| e.to_string())))
    }

    #[test]
    fn reads_and_refuses_as_the_derive_does() {
        for text in [
            r#"{"name": "a", "count": 2, "tagList": ["x"]}"#,
            r#"{"title": "a", "other": {"deep": [1, 2]}}"#,
            r#"{"name": "a", "count": null}"#,
            r#"{"count": 1}"#,
            r#"{"name": "a", "name": "b"}"#,
            r#"{"name": "a", "title": "b"}"#,
            r#"{"name": 5}"#,
            r#"{"name": "a", "count": -1}"#,
            "[\"a\", 1, []]",
            "null",
            "\"text\"",
            "{\"name\": \"a\",\n \"tagList\": [1]}",
            r#"{"name": "a""#,
        ] {
            let (ours, theirs) = both(text);
            assert_eq!(ours, theirs, "{text}");
        }
        let (ours, _) = both(r#"{"name": "a", "name": "b"}"#);
        assert!(ours.contains("duplicate field `name`"), "{ours}");
        let (ours, _) = both(r#"{"count": 1}"#);
        assert!(ours.contains("missing field `name`"), "{ours}");
    }

    #[test]
    fn borrows_defaults_by_function_and_reads_with_a_newtype_as_the_derive_does() {
        for text in [
            r#"{"name": "a", "key": "K-1", "kinds": ["bug"], "due": "2026-03-02"}"#,
            r#"{"name": "a\u0062", "key": "K-1"}"#,
            r#"{"name": "a", "key": "K-1", "due": null}"#,
            r#"{"name": "a", "key": "K-1", "due": "2026-02-30"}"#,
            r#"{"name": "a", "key": "K-\u0031"}"#,
            r#"{"key": "K-1"}"#,
            r#"{"name": "a", "key": "K-1", "key": "K-2"}"#,
            "[]",
        ] {
            let ours = from_str::<Borrowing<'_>>(text)
                .map(|v| format!("{:?} {} {:?} {:?}", v.name, v.key, v.kinds, v.due))
                .map_err(|e| e.to_string());
            let theirs = from_str::<derived::Borrowing<'_>>(text)
                .map(|v| format!("{:?} {} {:?} {:?}", v.name, v.key, v.kinds, v.due))
                .map_err(|e| e.to_string());
            // Only the message of a date that does not read differs: ours names the text (`date_text`).
            if text.contains("02-30") {
                assert!(ours.as_ref().is_err_and(|e| e.contains("is not a date written YYYY-MM-DD")), "{ours:?}");
                assert!(theirs.is_err(), "{theirs:?}");
            } else {
                assert_eq!(ours, theirs, "{text}");
            }
        }
        let text = String::from(r#"{"name": "a", "key": "K"}"#);
        let borrowed = from_str::<Borrowing<'_>>(&text).expect("reads");
        assert!(text.as_bytes().as_ptr_range().contains(&borrowed.key.as_ptr()), "{borrowed:?}");
    }

    #[test]
    fn starts_from_the_default_where_declared() {
        for text in [r#"{"count": 3}"#, "{}", r#"{"name": "n", "x": 1}"#, r#"{"count": "x"}"#, "[]"] {
            let ours = from_str::<OursDefault>(text).map(|v| (v.name, v.count)).map_err(|e| e.to_string());
            let theirs = from_str::<derived::OursDefault>(text).map(|v| (v.name, v.count)).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
        }
        assert_eq!(from_str::<OursDefault>("{}").expect("reads"), OursDefault::default());
    }
}
