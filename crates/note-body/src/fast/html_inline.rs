//! What a `<` in a paragraph starts for the fast path: a URI autolink (`<scheme:…>`) read exactly as pulldown-cmark's
//! `scan_uri` reads it, text, or possibly an email autolink or inline HTML (where the fast path gives up).
//! pulldown-cmark tries a URI autolink, then an email one (`<local@domain>`, whose local part starts with a letter,
//! digit or one of ``.!#$%&'*+/=?^_`{|}~-``), then inline HTML, whose tags need an ASCII letter after `<` or `</`,
//! and whose comments, processing instructions, declarations and CDATA start `<!` or `<?`.

/// What a `<` starts.
pub enum Angle {
    /// An autolink ending (after its `>`) here.
    Autolink(usize),
    /// Text: neither an autolink nor inline HTML.
    Text,
    /// Perhaps an email autolink or inline HTML: not followed here.
    Other,
}

/// What the `<` at `b[lt]` starts, in a block ending at `end`.
#[inline(never)]
pub fn angle(b: &[u8], lt: usize, end: usize) -> Angle {
    let b = &b[..end];
    if let Some(close) = uri(b, lt + 1) {
        return Angle::Autolink(close);
    }
    match b.get(lt + 1) {
        Some(c) if c.is_ascii_alphanumeric() || b".!#$%&'*+=?^_`{|}~-".contains(c) => Angle::Other,
        Some(b'/')
            if b.get(lt + 2).is_some_and(|c| c.is_ascii_alphanumeric() || b"@.!#$%&'*+/=?^_`{|}~-".contains(c)) =>
        {
            Angle::Other
        }
        _ => Angle::Text,
    }
}

/// pulldown-cmark's `scan_uri` from `b[start]`: a scheme of 2–32 letters, digits, `.`, `-` or `+` starting with a
/// letter, `:`, then anything but controls, spaces and `<` up to `>`. The end after `>`.
fn uri(b: &[u8], start: usize) -> Option<usize> {
    let s = b.get(start..)?;
    if !s.first()?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = 1;
    while i < s.len() {
        let c = s[i];
        i += 1;
        match c {
            b':' => break,
            b'.' | b'-' | b'+' => {}
            _ if c.is_ascii_alphanumeric() => {}
            _ => return None,
        }
    }
    if !(3..=33).contains(&i) {
        return None;
    }
    while i < s.len() {
        match s[i] {
            b'>' => return Some(start + i + 1),
            b'\0'..=b' ' | b'<' => return None,
            _ => i += 1,
        }
    }
    None
}
