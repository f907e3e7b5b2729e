//! The inline half of the fast path: code spans, inline links, math, autolinks and footnote references in a
//! paragraph or heading, exactly as pulldown-cmark reads them, or `None` at the first thing this subset does not
//! handle.
//!
//! Only what [`Structure`](crate::markdown::Structure) records is computed: each code span's, math span's and
//! autolink's whole range, and for each inline link or image the range from its text's closing `]` to its `)`
//! (what follows the link text). The text is scanned left to right as CommonMark's inline algorithm does, the
//! first construct to start winning: a backtick run opens a code span when a run of the same length follows (else
//! the fast path gives up, rather than track unmatched runs), a `$` that can open a math span [`math`] reads, a
//! `<` a URI autolink [`html_inline`] reads (email autolinks and inline HTML give up), `[` and `![` are pushed as
//! openers, and `]` pops the nearest one, forming a link only when `(` follows at once with a plain destination
//! (ASCII without spaces, parentheses, `<`, `$` or backslashes) and no title; any other `](` gives up. A link deactivates the link openers
//! before it (links do not nest); image openers stay active.
//!
//! There are no reference definitions (the block pass gives up on any), so `[a]`, `[a][b]` and `[a][]` are
//! text. A footnote reference `[^label]` is one only if the document defines the label (GFM footnotes), which is
//! known at its end: plain ones are kept in [`Scratch::footnotes`] for [`Scratch::resolve_footnotes`], text until
//! then; others give up. Backslashes before backticks give up. Emphasis, strikethrough and entities do not matter
//! in paragraphs (they exclude nothing, and a link's text ends at its `]` whatever they do) but change a heading's
//! text, so in headings they give up too, as do code spans, links, math, `<` and backslashes: a heading read here
//! has its source as its text. Table cells give up on `$` and `<` (their `\|` rules are not followed).

use std::ops::Range;

use super::html_inline::{self, Angle};
use super::math;
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
struct Opener {
    at: usize,
    image: bool,
    active: bool,
}

/// The most openers this subset tracks (deeper nesting gives up).
const MAX_OPENERS: usize = 32;

/// Where the scanned text is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A paragraph.
    Paragraph,
    /// An ATX heading's text.
    Heading,
    /// A table cell.
    Cell,
}

/// A plain `[^label]` (ASCII letters, digits, `-`, `_`, `.`), a footnote reference if the document defines
/// `label`.
pub struct Footnote {
    /// Its range in the note (with the body's offset).
    range: Range<usize>,
    /// Whether it closed no other opener's text and is in a paragraph: where it would not change the inlines
    /// around it as a reference (pulldown-cmark then drops every open bracket) nor a heading's text.
    alone: bool,
}

/// The scanner's scratch space, kept across a body's blocks, and the footnote references it found.
pub struct Scratch {
    openers: Vec<Opener>,
    dollars: Vec<math::Dollar>,
    /// Whether the body has a `<` or `$` (else the paragraph scan skips to the next of its other stops).
    angles_or_dollars: bool,
    /// The plain footnote references read so far, text until [`Scratch::resolve_footnotes`].
    footnotes: Vec<Footnote>,
}

impl Scratch {
    /// Scratch space for a body that has a `<` or `$` (`angles_or_dollars`) or not.
    pub fn new(angles_or_dollars: bool) -> Self {
        Scratch { openers: Vec::new(), dollars: Vec::new(), angles_or_dollars, footnotes: Vec::new() }
    }

    /// Makes references of the footnote references whose label `defined` accepts (ASCII case-insensitively:
    /// labels of definitions must be ASCII too, as pulldown-cmark compares others by Unicode case folding):
    /// adds their ranges to `excluded`, or `None` where that would change more than their range.
    pub fn resolve_footnotes(
        &self,
        b: &[u8],
        base: usize,
        defined: impl Fn(&[u8]) -> bool,
        excluded: &mut Mask,
    ) -> Option<()> {
        for f in &self.footnotes {
            if defined(&b[f.range.start - base + 2..f.range.end - base - 1]) {
                if !f.alone {
                    return None;
                }
                excluded.add(f.range.clone());
            }
        }
        Some(())
    }
}

/// The end (after `]`) of the plain footnote reference `[^label]` at `b[i]` (not after `!`: `image` false), which
/// no `(`, `[` or backslash follows (pulldown-cmark does not read `[^1]\[` as a reference where `1` is defined);
/// `None` for anything else starting `[^`.
#[inline(never)]
fn footnote_end(b: &[u8], i: usize, end: usize, image: bool) -> Option<usize> {
    let label = b[i + 2..end].iter().take_while(|&&c| c.is_ascii_alphanumeric() || b"-_.".contains(&c)).count();
    let close = i + 2 + label;
    let plain = !image && label > 0 && label <= 500 && close < end && b[close] == b']';
    (plain && !(close + 1 < end && matches!(b[close + 1], b'(' | b'[' | b'\\'))).then_some(close)
}

/// Scans the inline text `b[range]` of a paragraph, heading or table cell (`context`), adding code spans, math
/// spans, autolinks and link tails to `excluded` (offset by `base`), and footnote references to `scratch`. `None`
/// when the text uses something outside the subset; in a heading, that is anything that would make its text differ
/// from its source (code spans too).
pub fn scan(
    b: &[u8],
    range: Range<usize>,
    base: usize,
    excluded: &mut Mask,
    context: Context,
    scratch: &mut Scratch,
) -> Option<()> {
    let openers = &mut scratch.openers;
    openers.clear();
    let heading = context == Context::Heading;
    let (start, end) = (range.start, range.end);
    let limit = if heading { 2 } else { 1 };
    // Where the last backslash escape ended (an escaped `!` does not make an image).
    let mut escape_end = usize::MAX;
    // The next `<` or `$` at or after `i` (or `end`), when the body has any; the math delimiters of the
    // paragraph, found at its first `$`, and the next one's index.
    let angles = scratch.angles_or_dollars && !heading;
    let (mut next_lt, mut next_dollar) =
        if angles { (next(b'<', b, start, end), next(b'$', b, start, end)) } else { (end, end) };
    let mut next_angle = next_lt.min(next_dollar);
    let mut dollars_read = false;
    let mut dollar = 0;
    let mut i = start;
    while i < end {
        if i > next_angle {
            if i > next_lt {
                next_lt = next(b'<', b, i, end);
            }
            if i > next_dollar {
                next_dollar = next(b'$', b, i, end);
            }
            next_angle = next_lt.min(next_dollar);
        }
        let c = b[i];
        let class = SPECIAL[c as usize];
        if class == 0 || class > limit {
            // In a paragraph, on to the next `[`, `\\`, `]` or backtick, eight bytes at a time, or the next `<` or
            // `$` if sooner.
            i = if heading { i + 1 } else { crate::bytes::next_link_or_code(b, i + 1, next_angle) };
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
            b'$' => {
                if context != Context::Paragraph {
                    return None;
                }
                if !dollars_read {
                    math::delimiters(b, start, end, &mut scratch.dollars)?;
                    dollars_read = true;
                }
                let dollars = &scratch.dollars;
                while dollars.get(dollar).is_some_and(|d| d.at < i) {
                    dollar += 1;
                }
                let d = dollars.get(dollar).filter(|d| d.at == i)?;
                if d.open {
                    let close = math::span_end(dollars, dollar)?;
                    excluded.add(base + i..base + close);
                    i = close;
                } else {
                    i += 1;
                }
            }
            b'<' => {
                if context != Context::Paragraph {
                    return None;
                }
                match html_inline::angle(b, i, end) {
                    Angle::Autolink(close) => {
                        excluded.add(base + i..base + close);
                        i = close;
                    }
                    Angle::Text => i += 1,
                    Angle::Other => return None,
                }
            }
            b'[' => {
                if openers.len() == MAX_OPENERS {
                    return None;
                }
                let image = i > start && b[i - 1] == b'!' && escape_end != i;
                if i + 2 < end && b[i + 1] == b'^' && b[i + 2] != b']' {
                    // `[^label]`: text, or a footnote reference once the document is read. Anything else that
                    // starts so (a `(` or `[` after it, `!` before it, other labels) gives up.
                    let close = footnote_end(b, i, end, image)?;
                    let alone = openers.is_empty() && context == Context::Paragraph;
                    scratch.footnotes.push(Footnote { range: base + i..base + close + 1, alone });
                    i = close + 1;
                    continue;
                }
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
            // In headings `*`, `_`, `~`, `&`, NUL.
            _ => return None,
        }
    }
    Some(())
}

/// The first `byte` in `b[from..end]`, or `end`. Not inlined: one copy of the search for its four callers.
#[inline(never)]
fn next(byte: u8, b: &[u8], from: usize, end: usize) -> usize {
    crate::bytes::find(byte, &b[from..end]).map_or(end, |i| from + i)
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
