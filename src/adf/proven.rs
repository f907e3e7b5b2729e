//! The *proven subset* of ADF: blocks whose natural form is known to read back exactly, so the writers skip the
//! run-time read-back for them.
//!
//! Both writers ([`super::write`] for Markdown, `crate::wiki` for wiki markup) guarantee losslessness by parsing
//! each block they write back and comparing. That check costs as much as parsing the output again, and almost
//! every block of a real document is plain: paragraphs, headings and list items of ordinary words, with
//! strong/em/strike/code/link marks on whole words (and, in Markdown, mentions), code blocks, rules, simple tables
//! and (Markdown) panels of paragraphs. For those, the proof moved from run time to tests:
//!
//! - the subset is defined here, conservatively, per construct ([`block`], with an [`Alphabet`] per target
//!   dialect: the characters text may hold without any escaping question);
//! - in builds with debug assertions (every `cargo test`, the fuzzers) the writers still read every proven
//!   block back and panic if it does not come back, so every law and property test that writes a proven block
//!   checks the claim: `tests/proven_proptest.rs` generates documents of each proven construct with text drawn
//!   from each alphabet and the characters around it, and the other law/property tests and fixtures do too;
//! - release builds (the plugin's wasm, the command line) trust the subset and write proven blocks without
//!   reading them back. Everything outside the subset is still checked at run time.
//!
//! Shapes outside the subset are never an error: they just take the checked path.

use serde_json::Value;

use crate::adf::json::Field;
use crate::adf::node::Node;

/// The characters proven text may hold in one target dialect, and the constructs that dialect proves.
pub(crate) struct Alphabet {
    /// The characters that text (and code spans, link text) may hold: a bit per ASCII character (every alphabet is
    /// ASCII), so text is checked a byte at a time.
    pub text: u128,
    /// Characters text may also hold, but only between two ASCII letters or digits of the same text node
    /// (`PROJ-123`): there they can neither open nor close a mark.
    pub in_word: &'static [char],
    /// The characters a code block may hold, as `text`.
    pub code: u128,
    /// The alphabet scan of a text node also makes the Markdown escaper's test of its characters and notes a plain
    /// text on the node ([`Node::note_plain_text`]), so the Markdown writer scans each text once.
    pub note_plain: bool,
    /// Task lists and block quotes of paragraphs are proven (both dialects).
    pub tasks_and_quotes: bool,
    /// The most paragraphs a proven block quote holds (wiki: one, `bq.`; Markdown: any number).
    pub quote_paragraphs: usize,
    /// Ordered lists may carry an `order` (Markdown: `3.`, at the top; nested lists start at 1), or must have
    /// none (wiki, which has no start number).
    pub list_order: bool,
    /// Mentions (`[@Name](jira-mention:id)`, wiki `[~id]`) in text and panels of paragraphs (`> [!info] Title`,
    /// wiki `{info:title=Title}`) are proven (both dialects).
    pub mentions_and_panels: bool,
    /// The panel types a proven panel may have.
    pub panel_types: &'static [&'static str],
    /// A panel whose first paragraph is one strong text node (wiki: its `title=`) must hold another paragraph
    /// (wiki reads a titled panel's empty body back as an empty paragraph).
    pub panel_title_needs_body: bool,
}

/// Nested lists deeper than this are not proven (they take the checked path).
const MAX_PROVEN_DEPTH: usize = 6;

/// True if every byte of `s` is an ASCII character in `set` (a bit per character, see [`Alphabet`]).
pub(super) fn all_in(s: &str, set: u128) -> bool {
    // Every alphabet holds the letters, digits and space: eight of those at a time, other words a byte at a time.
    let wordy_set = set & WORDY == WORDY;
    let mut words = s.as_bytes().chunks_exact(8);
    words.by_ref().all(|w| {
        (wordy_set && <[u8; 8]>::try_from(w).is_ok_and(|w| crate::adf::safety::all_wordy(u64::from_le_bytes(w))))
            || w.iter().all(|&b| in_set(b, set))
    }) && words.remainder().iter().all(|&b| in_set(b, set))
}

/// [`all_in`] (for a `set` holding [`WORDY`]), and whether the Markdown escaper finds the characters plain: every
/// character of its alphabet is, but `.` and `:`, which are as its rules say (`safety::plain_dot_or_colon`).
pub(super) fn all_in_plain(s: &str, set: u128) -> (bool, bool) {
    let bytes = s.as_bytes();
    let mut plain = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .is_some_and(|w| crate::adf::safety::all_wordy(u64::from_le_bytes(w)))
        {
            i += 8;
            continue;
        }
        if !in_set(b, set) {
            return (false, false);
        }
        if b == b'.' || b == b':' {
            plain = plain && crate::adf::safety::plain_dot_or_colon(bytes, i);
        }
        i += 1;
    }
    (true, plain)
}

/// ASCII letters, digits and space, as a set.
const WORDY: u128 = {
    let mut set = 0u128;
    let mut b = 0u8;
    while b < 128 {
        if b.is_ascii_alphanumeric() || b == b' ' {
            set |= 1 << b;
        }
        b += 1;
    }
    set
};

/// True if `b` is an ASCII byte in `set` (a bit per character); also the direct wiki → Markdown reader's test.
pub(crate) fn in_set(b: u8, set: u128) -> bool {
    // Shifts by a constant 64 and then within a `u64`: a variable `u128` shift is a library call.
    let half = if b < 64 { set as u64 } else { (set >> 64) as u64 };
    b < 128 && half >> (b & 63) & 1 == 1
}

/// The set of ASCII characters for which the `const fn(u8) -> bool` holds, as a constant.
macro_rules! set_of {
    ($f:ident) => {{
        let mut set = 0u128;
        let mut b = 0u8;
        while b < 128 {
            if $f(b) {
                set |= 1 << b;
            }
            b += 1;
        }
        set
    }};
}

/// Also the direct wiki → Markdown reader's byte sets (`wiki::md_inline`).
pub(crate) use set_of;

/// True if `node` is a block of the proven subset for `alphabet`: its natural form reads back exactly.
pub(crate) fn block(node: &Node<'_>, alphabet: &Alphabet) -> bool {
    block_at(node, alphabet, 0)
}

/// No marks and no key beyond `type`, `text`, `attrs`, `marks` and `content`: the natural form loses nothing of
/// the node but what its `attrs` hold (each caller checks those).
fn bare(node: &Node<'_>) -> bool {
    node.no_marks() && !node.other
}

fn block_at(node: &Node<'_>, alphabet: &Alphabet, depth: usize) -> bool {
    if depth > MAX_PROVEN_DEPTH || !bare(node) {
        return false;
    }
    let content = || node.children();
    match node.ty() {
        "paragraph" => node.attrs_within(&["localId"]) && inline(content(), alphabet),
        "heading" => {
            node.attrs_within(&["level", "localId"])
                && node.attr("level").and_then(Value::as_u64).is_some_and(|l| (1..=6).contains(&l))
                && inline(content(), alphabet)
        }
        "rule" => node.attrs_within(&["localId"]),
        "codeBlock" => code_block(node, alphabet),
        "bulletList" => node.attrs_within(&["localId"]) && list_items(content(), alphabet, depth),
        "orderedList" => {
            let order_ok = match node.attr("order") {
                None => true,
                Some(o) if alphabet.list_order => o.as_u64().is_some_and(|n| n <= 999_999),
                Some(_) => false,
            };
            order_ok && node.attrs_within(&["order", "localId"]) && list_items(content(), alphabet, depth)
        }
        "taskList" if alphabet.tasks_and_quotes => {
            node.attrs_within(&["localId"])
                && !content().is_empty()
                && content().iter().all(|item| {
                    item.ty() == "taskItem"
                        && bare(item)
                        && item.attrs_within(&["localId", "state"])
                        && matches!(item.attr_str("state"), Some("TODO" | "DONE"))
                        && inline(item.children(), alphabet)
                })
        }
        "blockquote" if alphabet.tasks_and_quotes => {
            node.attrs_within(&["localId"])
                && !content().is_empty()
                && content().len() <= alphabet.quote_paragraphs
                && content().iter().all(|p| p.ty() == "paragraph" && block_at(p, alphabet, depth + 1))
        }
        "panel" if alphabet.mentions_and_panels => {
            // `> [!info] Title` (a first paragraph of one strong text node becomes the title) and paragraphs.
            node.attrs_within(&["panelType", "localId"])
                && node.attr_str("panelType").is_some_and(|t| alphabet.panel_types.contains(&t))
                && !content().is_empty()
                && (!alphabet.panel_title_needs_body || content().len() > 1 || !strong_only(&content()[0]))
                && content().iter().all(|p| p.ty() == "paragraph" && block_at(p, alphabet, depth + 1))
        }
        "table" => table(node, alphabet),
        _ => false,
    }
}

/// True if `paragraph` holds one text node marked strong and nothing else (a wiki panel's title).
fn strong_only(paragraph: &Node<'_>) -> bool {
    let [t] = paragraph.children() else { return false };
    t.ty() == "text" && matches!(t.mark_list(), [m] if m.field("type").and_then(Value::as_str) == Some("strong"))
}

/// List items of one paragraph, optionally followed by one nested list of the subset.
fn list_items(items: &[Node<'_>], alphabet: &Alphabet, depth: usize) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            let [first, rest @ ..] = item.children() else { return false };
            item.ty() == "listItem"
                && bare(item)
                && item.attrs_within(&["localId"])
                && first.ty() == "paragraph"
                && block_at(first, alphabet, depth + 1)
                // At most one nested list: two in a row of the same kind would read back as one.
                && rest.len() <= 1
                && rest.iter().all(|sub| {
                    // Only a list starting at 1 may interrupt the item's paragraph (CommonMark).
                    let starts_at_one = sub.attr("order").is_none_or(|o| o.as_u64() == Some(1));
                    (sub.ty() == "bulletList" || (sub.ty() == "orderedList" && starts_at_one))
                        && block_at(sub, alphabet, depth + 1)
                })
        })
}

/// A code block of plain text in a plain language (or none).
fn code_block(node: &Node<'_>, alphabet: &Alphabet) -> bool {
    let language_ok = match node.attr("language") {
        None => true,
        Some(l) => l.as_str().is_some_and(|l| {
            !l.is_empty()
                && l.len() <= 16
                && l.chars().all(|c| c.is_ascii_lowercase())
                && crate::adf::safety::is_native_language(l)
                && l != "noformat"
                && l != "adf"
        }),
    };
    language_ok
        && node.attrs_within(&["language", "localId"])
        && !node.children().is_empty()
        && node.children().iter().all(|t| {
            t.ty() == "text"
                && bare(t)
                && t.attrs_within(&[])
                && t.text().is_some_and(|s| !s.is_empty() && !s.ends_with('\n') && all_in(s, alphabet.code))
        })
}

/// A table whose rows are all header cells or all data cells, each cell one proven paragraph, at least one
/// character per cell, every row as wide as the first.
fn table(node: &Node<'_>, alphabet: &Alphabet) -> bool {
    let rows = node.children();
    let Some(first) = rows.first() else { return false };
    let width = first.children().len();
    let table_attrs_ok = node.attrs().and_then(Value::as_object).is_none_or(|a| {
        a.iter().all(|(k, v)| {
            k == "localId"
                || (k == "isNumberColumnEnabled" && v == &Value::Bool(false))
                || (k == "layout" && v == "default")
        })
    });
    table_attrs_ok
        && width > 0
        && rows.iter().enumerate().all(|(r, row)| {
            let cells = row.children();
            let header = r == 0;
            row.ty() == "tableRow"
                && bare(row)
                && row.attrs_within(&["localId"])
                && cells.len() == width
                && cells.iter().all(|cell| {
                    let [p] = cell.children() else { return false };
                    cell.ty() == if header { "tableHeader" } else { "tableCell" }
                        && bare(cell)
                        && cell.attrs_within(&["localId"])
                        && p.ty() == "paragraph"
                        && p.attrs_within(&["localId"])
                        && bare(p)
                        && inline(p.children(), alphabet)
                })
        })
}

/// The one mark a proven text node may carry.
#[derive(Clone, Copy)]
enum Mark {
    None,
    /// strong, em or strike: the text starts and ends with an ASCII letter or digit.
    Emphasis,
    /// code: the text starts and ends with something other than a space.
    Code,
    /// link to a plain `http(s)` URL.
    Link,
    /// Not a mark: a mention node (`[@Name](jira-mention:id)`), delimited like a marked node.
    Mention,
}

fn mark_of(node: &Node<'_>) -> Option<Mark> {
    let marks = match node.marks() {
        None => return Some(Mark::None),
        Some(m) => m.as_array()?,
    };
    match marks.as_slice() {
        [] => Some(Mark::None),
        [m] => {
            let bare = m.field("attrs").is_none();
            match m.field("type").and_then(Value::as_str).unwrap_or("") {
                "strong" | "em" | "strike" if bare => Some(Mark::Emphasis),
                "code" if bare => Some(Mark::Code),
                "link" if attrs_within(m.field("attrs"), &["href"]) => {
                    let href = m.field("attrs").and_then(|a| a.field("href")).and_then(Value::as_str)?;
                    let rest = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://"))?;
                    (!rest.is_empty()
                        && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-'))
                        && rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
                    .then_some(Mark::Link)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// An inline node of the proven subset as [`inline`] checks it: its text (a mention's display text) and its mark.
fn inline_text<'n>(n: &'n Node<'_>, alphabet: &Alphabet) -> Option<(&'n str, Mark)> {
    if n.ty() == "mention" && alphabet.mentions_and_panels {
        return mention(n).map(|text| (text, Mark::Mention));
    }
    if n.ty() != "text" || !n.attrs_within(&[]) || n.other {
        return None;
    }
    let text = n.text().filter(|t| !t.is_empty())?;
    let mark = mark_of(n)?;
    // Code spans hold code characters on one line, never a pipe (table cells would need it escaped).
    let allowed = match mark {
        Mark::Code => alphabet.code & !(1 << b'\n' | 1 << b'|'),
        _ => alphabet.text,
    };
    // Every alphabet is ASCII, so a byte outside it (any byte of a non-ASCII character) fails the text.
    let bytes = text.as_bytes();
    let in_word = |k: usize| {
        let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        alphabet.in_word.contains(&char::from(bytes[k]))
            && alnum(bytes.get(k.wrapping_sub(1)))
            && alnum(bytes.get(k + 1))
    };
    let code = matches!(mark, Mark::Code);
    if alphabet.note_plain && !code && alphabet.in_word.is_empty() {
        let (ok, plain) = all_in_plain(text, allowed);
        if plain {
            n.note_plain_text();
        }
        return ok.then_some((text, mark));
    }
    let ok = all_in(text, allowed)
        || (0..bytes.len()).all(|k| in_set(bytes[k], allowed) || (!code && bytes[k] < 128 && in_word(k)));
    ok.then_some((text, mark))
}

/// Inline content of text nodes (and, where the alphabet allows, plain mentions) only: at least one, each of
/// `alphabet`'s characters (code spans: its code characters but newline and `|`), no space at either end; a marked
/// node's text is delimited by letters or digits (emphasis) or non-spaces (code, link text), and it (like a
/// mention) touches no other marked node or mention and no letter or digit of its neighbours, so no delimiter can
/// pair with anything but its partner.
fn inline(nodes: &[Node<'_>], alphabet: &Alphabet) -> bool {
    // Up to eight nodes (nearly every paragraph) are checked in an array on the stack, more in a vector.
    let mut small = [("", Mark::None); 8];
    let large: Vec<(&str, Mark)>;
    let texts: &[(&str, Mark)] = if nodes.len() <= small.len() {
        for (slot, n) in small.iter_mut().zip(nodes) {
            let Some(text) = inline_text(n, alphabet) else { return false };
            *slot = text;
        }
        &small[..nodes.len()]
    } else {
        let Some(texts) = nodes.iter().map(|n| inline_text(n, alphabet)).collect() else { return false };
        large = texts;
        &large
    };
    // No space at either end: Markdown and wiki trim it (or would read `1. ` as an empty list item).
    let (Some((first, _)), Some((last, _))) = (texts.first(), texts.last()) else { return false };
    if first.starts_with(' ') || last.ends_with(' ') {
        return false;
    }
    let edge = |t: &str, alnum: bool| {
        let ok = |c: Option<char>| c.is_some_and(|c| if alnum { c.is_ascii_alphanumeric() } else { c != ' ' });
        ok(t.chars().next()) && ok(t.chars().last())
    };
    texts.iter().enumerate().all(|(i, (text, mark))| {
        let marked = !matches!(mark, Mark::None);
        let own = match mark {
            Mark::None => true,
            Mark::Emphasis => edge(text, true),
            Mark::Code | Mark::Link => edge(text, false),
            Mark::Mention => true,
        };
        // A marked node's neighbours are unmarked and meet it at a space (before) or a space or `.,;:` (after).
        let before_ok =
            i == 0 || texts.get(i - 1).is_some_and(|(prev, m)| matches!(m, Mark::None) && prev.ends_with(' '));
        let after_ok = texts
            .get(i + 1)
            .is_none_or(|(next, m)| matches!(m, Mark::None) && next.starts_with([' ', '.', ',', ';', ':']));
        own && (!marked || (before_ok && after_ok))
    })
}

/// The display text of a plain mention: no marks, an `id` of ASCII letters, digits, `-` and `:`, and a `text` of
/// `@` and a name of letters, digits, `.`, `'`, `-` and single inner spaces (Jira's `@Display Name`).
fn mention<'a>(node: &'a Node<'_>) -> Option<&'a str> {
    if !bare(node) || !node.attrs_within(&["id", "text"]) {
        return None;
    }
    let id = node.attr_str("id")?;
    let text = node.attr_str("text")?;
    let name = text.strip_prefix('@')?;
    let id_ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':'));
    let name_ok = !name.is_empty()
        && !name.starts_with(' ')
        && !name.ends_with(' ')
        && !name.contains("  ")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-'));
    (id_ok && name_ok).then_some(text)
}

/// `attrs` absent, or an object of keys from `allowed` only (as [`Node::attrs_within`], for a mark).
fn attrs_within(attrs: Option<&Value>, allowed: &[&str]) -> bool {
    attrs.is_none_or(|a| a.as_object().is_some_and(|a| a.keys().all(|k| allowed.contains(&k.as_str()))))
}

/// Characters Markdown text is proven for: letters, digits, space and unambiguous punctuation.
const fn markdown_text(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, b' ' | b'.' | b',' | b';' | b':' | b'?' | b'\'' | b'"' | b'(' | b')' | b'/' | b'-')
}

/// Characters a Markdown code block is proven for: printable ASCII except backticks and tildes, and newlines.
const fn markdown_code(c: u8) -> bool {
    (c.is_ascii_graphic() && !matches!(c, b'`' | b'~' | b'<' | b'%')) || c == b' ' || c == b'\n'
}

/// Characters wiki text is proven for: letters, digits, space and punctuation wiki gives no meaning to.
const fn wiki_text(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b' ' | b'.' | b',' | b';' | b':' | b'\'' | b'"' | b'(' | b')' | b'/')
}

/// Characters a wiki code block is proven for: printable ASCII except braces, and newlines.
const fn wiki_code(c: u8) -> bool {
    (c.is_ascii_graphic() && !matches!(c, b'{' | b'}')) || c == b' ' || c == b'\n'
}

/// The Markdown writer's subset ([`super::write`]).
pub(crate) const MARKDOWN: Alphabet = Alphabet {
    text: set_of!(markdown_text),
    in_word: &[],
    code: set_of!(markdown_code),
    note_plain: true,
    tasks_and_quotes: true,
    quote_paragraphs: usize::MAX,
    list_order: true,
    mentions_and_panels: true,
    panel_types: super::write::PANEL_TYPES,
    panel_title_needs_body: false,
};

/// The wiki writer's subset (`crate::wiki`).
pub(crate) const WIKI: Alphabet = Alphabet {
    text: set_of!(wiki_text),
    in_word: &['-'],
    code: set_of!(wiki_code),
    note_plain: false,
    tasks_and_quotes: true,
    quote_paragraphs: 1,
    list_order: false,
    mentions_and_panels: true,
    panel_types: &["info", "note", "warning", "tip"],
    panel_title_needs_body: true,
};

#[cfg(test)]
mod tests;
