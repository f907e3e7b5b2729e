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

use crate::diagnostic::Diagnostic;
use crate::text::Span;
use fence::Fences;

/// A front matter mapping: keys in source order, JSON-compatible values.
pub type Mapping = serde_json::Map<String, serde_json::Value>;

/// What [`parse`] found.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The mapping, when the block exists and is a well-formed mapping.
    pub mapping: Option<Mapping>,
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
    match fence::locate(text) {
        Fences::None => Parsed::default(),
        Fences::Unclosed(start) => Parsed {
            diagnostics: vec![Diagnostic::warning(
                text,
                start,
                "frontmatter-unclosed",
                "The note starts with `---` but has no closing `---` line, so it has no front matter.",
            )],
            ..Parsed::default()
        },
        Fences::Closed(block) => {
            if let Some(mapping) = flat::read(&text[block.content_start..block.content_end]) {
                let range = Some(Span::new(text, block.start, block.end));
                return Parsed { mapping: Some(mapping), range, diagnostics: Vec::new() };
            }
            let loaded = load::load(text, &block);
            Parsed {
                mapping: loaded.mapping,
                range: Some(Span::new(text, block.start, block.end)),
                diagnostics: loaded.diagnostics,
            }
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod laws;
