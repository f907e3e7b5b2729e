//! The block structure the worklog parsers need: lines, ATX headings and fenced code blocks.
//!
//! A deliberately small scanner (linear, no allocation per character): front matter is skipped (its range comes
//! from [`crate::frontmatter::parse`]); a fence opens with at least three backticks or tildes after at most three
//! spaces and closes with a line of at least as many of the same character (an unclosed fence runs to the end,
//! as in CommonMark); outside fences, a line of at most three spaces, one to six `#` and then a space or the
//! line end is a heading. Setext headings are not recognised (worklog sections use `##`).

/// One line of the note, without its line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// The line text, without `\n` or `\r\n`.
    pub text: &'a str,
    /// Byte offset of the line's first character in the note.
    pub start: usize,
    /// 1-based line number in the note.
    pub number: usize,
    /// What kind of line it is.
    pub kind: LineKind,
}

/// The kind of a [`Line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Ordinary Markdown.
    Text,
    /// An ATX heading of this level (1–6).
    Heading(u8),
    /// A fence line or a line inside a fenced code block.
    Code,
}

/// A fenced code block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fence<'a> {
    /// The first word of the info string, e.g. `timekeep`.
    pub lang: &'a str,
    /// Byte offset of the opening fence line.
    pub start: usize,
    /// 1-based line number of the opening fence line.
    pub start_line: usize,
    /// 1-based line number of the closing fence line (or the last line).
    pub end_line: usize,
    /// Byte offset just past the closing fence line (or the end of the text).
    pub end: usize,
    /// The contents between the fence lines.
    pub body: &'a str,
}

/// The lines and fences of `text`.
pub(crate) struct Blocks<'a> {
    /// Every line after the front matter.
    pub lines: Vec<Line<'a>>,
    /// Every fenced code block.
    pub fences: Vec<Fence<'a>>,
}

/// Splits `text` (after its front matter) into lines and fences.
pub(crate) fn scan(text: &str) -> Blocks<'_> {
    let body_start = crate::frontmatter::parse(text).range.map_or(0, |r| r.end).min(text.len());
    let mut lines = Vec::new();
    let mut fences = Vec::new();
    // (fence char, run length, opening line start, opening line number, body start, lang)
    let mut open: Option<(u8, usize, usize, usize, usize, &str)> = None;
    let mut pos = body_start;
    // Counted once here, then incrementally: positions stay linear in the note size.
    let mut number = 1 + text.as_bytes()[..body_start].iter().filter(|&&b| b == b'\n').count();
    while pos < text.len() {
        let rest = &text[pos..];
        let (raw, next) = match rest.find('\n') {
            Some(n) => (&rest[..n], pos + n + 1),
            None => (rest, text.len()),
        };
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let kind = match open {
            Some((ch, len, fence_start, start_line, body_start, lang)) => {
                if fence_run(line).is_some_and(|(c, n, info)| c == ch && n >= len && info.trim().is_empty()) {
                    let body = text.get(body_start..pos).unwrap_or("");
                    fences.push(Fence { lang, start: fence_start, start_line, end_line: number, end: next, body });
                    open = None;
                }
                LineKind::Code
            }
            None => {
                if let Some((c, n, info)) = fence_run(line).filter(|(c, _, info)| *c == b'~' || !info.contains('`')) {
                    open = Some((c, n, pos, number, next, info.split_whitespace().next().unwrap_or("")));
                    LineKind::Code
                } else {
                    heading_level(line).map_or(LineKind::Text, LineKind::Heading)
                }
            }
        };
        lines.push(Line { text: line, start: pos, number, kind });
        pos = next;
        number += 1;
    }
    if let Some((_, _, fence_start, start_line, body_start, lang)) = open {
        let body = text.get(body_start.min(text.len())..).unwrap_or("");
        let end_line = number.saturating_sub(1).max(start_line);
        fences.push(Fence { lang, start: fence_start, start_line, end_line, end: text.len(), body });
    }
    Blocks { lines, fences }
}

/// Up to three spaces of indentation, then the rest.
fn unindent(line: &str) -> Option<&str> {
    let n = line.bytes().take_while(|&b| b == b' ').count();
    (n <= 3).then(|| &line[n..])
}

/// A fence line: its character, run length and info string.
fn fence_run(line: &str) -> Option<(u8, usize, &str)> {
    let s = unindent(line)?;
    let c = *s.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = s.bytes().take_while(|&b| b == c).count();
    (n >= 3).then(|| (c, n, &s[n..]))
}

/// The level of an ATX heading line.
pub(crate) fn heading_level(line: &str) -> Option<u8> {
    let s = unindent(line)?;
    let n = s.bytes().take_while(|&b| b == b'#').count();
    let after = s.as_bytes().get(n);
    ((1..=6).contains(&n) && after.is_none_or(|&b| b == b' ' || b == b'\t')).then_some(n as u8)
}

/// The text of an ATX heading line: markers and a closing `#` sequence removed, trimmed.
pub(crate) fn heading_text(line: &str) -> &str {
    let s = line.trim_start_matches(' ').trim_start_matches('#').trim();
    let without_closing = s.trim_end_matches('#');
    if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) { without_closing.trim_end() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_headings_and_fences() {
        let t = "---\na: 1\n---\n# T\ntext\r\n```timekeep\n{}\n# not\n```\n## Worklog ##\n~~~\nopen";
        let b = scan(t);
        let kinds: Vec<_> = b.lines.iter().map(|l| (l.text, l.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("# T", LineKind::Heading(1)),
                ("text", LineKind::Text),
                ("```timekeep", LineKind::Code),
                ("{}", LineKind::Code),
                ("# not", LineKind::Code),
                ("```", LineKind::Code),
                ("## Worklog ##", LineKind::Heading(2)),
                ("~~~", LineKind::Code),
                ("open", LineKind::Code),
            ]
        );
        assert_eq!(b.fences.len(), 2);
        assert_eq!(b.lines.iter().map(|l| l.number).collect::<Vec<_>>(), (4..=12).collect::<Vec<_>>());
        assert_eq!((b.fences[0].start_line, b.fences[0].end_line), (6, 9));
        assert_eq!((b.fences[1].start_line, b.fences[1].end_line), (11, 12));
        assert_eq!((b.fences[0].lang, b.fences[0].body), ("timekeep", "{}\n# not\n"));
        assert_eq!(&t[b.fences[0].start..b.fences[0].end], "```timekeep\n{}\n# not\n```\n");
        assert_eq!((b.fences[1].lang, b.fences[1].body), ("", "open"));
        assert_eq!(heading_text("## Worklog ##"), "Worklog");
        assert_eq!(heading_text("# C#"), "C#");
        assert_eq!(heading_level("#hashtag"), None);
        assert_eq!(heading_level("    # code"), None);
        assert_eq!(heading_level("####### seven"), None);
    }
}
