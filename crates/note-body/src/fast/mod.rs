//! A structure-only fast path for [`crate::markdown::parse`]: the same [`Structure`] from one scan of the lines,
//! or `None` as soon as the body uses something outside the subset handled here, and pulldown-cmark reads it.
//!
//! [`Structure`] records only excluded ranges, headings and list items, so most of Markdown's block distinctions do
//! not matter; those that do are followed exactly as pulldown-cmark (with the crate's options) follows them. The
//! subset: paragraphs (with lazy continuation lines), ATX headings, block quotes, bullet and ordered list items
//! (any nesting, task checkboxes), footnote definitions, fenced code blocks, HTML blocks of types 1–6
//! ([`html_block`]), tables, thematic breaks and blank lines, indented by spaces; inline, what [`inline`] handles
//! (math, URI autolinks and footnote references among it). It gives up on: carriage returns (checked first, eight
//! bytes at a time, with `<` and `$`, which the inline scan then stops at); inline HTML and email autolinks; NUL
//! bytes in headings; tabs (and `\x0b`, `\x0c`) in indentation or after a marker; type 7 HTML blocks; indented
//! code; setext underlines; empty list items; list content after five or more spaces; a table in a list item's
//! first paragraph, or one interrupting a paragraph, or a row without cells; anything that could be a reference
//! definition; footnote labels other than plain ASCII ones.
//!
//! A line continues its open containers as pulldown-cmark's `scan_containers` decides: a quote by `>`, a list item
//! by indentation to its content (relative to the prefix of its parent), a footnote definition by four columns, or
//! either by a blank rest of line. Lines are indented by spaces only, so columns are byte counts. A paragraph line
//! that does not continue every open container is a lazy continuation unless it would interrupt the paragraph
//! (pulldown-cmark's `scan_paragraph_interrupt`: a list item interrupts only when not every container continues, or
//! when it is a non-empty bullet or starts at 1; HTML blocks of types 1–6 and footnote definitions always do). A
//! table's rows run to the first line that would interrupt a paragraph (any list item does) or leaves its
//! container. A footnote definition is a container that records nothing itself (pulldown-cmark's event for it is
//! not read by [`crate::markdown`]); an HTML block is excluded whole, and has no lazy continuation.
//!
//! In debug builds [`crate::markdown::parse`] runs both readers on every call and asserts that they agree.

mod html_block;
mod html_inline;
mod inline;
mod lines;
mod math;

use crate::markdown::{RawHeading, RawItem, Structure};
use html_block::HtmlEnd;
use lines::{ListMarker, Start, classify, fence_close, header_columns, other_blank, setext_underline, table_head};

/// An open container.
enum Container {
    /// A block quote.
    Quote,
    /// A list item.
    Item {
        /// Its content indentation: a line indented at least this far past its parent's prefix continues it.
        content: usize,
        /// Its index in [`Structure::items`].
        index: usize,
    },
    /// A footnote definition: continued as a list item whose content is indented four columns, but not an item.
    Footnote,
}

/// The open paragraph.
struct Paragraph {
    start: usize,
    end: usize,
    /// Whether it starts right after a list marker (where pulldown-cmark reads a task checkbox).
    after_marker: bool,
    /// Whether it has one line so far (which may be a table's header row).
    single: bool,
}

/// The open fenced code block.
struct Fence {
    byte: u8,
    len: usize,
    start: usize,
}

/// The open HTML block.
struct Html {
    /// Its `<`.
    start: usize,
    end: HtmlEnd,
}

/// The block scanner's state.
struct Scanner<'a> {
    b: &'a [u8],
    base: usize,
    out: Structure,
    stack: Vec<Container>,
    paragraph: Option<Paragraph>,
    fence: Option<Fence>,
    html: Option<Html>,
    /// The labels of the footnote definitions read so far (ranges of the body), for the footnote references.
    footnote_labels: Vec<std::ops::Range<usize>>,
    /// The open table's number of columns.
    table: Option<usize>,
    openers: inline::Scratch,
}

/// [`parse_lines`], the line breaks found here (for the tests).
#[cfg(test)]
pub fn parse(body: &str, body_start: usize) -> Option<Structure> {
    parse_lines(body, body_start, memchr::memchr_iter(b'\n', body.as_bytes()))
}

/// The [`Structure`] of `body` (which starts at byte `body_start` of the note), or `None` when the body uses
/// anything outside the subset described in the module overview. `newlines` are the offsets of all of `body`'s
/// line breaks (`\n`), increasing: from the note's line index, so that the body is not searched for them again.
pub fn parse_lines(body: &str, body_start: usize, newlines: impl Iterator<Item = usize>) -> Option<Structure> {
    let b = body.as_bytes();
    // Carriage returns, which the fast path does not follow, give up here. One pass over the body (eight bytes at a
    // time) also tells whether it has `<` or `$` (HTML, autolinks, math), which the inline scan must stop at.
    let angles_or_dollars = crate::bytes::any_of_three(b, b'\r', b'<', b'$');
    if angles_or_dollars && crate::bytes::find(b'\r', b).is_some() {
        return None;
    }
    let mut s = Scanner {
        b,
        base: body_start,
        // Room for an item per 128 bytes and a heading per 256 (notes have fewer): the lists rarely grow.
        out: Structure {
            items: Vec::with_capacity((b.len() / 128).min(4096)),
            headings: Vec::with_capacity((b.len() / 256).min(4096)),
            ..Structure::default()
        },
        stack: Vec::new(),
        paragraph: None,
        fence: None,
        html: None,
        footnote_labels: Vec::new(),
        table: None,
        openers: inline::Scratch::new(angles_or_dollars),
    };
    let mut pos = 0;
    for end in newlines {
        debug_assert_eq!(b.get(end), Some(&b'\n'));
        s.line(pos, end)?;
        pos = end + 1;
    }
    if pos < b.len() {
        s.line(pos, b.len())?;
    }
    s.close_paragraph()?;
    // Footnote references are references where the body defines their label (anywhere: pulldown-cmark collects
    // the definitions in its first pass), text elsewhere.
    let labels = &s.footnote_labels;
    let defined = |label: &[u8]| labels.iter().any(|r| b[r.clone()].eq_ignore_ascii_case(label));
    s.openers.resolve_footnotes(b, body_start, defined, &mut s.out.excluded)?;
    if let Some(f) = s.fence.take() {
        s.out.excluded.add(body_start + f.start..body_start + b.len());
    }
    if let Some(h) = s.html.take() {
        s.out.excluded.add(body_start + h.start..body_start + b.len());
    }
    Some(s.out)
}

impl Scanner<'_> {
    /// Reads the line `b[start..end]` (without its line end).
    fn line(&mut self, start: usize, end: usize) -> Option<()> {
        let b = self.b;
        let (matched, pos, p, column) = self.continued(start, end)?;
        let blank = p == end;
        let relative = column - pos;
        let current = matched == self.stack.len();
        if let Some(f) = &self.fence {
            if current {
                if !blank && relative < 4 && fence_close(&b[p..end], f.byte, f.len)? {
                    self.out.excluded.add(self.base + f.start..self.base + end);
                    self.fence = None;
                }
                return Some(());
            }
            // The fence's container ends here, and the fence with it.
            self.out.excluded.add(self.base + f.start..self.base + start);
            self.fence = None;
        }
        if self.html.is_some() && self.html_line(start, end, current, pos, p)? {
            return Some(());
        }
        if blank {
            self.table = None;
            self.close_paragraph()?;
            self.stack.truncate(matched);
            return Some(());
        }
        let t = &b[p..end];
        if let Some(columns) = self.table {
            // pulldown-cmark's `parse_table_row`: any line of the table's container that does not interrupt a
            // paragraph is a row.
            if current && !self.interrupts(t, false)? {
                return self.table_row(p, end, columns);
            }
            self.table = None;
        }
        if matches!(t[0], b'|' | b':' | b'-') && table_head(t).is_some() {
            return self.table_start(t, current, relative);
        }
        if self.paragraph.is_some() {
            if relative < 4 {
                if current && setext_underline(t)? {
                    return None;
                }
                if self.interrupts(t, current)? {
                    self.close_paragraph()?;
                    self.stack.truncate(matched);
                    return self.start_block(start, pos, p, column, end);
                }
            }
            if let Some(para) = &mut self.paragraph {
                para.end = end;
                para.single = false;
            }
            return Some(());
        }
        self.stack.truncate(matched);
        self.start_block(start, pos, p, column, end)
    }

    /// How many open containers the line `b[start..end]` continues (pulldown-cmark's `scan_containers`): a quote
    /// by `>` (after at most three spaces, with one optional space after it), a list item by its content
    /// indentation or a blank rest of line. Also the column where their prefixes end, and the byte and column of
    /// the first non-blank byte after them. Tabs count to the next multiple of four columns, but only in the
    /// indentation of lines without quotes (elsewhere they give up).
    fn continued(&self, start: usize, end: usize) -> Option<(usize, usize, usize, usize)> {
        let b = self.b;
        let (mut p, mut column) = (start, 0);
        while p < end && matches!(b[p], b' ' | b'\t') {
            column = if b[p] == b' ' { column + 1 } else { (column / 4 + 1) * 4 };
            p += 1;
        }
        let mut matched = 0;
        if column != p - start {
            // Tabs: list items only.
            let mut pos = 0;
            for c in &self.stack {
                let Container::Item { content, .. } = *c else { return None };
                if p < end {
                    if column - pos < content {
                        break;
                    }
                    pos += content;
                }
                matched += 1;
            }
            return Some((matched, pos, p, column));
        }
        let mut pos = start;
        for c in &self.stack {
            let spaces = b[pos..end].iter().take_while(|&&c| c == b' ').count();
            let q = pos + spaces;
            if q < end && b[q] == b'\t' {
                return None;
            }
            match *c {
                Container::Quote => {
                    if spaces >= 4 || q == end || b[q] != b'>' {
                        break;
                    }
                    pos = quote_prefix_end(b, q, end)?;
                }
                Container::Item { content, .. } => {
                    if q < end {
                        if spaces < content {
                            break;
                        }
                        pos += content;
                    }
                }
                Container::Footnote => {
                    if q < end {
                        if spaces < 4 {
                            break;
                        }
                        pos += 4;
                    }
                }
            }
            matched += 1;
        }
        let p = pos + b[pos..end].iter().take_while(|&&c| c == b' ').count();
        // A tab, or `\x0b` or `\x0c`, which make a blank line to pulldown-cmark: not followed.
        if p < end && other_blank(b[p]) {
            return None;
        }
        Some((matched, pos - start, p, p - start))
    }

    /// Whether the line `t` (from its first non-space byte) ends the open paragraph or table, as pulldown-cmark's
    /// `scan_paragraph_interrupt` decides (tables aside: lines that could be a delimiter row give up earlier).
    /// `current` is false when the line does not continue every open container, or ends a table.
    fn interrupts(&self, t: &[u8], current: bool) -> Option<bool> {
        Some(match classify(t)? {
            Start::Text | Start::Html(None) => false,
            Start::Item(m) => !current || ((m.bullet || m.one) && !m.empty),
            _ => true,
        })
    }

    /// Starts the block whose first non-blank byte is `b[p]` (at `column`), on the line starting at `line` whose
    /// container prefixes end at column `pos`, and which ends at `end`. A quote marker opens a quote and a list
    /// marker an item, and the rest of the line starts their first block.
    fn start_block(&mut self, line: usize, mut pos: usize, mut p: usize, mut column: usize, end: usize) -> Option<()> {
        let b = self.b;
        let mut after_marker = false;
        loop {
            if column - pos >= 4 {
                return None;
            }
            let (width, spaces) = match classify(&b[p..end])? {
                Start::Quote => {
                    // Tabs before a quote marker are not followed.
                    if column != p - line {
                        return None;
                    }
                    self.stack.push(Container::Quote);
                    let after = quote_prefix_end(b, p, end)?;
                    p = after + b[after..end].iter().take_while(|&&c| c == b' ').count();
                    if p == end {
                        return Some(());
                    }
                    if other_blank(b[p]) {
                        return None;
                    }
                    pos = after - line;
                    column = p - line;
                    after_marker = false;
                    continue;
                }
                Start::Break => return Some(()),
                Start::Heading(level) => return self.heading(p, end, level),
                Start::Fence(byte, len) => {
                    self.fence = Some(Fence { byte, len, start: p });
                    return Some(());
                }
                // A type 7 HTML block (or text): not followed.
                Start::Html(None) => return None,
                Start::Html(Some(kind)) => {
                    let line_end = (end + 1).min(b.len());
                    match kind {
                        HtmlEnd::Tag(tag) if html_block::holds(&b[p..end], tag) => {
                            self.out.excluded.add(self.base + p..self.base + line_end);
                        }
                        _ => self.html = Some(Html { start: p, end: kind }),
                    }
                    return Some(());
                }
                Start::Footnote(label) => {
                    // Tabs before a footnote definition are not followed.
                    if column != p - line {
                        return None;
                    }
                    // A definition opened right inside another closes it (pulldown-cmark's `parse_footnote`).
                    if matches!(self.stack.last(), Some(Container::Footnote)) {
                        self.stack.pop();
                    }
                    self.stack.push(Container::Footnote);
                    // `label` covers `[^`, the label and `]:`.
                    self.footnote_labels.push(p + 2..p + label - 2);
                    p += label;
                    p += b[p..end].iter().take_while(|&&c| c == b' ').count();
                    if p == end {
                        return Some(());
                    }
                    if other_blank(b[p]) {
                        return None;
                    }
                    pos = p - line;
                    column = pos;
                    after_marker = false;
                    continue;
                }
                Start::Item(ListMarker { width, spaces, empty, .. }) => {
                    if empty || spaces > 4 {
                        return None;
                    }
                    (width, spaces)
                }
                Start::Text => break,
            };
            let index = self.out.items.len();
            let mut depth = 0;
            let mut parent = None;
            for c in &self.stack {
                if let Container::Item { index, .. } = *c {
                    depth += 1;
                    parent = Some(index);
                }
            }
            // pulldown-cmark starts the item's range its indentation's columns before the marker, counted as bytes
            // (with tabs, that is before the marker's whitespace), and `markdown` skips the spaces and tabs there.
            let from = p.checked_sub(column - pos)?;
            let offset = from + b[from..].iter().take_while(|&&c| matches!(c, b' ' | b'\t')).count();
            self.out.items.push(RawItem { offset: self.base + offset, depth, parent });
            self.stack.push(Container::Item { content: column - pos + width + spaces, index });
            p += width + spaces;
            column += width + spaces;
            pos = column;
            after_marker = true;
        }
        // A checkbox alone on its line opens no paragraph in pulldown-cmark: not followed here, nor one followed by
        // tabs (or `\x0b`, `\x0c`) and spaces only, which may be alone too.
        if after_marker
            && b[p] == b'['
            && b[p..end].len() >= 3
            && b[p + 2] == b']'
            && b[p + 3..end].iter().all(|&c| c == b' ' || other_blank(c))
        {
            return None;
        }
        self.paragraph = Some(Paragraph { start: p, end, after_marker, single: true });
        Some(())
    }

    /// Reads the line `t`, a table's delimiter row if it follows a header row: the open paragraph's one line
    /// becomes the table's header row when pulldown-cmark would read a table there. Anything else gives up.
    fn table_start(&mut self, t: &[u8], current: bool, relative: usize) -> Option<()> {
        let para = self.paragraph.as_ref()?;
        if !current || relative >= 4 || !para.single || para.after_marker {
            return None;
        }
        let (start, end) = (para.start, para.end);
        let header = &self.b[start..end];
        let columns = table_head(t)?;
        // A header row ending in a backslash is a hard break to pulldown-cmark, not a table: not followed.
        if header_columns(header)? != columns || header[0] == b'[' || header.ends_with(b"\\") {
            return None;
        }
        self.paragraph = None;
        self.table = Some(columns);
        self.table_row(start, end, columns)
    }

    /// Reads the table row `b[p..end]` (from its first non-space byte): the inlines of each cell, cells split at
    /// pipes not after a backslash. More cells than the table has columns give up (pulldown-cmark drops them).
    fn table_row(&mut self, p: usize, end: usize, columns: usize) -> Option<()> {
        let b = self.b;
        if b[p..end].contains(&b'\t') {
            return None;
        }
        let mut i = p;
        let mut cells = 0;
        loop {
            if i < end && b[i] == b'|' {
                i += 1;
            }
            while i < end && b[i] == b' ' {
                i += 1;
            }
            if i == end {
                // A row without cells ends the table to pulldown-cmark (`parse_table_row_inner`): not followed.
                return (cells > 0).then_some(());
            }
            let mut j = i;
            while j < end {
                if b[j] == b'|' {
                    if b[j - 1] != b'\\' {
                        break;
                    }
                    // `\\|`: pulldown-cmark drops the backslashes from the cell's text; not followed.
                    if j >= 2 && b[j - 2] == b'\\' {
                        return None;
                    }
                }
                j += 1;
            }
            cells += 1;
            if cells > columns {
                return None;
            }
            inline::scan(b, i..j, self.base, &mut self.out.excluded, inline::Context::Cell, &mut self.openers)?;
            i = j;
        }
    }

    /// Reads the ATX heading of `level` whose first `#` is `b[p]`, on a line ending at `end`.
    fn heading(&mut self, p: usize, end: usize, level: usize) -> Option<()> {
        let b = self.b;
        let mut from = p + level;
        while from < end && b[from] == b' ' {
            from += 1;
        }
        // pulldown-cmark's closing sequence: trailing spaces, then `#`s preceded by a space (or the whole text).
        // Tabs (and `\x0b`, `\x0c`) there count as spaces too: not followed.
        let text = &b[from..end];
        if text.iter().any(|&c| other_blank(c)) {
            return None;
        }
        let mut limit = text.iter().rposition(|&c| c != b' ').map_or(0, |i| i + 1);
        let closer = text[..limit].iter().rposition(|&c| c != b'#').map_or(0, |i| i + 1);
        if closer == 0 {
            limit = 0;
        } else {
            let spaces = text[..closer].iter().rev().take_while(|&&c| c == b' ').count();
            if spaces > 0 {
                limit = closer - spaces;
            }
        }
        let context = inline::Context::Heading;
        inline::scan(b, from..from + limit, self.base, &mut self.out.excluded, context, &mut self.openers)?;
        // Every boundary here is an ASCII byte of a `str`.
        let text = std::str::from_utf8(&b[from..from + limit]).ok()?.trim().to_owned();
        self.out.headings.push(RawHeading { level: level as u8, text, offset: self.base + p });
        Some(())
    }

    /// Reads the open paragraph's inlines, if one is open.
    fn close_paragraph(&mut self) -> Option<()> {
        let Some(para) = self.paragraph.take() else { return Some(()) };
        let b = self.b;
        let mut start = para.start;
        // A task checkbox is not a link's text.
        if para.after_marker
            && b[start..para.end].len() >= 3
            && b[start] == b'['
            && b[start + 2] == b']'
            && matches!(b[start + 1], b' ' | b'x' | b'X')
        {
            if b.get(start + 3) == Some(&b'(') {
                return None;
            }
            if b.get(start + 3) == Some(&b' ') {
                start += 3;
                while start < para.end && b[start] == b' ' {
                    start += 1;
                }
                may_define(b, start, para.end)?;
                start = para.start;
            }
        }
        may_define(b, start, para.end)?;
        inline::scan(
            b,
            start..para.end,
            self.base,
            &mut self.out.excluded,
            inline::Context::Paragraph,
            &mut self.openers,
        )
    }
}

/// Where the prefix of the quote marker `b[q]` (`>`) ends: after one space that follows it. A tab there gives up.
fn quote_prefix_end(b: &[u8], q: usize, end: usize) -> Option<usize> {
    match b.get(q + 1) {
        Some(b' ') if q + 1 < end => Some(q + 2),
        Some(b'\t') if q + 1 < end => None,
        _ => Some(q + 1),
    }
}

/// `None` when the paragraph `b[start..end]` could start with a reference definition (`[label]:`).
fn may_define(b: &[u8], start: usize, end: usize) -> Option<()> {
    if b.get(start) != Some(&b'[') {
        return Some(());
    }
    for j in start + 1..end {
        match b[j] {
            b'\\' => return None,
            b']' => return if b.get(j + 1) == Some(&b':') { None } else { Some(()) },
            _ => {}
        }
    }
    Some(())
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_block;
#[cfg(test)]
mod tests_inline;
