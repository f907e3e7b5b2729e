//! Untrusted content: Jira text is written by anyone, so what it becomes in the vault must be inert.
//! Each rule has a hostile sample; every sample must also survive Jira → vault → Jira unchanged.

mod common;

use jira_vault_sync::{adf_to_markdown, markdown_to_adf};
use serde_json::{Value, json};

fn doc(blocks: Value) -> Value {
    json!({"version": 1, "type": "doc", "content": blocks})
}

fn para_text(text: &str) -> Value {
    doc(json!([{"type": "paragraph", "content": [{"type": "text", "text": text}]}]))
}

/// Converts to Markdown, checks law 1, and returns the Markdown.
fn to_md(d: &Value) -> String {
    if let Some(failure) = common::law1("hostile sample", d) {
        panic!("{failure}");
    }
    adf_to_markdown(d).expect("valid ADF")
}

/// Link and image targets, raw HTML, math and footnotes a CommonMark+GFM+Obsidian-ish parser sees in `md`.
fn live_syntax(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    Parser::new_ext(md, Options::all())
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some(format!("link {dest_url}")),
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h}")),
            Event::InlineMath(m) | Event::DisplayMath(m) => Some(format!("math {m}")),
            Event::FootnoteReference(f) => Some(format!("footnote {f}")),
            Event::Start(Tag::MetadataBlock(_)) => Some("front matter".into()),
            _ => None,
        })
        .collect()
}

/// The text comes back as exactly one unmarked text node: nothing in it became syntax.
fn assert_plain_text(text: &str) -> String {
    let md = to_md(&para_text(text));
    let back = markdown_to_adf(&md);
    assert_eq!(
        back["content"],
        json!([{"type": "paragraph", "content": [{"type": "text", "text": text}]}]),
        "{text:?} became {md:?}"
    );
    assert_eq!(live_syntax(&md), Vec::<String>::new(), "{md}");
    md
}

#[test]
fn wiki_links_and_embeds_are_escaped() {
    let md = assert_plain_text("see [[Secret note]] and ![[private.pdf]] and [[x|y]]");
    assert!(!md.contains("[["), "{md}");
}

#[test]
fn tags_are_escaped() {
    let md = assert_plain_text("#urgent and a #nested/tag");
    assert!(md.contains("\\#urgent"), "{md}");
}

#[test]
fn comments_highlights_and_math_are_escaped() {
    let md = assert_plain_text("%%hidden%% ==marked== $x^2$ $$y$$");
    assert!(!md.contains("%%") && !md.contains("==") && md.contains("\\$x"), "{md}");
}

#[test]
fn raw_html_and_templater_never_pass_through() {
    let md = assert_plain_text("<script>alert(1)</script> <img src=x onerror=alert(1)> <% tp.system.exec('rm') %>");
    assert!(!md.contains('<'), "{md}");
}

#[test]
fn emphasis_code_and_links_are_escaped() {
    assert_plain_text("*not em* _not em_ **not strong** ~~not struck~~ `not code` [not](link) ![no](image.png)");
    assert_plain_text("<https://autolink.example> &copy; &#35; \\ backslash :smile: snake_case_name");
}

#[test]
fn bare_urls_do_not_become_links() {
    let md = assert_plain_text("see https://evil.example/x, http://a.b and www.evil.example.");
    assert!(md.contains("https\\://") && md.contains("www\\."), "{md}");
}

#[test]
fn line_start_syntax_is_escaped() {
    for text in [
        "# not a heading",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "1. not a list",
        "2) nor this",
        "---",
        "===",
        "    not code",
        "\tnot code",
        "| a | b |",
        "```",
        "~~~",
    ] {
        assert_plain_text(text);
        assert_plain_text(&format!("first line\n{text}"));
    }
}

#[test]
fn front_matter_cannot_be_injected() {
    let md = assert_plain_text("---\ntags: [secret]\ncssclass: evil\n---\nbody");
    assert!(!md.starts_with("---"), "{md}");
}

#[test]
fn whitespace_is_kept_exactly() {
    assert_plain_text("  leading and trailing  ");
    assert_plain_text("two spaces before break  \nnext line");
}

#[test]
fn executable_code_block_languages_are_disarmed() {
    for lang in [
        "dataviewjs",
        "dataview",
        "js-engine",
        "button",
        "meta-bind-js",
        "meta-bind-button",
        "run-python",
        "exec-bash",
        "templater",
        "tasks",
        "query",
        "ad-note",
        "adf",
        "text",
        "DataviewJS",
    ] {
        let d = doc(
            json!([{"type": "codeBlock", "attrs": {"language": lang}, "content": [{"type": "text", "text": "dv.el('p', 1)"}]}]),
        );
        let md = to_md(&d);
        assert!(md.starts_with("```text jvs-lang="), "{lang}: {md}");
    }
    let d = doc(
        json!([{"type": "codeBlock", "attrs": {"language": "python"}, "content": [{"type": "text", "text": "<% tp.file.title %>"}]}]),
    );
    let md = to_md(&d);
    assert!(!md.contains("<%"), "{md}");
}

#[test]
fn evaluated_inline_code_is_disarmed() {
    for code in
        ["= this.file.name", "$= dv.current()", "INPUT[text:x]", "BUTTON[run]", "VIEW[{x}]", "<% tp.date.now() %>"]
    {
        let d = doc(
            json!([{"type": "paragraph", "content": [{"type": "text", "text": code, "marks": [{"type": "code"}]}]}]),
        );
        let md = to_md(&d);
        assert!(!md.contains('`') && !md.contains("<%"), "{code}: {md}");
    }
}

#[test]
fn dangerous_link_targets_are_neutralised() {
    for href in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox",
    ] {
        let d = doc(
            json!([{"type": "paragraph", "content": [{"type": "text", "text": "click", "marks": [{"type": "link", "attrs": {"href": href}}]}]}]),
        );
        let md = to_md(&d);
        assert!(!live_syntax(&md).iter().any(|l| l.starts_with("link")), "{href}: {md}");
        let d = doc(json!([{"type": "paragraph", "content": [{"type": "inlineCard", "attrs": {"url": href}}]}]));
        let md = to_md(&d);
        assert!(!live_syntax(&md).iter().any(|l| l.starts_with("link")), "{href}: {md}");
        let d = doc(
            json!([{"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [{"type": "media", "attrs": {"type": "external", "url": href}}]}]),
        );
        let md = to_md(&d);
        assert!(!live_syntax(&md).iter().any(|l| l.starts_with("link")), "{href}: {md}");
    }
}

#[test]
fn the_obsidian_marker_cannot_smuggle_syntax() {
    // A link mark to jvs:obsidian writes its text raw only if it is exactly one harmless construct.
    for text in ["[[a]] <% tp %>", "#tag\n# heading", "[[x]]`y`", "%%a%% b %%c%%x"] {
        let d = doc(
            json!([{"type": "paragraph", "content": [{"type": "text", "text": text, "marks": [{"type": "link", "attrs": {"href": "jvs:obsidian"}}]}]}]),
        );
        let md = to_md(&d);
        assert!(!md.contains("<%") && !md.contains("\n#"), "{text}: {md}");
    }
}

#[test]
fn markdown_raw_html_becomes_text_in_jira() {
    let adf = markdown_to_adf("<div onclick=\"x()\">hi</div>\n\ntext <script>alert(1)</script> <b>bold</b>\n");
    let s = serde_json::to_string(&adf).unwrap_or_default();
    assert!(s.contains("<div onclick=\\\"x()\\\">hi</div>"), "{s}");
    assert!(s.contains("<script>alert(1)</script>"), "{s}");
    // Whitelisted presentational tags become marks, not HTML.
    assert!(s.contains("{\"type\":\"strong\"}"), "{s}");
}

#[test]
fn markdown_dangerous_links_are_dropped() {
    let adf = markdown_to_adf("[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA) <javascript:alert(1)>\n");
    let s = serde_json::to_string(&adf).unwrap_or_default();
    assert!(!s.contains("\"href\":\"javascript") && !s.contains("\"url\":\"data:"), "{s}");
}

#[test]
fn a_text_node_inside_a_link_carries_one_link() {
    for md in ["[$x$](https://e.com)", "[see www.example.com](https://e.com)", "[a [[Note]] b](https://e.com)"] {
        let adf = markdown_to_adf(md);
        let text = adf.to_string();
        for node in adf["content"][0]["content"].as_array().into_iter().flatten() {
            let links = node["marks"].as_array().into_iter().flatten().filter(|m| m["type"] == "link").count();
            assert!(links <= 1, "{md}: {text}");
        }
        assert!(text.contains("https://e.com"), "{md}: {text}");
    }
}
