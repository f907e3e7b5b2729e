//! The note model: everything the sync needs to know about one Markdown note, read in one pass.
//!
//! [`parse_note`] never fails and never panics: malformed front matter gives `frontmatter: None` plus
//! diagnostics (and such a note is read-only for the sync), and the body is scanned either way.

use serde::Serialize;

use crate::body::{self, Heading, JiraKeyRef, Tag, Task, WikiLink};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{self, FrontMatter, Mapping};
use crate::text::Span;

/// One parsed note. Serialised to JavaScript with camelCase names. The wiki links' and Jira keys' texts are
/// `String`s, or (`Note<&str, FrontMatter>`, as [`read_note`] gives it to `parseNote`, which only copies them
/// out) slices of the note's text; so is the front matter then, when flat ([`FrontMatter`]).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note<S = String, M = Mapping> {
    /// The front matter mapping, as JSON-compatible values; `None` when absent or malformed.
    pub frontmatter: Option<M>,
    /// Where the front matter block is (from the opening `---` through the closing line), also when malformed.
    pub frontmatter_range: Option<Span>,
    /// Every problem found, in text order.
    pub diagnostics: Vec<Diagnostic>,
    /// Front matter `title`, else the first H1, else the file name stem of `path`, else empty.
    pub title: String,
    /// ATX and setext headings of the body.
    pub headings: Vec<Heading>,
    /// `[[wiki links]]` and `![[embeds]]` of the body.
    pub wiki_links: Vec<WikiLink<S>>,
    /// `#tags` of the body and of the front matter `tags`/`tag` key, without the `#`, in order of appearance.
    pub tags: Vec<Tag>,
    /// GFM task list items with Obsidian Tasks fields.
    pub tasks: Vec<Task>,
    /// Jira issue keys mentioned in prose (not in code, URLs or link targets).
    pub jira_keys: Vec<JiraKeyRef<S>>,
}

impl Note<&str, FrontMatter<'_>> {
    /// The note with texts of its own.
    pub fn into_owned(self) -> Note {
        Note {
            frontmatter: self.frontmatter.map(FrontMatter::into_mapping),
            frontmatter_range: self.frontmatter_range,
            diagnostics: self.diagnostics,
            title: self.title,
            headings: self.headings,
            wiki_links: self.wiki_links.iter().map(WikiLink::to_owned_link).collect(),
            tags: self.tags,
            tasks: self.tasks,
            jira_keys: self.jira_keys.iter().map(JiraKeyRef::to_owned_key).collect(),
        }
    }
}

/// Reads a note. `path` (vault-relative, optional) only serves the title fallback.
pub fn parse_note(text: &str, path: Option<&str>) -> Note {
    read_note(text, || path.map(file_stem)).into_owned()
}

/// Reads a note as [`parse_note`] does, its wiki links' and keys' texts borrowed from `text`, asking `path_stem`
/// for the file name stem only when the title falls back to it (`parseNote` then reads the path out of its
/// JavaScript string, which most notes never need).
pub fn read_note(text: &str, path_stem: impl FnOnce() -> Option<String>) -> Note<&str, FrontMatter<'_>> {
    let fm = frontmatter::read(text);
    let body_start = fm.range.map_or(0, |r| r.end);
    let scan = body::scan(text, body_start);

    let mut tags = fm
        .mapping
        .as_ref()
        .map(|m| body::frontmatter_tags_of(text, m.first_value(body::is_tags_key).as_deref(), fm.range))
        .unwrap_or_default();
    // Most notes have no front matter tags (and no front matter problems below): the body's list as it is.
    if tags.is_empty() {
        tags = scan.tags;
    } else {
        tags.extend(scan.tags);
    }

    let title = fm
        .mapping
        .as_ref()
        .and_then(|m| m.get("title"))
        .and_then(|v| title_text(&v))
        .or_else(|| scan.headings.iter().find(|h| h.level == 1).map(|h| h.text.clone()))
        .or_else(path_stem)
        .unwrap_or_default();

    let mut diagnostics = fm.diagnostics;
    if diagnostics.is_empty() {
        diagnostics = scan.diagnostics;
    } else {
        diagnostics.extend(scan.diagnostics);
    }
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
pub fn file_stem(path: &str) -> String {
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
