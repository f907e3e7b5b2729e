//! HTML block starts for the fast path, as pulldown-cmark 0.13 scans them (`get_html_end_tag`,
//! `starts_html_block_type_6`): CommonMark's start conditions 1–6, each on a line from its `<` to its end (the
//! line end counts as whitespace, as the `\n` after it does to pulldown-cmark). Condition 7 (any complete tag
//! alone on its line) is not followed: such a line gives up where it would start a block.
//!
//! A block of types 1–5 runs to the end of the first line (after the container prefixes) that holds its end
//! string, blank lines included; one of type 6 to the line before a blank one. Either also ends where a line
//! does not continue its containers (there is no lazy continuation). pulldown-cmark reports the whole block as
//! one range, which [`Structure`](crate::markdown::Structure) excludes.

use super::{Container, Scanner, quote_prefix_end};

/// How an HTML block ends.
#[derive(Clone, Copy)]
pub enum HtmlEnd {
    /// Types 1–5: with the line that holds this string.
    Tag(&'static [u8]),
    /// Type 6: before a blank line.
    Blank,
}

/// Type 6's tag names (CommonMark's list, pulldown-cmark's `HTML_TAGS`), each between spaces.
const TAGS: &[u8] = b" address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul ";

/// How the HTML block that the line `t` (from its `<`, without the line end) starts ends, if it starts one of
/// types 1–6.
pub fn start(t: &[u8]) -> Option<HtmlEnd> {
    let rest = &t[1..];
    // Type 1: `pre`, `style`, `script`, `textarea`, then whitespace, `>` or the line end.
    for (tag, end) in [
        (&b"pre"[..], &b"</pre>"[..]),
        (b"style", b"</style>"),
        (b"script", b"</script>"),
        (b"textarea", b"</textarea>"),
    ] {
        if rest.len() >= tag.len()
            && rest[..tag.len()].eq_ignore_ascii_case(tag)
            && rest.get(tag.len()).is_none_or(|&c| c == b'>' || (0x09..=0x0d).contains(&c) || c == b' ')
        {
            return Some(HtmlEnd::Tag(end));
        }
    }
    // Types 2–5: a comment, a processing instruction, CDATA, a declaration.
    for (open, end) in [(&b"!--"[..], &b"-->"[..]), (b"?", b"?>"), (b"![CDATA[", b"]]>")] {
        if rest.starts_with(open) {
            return Some(HtmlEnd::Tag(end));
        }
    }
    if rest.len() > 1 && rest[0] == b'!' && rest[1].is_ascii_alphabetic() {
        return Some(HtmlEnd::Tag(b">"));
    }
    // Type 6: `<` or `</`, a tag name of the list, then a space, a tab, `>`, `/>` or the line end.
    let name = &rest[usize::from(rest.first() == Some(&b'/'))..];
    let n = name.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    // pulldown-cmark compares the name's bytes folded by `| 0x20` with the lower-case list; none is longer than 10.
    let mut key = [b' '; 12];
    let known = (1..=10).contains(&n) && {
        for (k, &c) in key[1..].iter_mut().zip(&name[..n]) {
            *k = c | 0x20;
        }
        holds(TAGS, &key[..n + 2])
    };
    let after = &name[n..];
    (known && (after.is_empty() || matches!(after[0], b' ' | b'\t' | b'>') || after.starts_with(b"/>")))
        .then_some(HtmlEnd::Blank)
}

/// Whether `line` holds `end` (a block of types 1–5 ends with such a line).
pub fn holds(line: &[u8], end: &[u8]) -> bool {
    line.windows(end.len()).any(|w| w == end)
}

impl Scanner<'_> {
    /// Reads a line while an HTML block is open (`current`, `pos` and `p` as [`Scanner::line`] has them
    /// from [`Scanner::continued`]): true when the line is the block's, false when the block ended before it (and
    /// the line is read as usual). As pulldown-cmark's `parse_html_block_type_1_to_5` and `…_6_or_7`.
    pub(super) fn html_line(&mut self, start: usize, end: usize, current: bool, pos: usize, p: usize) -> Option<bool> {
        let b = self.b;
        let h = self.html.as_ref()?;
        let stop = if !current {
            start
        } else {
            // Tabs in an HTML line's indentation are not followed.
            if b[start..p].contains(&b'\t') {
                return None;
            }
            match h.end {
                HtmlEnd::Tag(tag) => {
                    // Searched from the end of the container prefixes (a quote's `>` is not the block's).
                    if !holds(&b[start + pos..end], tag) {
                        return Some(true);
                    }
                    let stop = (end + 1).min(b.len());
                    self.out.excluded.add(self.base + h.start..self.base + stop);
                    self.html = None;
                    return Some(true);
                }
                HtmlEnd::Blank if p < end => return Some(true),
                // A blank line ends it: before the line when pulldown-cmark's container scan reaches the line
                // end, else after the prefix that scan took.
                HtmlEnd::Blank => {
                    let scanned = self.prefix_end(start, end)?;
                    if scanned == end { start } else { scanned }
                }
            }
        };
        self.out.excluded.add(self.base + h.start..self.base + stop);
        self.html = None;
        Some(false)
    }

    /// Where pulldown-cmark's `scan_containers` stops on the line `b[start..end]`, which continues every open
    /// container and is blank after them (spaces only): a quote takes up to three spaces, `>` and one space, a
    /// list item or footnote definition up to its content indentation.
    fn prefix_end(&self, start: usize, end: usize) -> Option<usize> {
        let b = self.b;
        let mut q = start;
        for c in &self.stack {
            let content = match *c {
                Container::Quote => {
                    q += b[q..end].iter().take_while(|&&c| c == b' ').count();
                    q = quote_prefix_end(b, q, end)?;
                    continue;
                }
                Container::Item { content, .. } => content,
                Container::Footnote => 4,
            };
            q += b[q..end].iter().take(content).take_while(|&&c| c == b' ').count();
        }
        Some(q)
    }
}
