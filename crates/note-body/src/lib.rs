//! The note body of the Jira Vault Sync core: headings, wiki links, tags, tasks and Jira keys, found with
//! pulldown-cmark plus small source scanners.
//!
//! A crate of its own (re-exported by the core's `body`, `diagnostic` and `text` modules) so that the release profile
//! builds these scanners for speed (`opt-level = 2`; the root `Cargo.toml` says why not 3) while the rest of the
//! core is built for size: reading a note was half scanning and half encoding its result, and only this half needs the
//! speed. It follows the core's rules: sans-IO, no panics on user input, positions always on char boundaries.
//!
//! [`scan`] runs in stages, each linear in the body size: a per-line nesting cap (`limits`); pulldown-cmark finds the
//! block structure and the ranges that are not prose (`markdown`); bare URLs, then `%%comments%%` are added
//! (`exclusions`); wiki links are read from what remains (`wikilink`); then tags (outside whole wiki links) and Jira
//! keys (outside wiki link targets, but inside aliases) (`tag`, `jira_key`); finally list items with a checkbox become
//! tasks (`task`, `task_fields`). Their byte searches test eight bytes at a time in WebAssembly (`bytes`). Every position is in the whole note text: 1-based line, 1-based column in Unicode
//! scalar values, byte offset (always a char boundary).
//!
//! [`tape`] writes what [`scan`] found (with the rest of the note's parts) onto the core's tape for `parseNote`: it
//! is the encoding's hottest code, so it is built at this crate's level too.

mod bytes;
pub mod diagnostic;
mod events;
mod exclusions;
mod fast;
mod jira_key;
mod limits;
mod locate;
mod markdown;
mod mask;
mod tag;
pub mod tape;
mod task;
mod task_fields;
pub mod text;
mod wikilink;

use serde::Serialize;

pub use events::Events;
pub use jira_key::{JiraKeyRef, first_key, leading_key};
pub use tag::{Tag, TagSource, frontmatter_tags, frontmatter_tags_in, frontmatter_tags_of, is_tags_key};
pub use task::Task;
pub use task_fields::{Priority, TaskFields};
pub use wikilink::WikiLink;

use diagnostic::Diagnostic;
use locate::Locator;

/// A front matter mapping, as JSON-compatible values (the core's `frontmatter::Mapping`).
pub type Mapping = serde_json::Map<String, serde_json::Value>;

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading text, inline markup removed (code span and math contents kept, wiki links shown as their
    /// alias or link text), trimmed.
    pub text: String,
    /// 1-based line (for a setext heading, the line of its text).
    pub line: usize,
    /// 1-based column of the heading's first character (`#` for ATX).
    pub column: usize,
    /// Byte offset of the heading's first character.
    pub offset: usize,
}

/// What [`scan`] found. Every list is in text order. The wiki links' and Jira keys' texts are `String`s, or
/// (`BodyScan<&str>`, as [`scan`] returns it) slices of the note's text, which the tape writer copies out
/// without an allocation per text.
#[derive(Debug, Clone, Default)]
pub struct BodyScan<S = String> {
    /// Headings.
    pub headings: Vec<Heading>,
    /// Wiki links and embeds.
    pub wiki_links: Vec<WikiLink<S>>,
    /// Body tags.
    pub tags: Vec<Tag>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Jira keys.
    pub jira_keys: Vec<JiraKeyRef<S>>,
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Scans the body of `text`, which starts at byte `body_start` (after any front matter). An out-of-range or
/// mid-character `body_start` is clamped back to a char boundary. Never panics.
pub fn scan(text: &str, body_start: usize) -> BodyScan<&str> {
    let mut body_start = body_start.min(text.len());
    while !text.is_char_boundary(body_start) {
        body_start -= 1;
    }
    let body = body_start..text.len();
    let mut diagnostics = Vec::new();
    let mut loc = Locator::new(text);
    let line_starts = loc.line_starts_after(body_start);
    let limited = limits::limit_nesting(&text[body_start..], body_start, line_starts);
    if let Some(cut) = limited.first_cut {
        let message = format!(
            "More than {} nested lists or block quotes on one line ({} such lines); the rest of each is read as plain text.",
            limits::MAX_LINE_NESTING,
            limited.lines_cut
        );
        diagnostics.push(Diagnostic::warning(text, body_start + cut, "body-nesting-limit", message));
    }
    let structure = markdown::parse(text, &limited.body, body_start, line_starts);
    // A rewritten copy of a huge body is no longer needed: free it before the scanners allocate.
    drop(limited);

    // URLs before comments, so the `%%` of a percent-encoded URL does not open a comment. Each list is found in the
    // gaps the one before left, in text order and never overlapping, so it cuts them (`mask::gaps_without`).
    let mut markdown_mask = structure.excluded;
    markdown_mask.normalize();
    let markdown_gaps = markdown_mask.gaps(body);
    let urls = exclusions::bare_urls(text, &markdown_gaps);
    let url_gaps = mask::gaps_without(&markdown_gaps, &mut urls.ranges().iter().cloned());
    let mut comments = exclusions::comments(text, &url_gaps);
    let prose_gaps = mask::gaps_without(&url_gaps, &mut comments.ranges().iter().cloned());
    comments.normalize();

    let links = wikilink::scan(text, &prose_gaps, &mut loc);

    // Tags are not read inside whole links, keys not inside their targets (an alias may hold one).
    let tags = tag::scan(text, &mask::gaps_without(&prose_gaps, &mut links.iter().map(|f| f.range.clone())), &mut loc);
    let jira_keys = jira_key::scan(
        text,
        &mask::gaps_without(&prose_gaps, &mut links.iter().map(|f| f.target_range.clone())),
        &mut loc,
    );

    let headings = structure
        .headings
        .into_iter()
        .filter(|h| !comments.contains(h.offset))
        .map(|h| {
            let p = loc.at(h.offset);
            Heading { level: h.level, text: wikilink::plain(h.text), line: p.line, column: p.column, offset: p.offset }
        })
        .collect();

    let cx = task::Context { comments: &comments, tags: &tags, keys: &jira_keys, links: &links };
    let tasks = task::collect(text, &structure.items, &cx, &mut loc, &mut diagnostics);

    BodyScan { headings, wiki_links: links.into_iter().map(|f| f.link).collect(), tags, tasks, jira_keys, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_in_the_whole_text() {
        let text = "---\nx: 1\n---\n# Title #t\n- [ ] OPS-1 [[a]]\n";
        let s = scan(text, 13);
        assert_eq!((s.headings[0].line, s.headings[0].offset), (4, 13));
        assert_eq!(s.headings[0].text, "Title #t");
        assert_eq!((s.tags[0].name.as_str(), s.tags[0].line, s.tags[0].column), ("t", 4, 9));
        assert_eq!((s.tasks[0].line, s.jira_keys[0].column, s.wiki_links[0].column), (5, 7, 13));
    }

    #[test]
    fn heading_text_is_plain() {
        let s = scan("# [[OPS-1 Fix|Fix login]] `now` $x$ **b**\n%%\n# hidden\n%%\n", 0);
        let h: Vec<_> = s.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h, vec!["Fix login now x b"]);
    }

    #[test]
    fn body_start_is_clamped() {
        let s = scan("é #a", 1);
        assert_eq!(s.tags.len(), 1);
        assert!(scan("x", 99).tags.is_empty());
    }

    #[test]
    fn percent_signs_in_urls_do_not_open_comments() {
        let s = scan("see http://x/a%%20b OPS-1 and %%OPS-2%% OPS-3\n", 0);
        let keys: Vec<_> = s.jira_keys.iter().map(|k| k.key).collect();
        assert_eq!(keys, vec!["OPS-1", "OPS-3"]);
    }

    #[test]
    fn excluded_contexts_yield_nothing() {
        let text = "`OPS-1 #t [[a]]`\n\n```\nOPS-2 #u [[b]]\n- [ ] c\n```\n\n$OPS-3$ <b>#v</b> %%OPS-4 #w [[c]]%%\n\
                    http://x/#y/OPS-5 [l](http://j/OPS-6#z) <https://a/OPS-7> [[OPS-8 X#h]] &#123;\n\n    OPS-9 #q\n";
        let s = scan(text, 0);
        assert!(s.jira_keys.is_empty(), "{:?}", s.jira_keys);
        assert!(s.tags.is_empty(), "{:?}", s.tags);
        assert_eq!(s.wiki_links.len(), 1);
        assert!(s.tasks.is_empty());
    }
}
