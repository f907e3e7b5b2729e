//! What a `<` in a paragraph starts for the fast path: an autolink (`<scheme:…>`, `<local@domain>`) read exactly as
//! pulldown-cmark's `scan_uri` and `scan_email` read it, text, or possibly inline HTML (where the fast path gives
//! up). pulldown-cmark tries an autolink first, then inline HTML, whose tags need an ASCII letter after `<` or
//! `</`, and whose comments, processing instructions, declarations and CDATA start `<!` or `<?`.

/// What a `<` starts.
pub enum Angle {
    /// An autolink ending (after its `>`) here.
    Autolink(usize),
    /// Text: neither an autolink nor inline HTML.
    Text,
    /// Perhaps inline HTML: not followed here.
    Html,
}

/// What the `<` at `b[lt]` starts, in a block ending at `end`.
pub fn angle(b: &[u8], lt: usize, end: usize) -> Angle {
    let b = &b[..end];
    if let Some(close) = uri(b, lt + 1).or_else(|| email(b, lt + 1)) {
        return Angle::Autolink(close);
    }
    match b.get(lt + 1) {
        Some(c) if c.is_ascii_alphabetic() || matches!(c, b'!' | b'?') => Angle::Html,
        Some(b'/') if b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => Angle::Html,
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

/// pulldown-cmark's `scan_email` from `b[start]`: a local part, `@`, then dot-separated labels of up to 63
/// letters, digits and inner hyphens, and `>`. The end after `>`.
fn email(b: &[u8], start: usize) -> Option<usize> {
    let s = b.get(start..)?;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        match c {
            b'@' if i > 1 => break,
            b'.' | b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'/' | b'=' | b'?' | b'^' | b'_' | b'`'
            | b'{' | b'|' | b'}' | b'~' | b'-' => {}
            _ if c.is_ascii_alphanumeric() => {}
            _ => return None,
        }
    }
    loop {
        let label = i;
        let mut fresh = true;
        while i < s.len() {
            match s[i] {
                b'-' if fresh => return None,
                b'-' => {}
                c if c.is_ascii_alphanumeric() => {}
                _ => break,
            }
            fresh = false;
            i += 1;
        }
        if i == label || i - label > 63 || s[i - 1] == b'-' {
            return None;
        }
        if s.get(i) != Some(&b'.') {
            break;
        }
        i += 1;
    }
    (s.get(i) == Some(&b'>')).then_some(start + i + 1)
}
