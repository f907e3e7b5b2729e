//! Readers of enums whose variants carry nothing (a status category, a report kind), without serde's derive:
//! [`json_enum!`] implements `Deserialize` from a table of the variants' names; the reading itself is
//! [`read_variant`], compiled once per deserializer for every such enum. The derived reader compiles a variant
//! key enum with its visitor, an enum visitor and serde_json's variant access for every enum (about 1 KB of wasm
//! each, 20 enums).
//!
//! Behaviour is the derive's, through `deserialize_enum`: a variant's name as a string (or as the one key of an
//! object whose value is `null`), "unknown variant `…`, expected one of …" for any other name, "invalid type: …,
//! expected enum Name" for anything that is neither, a variant index where a deserializer offers one.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};

/// Implements `Deserialize` for an enum of unit variants: `json_enum!(Name { Variant: "name", … });` lists every
/// variant with the name it is read from, in declaration order (a variant index reads the variant at that place,
/// as the derive's does). The enum must be `Copy`.
macro_rules! json_enum {
    ($name:ident { $($variant:ident: $text:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                /// The variants, at the places of their names in `NAMES`.
                const ALL: &[$name] = &[$($name::$variant),+];
                /// Every variant is listed: the match names them all.
                const _: fn($name) = |value| match value {
                    $($name::$variant => {})+
                };
                const NAMES: &[&str] = &[$($text),+];
                let index = $crate::json_objects::read_variant(deserializer, stringify!($name), NAMES)?;
                // `read_variant` answers an index into `NAMES`, which has one name per entry of `ALL`.
                ALL.get(index).copied().ok_or_else(|| <D::Error as serde::de::Error>::custom("no such variant"))
            }
        }
    };
}

pub(crate) use json_enum;

/// Reads a unit variant of the enum `name` through `deserialize_enum`: the index of its name in `variants`.
pub(crate) fn read_variant<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &'static [&'static str],
) -> Result<usize, D::Error> {
    deserializer.deserialize_enum(name, variants, EnumVisitor { name, variants })
}

/// The enum's visitor: the variant, then its (absent) content.
struct EnumVisitor {
    name: &'static str,
    variants: &'static [&'static str],
}

impl<'de> Visitor<'de> for EnumVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(VariantSeed(self.variants))?;
        variant.unit_variant()?;
        Ok(index)
    }
}

/// Reads a variant's name (or index) to its index.
struct VariantSeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for VariantSeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

/// serde's expectation for a variant index out of range: "variant index 0 <= i < N".
struct IndexBelow(usize);

impl de::Expected for IndexBelow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}

impl<'de> Visitor<'de> for VariantSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(index), &IndexBelow(self.0.len()))),
        }
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0.iter().position(|v| *v == name).ok_or_else(|| E::unknown_variant(name, self.0))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        self.0
            .iter()
            .position(|v| v.as_bytes() == name)
            .ok_or_else(|| E::unknown_variant(&String::from_utf8_lossy(name), self.0))
    }
}

#[cfg(test)]
mod tests {
    use crate::json_objects::from_str;

    /// Read by [`json_enum!`].
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Ours {
        ToDo,
        InProgress,
        Done,
    }

    crate::json_objects::json_enum!(Ours { ToDo: "to-do", InProgress: "in-progress", Done: "done" });

    /// The same enum, derived (the same name: serde's messages name the enum).
    mod derived {
        /// [`super::Ours`] derived.
        #[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub(super) enum Ours {
            ToDo,
            InProgress,
            Done,
        }
    }

    #[test]
    fn reads_and_refuses_as_the_derive_does() {
        let texts = [
            r#""to-do""#,
            r#""in-progress""#,
            r#""done""#,
            r#""Done""#,
            r#""""#,
            r#"{"done": null}"#,
            r#"{"done": 1}"#,
            r#"{"nope": null}"#,
            r#"{}"#,
            "1",
            "7",
            "null",
            "[]",
            "true",
            r#""in-\u0070rogress""#,
            r#""done"#,
        ];
        for text in texts {
            let ours = from_str::<Ours>(text).map(|v| format!("{v:?}")).map_err(|e| e.to_string());
            let theirs = from_str::<derived::Ours>(text).map(|v| format!("{v:?}")).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
            let ours = serde_json::from_str::<Vec<Ours>>(&format!("[{text}]")).map(|v| format!("{v:?}"));
            let theirs = serde_json::from_str::<Vec<derived::Ours>>(&format!("[{text}]")).map(|v| format!("{v:?}"));
            assert_eq!(ours.map_err(|e| e.to_string()), theirs.map_err(|e| e.to_string()), "{text}");
        }
        let value = serde_json::json!(2);
        let ours = serde_json::from_value::<Ours>(value.clone()).map_err(|e| e.to_string());
        let theirs = serde_json::from_value::<derived::Ours>(value).map_err(|e| e.to_string());
        assert_eq!(ours.map(|v| format!("{v:?}")), theirs.map(|v| format!("{v:?}")));
        let refused = from_str::<Ours>(r#""nope""#).expect_err("unknown");
        assert!(refused.to_string().contains("unknown variant `nope`, expected one of `to-do`"), "{refused}");
    }
}
