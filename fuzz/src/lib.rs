//! Fuzz targets for the Jira Vault Sync core, run with `cargo fuzz` (see the README's *Fuzzing* section).
//!
//! [`checks`] holds the property each target checks (shared with `tests/fuzz_regressions.rs`); this crate adds
//! the structured inputs that need the `arbitrary` crate.

pub mod checks;

use arbitrary::{Arbitrary, Unstructured};
use jira_vault_sync::frontmatter::Changes;
use serde_json::{Map, Number, Value};

/// The deepest value [`arbitrary_value`] builds: deep enough for nested lists and maps, and past the YAML
/// writer's depth limit now and then.
const MAX_VALUE_DEPTH: usize = 6;

/// Key candidates: the sync's own keys, YAML's special words and characters, so changes hit existing entries.
const KEYS: &[&str] = &[
    "title",
    "jira_key",
    "status",
    "tags",
    "aliases",
    "a",
    "b",
    "",
    " ",
    "-",
    "?",
    ":",
    "#",
    "&a",
    "*a",
    "null",
    "true",
    "~",
    "'",
    "\"",
    "key: value",
    "x\ny",
    "---",
    "é",
    "1",
    "0x1",
];

/// A front matter key: usually one of [`KEYS`], otherwise any string.
fn key(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    if u.ratio(3, 4)? { Ok((*u.choose(KEYS)?).to_owned()) } else { String::arbitrary(u) }
}

/// Any JSON value, with strings that are often YAML-significant.
pub fn arbitrary_value(u: &mut Unstructured<'_>, depth: usize) -> arbitrary::Result<Value> {
    let pick = u.int_in_range(0..=if depth >= MAX_VALUE_DEPTH { 4 } else { 6 })?;
    Ok(match pick {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => {
            if bool::arbitrary(u)? {
                Value::Number(i64::arbitrary(u)?.into())
            } else {
                Number::from_f64(f64::arbitrary(u)?).map_or(Value::Null, Value::Number)
            }
        }
        3 => Value::String((*u.choose(KEYS)?).to_owned()),
        4 => Value::String(String::arbitrary(u)?),
        5 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| arbitrary_value(u, depth + 1)).collect::<arbitrary::Result<_>>()?)
        }
        _ => {
            let n = u.int_in_range(0..=4)?;
            let mut map = Map::new();
            for _ in 0..n {
                map.insert(key(u)?, arbitrary_value(u, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

/// An `update_frontmatter` input: the note, then the changes.
#[derive(Debug)]
pub struct FrontmatterEdit {
    /// The note text.
    pub text: String,
    /// The keys to set or remove.
    pub changes: Changes,
}

impl<'a> Arbitrary<'a> for FrontmatterEdit {
    /// The note is the input up to the first NUL byte (so a seed is a plain note file followed by `\0`), the
    /// changes are decoded from the rest.
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let bytes = u.peek_bytes(u.len()).unwrap_or(&[]);
        let cut = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        let text = String::from_utf8_lossy(u.bytes(cut)?).into_owned();
        let _ = u.bytes(usize::from(!u.is_empty()))?;
        let n = u.int_in_range(1..=4)?;
        let mut changes = Vec::new();
        for _ in 0..n {
            let k = key(u)?;
            let v = if u.ratio(1, 4)? { None } else { Some(arbitrary_value(u, 0)?) };
            changes.push((k, v));
        }
        Ok(Self { text, changes: changes.into_iter().collect() })
    }
}
