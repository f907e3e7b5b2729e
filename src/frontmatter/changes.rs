//! The changes an edit applies: an ordered list of keys to set or remove.
//!
//! From JavaScript they arrive as a plain object where `null` means *remove*; in Rust, `None` removes and
//! `Some(Value::Null)` writes an explicit `null`. Invariant: each key appears at most once.

use serde_json::Value;

use super::Mapping;

/// Key changes in order: `Some(value)` sets a key (`Some(Value::Null)` writes `null`), `None` removes it.
/// Setting a key twice keeps its first position and the last value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes(Vec<(String, Option<Value>)>);

impl Changes {
    /// No changes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`.
    pub fn set(mut self, key: impl Into<String>, value: Value) -> Self {
        self.put(key.into(), Some(value));
        self
    }

    /// Removes `key`.
    pub fn remove(mut self, key: impl Into<String>) -> Self {
        self.put(key.into(), None);
        self
    }

    /// The changes a JavaScript object stands for: each key set to its value, JSON `null` meaning *remove*.
    pub fn from_json_object(object: Mapping) -> Self {
        object.into_iter().map(|(k, v)| (k, (!v.is_null()).then_some(v))).collect()
    }

    /// Whether there are no changes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The changes in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&Value>)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_ref()))
    }

    fn put(&mut self, key: String, value: Option<Value>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
}

impl FromIterator<(String, Option<Value>)> for Changes {
    fn from_iter<I: IntoIterator<Item = (String, Option<Value>)>>(iter: I) -> Self {
        let mut changes = Self::new();
        for (k, v) in iter {
            changes.put(k, v);
        }
        changes
    }
}
