//! The streamed writer against the node path (`node::Doc::parse` and `write::document`): byte-identical Markdown
//! whenever it writes a document, over hand-written documents and generated ones full of near misses (unknown
//! nodes, marks and attributes, keys in other orders or given twice, escapes, values of the wrong type).

use proptest::prelude::*;

use super::document;
use crate::adf::node::Doc;
use crate::adf::write;

/// The node path's Markdown of `json`.
fn tree(json: &str) -> Option<String> {
    Doc::parse(json).map(|doc| write::document(&doc.content))
}

/// A document of these blocks (JSON texts).
fn doc(blocks: &[String]) -> String {
    format!(r#"{{"version":1,"type":"doc","content":[{}]}}"#, blocks.join(","))
}

/// Asserts the streamed Markdown is the node path's; true if the stream wrote the document.
fn same(json: &str) -> bool {
    let streamed = document(json);
    if let Some(md) = &streamed {
        assert_eq!(Some(md), tree(json).as_ref(), "{json}");
    }
    streamed.is_some()
}

/// How many of the blocks the stream writes itself (the others go to the node path).
fn streamed_blocks(blocks: &[String]) -> usize {
    blocks.iter().filter(|b| document(&doc(std::slice::from_ref(b))).is_some_and(|_| streams(b))).count()
}

/// True if the stream writes `block` without the node path (its own reading succeeds).
fn streams(block: &str) -> bool {
    let json = doc(&[block.to_owned()]);
    let mut s = super::Stream { text: &json, pos: 0, out: String::new(), items: Vec::new() };
    let at = json.find("[{").map_or(0, |i| i + 1);
    s.pos = at;
    s.block((write::Family::None, false)).is_some()
}

fn p(inline: &str) -> String {
    format!(r#"{{"type":"paragraph","content":[{inline}]}}"#)
}

fn t(text: &str) -> String {
    format!(r#"{{"type":"text","text":"{text}"}}"#)
}

fn marked(text: &str, mark: &str) -> String {
    format!(r#"{{"type":"text","text":"{text}","marks":[{mark}]}}"#)
}

#[test]
fn every_kind_of_streamed_block_writes_what_the_node_path_writes() {
    let mention = r#"{"type":"mention","attrs":{"id":"5b10:a-1","text":"@Ann Lee"}}"#;
    let link = r#"{"type":"link","attrs":{"href":"https://x.org/a-b"}}"#;
    let rich = format!(
        "{},{},{},{},{},{},{},{}",
        t("See "),
        marked("this", r#"{"type":"strong"}"#),
        t(", then "),
        marked("run()", r#"{"type":"code"}"#),
        t(" and "),
        marked("the page", link),
        t(" with "),
        mention
    );
    let list_item = |inner: &str| format!(r#"{{"type":"listItem","content":[{}{inner}]}}"#, p(&t("item")));
    let nested = format!(r#",{{"type":"bulletList","content":[{}]}}"#, list_item(""));
    let blocks = [
        p(&rich),
        format!(r#"{{"type":"heading","attrs":{{"level":3}},"content":[{}]}}"#, t("Title 1.")),
        format!(r#"{{"type":"heading","content":[{}],"attrs":{{"level":2}}}}"#, t("h")),
        format!(r#"{{"type":"bulletList","content":[{},{}]}}"#, list_item(&nested), list_item("")),
        format!(r#"{{"type":"bulletList","attrs":{{"localId":"l"}},"content":[{}]}}"#, list_item("")),
        format!(r#"{{"type":"orderedList","attrs":{{"order":9}},"content":[{},{}]}}"#, list_item(""), list_item(&nested)),
        format!(r#"{{"type":"orderedList","content":[{}]}}"#, list_item("")),
        format!(
            r#"{{"type":"taskList","attrs":{{"localId":"a"}},"content":[{{"type":"taskItem","attrs":{{"localId":"b","state":"DONE"}},"content":[{}]}},{{"type":"taskItem","attrs":{{"state":"TODO","localId":"c"}},"content":[{}]}}]}}"#,
            t("done"),
            t("to do")
        ),
        format!(r#"{{"type":"taskList","content":[{{"type":"taskItem","attrs":{{"state":"TODO"}},"content":[{}]}}]}}"#, t("x")),
        r#"{"type":"codeBlock","attrs":{"language":"rust"},"content":[{"type":"text","text":"fn a() {\n    \"b\\\\\" / c\n}"}]}"#.to_owned(),
        r#"{"type":"codeBlock","content":[{"type":"text","text":"x = 1"},{"type":"text","text":"\ny"}]}"#.to_owned(),
        format!(r#"{{"type":"blockquote","content":[{},{}]}}"#, p(&t("one")), p(&t("two"))),
        format!(
            r#"{{"type":"panel","attrs":{{"panelType":"info"}},"content":[{},{}]}}"#,
            p(&marked("Heads up", r#"{"type":"strong"}"#)),
            p(&t("body"))
        ),
        format!(r#"{{"type":"panel","attrs":{{"panelType":"note"}},"content":[{}]}}"#, p(&t("only"))),
        format!(
            r#"{{"type":"table","attrs":{{"isNumberColumnEnabled":false,"layout":"default","localId":"t"}},"content":[{{"type":"tableRow","content":[{{"type":"tableHeader","attrs":{{}},"content":[{}]}},{{"type":"tableHeader","content":[{}]}}]}},{{"type":"tableRow","content":[{{"type":"tableCell","attrs":{{}},"content":[{}]}},{{"type":"tableCell","content":[{}]}}]}}]}}"#,
            p(&t("A")),
            p(&t("B")),
            p(&t("1")),
            p(&marked("x", r#"{"type":"em"}"#))
        ),
    ];
    for block in &blocks {
        assert!(streams(block), "not streamed: {block}");
    }
    assert!(same(&doc(&blocks)));
    // Lists in a row take alternating markers, in the stream as in the node path.
    let bullets = format!(r#"{{"type":"bulletList","content":[{}]}}"#, list_item(""));
    assert!(same(&doc(&[bullets.clone(), bullets.clone(), bullets.clone(), blocks[7].clone(), bullets])));
    assert_eq!(streamed_blocks(&blocks), blocks.len());
}

#[test]
fn near_misses_take_the_node_path_and_write_the_same() {
    let misses = [
        // Escapes in text, characters outside the alphabet, spaces at the ends, touching marks.
        p(&t(r#"say \"hi\""#)),
        p(&t("caf\u{e9}")),
        p(&t("a*b")),
        p(&t(" lead")),
        p(&format!("{},{}", t("two"), t(" texts"))),
        p(&format!("{},{}", t("glued"), marked("bold", r#"{"type":"strong"}"#))),
        p(&marked("https://x.org", r#"{"type":"link","attrs":{"href":"https://x.org"}}"#)),
        p(&marked("=x", r#"{"type":"code"}"#)),
        p(&marked("b", r#"{"type":"strong","attrs":{}}"#)),
        p(&marked("b", r#"{"type":"strong"},{"type":"em"}"#)),
        p(&marked("u", r#"{"type":"underline"}"#)),
        p(&marked("l", r#"{"type":"link","attrs":{"href":"https://x.org","title":"t"}}"#)),
        p(&marked("l", r#"{"type":"link","attrs":{"href":"javascript:x"}}"#)),
        p(r#"{"type":"mention","attrs":{"id":"1","text":"@A","accessLevel":""}}"#),
        p(r#"{"type":"hardBreak"}"#),
        p(""),
        // Keys in another order, given twice, unknown or of the wrong type.
        r#"{"content":[{"type":"text","text":"x"}],"type":"paragraph"}"#.to_owned(),
        r#"{"type":"paragraph","content":[{"text":"x","type":"text"}]}"#.to_owned(),
        r#"{"type":"paragraph","content":[{"type":"text","text":"x","text":"y"}]}"#.to_owned(),
        r#"{"type":"paragraph","content":[],"content":[{"type":"text","text":"x"}]}"#.to_owned(),
        r#"{"type":"paragraph","x":1,"content":[{"type":"text","text":"x"}]}"#.to_owned(),
        r#"{"type":"paragraph","marks":[],"content":[{"type":"text","text":"x"}]}"#.to_owned(),
        r#"{"type":"paragraph","attrs":{"localId":"a","localId":"b"},"content":[{"type":"text","text":"x"}]}"#
            .to_owned(),
        format!(r#"{{"type":"heading","attrs":{{"level":"2"}},"content":[{}]}}"#, t("h")),
        format!(r#"{{"type":"heading","attrs":{{"level":7}},"content":[{}]}}"#, t("h")),
        format!(
            r#"{{"type":"orderedList","attrs":{{"order":1000000}},"content":[{{"type":"listItem","content":[{}]}}]}}"#,
            p(&t("i"))
        ),
        format!(
            r#"{{"type":"orderedList","content":[{{"type":"listItem","content":[{}]}}],"attrs":{{"order":3}}}}"#,
            p(&t("i"))
        ),
        format!(
            r#"{{"type":"bulletList","content":[{{"type":"listItem","content":[{},{}]}}]}}"#,
            p(&t("i")),
            p(&t("j"))
        ),
        r#"{"type":"bulletList","content":[{"type":"listItem","content":[]}]}"#.to_owned(),
        r#"{"type":"bulletList","content":[]}"#.to_owned(),
        format!(
            r#"{{"type":"taskList","content":[{{"type":"taskItem","attrs":{{"state":"MAYBE"}},"content":[{}]}}]}}"#,
            t("x")
        ),
        r#"{"type":"codeBlock","content":[{"type":"text","text":"a\tb"}]}"#.to_owned(),
        r#"{"type":"codeBlock","content":[{"type":"text","text":"a\n"}]}"#.to_owned(),
        r#"{"type":"codeBlock","content":[{"type":"text","text":"a`b"}]}"#.to_owned(),
        r#"{"type":"codeBlock","attrs":{"language":"dataviewjs"},"content":[{"type":"text","text":"a"}]}"#.to_owned(),
        r#"{"type":"codeBlock","content":[{"type":"text","text":"a"}],"attrs":{"language":"rust"}}"#.to_owned(),
        r#"{"type":"codeBlock","content":[{"type":"text","text":"a\u0041"}]}"#.to_owned(),
        format!(r#"{{"type":"panel","attrs":{{"panelType":"custom"}},"content":[{}]}}"#, p(&t("x"))),
        r#"{"type":"blockquote","content":[{"type":"rule"}]}"#.to_owned(),
        format!(
            r#"{{"type":"table","content":[{{"type":"tableRow","content":[{{"type":"tableHeader","content":[{}]}}]}},{{"type":"tableRow","content":[{{"type":"tableHeader","content":[{}]}}]}}]}}"#,
            p(&t("a")),
            p(&t("b"))
        ),
        format!(
            r#"{{"type":"table","attrs":{{"isNumberColumnEnabled":true}},"content":[{{"type":"tableRow","content":[{{"type":"tableHeader","content":[{}]}}]}}]}}"#,
            p(&t("a"))
        ),
        r#"{"type":"rule"}"#.to_owned(),
        r#"{"type":"mystery","content":[]}"#.to_owned(),
    ];
    for block in &misses {
        assert!(!streams(block), "streamed: {block}");
        let json = doc(&[p(&t("before")), block.clone(), p(&t("after"))]);
        assert_eq!(document(&json).is_some(), tree(&json).is_some(), "{json}");
        same(&json);
    }
    // What the node reader declines (a duplicate node key) declines the stream too; an unusual root is left to it.
    assert!(document(&doc(&[r#"{"type":"rule","type":"rule"}"#.to_owned()])).is_none());
    assert!(document(r#"{"version":1,"type":"doc","content":[],"x":1}"#).is_none());
    assert!(document(r#"{"version":1,"version":1,"type":"doc","content":[]}"#).is_none());
    assert!(document(r#"{"version":2,"type":"doc","content":[]}"#).is_none());
    assert!(document(r#"{"version":1,"type":"doc","content":[]} x"#).is_none());
    assert_eq!(document(r#" {"content":[],"type":"doc","version":1} "#).as_deref(), Some(""));
}

/// A text of words, punctuation and near misses (escapes, spaces at the ends, characters outside the alphabet).
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("word"),
            Just("word"),
            Just("word"),
            Just(" "),
            Just(" "),
            Just("Jira"),
            Just("42"),
            Just("."),
            Just(", "),
            Just(":"),
            Just("-"),
            Just("www"),
            Just("https://x.org"),
            Just("*"),
            Just("_"),
            Just("`"),
            Just("<b>"),
            Just("|"),
            Just("="),
            Just("\\\""),
            Just("\\n"),
            Just("\\u0041"),
            Just("é"),
            Just("#"),
            Just("1."),
            Just("'"),
            Just("("),
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

/// A mark (or a near miss).
fn mark() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(r#"{"type":"strong"}"#),
        Just(r#"{"type":"em"}"#),
        Just(r#"{"type":"strike"}"#),
        Just(r#"{"type":"code"}"#),
        Just(r#"{"type":"link","attrs":{"href":"https://x.org/a"}}"#),
        Just(r#"{"attrs":{"href":"http://y.com"},"type":"link"}"#),
        Just(r#"{"type":"link","attrs":{"href":"ftp://x"}}"#),
        Just(r#"{"type":"strong","attrs":{}}"#),
        Just(r#"{"type":"underline"}"#),
        Just(r#"{"type":"em","type":"em"}"#),
        Just(r#"{"type":"em"},{"type":"strong"}"#),
    ]
}

/// An inline node: text with or without a mark, a mention, or a near miss.
fn inline_node() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => text().prop_map(|s| t(&s)),
        3 => (text(), mark()).prop_map(|(s, m)| marked(&s, m)),
        1 => (text(), mark()).prop_map(|(s, m)| format!(r#"{{"marks":[{m}],"text":"{s}","type":"text"}}"#)),
        1 => text().prop_map(|s| format!(r#"{{"type":"text","text":"{s}","marks":[]}}"#)),
        1 => Just(r#"{"type":"mention","attrs":{"id":"a-1","text":"@Ann Lee"}}"#.to_owned()),
        1 => Just(r#"{"type":"mention","attrs":{"id":"a 1","text":"Ann"}}"#.to_owned()),
        1 => Just(r#"{"type":"hardBreak"}"#.to_owned()),
        1 => Just(r#"{"type":"text","text":"a","x":1}"#.to_owned()),
    ]
}

/// Plain words and single spaces (what most paragraphs hold).
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![Just("word"), Just("Jira"), Just("PROJ-12"), Just("42"), Just("ok.")], 1..4)
        .prop_map(|w| w.join(" "))
}

/// A paragraph: mostly plain words with marked words or mentions between them, sometimes anything.
fn paragraph() -> impl Strategy<Value = String> {
    let shaped =
        (words(), prop::collection::vec((mark(), words(), words(), any::<bool>()), 0..3)).prop_map(|(first, rest)| {
            let mut nodes = vec![t(&first)];
            for (i, (m, inner, after, mention)) in rest.iter().enumerate() {
                if let Some(last) = nodes.last_mut() {
                    *last = last.replace("\"}", " \"}");
                }
                nodes.push(if *mention {
                    r#"{"type":"mention","attrs":{"id":"a-1","text":"@Ann Lee"}}"#.to_owned()
                } else {
                    marked(inner, m)
                });
                let tail = if i % 2 == 0 { format!(" {after}") } else { format!(", {after}") };
                nodes.push(t(&tail));
            }
            p(&nodes.join(","))
        });
    prop_oneof![
        3 => shaped,
        1 => prop::collection::vec(inline_node(), 0..5).prop_map(|nodes| p(&nodes.join(","))),
    ]
}

/// `attrs` for a block (or a near miss): `null` for none.
fn attrs() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        24 => Just("null"),
        1 => Just(r#"{"localId":"x"}"#),
        1 => Just(r#"{"level":2}"#),
        1 => Just(r#"{"level":"2"}"#),
        1 => Just(r#"{"order":1}"#),
        1 => Just(r#"{"order":5}"#),
        1 => Just(r#"{"language":"rust"}"#),
        1 => Just(r#"{"language":""}"#),
        1 => Just(r#"{"panelType":"info"}"#),
        1 => Just(r#"{"panelType":"tip","localId":"p"}"#),
        1 => Just(r#"{"state":"TODO"}"#),
        1 => Just(r#"{"state":"DONE","localId":"i"}"#),
        1 => Just(r#"{"isNumberColumnEnabled":false,"layout":"default"}"#),
        1 => Just(r#"{"localId":1.5}"#),
        1 => Just("{}"),
        1 => Just(r#"{"x":null}"#),
    ]
}

/// A node of `ty` with these `attrs` and children, its keys in one of a few orders.
fn node(ty: &str, attrs: &str, content: &[String], order: u8) -> String {
    let content = content.join(",");
    let attrs = if attrs == "null" { String::new() } else { format!(r#","attrs":{attrs}"#) };
    match order % 8 {
        0..=5 => format!(r#"{{"type":"{ty}"{attrs},"content":[{content}]}}"#),
        6 => format!(r#"{{"type":"{ty}","content":[{content}]{attrs}}}"#),
        _ => format!(r#"{{"content":[{content}],"type":"{ty}"{attrs}}}"#),
    }
}

/// A block of any kind the stream writes, built of generated parts and near misses.
fn block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => paragraph(),
        1 => (prop_oneof![3 => Just(r#"{"level":1}"#), 3 => Just(r#"{"level":6,"localId":"h"}"#), 1 => attrs()], paragraph())
            .prop_map(|(a, p)| p.replacen(r#""paragraph""#, &format!(r#""heading","attrs":{a}"#), 1)),
        1 => (attrs(), prop::collection::vec(prop_oneof![4 => words(), 1 => text(), 1 => Just("x(1);\\n  \\\"y\\\" / z".to_owned())], 1..3), any::<u8>()).prop_map(|(a, c, o)| {
            let texts: Vec<String> = c.iter().map(|s| t(s)).collect();
            node("codeBlock", a, &texts, o)
        }),
        1 => Just(r#"{"type":"rule"}"#.to_owned()),
    ];
    leaf.prop_recursive(3, 24, 3, |inner| {
        let kinds = prop_oneof![
            Just("bulletList"),
            Just("orderedList"),
            Just("taskList"),
            Just("blockquote"),
            Just("panel"),
            Just("table")
        ];
        (kinds, attrs(), prop::collection::vec((inner, paragraph(), any::<u8>()), 0..3), any::<u8>()).prop_map(
            |(ty, a, items, o)| {
                let children: Vec<String> = items
                    .into_iter()
                    .map(|(inner, para, k)| match ty {
                        "bulletList" | "orderedList" => {
                            let nested = if inner.contains("List\"") && k % 2 == 0 {
                                format!(",{inner}")
                            } else {
                                String::new()
                            };
                            node("listItem", "null", &[format!("{para}{nested}")], k)
                        }
                        "taskList" => {
                            let state = if k % 3 == 0 { r#"{"state":"DONE"}"# } else { r#"{"state":"TODO"}"# };
                            let inline =
                                para.trim_start_matches(r#"{"type":"paragraph","content":["#).trim_end_matches("]}");
                            node("taskItem", state, &[inline.to_owned()], k)
                        }
                        "table" => {
                            let cell = if k % 5 == 0 { "tableCell" } else { "tableHeader" };
                            let cells =
                                vec![node(cell, "{}", std::slice::from_ref(&para), 0), node(cell, "null", &[para], 0)];
                            node("tableRow", "null", &cells, k)
                        }
                        _ if k % 4 == 0 => inner,
                        _ => para,
                    })
                    .collect();
                node(ty, a, &children, o)
            },
        )
    })
}

proptest! {
    /// Streamed, a document writes what the node path writes, or the stream declines with it.
    #[test]
    fn the_stream_writes_what_the_node_path_writes(blocks in prop::collection::vec(block(), 0..5)) {
        let json = doc(&blocks);
        let streamed = document(&json);
        prop_assert_eq!(streamed.is_some(), tree(&json).is_some(), "{}", json);
        if let Some(md) = streamed {
            prop_assert_eq!(Some(md), tree(&json), "{}", json);
        }
    }
}
