//! The note model: everything the sync needs to know about one Markdown note, read in one pass.
//!
//! [`parse_note`] never fails and never panics: malformed front matter gives `frontmatter: None` plus
//! diagnostics (and such a note is read-only for the sync), and the body is scanned either way.

use serde::Serialize;

use crate::body::{self, Heading, JiraKeyRef, Tag, Task, WikiLink};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{self, Mapping};
use crate::text::Span;

/// One parsed note. Serialised to JavaScript with camelCase names.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// The front matter mapping, as JSON-compatible values; `None` when absent or malformed.
    pub frontmatter: Option<Mapping>,
    /// Where the front matter block is (from the opening `---` through the closing line), also when malformed.
    pub frontmatter_range: Option<Span>,
    /// Every problem found, in text order.
    pub diagnostics: Vec<Diagnostic>,
    /// Front matter `title`, else the first H1, else the file name stem of `path`, else empty.
    pub title: String,
    /// ATX and setext headings of the body.
    pub headings: Vec<Heading>,
    /// `[[wiki links]]` and `![[embeds]]` of the body.
    pub wiki_links: Vec<WikiLink>,
    /// `#tags` of the body and of the front matter `tags`/`tag` key, without the `#`, in order of appearance.
    pub tags: Vec<Tag>,
    /// GFM task list items with Obsidian Tasks fields.
    pub tasks: Vec<Task>,
    /// Jira issue keys mentioned in prose (not in code, URLs or link targets).
    pub jira_keys: Vec<JiraKeyRef>,
}

/// Reads a note. `path` (vault-relative, optional) only serves the title fallback.
pub fn parse_note(text: &str, path: Option<&str>) -> Note {
    let fm = frontmatter::parse(text);
    let body_start = fm.range.map_or(0, |r| r.end);
    let scan = body::scan(text, body_start);

    let mut tags = fm.mapping.as_ref().map(|m| body::frontmatter_tags_in(text, m, fm.range)).unwrap_or_default();
    tags.extend(scan.tags);

    let title = fm
        .mapping
        .as_ref()
        .and_then(|m| m.get("title"))
        .and_then(title_text)
        .or_else(|| scan.headings.iter().find(|h| h.level == 1).map(|h| h.text.clone()))
        .or_else(|| path.map(file_stem))
        .unwrap_or_default();

    let mut diagnostics = fm.diagnostics;
    diagnostics.extend(scan.diagnostics);
    crate::sort::sort_by_key(&mut diagnostics, |d| d.offset);

    Note {
        frontmatter: fm.mapping,
        frontmatter_range: fm.range,
        diagnostics,
        title,
        headings: scan.headings,
        wiki_links: scan.wiki_links,
        tags,
        tasks: scan.tasks,
        jira_keys: scan.jira_keys,
    }
}

/// A front matter `title` counts when it is a non-empty scalar; numbers are shown as written.
fn title_text(v: &serde_json::Value) -> Option<String> {
    let s = match v {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// `Jira/OPS/OPS-12 Fix login.md` → `OPS-12 Fix login`. Both `/` and `\` separate folders.
fn file_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_owned(),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_falls_back_to_file_stem() {
        assert_eq!(parse_note("no heading", Some("Jira/OPS/OPS-1 Fix login.md")).title, "OPS-1 Fix login");
        assert_eq!(parse_note("", Some(".hidden")).title, ".hidden");
        assert_eq!(parse_note("", None).title, "");
    }
}
