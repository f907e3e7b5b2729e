//! Finding the front matter block by its `---` fences, the way Obsidian does.
//!
//! A note has front matter when its first line (after an optional UTF-8 BOM) is exactly `---` — trailing
//! spaces or tabs allowed, LF or CRLF — and a later line is `---` too. Obsidian accepts only `---` as the closing
//! fence (not YAML's `...`), so we do the same. An opening fence without a closing one is not front matter at all
//! (Obsidian then shows the `---` as a thematic break), and a `---` further down the body never is.

/// The UTF-8 byte order mark, which may precede the opening fence.
pub(crate) const BOM: char = '\u{feff}';

/// Byte offsets of a closed front matter block. Invariant: `start <= content_start <= content_end <= end`, and
/// `text[content_start..content_end]` is either empty or ends with `\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    /// The opening fence (after the BOM, if any).
    pub start: usize,
    /// The first byte after the opening fence's line ending: where the YAML starts.
    pub content_start: usize,
    /// The first byte of the closing fence line: where the YAML ends.
    pub content_end: usize,
    /// One past the closing fence line, its line ending included when there is one.
    pub end: usize,
}

/// What the first lines of a note hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fences {
    /// No opening fence: the note has no front matter.
    None,
    /// An opening fence at this byte offset but no closing one: not front matter either, worth a warning.
    Unclosed(usize),
    /// A complete block.
    Closed(Block),
}

/// Whether `line` (without its `\n`) is a fence: `---`, then only spaces, tabs or the `\r` of a CRLF.
fn is_fence(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| rest.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')))
}

/// The offset of the first `\n` in `text` at or after `from`. A plain byte loop: the lines searched here are
/// short, and a search call per line cost more than the loop.
fn newline(text: &str, from: usize) -> Option<usize> {
    text.as_bytes().get(from..)?.iter().position(|&b| b == b'\n').map(|i| from + i)
}

/// Locates the front matter block of `text`.
pub(crate) fn locate(text: &str) -> Fences {
    // The BOM as a `&str` pattern, compared as bytes (a `char` pattern is encoded first, a call at this level).
    let start = if text.starts_with("\u{feff}") { BOM.len_utf8() } else { 0 };
    let rest = &text[start..];
    // A note without front matter is told by its first bytes, without searching its first line's end.
    if !rest.starts_with("---") {
        return Fences::None;
    }
    // The opening fence must be a whole line with a line ending: a note that is just `---` has no front matter.
    let Some(nl) = newline(rest, 0) else { return Fences::None };
    if !is_fence(&rest[..nl]) {
        return Fences::None;
    }
    let content_start = start + nl + 1;
    let mut line_start = content_start;
    while line_start < text.len() {
        let line_end = newline(text, line_start).unwrap_or(text.len());
        if is_fence(&text[line_start..line_end]) {
            let end = if line_end < text.len() { line_end + 1 } else { line_end };
            return Fences::Closed(Block { start, content_start, content_end: line_start, end });
        }
        line_start = line_end + 1;
    }
    Fences::Unclosed(start)
}

/// The line ending new lines should use: the one ending the first line of `text`, else LF.
pub(crate) fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(text: &str) -> Block {
        match locate(text) {
            Fences::Closed(b) => b,
            other => panic!("expected a block in {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn finds_a_simple_block() {
        let t = "---\na: 1\n---\nbody\n";
        assert_eq!(closed(t), Block { start: 0, content_start: 4, content_end: 9, end: 13 });
    }

    #[test]
    fn empty_block_and_block_without_trailing_newline() {
        assert_eq!(closed("---\n---"), Block { start: 0, content_start: 4, content_end: 4, end: 7 });
        assert_eq!(closed("---\na: 1\n---"), Block { start: 0, content_start: 4, content_end: 9, end: 12 });
    }

    #[test]
    fn crlf_bom_and_trailing_spaces() {
        let t = "\u{feff}---  \r\na: 1\r\n--- \r\nbody";
        let b = closed(t);
        assert_eq!(b.start, 3);
        assert_eq!(&t[b.content_start..b.content_end], "a: 1\r\n");
        assert_eq!(&t[b.end..], "body");
        assert_eq!(line_ending(t), "\r\n");
        assert_eq!(line_ending("a\nb"), "\n");
        assert_eq!(line_ending("ab"), "\n");
    }

    #[test]
    fn not_front_matter() {
        assert_eq!(locate(""), Fences::None);
        assert_eq!(locate("---"), Fences::None);
        assert_eq!(locate("text\n---\na: 1\n---\n"), Fences::None);
        assert_eq!(locate(" ---\na: 1\n---\n"), Fences::None);
        assert_eq!(locate("----\na: 1\n---\n"), Fences::None);
        assert_eq!(locate("---\na: 1\n...\n"), Fences::Unclosed(0));
        assert_eq!(locate("---\na: 1\n"), Fences::Unclosed(0));
    }
}
