//! `#tags`, in the body and in the front matter `tags`/`tag` key.
//!
//! Body rule (Obsidian's): a `#` at the start of a line or after whitespace, followed by one or more
//! characters that are Unicode letters or digits, `_`, `-` or `/`; a trailing `/` is not part of the tag, and
//! a tag made only of digits (`#123`) is not a tag. So `# Heading`, `a#b`, `&#123;` and `##` never start one.
//! Code, math, HTML, URLs, link targets, wiki links and `%%comments%%` are excluded by the caller's gaps.

use std::ops::Range;

use serde::Serialize;

use super::locate::Locator;
use crate::Mapping;
use crate::text::{Position, Span};

/// Where a tag was declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TagSource {
    /// A `#tag` in the body.
    Body,
    /// The front matter `tags`/`tag` key.
    Frontmatter,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// The tag without `#`, e.g. `project/ops`.
    pub name: String,
    /// `"body"` or `"frontmatter"`.
    pub source: TagSource,
    /// 1-based line (of the `#`, or of the tag in the front matter, else of the key, else of the block).
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
    /// Byte offset.
    pub offset: usize,
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/')
}

/// A tag name is valid when it is non-empty and not only digits.
fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().all(|c| c.is_ascii_digit())
}

/// The body tags in `gaps` of `text`, in text order.
pub fn scan(text: &str, gaps: &[Range<usize>], loc: &mut Locator<'_>) -> Vec<Tag> {
    let mut out = Vec::new();
    for gap in gaps {
        let mut pos = gap.start;
        while let Some(i) = crate::bytes::find(b'#', &text.as_bytes()[pos..gap.end]) {
            let hash = pos + i;
            let name_start = hash + 1;
            let len: usize =
                text[name_start..gap.end].chars().take_while(|&c| is_tag_char(c)).map(char::len_utf8).sum();
            pos = name_start + len;
            let after_space = text[..hash].chars().next_back().is_none_or(char::is_whitespace);
            let name = text[name_start..pos].trim_end_matches('/');
            if after_space && valid_name(name) {
                let p = loc.at(hash);
                out.push(Tag {
                    name: name.to_owned(),
                    source: TagSource::Body,
                    line: p.line,
                    column: p.column,
                    offset: hash,
                });
            }
        }
    }
    out
}

/// Front matter tags from the `tags` or `tag` key (any ASCII case; the first such key wins): a list, or a string
/// split at commas and whitespace; list items are split the same way. A leading `#` is dropped; numbers count
/// as written; purely numeric names are dropped as in the body.
///
/// Without the note text, every tag is placed at the block's first line; [`frontmatter_tags_in`] does better.
pub fn frontmatter_tags(mapping: &Mapping, range: Option<Span>) -> Vec<Tag> {
    tags_at_block(tag_value(mapping), range)
}

/// [`frontmatter_tags`] of the tags key's value (`None`: no such key).
fn tags_at_block(value: Option<&serde_json::Value>, range: Option<Span>) -> Vec<Tag> {
    let at = range.map_or(Position { line: 1, column: 1, offset: 0 }, |r| Position {
        line: r.start_line,
        column: 1,
        offset: r.start,
    });
    names(value)
        .into_iter()
        .map(|name| Tag { name, source: TagSource::Frontmatter, line: at.line, column: at.column, offset: at.offset })
        .collect()
}

/// Like [`frontmatter_tags`], but places each tag where its name is written in the block (searching forward
/// from the `tags:` key line), else at the key, else at the block start. Linear: the search only moves
/// forward, and after the first name that cannot be found as written (YAML escapes, numbers) the remaining
/// tags are placed at the key without searching.
pub fn frontmatter_tags_in(text: &str, mapping: &Mapping, range: Option<Span>) -> Vec<Tag> {
    frontmatter_tags_of(text, tag_value(mapping), range)
}

/// [`frontmatter_tags_in`] given the value of the mapping's first `tags` or `tag` key ([`is_tags_key`]; `None`:
/// no such key), for a reader that does not hold a [`Mapping`].
pub fn frontmatter_tags_of(text: &str, value: Option<&serde_json::Value>, range: Option<Span>) -> Vec<Tag> {
    let mut tags = tags_at_block(value, range);
    // Nothing to place: no key line to find, no lines to index.
    if tags.is_empty() {
        return tags;
    }
    let Some(range) = range else { return tags };
    let Some(block) = text.get(range.start..range.end.min(text.len())) else { return tags };
    let key = key_offset(block).map(|k| range.start + k);
    let mut search_from = Some(key.unwrap_or(range.start));
    // Every offset found is inside the block: index the lines up to its end only, not the whole note.
    let mut loc = Locator::new(text.get(..range.end).unwrap_or(text));
    for tag in &mut tags {
        let found = search_from.and_then(|from| find_str(text.get(from..range.end)?, &tag.name).map(|i| from + i));
        search_from = found.map(|at| at + tag.name.len());
        let Some(offset) = found.or(key) else { continue };
        let p = loc.at(offset);
        (tag.line, tag.column, tag.offset) = (p.line, p.column, p.offset);
    }
    tags
}

/// The offset of the first `needle` in `hay`, as `str::find` gives it, without setting up a two-way searcher for
/// every tag (`str::find`'s set-up cost more than the search in a front matter block; `memchr::memmem` read no
/// faster and added 1.4 KB to main.js): the first byte is searched, the rest compared. A match of valid UTF-8 starts
/// with a leading byte, so it is always on a character boundary.
fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else { return Some(0) };
    let mut from = 0;
    while let Some(i) = crate::bytes::find(first, hay.get(from..)?) {
        let at = from + i;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The offset (within `block`) of a top-level `tags:`/`tag:` key line.
fn key_offset(block: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in block.split_inclusive('\n') {
        let key = line.split(':').next().unwrap_or("").trim_end();
        if line.contains(':') && (key.eq_ignore_ascii_case("tags") || key.eq_ignore_ascii_case("tag")) {
            return Some(line_start);
        }
        line_start += line.len();
    }
    None
}

/// Whether front matter key `key` names the tags (`tags` or `tag`, any ASCII case; the first such key wins).
pub fn is_tags_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("tags") || key.eq_ignore_ascii_case("tag")
}

/// The value of the mapping's first tags key.
fn tag_value(mapping: &Mapping) -> Option<&serde_json::Value> {
    mapping.iter().find(|(k, _)| is_tags_key(k)).map(|(_, v)| v)
}

/// The tag names of the tags key's value, in order, without duplicates removed.
fn names(value: Option<&serde_json::Value>) -> Vec<String> {
    let mut out = Vec::new();
    let mut push_all = |s: &str| {
        for part in s.split(|c: char| c == ',' || c.is_whitespace()) {
            let name = part.trim_start_matches('#');
            if valid_name(name) {
                out.push(name.to_owned());
            }
        }
    };
    match value {
        Some(serde_json::Value::String(s)) => push_all(s),
        Some(serde_json::Value::Array(items)) => {
            for item in items {
                match item {
                    serde_json::Value::String(s) => push_all(s),
                    serde_json::Value::Number(n) => push_all(&n.to_string()),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn find_str_is_str_find(hay in "[ab\\-é/]{0,12}", needle in "[ab\\-é/]{0,3}") {
            proptest::prop_assert_eq!(find_str(&hay, &needle), hay.find(needle.as_str()));
        }
    }

    fn body(text: &str) -> Vec<(String, usize)> {
        let mut loc = Locator::new(text);
        scan(text, std::slice::from_ref(&(0..text.len())), &mut loc).into_iter().map(|t| (t.name, t.offset)).collect()
    }

    #[test]
    fn body_tag_rules() {
        let got = body("#a x #b/c #d-e_f #123 #12a a#no &#123; #é日本 #x/ ## # h\n#next");
        let names: Vec<_> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["a", "b/c", "d-e_f", "12a", "é日本", "x", "next"]);
        assert_eq!(got[1].1, 5);
    }

    #[test]
    fn tag_stops_at_punctuation() {
        let names: Vec<_> = body("(#no) #yes, #ok. #q?").into_iter().map(|t| t.0).collect();
        assert_eq!(names, vec!["yes", "ok", "q"]);
    }

    fn mapping(json: &str) -> Mapping {
        serde_json::from_str(json).expect("test json")
    }

    #[test]
    fn frontmatter_forms() {
        let n = |j: &str| frontmatter_tags(&mapping(j), None).into_iter().map(|t| t.name).collect::<Vec<_>>();
        assert_eq!(n(r##"{"tags": ["a", "#b", "c d", 2024, "x1"]}"##), vec!["a", "b", "c", "d", "x1"]);
        assert_eq!(n(r##"{"tag": "a, #b c"}"##), vec!["a", "b", "c"]);
        assert_eq!(n(r##"{"Tags": "a"}"##), vec!["a"]);
        assert!(n(r##"{"tags": null, "x": "a"}"##).is_empty());
    }

    #[test]
    fn frontmatter_positions() {
        let text = "---\ntitle: t\ntags:\n  - ops\n  - '#infra'\n---\nbody";
        let range = Span::new(text, 0, 45);
        let tags = frontmatter_tags_in(text, &mapping(r##"{"title":"t","tags":["ops","#infra"]}"##), Some(range));
        let pos: Vec<_> = tags.iter().map(|t| (t.name.as_str(), t.line, t.column)).collect();
        assert_eq!(pos, vec![("ops", 4, 5), ("infra", 5, 7)]);
    }

    #[test]
    fn frontmatter_names_not_written_as_is_go_to_the_key() {
        let text = "---\ntags: [\"\\x41b\", c]\n---\n";
        let range = Span::new(text, 0, text.len());
        let tags = frontmatter_tags_in(text, &mapping(r#"{"tags":["Ab","c"]}"#), Some(range));
        let pos: Vec<_> = tags.iter().map(|t| (t.name.as_str(), t.line, t.column)).collect();
        assert_eq!(pos, vec![("Ab", 2, 1), ("c", 2, 1)]);
    }
}
