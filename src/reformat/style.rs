//! The note's own style, applied to blocks rendered afresh: its line ending, its bullet character and its
//! ordered-list delimiter. Every choice is checked by the caller (the assembled text must read back as the
//! new document), so a style that would change meaning is never kept.

/// A list block's marker: its family and the character that must differ between adjacent lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// `-`, `*` or `+`.
    Bullet(char),
    /// `.` or `)` after the number.
    Ordered(char),
}

/// How the previous Markdown is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    /// Line breaks are `\r\n`.
    pub crlf: bool,
    /// The most used bullet character of its top-level lists.
    pub bullet: char,
    /// The most used delimiter of its top-level ordered lists.
    pub delimiter: char,
}

impl Style {
    /// The style of `previous`, whose top-level blocks are `blocks`.
    pub(super) fn of<'a>(previous: &str, blocks: impl Iterator<Item = &'a str>) -> Self {
        let crlf = previous.find('\n').is_some_and(|i| previous[..i].ends_with('\r'));
        let mut bullets = [0usize; 3];
        let mut delimiters = [0usize; 2];
        for text in blocks {
            match marker(text) {
                Some(Marker::Bullet(c)) => bullets[BULLETS.iter().position(|b| *b == c).unwrap_or(0)] += 1,
                Some(Marker::Ordered(c)) => delimiters[usize::from(c == ')')] += 1,
                None => {}
            }
        }
        let best = |counts: &[usize], chars: &[char]| {
            let max = counts.iter().copied().max().unwrap_or(0);
            chars[counts.iter().position(|n| *n == max).unwrap_or(0)]
        };
        Self { crlf, bullet: best(&bullets, &BULLETS), delimiter: best(&delimiters, &DELIMITERS) }
    }

    /// The line break.
    pub(super) fn eol(&self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }

    /// `text` (LF) with this style's line breaks.
    pub(super) fn lines(&self, text: &str) -> String {
        if self.crlf { text.replace('\n', "\r\n") } else { text.to_owned() }
    }
}

const BULLETS: [char; 3] = ['-', '*', '+'];
const DELIMITERS: [char; 2] = ['.', ')'];

/// The marker of a block's text, if it starts as a list item (`- `, `* `, `+ `, `1. `, `1) `).
pub(super) fn marker(text: &str) -> Option<Marker> {
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']);
    let mut chars = text.chars();
    let first = chars.next()?;
    if BULLETS.contains(&first) && spaced(chars.as_str()) {
        return Some(Marker::Bullet(first));
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    let delim = rest.chars().next()?;
    (digits > 0 && digits < 10 && DELIMITERS.contains(&delim) && spaced(&rest[1..])).then_some(Marker::Ordered(delim))
}

/// The marker a fresh list of `family` takes: the note's preferred one unless a neighbouring list of the same
/// family uses it (adjacent lists with the same marker would read as one list).
pub(super) fn choose(family: Marker, style: &Style, neighbours: &[Option<Marker>]) -> Marker {
    let taken = |m: Marker| neighbours.contains(&Some(m));
    match family {
        Marker::Bullet(_) => {
            let order = [style.bullet, '-', '*', '+'];
            Marker::Bullet(order.into_iter().find(|c| !taken(Marker::Bullet(*c))).unwrap_or('-'))
        }
        Marker::Ordered(_) => {
            let order = [style.delimiter, '.', ')'];
            Marker::Ordered(order.into_iter().find(|c| !taken(Marker::Ordered(*c))).unwrap_or('.'))
        }
    }
}

/// A freshly rendered list (written with `- ` or `N. ` items at column 0) with its top-level markers
/// changed to `to`. Lines inside items are indented, so only item lines start at column 0.
pub(super) fn remark(text: &str, to: Marker) -> String {
    text.split('\n')
        .map(|line| match (marker(line), to) {
            (Some(Marker::Bullet(_)), Marker::Bullet(c)) => format!("{c}{}", &line[1..]),
            (Some(Marker::Ordered(_)), Marker::Ordered(c)) => {
                let digits = line.chars().take_while(char::is_ascii_digit).count();
                format!("{}{c}{}", &line[..digits], &line[digits + 1..])
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_their_rewriting() {
        assert_eq!(marker("* a"), Some(Marker::Bullet('*')));
        assert_eq!(marker("12) a"), Some(Marker::Ordered(')')));
        assert_eq!(marker("*a*"), None);
        assert_eq!(marker("2.5 apples"), None);
        assert_eq!(remark("- a\n  - b\n- c", Marker::Bullet('*')), "* a\n  - b\n* c");
        assert_eq!(remark("1. a\n2. b", Marker::Ordered(')')), "1) a\n2) b");
        let style = Style::of("* a\r\n", ["* a"].into_iter());
        assert!(style.crlf && style.bullet == '*');
        assert_eq!(choose(Marker::Bullet('-'), &style, &[Some(Marker::Bullet('*'))]), Marker::Bullet('-'));
    }
}
