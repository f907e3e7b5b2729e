//! The converter's own JSON tree: what the Markdown block builder builds, finishes and writes out as text.
//!
//! A `serde_json::Value` object (with `preserve_order`) is an `IndexMap`: an entries vector, a hash table and an
//! owned `String` per key, every key SipHash-hashed on insert. An ADF node has two to four keys, all of them
//! literals of the converter, and most string values (`"text"`, `"paragraph"`, `"strong"`) are literals too, so
//! here an object is a vector of pairs searched linearly and strings are borrowed when they are literals. Keys keep
//! the order they were inserted in and each operation mirrors the `Value` one it replaces (including `remove`,
//! which is `swap_remove` there), so [`Node::into_value`] gives exactly the tree the converter built before, and
//! the JSON text (`adf_text`) is byte for byte `serde_json::to_string` of it.

use std::borrow::Cow;

use serde_json::Value;

/// A key or string value: borrowed when it is a literal of the converter.
pub(crate) type Str = Cow<'static, str>;

/// A JSON value as the converter builds it.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// `null`, a boolean or a number (a heading level, a list's order, attributes from the reversible forms).
    Scalar(Value),
    /// A string.
    Str(Str),
    /// An array.
    Array(Vec<Node>),
    /// An object's pairs in insertion order; no key occurs twice.
    Object(Vec<(Str, Node)>),
}

impl From<&'static str> for Node {
    fn from(s: &'static str) -> Self {
        Node::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Node {
    fn from(s: String) -> Self {
        Node::Str(Cow::Owned(s))
    }
}

impl Node {
    /// `{"type": ty}`.
    pub(crate) fn of(ty: &'static str) -> Node {
        Node::Object(vec![("type".into(), ty.into())])
    }

    /// An object of these pairs, in this order (the keys distinct).
    #[inline(never)]
    pub(crate) fn object<const N: usize>(pairs: [(&'static str, Node); N]) -> Node {
        Node::Object(pairs.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect())
    }

    /// A number.
    pub(crate) fn number(n: u64) -> Node {
        Node::Scalar(Value::from(n))
    }

    /// The node with `content` set to `items` (appended as the last key unless it was there).
    pub(crate) fn with_content(mut self, items: Vec<Node>) -> Node {
        self.insert("content", Node::Array(items));
        self
    }

    /// `self[key]` if `self` is an object holding `key`.
    pub(crate) fn field(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// `self[key]`, mutable, if `self` is an object holding `key`.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Object(pairs) => pairs.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The `type` string of an object, or `""`.
    pub(crate) fn ty(&self) -> &str {
        self.field("type").and_then(Node::as_str).unwrap_or("")
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub(crate) fn as_array(&self) -> Option<&Vec<Node>> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The items, mutable, if this is an array.
    pub(crate) fn as_array_mut(&mut self) -> Option<&mut Vec<Node>> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The number, if this is a non-negative integer.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Node::Scalar(v) => v.as_u64(),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// Whether this is `null`.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Node::Scalar(Value::Null))
    }

    /// Sets `key` (in place if present, else appended), as `Map::insert` and `value[key] = …` do on an object;
    /// nothing unless this is an object (the converter sets keys on objects only).
    pub(crate) fn insert(&mut self, key: &'static str, value: Node) {
        self.insert_key(Cow::Borrowed(key), value);
    }

    /// [`Node::insert`] with a key that need not be a literal.
    pub(crate) fn insert_key(&mut self, key: Str, value: Node) {
        if let Node::Object(pairs) = self {
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => *v = value,
                None => pairs.push((key, value)),
            }
        }
    }

    /// Removes `key`, the last pair taking its place (`Map::remove` with `preserve_order` is `swap_remove`).
    pub(crate) fn remove(&mut self, key: &str) -> Option<Node> {
        let Node::Object(pairs) = self else { return None };
        let at = pairs.iter().position(|(k, _)| k == key)?;
        Some(pairs.swap_remove(at).1)
    }

    /// Removes `key`, keeping the order of the others (`Map::shift_remove`).
    pub(crate) fn shift_remove(&mut self, key: &str) -> Option<Node> {
        let Node::Object(pairs) = self else { return None };
        let at = pairs.iter().position(|(k, _)| k == key)?;
        Some(pairs.remove(at).1)
    }

    /// Converts a `serde_json` value (JSON read from the reversible forms, media attributes).
    pub(crate) fn from_value(value: Value) -> Node {
        match value {
            Value::String(s) => Node::Str(Cow::Owned(s)),
            Value::Array(items) => Node::Array(items.into_iter().map(Node::from_value).collect()),
            Value::Object(map) => {
                Node::Object(map.into_iter().map(|(k, v)| (Cow::Owned(k), Node::from_value(v))).collect())
            }
            other => Node::Scalar(other),
        }
    }

    /// The same tree as a `serde_json` value, keys in the same order.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Node::Scalar(v) => v,
            Node::Str(s) => Value::String(s.into_owned()),
            Node::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(pairs) => {
                let mut map = serde_json::Map::with_capacity(pairs.len());
                for (k, v) in pairs {
                    map.insert(k.into_owned(), v.into_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// As `Value`'s: objects are equal when they hold the same keys with equal values, in any order.
impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Scalar(a), Node::Scalar(b)) => a == b,
            (Node::Str(a), Node::Str(b)) => a == b,
            (Node::Array(a), Node::Array(b)) => a == b,
            (Node::Object(a), Node::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| other.field(k).is_some_and(|w| v == w))
            }
            _ => false,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::Node;

    /// JSON values three levels deep: integers in `ints`, strings and keys from the regexes `strings` and `keys`,
    /// arrays and objects of fewer than `width` items. Narrow ranges make equal pairs likely.
    pub(crate) fn json_values(
        ints: std::ops::Range<i64>,
        strings: &'static str,
        keys: &'static str,
        width: usize,
    ) -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            ints.prop_map(Value::from),
            strings.prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..width).prop_map(Value::Array),
                prop::collection::vec((keys, inner), 0..width)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    fn value() -> impl Strategy<Value = Value> {
        json_values(i64::MIN..i64::MAX, "[a-c]{0,2}", "[a-d]", 4)
    }

    proptest! {
        /// Converting there and back keeps every key in its place; equality and the map operations are `Value`'s.
        #[test]
        fn operations_mirror_value(a in value(), b in value(), key in "[a-d]", extra in value()) {
            let (na, nb) = (Node::from_value(a.clone()), Node::from_value(b.clone()));
            prop_assert_eq!(serde_json::to_string(&na.clone().into_value()).ok(), serde_json::to_string(&a).ok());
            prop_assert_eq!(na == nb, a == b);
            let (mut va, mut na) = (a.clone(), na);
            if let (Some(map), true) = (va.as_object_mut(), na.is_object()) {
                map.insert(key.clone(), extra.clone());
                na.insert_key(key.clone().into(), Node::from_value(extra.clone()));
                prop_assert_eq!(serde_json::to_string(&na.clone().into_value()).ok(), serde_json::to_string(&va).ok());
                let (removed, mine) = (va.as_object_mut().and_then(|m| m.remove("a")), na.remove("a"));
                prop_assert_eq!(mine.map(Node::into_value), removed);
                prop_assert_eq!(serde_json::to_string(&na.clone().into_value()).ok(), serde_json::to_string(&va).ok());
                let (removed, mine) = (va.as_object_mut().and_then(|m| m.shift_remove("b")), na.shift_remove("b"));
                prop_assert_eq!(mine.map(Node::into_value), removed);
                va["c"] = Value::Bool(true);
                na.insert("c", Node::Scalar(Value::Bool(true)));
                prop_assert_eq!(serde_json::to_string(&na.into_value()).ok(), serde_json::to_string(&va).ok());
            }
        }
    }
}
