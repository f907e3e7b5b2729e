//! `[[wiki links]]` and `![[embeds]]`, read the way Obsidian reads them.
//!
//! A link lies on one line: `[[`, then anything up to the first `]]` (a later `[[` before it restarts the
//! link there). The inside splits at the first `|` into link and alias; a `\` right before that `|` is the
//! table-cell escape (`[[a\|b]]`) and is dropped. The link splits at the first `#` into target and subpath;
//! a subpath starting with `^` is a block reference, otherwise a heading. An empty target (`[[#Heading]]`)
//! points into the same note.

use std::ops::Range;

use serde::Serialize;

use super::locate::Locator;

/// A wiki link or embed. Its texts are `String`s, or (`WikiLink<&str>`, as [`crate::scan`] finds it) slices of
/// the note's text: every one is a verbatim part of the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WikiLink<S = String> {
    /// The linked note (path or name, as written, trimmed); empty for a link into the same note.
    pub target: S,
    /// The heading after `#`, when the subpath is not a block reference.
    pub heading: Option<S>,
    /// The block id after `#^`.
    pub block_ref: Option<S>,
    /// The display text after `|`.
    pub alias: Option<S>,
    /// `![[…]]`.
    pub embed: bool,
    /// 1-based line of the first character (`!` for embeds).
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
    /// Byte offset of the first character.
    pub offset: usize,
    /// The whole link as written, brackets (and `!`) included.
    pub raw: S,
}

impl WikiLink<&str> {
    /// The link with texts of its own.
    pub fn to_owned_link(&self) -> WikiLink {
        let own = |s: Option<&str>| s.map(str::to_owned);
        WikiLink {
            target: self.target.to_owned(),
            heading: own(self.heading),
            block_ref: own(self.block_ref),
            alias: own(self.alias),
            embed: self.embed,
            line: self.line,
            column: self.column,
            offset: self.offset,
            raw: self.raw.to_owned(),
        }
    }
}

/// A link found in the text, with the ranges other scanners must skip.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    /// The link, its texts borrowed from the note's.
    pub link: WikiLink<&'a str>,
    /// The whole link, `!` and brackets included.
    pub range: Range<usize>,
    /// Target and subpath (not the alias): a link target, never prose.
    pub target_range: Range<usize>,
}

/// Finds the wiki links in `gaps` of `text`, in text order. Linear: every search resumes where the last one
/// stopped, and the next `]]`/newline are remembered while they are still ahead.
pub fn scan<'a>(text: &'a str, gaps: &[Range<usize>], loc: &mut Locator<'_>) -> Vec<Found<'a>> {
    let mut out = Vec::new();
    for gap in gaps {
        let mut close = NextMatch::new(Needle::CloseBrackets);
        let mut newline = NextMatch::new(Needle::Newline);
        let mut pos = gap.start;
        while let Some(i) = find2(&text.as_bytes()[pos..gap.end], b'[') {
            let open = pos + i;
            let inner_start = open + 2;
            let Some(inner_end) = close.from(text, inner_start, gap.end) else {
                break;
            };
            if let Some(nl) = newline.from(text, inner_start, gap.end).filter(|&nl| nl < inner_end) {
                pos = nl + 1;
                continue;
            }
            // A later `[[` before the `]]` starts the real link.
            if let Some(again) = find2(&text.as_bytes()[inner_start..inner_end], b'[') {
                pos = inner_start + again;
                continue;
            }
            pos = inner_end + 2;
            if text[..open].ends_with('\\') || text[inner_start..inner_end].trim().is_empty() {
                continue;
            }
            let embed = open > gap.start && text[..open].ends_with('!');
            let start = if embed { open - 1 } else { open };
            let (link, target_len) = split(&text[inner_start..inner_end]);
            let p = loc.at(start);
            out.push(Found {
                link: WikiLink {
                    embed,
                    line: p.line,
                    column: p.column,
                    offset: start,
                    raw: &text[start..inner_end + 2],
                    ..link
                },
                range: start..inner_end + 2,
                target_range: inner_start..inner_start + target_len,
            });
        }
    }
    out
}

/// What a [`NextMatch`] looks for.
#[derive(Clone, Copy)]
enum Needle {
    /// `]]`
    CloseBrackets,
    /// `\n`
    Newline,
}

/// The offset of the first two consecutive `byte`s in `hay` (`[[`, `]]`, `%%`).
pub(super) fn find2(hay: &[u8], byte: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = crate::bytes::find(byte, &hay[from..]) {
        let at = from + i;
        match hay.get(at + 1) {
            Some(&b) if b == byte => return Some(at),
            // The next byte is not `byte`, so no pair starts there either.
            Some(_) => from = at + 2,
            None => return None,
        }
    }
    None
}

/// The first occurrence of a needle at or after a position, remembered while the position stays behind it.
struct NextMatch {
    needle: Needle,
    /// `(searched_from, found)`: the first match at or after `searched_from` is `found` (`None`: no match
    /// up to the gap end).
    cache: Option<(usize, Option<usize>)>,
}

impl NextMatch {
    fn new(needle: Needle) -> Self {
        Self { needle, cache: None }
    }

    fn from(&mut self, text: &str, pos: usize, end: usize) -> Option<usize> {
        if let Some((searched, found)) = self.cache {
            if searched <= pos && found.is_none_or(|f| pos <= f) {
                return found;
            }
        }
        let hay = &text.as_bytes()[pos..end];
        let found = match self.needle {
            Needle::CloseBrackets => find2(hay, b']'),
            Needle::Newline => crate::bytes::find(b'\n', hay),
        }
        .map(|i| pos + i);
        self.cache = Some((pos, found));
        found
    }
}

/// `s` with every `[[link]]` (or `![[embed]]`) replaced by what Obsidian shows: the alias when there is one,
/// else the link as written. Used for heading text, which must be plain; most has no link and is kept as it is.
pub fn plain(s: String) -> String {
    if find2(s.as_bytes(), b'[').is_none() {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut pos = 0;
    // `find2` rather than `str::find("[[")`, whose two-way searcher is set up anew at every call.
    while let Some(i) = find2(&s.as_bytes()[pos..], b'[') {
        let open = pos + i;
        let Some(j) = find2(&s.as_bytes()[open + 2..], b']') else { break };
        let inner = &s[open + 2..open + 2 + j];
        let shown = match inner.find('|') {
            Some(bar) => inner[bar + 1..].trim(),
            None => inner.trim(),
        };
        out.push_str(s[pos..open].strip_suffix('!').unwrap_or(&s[pos..open]));
        out.push_str(shown);
        pos = open + 4 + j;
    }
    out.push_str(&s[pos..]);
    out
}

/// Splits the inside of a link; returns the link (position fields unset) and the byte length of the
/// target-and-subpath part of `inner`.
fn split(inner: &str) -> (WikiLink<&str>, usize) {
    // `bytes::find` rather than `str::find`: core's `memchr` reads a word of four bytes at a time in wasm.
    let (link_part, alias, link_len) = match crate::bytes::find(b'|', inner.as_bytes()) {
        Some(bar) => {
            let link = &inner[..bar];
            let link = link.strip_suffix('\\').unwrap_or(link);
            (link, Some(inner[bar + 1..].trim()), bar)
        }
        None => (inner, None, inner.len()),
    };
    let (target, heading, block_ref) = match crate::bytes::find(b'#', link_part.as_bytes()) {
        Some(hash) => {
            let sub = link_part[hash + 1..].trim();
            match sub.strip_prefix('^') {
                Some(block) => (&link_part[..hash], None, Some(block.trim())),
                None => (&link_part[..hash], Some(sub), None),
            }
        }
        None => (link_part, None, None),
    };
    let link = WikiLink {
        target: target.trim(),
        heading,
        block_ref,
        alias,
        embed: false,
        line: 0,
        column: 0,
        offset: 0,
        raw: "",
    };
    (link, link_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<WikiLink> {
        let mut loc = Locator::new(text);
        scan(text, std::slice::from_ref(&(0..text.len())), &mut loc).iter().map(|f| f.link.to_owned_link()).collect()
    }

    fn parts(l: &WikiLink) -> (&str, Option<&str>, Option<&str>, Option<&str>, bool) {
        (&l.target, l.heading.as_deref(), l.block_ref.as_deref(), l.alias.as_deref(), l.embed)
    }

    #[test]
    fn all_forms() {
        let t = "[[a]] [[b#H 1]] [[c#^blk]] [[d|D]] [[e#h|E]] ![[f.png]] [[#local]] [[g\\|G]]";
        let got = links(t);
        let p: Vec<_> = got.iter().map(parts).collect();
        assert_eq!(
            p,
            vec![
                ("a", None, None, None, false),
                ("b", Some("H 1"), None, None, false),
                ("c", None, Some("blk"), None, false),
                ("d", None, None, Some("D"), false),
                ("e", Some("h"), None, Some("E"), false),
                ("f.png", None, None, None, true),
                ("", Some("local"), None, None, false),
                ("g", None, None, Some("G"), false),
            ]
        );
        assert_eq!(got[5].raw, "![[f.png]]");
        assert_eq!((got[5].offset, got[5].column), (45, 46));
    }

    #[test]
    fn plain_text_of_links() {
        assert_eq!(plain("[[OPS-1 Fix]] via [[a|b]] ![[c]] [[open".into()), "OPS-1 Fix via b c [[open");
        assert_eq!(plain("no [link] ![x]".into()), "no [link] ![x]");
    }

    #[test]
    fn rejects_broken_and_multiline() {
        assert!(links("[[a\nb]] [[]] \\[[x]] [[ ]] [[open").is_empty());
        let got = links("[[x [[y]]");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].target, "y");
    }

    #[test]
    fn target_range_excludes_alias() {
        let t = "é [[OPS-1 Fix|OPS-1]]";
        let mut loc = Locator::new(t);
        let f = &scan(t, std::slice::from_ref(&(0..t.len())), &mut loc)[0];
        assert_eq!(&t[f.target_range.clone()], "OPS-1 Fix");
        assert_eq!(&t[f.range.clone()], "[[OPS-1 Fix|OPS-1]]");
        assert_eq!(f.link.column, 3);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn find2_agrees_with_str_find(hay in "[\\[\\]%a é]{0,24}") {
            for (byte, pair) in [(b'[', "[["), (b']', "]]"), (b'%', "%%")] {
                proptest::prop_assert_eq!(find2(hay.as_bytes(), byte), hay.find(pair));
            }
        }
    }
}
