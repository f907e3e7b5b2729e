//! The inline half of the fast path: code spans and inline links in a paragraph or heading, exactly as
//! pulldown-cmark reads them, or `None` at the first thing this subset does not handle.
//!
//! Only what [`Structure`](crate::markdown::Structure) records is computed: each code span's whole range, and for
//! each inline link or image the range from its text's closing `]` to its `)` (what follows the link text). The
//! text is scanned left to right as CommonMark's inline algorithm does: a backtick run opens a code span when a
//! run of the same length follows (else the fast path gives up, rather than track unmatched runs), `[` and `![`
//! are pushed as openers, and `]` pops the nearest one, forming a link only when `(` follows at once with a plain
//! destination (ASCII without spaces, parentheses, `<` or backslashes) and no title; any other
//! `](` gives up. A link deactivates the link openers before it (links do not nest); image openers stay active.
//!
//! There are no reference definitions (the block pass gives up on any), so `[a]`, `[a][b]` and `[a][]` are
//! text. Math (`$`), HTML and autolinks (`<`), footnote references (`[^`) and backslashes before backticks give up.
//! Emphasis, strikethrough and entities do not matter in paragraphs (they exclude nothing, and a link's text ends at
//! its `]` whatever they do) but change a heading's text, so in headings they give up too, as do code spans, links
//! and backslashes: a heading read here has its source as its text.

use std::ops::Range;

use crate::mask::Mask;

/// What the scanner stops at: 1 in a paragraph and a heading, 2 in a heading only.
const SPECIAL: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'`' as usize] = 1;
    t[b'[' as usize] = 1;
    t[b']' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'$' as usize] = 1;
    t[b'*' as usize] = 2;
    t[b'_' as usize] = 2;
    t[b'~' as usize] = 2;
    t[b'&' as usize] = 2;
    t[0] = 2;
    t
};

/// Bytes of a link destination this subset accepts (a destination stops at the first other byte).
const DESTINATION: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = b'0';
    while c <= b'z' {
        t[c as usize] = c.is_ascii_alphanumeric();
        c += 1;
    }
    let extra = b"-._~:/?#@!&'*+,;=%|{}^";
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
};

/// An open `[` or `![`.
#[derive(Clone, Copy)]
pub struct Opener {
    at: usize,
    image: bool,
    active: bool,
}

/// The most openers this subset tracks (deeper nesting gives up).
const MAX_OPENERS: usize = 32;

/// Scans the inline text `b[range]` of a paragraph or (`heading`) a heading, adding code spans and link tails to
/// `excluded` (offset by `base`). `openers` is scratch space. `None` when the text uses something outside the
/// subset; in a heading, that is anything that would make its text differ from its source (code spans too).
/// `b` holds no `<` or `$` ([`super::parse`] gives up on those before any scan).
pub fn scan(
    b: &[u8],
    range: Range<usize>,
    base: usize,
    excluded: &mut Mask,
    heading: bool,
    openers: &mut Vec<Opener>,
) -> Option<()> {
    openers.clear();
    debug_assert!(!b[range.clone()].iter().any(|&c| c == b'<' || c == b'$'));
    let (start, end) = (range.start, range.end);
    let limit = if heading { 2 } else { 1 };
    // Where the last backslash escape ended (an escaped `!` does not make an image).
    let mut escape_end = usize::MAX;
    let mut i = start;
    while i < end {
        let c = b[i];
        let class = SPECIAL[c as usize];
        if class == 0 || class > limit {
            // In a paragraph, on to the next `[`, `\\`, `]` or backtick, eight bytes at a time: its other
            // special bytes, `<` and `$`, cannot occur (`parse` gives up on any first).
            i = if heading { i + 1 } else { crate::bytes::next_link_or_code(b, i + 1, end) };
            continue;
        }
        match c {
            b'\\' => {
                if heading {
                    return None;
                }
                match b.get(i + 1) {
                    Some(b'`') => return None,
                    Some(n) if i + 1 < end && n.is_ascii_punctuation() => {
                        escape_end = i + 2;
                        i += 2;
                    }
                    _ => i += 1,
                }
            }
            b'`' => {
                if heading {
                    return None;
                }
                let run = b[i..end].iter().take_while(|&&x| x == b'`').count();
                let close = closing_run(b, i + run, end, run)?;
                excluded.add(base + i..base + close + run);
                i = close + run;
            }
            b'[' => {
                if b.get(i + 1) == Some(&b'^') || openers.len() == MAX_OPENERS {
                    return None;
                }
                let image = i > start && b[i - 1] == b'!' && escape_end != i;
                openers.push(Opener { at: i, image, active: true });
                i += 1;
            }
            b']' => {
                let followed = i + 1 < end && b[i + 1] == b'(';
                match openers.pop() {
                    Some(o) if followed => {
                        // A line end in the text ends it before the next line's indentation: not followed.
                        if !o.active || heading || b[o.at..i].contains(&b'\n') {
                            return None;
                        }
                        let close = link_tail(b, i + 2, end)?;
                        excluded.add(base + i..base + close);
                        if !o.image {
                            openers.iter_mut().filter(|o| !o.image).for_each(|o| o.active = false);
                        }
                        i = close;
                    }
                    _ => i += 1,
                }
            }
            // `<`, `$`, and in headings `*`, `_`, `~`, `&`, NUL.
            _ => return None,
        }
    }
    Some(())
}

/// The start of the first run of exactly `run` backticks in `b[from..end]`.
fn closing_run(b: &[u8], mut from: usize, end: usize, run: usize) -> Option<usize> {
    while from < end {
        let at = from + crate::bytes::find(b'`', &b[from..end])?;
        let n = b[at..end].iter().take_while(|&&x| x == b'`').count();
        if n == run {
            return Some(at);
        }
        from = at + n;
    }
    None
}

/// The end (after `)`) of an inline link's `destination)` starting at `from`, or `None` when it is not of that
/// plain form (titles too give up).
fn link_tail(b: &[u8], from: usize, end: usize) -> Option<usize> {
    let mut j = from;
    while j < end && DESTINATION[b[j] as usize] {
        j += 1;
    }
    (j < end && b[j] == b')').then_some(j + 1)
}

/// Scratch space for [`scan`].
pub type Openers = Vec<Opener>;
