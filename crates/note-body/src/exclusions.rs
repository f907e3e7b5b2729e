//! Prose exclusions pulldown-cmark does not know about: Obsidian `%%comments%%` and bare URLs.
//!
//! Both are searched only in the gaps left by the Markdown exclusions, so `%%` or `://` inside code never
//! starts a comment or a URL. An unclosed `%%` comments out the rest of the note, as in Obsidian's reading view.

use std::ops::Range;

use super::mask::Mask;

/// The ranges of `%%…%%` comments (delimiters included) found in `gaps` of `text`.
pub fn comments(text: &str, gaps: &[Range<usize>]) -> Mask {
    let mut mask = Mask::default();
    let mut open: Option<usize> = None;
    for gap in gaps {
        let mut pos = gap.start;
        while let Some(i) = super::wikilink::find2(&text.as_bytes()[pos..gap.end], b'%') {
            let at = pos + i;
            match open.take() {
                None => open = Some(at),
                Some(start) => mask.add(start..at + 2),
            }
            pos = at + 2;
        }
    }
    if let Some(start) = open {
        mask.add(start..text.len());
    }
    mask
}

/// The ranges of bare `scheme://…` URLs found in `gaps`: from the scheme to the next whitespace, `<`, `>`, `"`
/// or backtick (or the gap end).
pub fn bare_urls(text: &str, gaps: &[Range<usize>]) -> Mask {
    let mut mask = Mask::default();
    let bytes = text.as_bytes();
    for gap in gaps {
        let mut pos = gap.start;
        while let Some(i) = find_scheme_separator(&bytes[pos..gap.end]) {
            let sep = pos + i;
            // Scheme: ASCII letters, digits, `+`, `-`, `.`, starting with a letter, not glued to a word before.
            let mut start = sep;
            while start > gap.start
                && matches!(bytes[start - 1], b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+' | b'-' | b'.')
            {
                start -= 1;
            }
            while start < sep && !bytes[start].is_ascii_alphabetic() {
                start += 1;
            }
            let glued = text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
            let mut end = sep + 3;
            while end < gap.end && !matches!(bytes[end], b' ' | b'\t' | b'\n' | b'\r' | b'<' | b'>' | b'"' | b'`') {
                end += 1;
            }
            if start < sep && !glued {
                mask.add(start..end);
            }
            pos = end;
        }
    }
    mask
}

/// The offset of the first `://` in `hay`.
fn find_scheme_separator(hay: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = crate::bytes::find(b':', &hay[from..]) {
        let at = from + i;
        if hay[at + 1..].starts_with(b"//") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(mask: Mask, text: &str) -> Vec<&str> {
        let mut m = mask;
        m.normalize();
        let mut out = Vec::new();
        let mut pos = 0;
        for g in m.gaps(0..text.len()) {
            if g.start > pos {
                out.push(&text[pos..g.start]);
            }
            pos = g.end;
        }
        if pos < text.len() {
            out.push(&text[pos..]);
        }
        out
    }

    #[test]
    fn comments_pair_up_and_unclosed_runs_to_the_end() {
        let t = "a %%x%% b %%y\nz";
        assert_eq!(found(comments(t, std::slice::from_ref(&(0..t.len()))), t), vec!["%%x%%", "%%y\nz"]);
    }

    #[test]
    fn urls_run_to_whitespace() {
        let t = "see https://x.atlassian.net/browse/OPS-1#c, and ftp://h/#a.";
        assert_eq!(
            found(bare_urls(t, std::slice::from_ref(&(0..t.len()))), t),
            vec!["https://x.atlassian.net/browse/OPS-1#c,", "ftp://h/#a."]
        );
        let t = "not a :// url";
        assert_eq!(found(bare_urls(t, std::slice::from_ref(&(0..t.len()))), t), Vec::<&str>::new());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn scheme_separator_agrees_with_str_find(hay in "[:/a é]{0,24}") {
            proptest::prop_assert_eq!(find_scheme_separator(hay.as_bytes()), hay.find("://"));
        }
    }
}
