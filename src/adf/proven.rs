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

/// The characters proven text may hold in one target dialect, and the constructs that dialect proves.
pub(crate) struct Alphabet {
    /// True for a character that text (and code spans, link text) may hold.
    pub text: fn(char) -> bool,
    /// Characters text may also hold, but only between two ASCII letters or digits of the same text node
    /// (`PROJ-123`): there they can neither open nor close a mark.
    pub in_word: &'static [char],
    /// True for a character a code block may hold.
    pub code: fn(char) -> bool,
    /// Task lists and block quotes of paragraphs are proven (Markdown), or not (wiki).
    pub tasks_and_quotes: bool,
    /// Ordered lists may carry an `order` (Markdown: `3.`, at the top; nested lists start at 1), or must have
    /// none (wiki, which has no start number).
    pub list_order: bool,
    /// Mentions (`[@Name](jira-mention:id)`) in text and panels of paragraphs (`> [!info] Title`) are proven
    /// (Markdown), or not (wiki).
    pub mentions_and_panels: bool,
}

/// Nested lists deeper than this are not proven (they take the checked path).
const MAX_PROVEN_DEPTH: usize = 6;

fn ty(node: &Value) -> &str {
    node.field("type").and_then(Value::as_str).unwrap_or("")
}

fn content(node: &Value) -> &[Value] {
    node.field("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// True if the node's `attrs` is absent or holds only keys from `allowed`.
fn attrs_within(node: &Value, allowed: &[&str]) -> bool {
    node.field("attrs").and_then(Value::as_object).is_some_and(|a| a.keys().all(|k| allowed.contains(&k.as_str())))
        || node.field("attrs").is_none()
}

fn no_marks(node: &Value) -> bool {
    node.field("marks").and_then(Value::as_array).is_some_and(Vec::is_empty) || node.field("marks").is_none()
}

fn attr<'a>(node: &'a Value, key: &str) -> Option<&'a Value> {
    node.field("attrs").and_then(|a| a.get(key))
}

/// True if `node` is a block of the proven subset for `alphabet`: its natural form reads back exactly.
pub(crate) fn block(node: &Value, alphabet: &Alphabet) -> bool {
    block_at(node, alphabet, 0)
}

fn block_at(node: &Value, alphabet: &Alphabet, depth: usize) -> bool {
    if depth > MAX_PROVEN_DEPTH || !no_marks(node) {
        return false;
    }
    match ty(node) {
        "paragraph" => attrs_within(node, &["localId"]) && inline(content(node), alphabet),
        "heading" => {
            attrs_within(node, &["level", "localId"])
                && attr(node, "level").and_then(Value::as_u64).is_some_and(|l| (1..=6).contains(&l))
                && inline(content(node), alphabet)
        }
        "rule" => attrs_within(node, &["localId"]),
        "codeBlock" => code_block(node, alphabet),
        "bulletList" => attrs_within(node, &["localId"]) && list_items(content(node), alphabet, depth),
        "orderedList" => {
            let order_ok = match attr(node, "order") {
                None => true,
                Some(o) if alphabet.list_order => o.as_u64().is_some_and(|n| n <= 999_999),
                Some(_) => false,
            };
            order_ok && attrs_within(node, &["order", "localId"]) && list_items(content(node), alphabet, depth)
        }
        "taskList" if alphabet.tasks_and_quotes => {
            attrs_within(node, &["localId"])
                && !content(node).is_empty()
                && content(node).iter().all(|item| {
                    ty(item) == "taskItem"
                        && no_marks(item)
                        && attrs_within(item, &["localId", "state"])
                        && matches!(attr(item, "state").and_then(Value::as_str), Some("TODO" | "DONE"))
                        && inline(content(item), alphabet)
                })
        }
        "blockquote" if alphabet.tasks_and_quotes => {
            attrs_within(node, &["localId"])
                && !content(node).is_empty()
                && content(node).iter().all(|p| ty(p) == "paragraph" && block_at(p, alphabet, depth + 1))
        }
        "panel" if alphabet.mentions_and_panels => {
            // `> [!info] Title` (a first paragraph of one strong text node becomes the title) and paragraphs.
            attrs_within(node, &["panelType", "localId"])
                && attr(node, "panelType")
                    .and_then(Value::as_str)
                    .is_some_and(|t| super::write::PANEL_TYPES.contains(&t))
                && !content(node).is_empty()
                && content(node).iter().all(|p| ty(p) == "paragraph" && block_at(p, alphabet, depth + 1))
        }
        "table" => table(node, alphabet),
        _ => false,
    }
}

/// List items of one paragraph, optionally followed by one nested list of the subset.
fn list_items(items: &[Value], alphabet: &Alphabet, depth: usize) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            let [first, rest @ ..] = content(item) else { return false };
            ty(item) == "listItem"
                && no_marks(item)
                && attrs_within(item, &["localId"])
                && ty(first) == "paragraph"
                && block_at(first, alphabet, depth + 1)
                // At most one nested list: two in a row of the same kind would read back as one.
                && rest.len() <= 1
                && rest.iter().all(|sub| {
                    // Only a list starting at 1 may interrupt the item's paragraph (CommonMark).
                    let starts_at_one = attr(sub, "order").is_none_or(|o| o.as_u64() == Some(1));
                    (ty(sub) == "bulletList" || (ty(sub) == "orderedList" && starts_at_one))
                        && block_at(sub, alphabet, depth + 1)
                })
        })
}

/// A code block of plain text in a plain language (or none).
fn code_block(node: &Value, alphabet: &Alphabet) -> bool {
    let language_ok = match attr(node, "language") {
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
        && attrs_within(node, &["language", "localId"])
        && !content(node).is_empty()
        && content(node).iter().all(|t| {
            ty(t) == "text"
                && no_marks(t)
                && t.field("text")
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty() && !s.ends_with('\n') && s.chars().all(alphabet.code))
        })
}

/// A table whose rows are all header cells or all data cells, each cell one proven paragraph, at least one
/// character per cell, every row as wide as the first.
fn table(node: &Value, alphabet: &Alphabet) -> bool {
    let rows = content(node);
    let Some(first) = rows.first() else { return false };
    let width = content(first).len();
    let table_attrs_ok = node.field("attrs").and_then(Value::as_object).is_none_or(|a| {
        a.iter().all(|(k, v)| {
            k == "localId"
                || (k == "isNumberColumnEnabled" && v == &Value::Bool(false))
                || (k == "layout" && v == "default")
        })
    });
    table_attrs_ok
        && width > 0
        && rows.iter().enumerate().all(|(r, row)| {
            let cells = content(row);
            let header = r == 0;
            ty(row) == "tableRow"
                && no_marks(row)
                && attrs_within(row, &["localId"])
                && cells.len() == width
                && cells.iter().all(|cell| {
                    let [p] = content(cell) else { return false };
                    ty(cell) == if header { "tableHeader" } else { "tableCell" }
                        && no_marks(cell)
                        && attrs_within(cell, &["localId"])
                        && ty(p) == "paragraph"
                        && attrs_within(p, &["localId"])
                        && no_marks(p)
                        && inline(content(p), alphabet)
                })
        })
}

/// The one mark a proven text node may carry.
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

fn mark_of(node: &Value) -> Option<Mark> {
    let marks = match node.field("marks") {
        None => return Some(Mark::None),
        Some(m) => m.as_array()?,
    };
    match marks.as_slice() {
        [] => Some(Mark::None),
        [m] => {
            let bare = m.field("attrs").is_none();
            match ty(m) {
                "strong" | "em" | "strike" if bare => Some(Mark::Emphasis),
                "code" if bare => Some(Mark::Code),
                "link" if attrs_within(m, &["href"]) => {
                    let href = attr(m, "href").and_then(Value::as_str)?;
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

/// Inline content of text nodes (and, where the alphabet allows, plain mentions) only: at least one, each of
/// `alphabet`'s characters (code spans: its code characters but newline and `|`), no space at either end; a marked
/// node's text is delimited by letters or digits (emphasis) or non-spaces (code, link text), and it (like a
/// mention) touches no other marked node or mention and no letter or digit of its neighbours, so no delimiter can
/// pair with anything but its partner.
fn inline(nodes: &[Value], alphabet: &Alphabet) -> bool {
    let texts: Option<Vec<(&str, Mark)>> = nodes
        .iter()
        .map(|n| {
            if ty(n) == "mention" && alphabet.mentions_and_panels {
                return mention(n).map(|text| (text, Mark::Mention));
            }
            if ty(n) != "text" || !attrs_within(n, &[]) {
                return None;
            }
            let text = n.field("text").and_then(Value::as_str).filter(|t| !t.is_empty())?;
            let mark = mark_of(n)?;
            // Code spans hold code characters on one line, never a pipe (table cells would need it escaped).
            let allowed = |c: char| match mark {
                Mark::Code => (alphabet.code)(c) && c != '\n' && c != '|',
                _ => (alphabet.text)(c),
            };
            let in_word = |(k, c): (usize, char)| {
                let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
                alphabet.in_word.contains(&c)
                    && alnum(text.as_bytes().get(k.wrapping_sub(1)))
                    && alnum(text.as_bytes().get(k + 1))
            };
            let code = matches!(mark, Mark::Code);
            text.char_indices().all(|(k, c)| allowed(c) || (!code && in_word((k, c)))).then_some(())?;
            Some((text, mark))
        })
        .collect();
    let Some(texts) = texts else { return false };
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
fn mention(node: &Value) -> Option<&str> {
    if !no_marks(node) || !attrs_within(node, &["id", "text"]) {
        return None;
    }
    let id = attr(node, "id")?.as_str()?;
    let text = attr(node, "text")?.as_str()?;
    let name = text.strip_prefix('@')?;
    let id_ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':'));
    let name_ok = !name.is_empty()
        && !name.starts_with(' ')
        && !name.ends_with(' ')
        && !name.contains("  ")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-'));
    (id_ok && name_ok).then_some(text)
}

/// Characters Markdown text is proven for: letters, digits, space and unambiguous punctuation.
fn markdown_text(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | ',' | ';' | ':' | '?' | '\'' | '"' | '(' | ')' | '/' | '-')
}

/// Characters a Markdown code block is proven for: printable ASCII except backticks and tildes, and newlines.
fn markdown_code(c: char) -> bool {
    (c.is_ascii_graphic() && !matches!(c, '`' | '~' | '<' | '%')) || c == ' ' || c == '\n'
}

/// Characters wiki text is proven for: letters, digits, space and punctuation wiki gives no meaning to.
fn wiki_text(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | ',' | ';' | ':' | '\'' | '"' | '(' | ')' | '/')
}

/// Characters a wiki code block is proven for: printable ASCII except braces, and newlines.
fn wiki_code(c: char) -> bool {
    (c.is_ascii_graphic() && !matches!(c, '{' | '}')) || c == ' ' || c == '\n'
}

/// The Markdown writer's subset ([`super::write`]).
pub(crate) const MARKDOWN: Alphabet = Alphabet {
    text: markdown_text,
    in_word: &[],
    code: markdown_code,
    tasks_and_quotes: true,
    list_order: true,
    mentions_and_panels: true,
};

/// The wiki writer's subset (`crate::wiki`).
pub(crate) const WIKI: Alphabet = Alphabet {
    text: wiki_text,
    in_word: &['-'],
    code: wiki_code,
    tasks_and_quotes: false,
    list_order: false,
    mentions_and_panels: false,
};
