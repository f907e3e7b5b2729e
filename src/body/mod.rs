//! The note body: headings, wiki links, tags, tasks and Jira keys, found with pulldown-cmark.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::Mapping;
use crate::text::Span;

/// A heading.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading text, inline markup removed.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// A wiki link or embed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WikiLink {}

/// A tag.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {}

/// A task list item.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {}

/// A Jira key in prose.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JiraKeyRef {}

/// What [`scan`] found.
#[derive(Debug, Clone, Default)]
pub struct BodyScan {
    /// Headings.
    pub headings: Vec<Heading>,
    /// Wiki links and embeds.
    pub wiki_links: Vec<WikiLink>,
    /// Body tags.
    pub tags: Vec<Tag>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Jira keys.
    pub jira_keys: Vec<JiraKeyRef>,
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Scans the body of `text`, which starts at byte `body_start` (after any front matter).
pub fn scan(_text: &str, _body_start: usize) -> BodyScan {
    BodyScan::default()
}

/// Tags declared in front matter (`tags:`/`tag:`, a list or a comma/space-separated string).
pub fn frontmatter_tags(_mapping: &Mapping, _range: Option<Span>) -> Vec<Tag> {
    Vec::new()
}
