//! The inline half of the direct wiki → Markdown writer (`super::to_markdown`): a paragraph's, heading's or list
//! item's wiki text read as [`super::inline`] reads it, for the texts whose ADF would be in the Markdown writer's
//! proven subset (`crate::adf::proven`), and written as `crate::adf::inline` writes that ADF.
//!
//! [`Inline::write`] reads a text and writes it. Its reader accepts only ASCII text of the proven alphabet (letters, digits, space and `.,;:?'"()/-`), with
//! `*strong*`, `_em_`, `-strike-`, `{{code}}`, `[text|http(s) URL]` and `[~mention]` around plain text, and
//! declines (`None`) anything else, for the caller to take the path through ADF. Where it accepts, it finds what
//! the wiki parser finds: the same delimiter rules (an opener not after a letter or digit and before a non-space,
//! the first closer after a non-space and not before a letter or digit, searched in the whole text as the
//! parser's indexes are), the same emoticon test at `(`, and runs merged as `canonicalise` merges text nodes.
//! The runs borrow the source text (merged runs own theirs) and the position indexes keep their allocations from
//! one text to the next. The writer then applies the proven subset's conditions and writes the runs, escaping
//! text with the Markdown writer's own function; a link written bare is decided without
//! `crate::adf::inline::bare_url_ok`'s general test (debug builds compare the two). The proof that both halves agree with the path through ADF is
//! `tests/direct_markdown_proptest.rs`, and debug builds compare every conversion.

use std::borrow::Cow;

pub(super) use crate::adf::proven::in_set;
use crate::adf::proven::set_of;
use crate::adf::safety::{escape_text_into, is_inert_code_span};

/// A run's mark: what its ADF text node's one mark would be.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mark<'a> {
    None,
    Strong,
    Em,
    Strike,
    Code,
    /// A link to this URL (no title).
    Link(&'a str),
    /// A mention: the run's text is the id.
    Mention,
}

/// One ADF inline node of the subset: text with at most one mark, or a mention. The text borrows the source
/// unless runs were merged.
pub(super) struct Run<'a> {
    pub text: Cow<'a, str>,
    pub mark: Mark<'a>,
}

/// The delimiter characters the subset reads, in the wiki parser's `MARKS` order where they are marks.
const DELIMS: [u8; 3] = [b'*', b'_', b'-'];

/// True for the bytes a proven Markdown text may hold.
const fn text_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, b' ' | b'.' | b',' | b';' | b':' | b'?' | b'\'' | b'"' | b'(' | b')' | b'/' | b'-')
}

/// True for the bytes a proven code span may hold (no `` ` ``, `~`, `<`, `%`, `|`, line break; here also no
/// braces or backslash, which the wiki parser reads specially).
const fn code_byte(b: u8) -> bool {
    b == b' ' || (b.is_ascii_graphic() && !matches!(b, b'`' | b'~' | b'<' | b'%' | b'|' | b'{' | b'}' | b'\\'))
}

/// [`text_byte`] and [`code_byte`] as sets.
const TEXT: u128 = set_of!(text_byte);
const CODE: u128 = set_of!(code_byte);

/// The bytes [`Inline::write`] reads at all: text, code, `{{`/`}}`, the link pipe and the mention's `~`.
const READ: u128 = TEXT | CODE | 1 << b'{' | 1 << b'}' | 1 << b'|' | 1 << b'~';

/// The text bytes nothing is read at: [`TEXT`] but `(`, `?` and `-`.
const PLAIN: u128 = TEXT & !(1 << b'(' | 1 << b'?' | 1 << b'-');

/// True if `t` as one strong text node is proven (a panel's title): of the proven alphabet, a letter or digit
/// at both ends.
pub(super) fn proven_strong(t: &str) -> bool {
    let b = t.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter().all(|&c| in_set(c, TEXT))
}

/// [`PLAIN`] but `.` and `:`, which the index pass looks at for [`Inline::hazards`].
const INDEX_PLAIN: u128 = PLAIN & !(1 << b'.' | 1 << b':');

/// The bytes of a word of eight that are not ASCII letters or spaces, as each byte's high bit: zero when all are.
/// Eight bytes at a time, so that the two passes of [`Inline::read`] skip a text's words without a set test per
/// byte (letters and spaces are in [`INDEX_PLAIN`] and [`PLAIN`]).
#[inline(always)]
fn not_word_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Bytes below 0x80 only (the others are flagged by `x & HIGH`): adding keeps each sum below 0x100, so no
    // carry crosses into the next byte.
    let low = x & !HIGH;
    // Lower case of letters (`@`, `[` to `` ` `` and `{` to DEL fall outside `a`..=`z` either way).
    let lower = low | (ONES * 0x20);
    let ge_a = lower + ONES * (0x80 - b'a' as u64);
    let gt_z = lower + ONES * (0x80 - (b'z' as u64 + 1));
    let letter = ge_a & !gt_z;
    // A space: `low ^ 0x20` is zero in that byte alone.
    let z = low ^ (ONES * 0x20);
    let nonzero = (z + ONES * 0x7f) | z;
    let space = !nonzero;
    (x | !(letter | space)) & HIGH
}

/// The first position from `i` on (at most `end`) whose byte is not an ASCII letter or space.
#[inline(always)]
fn skip_words(b: &[u8], mut i: usize, end: usize) -> usize {
    while let Some(word) = b.get(i..end).and_then(|rest| rest.first_chunk::<8>()) {
        let flags = not_word_bytes(u64::from_le_bytes(*word));
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    // Fewer than eight bytes left (so `at < i`): the eight ending at `end`, the flags of those before `i` cleared.
    if i < end
        && let Some(at) = end.checked_sub(8)
        && let Some(word) = b.get(at..end).and_then(|w| w.first_chunk::<8>())
    {
        let flags = not_word_bytes(u64::from_le_bytes(*word)) & (!0u64 << (8 * (i - at)));
        return if flags == 0 { end } else { at + (flags.trailing_zeros() / 8) as usize };
    }
    while i < end && b.get(i).is_some_and(|&c| c == b' ' || c.is_ascii_alphabetic()) {
        i += 1;
    }
    i
}

/// The reader's position indexes and runs, kept from one text to the next (their allocations are reused).
#[derive(Default)]
pub(super) struct Inline<'a> {
    s: &'a str,
    /// Candidate closers of `*`, `_`, `-` (the wiki parser's `Index::plain`).
    plain: [Vec<usize>; 3],
    rbracket: Vec<usize>,
    pipe: Vec<usize>,
    /// `}` followed by `}`.
    mono_end: Vec<usize>,
    runs: Vec<Run<'a>>,
    /// Positions of every `:` and of every `.` after `www`: a run of the proven alphabet without them is left
    /// as it is by the Markdown writer's escaping, but at a line start or end (see [`text_into`]).
    hazards: Vec<usize>,
}

/// The first position in `list` that is `>= from` and `< before`.
fn first_in(list: &[usize], from: usize, before: usize) -> Option<usize> {
    let i = list.partition_point(|&p| p < from);
    list.get(i).copied().filter(|&p| p < before)
}

/// `char::is_whitespace` of an ASCII byte.
fn space(b: u8) -> bool {
    char::from(b).is_whitespace()
}

impl<'a> Inline<'a> {
    /// Writes `text` (as `parse_inline` receives it) as the ADF → Markdown writer writes its ADF, or `None`
    /// (`out` unchanged) outside the subset.
    pub(super) fn write(&mut self, text: &'a str, out: &mut String) -> Option<()> {
        self.read(text)?;
        write(&self.runs, Clean { s: self.s, hazards: &self.hazards }, out)
    }

    /// True if the last text written is one strong run (which a panel's writer takes for its title).
    pub(super) fn one_strong(&self) -> bool {
        matches!(self.runs.as_slice(), [Run { mark: Mark::Strong, .. }])
    }

    /// Reads `text` into [`Self::runs`], or `None` outside the subset.
    fn read(&mut self, text: &'a str) -> Option<()> {
        let b = text.as_bytes();
        if b.is_empty() {
            return None;
        }
        self.s = text;
        self.plain.iter_mut().for_each(Vec::clear);
        self.rbracket.clear();
        self.pipe.clear();
        self.mono_end.clear();
        self.runs.clear();
        self.hazards.clear();
        let mut next = 0;
        while next < b.len() {
            let j = skip_words(b, next, b.len());
            let Some(&c) = b.get(j) else { break };
            next = j + 1;
            if in_set(c, INDEX_PLAIN) {
                continue;
            }
            if !in_set(c, READ) {
                return None;
            }
            let m = match c {
                b'*' => 0,
                b'_' => 1,
                b'-' => 2,
                b']' => {
                    self.rbracket.push(j);
                    continue;
                }
                b'|' => {
                    self.pipe.push(j);
                    continue;
                }
                b'}' => {
                    if b.get(j + 1) == Some(&b'}') {
                        self.mono_end.push(j);
                    }
                    continue;
                }
                b':' => {
                    self.hazards.push(j);
                    continue;
                }
                b'.' => {
                    if j >= 3 && b[j - 3..j].eq_ignore_ascii_case(b"www") {
                        self.hazards.push(j);
                    }
                    continue;
                }
                _ => continue,
            };
            if j > 0 && !space(b[j - 1]) && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
                self.plain[m].push(j);
            }
        }
        self.range(0, b.len(), Mark::None)
    }

    /// Appends `s[start..end]` with `mark`, merged into the last run when that has the same mark (as
    /// `canonicalise` merges). The text is ASCII, so every position is a character boundary.
    fn push(&mut self, start: usize, end: usize, mark: Mark<'a>) {
        let Some(text) = self.s.get(start..end).filter(|t| !t.is_empty()) else { return };
        match self.runs.last_mut() {
            Some(last) if !matches!(mark, Mark::Mention) && last.mark == mark => last.text.to_mut().push_str(text),
            _ => self.runs.push(Run { text: Cow::Borrowed(text), mark }),
        }
    }

    /// `Parser::range` of `b[start..end]` under `mark` (at most one: inside a mark every construct declines).
    fn range(&mut self, start: usize, end: usize, mark: Mark<'a>) -> Option<()> {
        let s = self.s;
        let b = s.as_bytes();
        let mut lit = start;
        let mut i = start;
        let nested = !matches!(mark, Mark::None);
        while i < end {
            // Plain text bytes: words eight bytes at a time, the rest a byte set test at a time.
            i = skip_words(b, i, end);
            if i >= end {
                break;
            }
            if in_set(b[i], PLAIN) {
                i += 1;
                continue;
            }
            let c = b[i];
            let handled = match c {
                b'{' => {
                    // `{{code}}` is the only brace the subset has; `{x}` forms and macros decline.
                    if nested || b.get(i + 1) != Some(&b'{') || i + 1 >= end {
                        return None;
                    }
                    let close = first_in(&self.mono_end, i + 3, end.saturating_sub(1))?;
                    if !b[i + 2..close].iter().all(|&x| in_set(x, CODE)) {
                        return None;
                    }
                    self.push(lit, i, mark);
                    self.push(i + 2, close, Mark::Code);
                    Some(close + 2)
                }
                b'[' => {
                    if nested {
                        return None;
                    }
                    let k = first_in(&self.rbracket, i + 1, end)?;
                    if k == i + 1 {
                        return None;
                    }
                    if b[i + 1] == b'~' {
                        let id = &b[i + 2..k];
                        if id.is_empty() || !id.iter().all(|&x| x.is_ascii_alphanumeric() || x == b'-') {
                            return None;
                        }
                        self.push(lit, i, mark);
                        self.runs.push(Run { text: Cow::Borrowed(s.get(i + 2..k)?), mark: Mark::Mention });
                        Some(k + 1)
                    } else {
                        // `[text|URL]`, `[|URL]` or `[URL]`: at most one pipe (no title).
                        let p = first_in(&self.pipe, i + 1, k);
                        let target = p.map_or(i + 1, |p| p + 1);
                        if first_in(&self.pipe, target, k).is_some() {
                            return None;
                        }
                        let href = s.get(target..k)?;
                        if href.trim() != href || !proven_href(href) {
                            return None;
                        }
                        self.push(lit, i, mark);
                        let link = Mark::Link(href);
                        let before = self.runs.len();
                        match p {
                            // The link's text, read as inline text under the link mark.
                            Some(p) if p > i + 1 => self.range(i + 1, p, link)?,
                            // No text: the URL is the text.
                            _ => self.push(target, k, link),
                        }
                        // The link's text is one run of its own (a merge with a run before it would change it).
                        if self.runs.len() != before + 1 {
                            return None;
                        }
                        Some(k + 1)
                    }
                }
                b'(' => {
                    // `emoticon_at` of the text here, on its bytes (the text is ASCII): no window, no node built.
                    let rest = &b[i..end];
                    if rest.get(1).is_some_and(|&c| in_set(c, super::vocab::EMOTICON_SECOND))
                        && super::vocab::EMOTICONS.iter().any(|(code, ..)| rest.starts_with(code.as_bytes()))
                    {
                        return None;
                    }
                    None
                }
                b'?' if b.get(i + 1) == Some(&b'?') => return None,
                b'*' | b'_' | b'-' => {
                    let m = DELIMS.iter().position(|&d| d == c).unwrap_or(0);
                    let opener = (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && i + 1 < end && !space(b[i + 1]);
                    match opener.then(|| first_in(&self.plain[m], i + 2, end)).flatten() {
                        Some(j) => {
                            if nested {
                                return None;
                            }
                            self.push(lit, i, mark);
                            self.range(i + 1, j, [Mark::Strong, Mark::Em, Mark::Strike][m])?;
                            Some(j + 1)
                        }
                        None if c == b'-' => None,
                        // A literal `*` or `_` is outside the proven alphabet.
                        None => return None,
                    }
                }
                _ if in_set(c, TEXT) => None,
                _ => return None,
            };
            if let Some(next) = handled {
                lit = next;
                i = next;
            } else {
                i += 1;
            }
        }
        self.push(lit, end, mark);
        Some(())
    }
}

/// `crate::adf::inline::bare_url_ok(text, href)` for a [`proven_href`]: its text equal to the URL, or the URL
/// `http://` and the text, starting with `www.` and longer than it; in both cases not ending with `.` (the other
/// conditions hold for every proven URL). Debug builds compare the two.
fn bare(text: &str, href: &str) -> bool {
    let www = text.len() > 4 && text.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
    let ok = (text == href || (www && href.strip_prefix("http://") == Some(text))) && !text.ends_with('.');
    debug_assert_eq!(ok, crate::adf::inline::bare_url_ok(text, href), "{text} {href}");
    ok
}

/// A link target the proven subset keeps: `http(s)://` and then letters, digits, `.`, `/`, `-`, starting with a
/// letter or digit.
fn proven_href(href: &str) -> bool {
    href.strip_prefix("https://").or_else(|| href.strip_prefix("http://")).is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphanumeric())
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-'))
    })
}

/// True if the runs are in the Markdown writer's proven inline subset (`crate::adf::proven`'s `inline`, on the
/// runs' ADF): no text starting or ending the content with a space, emphasis around letters or digits, code and
/// link text not padded with spaces, every marked run between plain text (a space before it, a space or
/// `.,;:` after it). Texts are of the proven alphabet: the reader makes no others.
fn proven(runs: &[Run<'_>]) -> bool {
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else { return false };
    // A mention is shown as `@id`: it neither starts nor ends with a space.
    if (!matches!(first.mark, Mark::Mention) && first.text.as_bytes().first() == Some(&b' '))
        || (!matches!(last.mark, Mark::Mention) && last.text.as_bytes().last() == Some(&b' '))
    {
        return false;
    }
    let edge = |t: &str, alnum: bool| {
        let ok = |c: Option<&u8>| c.is_some_and(|&c| if alnum { c.is_ascii_alphanumeric() } else { c != b' ' });
        ok(t.as_bytes().first()) && ok(t.as_bytes().last())
    };
    runs.iter().enumerate().all(|(i, r)| {
        // The proven alphabets hold by construction: the reader makes code spans of `CODE` bytes and every other
        // run of `TEXT` bytes.
        debug_assert!(match r.mark {
            Mark::Code => r.text.bytes().all(|b| in_set(b, CODE)),
            Mark::Mention => true,
            _ => r.text.bytes().all(|b| in_set(b, TEXT)),
        });
        let own = match r.mark {
            Mark::None | Mark::Mention => true,
            Mark::Strong | Mark::Em | Mark::Strike => edge(&r.text, true),
            Mark::Code | Mark::Link(_) => edge(&r.text, false),
        };
        let marked = !matches!(r.mark, Mark::None);
        let before_ok = i == 0
            || runs.get(i - 1).is_some_and(|p| matches!(p.mark, Mark::None) && p.text.as_bytes().last() == Some(&b' '));
        let after_ok = runs.get(i + 1).is_none_or(|n| {
            matches!(n.mark, Mark::None)
                && n.text.as_bytes().first().is_some_and(|c| matches!(c, b' ' | b'.' | b',' | b';' | b':'))
        });
        own && (!marked || (before_ok && after_ok))
    })
}

/// Writes proven runs as `crate::adf::inline::render` writes their ADF, or `None` if they are not proven (or
/// would take one of the writer's other forms: a bare autolink, a code span in the reversible form).
fn write(runs: &[Run<'_>], clean: Clean<'_>, out: &mut String) -> Option<()> {
    if !proven(runs) {
        return None;
    }
    let start = out.len();
    for (idx, r) in runs.iter().enumerate() {
        let at_end = idx + 1 == runs.len();
        match r.mark {
            Mark::None => text_into(out, r, idx == 0, at_end, clean),
            Mark::Strong | Mark::Em | Mark::Strike => {
                let delim = match r.mark {
                    Mark::Strong => "**",
                    Mark::Em => "*",
                    _ => "~~",
                };
                out.push_str(delim);
                text_into(out, r, false, at_end, clean);
                out.push_str(delim);
            }
            Mark::Code => {
                if !inert_code(&r.text) {
                    out.truncate(start);
                    return None;
                }
                out.push('`');
                out.push_str(&r.text);
                out.push('`');
            }
            Mark::Link(href) if bare(&r.text, href) => {
                // As the writer writes a link whose text is its URL: bare (a GFM autolink) where the autolink
                // would end where the link does, else as a link.
                let prev_ok = out[start..].chars().last().is_none_or(|c| c.is_whitespace() || c == '(');
                let next_ok = runs.get(idx + 1).is_none_or(|n| {
                    let word = &n.text[..n.text.find(char::is_whitespace).unwrap_or(n.text.len())];
                    n.mark == Mark::None
                        && word.chars().all(|c| "?!.,:*_~'\";".contains(c))
                        && (word.len() < n.text.len() || idx + 2 >= runs.len())
                });
                if prev_ok && next_ok {
                    out.push_str(&r.text);
                } else {
                    out.push('[');
                    out.push_str(&crate::adf::safety::escape_text(&r.text, false, false));
                    out.push_str("](");
                    out.push_str(href);
                    out.push(')');
                }
            }
            Mark::Link(href) => {
                out.push('[');
                text_into(out, r, false, at_end, clean);
                out.push_str("](");
                out.push_str(href);
                out.push(')');
            }
            Mark::Mention => {
                // The reader's ids are letters, digits and `-`: escaping `@id` and percent-encoding `id` leave
                // them as they are (debug builds compare).
                debug_assert!({
                    let at = format!("@{}", r.text);
                    crate::adf::safety::escape_text(&at, false, true) == at
                });
                debug_assert_eq!(crate::adf::json::pct_encode(&r.text), r.text);
                out.push_str("[@");
                out.push_str(&r.text);
                out.push_str("](jira-mention:");
                out.push_str(&r.text);
                out.push(')');
            }
        }
    }
    Some(())
}

/// `is_inert_code_span` of a code run the reader made (of [`CODE`] bytes: no `<`, no line break, no white
/// space but the space): it does not start, after spaces, with `=`, `$=` or a Meta Bind opener. Debug builds
/// compare.
fn inert_code(code: &str) -> bool {
    let b = code.as_bytes();
    let t = &b[b.iter().take_while(|&&c| c == b' ').count()..];
    let ok = !(t.starts_with(b"=")
        || t.starts_with(b"$=")
        || [&b"INPUT["[..], b"VIEW[", b"BUTTON[", b"BIND["].iter().any(|p| t.starts_with(p)));
    debug_assert_eq!(ok, is_inert_code_span(code), "{code}");
    ok
}

/// The source text and its [`Inline::hazards`].
#[derive(Clone, Copy)]
struct Clean<'s> {
    s: &'s str,
    hazards: &'s [usize],
}

/// `escape_text_into` of a run's text, copied as it is when the run borrows the source at a place without
/// hazards (`:`, `www.`), is not at a line start unless it starts with a letter, and does not end a line with a
/// space: what that function's own "nothing to escape" test admits for the proven alphabet (debug builds
/// compare).
fn text_into(out: &mut String, run: &Run<'_>, line_start: bool, at_end: bool, clean: Clean<'_>) {
    let text: &str = &run.text;
    let b = text.as_bytes();
    let unhazarded = || {
        let Cow::Borrowed(t) = run.text else { return false };
        let start = (t.as_ptr() as usize).wrapping_sub(clean.s.as_ptr() as usize);
        start.checked_add(t.len()).is_some_and(|end| end <= clean.s.len())
            && first_in(clean.hazards, start, start + t.len()).is_none()
    };
    if (!line_start || b.first().is_some_and(u8::is_ascii_alphabetic))
        && !(at_end && b.last() == Some(&b' '))
        && unhazarded()
    {
        debug_assert_eq!(crate::adf::safety::escape_text(text, line_start, at_end), text);
        out.push_str(text);
    } else {
        escape_text_into(out, text, line_start, at_end);
    }
}

#[cfg(test)]
mod tests {
    use super::{not_word_bytes, skip_words};

    /// Every byte value at every place of a word of letters and spaces is flagged exactly when it is not an
    /// ASCII letter or space, and `skip_words` stops at it.
    #[test]
    fn word_skip_flags_exactly_the_other_bytes() {
        for fill in [*b"abcdefgh", *b"Z z Z z ", *b"        ", *b"AzaZyYbB"] {
            for at in 0..8 {
                for c in 0..=255u8 {
                    let mut w = fill;
                    w[at] = c;
                    let word = c == b' ' || c.is_ascii_alphabetic();
                    let flags = not_word_bytes(u64::from_le_bytes(w));
                    assert_eq!(flags, if word { 0 } else { 0x80 << (8 * at) }, "{c:#x} at {at}");
                    let text = [&fill[..], &w[..], &fill[..at]].concat();
                    let stop = if word { text.len() } else { 8 + at };
                    assert_eq!(skip_words(&text, 0, text.len()), stop, "{c:#x} at {at}");
                    assert_eq!(skip_words(&text, 3, 8 + at), 8 + at);
                    // From every place, and with fewer than eight bytes left (the last eight read again).
                    for from in 0..=text.len() {
                        let want = if word || from > 8 + at { text.len() } else { 8 + at };
                        assert_eq!(skip_words(&text, from, text.len()), want, "{c:#x} at {at} from {from}");
                    }
                }
            }
        }
    }
}
