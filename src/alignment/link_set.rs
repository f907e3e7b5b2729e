//! Issue links as note properties: the property names a site's link types give, reading a property's list of
//! key references, and the three-way merge of one property's set of linked keys. The sync engine uses them in
//! `src/sync/engine/issue_links.rs`; Jira's side (types, `issuelinks`, request bodies) is [`super::jira_links`].
//!
//! Each link type gives two properties, named by the snake_case of Jira's phrases: `Blocks` → `blocks`
//! (outward) and `is_blocked_by` (inward); a type whose phrases are equal (`Relates`: "relates to") gives one.
//! A property's value is a list of key references (see [`key_in_reference`]); the merge works on the keys.
//!
//! The set merge is per key and has no conflicts: a key in the base stays only if both sides still hold it
//! (a removal on either side applies), a key not in the base is added if either side added it (an addition on
//! either side applies). Jira then gets exactly the difference between the merged set and its own: one link
//! created per added key, one deleted per removed key, nothing when both sides already agree.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::key_ref::key_in_reference;

/// A link type as the site lists it (`GET /issueLinkType`); kept in the sync state as the site's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkType {
    /// The type's name (`Blocks`), as link requests name it.
    pub name: String,
    /// The inward phrase (`is blocked by`).
    pub inward: String,
    /// The outward phrase (`blocks`).
    pub outward: String,
}

crate::json_objects::json_object!(LinkType { name: "name", inward: "inward", outward: "outward" });

/// Which side of a link type a property holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkSide {
    /// The note's issue does the outward phrase to the listed issues (`OPS-1 blocks OPS-2`).
    Outward,
    /// The listed issues do the outward phrase to the note's issue (`OPS-2 is blocked by OPS-1`).
    Inward,
}

/// The note property name of a link phrase: lower case, every run of other characters than letters and digits
/// one `_`, none at either end (`is blocked by` → `is_blocked_by`). Empty when the phrase has no letter or digit.
pub fn property_name(phrase: &str) -> String {
    let mut name = String::with_capacity(phrase.len());
    for c in phrase.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    name.trim_end_matches('_').to_owned()
}

/// The link properties of a site: property name → (link type name, sides). `renames` maps a default name
/// (see [`property_name`]) to the name the user chose. A type with equal phrases gives one property holding
/// both sides; a name two types would share goes to the first type listed (the order the site lists them).
pub fn link_properties(
    types: &[LinkType],
    renames: &BTreeMap<String, String>,
) -> BTreeMap<String, (String, Vec<LinkSide>)> {
    let mut props: BTreeMap<String, (String, Vec<LinkSide>)> = BTreeMap::new();
    for t in types {
        for (phrase, side) in [(&t.outward, LinkSide::Outward), (&t.inward, LinkSide::Inward)] {
            let default = property_name(phrase);
            let name = renames.get(&default).cloned().unwrap_or(default);
            if name.is_empty() {
                continue;
            }
            let entry = props.entry(name).or_insert_with(|| (t.name.clone(), Vec::new()));
            if entry.0 == t.name && !entry.1.contains(&side) {
                entry.1.push(side);
            }
        }
    }
    props
}

/// The entries of a link property: a list's items; a single value counts as a one-item list, `null` as none.
/// An unquoted wiki-link typed as the whole value (`blocks: [[OPS-2]]`, which YAML reads as `[["OPS-2"]]`)
/// is one entry.
pub fn entries_of(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) if reference_string(value).is_some() && items.len() == 1 => vec![value],
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// An entry's text: a string, or an unquoted wiki-link (YAML reads `[[OPS-2 X]]` as `[["OPS-2 X"]]`, and a
/// list item `- [[OPS-2 X]]` the same way) as `[[OPS-2 X]]`. `None` for anything else.
pub fn reference_string(entry: &Value) -> Option<String> {
    match entry {
        Value::String(s) => Some(s.clone()),
        Value::Array(outer) => match outer.as_slice() {
            [Value::Array(inner)] => match inner.as_slice() {
                [Value::String(target)] => Some(format!("[[{target}]]")),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The keys a link property names, and the entries that name none (to report, never to guess). A single
/// string counts as a one-item list; `null` and an empty string as an empty one.
pub fn keys_of(value: &Value) -> (BTreeSet<String>, Vec<String>) {
    let mut keys = BTreeSet::new();
    let mut unreadable = Vec::new();
    for item in entries_of(value) {
        match (reference_string(item), item) {
            (Some(s), _) if s.trim().is_empty() => {}
            (Some(s), _) => match key_in_reference(&s) {
                Some(key) => {
                    keys.insert(key.to_owned());
                }
                None => unreadable.push(s),
            },
            (None, Value::Null) => {}
            (None, other) => unreadable.push(other.to_string()),
        }
    }
    (keys, unreadable)
}

/// The outcome of merging one link property.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetMerge {
    /// The keys both sides hold afterwards (the new base).
    pub merged: BTreeSet<String>,
    /// Keys to link in Jira (merged, not in Jira's set).
    pub add: BTreeSet<String>,
    /// Keys to unlink in Jira (in Jira's set, not merged).
    pub remove: BTreeSet<String>,
    /// Whether the note's set differs from the merged one (the note is written).
    pub writes_note: bool,
}

/// Three-way merges one link property: `base` the last agreed set (`None`: never synced, so nothing counts
/// as removed), `local` the note's, `remote` Jira's.
pub fn merge_set(base: Option<&BTreeSet<String>>, local: &BTreeSet<String>, remote: &BTreeSet<String>) -> SetMerge {
    let empty = BTreeSet::new();
    let base = base.unwrap_or(&empty);
    let merged: BTreeSet<String> = crate::sort::collect_set(
        local.union(remote).filter(|k| !base.contains(*k) || (local.contains(*k) && remote.contains(*k))).cloned(),
    );
    SetMerge {
        add: crate::sort::collect_set(merged.difference(remote).cloned()),
        remove: crate::sort::collect_set(remote.difference(&merged).cloned()),
        writes_note: &merged != local,
        merged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn property_names_are_snake_case_of_jiras_words() {
        assert_eq!(property_name("is blocked by"), "is_blocked_by");
        assert_eq!(property_name("Relates to"), "relates_to");
        assert_eq!(property_name("  is cloned-by (legacy) "), "is_cloned_by_legacy");
        assert_eq!(property_name("— "), "");
    }

    #[test]
    fn each_type_gives_two_properties_and_a_symmetric_one_gives_one() {
        let t = |name: &str, inward: &str, outward: &str| LinkType {
            name: name.into(),
            inward: inward.into(),
            outward: outward.into(),
        };
        let types = [
            t("Blocks", "is blocked by", "blocks"),
            t("Duplicate", "is duplicated by", "duplicates"),
            t("Relates", "relates to", "relates to"),
        ];
        let renames = BTreeMap::from([("is_blocked_by".to_owned(), "blocked_by".to_owned())]);
        let props = link_properties(&types, &renames);
        let names: Vec<&str> = props.keys().map(String::as_str).collect();
        assert_eq!(names, ["blocked_by", "blocks", "duplicates", "is_duplicated_by", "relates_to"]);
        assert_eq!(props["blocked_by"], ("Blocks".to_owned(), vec![LinkSide::Inward]));
        assert_eq!(props["relates_to"], ("Relates".to_owned(), vec![LinkSide::Outward, LinkSide::Inward]));
    }

    #[test]
    fn a_property_lists_key_references_and_reports_the_rest() {
        let value = json!(["[[OPS-2 Page the secondary]]", "PLAT-7", "", "next week", 3, null]);
        assert_eq!(keys_of(&value), (set(&["OPS-2", "PLAT-7"]), vec!["next week".to_owned(), "3".to_owned()]));
        assert_eq!(keys_of(&json!("[[OPS-1]]")), (set(&["OPS-1"]), vec![]));
        assert_eq!(keys_of(&Value::Null), (set(&[]), vec![]));
        // Unquoted wiki-links, as YAML reads them: the whole value, and list items.
        assert_eq!(keys_of(&json!([["OPS-3 Fix"]])), (set(&["OPS-3"]), vec![]));
        assert_eq!(keys_of(&json!([[["OPS-3 Fix"]], [["OPS-4"]]])), (set(&["OPS-3", "OPS-4"]), vec![]));
    }

    /// One row of the merge table: (base, local, remote) → (merged, add in Jira, remove in Jira, note written).
    type Row<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str], bool);

    #[test]
    fn the_set_merge_table() {
        let cases: [Row<'_>; 9] = [
            // Nothing changed.
            (&["A"], &["A"], &["A"], &["A"], &[], &[], false),
            // Added in the note → linked in Jira.
            (&["A"], &["A", "B"], &["A"], &["A", "B"], &["B"], &[], false),
            // Removed in the note → unlinked in Jira.
            (&["A", "B"], &["A"], &["A", "B"], &["A"], &[], &["B"], false),
            // Added in Jira → written to the note.
            (&["A"], &["A"], &["A", "C"], &["A", "C"], &[], &[], true),
            // Removed in Jira → removed from the note.
            (&["A", "B"], &["A", "B"], &["A"], &["A"], &[], &[], true),
            // Both added the same key, both removed the same key: they agree, no request.
            (&["A", "B"], &["A", "C"], &["A", "C"], &["A", "C"], &[], &[], false),
            // Each side added and removed different keys: all of it applies on both sides.
            (&["A", "B"], &["B", "C"], &["A", "D"], &["C", "D"], &["C"], &["A"], true),
            // One side removes what the other kept: the removal applies.
            (&["A"], &[], &["A", "E"], &["E"], &[], &["A"], true),
            // Never synced: the union, nothing removed.
            (&[], &["A"], &["B"], &["A", "B"], &["A"], &[], true),
        ];
        for (n, (base, local, remote, merged, add, remove, writes)) in cases.into_iter().enumerate() {
            let base = if n == 8 { None } else { Some(set(base)) };
            let got = merge_set(base.as_ref(), &set(local), &set(remote));
            let want = SetMerge { merged: set(merged), add: set(add), remove: set(remove), writes_note: writes };
            assert_eq!(got, want, "case {n}");
        }
    }

    proptest::proptest! {
        /// Afterwards Jira holds the merged set exactly; swapping the sides swaps add/remove for note writes.
        #[test]
        fn jira_ends_at_the_merged_set(
            base in proptest::collection::btree_set("[A-E]", 0..5),
            local in proptest::collection::btree_set("[A-E]", 0..5),
            remote in proptest::collection::btree_set("[A-E]", 0..5),
        ) {
            let m = merge_set(Some(&base), &local, &remote);
            let after: BTreeSet<String> = remote.difference(&m.remove).chain(m.add.iter()).cloned().collect();
            proptest::prop_assert_eq!(&after, &m.merged);
            let mirrored = merge_set(Some(&base), &remote, &local);
            proptest::prop_assert_eq!(mirrored.merged, m.merged);
        }
    }
}
