//! The proof of the direct wiki → Markdown writer (`src/wiki/to_markdown.rs`, `md_inline.rs`): for generated wiki
//! documents of every construct it writes itself (paragraphs, headings, nested bullet and ordered lists, `bq.` quotes,
//! tables, task lists, code blocks, panels of paragraphs) with text of the proven alphabet, `*strong*`, `_em_`,
//! `-strike-`, `{{code}}`, links with and without text (some written bare), and mentions, mixed with near misses
//! (in-word and unclosed delimiters, nested marks, emoticons, `??`, escapes, titles, other task boxes and anchors, code
//! outside the proven alphabet or language, adjacent lists of one family, deep or gapped lists) and with the blocks it
//! leaves to the path through ADF (`{quote}`, rules, panels of other blocks or types, tables of other shapes),
//! `wiki_to_markdown` must equal `wiki_to_markdown_via_adf` byte for byte, and the direct path must have written blocks
//! (so the proof is not vacuous). Under debug assertions `wiki_to_markdown` also compares the two itself.

use jira_vault_sync::convert::{direct_markdown_blocks, wiki_to_markdown, wiki_to_markdown_via_adf};
use proptest::prelude::*;

/// Words of the proven alphabet, delimiter look-alikes, and near misses outside the subset.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Z0-9]{1,8}",
        2 => "[a-zA-Z0-9.,;:'\"()/?-]{1,4}",
        1 => "[a-z]{1,4}-[a-z0-9]{1,4}",
        1 => Just("(y)".to_owned()),
        1 => Just("(i)".to_owned()),
        1 => Just("(PROJ-12)".to_owned()),
        1 => Just("(flagoff)".to_owned()),
        1 => Just("(off)".to_owned()),
        1 => Just("(on".to_owned()),
        1 => Just("(-)".to_owned()),
        // Long runs of letters and spaces (the reader skips them eight bytes at a time), and bytes next to the
        // letters' ranges (`@`, `[`, `` ` ``, `{`) inside a word.
        1 => "[a-zA-Z ]{9,30}",
        1 => "[a-zA-Z]{3,9}[@`\\[{][a-zA-Z]{1,9}",
        1 => Just("??cite??".to_owned()),
        1 => Just("a\\*b".to_owned()),
        1 => Just("&#92;".to_owned()),
        1 => Just("#tag".to_owned()),
        1 => Just("x*".to_owned()),
        1 => Just("_".to_owned()),
        1 => Just("-".to_owned()),
        1 => Just("é".to_owned()),
        1 => Just("+u+".to_owned()),
        1 => Just("{{a}b}}".to_owned()),
        1 => Just("www.x.com".to_owned()),
    ]
}

/// One inline element: a word, a marked run, a code span, a link, a bare link or a mention.
fn element() -> impl Strategy<Value = String> {
    let w = "[a-zA-Z0-9]{1,8}";
    prop_oneof![
        10 => word(),
        1 => (w, w).prop_map(|(a, b)| format!("*{a} {b}*")),
        1 => w.prop_map(|w| format!("*{w}*")),
        1 => w.prop_map(|w| format!("_{w}_")),
        1 => w.prop_map(|w| format!("-{w}-")),
        1 => w.prop_map(|w| format!("*_{w}_*")),
        1 => "[a-zA-Z0-9().=]{1,8}".prop_map(|c| format!("{{{{{c}}}}}")),
        1 => "[a-z ]{1,8}".prop_map(|c| format!("{{{{{c}}}}}")),
        1 => (w, "[a-z]{1,6}").prop_map(|(w, h)| format!("[{w}|https://{h}.com/{w}]")),
        1 => (w, "[a-z]{1,6}").prop_map(|(w, h)| format!("[*{w}*|https://{h}.com]")),
        1 => (w, "[a-z]{1,6}").prop_map(|(w, h)| format!("[{w}|https://{h}.com|title]")),
        1 => "[a-z-]{1,6}".prop_map(|h| format!("[https://example.org/{h}]")),
        1 => "[a-z]{1,6}".prop_map(|h| format!("[http://{h}.com]")),
        1 => "[a-z]{1,6}".prop_map(|h| format!("[|https://{h}.com]")),
        // Links the writer may write bare (`www.` texts, a final `.`), and near misses.
        1 => ("[a-z]{1,6}", prop_oneof![Just("www."), Just("WWW."), Just("wWw.")], prop_oneof![Just("http"), Just("https")])
            .prop_map(|(h, w, s)| format!("[{w}{h}.com|{s}://{w}{h}.com]")),
        1 => "[a-z./]{0,6}".prop_map(|h| format!("[https://a{h}.]")),
        1 => Just("[www.|http://www.]".to_owned()),
        1 => "[a-z0-9]{1,12}".prop_map(|id| format!("[~{id}]")),
        1 => "[a-z0-9 .]{1,6}".prop_map(|id| format!("[~{id}]")),
    ]
}

/// A line of inline content: elements joined by spaces (sometimes glued), sometimes followed by punctuation.
fn line() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((element(), prop_oneof![8 => Just(" "), 1 => Just(""), 1 => Just(". ")]), 1..8),
        prop_oneof![Just(""), Just("."), Just(","), Just(":"), Just(" ")],
    )
        .prop_map(|(e, end)| {
            let mut s: String = e.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
            s.truncate(s.trim_end().len());
            s + end
        })
}

/// One top-level block of wiki markup.
fn block() -> impl Strategy<Value = String> {
    let marker = prop_oneof![
        3 => Just("*"),
        2 => Just("#"),
        1 => Just("-"),
        2 => Just("**"),
        1 => Just("*#"),
        1 => Just("#*"),
        1 => Just("##"),
        1 => Just("***"),
        1 => Just("****"),
        1 => Just("*****"),
    ];
    let item = (marker, line()).prop_map(|(m, text)| format!("{m} {text}"));
    let cells = |n: usize| {
        prop::collection::vec(
            "[a-zA-Z0-9 ]{1,6}|JVS-1|\\{\\{x\\}\\}|\\*b\\*| |[a-z]+ \\*b\\*|\\[~a1\\]|\\[x\\|https://a.com\\]",
            n,
        )
    };
    let header = prop_oneof![4 => Just("||"), 1 => Just("|")];
    let row = prop_oneof![4 => Just("|"), 1 => Just("||")];
    prop_oneof![
        6 => line(),
        1 => (line(), line()).prop_map(|(a, b)| format!("{a}\n{b}")),
        2 => (1usize..8, line()).prop_map(|(l, t)| format!("h{l}. {t}")),
        1 => Just("h2.".to_owned()),
        4 => prop::collection::vec(item, 1..6).prop_map(|items| items.join("\n")),
        1 => prop::collection::vec(prop_oneof![Just("[ ]"), Just("[x]")], 1..4).prop_map(|boxes| {
            let items: Vec<String> = boxes.iter().map(|b| format!("* {b} task")).collect();
            format!("{{anchor:adf-tasklist}}\n{}", items.join("\n"))
        }),
        // Task lists of any line, and near misses: other boxes, no space, nested or ordered items, other anchors.
        3 => (task_anchor(), prop::collection::vec((task_marker(), task_box(), line()), 1..5)).prop_map(
            |(anchor, items)| {
                let items: Vec<String> = items.iter().map(|(m, b, t)| format!("{m} {b}{t}")).collect();
                format!("{anchor}\n{}", items.join("\n"))
            }
        ),
        1 => ("[a-z =();.\\n]{1,40}", prop_oneof![Just(""), Just(":java"), Just(":bash")])
            .prop_map(|(c, l)| format!("{{code{l}}}\n{}\n{{code}}", c.trim_end_matches('\n'))),
        // Code blocks of the proven alphabet and near misses: other languages, backticks, `<%`, tabs, blank lines,
        // empty bodies, `{noformat}`, text on the macro's line.
        3 => (code_text(), code_language(), prop_oneof![4 => Just("\n"), 1 => Just(""), 1 => Just("\n\n")])
            .prop_map(|(c, l, nl)| format!("{{code{l}}}{nl}{c}\n{{code}}")),
        1 => code_text().prop_map(|c| format!("{{noformat}}\n{c}\n{{noformat}}")),
        1 => Just("----".to_owned()),
        2 => line().prop_map(|l| format!("bq. {l}")),
        1 => Just("bq.".to_owned()),
        1 => line().prop_map(|l| format!("{{quote}}\n{l}\n{{quote}}")),
        1 => line().prop_map(|l| format!("{{info:title=Note}}\n{l}\n{{info}}")),
        // Panels of paragraphs, titled or not, and near misses: other types and parameters, a first paragraph of
        // one strong run, other blocks inside, an empty body, text on the tag lines.
        6 => (panel_tag(), prop::collection::vec(panel_block(), 0..4), prop_oneof![6 => Just("\n"), 1 => Just("")])
            .prop_map(|((name, params), body, nl)| {
                format!("{{{name}{params}}}{nl}{}\n{{{name}}}", body.join("\n\n"))
            }),
        3 => (1usize..4, 0usize..4, header, row, 0usize..3).prop_flat_map(move |(w, h, hd, rw, odd)| {
            (cells(w), prop::collection::vec(cells(w), h), cells(w + 1)).prop_map(move |(head, rows, wide)| {
                let mut t = vec![format!("{hd}{}{hd}", head.join(hd))];
                t.extend(rows.iter().map(|c| format!("{rw}{}{rw}", c.join(rw))));
                if odd == 0 {
                    t.push(format!("|{}|", wide.join("|")));
                }
                t.join("\n")
            })
        }),
    ]
}

/// A panel macro's name and parameters, proven or not.
fn panel_tag() -> impl Strategy<Value = (&'static str, &'static str)> {
    let name = prop_oneof![
        4 => Just("info"),
        2 => Just("warning"),
        1 => Just("note"),
        1 => Just("tip"),
        1 => Just("panel"),
        1 => Just("error"),
        1 => Just("success"),
    ];
    let params = prop_oneof![
        8 => Just(""),
        6 => Just(":title=Impact"),
        2 => Just(":title=Work around it"),
        1 => Just(":title=PROJ-12 (eu)"),
        1 => Just(":title=x."),
        1 => Just(":title= x"),
        1 => Just(":title="),
        1 => Just(":title=a|title=b"),
        1 => Just(":title=a*b"),
        1 => Just(":title=a_b_c"),
        1 => Just(":title=1. a"),
        1 => Just(":title=a=b"),
        1 => Just(":title=www.x.com"),
        1 => Just(":bgColor=red"),
        1 => Just(":title=a|bgColor=red"),
        1 => Just(":Title=a"),
        1 => Just(":title=é"),
    ];
    (name, params)
}

/// A block inside a panel: mostly paragraphs, some a single strong run, and other blocks.
fn panel_block() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => line(),
        3 => "[a-zA-Z0-9]{1,8}".prop_map(|w| format!("*{w}*")),
        1 => Just("*a b*".to_owned()),
        1 => (line(), line()).prop_map(|(a, b)| format!("{a}\n{b}")),
        1 => Just("----".to_owned()),
        1 => line().prop_map(|l| format!("* {l}")),
        1 => line().prop_map(|l| format!("h3. {l}")),
        1 => line().prop_map(|l| format!("bq. {l}")),
        1 => Just("{code}\nx = 1\n{code}".to_owned()),
        1 => line().prop_map(|l| format!("{{note}}\n{l}\n{{note}}")),
        1 => Just(" ".to_owned()),
    ]
}

/// The anchor before a task list, or a near miss.
fn task_anchor() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just("{anchor:adf-tasklist}".to_owned()),
        1 => Just("{anchor:adf-tasklist}\n".to_owned()),
        1 => Just("{anchor:other}".to_owned()),
        1 => Just("{anchor}".to_owned()),
    ]
}

/// A task list item's marker, or a near miss.
fn task_marker() -> impl Strategy<Value = &'static str> {
    prop_oneof![12 => Just("*"), 2 => Just("-"), 1 => Just("**"), 1 => Just("#"), 1 => Just("*#")]
}

/// A task item's box and the space after it, or a near miss.
fn task_box() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => Just("[ ] "),
        6 => Just("[x] "),
        1 => Just("[X] "),
        1 => Just("[x]"),
        1 => Just("[ ]  "),
        1 => Just("[] "),
        1 => Just(""),
    ]
}

/// A code block's text: lines of the proven code alphabet, sometimes with characters outside it.
fn code_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => "[a-zA-Z0-9 =();.,:\\[\\]\"'*_+#@!?$^&|/-]{0,30}",
            1 => "[a-z`~<%\t{}\\\\ ]{1,8}",
            1 => Just("a <% b".to_owned()),
            1 => Just("  indented".to_owned()),
        ],
        0..5,
    )
    .prop_map(|lines| lines.join("\n"))
}

/// A code macro's language parameter, proven or not.
fn code_language() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just(""),
        4 => Just(":java"),
        2 => Just(":rust"),
        1 => Just(":Java"),
        1 => Just(":javascript"),
        1 => Just(":sh"),
        1 => Just(":html"),
        1 => Just(":title=x"),
        1 => Just(":c++"),
        1 => Just(":adf"),
        1 => Just(":noformat"),
        1 => Just(":averyveryverylonglanguage"),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((block(), prop_oneof![4 => Just("\n\n"), 1 => Just("\n")]), 1..8)
        .prop_map(|b| b.iter().map(|(b, sep)| format!("{b}{sep}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn direct_path_equals_the_path_through_adf(wiki in document()) {
        prop_assert_eq!(wiki_to_markdown(&wiki), wiki_to_markdown_via_adf(&wiki), "{}", wiki);
    }
}

#[test]
fn the_direct_path_is_taken_for_proven_blocks() {
    let wiki = "h1. Title\n\nSome *bold* and {{code()}} with [a link|https://example.com/x], see \
                [https://example.org/y] and [~abc-123].\n\n* one\n* two\n*# three\n\n# first\n# second";
    assert_eq!(direct_markdown_blocks(wiki), 4);
    assert_eq!(wiki_to_markdown(wiki), wiki_to_markdown_via_adf(wiki));
    // Outside the subset (the nested marks, the table without a header row, the emoticon): through ADF, with the
    // same result.
    let wiki =
        "bq. quoted\n\n||a||b||\n|c|[~x1]|\n\n{anchor:adf-tasklist}\n* [ ] task\n\n*a _b_ c*\n\n|a|b|\n\nsmile (y)";
    assert_eq!(direct_markdown_blocks(wiki), 3);
    assert_eq!(wiki_to_markdown(wiki), wiki_to_markdown_via_adf(wiki));
}

/// A list right after a list of its family takes the other marker (`*`, `)`) from the ADF → Markdown writer: the
/// direct writer leaves both to it.
#[test]
fn adjacent_lists_of_one_family_go_through_adf() {
    for wiki in ["* a\n\n* b", "# a\n\n# b", "* a\n\n{anchor:x}\n\n* b", "para\n\n* a\n\n- b\n\n* c\n\npara"] {
        assert_eq!(wiki_to_markdown(wiki), wiki_to_markdown_via_adf(wiki), "{wiki}");
    }
    assert_eq!(direct_markdown_blocks("* a\n\n* b"), 0);
    assert_eq!(direct_markdown_blocks("* a\n\n# b"), 2);
}

/// Found by the property test: a direct list, then a task list (its anchor and list folded into a `taskList`,
/// which is of the bullet family): the writer gives the task list the other marker, so the direct list is
/// rebuilt and written with it.
#[test]
fn a_task_list_after_a_direct_list_takes_the_other_marker() {
    let wiki = "* [https://example.org/a]\n\n{anchor:adf-tasklist}\n* [ ] task\n\n";
    assert_eq!(wiki_to_markdown(wiki), wiki_to_markdown_via_adf(wiki));
    assert_eq!(wiki_to_markdown(wiki).ok().as_deref(), Some("- https://example.org/a\n\n* [ ] task\n"));
}

/// Panels of paragraphs (titled, or whose first paragraph is not one strong run) are written directly.
#[test]
fn panels_are_written_directly() {
    let wiki =
        "{info:title=Impact}\nsome *b* text\n\nmore.\n{info}\n\n{warning}\nplain\n{warning}\n\n{tip:title=Only}\n{tip}";
    assert_eq!(direct_markdown_blocks(wiki), 3);
    let md = "> [!info] Impact\n> some **b** text\n>\n> more.\n\n> [!warning]\n> plain\n\n> [!tip] Only\n";
    assert_eq!(wiki_to_markdown(wiki).ok().as_deref(), Some(md));
    for wiki in
        ["{info}\n*Title*\n\ntext\n{info}", "{info:title=a*b}\nx\n{info}", "{panel}\nx\n{panel}", "{info}\n{info}"]
    {
        assert_eq!(direct_markdown_blocks(wiki), 0, "{wiki}");
        assert_eq!(wiki_to_markdown(wiki), wiki_to_markdown_via_adf(wiki), "{wiki}");
    }
}

/// Task lists (their anchor and `[ ]`/`[x]` items) and code blocks of the proven subset are written directly; a
/// list right after a direct task list makes both go through ADF (it takes the other marker).
#[test]
fn task_lists_and_code_blocks_are_written_directly() {
    let wiki = "{anchor:adf-tasklist}\n* [ ] one *b*\n* [x] two\n\n{code:java}\nint x = 1;\n{code}\n\n* after";
    assert_eq!(direct_markdown_blocks(wiki), 3);
    let md = "- [ ] one **b**\n- [x] two\n\n```java\nint x = 1;\n```\n\n- after\n";
    assert_eq!(wiki_to_markdown(wiki).ok().as_deref(), Some(md));
    let wiki = "{anchor:adf-tasklist}\n* [ ] a\n\n* b";
    assert_eq!(direct_markdown_blocks(wiki), 0);
    assert_eq!(wiki_to_markdown(wiki).ok().as_deref(), Some("- [ ] a\n\n* b\n"));
}
