//! Law 1 on generated documents: random schema-valid ADF (text full of Markdown/Obsidian syntax characters,
//! every natural mark, inline atoms, nested lists, quotes, panels, expands, tables, task lists, code blocks)
//! must survive Jira → vault → Jira unchanged.

mod common;

use jira_vault_sync::adf::normalise;
use proptest::prelude::*;
use serde_json::{Value, json};

fn text_strategy() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 *_`#\\[\\]<>%=$~|!:&\\-+.\\n\\\\()^@{}\"'/]{1,14}"
}

fn mark_strategy() -> impl Strategy<Value = Vec<Value>> {
    prop_oneof![
        3 => Just(vec![]),
        1 => Just(vec![json!({"type": "strong"})]),
        1 => Just(vec![json!({"type": "em"})]),
        1 => Just(vec![json!({"type": "strong"}), json!({"type": "em"})]),
        1 => Just(vec![json!({"type": "strike"})]),
        1 => Just(vec![json!({"type": "code"})]),
        1 => Just(vec![json!({"type": "underline"})]),
        1 => Just(vec![json!({"type": "subsup", "attrs": {"type": "sup"}})]),
        1 => Just(vec![json!({"type": "textColor", "attrs": {"color": "#ff0000"}})]),
        1 => Just(vec![json!({"type": "backgroundColor", "attrs": {"color": "#fedec8"}})]),
        1 => "[a-z:/.]{1,12}".prop_map(|h| vec![json!({"type": "link", "attrs": {"href": h}})]),
    ]
}

fn inline_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (text_strategy(), mark_strategy()).prop_map(|(t, m)| {
            let mut n = json!({"type": "text", "text": t});
            if !m.is_empty() { n["marks"] = Value::Array(m); }
            n
        }),
        1 => Just(json!({"type": "hardBreak"})),
        1 => (text_strategy(), "[a-z0-9:]{1,10}").prop_map(|(t, id)| json!({"type": "mention", "attrs": {"id": id, "text": t}})),
        1 => "[a-z_]{1,8}".prop_map(|s| json!({"type": "emoji", "attrs": {"shortName": format!(":{s}:")}})),
        1 => (text_strategy(), prop_oneof![Just("blue"), Just("green"), Just("neutral")])
            .prop_map(|(t, c)| json!({"type": "status", "attrs": {"text": t, "color": c}})),
        1 => (0i64..4_000_000_000_000).prop_map(|ts| json!({"type": "date", "attrs": {"timestamp": ts.to_string()}})),
        1 => "https://[a-z]{1,8}\\.com/[a-z]{0,5}".prop_map(|u| json!({"type": "inlineCard", "attrs": {"url": u}})),
    ]
}

fn para() -> impl Strategy<Value = Value> {
    prop::collection::vec(inline_strategy(), 1..6).prop_map(|c| json!({"type": "paragraph", "content": c}))
}

fn block_strategy() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        4 => para(),
        1 => (1u8..=6, prop::collection::vec(inline_strategy(), 0..4))
            .prop_map(|(l, c)| json!({"type": "heading", "attrs": {"level": l}, "content": c})),
        1 => (text_strategy(), prop_oneof![Just(""), Just("rust"), Just("dataviewjs"), Just("a b")]).prop_map(|(t, l)| {
            json!({"type": "codeBlock", "attrs": {"language": l}, "content": [{"type": "text", "text": t}]})
        }),
        1 => Just(json!({"type": "rule"})),
        1 => prop::collection::vec((prop::bool::ANY, prop::collection::vec(inline_strategy(), 1..3)), 1..4).prop_map(|items| {
            let content: Vec<Value> = items.into_iter().enumerate().map(|(i, (done, c))| json!({"type": "taskItem",
                "attrs": {"localId": format!("t{i}"), "state": if done { "DONE" } else { "TODO" }}, "content": c})).collect();
            json!({"type": "taskList", "attrs": {"localId": "l"}, "content": content})
        }),
        1 => (prop::collection::vec(para(), 2..3), 1usize..3).prop_map(|(cells, rows)| {
            let header: Vec<Value> = cells.iter().map(|p| json!({"type": "tableHeader", "attrs": {}, "content": [p]})).collect();
            let mut all = vec![json!({"type": "tableRow", "content": header})];
            for _ in 1..rows {
                let row: Vec<Value> = cells.iter().map(|p| json!({"type": "tableCell", "attrs": {}, "content": [p]})).collect();
                all.push(json!({"type": "tableRow", "content": row}));
            }
            json!({"type": "table", "content": all})
        }),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(prop::collection::vec(inner.clone(), 1..3), 1..3).prop_map(|items| {
                json!({"type": "bulletList", "content": items.into_iter().map(|c| json!({"type": "listItem", "content": c})).collect::<Vec<_>>()})
            }),
            (prop::collection::vec(inner.clone(), 1..3), 0u32..20).prop_map(|(c, order)| {
                json!({"type": "orderedList", "attrs": {"order": order},
                    "content": c.into_iter().map(|b| json!({"type": "listItem", "content": [b]})).collect::<Vec<_>>()})
            }),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|c| json!({"type": "blockquote", "content": c})),
            (prop::collection::vec(inner.clone(), 1..3), prop_oneof![Just("info"), Just("warning"), Just("custom")])
                .prop_map(|(c, t)| json!({"type": "panel", "attrs": {"panelType": t}, "content": c})),
            (prop::collection::vec(inner, 1..3), text_strategy())
                .prop_map(|(c, t)| json!({"type": "expand", "attrs": {"title": t}, "content": c})),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn law1_holds_on_generated_documents(blocks in prop::collection::vec(block_strategy(), 1..5)) {
        let doc = json!({"version": 1, "type": "doc", "content": blocks});
        if let Some(failure) = common::law1("generated", &doc) {
            prop_assert!(false, "{}", failure);
        }
    }
}

fn natural_marks() -> impl Strategy<Value = Vec<Value>> {
    prop_oneof![
        3 => Just(vec![]),
        1 => Just(vec![json!({"type": "strong"})]),
        1 => Just(vec![json!({"type": "em"})]),
        1 => Just(vec![json!({"type": "strong"}), json!({"type": "strike"})]),
        1 => Just(vec![json!({"type": "code"})]),
        1 => Just(vec![json!({"type": "underline"})]),
        1 => Just(vec![json!({"type": "backgroundColor", "attrs": {"color": "#fedec8"}})]),
        1 => "https://[a-z]{1,8}\\.com/[a-z()_]{0,6}".prop_map(|h| vec![json!({"type": "link", "attrs": {"href": h}})]),
    ]
}

fn natural_paragraph() -> impl Strategy<Value = Value> {
    let text = "[a-zA-Z0-9 *_`#\\[\\]<>%=$~|!:&\\-+.()^@{}\"'/]{1,14}";
    let inline = prop_oneof![
        6 => (text, natural_marks()).prop_map(|(t, m)| {
            let mut n = json!({"type": "text", "text": t});
            if !m.is_empty() { n["marks"] = Value::Array(m); }
            n
        }),
        1 => Just(json!({"type": "hardBreak"})),
        1 => ("[A-Za-z ]{1,10}", "[a-z0-9:]{1,10}").prop_map(|(t, id)| json!({"type": "mention", "attrs": {"id": id, "text": format!("@{t}")}})),
        1 => "[a-z_]{1,8}".prop_map(|s| json!({"type": "emoji", "attrs": {"shortName": format!(":{s}:")}})),
        1 => "[A-Z ]{1,10}".prop_map(|t| json!({"type": "status", "attrs": {"text": t, "color": "green"}})),
        1 => (0i64..4_000_000_000_000).prop_map(|ts| json!({"type": "date", "attrs": {"timestamp": ts.to_string()}})),
        1 => "(https://[a-z]{1,8}\\.com/[a-z]{0,5}|mailto:[a-z]{1,5}@[a-z]{1,5}\\.com)"
            .prop_map(|u| json!({"type": "inlineCard", "attrs": {"url": u}})),
        1 => "[a-z ]{0,3}\n[a-z#>*+ -]{1,4}".prop_map(|t| json!({"type": "text", "text": t})),
        1 => "(https://|www\\.)[a-z]{1,8}\\.com(/[a-z.?=&]{0,6})?".prop_map(|u| {
            let href = if u.starts_with("www.") { format!("http://{u}") } else { u.clone() };
            json!({"type": "text", "text": u, "marks": [{"type": "link", "attrs": {"href": href}}]})
        }),
        1 => "(https?://|www\\.)[a-z]{1,8}\\.com[.,!?]?".prop_map(|u| json!({"type": "text", "text": u})),
    ];
    prop::collection::vec(inline, 1..6).prop_map(|c| json!({"type": "paragraph", "content": c}))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Documents made only of constructs with a natural Markdown form are written without the `adf` block form.
    #[test]
    fn natural_constructs_stay_natural(paras in prop::collection::vec(natural_paragraph(), 1..4)) {
        let mut content = vec![
            json!({"type": "bulletList", "content": paras.iter().map(|p| json!({"type": "listItem", "content": [p]})).collect::<Vec<_>>()}),
            json!({"type": "panel", "attrs": {"panelType": "info"}, "content": paras.clone()}),
            json!({"type": "table", "content": [{"type": "tableRow", "content": paras.iter().map(|p| json!({"type": "tableHeader", "attrs": {}, "content": [p]})).collect::<Vec<_>>()}]}),
        ];
        content.push(json!({"type": "orderedList", "attrs": {"order": 7}, "content": [{"type": "listItem", "content": [
            paras[0].clone(), {"type": "bulletList", "content": [{"type": "listItem", "content": [paras[0].clone()]}]}]}]}));
        content.push(json!({"type": "blockquote", "content": paras.clone()}));
        content.push(json!({"type": "expand", "attrs": {"title": "Details"}, "content": paras.clone()}));
        content.push(json!({"type": "taskList", "attrs": {"localId": "x"}, "content": paras.iter().map(|p| json!({"type": "taskItem",
            "attrs": {"localId": "y", "state": "DONE"}, "content": p["content"].clone()})).collect::<Vec<_>>()}));
        content.push(json!({"type": "codeBlock", "attrs": {"language": "rust"}, "content": [{"type": "text", "text": "let x = `a`;\n```"}]}));
        content.push(json!({"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [{"type": "media", "attrs": {"type": "external", "url": "https://x.com/a_(b).png", "alt": "a [b] *c*"}}]}));
        // An empty `data-adf-block` marker only guards a paragraph that would not read back without it.
        for p in &paras {
            for wrapped in [p.clone(), json!({"type": "bulletList", "content": [{"type": "listItem", "content": [p]}]})] {
                let doc = json!({"version": 1, "type": "doc", "content": [wrapped]});
                let md = jira_vault_sync::adf_to_markdown(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let bare = md.replacen("<span data-adf-block='{}'></span>", "", 1);
                if bare != md {
                    let back = jira_vault_sync::markdown_to_adf(&bare);
                    prop_assert_ne!(normalise(&back), normalise(&doc), "needless empty marker:\n{}", md);
                }
            }
        }
        content.extend(paras);
        let doc = json!({"version": 1, "type": "doc", "content": content});
        let md = jira_vault_sync::adf_to_markdown(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(!md.contains("```adf"), "fell back:\n{}", md);
        if let Some(failure) = common::law1("natural", &doc) {
            prop_assert!(false, "{}", failure);
        }
    }
}
