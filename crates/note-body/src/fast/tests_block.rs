//! The fast path's block constructs against pulldown-cmark: HTML blocks (types 1–6) and footnote definitions, in
//! fixed cases and generated documents of containers, those blocks and their near misses.

use super::parse;
use super::tests::check;

#[test]
fn reads_html_blocks_and_footnote_definitions() {
    for text in [
        "<details><summary>Raw log</summary>\n\n```\nOPS-1\n```\n\n</details>\n",
        "# T\n\n<div>\n*a* [b](c)\n\ntext\n",
        "a\n<div>\nb\n",
        "<!-- #x\n\n- y -->\nz\n",
        "<!-- a --> b\n- c\n",
        "<pre>\n\n# x\n</pre>\n# y\n",
        "<PRE\n</PRE>\n</pre> z\n",
        "<?php\n?>\n<!DOCTYPE html>\n<![CDATA[\n]]>\n",
        "> <div>\n> a\n>\n> b\n",
        "> <div>\n> a\n>  \nb\n",
        "- <div>\n  a\n\n  b\n",
        "- <div>\n  a\n   \n- b\n",
        "- a\n\n  <div>\nb\n",
        "> <!--\n> a -->\n> b\n",
        "> <!--\n>\nc\n",
        "- <!--\n\n  -->\n- b\n",
        "<div>\n  ",
        "- <div>\n   ",
        "> <div>\n>",
        "</div>\n<table/>\n<h1>\n<ul\n",
        "[^1]: A note [[x]] `c`.\nlazy\n\n[^2]: B\n    - c\n    more\n\n    para\nafter\n",
        "text\n[^a-b]: x\n- y\n",
        "- a\n  [^1]: b\n  c\n",
        "[^1]: [^2]: x\n    y\n",
        "[^1]:\n    x\n[^1]:\ny\n",
        "[^1]: > q\n    > r\n",
        "[^1]: # h\n    ```\n    #c\n    ```\n",
        "> [^1]: a\n> b\n",
    ] {
        assert!(check(text), "not read by the fast path: {text:?}");
    }
}

#[test]
fn html_block_type_6_names_are_pulldown_cmarks() {
    let tags = "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul";
    for tag in tags.split(' ') {
        let upper = tag.to_ascii_uppercase();
        for text in [format!("<{tag}>\na\n"), format!("</{upper} x\n\nb"), format!("- <{tag}/>\n  c\n")] {
            assert!(check(&text), "not read by the fast path: {text:?}");
        }
        for text in [format!("<{tag}x>\n"), format!("<{tag}-a>\n"), format!("<x{tag}>\n")] {
            assert!(parse(&text, 0).is_none(), "read by the fast path: {text:?}");
        }
    }
    for name in ["a", "zz", "colg", "h", "h7", "hea", "menuitems", "tracks", "b", "ul1", "addresss", "blockquotes"] {
        let text = format!("<{name}>\n");
        assert!(parse(&text, 0).is_none(), "read by the fast path: {text:?}");
    }
}

#[test]
fn gives_up_on_the_block_constructs_left_out() {
    for text in [
        "<span>\n",
        "<a href=\"x\">\n",
        "a <b> c\n",
        "# a <b>\n",
        "| a | <b> |\n|-|-|\n",
        "<div>\n\u{c}\n",
        "\t<div>\n",
        "<div>\n\tx\n",
        "1. <div>\n   \tx\n   \t\n",
        "[^a b]: x\n",
        "[^]: x\n",
        "[^1\\]]: x\n",
        "[^1]:\tx\n",
        "\t[^1]: x\n",
    ] {
        assert!(parse(text, 0).is_none(), "read by the fast path: {text:?}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use proptest::prelude::*;

    /// Line starts: containers, HTML block starts of each type and their near misses, footnote definitions.
    const STARTS: &[&str] = &[
        "",
        "",
        "",
        " ",
        "  ",
        "   ",
        "    ",
        "     ",
        "- ",
        "  - ",
        "1. ",
        "- [ ] ",
        "> ",
        ">",
        "> > ",
        ">  ",
        "> - ",
        "- > ",
        "# ",
        "```",
        "---",
        "<div>",
        "<div",
        "<DIV ",
        "</div>",
        "<details><summary>x</summary>",
        "<p/>",
        "<hr/>",
        "<h1>",
        "<h7>",
        "<divx>",
        "<div/",
        "<span>",
        "<a>",
        "<pre>",
        "<pre",
        "<Script>",
        "<style",
        "<textarea",
        "<prex>",
        "<!-- ",
        "<!--",
        "<!-",
        "<?x",
        "<!DOCTYPE html>",
        "<!x",
        "<![CDATA[",
        "<![CDATA",
        "< div>",
        "<",
        "-->",
        "?>",
        "]]>",
        "</pre>",
        "</style>",
        "[^1]: ",
        "[^1]:",
        "[^a-b]: ",
        "[^1] ",
        "[^1]:  ",
        "[^1]: - ",
        "[^1]: > ",
        "    [^2]: ",
        "  [^3]: ",
        "[^1]: [^2]: ",
        "[^ 1]: ",
        "[^]: ",
        "[1]: ",
        "    - ",
        "      ",
        "\t",
        "   \t",
        "\u{c}",
    ];

    /// Inline pieces: words, end strings of HTML blocks, brackets.
    const PIECES: &[&str] = &[
        "word",
        "two words",
        " ",
        "é",
        "`code`",
        "[a](b)",
        "[[a]]",
        "-->",
        "?>",
        "]]>",
        ">",
        "</pre>",
        "</PRE>",
        "</script>",
        "</style>",
        "</textarea>",
        "<div>",
        "<b>",
        "[^1]",
        "[",
        "]",
        ":",
        "- ",
        "#",
        "|",
        "\t",
        "\u{c}",
    ];

    pub(super) fn document() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (prop::sample::select(STARTS), prop::collection::vec(prop::sample::select(PIECES), 0..4))
                .prop_map(|(s, p)| format!("{s}{}", p.concat())),
            0..12,
        )
        .prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn agrees_with_pulldown_on_blocks(text in document()) {
            super::check(&text);
        }
    }
}
