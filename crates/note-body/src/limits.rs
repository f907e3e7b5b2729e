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

/// Applies the nesting limit to `body`, whose lines start at `line_starts` (byte offsets in `body`, increasing, the
/// first 0: the note's line index, so that the body is not searched for line ends a second time). Linear in its
/// length; copies it only when a line is cut.
pub fn limit_nesting(body: &str, line_starts: impl Iterator<Item = usize>) -> Limited<'_> {
    let b = body.as_bytes();
    let mut cuts = Vec::new();
    for line_start in line_starts.take_while(|&s| s < b.len()) {
        if let Some(cut) = cut_point(b, line_start) {
            cuts.push(cut);
        }
    }
    if cuts.is_empty() {
        return Limited { body: Cow::Borrowed(body), first_cut: None, lines_cut: 0 };
    }
    let mut bytes = b.to_vec();
    for &c in &cuts {
        // Every cut byte is an ASCII marker byte, so replacing it with another ASCII byte keeps UTF-8 valid.
        bytes[c] = if matches!(bytes[c], b'.' | b')') { b':' } else { b'.' };
    }
    let rewritten = String::from_utf8(bytes).unwrap_or_else(|_| body.to_owned());
    Limited { body: Cow::Owned(rewritten), first_cut: cuts.first().copied(), lines_cut: cuts.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit_nesting(body: &str) -> Limited<'_> {
        super::limit_nesting(body, std::iter::once(0).chain(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1)))
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
}
