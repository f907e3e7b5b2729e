//! A cheap pre-limit on container nesting, so pathological notes stay fast.
//!
//! pulldown-cmark is linear but spends about 0.3 µs per event, and a line such as `- - - - … x` opens one
//! list and one item per marker: 10 MB of such lines is 20 million events and several seconds. Obsidian
//! renders nothing useful that deep either. So before parsing, on every line whose *prefix* opens more than
//! [`MAX_LINE_NESTING`] containers (`>` quotes, `-`/`*`/`+` or `1.`/`1)` list markers), the first marker past
//! the limit is replaced by a byte of the same length that cannot open a container (`.`, or `:` for an
//! ordered marker's delimiter). From there the line is paragraph text. Byte offsets are unchanged, so every
//! range pulldown-cmark reports still indexes the original text, which the other scanners read.

use std::borrow::Cow;

/// Containers a single line may open before the rest of it is read as text.
pub const MAX_LINE_NESTING: usize = 100;

/// What [`limit_nesting`] did: the text to give pulldown-cmark and where the first cut was made.
#[derive(Debug)]
pub struct Limited<'t> {
    /// The body, rewritten only when some line was cut.
    pub body: Cow<'t, str>,
    /// Byte offset (in the body) of the first replaced marker.
    pub first_cut: Option<usize>,
    /// Number of lines cut.
    pub lines_cut: usize,
}

/// The byte (in the body) that, replaced, stops the line starting at `start` from opening more containers.
fn cut_point(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    let mut depth = 0;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        let marker_end = match b.get(i) {
            Some(b'>') => i + 1,
            Some(b'-' | b'*' | b'+') if matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r')) => i + 1,
            Some(b'0'..=b'9') => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let delim = i + digits;
                let ok = digits <= 9
                    && matches!(b.get(delim), Some(b'.' | b')'))
                    && matches!(b.get(delim + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
                if !ok {
                    return None;
                }
                delim + 1
            }
            _ => return None,
        };
        depth += 1;
        if depth > MAX_LINE_NESTING {
            return Some(marker_end - 1);
        }
        i = marker_end;
    }
}

/// Applies the nesting limit to `body`, which starts at byte `body_start` of the note whose lines after it start at
/// `line_starts` (offsets in the note, increasing, all past `body_start`: the note's line index, so that the body is
/// not searched for line ends a second time). Linear in the number of lines; copies the body only when a line is cut.
pub fn limit_nesting<'b>(body: &'b str, body_start: usize, line_starts: &[usize]) -> Limited<'b> {
    let b = body.as_bytes();
    let mut cuts = Vec::new();
    // A cut needs more than `MAX_LINE_NESTING` markers of at least one byte each before the line's end (`cut_point`
    // stops at a `\n` or `\r`), so a line of fewer bytes is not read at all: most lines are.
    let mut start = 0;
    for end in line_starts.iter().map(|&s| s.wrapping_sub(body_start)).chain(std::iter::once(b.len())) {
        if end.saturating_sub(start) > MAX_LINE_NESTING
            && let Some(cut) = cut_point(b, start)
        {
            cuts.push(cut);
        }
        start = end;
    }
    rewrite(body, cuts)
}

/// `body` with the marker at every offset of `cuts` (increasing) replaced by a byte that opens no container.
fn rewrite(body: &str, cuts: Vec<usize>) -> Limited<'_> {
    if cuts.is_empty() {
        return Limited { body: Cow::Borrowed(body), first_cut: None, lines_cut: 0 };
    }
    let mut bytes = body.as_bytes().to_vec();
    for &c in &cuts {
        // Every cut byte is an ASCII marker byte, so replacing it with another ASCII byte keeps UTF-8 valid.
        bytes[c] = if matches!(bytes[c], b'.' | b')') { b':' } else { b'.' };
    }
    let rewritten = String::from_utf8(bytes).unwrap_or_else(|_| body.to_owned());
    Limited { body: Cow::Owned(rewritten), first_cut: cuts.first().copied(), lines_cut: cuts.len() }
}

/// The former [`limit_nesting`], which read every line: the oracle of its property test.
#[cfg(test)]
fn limit_nesting_every_line(body: &str, line_starts: impl Iterator<Item = usize>) -> Limited<'_> {
    let b = body.as_bytes();
    let mut cuts = Vec::new();
    for line_start in line_starts.take_while(|&s| s < b.len()) {
        if let Some(cut) = cut_point(b, line_start) {
            cuts.push(cut);
        }
    }
    rewrite(body, cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nesting limit of `body`, read as a whole note.
    fn limit_nesting(body: &str) -> Limited<'_> {
        let starts: Vec<usize> = memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1).collect();
        super::limit_nesting(body, 0, &starts)
    }

    #[test]
    fn shallow_lines_are_untouched() {
        let text = "- a\n> > - [ ] b\n1. x\n";
        let l = limit_nesting(text);
        assert!(matches!(l.body, Cow::Borrowed(_)));
        assert_eq!(l.lines_cut, 0);
    }

    #[test]
    fn deep_lines_are_cut_after_the_limit() {
        let deep = format!("{}x\n", "- ".repeat(150));
        let quotes = format!("ok\n{}y\n", ">".repeat(150));
        let ordered = format!("{}z", "1. ".repeat(101));
        let text = format!("{deep}{quotes}{ordered}");
        let l = limit_nesting(&text);
        assert_eq!((l.first_cut, l.lines_cut), (Some(200), 3));
        assert_eq!(l.body.len(), text.len());
        assert_eq!(&l.body[196..204], "- - . - ");
        let q = deep.len() + 3 + MAX_LINE_NESTING;
        assert_eq!(&l.body[q - 1..q + 2], ">.>");
        assert!(l.body.ends_with("1. 1: z"));
    }

    #[test]
    fn lines_about_the_limit_long_are_read() {
        for n in MAX_LINE_NESTING - 2..MAX_LINE_NESTING + 3 {
            for end in ["", "\n", "\r\n", "\nx"] {
                let text = format!("a\n{}{end}", ">".repeat(n));
                let l = super::limit_nesting(&text, 0, &[2]);
                let cut = (n > MAX_LINE_NESTING).then_some(2 + MAX_LINE_NESTING);
                assert_eq!((l.first_cut, l.lines_cut), (cut, usize::from(cut.is_some())), "{n} {end:?}");
            }
        }
    }

    /// The markers of the property test's lines: the first three break a run of markers, the rest continue it.
    const PIECES: [&str; 12] = ["-", "1234567890. ", "é", ">", ">", ">", "> ", "- ", "* ", "+ ", "1. ", "9)\t"];

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn skipping_short_lines_agrees_with_reading_every_line(
            head in "[a-z\n]{0,3}",
            lines in proptest::collection::vec(
                ("[ \t]{0,2}", proptest::collection::vec(0usize..300, 90..110), "[ a.)\r>-]{0,2}", "\n|\r\n|\r|"),
                0..4,
            ),
        ) {
            let piece = |i: usize| if i < 3 { PIECES[i] } else { PIECES[3 + i % 9] };
            let body: String = lines
                .iter()
                .map(|(lead, markers, tail, end)| format!("{lead}{}{tail}{end}", markers.iter().map(|&i| piece(i)).collect::<String>()))
                .collect();
            let text = format!("{head}{body}");
            let body_start = head.len();
            let starts: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1).filter(|&s| s > body_start).collect();
            let body = &text[body_start..];
            let new = super::limit_nesting(body, body_start, &starts);
            let old = limit_nesting_every_line(body, std::iter::once(0).chain(starts.iter().map(|&s| s - body_start)));
            proptest::prop_assert_eq!((&new.body, new.first_cut, new.lines_cut), (&old.body, old.first_cut, old.lines_cut));
        }
    }
}
