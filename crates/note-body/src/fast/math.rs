//! Math spans for the fast path, as pulldown-cmark (with `ENABLE_MATH`) reads them, or `None` where this subset
//! does not follow it.
//!
//! pulldown-cmark's first pass makes every `$` of a block not escaped by a backslash a delimiter, which *can open*
//! when the next byte is not ASCII whitespace and *can close* when the previous byte of its line is not, and gives
//! it a brace context: none until the block's first `$`, then the root context, and each `{` after that opens a new
//! context that its `}` closes (an unbalanced `}` changes the root). Its inline pass, left to right, matches an
//! opener (`$`, or `$$` when two delimiters touch) with the first later delimiter of the same context: a closer
//! that can close (inline math) or one followed by another delimiter (display math, `$$` to `$$`); any other first
//! delimiter leaves the opener as text. Then pulldown-cmark keeps the delimiters it scanned in a cache with rules
//! of its own, so here an opener that finds no closer gives up instead, as do more than 25 nested braces (where
//! pulldown-cmark stops balancing them), contexts near the `u8` range's ends, and a `$` right after `>` (which may
//! be a quote marker, whose line starts after it).

/// A `$` delimiter of a paragraph.
#[derive(Clone, Copy)]
pub struct Dollar {
    /// Its byte offset.
    pub at: usize,
    /// Whether it can open a span.
    pub open: bool,
    /// Whether it can close an inline span.
    close: bool,
    /// Its brace context.
    context: u8,
}

/// pulldown-cmark's `MATH_BRACE_CONTEXT_MAX_NESTING`.
const MAX_NESTING: usize = 25;

/// pulldown-cmark's `is_ascii_whitespace`.
fn space(c: u8) -> bool {
    (0x09..=0x0d).contains(&c) || c == b' '
}

/// Appends to `out` the delimiters of the paragraph `b[start..end]` with their brace contexts, as pulldown-cmark's
/// first pass finds them (escapes, then `$`, `{` and `}`); `None` outside the subset (see the module overview).
#[inline(never)]
pub fn delimiters(b: &[u8], start: usize, end: usize, out: &mut Vec<Dollar>) -> Option<()> {
    out.clear();
    // The open contexts, innermost last: `stack[..depth]`.
    let mut stack = [0u8; MAX_NESTING];
    let mut depth = 0;
    let mut next = 0u8;
    let mut i = start;
    while i < end {
        match b[i] {
            b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i += 1,
            b'$' => {
                let open = i + 1 < end && !space(b[i + 1]);
                if i > start && b[i - 1] == b'>' {
                    return None;
                }
                let close = i > start && !space(b[i - 1]);
                if depth == 0 {
                    stack[0] = !0;
                    depth = 1;
                }
                out.push(Dollar { at: i, open, close, context: stack[depth - 1] });
            }
            b'{' if depth > 0 => {
                // Fresh contexts stay clear of the root's (255 and below, lowered by unbalanced `}`s).
                if depth == MAX_NESTING || next >= 128 {
                    return None;
                }
                stack[depth] = next;
                depth += 1;
                next += 1;
            }
            b'}' if depth == 1 => stack[0] = stack[0].checked_sub(1).filter(|&c| c >= 128)?,
            b'}' if depth > 1 => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    Some(())
}

/// The end (after its closing delimiter) of the math span that the delimiter `dollars[k]`, which can open, opens;
/// `None` when it opens none (pulldown-cmark would then cache delimiters: not followed).
#[inline(never)]
pub fn span_end(dollars: &[Dollar], k: usize) -> Option<usize> {
    let open = dollars[k];
    let touches = |j: usize| dollars.get(j + 1).is_some_and(|d| d.at == dollars[j].at + 1);
    let display = touches(k);
    let from = if display { k + 2 } else { k + 1 };
    let m = from + dollars.get(from..)?.iter().position(|d| d.context == open.context)?;
    if display { touches(m).then(|| dollars[m].at + 2) } else { dollars[m].close.then(|| dollars[m].at + 1) }
}
