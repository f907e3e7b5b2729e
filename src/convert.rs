//! Markdown ↔ Jira wiki markup (Data Center), composed through ADF.
//!
//! ADF is the one document model both Jira dialects meet in: `markdown_to_wiki` is ADF → wiki after Markdown →
//! ADF, and `wiki_to_markdown` the other way round. Each half is lossless on its own (see `adf`, `markdown` and
//! `wiki`), so the compositions inherit their laws and nothing Data Center holds is lost in the vault.
//!
//! Markdown → wiki writes the blocks of the wiki writer's proven subset straight from the Markdown parser's
//! events (`direct`), with output identical to the composition's; only the other blocks go through ADF. Wiki →
//! Markdown does the same the other way round for the Markdown writer's proven subset (`wiki::to_markdown`).

mod direct;
mod direct_group;
mod direct_inline;

use crate::adf::{self, AdfError};
use crate::markdown;
use crate::wiki::{self, WikiError};

/// Converts Obsidian-flavoured Markdown to Jira wiki markup. The ADF in between is always well formed, so an
/// error here means a bug in a converter, reported rather than hidden.
///
/// The result is [`markdown_to_wiki_via_adf`]'s; builds with debug assertions compute both and panic if they
/// differ, so every test that converts Markdown to wiki checks the direct path.
pub fn markdown_to_wiki(markdown: &str) -> Result<String, WikiError> {
    let wiki = direct::markdown_to_wiki(markdown).map(|(wiki, _)| wiki);
    #[cfg(debug_assertions)]
    assert_eq!(wiki, markdown_to_wiki_via_adf(markdown), "direct Markdown → wiki differs for:\n{markdown}");
    wiki
}

/// Markdown → wiki through a whole ADF document: the definition [`markdown_to_wiki`] must agree with.
pub fn markdown_to_wiki_via_adf(markdown: &str) -> Result<String, WikiError> {
    wiki::adf_to_wiki(&markdown::markdown_to_adf(markdown))
}

/// How many top-level blocks of `markdown` [`markdown_to_wiki`] writes without building their ADF (for the
/// proof in `tests/direct_wiki_proptest.rs` and the profile example).
pub fn direct_wiki_blocks(markdown: &str) -> usize {
    direct::markdown_to_wiki(markdown).map_or(0, |(_, direct)| direct)
}

/// Converts Jira wiki markup to Obsidian-flavoured Markdown, with Jira's text made inert the same way as for
/// Jira Cloud descriptions.
///
/// The result is [`wiki_to_markdown_via_adf`]'s: headings, paragraphs and lists of the Markdown writer's proven
/// subset are written without ADF (`wiki::to_markdown`); builds with debug assertions compute both and panic if
/// they differ, so every test that converts wiki to Markdown checks the direct path.
pub fn wiki_to_markdown(wiki: &str) -> Result<String, AdfError> {
    let md = wiki::to_markdown::wiki_to_markdown(wiki).0;
    #[cfg(debug_assertions)]
    assert_eq!(md, wiki_to_markdown_via_adf(wiki), "direct wiki → Markdown differs for:\n{wiki}");
    md
}

/// Wiki → Markdown through a whole ADF document: the definition [`wiki_to_markdown`] must agree with.
pub fn wiki_to_markdown_via_adf(wiki: &str) -> Result<String, AdfError> {
    adf::adf_to_markdown(&wiki::wiki_to_adf(wiki))
}

/// How many top-level blocks of `wiki` [`wiki_to_markdown`] writes without building their ADF (for the proof in
/// `tests/direct_markdown_proptest.rs` and the profile example).
pub fn direct_markdown_blocks(wiki: &str) -> usize {
    wiki::to_markdown::wiki_to_markdown(wiki).1
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_constructs_cross_both_ways() {
        assert_eq!(
            markdown_to_wiki("# Title\n\nSome **bold** and `code`.\n").ok().as_deref(),
            Some("h1. Title\n\nSome *bold* and {{code}}.")
        );
        assert_eq!(wiki_to_markdown("h2. Steps\n\n* one\n* two").ok().as_deref(), Some("## Steps\n\n- one\n- two\n"));
    }
}
