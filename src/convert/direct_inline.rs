//! The inline half of the direct Markdown → wiki writer (see `super::direct`): pulldown-cmark inline events →
//! runs of text with at most one mark ([`Piece`]) → wiki, for content in the wiki writer's proven subset.
//!
//! Invariant: the pieces are the text nodes the Markdown converter would build (`markdown::inline`: text is
//! buffered between mark boundaries, GFM autolinks found in it become link-marked text, adjacent runs with the
//! same mark merge as `merge_text` merges them; `-` is admitted per event and checked in the merged run; a
//! mention link becomes a mention piece of its account id), and [`Run::write`] writes what the wiki inline
//! writer writes for those nodes in its light tier. Anything the converter would turn into something else is
//! refused (`None`), and so is content outside `crate::adf::proven`'s `inline` rules, which are restated here.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::direct_group::{Group, Item, Open};
use crate::markdown::{Construct, construct_at};
use crate::wiki::emit_inline::{Ctx, Next, Tier, escape_scanned};

/// The one mark a run carries.
#[derive(Clone, PartialEq, Eq)]
pub(super) enum Mark<'a> {
    None,
    /// Strong, em or strike, with its wiki delimiter (`*`, `_`, `-`).
    Emphasis(char),
    Code,
    Link(CowStr<'a>),
    /// Not a mark: a mention (`[@Name](jira-mention:id)`) of this account id; the piece's text is its display
    /// text. Never merged with a neighbour.
    Mention(CowStr<'a>),
}

/// A run of text with one mark: its text is a range of its [`Run`]'s `text`.
pub(super) struct Piece<'a> {
    text: Range<usize>,
    mark: Mark<'a>,
}

/// [`CLASS`] bit: a byte of proven wiki text (`crate::adf::proven`'s wiki alphabet, all ASCII: no byte of a
/// longer character is in it).
const TEXT: u8 = 1;
/// [`CLASS`] bit: `-`, proven only between two ASCII letters or digits.
const DASH: u8 = 2;
/// [`CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 4;
/// [`CLASS`] bit: `:` or `.`, where an autolink or emoji may show (see [`Run::event`]).
const STOP: u8 = 8;
/// [`CLASS`] bit: `(`, which the wiki writer escapes where an emoticon starts.
const PAREN: u8 = 16;
/// [`CLASS`] bit: a byte proven text never holds.
const OTHER: u8 = 32;

/// What each byte is to the direct writer's one pass over a text event: [`TEXT`], [`DASH`], [`ALNUM`], [`STOP`],
/// [`PAREN`], [`OTHER`].
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = TEXT | ALNUM;
        } else if matches!(c, b' ' | b',' | b';' | b'\'' | b'"' | b')' | b'/') {
            t[b] = TEXT;
        } else if c == b'(' {
            t[b] = TEXT | PAREN;
        } else if matches!(c, b'.' | b':') {
            t[b] = TEXT | STOP;
        } else if c == b'-' {
            t[b] = DASH;
        }
        b += 1;
    }
    t
};

/// True if every `-` of `text` (of the wiki alphabet and `-`, as [`Run::event`] lets through) stands between two
/// ASCII letters or digits: then `text` is proven wiki text.
fn dashes_in_words(text: &str) -> bool {
    let b = text.as_bytes();
    let alnum = |k: usize| b.get(k).is_some_and(u8::is_ascii_alphanumeric);
    memchr::memchr_iter(b'-', b).all(|k| k > 0 && alnum(k - 1) && alnum(k + 1))
}

/// Characters a proven code span may hold: the wiki code alphabet but newline and `|` (all ASCII: byte-wise).
fn wiki_code_span(c: u8) -> bool {
    c.is_ascii_graphic() && !matches!(c, b'{' | b'}' | b'|') || c == b' '
}

/// A link target proven to read back: `http(s)://` and then letters, digits, `.`, `/` and `-`.
fn plain_href(href: &str) -> bool {
    let Some(rest) = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://")) else { return false };
    rest.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
        && rest.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'/' | b'-'))
}

/// A proven mention's account id: ASCII letters, digits, `-` and `:` (`crate::adf::proven`'s `mention`).
fn mention_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
}

/// A proven mention's display text: `@` and a name of letters, digits, `.`, `'`, `-` and single inner spaces.
fn mention_text(text: &str) -> bool {
    let Some(name) = text.strip_prefix('@') else { return false };
    let b = name.as_bytes();
    !b.is_empty()
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        // (Byte-wise: `str::contains` builds a substring searcher for each name.)
        && !b.windows(2).any(|w| w == b"  ")
        && b.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'\'' | b'-'))
}

/// Collects the pieces of one paragraph, heading or cell up to and including `end` into `run`.
pub(super) fn inline_until<'a>(
    src: &str,
    events: &Group<'a>,
    pos: &mut usize,
    end: &TagEnd,
    run: &mut Run<'a>,
) -> Option<()> {
    run.reset();
    loop {
        let (item, range) = events.get(*pos)?;
        *pos += 1;
        match item {
            Item::End(e) if e == end => break,
            _ => run.item(src, events, *item, range)?,
        }
    }
    run.finish()
}

/// Collects the pieces of a tight list item's implicit paragraph into `run`: inline events up to (not including)
/// the item's end or a nested list.
pub(super) fn implicit_until<'a>(src: &str, events: &Group<'a>, pos: &mut usize, run: &mut Run<'a>) -> Option<()> {
    run.reset();
    loop {
        let (item, range) = events.get(*pos)?;
        if matches!(item, Item::End(TagEnd::Item) | Item::Start(Open::List(_))) {
            break;
        }
        *pos += 1;
        run.item(src, events, *item, range)?;
    }
    run.finish()
}

/// The inline state of one paragraph, heading, cell or item: finished pieces, the open mark and the text
/// buffered since the last mark boundary. One is reused for the whole document, so its buffers are allocated
/// once.
#[derive(Default)]
pub(super) struct Run<'a> {
    /// The pieces' texts one after the other, then the buffered text (from `buf`) or an open mention's text.
    text: String,
    pieces: Vec<Piece<'a>>,
    open: Option<Mark<'a>>,
    /// Where the buffered text starts in `text`.
    buf: usize,
    /// The open mention link's account id (its display text is buffered).
    mention: Option<CowStr<'a>>,
    /// False when [`may_hold_construct`] surely finds nothing in `buf` (set by [`Run::event`]'s pass).
    maybe: bool,
    /// Whether any text so far held a `-` (else [`proven`] need not look for one out of place).
    dash: bool,
    /// Whether any text so far held a `(` (else the wiki writer has nothing to escape in it).
    paren: bool,
    /// Code block languages found native so far (a few; kept across blocks, unlike the rest).
    native: Vec<String>,
    /// The block writer's buffer for list item prefixes (`super::direct`'s `list`), kept for its capacity.
    pub(super) prefix: String,
    /// The block writer's buffer for a panel's body (`super::direct`'s `panel`), kept for its capacity.
    pub(super) body: String,
}

impl<'a> Run<'a> {
    fn mark(&self) -> Mark<'a> {
        self.open.clone().unwrap_or(Mark::None)
    }

    fn reset(&mut self) {
        self.text.clear();
        self.pieces.clear();
        self.open = None;
        self.buf = 0;
        self.mention = None;
        self.maybe = false;
        self.dash = false;
        self.paren = false;
    }

    /// Adds an inline item of `events` (see [`Run::event`]).
    fn item(&mut self, src: &str, events: &Group<'a>, item: Item<'a>, range: &Range<usize>) -> Option<()> {
        if self.mention.is_some() {
            // The converter's mention text: the link's text events, concatenated.
            match item {
                Item::End(TagEnd::Link) => {
                    let id = self.mention.take()?;
                    self.pieces.push(Piece { text: self.buf..self.text.len(), mark: Mark::Mention(id) });
                    self.buf = self.text.len();
                }
                _ => self.text.push_str(events.text(item)?),
            }
            return Some(());
        }
        match item {
            Item::Text(t) => self.plain(src, t, true, range),
            Item::Code(t) => self.code(t),
            Item::Start(Open::Emphasis) => self.open(Mark::Emphasis('_')),
            Item::Start(Open::Strong) => self.open(Mark::Emphasis('*')),
            Item::Start(Open::Strikethrough) => self.open(Mark::Emphasis('-')),
            Item::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
                self.flush()?;
                self.open = None;
                Some(())
            }
            Item::Whole(i) => self.event(src, events.whole(i)?, range),
            _ => None,
        }
    }

    /// Adds an inline event kept whole (no [`Item`] holds it): text or code of its own, or a link.
    fn event(&mut self, src: &str, event: &Event<'a>, range: &Range<usize>) -> Option<()> {
        match event {
            Event::Text(cow) => self.plain(src, cow, matches!(cow, CowStr::Borrowed(_)), range),
            Event::Code(cow) => self.code(cow),
            Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, .. })
                if dest_url.as_bytes().first().is_some_and(|&c| c | 0x20 == b'j')
                    && (dest_url.as_bytes().starts_with(b"jira-mention:")
                        || dest_url.get(..13).is_some_and(|s| s.eq_ignore_ascii_case("jira-mention:"))) =>
            {
                // The id as the converter decodes it: verbatim when it holds no `%` (the proven ids never do).
                let id = &dest_url[13..];
                if self.open.is_some() || !mention_id(id) {
                    return None;
                }
                self.flush()?;
                self.mention = Some(match dest_url {
                    CowStr::Borrowed(url) => CowStr::Borrowed(&url[13..]),
                    _ => CowStr::from(id.to_owned()),
                });
                Some(())
            }
            Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, .. })
                if title.is_empty() && plain_href(dest_url) =>
            {
                self.open(Mark::Link(dest_url.clone()))
            }
            _ => None,
        }
    }

    /// Opens a marked run.
    fn open(&mut self, mark: Mark<'a>) -> Option<()> {
        if self.open.is_some() {
            return None;
        }
        self.flush()?;
        self.open = Some(mark);
        Some(())
    }

    /// A code span's text.
    fn code(&mut self, t: &str) -> Option<()> {
        if self.open.is_some() || t.is_empty() || !t.bytes().all(wiki_code_span) {
            return None;
        }
        self.flush()?;
        self.push(t, Mark::Code);
        Some(())
    }

    /// A text event's text `t`, `borrowed` when pulldown-cmark borrowed it.
    fn plain(&mut self, src: &str, t: &str, borrowed: bool, range: &Range<usize>) -> Option<()> {
        // Text from escapes or entities, or after a backslash, is not plain.
        // (Borrowed text is a slice of `src`: then comparing addresses is enough.)
        // (Compared as addresses and lengths first, so that the usual case slices nothing.)
        let borrowed = borrowed
            && t.as_ptr() as usize == (src.as_ptr() as usize).wrapping_add(range.start)
            && t.len() == range.end.wrapping_sub(range.start)
            && range.end <= src.len();
        let verbatim = borrowed || src.get(range.clone()).is_some_and(|s| s == t);
        // (A `\` is ASCII: the byte before the range is one exactly when the text before ends with one.)
        let escaped = range.start.checked_sub(1).and_then(|k| src.as_bytes().get(k)) == Some(&b'\\');
        if !verbatim || escaped {
            return None;
        }
        let (seen, maybe) = classes(t.as_bytes(), self.maybe);
        if seen & OTHER != 0 {
            return None;
        }
        self.maybe = maybe;
        self.dash |= seen & DASH != 0;
        self.paren |= seen & PAREN != 0;
        self.text.push_str(t);
        Some(())
    }

    /// Appends a run, merging it into the previous one when the marks are equal (as `merge_text` does).
    fn push(&mut self, text: &str, mark: Mark<'a>) {
        let start = self.text.len();
        self.text.push_str(text);
        self.push_from(start, mark);
    }

    /// Makes `text` from `start` on a run (see [`Run::push`]); nothing is buffered after it.
    fn push_from(&mut self, start: usize, mark: Mark<'a>) {
        let end = self.text.len();
        self.buf = end;
        if start == end {
            return;
        }
        // The last piece's text ends where this one's starts.
        match self.pieces.last_mut() {
            Some(last) if last.mark == mark => last.text.end = end,
            _ => self.pieces.push(Piece { text: start..end, mark }),
        }
    }

    /// Turns the buffered text into pieces; GFM autolinks become link runs, any other Obsidian construct refuses.
    fn flush(&mut self) -> Option<()> {
        let start = self.buf;
        if start == self.text.len() {
            return Some(());
        }
        let mark = self.mark();
        if !std::mem::take(&mut self.maybe) || !may_hold_construct(&self.text[start..]) {
            self.push_from(start, mark);
            return Some(());
        }
        let buf = self.text.split_off(start);
        let chars: Vec<(char, bool)> = buf.chars().map(|c| (c, false)).collect();
        let mut plain = String::new();
        let mut i = 0;
        while i < chars.len() {
            let prev = i.checked_sub(1).map(|p| chars[p].0);
            if let Some((end, kind)) = construct_at(&chars, i, prev) {
                if !matches!(kind, Construct::Url) || mark != Mark::None {
                    return None;
                }
                let url: String = chars[i..end].iter().map(|(c, _)| *c).collect();
                let href =
                    if url.to_ascii_lowercase().starts_with("www.") { format!("http://{url}") } else { url.clone() };
                // (`proven`'s rule for link targets, checked here: the links of events were checked as they came.)
                if !plain_href(&href) {
                    return None;
                }
                self.push(&std::mem::take(&mut plain), Mark::None);
                self.push(&url, Mark::Link(href.into()));
                i = end;
                continue;
            }
            plain.push(chars[i].0);
            i += 1;
        }
        self.push(&plain, mark);
        Some(())
    }

    fn finish(&mut self) -> Option<()> {
        if self.open.is_some() || self.mention.is_some() {
            return None;
        }
        self.flush()?;
        proven(&self.pieces, &self.text, self.dash).then_some(())
    }
}

/// The one pass over a text event's bytes `b`: the [`CLASS`] bits of its bytes or'ed, and `maybe` or whether a
/// `:` or `.` of `b` could be where [`may_hold_construct`] finds something in the text buffered around it (see
/// [`stop_may_start`]). Four bytes a step: the table lookups are the work; a step that saw a `:` or `.` looks
/// closer while `maybe` is false. (In wasm this is one loop without calls: iterating `chunks_exact` called its
/// `next` per step, and a second search for `:` and `.` walked most events again, as most sentences hold a `.`.)
fn classes(b: &[u8], mut maybe: bool) -> (u8, bool) {
    let class = |c: u8| CLASS[usize::from(c)];
    let mut seen = 0u8;
    let mut rest = b;
    while let [c0, c1, c2, c3, tail @ ..] = rest {
        let k = class(*c0) | class(*c1) | class(*c2) | class(*c3);
        if k & STOP != 0 && !maybe {
            let at = b.len() - rest.len();
            maybe = stop_may_start(b, at, at + 4);
        }
        seen |= k;
        rest = tail;
    }
    for &c in rest {
        seen |= class(c);
    }
    if seen & STOP != 0 && !maybe {
        maybe = stop_may_start(b, b.len() - rest.len(), b.len());
    }
    (seen, maybe)
}

/// Whether a `:` or `.` of text event `b` at `from..to` could be where [`may_hold_construct`] finds something
/// in the text buffered around it: a `:` not inside a word or before `//`, a `.` after `www`; near the event's
/// edges, always.
fn stop_may_start(b: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| match b.get(i) {
        Some(b':') => {
            i == 0 || CLASS[usize::from(b[i - 1])] & ALNUM == 0 || b.get(i + 1..i + 3).is_none_or(|n| n == b"//")
        }
        // (`c | 0x20` is `w` exactly for `w` and `W`.)
        Some(b'.') => i < 3 || b[i - 3..i].iter().all(|&c| c | 0x20 == b'w'),
        _ => false,
    })
}

/// False when `construct_at` finds nothing anywhere in `text` of the wiki alphabet: there only an autolink
/// (`http://`, `https://`, `www.`, any case) or an emoji (`:` after no letter or digit) can start one, and
/// neither prefix occurs.
fn may_hold_construct(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b':' => i == 0 || !b[i - 1].is_ascii_alphanumeric(),
        b'h' | b'H' => {
            b.get(i..i + 7).is_some_and(|p| p.eq_ignore_ascii_case(b"http://"))
                || b.get(i..i + 8).is_some_and(|p| p.eq_ignore_ascii_case(b"https://"))
        }
        b'w' | b'W' => b.get(i..i + 4).is_some_and(|p| p.eq_ignore_ascii_case(b"www.")),
        _ => false,
    })
}

/// `crate::adf::proven`'s `inline` rules on pieces: at least one; text of the wiki alphabet (code spans: code
/// characters on one line, no pipe); no space at either end; a marked run delimited by letters or digits
/// (emphasis) or non-spaces (code, link text), its neighbours unmarked and meeting it at a space (before) or a
/// space or `.,;:` (after); links to plain `http(s)` URLs. Text and code reached the pieces through
/// [`Run::event`]'s alphabet checks: only a `-` (when `dash`) is left to check in text.
fn proven(pieces: &[Piece<'_>], text: &str, dash: bool) -> bool {
    // Byte-wise at the pieces' edges: a space, `.,;:` and ASCII letters and digits are never part of a longer
    // character, so a piece's first or last byte is one of them exactly when its first or last character is.
    let b = text.as_bytes();
    let first_byte = |p: &Piece| (p.text.start < p.text.end).then(|| b[p.text.start]);
    let last_byte = |p: &Piece| (p.text.start < p.text.end).then(|| b[p.text.end - 1]);
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else { return false };
    if first_byte(first) == Some(b' ') || last_byte(last) == Some(b' ') {
        return false;
    }
    let edge = |p: &Piece, alnum: bool| {
        let ok = |c: Option<u8>| c.is_some_and(|c| if alnum { c.is_ascii_alphanumeric() } else { c != b' ' });
        ok(first_byte(p)) && ok(last_byte(p))
    };
    pieces.iter().enumerate().all(|(i, p)| {
        let chars_ok = match &p.mark {
            Mark::Code => true,
            // (Its id was checked when the mention started: `Run::event`.)
            Mark::Mention(_) => mention_text(&text[p.text.clone()]),
            // (A link's target was checked when the link started, or when `Run::flush` found the autolink.)
            _ => !dash || dashes_in_words(&text[p.text.clone()]),
        };
        let own = match p.mark {
            Mark::None => true,
            Mark::Emphasis(_) => edge(p, true),
            Mark::Code | Mark::Link(_) => edge(p, false),
            Mark::Mention(_) => true,
        };
        let marked = !matches!(p.mark, Mark::None);
        let before_ok =
            i == 0 || pieces.get(i - 1).is_some_and(|q| matches!(q.mark, Mark::None) && last_byte(q) == Some(b' '));
        let after_ok = pieces.get(i + 1).is_none_or(|q| {
            matches!(q.mark, Mark::None) && first_byte(q).is_some_and(|c| matches!(c, b' ' | b'.' | b',' | b';' | b':'))
        });
        chars_ok && own && (!marked || (before_ok && after_ok))
    })
}

impl Run<'_> {
    /// `crate::adf::safety::is_native_language`, remembered for the first few languages found native: a note's
    /// code blocks use a few languages over and over.
    pub(super) fn native_language(&mut self, lang: &str) -> bool {
        if self.native.iter().any(|n| n == lang) {
            return true;
        }
        let native = crate::adf::safety::is_native_language(lang);
        if native && self.native.len() < 8 {
            self.native.push(lang.to_owned());
        }
        native
    }

    /// The text of pieces that are one strong run and nothing else (which wiki writes as a panel's title).
    pub(super) fn strong_text(&self) -> Option<&str> {
        match &self.pieces[..] {
            [Piece { text, mark: Mark::Emphasis('*') }] => self.text.get(text.clone()),
            _ => None,
        }
    }

    /// Writes the proven pieces to `out` as the wiki inline writer does in its light tier: `multiline` for
    /// paragraphs, `pipes` for table cells. Marked runs never touch a letter or digit or another marked run, so
    /// every delimiter is the plain one. Their text is of the wiki alphabet ([`Run::event`]): the writer's scan
    /// for what it may escape is known.
    pub(super) fn write(&self, multiline: bool, pipes: bool, out: &mut String) {
        let ctx = Ctx { multiline, pipes, tier: Tier::Light };
        let light = Some(self.paren);
        for (i, p) in self.pieces.iter().enumerate() {
            let next = if i + 1 == self.pieces.len() { Next::End } else { Next::Unknown };
            let text = &self.text[p.text.clone()];
            match &p.mark {
                Mark::None => escape_scanned(text, next, ctx, pipes, out, light),
                Mark::Emphasis(d) => {
                    out.push(*d);
                    escape_scanned(text, next, ctx, pipes, out, light);
                    out.push(*d);
                }
                Mark::Code => {
                    // Proven code holds no `}`; a `\` is escaped.
                    out.push_str("{{");
                    for (i, part) in text.split('\\').enumerate() {
                        if i > 0 {
                            out.push_str("\\\\");
                        }
                        out.push_str(part);
                    }
                    out.push_str("}}");
                }
                Mark::Mention(id) => {
                    out.push_str("[~");
                    out.push_str(id);
                    out.push(']');
                }
                Mark::Link(href) if &**href == text && href.contains("://") => {
                    out.push('[');
                    out.push_str(text);
                    out.push(']');
                }
                Mark::Link(href) => {
                    out.push('[');
                    escape_scanned(text, next, ctx, true, out, light);
                    // A plain href holds no `]` or `|`: `escape_target` would copy it.
                    out.push('|');
                    out.push_str(href);
                    out.push(']');
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`classes`] against the two passes it replaced (a fold of [`CLASS`], then every `:` and `.` looked at), on
    /// every text of up to seven bytes over the bytes that matter to it.
    #[test]
    fn classes_is_the_fold_and_the_stop_search() {
        let alphabet = b"aw:./ 1-";
        let mut text = Vec::new();
        for len in 0..=7u32 {
            for mut n in 0..8usize.pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % 8]);
                    n /= 8;
                }
                let seen = text.iter().fold(0, |s, &c| s | CLASS[usize::from(c)]);
                let stop = (0..text.len()).any(|i| stop_may_start(&text, i, i + 1));
                assert_eq!(classes(&text, false), (seen, seen & STOP != 0 && stop), "{text:?}");
                assert_eq!(classes(&text, true), (seen, true));
            }
        }
    }
}
