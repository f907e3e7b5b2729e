//! Picking and reading the remembered state from its stored file's text, as the driver's `pickJson` picks it:
//! the state file when it is JSON, else the temp copy a save writes first (a save cut short leaves the file
//! truncated and a complete temp copy), else an empty state. The shell hands the texts over unparsed, so a
//! large state is read once, here, instead of being parsed into JavaScript objects and written out again.
//!
//! Invariant: a text is passed over only when it is not JSON at all (the same texts `JSON.parse` rejects); a
//! JSON text that is not shaped like a state is an error naming what is wrong, never silently an empty state,
//! so a run never starts from less than what was remembered.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;

use super::state::{IssueBase, SiteState};

impl SiteState {
    /// The state of the first of `main` (the state file's text) and `tmp` (its temp copy's) that is JSON; `null`
    /// and no JSON text at all give an empty state. Errors when the picked text is JSON but not a state.
    pub fn from_stored(main: Option<&str>, tmp: Option<&str>) -> Result<SiteState, String> {
        for text in [main, tmp].into_iter().flatten() {
            if let Some(state) = read_stored(text)? {
                return Ok(state);
            }
        }
        Ok(SiteState::default())
    }
}

/// The state in `text`; `None` when `text` is not JSON (the next text is tried then).
fn read_stored(text: &str) -> Result<Option<SiteState>, String> {
    // `null` (JSON's whitespace around it) is read as nothing remembered, as the driver's `pickJson(…) ?? {}`.
    if text.trim_matches([' ', '\t', '\n', '\r']) == "null" {
        return Ok(Some(SiteState::default()));
    }
    match crate::json_objects::from_str::<SiteState>(text) {
        Ok(state) => Ok(Some(state)),
        Err(e) if matches!(e.classify(), Category::Syntax | Category::Eof) => Ok(None),
        // A wrong type was met before the text's end: the text is passed over only when it is not JSON either.
        Err(e) => match crate::json_objects::from_str::<IgnoredAny>(text) {
            Ok(_) => Err(format!("the stored sync state is not shaped like one: {e}")),
            Err(_) => Ok(None),
        },
    }
}

/// The state's bases, read as serde reads a map (a key given twice: the later value counts) but built in bulk:
/// the entries are gathered in order, then `collect` sorts them stably (a state file is already in id order, which
/// the sort finds in one pass) and builds the tree bottom-up with full nodes. Inserting them one by one searched
/// the tree from its root for each base and split nodes at their middle, leaving every node about half empty: at
/// 50,000 bases a tenth of the state's reading, and some 7 MB more wasm memory for every later walk of the bases.
pub(super) struct BasesRead(pub(super) BTreeMap<String, IssueBase>);

impl<'de> Deserialize<'de> for BasesRead {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bases;
        impl<'de> Visitor<'de> for Bases {
            type Value = BasesRead;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BasesRead, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, IssueBase>()? {
                    entries.push(entry);
                }
                Ok(BasesRead(entries.into_iter().collect()))
            }
        }
        deserializer.deserialize_map(Bases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = r#"{"baseUrl":"https://a.example","issues":{"1":{"key":"A-1","path":"A-1.md"}}}"#;

    /// The state picked from the texts; panics, with the error, when there is none.
    fn picked(main: Option<&str>, tmp: Option<&str>) -> SiteState {
        SiteState::from_stored(main, tmp).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn bases_read_in_bulk_are_the_map_serde_reads() {
        // Out of order, a key given twice (the later value counts), and the empty map.
        let text =
            r#"{"issues":{"2":{"key":"A-2","path":"b"},"1":{"key":"A-1","path":"a"},"2":{"key":"A-3","path":"c"}}}"#;
        let bulk = picked(Some(text), None).issues;
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let inserted: BTreeMap<String, IssueBase> = serde_json::from_value(value["issues"].clone()).unwrap_or_default();
        assert_eq!(bulk, inserted);
        assert_eq!(bulk.keys().collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(bulk["2"].key, "A-3");
        assert!(picked(Some(r#"{"issues":{}}"#), None).issues.is_empty());
        assert!(SiteState::from_stored(Some(r#"{"issues":[]}"#), None).is_err());
    }

    #[test]
    fn the_file_wins_when_it_is_json() {
        let state = picked(Some(STATE), Some(r#"{"baseUrl":"tmp"}"#));
        assert_eq!(state.base_url, "https://a.example");
        assert_eq!(state.issues["1"].key, "A-1");
    }

    #[test]
    fn a_truncated_file_falls_back_to_the_temp_copy() {
        assert_eq!(picked(Some(&STATE[..40]), Some(STATE)).issues["1"].path, "A-1.md");
        // A wrong type before the cut still counts as a cut file, as JSON.parse sees it.
        assert_eq!(picked(Some(r#"{"issues":5,"baseUrl":"#), Some(STATE)).base_url, "https://a.example");
    }

    #[test]
    fn nothing_readable_or_null_is_an_empty_state() {
        assert_eq!(picked(None, None), SiteState::default());
        assert_eq!(picked(Some(""), Some("{")), SiteState::default());
        assert_eq!(picked(Some("null"), Some(STATE)), SiteState::default());
        assert_eq!(picked(Some(" null\n"), Some(STATE)), SiteState::default());
    }

    #[test]
    fn json_that_is_not_a_state_is_an_error() {
        let err = SiteState::from_stored(Some(r#"{"issues":5}"#), Some(STATE)).err().unwrap_or_default();
        assert!(err.contains("not shaped like one"), "{err}");
        assert!(SiteState::from_stored(Some("[]"), None).is_err());
    }
}
