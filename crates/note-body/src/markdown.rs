//! The one pulldown-cmark pass over the body: block structure, headings, list items and excluded ranges.
//!
//! pulldown-cmark tells us what is *not* prose — code spans and blocks, inline and display math, raw HTML,
//! autolinks, link destinations, reference definitions, footnote references — and where headings and list
//! items are. Everything else (tags, keys, wiki links, checkbox statuses) is read from the source text by the
//! other modules, because pulldown-cmark splits text events at every special character and only knows the
//! GFM `[ ]`/`[x]` checkboxes.
//!
//! Most notes never reach pulldown-cmark: [`parse`] first asks the structure-only fast path ([`super::fast`]),
//! which reads the same [`Structure`] from the lines of notes that keep to a common subset, and runs
//! pulldown-cmark ([`pulldown`]) only when it declines.
//!
//! All offsets returned here are in the whole note text (the body slice's offsets plus `body_start`).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Tag, TagEnd};

use super::events::Events;

use super::mask::Mask;

/// A heading as found by pulldown-cmark, before positions are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeading {
    /// 1–6.
    pub level: u8,
    /// Text and code-span contents, trimmed.
    pub text: String,
    /// Offset of the heading's first byte (`#` for ATX, the text for setext).
    pub offset: usize,
}

/// A list item (task or not), in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawItem {
    /// Offset of the list marker (`-`, `*`, `+`, or the first digit of an ordered marker).
    pub offset: usize,
    /// Number of enclosing list items.
    pub depth: usize,
    /// Index (into the items list) of the immediately enclosing item.
    pub parent: Option<usize>,
}

/// What the Markdown pass found.
#[derive(Debug, Default)]
pub struct Structure {
    /// Ranges that are not prose (unnormalised).
    pub excluded: Mask,
    /// Headings in document order.
    pub headings: Vec<RawHeading>,
    /// List items in document order (start order).
    pub items: Vec<RawItem>,
}

/// The parser options: what Obsidian renders. Wiki links are left to [`super::wikilink`], which also handles
/// the embed `!`, `#^block` and table-escaped `\|` forms the way Obsidian does.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
}

/// An open link or image: its whole range and how far its text (children) reaches.
struct OpenLink {
    range: Range<usize>,
    text_end: usize,
}

/// Reads the structure of `body`, which is `text[body_start..]` or a same-length rewrite of it (see
/// [`super::limits`]): ranges index both. `body_start` must be a char boundary. The fast path
/// ([`super::fast`]) reads most notes; pulldown-cmark ([`pulldown`]) the rest. Debug builds run both on every
/// note the fast path reads and assert that they agree. `line_starts` are the starts of the note's lines after
/// `body_start` (offsets in `text`, increasing: [`super::locate::Locator::line_starts_after`]).
pub fn parse(text: &str, body: &str, body_start: usize, line_starts: &[usize]) -> Structure {
    let newlines = line_starts.iter().map(|&s| s - 1 - body_start);
    match super::fast::parse_lines(body, body_start, newlines) {
        Some(fast) => {
            #[cfg(debug_assertions)]
            {
                let slow = pulldown(text, body, body_start);
                assert!(
                    same(&fast, &slow, body_start + body.len()),
                    "fast path differs on {body:?}:\n{fast:?}\n{slow:?}"
                );
            }
            fast
        }
        None => pulldown(text, body, body_start),
    }
}

/// Whether two structures of a text `len` bytes long are equal, their excluded ranges compared normalised.
#[cfg(any(test, debug_assertions))]
pub fn same(a: &Structure, b: &Structure, len: usize) -> bool {
    let gaps = |s: &Structure| {
        let mut m = s.excluded.clone();
        m.normalize();
        m.gaps(0..len)
    };
    a.headings == b.headings && a.items == b.items && gaps(a) == gaps(b)
}

/// Runs pulldown-cmark over `body` (as [`parse`]).
pub fn pulldown(text: &str, body: &str, body_start: usize) -> Structure {
    let parser = Events::new(body, options());
    let mut out = Structure::default();
    for (_, def) in parser.reference_definitions().iter() {
        out.excluded.add(def.span.start + body_start..def.span.end + body_start);
    }

    let mut heading: Option<RawHeading> = None;
    // Open items as indices into `out.items`; iterative, so nesting depth costs heap, not stack.
    let mut item_stack: Vec<usize> = Vec::new();
    let mut links: Vec<OpenLink> = Vec::new();
    // Inside a code block every event is code; the block's whole range is already excluded.
    let mut in_code_block = false;

    for (event, range) in parser {
        let range = range.start + body_start..range.end + body_start;
        let is_link_end = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if !is_link_end {
            if let Some(link) = links.last_mut() {
                link.text_end = link.text_end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.excluded.add(range);
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_) => out.excluded.add(range),
            Event::Code(ref code) => {
                push_heading_text(&mut heading, code);
                out.excluded.add(range);
            }
            Event::InlineMath(ref math) => {
                push_heading_text(&mut heading, math);
                out.excluded.add(range);
            }
            Event::DisplayMath(_) | Event::FootnoteReference(_) => out.excluded.add(range),
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. }) => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    out.excluded.add(range.clone());
                }
                // The text starts after `[` (or `![`); an empty text leaves `text_end` there.
                let text_start = text[range.clone()].find('[').map_or(range.start, |i| range.start + i + 1);
                links.push(OpenLink { text_end: text_start.min(range.end), range });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(link) = links.pop() {
                    // Everything after the link text: `](destination "title")`, `][label]` or `]`.
                    out.excluded.add(link.text_end..link.range.end);
                    if let Some(outer) = links.last_mut() {
                        outer.text_end = outer.text_end.max(link.range.end);
                    }
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(RawHeading { level: level as u8, text: String::new(), offset: range.start });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = heading.take() {
                    h.text = h.text.trim().to_owned();
                    out.headings.push(h);
                }
            }
            Event::Text(ref t) if !in_code_block => push_heading_text(&mut heading, t),
            Event::SoftBreak | Event::HardBreak => push_heading_text(&mut heading, " "),
            Event::Start(Tag::Item) => {
                let index = out.items.len();
                // A nested item's range may start with the indentation left over after its parent's
                // content column; the marker follows on the same line.
                let lead = text[range.clone()].bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
                out.items.push(RawItem {
                    offset: range.start + lead,
                    depth: item_stack.len(),
                    parent: item_stack.last().copied(),
                });
                item_stack.push(index);
            }
            Event::End(TagEnd::Item) => {
                item_stack.pop();
            }
            _ => {}
        }
    }
    out
}

fn push_heading_text(heading: &mut Option<RawHeading>, s: &str) {
    if let Some(h) = heading {
        h.text.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`parse`] of a whole text, its line starts found here.
    fn parse_text(text: &str) -> Structure {
        let starts: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1).collect();
        parse(text, text, 0, &starts)
    }

    fn excluded(text: &str) -> Vec<&str> {
        let mut s = parse_text(text);
        s.excluded.normalize();
        let mut out = Vec::new();
        let mut pos = 0;
        for gap in s.excluded.gaps(0..text.len()) {
            if gap.start > pos {
                out.push(&text[pos..gap.start]);
            }
            pos = gap.end;
        }
        if pos < text.len() {
            out.push(&text[pos..]);
        }
        out
    }

    #[test]
    fn excludes_code_math_html_and_destinations() {
        assert_eq!(excluded("a `OPS-1` b"), vec!["`OPS-1`"]);
        assert_eq!(excluded("see [OPS-1](http://x/OPS-2) now"), vec!["](http://x/OPS-2)"]);
        assert_eq!(excluded("![alt](img.png)"), vec!["](img.png)"]);
        assert_eq!(excluded("x <https://a/b#c> y"), vec!["<https://a/b#c>"]);
        assert_eq!(excluded("m $a_1$ n"), vec!["$a_1$"]);
        assert_eq!(excluded("[r]: http://x/#y\n\ntext"), vec!["[r]: http://x/#y"]);
        assert_eq!(excluded("```\n#tag\n```\n"), vec!["```\n#tag\n```"]);
        assert_eq!(excluded("<!-- #x -->\n"), vec!["<!-- #x -->\n"]);
        assert_eq!(excluded("[[a]] [b] c"), Vec::<&str>::new());
    }

    fn parse_all(text: &str) -> Structure {
        parse_text(text)
    }

    #[test]
    fn headings_and_items() {
        let s = parse_all("# A *b* `c`\n\nT\n===\n\n- x\n    - [ ] y\n- z\n");
        let h: Vec<_> = s.headings.iter().map(|h| (h.level, h.text.as_str(), h.offset)).collect();
        assert_eq!(h, vec![(1, "A b c", 0), (1, "T", 13)]);
        let items: Vec<_> = s.items.iter().map(|i| (i.offset, i.depth, i.parent)).collect();
        assert_eq!(items, vec![(20, 0, None), (28, 1, Some(0)), (36, 0, None)]);
    }
}
