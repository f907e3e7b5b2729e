//! Positions in a note text: line, column and byte offset, and byte ranges with the lines they span.

use serde::Serialize;

/// A position in a text: 1-based line and column (in Unicode scalar values) and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// Byte offset, clamped to the text and moved back to a character boundary.
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `text`. Out-of-range offsets are clamped; offsets inside a multi-byte
    /// character are moved back to its start, so the result is always valid to slice at.
    pub fn of(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
        let column = 1 + before[line_start..].chars().count();
        Self { line, column, offset }
    }
}

/// A byte range with the 1-based lines it spans (`end_line` inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Line of the first byte.
    pub start_line: usize,
    /// Line of the last byte (equal to `start_line` for an empty span).
    pub end_line: usize,
}

impl Span {
    /// The span of `text[start..end]`.
    pub fn new(text: &str, start: usize, end: usize) -> Self {
        // The lines of `Position::of`, without its columns: a line break is one byte, never inside a character,
        // so counting them up to an offset inside a character counts them up to its start.
        let b = text.as_bytes();
        let breaks =
            |from: usize, to: usize| b[from.min(b.len())..to.min(b.len())].iter().filter(|&&c| c == b'\n').count();
        let last = if end > start { end - 1 } else { start };
        let start_line = 1 + breaks(0, start);
        Self { start, end, start_line, end_line: start_line + breaks(start, last) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_chars() {
        let t = "ab\nçd\ne";
        assert_eq!(Position::of(t, 0), Position { line: 1, column: 1, offset: 0 });
        assert_eq!(Position::of(t, 3), Position { line: 2, column: 1, offset: 3 });
        // Inside 'ç' (2 bytes) → moved back to its start.
        assert_eq!(Position::of(t, 4), Position { line: 2, column: 1, offset: 3 });
        assert_eq!(Position::of(t, 5), Position { line: 2, column: 2, offset: 5 });
        assert_eq!(Position::of(t, 999).offset, t.len());
    }

    #[test]
    fn spans_count_the_lines_positions_count() {
        let t = "ab\nçd\n\ne€f\n";
        for start in 0..t.len() + 3 {
            for end in 0..t.len() + 3 {
                let last = if end > start { end - 1 } else { start };
                let want = (Position::of(t, start).line, Position::of(t, last).line);
                let span = Span::new(t, start, end);
                assert_eq!((span.start_line, span.end_line), want, "{start}..{end}");
            }
        }
    }
}
