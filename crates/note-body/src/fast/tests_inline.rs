//! The fast path's math, autolinks, `<` and footnote references against pulldown-cmark: fixed cases and generated
//! Markdown around those constructs and their near misses.

use super::parse;
use super::tests::check;

#[test]
fn reads_math_autolinks_and_footnote_references() {
    for text in [
        "m $a_1$ n",
        "$$\np_{95} = \\operatorname{q}(t) \\quad \\#notatag\n$$\nLatency $t_{OPS-1}$ stays under budget.[^1]\n",
        "x <https://a/b#c> y <mailto:x@y.z> < z <>",
        "[a <http://x> b](y) and [<ab:c>](d)",
        "a < b, a <( b, a <@ b, 1 < 2, <>, </ a",
        "`$` $x$ and $a `b$ c` d`",
        "a [^1] text [see [^1]](x) [^a-b_c.d]",
        "\\$x$ and $x\\$ y$ and $x{$ y}$",
        "- a $x$\n  b $$y$$\n> $z$ q\n> q <http://q>\n",
        "price $ 5 and $",
        "$a$$b$ $$$$ $a{b}c$ ${$ }$",
        "| a | b |\n| - | - |\n| [^1] | c |\n",
        "# Title [^1]\n\ntext\n",
        "a\n$$\nx\n$$\n",
    ] {
        assert!(check(text), "not read by the fast path: {text:?}");
    }
}

#[test]
fn gives_up_on_what_it_does_not_follow() {
    for text in [
        "a <b> c",
        "a </b> c",
        "a <!-- c -->",
        "a <?x?>",
        "a <a@b.c>",
        "a <3",
        "a <= b",
        "a </@b.c>",
        "  <http://x>\n",
        "# a $x$",
        "# a <http://x>",
        "| a |\n| - |\n| $x$ |\n",
        "$5 or $6",
        "a $x",
        "a >$x$",
        "$}$2+2$",
        "[^a b]",
        "[^1](x)",
        "[^1][a]",
        "![^1]",
    ] {
        assert!(parse(text, 0).is_none(), "read by the fast path: {text:?}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use proptest::prelude::*;

    /// Line starts: containers and blocks whose text the inline scan reads, and near misses.
    const STARTS: &[&str] = &[
        "",
        "",
        "",
        " ",
        "  ",
        "    ",
        "- ",
        "1. ",
        "> ",
        ">",
        "> - ",
        "# ",
        "## ",
        "| a | b |",
        "|-|-|",
        "$$",
        "$",
        "<",
        "<http://x>",
        "[^1] ",
        "[^1]: ",
        "```",
        "---",
    ];

    /// Inline pieces: math, braces, escapes, autolinks, HTML-like text, footnote references, and their near misses.
    const PIECES: &[&str] = &[
        "word",
        " ",
        "  ",
        "é",
        "$",
        "$$",
        "$x$",
        "$$x$$",
        " $",
        "$ ",
        "$a b$",
        "{",
        "}",
        "{a}",
        "\\$",
        "\\{",
        "\\}",
        "\\",
        "`",
        "`$`",
        "``",
        "<",
        ">",
        "<a>",
        "</a>",
        "<!-- c -->",
        "<?p?>",
        "<http://x>",
        "<a@b.c>",
        "<ab:c d>",
        "<a:b>",
        "<mailto:x@y.z>",
        "<x@y>",
        "<-x@y.z>",
        "<a-@b.c>",
        "<a@b-.c>",
        "a@b",
        "<1x:y>",
        "[^1]",
        "[^a]",
        "[^ab-c]",
        "[^]",
        "[^",
        "![^1]",
        "[^1](x)",
        "[^1][a]",
        "[^a b]",
        "[",
        "]",
        "](x)",
        "[a](b)",
        "![i](j)",
        "!",
        "*",
        "_",
        "&amp;",
        "|",
        "\\|",
        "#",
        "\t",
        "\0",
    ];

    /// Line starts of blocks whose inlines the fast path reads.
    const SAFE_STARTS: &[&str] =
        &["", "a ", "a ", " a", "  a", "- a ", "1. a", "> a ", "> - a", "    - a ", "$$", "a $$", "$x$ ", "`$` "];

    /// Pieces the fast path mostly reads: whole spans, and single delimiters that can neither open nor close.
    const SAFE_PIECES: &[&str] = &[
        "word",
        " ",
        " ",
        "é",
        "$x$",
        "$$x$$",
        "$a b$",
        "$x_{1}$",
        "${a}$",
        "$a$$b$",
        "$`$",
        "$[a]$",
        "$<a>$",
        " $ ",
        "{",
        "}",
        "{a}",
        "\\$",
        "\\{",
        "\\}",
        "\\\\",
        "`$`",
        "`c`",
        "<http://x>",
        "<a@b.c>",
        " < ",
        "<3",
        "<-",
        "a@b",
        "[^1]",
        "[^a-b]",
        "[^]",
        " [^1] ",
        "[",
        "]",
        "](x)",
        "[a](b)",
        "![i](j)",
        "[[a]]",
        "*",
        "&amp;",
        "|",
        "\\[",
    ];

    fn safe_document() -> impl Strategy<Value = String> {
        let line = (prop::sample::select(SAFE_STARTS), prop::collection::vec(prop::sample::select(SAFE_PIECES), 0..8))
            .prop_map(|(start, pieces)| format!("{start}{}", pieces.concat()));
        prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n"))
    }

    fn document() -> impl Strategy<Value = String> {
        let line = (prop::sample::select(STARTS), prop::collection::vec(prop::sample::select(PIECES), 0..8))
            .prop_map(|(start, pieces)| format!("{start}{}", pieces.concat()));
        prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn agrees_with_pulldown_on_inlines(text in document()) {
            super::check(&text);
        }

        #[test]
        fn agrees_with_pulldown_on_handled_inlines(text in safe_document()) {
            super::check(&text);
        }
    }
}
