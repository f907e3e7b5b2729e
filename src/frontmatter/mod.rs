//! YAML front matter: finding the block, reading it as JSON-compatible values, and editing it losslessly.
//!
//! [`parse`] never fails and never panics: it returns what it could read plus [`Diagnostic`]s. A malformed
//! block still has a `range`, so the sync knows the note exists but must not be written to. [`update_frontmatter`]
//! changes named keys and leaves every other byte of the note as it was.
//!
//! The pieces: `fence` finds the `---` block the way Obsidian does, `load` reads its YAML with saphyr-parser
//! (bounded in size and depth), `schema` resolves scalars with the YAML 1.2 core schema, `entries` delimits
//! the top-level entries in the source, `emit` writes values back as safe YAML, and `edit` splices them into
//! the note (`changes` holds what to change). `offsets` maps the parser's character positions to byte offsets.
//! `flat` reads the common flat front matter (`key: scalar` lines, lists of scalars) without the YAML parser,
//! yielding exactly what `load` would, and leaves everything else to `load`.

mod changes;
mod edit;
mod emit;
mod entries;
mod fence;
mod flat;
mod load;
pub(crate) mod offsets;
mod schema;

pub use changes::Changes;
pub use edit::{UpdateError, update_frontmatter};
pub use load::{MAX_ALIAS_BYTES, MAX_DEPTH, MAX_NODES};

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::text::Span;
use fence::Fences;

/// A front matter mapping: keys in source order, JSON-compatible values.
pub type Mapping = serde_json::Map<String, serde_json::Value>;

/// What [`parse`] found (and, with the mapping as a [`FrontMatter`], [`read`]).
#[derive(Debug, Clone, Default)]
pub struct Parsed<M = Mapping> {
    /// The mapping, when the block exists and is a well-formed mapping.
    pub mapping: Option<M>,
    /// The block's span (opening fence through the closing fence line, newline included), when there is one.
    pub range: Option<Span>,
    /// Problems found in the block.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the front matter of `text`.
///
/// - No opening `---` line: no front matter (`Parsed::default()`).
/// - An opening fence but no closing `---` line: no front matter either, as in Obsidian, plus a
///   `frontmatter-unclosed` warning.
/// - A block: `range` is `Some`; `mapping` is `Some` only when the YAML is a well-formed mapping (an empty block
///   is an empty mapping). Errors are `yaml-syntax`, `duplicate-key`, `frontmatter-not-mapping`,
///   `yaml-alias-limit`, `yaml-size-limit` and `yaml-depth-limit`, positioned in the whole note.
pub fn parse(text: &str) -> Parsed {
    let read = read(text);
    Parsed { mapping: read.mapping.map(FrontMatter::into_mapping), range: read.range, diagnostics: read.diagnostics }
}

/// [`parse`], the common flat front matter left as the flat reader read it (texts borrowed from `text`): for a
/// reader that only looks at a few keys and copies the rest out (`parseNote`).
pub fn read(text: &str) -> Parsed<FrontMatter<'_>> {
    match fence::locate(text) {
        Fences::None => Parsed { mapping: None, range: None, diagnostics: Vec::new() },
        Fences::Unclosed(start) => Parsed {
            mapping: None,
            range: None,
            diagnostics: vec![Diagnostic::warning(
                text,
                start,
                "frontmatter-unclosed",
                "The note starts with `---` but has no closing `---` line, so it has no front matter.",
            )],
        },
        Fences::Closed(block) => {
            let range = Some(Span::new(text, block.start, block.end));
            if let Some(flat) = flat::read_flat(&text[block.content_start..block.content_end]) {
                return Parsed { mapping: Some(FrontMatter::Flat(flat)), range, diagnostics: Vec::new() };
            }
            let loaded = load::load(text, &block);
            Parsed { mapping: loaded.mapping.map(FrontMatter::Loaded), range, diagnostics: loaded.diagnostics }
        }
    }
}

/// A well-formed front matter mapping as [`read`] gives it: the flat reader's, keys and strings borrowed from the
/// note, or the loader's [`Mapping`]. It serialises exactly as its mapping does.
#[derive(Debug, Clone)]
pub enum FrontMatter<'a> {
    /// Flat front matter (`key: scalar` lines, lists of scalars).
    Flat(flat_front_matter::Flat<'a>),
    /// Anything else the loader read.
    Loaded(Mapping),
}

impl FrontMatter<'_> {
    /// The mapping.
    pub fn into_mapping(self) -> Mapping {
        match self {
            FrontMatter::Flat(flat) => flat.into_mapping(),
            FrontMatter::Loaded(mapping) => mapping,
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<Cow<'_, Value>> {
        match self {
            FrontMatter::Flat(flat) => flat.value_at(flat.keys().position(|k| k == key)?).map(Cow::Owned),
            FrontMatter::Loaded(mapping) => mapping.get(key).map(Cow::Borrowed),
        }
    }

    /// The value of the first key that `keep` accepts.
    pub fn first_value(&self, keep: impl Fn(&str) -> bool) -> Option<Cow<'_, Value>> {
        match self {
            FrontMatter::Flat(flat) => flat.value_at(flat.keys().position(keep)?).map(Cow::Owned),
            FrontMatter::Loaded(mapping) => mapping.iter().find(|(k, _)| keep(k)).map(|(_, v)| Cow::Borrowed(v)),
        }
    }
}

impl Serialize for FrontMatter<'_> {
    /// As its mapping serialises.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FrontMatter::Flat(flat) => flat.serialize(serializer),
            FrontMatter::Loaded(mapping) => mapping.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod laws;
