//! The proof of the writers' *proven subset* (`src/adf/proven.rs`): blocks the Markdown and wiki writers write
//! without reading them back at run time. Documents are generated per construct (paragraph, heading, code block,
//! rule, bullet and ordered lists with nesting, task list, block quote, panel, table) with text drawn from each
//! dialect's alphabet, line-start look-alikes (`1. `, `- `, `h1. `, `bq. `, `---`), whole-word marks and
//! mentions (wiki: quotes of one paragraph, four panel types); each test checks that the generated blocks are in the
//! subset (so the proof is not vacuous) and that the document survives ADF → Markdown → ADF and ADF → wiki → ADF. These tests run with debug assertions, under
//! which both writers also read every proven block back and panic if it does not come back.

mod common;

use jira_vault_sync::adf::is_proven_block;
use jira_vault_sync::wiki::{adf_to_wiki, normalise as wiki_normalise, wiki_to_adf};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Plain text of the wiki alphabet (a subset of Markdown's), sometimes starting with block syntax look-alikes, with
/// no space at either end.
fn wiki_text() -> impl Strategy<Value = String> {
    (
        "(1\\. |1\\) |h1\\. |bq\\. |)",
        "[a-zA-Z0-9.,;:'\"()/]([a-zA-Z0-9 .,;:'\"()/]{0,10}[a-zA-Z0-9.,;:'\"()/])?",
        // In-word `-` (`PROJ-12`), between letters or digits only.
        "( [a-zA-Z0-9]{1,4}(-[a-zA-Z0-9]{1,4}){1,2}[.,]?|)",
    )
        .prop_map(|(a, b, c)| a + &b + &c)
}

/// Plain text of the Markdown alphabet.
fn markdown_text() -> impl Strategy<Value = String> {
    (
        "(1\\. |1\\) |- |--- |-- |h1\\. |bq\\. |)",
        "[a-zA-Z0-9.,;:?'\"()/-]([a-zA-Z0-9 .,;:?'\"()/-]{0,10}[a-zA-Z0-9.,;:?'\"()/-])?",
    )
        .prop_map(|(a, b)| a + &b)
}

/// One run of inline content: plain text, or a marked word between a space and a space or punctuation.
fn inline(wiki: bool) -> impl Strategy<Value = Vec<Value>> {
    let text = if wiki { wiki_text().boxed() } else { markdown_text().boxed() };
    let word = "[a-zA-Z0-9]([a-zA-Z0-9 ]{0,6}[a-zA-Z0-9])?";
    // Code spans hold code characters (no backtick, `~`, `<`, `%`, braces or pipe), no space at either end.
    let code = "[!-$&-;=-_a-z]([ -$&-;=-_a-z]{0,8}[!-$&-;=-_a-z])?";
    let marked = prop_oneof![
        (word, Just(json!({"type": "strong"}))),
        (word, Just(json!({"type": "em"}))),
        (word, Just(json!({"type": "strike"}))),
        (code, Just(json!({"type": "code"}))),
        (
            word,
            "https://[a-z]{1,8}\\.com(/[a-z0-9-]{1,6}){0,2}"
                .prop_map(|h| json!({"type": "link", "attrs": {"href": h}}))
        ),
    ];
    let after = prop_oneof![Just(" and"), Just(". Next"), Just(","), Just(":"), Just(";")];
    let segment = prop_oneof![
        3 => text.clone().prop_map(|t| vec![json!({"type": "text", "text": t})]),
        2 => (text.clone(), marked, after.clone()).prop_map(|(t, (w, m), a)| vec![
            json!({"type": "text", "text": format!("{t} ")}),
            json!({"type": "text", "text": w, "marks": [m]}),
            json!({"type": "text", "text": a}),
        ]),
    ];
    // Both dialects prove mentions, between a space and a space or punctuation, or alone.
    let segment = prop_oneof![
        5 => segment,
        1 => mention().prop_map(|m| vec![m]),
        2 => (text, mention(), after).prop_map(|(t, m, a)| vec![
            json!({"type": "text", "text": format!("{t} ")}),
            m,
            json!({"type": "text", "text": a}),
        ]),
    ];
    // A mention meets its neighbours at a space.
    prop::collection::vec(segment, 1..4)
        .prop_map(|s| {
            let mut out: Vec<Value> = Vec::new();
            for seg in s {
                let joins_mention = out.last().is_some_and(|n| n["type"] == "mention")
                    || seg.first().is_some_and(|n| n["type"] == "mention");
                if joins_mention && !out.is_empty() {
                    out.push(json!({"type": "text", "text": " "}));
                }
                out.extend(seg);
            }
            out
        })
        .boxed()
}

/// A mention as Jira writes it: an account id and `@Display Name`.
fn mention() -> impl Strategy<Value = Value> {
    ("[a-z0-9]{1,6}(:[a-f0-9-]{1,8})?", "[A-Z][a-z.'-]{0,5}( [A-Za-z0-9][a-z.'-]{0,5}){0,2}")
        .prop_map(|(id, name)| json!({"type": "mention", "attrs": {"id": id, "text": format!("@{name}")}}))
}

fn paragraph(wiki: bool) -> impl Strategy<Value = Value> {
    inline(wiki).prop_map(|c| json!({"type": "paragraph", "content": c}))
}

fn code(wiki: bool) -> impl Strategy<Value = Value> {
    let body = if wiki { "[ -$&-;=-_a-z|\\n]{1,30}[!-$&-;=-_a-z|]" } else { "[ -$&-;=-_a-}\\n]{1,30}[!-$&-;=-_a-}]" };
    let lang = prop_oneof![Just(None), Just(Some("java")), Just(Some("yaml")), Just(Some("rust"))];
    (body, lang).prop_map(|(t, l)| match l {
        Some(l) => json!({"type": "codeBlock", "attrs": {"language": l}, "content": [{"type": "text", "text": t}]}),
        None => json!({"type": "codeBlock", "content": [{"type": "text", "text": t}]}),
    })
}

/// A bullet or ordered list of proven paragraphs, nested up to three levels.
fn list(wiki: bool) -> impl Strategy<Value = Value> {
    let leaf = prop::collection::vec(paragraph(wiki), 1..4)
        .prop_map(|ps| ps.into_iter().map(|p| json!({"type": "listItem", "content": [p]})).collect::<Vec<_>>());
    let items = leaf.prop_recursive(2, 12, 3, move |inner| {
        (paragraph(wiki), inner, any::<bool>()).prop_map(move |(p, sub, ordered)| {
            // A nested list starts at 1 (CommonMark: no other start interrupts a paragraph).
            let sublist = if ordered && wiki {
                json!({"type": "orderedList", "content": sub})
            } else if ordered {
                json!({"type": "orderedList", "attrs": {"order": 1}, "content": sub})
            } else {
                json!({"type": "bulletList", "content": sub})
            };
            vec![json!({"type": "listItem", "content": [p, sublist]})]
        })
    });
    (items, any::<bool>(), 1u64..40).prop_map(move |(items, ordered, order)| {
        if ordered && wiki {
            json!({"type": "orderedList", "content": items})
        } else if ordered {
            json!({"type": "orderedList", "attrs": {"order": order}, "content": items})
        } else {
            json!({"type": "bulletList", "content": items})
        }
    })
}

fn table(wiki: bool) -> impl Strategy<Value = Value> {
    (1usize..4, 1usize..4).prop_flat_map(move |(w, h)| {
        prop::collection::vec(prop::collection::vec(paragraph(wiki), w..=w), h + 1..=h + 1).prop_map(|rows| {
            let rows: Vec<Value> = rows
                .into_iter()
                .enumerate()
                .map(|(r, cells)| {
                    let kind = if r == 0 { "tableHeader" } else { "tableCell" };
                    let cells: Vec<Value> =
                        cells.into_iter().map(|p| json!({"type": kind, "attrs": {}, "content": [p]})).collect();
                    json!({"type": "tableRow", "content": cells})
                })
                .collect();
            json!({"type": "table", "attrs": {"isNumberColumnEnabled": false, "layout": "default"}, "content": rows})
        })
    })
}

fn block(wiki: bool) -> impl Strategy<Value = Value> {
    let heading =
        (1u64..=6, inline(wiki)).prop_map(|(l, c)| json!({"type": "heading", "attrs": {"level": l}, "content": c}));
    let common = prop_oneof![
        4 => paragraph(wiki),
        2 => heading,
        1 => code(wiki),
        1 => Just(json!({"type": "rule"})),
        2 => list(wiki),
        1 => table(wiki),
    ];
    let task = prop::collection::vec((inline(wiki), any::<bool>()), 1..4).prop_map(|items| {
        let items: Vec<Value> = items
            .into_iter()
            .enumerate()
            .map(|(i, (c, done))| {
                let state = if done { "DONE" } else { "TODO" };
                json!({"type": "taskItem", "attrs": {"localId": format!("t{i}"), "state": state}, "content": c})
            })
            .collect();
        json!({"type": "taskList", "attrs": {"localId": "l"}, "content": items})
    });
    // Wiki proves quotes of one paragraph (`bq.`), Markdown of several.
    let quote = prop::collection::vec(paragraph(wiki), 1..if wiki { 2 } else { 3 })
        .prop_map(|c| json!({"type": "blockquote", "content": c}));
    // A panel of paragraphs, sometimes opening with a title (one strong word run); wiki has four panel types, and
    // a titled panel needs a body there.
    let kind = if wiki {
        prop_oneof![Just("info"), Just("note"), Just("tip"), Just("warning")].boxed()
    } else {
        prop_oneof![Just("info"), Just("note"), Just("tip"), Just("warning"), Just("error"), Just("success")].boxed()
    };
    // (wiki writes the title as `title=…`: any text of the alphabet)
    let title = if wiki {
        "[a-zA-Z0-9]([a-zA-Z0-9 .,;:'\"()/]{0,8}[a-zA-Z0-9])?"
    } else {
        "[a-zA-Z0-9]([a-zA-Z0-9 ]{0,8}[a-zA-Z0-9])?"
    };
    let title = prop::option::of(title);
    let panel = (kind, title, prop::collection::vec(paragraph(wiki), 0..3)).prop_filter_map(
        "a panel holds at least one paragraph",
        move |(kind, title, mut c)| {
            if wiki && title.is_some() && c.is_empty() {
                return None;
            }
            if let Some(t) = title {
                let strong = json!({"type": "text", "text": t, "marks": [{"type": "strong"}]});
                c.insert(0, json!({"type": "paragraph", "content": [strong]}));
            }
            (!c.is_empty()).then(|| json!({"type": "panel", "attrs": {"panelType": kind}, "content": c}))
        },
    );
    prop_oneof![6 => common, 1 => task, 1 => quote, 1 => panel].boxed()
}

fn wiki_law(doc: &Value) -> Result<(), String> {
    let wiki = adf_to_wiki(doc).map_err(|e| e.to_string())?;
    let back = wiki_to_adf(&wiki);
    if wiki_normalise(&back) == wiki_normalise(doc) {
        Ok(())
    } else {
        Err(format!("wiki:\n{wiki}\nback: {back}\ndoc:  {doc}"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Every generated Markdown-subset block is proven, and the document survives ADF → Markdown → ADF.
    #[test]
    fn markdown_subset_reads_back(blocks in prop::collection::vec(block(false), 1..5)) {
        for b in &blocks {
            prop_assert!(is_proven_block(b, false), "not in the Markdown subset: {}", b);
        }
        let doc = json!({"version": 1, "type": "doc", "content": blocks});
        if let Some(failure) = common::law1("proven", &doc) {
            prop_assert!(false, "{}", failure);
        }
    }

    /// Every generated wiki-subset block is proven for both writers, and the document survives ADF → wiki → ADF
    /// and ADF → Markdown → ADF.
    #[test]
    fn wiki_subset_reads_back(blocks in prop::collection::vec(block(true), 1..5)) {
        for b in &blocks {
            prop_assert!(is_proven_block(b, true), "not in the wiki subset: {}", b);
            prop_assert!(is_proven_block(b, false), "not in the Markdown subset: {}", b);
        }
        let doc = json!({"version": 1, "type": "doc", "content": blocks});
        if let Err(failure) = wiki_law(&doc) {
            prop_assert!(false, "{}", failure);
        }
        if let Some(failure) = common::law1("proven", &doc) {
            prop_assert!(false, "{}", failure);
        }
    }
}
