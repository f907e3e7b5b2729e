//! `proven::block` against a copy of the version that read nodes through `Field` lookups and checked text a
//! character at a time (main `1b8ea62`): the same answer on arbitrary ADF-like blocks, for both alphabets.

use proptest::prelude::*;
use serde_json::{Value, json};

/// The subset as it was before nodes were read through `Parts` and text through ASCII sets.
#[allow(clippy::all, clippy::pedantic)]
mod before {
    use serde_json::Value;

    use crate::adf::json::Field;

    /// The characters proven text may hold in one target dialect, and the constructs that dialect proves.
    pub(super) struct Alphabet {
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
    pub(super) fn block(node: &Value, alphabet: &Alphabet) -> bool {
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
                        .is_some_and(|t| crate::adf::write::PANEL_TYPES.contains(&t))
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
    pub(super) const MARKDOWN: Alphabet = Alphabet {
        text: markdown_text,
        in_word: &[],
        code: markdown_code,
        tasks_and_quotes: true,
        list_order: true,
        mentions_and_panels: true,
    };

    /// The wiki writer's subset (`crate::wiki`).
    pub(super) const WIKI: Alphabet = Alphabet {
        text: wiki_text,
        in_word: &['-'],
        code: wiki_code,
        tasks_and_quotes: false,
        list_order: false,
        mentions_and_panels: false,
    };
}

/// Text of proven and unproven characters alike: letters, digits, spaces, the alphabets' punctuation, `-` (in
/// words on wiki), and characters outside every alphabet (`*`, `é`, a newline, a pipe).
fn text() -> impl Strategy<Value = String> {
    "[ab1 .,:;'()/?\"*|\n\u{e9}-]{0,6}"
}

fn mark() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec!["strong", "em", "strike", "code", "underline"]).prop_map(|t| json!({"type": t})),
        prop::sample::select(vec!["https://a.b/c", "http://x", "https://", "ftp://a", "https://a b"])
            .prop_map(|h| json!({"type": "link", "attrs": {"href": h}})),
        Just(json!({"type": "strong", "attrs": {}})),
        Just(json!({"type": "link", "attrs": {"href": "https://a.b", "title": "t"}})),
    ]
}

fn attrs() -> impl Strategy<Value = Option<Value>> {
    let value = prop_oneof![
        Just(json!(1)),
        Just(json!(3)),
        Just(json!(7)),
        Just(json!("TODO")),
        Just(json!("DONE")),
        Just(json!("info")),
        Just(json!("custom")),
        Just(json!("rust")),
        Just(json!("noformat")),
        Just(json!("default")),
        Just(json!(false)),
        Just(json!("@Ann Lee")),
        Just(json!("acc-1:2")),
        Just(json!("")),
    ];
    let keys = prop::sample::select(vec![
        "localId",
        "level",
        "order",
        "state",
        "panelType",
        "language",
        "id",
        "text",
        "layout",
        "isNumberColumnEnabled",
        "other",
    ]);
    prop::option::of(
        prop::collection::vec((keys, value), 0..3)
            .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
    )
}

const TYPES: &[&str] = &[
    "paragraph",
    "heading",
    "text",
    "mention",
    "hardBreak",
    "bulletList",
    "orderedList",
    "listItem",
    "taskList",
    "taskItem",
    "blockquote",
    "panel",
    "codeBlock",
    "table",
    "tableRow",
    "tableHeader",
    "tableCell",
    "rule",
];

/// A node: a type from [`TYPES`], maybe `attrs`, `marks`, `text` and `content` (nodes of the same kind).
fn node() -> impl Strategy<Value = Value> {
    let leaf = (prop::sample::select(TYPES), text(), attrs(), prop::collection::vec(mark(), 0..2), any::<u8>())
        .prop_map(|(ty, text, attrs, marks, bits)| build(ty, Some(text), attrs, marks, None, bits));
    leaf.prop_recursive(4, 40, 4, |inner| {
        (
            prop::sample::select(TYPES),
            prop::option::of(text()),
            attrs(),
            prop::collection::vec(mark(), 0..2),
            prop::collection::vec(inner, 0..4),
            any::<u8>(),
        )
            .prop_map(|(ty, text, attrs, marks, content, bits)| build(ty, text, attrs, marks, Some(content), bits))
    })
}

fn build(
    ty: &str,
    text: Option<String>,
    attrs: Option<Value>,
    marks: Vec<Value>,
    content: Option<Vec<Value>>,
    bits: u8,
) -> Value {
    let mut node = serde_json::Map::new();
    node.insert("type".into(), Value::from(ty));
    if let Some(text) = text.filter(|_| bits & 1 == 1 || ty == "text") {
        node.insert("text".into(), Value::from(text));
    }
    if let Some(attrs) = attrs.filter(|_| bits & 2 == 2) {
        node.insert("attrs".into(), attrs);
    }
    if bits & 4 == 4 {
        node.insert("marks".into(), Value::Array(marks));
    }
    if let Some(content) = content {
        node.insert("content".into(), Value::Array(content));
    }
    if bits & 8 == 8 {
        node.insert("extra".into(), Value::Null);
    }
    Value::Object(node)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn proven_answers_as_before(node in node()) {
        prop_assert_eq!(super::block(&crate::adf::node::Node::from_value(&node), &super::MARKDOWN), before::block(&node, &before::MARKDOWN), "{}", node);
        prop_assert_eq!(super::block(&crate::adf::node::Node::from_value(&node), &super::WIKI), before::block(&node, &before::WIKI), "{}", node);
    }
}

/// The generator reaches proven blocks of both alphabets, so the comparison above is not only of refusals.
#[test]
fn the_generator_reaches_proven_blocks() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut markdown, mut wiki) = (0, 0);
    for _ in 0..4096 {
        let Ok(tree) = node().new_tree(&mut runner) else { continue };
        let node = tree.current();
        markdown += usize::from(super::block(&crate::adf::node::Node::from_value(&node), &super::MARKDOWN));
        wiki += usize::from(super::block(&crate::adf::node::Node::from_value(&node), &super::WIKI));
    }
    assert!(markdown > 40 && wiki > 40, "proven: {markdown} for Markdown, {wiki} for wiki of 4096");
}
