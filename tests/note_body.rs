//! The note body as the plugin sees it: realistic Obsidian notes through `parse_note`, and a property test
//! that no text makes it panic or report a position that is not in the text.
#![cfg(not(target_arch = "wasm32"))]

use jira_vault_sync::body::{Priority, TagSource};
use jira_vault_sync::{Note, parse_note};

const WEEKLY: &str = r#"# OPS weekly — 2024-W19 #ops/weekly

> [!warning] Incident OPS-101
> Login broke for [[Teams/SRE|SRE]]; see [OPS-102](https://acme.atlassian.net/browse/OPS-102) and https://acme.atlassian.net/browse/OPS-103#comment.
> - [ ] Postmortem for OPS-101 📅 2024-05-10 #postmortem

## Tasks

- [ ] Rotate keys [[OPS-104 Rotate keys]] ⏫ 📅 2024-05-12 ^rotate
    - [x] Inventory ✅ 2024-05-08
    - [/] Update vault 🛫 2024-05-09
- Notes
  - [-] Cancelled thing ❌ 2024-05-07
1. [>] Deferred 🔁 every week ⏳ 2024-02-30
2. [ ] Depends 🆔 t2 ⛔ t1,t0

| Key | Link |
|-----|------|
| OPS-105 | [[runbooks/db\|DB runbook]] |

```bash
curl https://x/OPS-999 # OPS-998 #notatag [[notalink]]
- [ ] not a task OPS-993
```

Inline `OPS-997 #nope` and $OPS-996$ and %%OPS-995 #hidden [[hidden]]%% and <span title="OPS-994">x</span>.

![[diagram.png]] [[Release notes#2024-05|May]] [[#^rotate]] #123 &#35;ent C#sharp
"#;

fn weekly() -> Note {
    parse_note(WEEKLY, Some("Ops/Weekly.md"))
}

#[test]
fn headings_and_title() {
    let n = weekly();
    let h: Vec<_> = n.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
    assert_eq!(h, vec![(1, "OPS weekly — 2024-W19 #ops/weekly", 1), (2, "Tasks", 7)]);
    assert_eq!(n.title, "OPS weekly — 2024-W19 #ops/weekly");
}

#[test]
fn jira_keys_only_in_prose() {
    let n = weekly();
    let keys: Vec<_> = n.jira_keys.iter().map(|k| (k.key.as_str(), k.line)).collect();
    // OPS-103 is in a bare URL, OPS-104 a wiki link target, OPS-99x in code, math, comments and HTML.
    assert_eq!(keys, vec![("OPS-101", 3), ("OPS-102", 4), ("OPS-101", 5), ("OPS-105", 19)]);
    let k = &n.jira_keys[1];
    assert_eq!((k.project.as_str(), k.number, k.column), ("OPS", 102, 43));
    assert_eq!(&WEEKLY[k.offset..k.offset + 7], "OPS-102");
}

#[test]
fn tags_skip_code_entities_and_numbers() {
    let n = weekly();
    let tags: Vec<_> = n.tags.iter().map(|t| (t.name.as_str(), t.source, t.line, t.column)).collect();
    assert_eq!(tags, vec![("ops/weekly", TagSource::Body, 1, 25), ("postmortem", TagSource::Body, 5, 45)]);
}

#[test]
fn wiki_links_in_all_forms() {
    let n = weekly();
    let l: Vec<_> = n
        .wiki_links
        .iter()
        .map(|l| (l.target.as_str(), l.heading.as_deref(), l.block_ref.as_deref(), l.alias.as_deref(), l.embed))
        .collect();
    assert_eq!(
        l,
        vec![
            ("Teams/SRE", None, None, Some("SRE"), false),
            ("OPS-104 Rotate keys", None, None, None, false),
            ("runbooks/db", None, None, Some("DB runbook"), false),
            ("diagram.png", None, None, None, true),
            ("Release notes", Some("2024-05"), None, Some("May"), false),
            ("", None, Some("rotate"), None, false),
        ]
    );
    assert_eq!(
        (n.wiki_links[3].line, n.wiki_links[3].column, n.wiki_links[3].raw.as_str()),
        (28, 1, "![[diagram.png]]")
    );
}

#[test]
fn tasks_with_fields_and_nesting() {
    let n = weekly();
    let t = &n.tasks;
    let summary: Vec<_> = t.iter().map(|t| (t.status, t.checked, t.line, t.depth, t.parent)).collect();
    assert_eq!(
        summary,
        vec![
            (' ', false, 5, 0, None),
            (' ', false, 9, 0, None),
            ('x', true, 10, 1, Some(1)),
            ('/', false, 11, 1, Some(1)),
            ('-', false, 13, 1, None),
            ('>', false, 14, 0, None),
            (' ', false, 15, 0, None),
        ]
    );
    assert_eq!(t[0].jira_key.as_deref(), Some("OPS-101"));
    assert_eq!(t[0].tags, vec!["postmortem"]);
    assert_eq!(t[0].indent, 2);
    assert_eq!(t[1].text, "Rotate keys [[OPS-104 Rotate keys]] ⏫ 📅 2024-05-12 ^rotate");
    assert_eq!(t[1].description, "Rotate keys [[OPS-104 Rotate keys]]");
    assert_eq!(t[1].jira_key.as_deref(), Some("OPS-104"));
    assert_eq!(
        (t[1].fields.due.as_deref(), t[1].fields.priority, t[1].block_id.as_deref()),
        (Some("2024-05-12"), Some(Priority::High), Some("rotate"))
    );
    assert_eq!((t[2].fields.done.as_deref(), t[2].indent), (Some("2024-05-08"), 4));
    assert_eq!(t[3].fields.start.as_deref(), Some("2024-05-09"));
    assert_eq!(t[4].fields.cancelled.as_deref(), Some("2024-05-07"));
    assert_eq!((t[5].fields.recurrence.as_deref(), t[5].fields.scheduled.as_deref()), (Some("every week"), None));
    assert_eq!(
        (t[6].fields.id.as_deref(), t[6].fields.depends_on.clone()),
        (Some("t2"), vec!["t1".to_owned(), "t0".to_owned()])
    );
}

#[test]
fn invalid_task_date_is_a_warning() {
    let n = weekly();
    let d: Vec<_> = n.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(d, vec![("task-invalid-date", 14, 30)]);
    assert_eq!(&WEEKLY[n.diagnostics[0].offset..][..3], "⏳");
}

#[test]
fn serialises_with_camel_case_and_nulls() {
    let v = serde_json::to_value(weekly()).expect("serialisable");
    let task = &v["tasks"][1];
    assert_eq!(task["blockId"], "rotate");
    assert_eq!(task["jiraKey"], "OPS-104");
    assert_eq!(task["priority"], "high");
    assert!(task["scheduled"].is_null() && task["parent"].is_null());
    assert_eq!(v["tasks"][2]["parent"], 1);
    assert_eq!(v["wikiLinks"][5]["blockRef"], "rotate");
    assert!(v["wikiLinks"][0]["heading"].is_null());
    assert_eq!(v["tags"][0]["source"], "body");
    assert_eq!(v["jiraKeys"][0]["project"], "OPS");
}

#[test]
fn callouts_quotes_and_crlf() {
    let text = "> [!todo] Sprint\r\n> - [ ] Ship OPS-7 #release\r\n> > - [x] nested quote task\r\n\r\nDone.\r\n";
    let n = parse_note(text, None);
    let t: Vec<_> = n.tasks.iter().map(|t| (t.text.as_str(), t.line, t.checked)).collect();
    assert_eq!(t, vec![("Ship OPS-7 #release", 2, false), ("nested quote task", 3, true)]);
    assert_eq!(n.tags[0].name, "release");
    assert_eq!(n.jira_keys[0].key, "OPS-7");
}

#[test]
fn front_matter_like_text_is_left_to_the_front_matter_parser() {
    // The body starts after the front matter range the front matter parser reports; here, a note without one.
    let n = parse_note("Just OPS-1 and #tag\n", None);
    assert_eq!(n.tags.len(), 1);
    assert_eq!(n.jira_keys.len(), 1);
}

mod props {
    use jira_vault_sync::parse_note;
    use jira_vault_sync::text::Position;
    use proptest::prelude::*;

    /// Checks that `(line, column, offset)` is a consistent position in `text`.
    fn check(text: &str, what: &str, line: usize, column: usize, offset: usize) -> Result<(), TestCaseError> {
        prop_assert!(offset <= text.len() && text.is_char_boundary(offset), "{what}: offset {offset}");
        let p = Position::of(text, offset);
        prop_assert_eq!((p.line, p.column), (line, column), "{} at {}", what, offset);
        Ok(())
    }

    fn markdownish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("- ".to_owned()),
            Just("[ ] ".to_owned()),
            Just("[x]".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("  ".to_owned()),
            Just("> ".to_owned()),
            Just("# ".to_owned()),
            Just("#tag".to_owned()),
            Just("OPS-12".to_owned()),
            Just("[[".to_owned()),
            Just("]]".to_owned()),
            Just("|".to_owned()),
            Just("\\".to_owned()),
            Just("`".to_owned()),
            Just("```\n".to_owned()),
            Just("$".to_owned()),
            Just("%%".to_owned()),
            Just("http://".to_owned()),
            Just("](".to_owned()),
            Just("📅 2024-02-30".to_owned()),
            Just("\u{FE0F}".to_owned()),
            Just("\u{FFFD}".to_owned()),
            Just("1. ".to_owned()),
            "[a-zé日 ]{0,6}",
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn never_panics_and_positions_agree(text in prop_oneof![markdownish(), any::<String>()]) {
            let n = parse_note(&text, None);
            for h in &n.headings { check(&text, "heading", h.line, h.column, h.offset)?; }
            for l in &n.wiki_links {
                check(&text, "link", l.line, l.column, l.offset)?;
                prop_assert!(text[l.offset..].starts_with(&l.raw));
            }
            for t in &n.tags {
                check(&text, "tag", t.line, t.column, t.offset)?;
                prop_assert!(text[t.offset..].starts_with('#'));
            }
            for k in &n.jira_keys {
                check(&text, "key", k.line, k.column, k.offset)?;
                prop_assert!(text[k.offset..].starts_with(&k.key));
            }
            for (i, t) in n.tasks.iter().enumerate() {
                check(&text, "task", t.line, t.column, t.offset)?;
                prop_assert!(t.parent.is_none_or(|p| p < i));
            }
            for d in &n.diagnostics { check(&text, "diagnostic", d.line, d.column, d.offset)?; }
        }
    }
}
