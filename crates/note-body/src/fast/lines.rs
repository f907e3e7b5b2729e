//! Line tests of the fast path, each on a line from its first non-space byte to its end (without the line end),
//! as pulldown-cmark's scanners decide them. A test that meets a tab where it would matter gives up (`None`).

use super::html_block::HtmlEnd;

/// A list marker: `-`, `+`, `*`, or 1–9 digits and `.` or `)`, followed by spaces or the line end.
pub struct ListMarker {
    /// The marker's length in bytes.
    pub width: usize,
    /// The spaces after it (0 when the line ends there).
    pub spaces: usize,
    /// Whether the item has nothing on this line.
    pub empty: bool,
    /// A bullet (else ordered).
    pub bullet: bool,
    /// Whether it is an ordered marker numbered 1 (leading zeros allowed).
    pub one: bool,
}

/// What a line starts, as far as the fast path tells blocks apart.
pub enum Start {
    /// A block quote (`>`).
    Quote,
    /// A thematic break.
    Break,
    /// An ATX heading of this level.
    Heading(usize),
    /// A code fence of this byte and length.
    Fence(u8, usize),
    /// A list item.
    Item(ListMarker),
    /// An HTML block of types 1–6 (`Some`); `None` for any other line starting with `<` (text, or a type 7 block
    /// where a block may start, which the fast path does not follow).
    Html(Option<HtmlEnd>),
    /// A footnote definition whose `[^label]:` is this many bytes long.
    Footnote(usize),
    /// Anything else: a paragraph's text.
    Text,
}

/// What the line `t` starts; `None` for tabs where they would matter and for lines starting with `[^` that are
/// not of the plain forms [`footnote`] tells apart. Not inlined: both of its callers share one copy.
#[inline(never)]
pub fn classify(t: &[u8]) -> Option<Start> {
    if t[0] == b'>' {
        return Some(Start::Quote);
    }
    if t[0] == b'<' {
        return Some(Start::Html(super::html_block::start(t)));
    }
    if t.starts_with(b"[^") {
        return footnote(t);
    }
    if thematic_break(t)? {
        return Some(Start::Break);
    }
    if let Some(level) = atx_heading(t)? {
        return Some(Start::Heading(level));
    }
    if let Some((byte, len)) = fence_open(t)? {
        return Some(Start::Fence(byte, len));
    }
    Some(list_marker(t)?.map_or(Start::Text, Start::Item))
}

/// What the line `t`, starting with `[^`, starts: a footnote definition when a plain label (ASCII, no spaces,
/// brackets or backslashes, as pulldown-cmark's `scan_link_label_rest` reads it) is followed by `]:`, text when it
/// is followed by `]` and anything else; `None` (not followed) for other labels, which may span lines or hold
/// escapes.
fn footnote(t: &[u8]) -> Option<Start> {
    let n = t[2..].iter().take_while(|&&c| c.is_ascii_graphic() && !matches!(c, b'[' | b']' | b'\\')).count();
    if n == 0 || t.get(2 + n) != Some(&b']') {
        return None;
    }
    Some(if t.get(3 + n) == Some(&b':') { Start::Footnote(n + 4) } else { Start::Text })
}

/// Whether `t` is a thematic break: three or more of one of `*`, `-`, `_`, with spaces between.
fn thematic_break(t: &[u8]) -> Option<bool> {
    let c = t[0];
    if !matches!(c, b'*' | b'-' | b'_') {
        return Some(false);
    }
    let mut n = 0;
    for &x in t {
        match x {
            b' ' => {}
            b'\t' => return None,
            _ if x == c => n += 1,
            _ => return Some(false),
        }
    }
    Some(n >= 3)
}

/// The level of the ATX heading `t` starts, if it starts one.
fn atx_heading(t: &[u8]) -> Option<Option<usize>> {
    let n = t.iter().take(7).take_while(|&&c| c == b'#').count();
    if n == 0 || n > 6 {
        return Some(None);
    }
    match t.get(n) {
        None | Some(b' ') => Some(Some(n)),
        Some(&c) if other_blank(c) => None,
        Some(_) => Some(None),
    }
}

/// The fence byte and length of the code fence `t` opens, if it opens one.
fn fence_open(t: &[u8]) -> Option<Option<(u8, usize)>> {
    let c = t[0];
    if !matches!(c, b'`' | b'~') {
        return Some(None);
    }
    let n = t.iter().take_while(|&&x| x == c).count();
    if n < 3 {
        return Some(None);
    }
    if c == b'`' && t[n..].contains(&b'`') {
        return None;
    }
    Some(Some((c, n)))
}

/// Whether `t` closes a fence of `len` `byte`s.
pub fn fence_close(t: &[u8], byte: u8, len: usize) -> Option<bool> {
    let n = t.iter().take_while(|&&x| x == byte).count();
    if n < len {
        return Some(false);
    }
    spaces_only(&t[n..])
}

/// Whether `rest` (what follows a fence or an underline) holds only spaces; `None` at another blank byte, which
/// is outside the subset.
fn spaces_only(rest: &[u8]) -> Option<bool> {
    for &x in rest {
        match x {
            b' ' => {}
            _ if other_blank(x) => return None,
            _ => return Some(false),
        }
    }
    Some(true)
}

/// The list marker `t` starts with, if any.
fn list_marker(t: &[u8]) -> Option<Option<ListMarker>> {
    let (width, bullet, one) = match t[0] {
        b'-' | b'+' | b'*' => (1, true, false),
        b'0'..=b'9' => {
            let digits = t.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(t.get(digits), Some(b'.' | b')')) {
                return Some(None);
            }
            let one = t[digits - 1] == b'1' && t[..digits - 1].iter().all(|&c| c == b'0');
            (digits + 1, false, one)
        }
        _ => return Some(None),
    };
    let spaces = t[width..].iter().take_while(|&&c| c == b' ').count();
    match t.get(width + spaces) {
        None => Some(Some(ListMarker { width, spaces, empty: true, bullet, one })),
        Some(&c) if other_blank(c) => None,
        Some(_) if spaces == 0 => Some(None),
        Some(_) => Some(Some(ListMarker { width, spaces, empty: false, bullet, one })),
    }
}

/// Whether `c` is a blank byte other than a space (a tab, `\x0b` or `\x0c`: pulldown-cmark's other
/// `is_ascii_whitespace_no_nl`), which the fast path gives up on wherever blank bytes matter.
pub fn other_blank(c: u8) -> bool {
    matches!(c, b'\t' | 0x0b | 0x0c)
}

/// Whether `t` is a setext heading underline: a run of `=` or `-`, then only spaces.
pub fn setext_underline(t: &[u8]) -> Option<bool> {
    let c = t[0];
    if !matches!(c, b'=' | b'-') {
        return Some(false);
    }
    let n = t.iter().take_while(|&&x| x == c).count();
    spaces_only(&t[n..])
}

/// The number of columns of the table delimiter row `t`, as pulldown-cmark's `scan_table_head` reads it (`t`
/// being indented less than four columns): an optional `|`, then cells of spaces, `:` and at least one `-`
/// separated by `|`, with at least one `|` in all.
pub fn table_head(t: &[u8]) -> Option<usize> {
    let mut i = 0;
    let (mut pipe, mut hyphen, mut hyphen_in_column, mut column_start) = (false, false, false, true);
    let mut columns = 0;
    if t.first() == Some(&b'|') {
        i = 1;
        pipe = true;
    }
    for &c in &t[i..] {
        match c {
            b' ' => {}
            b':' => column_start = false,
            b'-' => {
                column_start = false;
                hyphen = true;
                hyphen_in_column = true;
            }
            b'|' => {
                column_start = true;
                pipe = true;
                columns += 1;
                if !hyphen_in_column {
                    return None;
                }
                hyphen_in_column = false;
            }
            _ => return None,
        }
    }
    if !column_start {
        columns += 1;
    }
    (pipe && hyphen).then_some(columns)
}

/// The number of columns of the table header row `t`, as pulldown-cmark's `count_header_cols` counts them from
/// the row's pipes (those not after a backslash); `None` without pipes.
pub fn header_columns(t: &[u8]) -> Option<usize> {
    let mut pipes = 0;
    let mut last = 0;
    for (i, &c) in t.iter().enumerate() {
        if c == b'|' && (i == 0 || t[i - 1] != b'\\') {
            pipes += 1;
            last = i;
        }
    }
    if pipes == 0 {
        return None;
    }
    if t[0] == b'|' {
        pipes -= 1;
    }
    Some(if t[last + 1..].iter().all(|&c| matches!(c, b' ' | b'\t')) { pipes } else { pipes + 1 })
}
