//! The writer's read-back: whether Markdown parses back to a given ADF node.
//!
//! The Markdown is parsed to the converter's own tree ([`Node`]), which is compared with the node where it
//! stands; only when that cheap comparison fails is the tree converted to a `Value` for the full
//! normalisation. Most blocks read back on the first test, so they convert nothing.

use serde_json::{Map, Value};

use crate::adf::normalise;
use crate::markdown::{Node, Str};

/// True if `md` parses back to exactly `node` (after normalisation).
pub(super) fn parses_back(node: &crate::adf::node::Node<'_>, md: &str) -> bool {
    let Some(only) = crate::markdown::only_block(md) else { return false };
    let node = node.value();
    same(&only, &node) || normalise(&only.into_value()) == normalise(&node)
}

/// A cheap, allocation-free sufficient condition for `normalise(a) == normalise(b)` (`a` as a `Value`): equal
/// up to `localId` attributes of nodes and absent versus empty `attrs`/`marks`/`content`.
pub(super) fn same(a: &Node, b: &Value) -> bool {
    same_depth(a, b, Some(0))
}

/// [`same`] for a node at `depth`, or with `None` exactly `Value`'s equality (as if `a` were converted first):
/// below the depth limit, and inside marks and attributes, nodes are compared exactly.
fn same_depth(a: &Node, b: &Value, depth: Option<usize>) -> bool {
    let depth = depth.filter(|d| *d <= super::super::MAX_DEPTH);
    let (x, y) = match (a, b) {
        (Node::Object(x), Value::Object(y)) => (x, y),
        (Node::Array(p), Value::Array(q)) => return all_same(p, q, None),
        (Node::Str(a), Value::String(b)) => return a == b,
        (Node::Scalar(a), b) => return a == b,
        _ => return false,
    };
    // Every key of `x`, then the keys only `y` has. Nodes have a handful of keys, so a linear search beats
    // hashing each one.
    x.iter().all(|(k, v)| same_key(k, Some(v), find(y, k), depth))
        && y.iter().all(|(k, v)| field(x, k).is_some() || same_key(k, None, Some(v), depth))
}

/// Whether the values of `key` in two nodes compare as [`same_depth`] wants (`None`: the node lacks the key).
fn same_key(key: &str, va: Option<&Node>, vb: Option<&Value>, depth: Option<usize>) -> bool {
    match (depth, key) {
        (Some(_), "attrs") => match (va.map_or(Some(&[][..]), pairs), vb.map_or(Some(&Map::new()), Value::as_object)) {
            (Some(p), Some(q)) => {
                let own = p.iter().filter(|(k, _)| k != "localId").count();
                own == q.keys().filter(|k| *k != "localId").count()
                    && p.iter().all(|(k, v)| k == "localId" || equal(Some(v), find(q, k)))
            }
            _ => equal(va, vb),
        },
        (Some(d), "content") => match (items(va), slice(vb)) {
            (Some(p), Some(q)) => all_same(p, q, Some(d + 1)),
            _ => equal(va, vb),
        },
        (Some(_), "marks") => match (items(va), slice(vb)) {
            (Some(p), Some(q)) => all_same(p, q, None),
            _ => equal(va, vb),
        },
        _ => equal(va, vb),
    }
}

/// [`same_depth`] item by item.
fn all_same(p: &[Node], q: &[Value], depth: Option<usize>) -> bool {
    p.len() == q.len() && p.iter().zip(q).all(|(i, j)| same_depth(i, j, depth))
}

/// `Option<&Value>`'s equality, the first side a [`Node`].
fn equal(a: Option<&Node>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_depth(a, b, None),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// An object's pairs.
fn pairs(node: &Node) -> Option<&[(Str, Node)]> {
    match node {
        Node::Object(pairs) => Some(pairs),
        _ => None,
    }
}

/// `pairs[key]` by linear search.
fn field<'a>(pairs: &'a [(Str, Node)], key: &str) -> Option<&'a Node> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `map[key]` by linear search.
fn find<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// An absent array as empty; `None` if the node is not an array.
fn items(v: Option<&Node>) -> Option<&[Node]> {
    v.map_or(Some(&[]), |v| v.as_array().map(Vec::as_slice))
}

/// An absent array as empty; `None` if the value is not an array.
fn slice(v: Option<&Value>) -> Option<&[Value]> {
    v.map_or(Some(&[]), |v| v.as_array().map(Vec::as_slice))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use crate::markdown::Node;

    fn value() -> impl Strategy<Value = Value> {
        crate::markdown::node::tests::json_values(0..3, "[a-c]{0,1}", "[a-c]", 3)
    }

    /// ADF-like nodes: the keys `same` treats apart, `localId` among the attributes, some nesting.
    fn adf() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![Just(Value::Null), (0..2i64).prop_map(Value::from), "[ab]{0,1}".prop_map(Value::String)];
        let key = prop::sample::select(vec!["type", "attrs", "content", "marks", "localId", "text"]);
        leaf.prop_recursive(4, 32, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..4)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
            ]
        })
    }

    /// The `Value`-against-`Value` test this module replaced (commit 2131937's `adf::write::same`), kept to compare.
    fn old_same(a: &Value, b: &Value, depth: usize) -> bool {
        type Obj = serde_json::Map<String, Value>;
        let find = |m: &Obj, k: &str| m.iter().find(|(j, _)| *j == k).map(|(_, v)| v).cloned();
        let slice = |v: &Option<Value>| v.as_ref().map_or(Some(Vec::new()), |v| v.as_array().cloned());
        let (Some(x), Some(y)) = (a.as_object(), b.as_object()) else { return a == b };
        if depth > crate::adf::MAX_DEPTH {
            return a == b;
        }
        let empty = Obj::new();
        let only_y = y.iter().filter(|(k, _)| find(x, k).is_none());
        let keys: Vec<(String, Option<Value>, Option<Value>)> = x
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone()), find(y, k)))
            .chain(only_y.map(|(k, v)| (k.clone(), None, Some(v.clone()))))
            .collect();
        keys.iter().all(|(k, va, vb)| match k.as_str() {
            "attrs" => match (
                va.as_ref().map_or(Some(&empty), Value::as_object),
                vb.as_ref().map_or(Some(&empty), Value::as_object),
            ) {
                (Some(p), Some(q)) => {
                    let own = |m: &Obj| m.keys().filter(|k| *k != "localId").count();
                    own(p) == own(q) && p.iter().all(|(k, v)| k == "localId" || find(q, k).as_ref() == Some(v))
                }
                _ => va == vb,
            },
            "content" => match (slice(va), slice(vb)) {
                (Some(p), Some(q)) => p.len() == q.len() && p.iter().zip(&q).all(|(i, j)| old_same(i, j, depth + 1)),
                _ => va == vb,
            },
            "marks" => match (slice(va), slice(vb)) {
                (Some(p), Some(q)) => p == q,
                _ => va == vb,
            },
            _ => va == vb,
        })
    }

    proptest! {
        /// Without a depth the comparison is `Value`'s equality.
        #[test]
        fn without_a_depth_it_is_equality(a in value(), b in value()) {
            prop_assert_eq!(super::same_depth(&Node::from_value(a.clone()), &b, None), a == b);
            prop_assert!(super::same_depth(&Node::from_value(a.clone()), &a, None));
        }

        /// `same` on the tree answers as the `Value`-against-`Value` test did, on ADF-like nodes and on a node
        /// against itself with `localId`s and empty keys changed.
        #[test]
        fn same_answers_as_before(a in adf(), b in adf()) {
            prop_assert_eq!(super::same(&Node::from_value(a.clone()), &b), old_same(&a, &b, 0));
            prop_assert!(super::same(&Node::from_value(a.clone()), &a));
        }
    }
}
