//! Three-way merge of one mapped field, on normalised JSON values.
//!
//! Given the value both sides agreed on at the last sync (`base`), the note's value (`local`) and Jira's
//! (`remote`): neither changed → [`FieldMerge::Unchanged`]; only local → [`FieldMerge::Push`]; only remote →
//! [`FieldMerge::Pull`]; both to the same value → [`FieldMerge::Adopt`] (nothing to write, the base moves);
//! both differently → [`FieldMerge::Conflict`].
//!
//! Decisions:
//! - Values are compared with `==` after the caller's normalisation, except that all *empty* values (`null`,
//!   `""`, `[]`, `{}`) are equal to each other; an agreed empty value is reported as `null`. An absent key or
//!   field is `null`.
//! - Missing base (first sync of a linked note): equal values → `Adopt`; if exactly one side is empty, the
//!   non-empty side wins (`Push` or `Pull`); two different non-empty values → `Conflict`.
//! - Direction `Pull`: Jira is the truth. A local edit is never pushed: it is reported as
//!   [`FieldMerge::RevertLocal`] and the note is reset to the remote value (also when Jira changed too, and for
//!   what would otherwise be a conflict).
//! - Direction `Push`: the mirror image. A Jira-side edit is reported as [`FieldMerge::OverwriteRemote`] and
//!   Jira is reset to the local value.
//!
//! Invariant (property-tested): swapping local and remote and mirroring the direction swaps `Push`/`Pull` and
//! `RevertLocal`/`OverwriteRemote` and the sides of a `Conflict`.

use serde::Serialize;
use serde_json::Value;

use super::config::Direction;

/// What to do with one field. Every variant but `Conflict` carries the `value` both sides hold afterwards,
/// which becomes the new base.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum FieldMerge {
    /// Neither side changed; nothing to write.
    Unchanged {
        /// The value on both sides.
        value: Value,
    },
    /// Only the note changed: write `value` to Jira.
    Push {
        /// The local value.
        value: Value,
    },
    /// Only Jira changed: write `value` to the note.
    Pull {
        /// The remote value.
        value: Value,
    },
    /// Both changed to the same value: nothing to write, the base moves to `value`.
    Adopt {
        /// The common value.
        value: Value,
    },
    /// A pull-only field was edited in the note: report it and write `value` (the remote value) to the note.
    RevertLocal {
        /// The discarded local value.
        local: Value,
        /// The remote value the note is reset to.
        value: Value,
    },
    /// A push-only field was edited in Jira: report it and write `value` (the local value) to Jira.
    OverwriteRemote {
        /// The discarded remote value.
        remote: Value,
        /// The local value Jira is reset to.
        value: Value,
    },
    /// Both sides changed differently; the user decides.
    Conflict {
        /// The last agreed value, if any.
        base: Option<Value>,
        /// The note's value.
        local: Value,
        /// Jira's value.
        remote: Value,
    },
}

impl FieldMerge {
    /// The value both sides hold once the outcome is applied (the new base); `None` for a conflict.
    pub fn agreed(&self) -> Option<&Value> {
        match self {
            Self::Unchanged { value }
            | Self::Push { value }
            | Self::Pull { value }
            | Self::Adopt { value }
            | Self::RevertLocal { value, .. }
            | Self::OverwriteRemote { value, .. } => Some(value),
            Self::Conflict { .. } => None,
        }
    }

    /// Whether the note must be written.
    pub fn writes_note(&self) -> bool {
        matches!(self, Self::Pull { .. } | Self::RevertLocal { .. })
    }

    /// Whether Jira must be written.
    pub fn writes_jira(&self) -> bool {
        matches!(self, Self::Push { .. } | Self::OverwriteRemote { .. })
    }

    /// The same outcome seen with local and remote swapped (and the direction mirrored).
    pub fn mirrored(self) -> Self {
        match self {
            Self::Push { value } => Self::Pull { value },
            Self::Pull { value } => Self::Push { value },
            Self::RevertLocal { local, value } => Self::OverwriteRemote { remote: local, value },
            Self::OverwriteRemote { remote, value } => Self::RevertLocal { local: remote, value },
            Self::Conflict { base, local, remote } => Self::Conflict { base, local: remote, remote: local },
            same => same,
        }
    }
}

/// Whether a value counts as empty: `null`, `""`, `[]` or `{}`.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Equality used by the merge: `==`, with all empty values equal.
pub fn same_value(a: &Value, b: &Value) -> bool {
    a == b || (is_empty(a) && is_empty(b))
}

/// The value reported when two sides agree: `null` for empty values, so the choice does not depend on the side.
fn agreed_value(v: &Value) -> Value {
    if is_empty(v) { Value::Null } else { v.clone() }
}

/// Merges one field. See the module documentation for the rules.
pub fn merge_field(base: Option<&Value>, local: &Value, remote: &Value, direction: Direction) -> FieldMerge {
    if same_value(local, remote) {
        let value = agreed_value(local);
        return match base {
            Some(b) if same_value(b, local) => FieldMerge::Unchanged { value },
            _ => FieldMerge::Adopt { value },
        };
    }
    // From here on local ≠ remote.
    let (local_changed, remote_changed) = match base {
        Some(b) => (!same_value(b, local), !same_value(b, remote)),
        // No base: an empty side counts as "not set yet", the other as the change; two values both changed.
        None => (!is_empty(local), !is_empty(remote)),
    };
    match direction {
        Direction::Pull if local_changed => FieldMerge::RevertLocal { local: local.clone(), value: remote.clone() },
        Direction::Push if remote_changed => {
            FieldMerge::OverwriteRemote { remote: remote.clone(), value: local.clone() }
        }
        _ => match (local_changed, remote_changed) {
            (true, false) => FieldMerge::Push { value: local.clone() },
            (false, true) => FieldMerge::Pull { value: remote.clone() },
            // (false, false) is impossible when local ≠ remote, both being equal to base; treat it as a conflict
            // rather than guess.
            _ => FieldMerge::Conflict { base: base.cloned(), local: local.clone(), remote: remote.clone() },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(base: Option<Value>, local: Value, remote: Value) -> FieldMerge {
        merge_field(base.as_ref(), &local, &remote, Direction::Both)
    }

    #[test]
    fn the_five_cases() {
        assert_eq!(both(Some(json!("a")), json!("a"), json!("a")), FieldMerge::Unchanged { value: json!("a") });
        assert_eq!(both(Some(json!("a")), json!("b"), json!("a")), FieldMerge::Push { value: json!("b") });
        assert_eq!(both(Some(json!("a")), json!("a"), json!("c")), FieldMerge::Pull { value: json!("c") });
        assert_eq!(both(Some(json!("a")), json!("d"), json!("d")), FieldMerge::Adopt { value: json!("d") });
        assert_eq!(
            both(Some(json!("a")), json!("b"), json!("c")),
            FieldMerge::Conflict { base: Some(json!("a")), local: json!("b"), remote: json!("c") }
        );
    }

    #[test]
    fn empty_values_are_equal_and_reported_as_null() {
        assert_eq!(both(Some(json!(null)), json!([]), json!("")), FieldMerge::Unchanged { value: json!(null) });
        assert_eq!(both(Some(json!(["x"])), json!([]), json!(null)), FieldMerge::Adopt { value: json!(null) });
        assert_eq!(both(Some(json!(["x"])), json!([]), json!(["x"])), FieldMerge::Push { value: json!([]) });
    }

    #[test]
    fn missing_base() {
        assert_eq!(both(None, json!("a"), json!("a")), FieldMerge::Adopt { value: json!("a") });
        assert_eq!(both(None, json!("a"), json!(null)), FieldMerge::Push { value: json!("a") });
        assert_eq!(both(None, json!(""), json!("r")), FieldMerge::Pull { value: json!("r") });
        assert_eq!(
            both(None, json!("a"), json!("b")),
            FieldMerge::Conflict { base: None, local: json!("a"), remote: json!("b") }
        );
        let pull_only = merge_field(None, &json!("a"), &json!("b"), Direction::Pull);
        assert_eq!(pull_only, FieldMerge::RevertLocal { local: json!("a"), value: json!("b") });
    }

    #[test]
    fn pull_only_reverts_local_edits() {
        let base = json!("a");
        let m = |l: Value, r: Value| merge_field(Some(&base), &l, &r, Direction::Pull);
        assert_eq!(m(json!("b"), json!("a")), FieldMerge::RevertLocal { local: json!("b"), value: json!("a") });
        assert_eq!(m(json!("b"), json!("c")), FieldMerge::RevertLocal { local: json!("b"), value: json!("c") });
        assert_eq!(m(json!("a"), json!("c")), FieldMerge::Pull { value: json!("c") });
        assert_eq!(m(json!("d"), json!("d")), FieldMerge::Adopt { value: json!("d") });
        assert!(m(json!("b"), json!("a")).writes_note());
    }

    #[test]
    fn push_only_overwrites_remote_edits() {
        let base = json!(1);
        let m = |l: Value, r: Value| merge_field(Some(&base), &l, &r, Direction::Push);
        assert_eq!(m(json!(1), json!(2)), FieldMerge::OverwriteRemote { remote: json!(2), value: json!(1) });
        assert_eq!(m(json!(3), json!(2)), FieldMerge::OverwriteRemote { remote: json!(2), value: json!(3) });
        assert_eq!(m(json!(3), json!(1)), FieldMerge::Push { value: json!(3) });
        assert!(m(json!(1), json!(2)).writes_jira());
        assert!(!m(json!(1), json!(2)).writes_note());
    }

    #[test]
    fn serialises_with_a_kind_tag() {
        let v = serde_json::to_value(FieldMerge::RevertLocal { local: json!(1), value: json!(2) }).expect("ok");
        assert_eq!(v, json!({"kind": "revertLocal", "local": 1, "value": 2}));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            Just(serde_json::json!("")),
            Just(serde_json::json!([])),
            (0i64..4).prop_map(Value::from),
            "[ab]{1,2}".prop_map(Value::from),
            prop::collection::vec("[ab]", 1..3).prop_map(Value::from),
        ]
    }

    fn direction() -> impl Strategy<Value = Direction> {
        prop_oneof![Just(Direction::Both), Just(Direction::Pull), Just(Direction::Push)]
    }

    proptest! {
        #[test]
        fn swapping_sides_mirrors_the_outcome(
            base in prop::option::of(value()), l in value(), r in value(), d in direction()
        ) {
            let there = merge_field(base.as_ref(), &l, &r, d);
            let back = merge_field(base.as_ref(), &r, &l, d.mirrored());
            prop_assert_eq!(back, there.mirrored());
        }

        #[test]
        fn base_equal_to_local_gives_remote(b in value(), r in value(), d in direction()) {
            let out = merge_field(Some(&b), &b, &r, d);
            let agreed = out.agreed().cloned();
            prop_assert!(agreed.is_some());
            let agreed = agreed.unwrap_or_default();
            if d == Direction::Push {
                prop_assert!(same_value(&agreed, &b));
            } else {
                prop_assert!(same_value(&agreed, &r));
                prop_assert!(!out.writes_jira());
            }
        }

        #[test]
        fn writes_only_in_the_allowed_direction(
            base in prop::option::of(value()), l in value(), r in value(), d in direction()
        ) {
            let out = merge_field(base.as_ref(), &l, &r, d);
            if d == Direction::Pull { prop_assert!(!out.writes_jira()); }
            if d == Direction::Push { prop_assert!(!out.writes_note()); }
            if d != Direction::Both {
                let conflict = matches!(out, FieldMerge::Conflict { .. });
                prop_assert!(!conflict);
            }
        }
    }
}
