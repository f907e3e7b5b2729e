//! Turning byte offsets into line/column positions without quadratic cost.
//!
//! [`crate::text::Position::of`] rescans the text from the start on every call, which is fine for a handful of
//! diagnostics but quadratic for a 10 MB note with a million tags. [`Locator`] keeps a sorted index of line
//! starts and remembers the last position it produced, so a run of increasing offsets (which is what every
//! scanner produces) costs one pass over the text in total.

use crate::text::Position;

/// Converts byte offsets of one text into [`Position`]s.
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    /// Byte offset of the first byte of every line; `line_starts[0] == 0`, strictly increasing.
    line_starts: Vec<usize>,
    /// The last position produced; counting columns can resume from it when the next offset is on the same
    /// line and not before it.
    last: Position,
}

impl<'t> Locator<'t> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'t str) -> Self {
        // Room for lines of 32 bytes on average (notes' lines are longer): the index rarely grows while built.
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 2);
        line_starts.push(0);
        crate::bytes::push_line_starts(text.as_bytes(), &mut line_starts);
        Self { text, line_starts, last: Position { line: 1, column: 1, offset: 0 } }
    }

    /// The starts of the lines after the one holding byte `offset` (clamped to the text): byte offsets, increasing.
    pub fn line_starts_after(&self, offset: usize) -> &[usize] {
        &self.line_starts[self.line_starts.partition_point(|&s| s <= offset)..]
    }

    /// The position of byte `offset`, clamped to the text and moved back to a character boundary (as
    /// [`Position::of`] does).
    pub fn at(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let line_start = self.line_starts[line - 1];
        let (from, column) = if self.last.line == line && self.last.offset <= offset {
            (self.last.offset, self.last.column)
        } else {
            (line_start, 1)
        };
        let column = column + chars_in(&self.text.as_bytes()[from..offset]);
        self.last = Position { line, column, offset };
        self.last
    }

    /// The 1-based line of `offset`: the number of line starts `<= offset` (at least one, 0). Scanners ask
    /// for increasing offsets, mostly on the same or a nearby line, so the search gallops forward from the
    /// last position's line (1, 2, 4, … lines ahead) and only then bisects that window; an offset before the
    /// last line bisects the lines before it.
    fn line_of(&self, offset: usize) -> usize {
        let starts = &self.line_starts;
        let from = self.last.line - 1;
        if starts[from] > offset {
            return starts[..from].partition_point(|&s| s <= offset);
        }
        // Invariant: `starts[lo] <= offset`; the answer is in `lo + 1..=hi.min(len)`.
        let mut lo = from;
        let mut step = 1;
        let mut hi = lo + step;
        while hi < starts.len() && starts[hi] <= offset {
            lo = hi;
            step *= 2;
            hi = lo + step;
        }
        lo + 1 + starts[lo + 1..hi.min(starts.len())].partition_point(|&s| s <= offset)
    }
}

/// The number of Unicode scalar values in UTF-8 `bytes` (eight bytes at a time in WebAssembly).
fn chars_in(bytes: &[u8]) -> usize {
    crate::bytes::chars(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_position_of_in_any_order() {
        let t = "ab\nçd\n\ne€f\n";
        let mut loc = Locator::new(t);
        let offsets: Vec<usize> = (0..=t.len() + 2).chain((0..t.len()).rev()).collect();
        for o in offsets {
            assert_eq!(loc.at(o), Position::of(t, o), "offset {o}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn galloping_agrees_with_position_of(
            text in "([a-z]|é|\n){0,60}",
            offsets in proptest::collection::vec(0usize..70, 0..30),
        ) {
            let mut loc = Locator::new(&text);
            for o in offsets {
                proptest::prop_assert_eq!(loc.at(o), Position::of(&text, o), "offset {}", o);
            }
        }

        #[test]
        fn chars_in_counts_chars(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(chars_in(s.as_bytes()), s.chars().count());
        }
    }
}
