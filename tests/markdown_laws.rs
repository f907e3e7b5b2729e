//! Law 2, vault → Jira → vault is stable: `adf_to_markdown(markdown_to_adf(md)) == normalise(md)`.
//!
//! Notes in `tests/fixtures/markdown/` are written in the canonical form (docs/adf-mapping.md), so they must
//! come back identical up to insignificant whitespace. For the CommonMark spec examples, whose input uses every
//! alternative syntax, the converted note must mean the same ADF and be a fixed point of the round trip.

mod common;

use jira_vault_sync::adf::normalise;
use jira_vault_sync::{adf_to_markdown, markdown_to_adf};
use serde_json::Value;

/// Insignificant whitespace: trailing spaces, runs of blank lines, leading/trailing blank lines.
fn normalise_md(md: &str) -> String {
    let mut out = Vec::new();
    for line in md.lines().map(str::trim_end) {
        if line.is_empty() && out.last().is_none_or(|l: &&str| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    format!("{}\n", out.join("\n"))
}

fn round_trip(md: &str) -> String {
    adf_to_markdown(&markdown_to_adf(md)).expect("converter output is valid ADF")
}

#[test]
fn law2_holds_on_the_markdown_fixtures() {
    let fixtures = common::fixtures("tests/fixtures/markdown", "md");
    assert!(fixtures.len() >= 5);
    let mut failures = Vec::new();
    for (name, md) in &fixtures {
        let (want, got) = (normalise_md(md), normalise_md(&round_trip(md)));
        if want != got {
            failures.push(format!("{name}:\n{}", common::diff(&want, &got)));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn law2_holds_on_the_commonmark_spec_examples() {
    let path = common::root().join("tests/fixtures/commonmark/spec-examples.json");
    let examples = common::read_json(&path).expect("spec examples");
    let examples = examples.as_array().expect("array");
    assert!(examples.len() > 600);
    let mut failures = Vec::new();
    let mut fallbacks = Vec::new();
    for ex in examples {
        let n = ex["example"].as_u64().unwrap_or(0);
        let md = ex["markdown"].as_str().unwrap_or("");
        let adf = markdown_to_adf(md);
        let canonical = adf_to_markdown(&adf).expect("valid");
        let again = markdown_to_adf(&canonical);
        if normalise(&again) != normalise(&adf) {
            failures.push(format!(
                "example {n}: meaning changed\n--- input ---\n{md}\n--- canonical ---\n{canonical}\n--- diff ---\n{}",
                common::diff(&common::pretty(&normalise(&adf)), &common::pretty(&normalise(&again)))
            ));
            continue;
        }
        if canonical.contains("```adf\n") {
            fallbacks.push(n);
        }
        let twice = adf_to_markdown(&again).expect("valid");
        if twice != canonical {
            failures.push(format!("example {n}: not a fixed point\n{}", common::diff(&canonical, &twice)));
        }
    }
    assert!(failures.is_empty(), "{} of {} examples failed:\n{}", failures.len(), examples.len(), failures.join("\n"));
    // Every construct CommonMark can express has a natural form: none may need the `adf` block form.
    assert!(fallbacks.is_empty(), "examples written in the `adf` block form: {fallbacks:?}");
}

#[test]
fn markdown_to_adf_never_fails_and_always_yields_a_doc() {
    for md in [
        "",
        "\n",
        "\u{0}",
        "> ",
        "- ",
        "|a|\n|-|",
        "```adf\n{not json\n```",
        "<span data-adf='{bad'>x</span>",
        "[[",
        "%%",
        "==",
        "$",
        "[x](jira-mention:%ZZ)",
        "![x](jira-media:%7B)",
        "> [!",
        "> [!info]+",
        "- [ ]",
        "stray <span data-adf-callout='{}'></span> marker",
        "- <span data-adf-table='{\"attrs\":{}}'></span>x",
        "<span data-adf-cell='{}'></span>",
        "> [!info]\n> <span data-adf-block='{}'></span>",
    ] {
        let adf = markdown_to_adf(md);
        assert_eq!(adf["type"], Value::from("doc"), "{md:?}");
        assert!(!adf.to_string().contains("\"__"), "internal node left in {adf}");
        assert!(adf_to_markdown(&adf).is_ok(), "{md:?}");
    }
}

#[test]
fn pathologically_nested_markdown_does_not_overflow() {
    for md in [
        "> ".repeat(50_000) + "deep",
        "- ".repeat(20_000) + "deep",
        (0..5_000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect::<String>(),
        "*".repeat(50_000) + "x" + &"*".repeat(50_000),
        "[".repeat(50_000),
    ] {
        let started = std::time::Instant::now();
        let adf = markdown_to_adf(&md);
        assert_eq!(adf["type"], Value::from("doc"));
        // Nesting is flattened past a limit, so the result converts back.
        assert!(adf_to_markdown(&adf).is_ok());
        eprintln!("{} bytes of nesting in {:?}", md.len(), started.elapsed());
    }
}

/// Regression: a paragraph, list item or table cell made only of an autolink used to come back behind a
/// stray empty `<span data-adf-block='{}'></span>` (the autolink was taken for an HTML tag opening a block).
#[test]
fn autolinks_and_bare_urls_come_back_clean() {
    let cases = [
        "<https://example.com>\n",
        "https://example.com\n",
        "<mailto:a@b.c>\n",
        "https://example.com and more\n",
        "<https://example.com> and more\n",
        "- <https://example.com>\n- https://example.com\n",
        "> <https://example.com>\n",
        "| <https://example.com> | https://example.com |\n| --- | --- |\n| <mailto:a@b.c> | x |\n",
    ];
    for md in cases {
        let adf = markdown_to_adf(md);
        let got = adf_to_markdown(&adf).expect("converter output is valid ADF");
        assert!(!got.contains("data-adf-block"), "{md:?} came back with a marker: {got:?}");
        assert_eq!(normalise_md(&got), normalise_md(md), "{md:?} did not come back as written");
        assert_eq!(normalise(&markdown_to_adf(&got)), normalise(&adf), "{md:?} changed meaning");
    }
}

#[test]
fn a_quote_starting_with_a_link_whose_text_starts_with_a_bang_is_no_callout() {
    // The callout marker is literal text; `[!A](…)` is a link (read as a callout, the link was dropped).
    let adf = markdown_to_adf("> [!A](https://a.com/)");
    let quote = &adf["content"][0];
    assert_eq!(quote["type"], Value::from("blockquote"), "{adf}");
    let text = &quote["content"][0]["content"][0];
    assert_eq!(text["text"], Value::from("!A"), "{adf}");
    assert_eq!(text["marks"][0]["attrs"]["href"], Value::from("https://a.com/"), "{adf}");
    assert_eq!(adf_to_markdown(&adf).as_deref().ok(), Some("> [!A](https://a.com/)\n"));
    // A literal marker is still a callout, whatever follows it.
    for md in ["> [!info] [A](https://a.com/)", "> [!info]"] {
        assert_eq!(markdown_to_adf(md)["content"][0]["type"], Value::from("panel"), "{md}");
    }
}
