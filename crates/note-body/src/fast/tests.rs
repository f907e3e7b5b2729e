//! The fast path against pulldown-cmark: fixed cases, generated Markdown (the subset and its near misses) and,
//! on request, whole corpora.

use super::parse;
use crate::markdown::{pulldown, same};

/// Whether the fast path reads `text`; panics if it reads it differently from pulldown-cmark.
pub(super) fn check(text: &str) -> bool {
    let Some(fast) = parse(text, 0) else { return false };
    let slow = pulldown(text, text, 0);
    assert!(same(&fast, &slow, text.len()), "{text:?}\nfast {fast:?}\nslow {slow:?}");
    true
}

#[test]
fn reads_the_common_subset() {
    for text in [
        "",
        "\n\n",
        "# Title\n\nSome *text* with [[a link|alias]] and `code` and [x](http://y/z) ![i](j.png).\n",
        "- a\n  - b\n    - [ ] c\n- d\n\n1. e\n2. f\n   more\nlazy\n",
        "```ts\nconst x = 1;\n```\n\n~~~\n- not an item\n~~~\n",
        "- ```\n  a\n  ```\n- b\n",
        "| a | b |\n| --- | :-: |\n| `c` | [[d\\|e]] |\nrow\n",
        "- a\n\n  x | y\n  |-|-|\n  | [a](b) |\n",
        "- [ ] a\n\t- [ ] b\n\t\t- c\n\t- d\n- e\n    1. f\n",
        "> [!note] Title\n> text [[a]] `b`\n> - x\n>   - y\nlazy\n> - [ ] t\n\n> q\n",
        "- ```\n  a\nb\n",
        "```\nunclosed\n\n",
        "## A b c ##\n#\n# #\n### x ###  \n# [[a]] x#\n",
        "a\n***\nb\n- - -\n",
        "- [ ] task [[OPS-1]] #tag 📅 2025-01-01\n    - [x] done\n",
        "text [a](b) [c]() [d] [e][f] ![[embed.png|600]]\n",
        "[[a]](x) ![a [b](c)](d)\n",
        "a\n2. b\n- c\n",
        "1) a\n10. b\n  - c\n",
    ] {
        assert!(check(text), "not read by the fast path: {text:?}");
    }
}

#[test]
fn gives_up_outside_the_subset() {
    for text in [
        "a\r\nb",
        "<span>\n",
        "a <b> c",
        "$5 or $6",
        "# \t#",
        "- [ ] \t\n   1. ",
        "[^1]: [^1]\\[\n| ](x)\n",
        "[^1] [^1]\\[^]\n[^1]: ",
        "[a]: http://x\n",
        "\tindented",
        "> a\n>\tb",
        "    code\n",
        "a\n---\n",
        "| a |\n| - | - |\n",
        "-\n",
        "# a *b*\n",
        "# a `b`\n",
        "a `b",
        "[a](<b>)",
        "[a](b \"t\")",
        "a | b\\\n- | -\n1 | 2\n",
    ] {
        assert!(parse(text, 0).is_none(), "read by the fast path: {text:?}");
    }
}

/// The block and inline halves together: footnote references against the body's definitions (before or after
/// them, ASCII case-insensitively), math and autolinks beside HTML blocks.
#[test]
fn reads_blocks_and_inlines_together() {
    for text in [
        "[^1]\n",
        "<div>\n",
        "[^1]: a\n",
        "$x$\n<div>\n",
        "x [^1] y\n\n[^1]: a\n",
        "[^n]: a $b$\n\nx [^N] y <http://z>\n",
        "x [^b] y\n\n[^a]: a\n",
        "- x [^1]\n  <div>\n  </div>\n\n[^1]: a\n    more $y$\n",
        "> [^1]: a\n\n> x [^1]\n",
    ] {
        assert!(check(text), "not read by the fast path: {text:?}");
    }
}

#[test]
fn offsets_include_the_body_start() {
    let text = "---\nx: 1\n---\n# T\n- a `b`\n";
    let fast = parse(&text[13..], 13).expect("fast");
    let slow = pulldown(text, &text[13..], 13);
    assert!(same(&fast, &slow, text.len()));
    assert_eq!(fast.headings[0].offset, 13);
}

/// Reads the NUL-separated notes of each file named in `FAST_CORPUS` (colon-separated), front matter cut off as
/// the core does, and compares every note the fast path reads; prints the share of notes and bytes it read.
#[test]
#[ignore = "needs FAST_CORPUS=path/to/notes.txt[:…]"]
fn corpora() {
    let Ok(files) = std::env::var("FAST_CORPUS") else { return };
    for file in files.split(':') {
        let all = std::fs::read_to_string(file).expect("corpus");
        let (mut notes, mut read, mut bytes, mut read_bytes) = (0, 0, 0, 0);
        for note in all.split('\0') {
            let start = body_start(note);
            let body = &note[start..];
            notes += 1;
            bytes += body.len();
            if let Some(fast) = parse(body, start) {
                let slow = pulldown(note, body, start);
                assert!(same(&fast, &slow, note.len()), "{file}: note {notes} differs");
                read += 1;
                read_bytes += body.len();
            }
        }
        #[allow(clippy::print_stdout)]
        {
            println!("{file}: fast path read {read} of {notes} notes, {read_bytes} of {bytes} body bytes");
        }
    }
}

/// Where the body starts: after a `---` front matter block, as the core cuts it (closely enough for a corpus).
fn body_start(note: &str) -> usize {
    if let Some(rest) = note.strip_prefix("---\n") {
        if let Some(i) = rest.find("\n---\n") {
            return 4 + i + 5;
        }
    }
    0
}

#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use proptest::prelude::*;

    /// Line starts: the subset's block markers and their near misses.
    const STARTS: &[&str] = &[
        "",
        "",
        "",
        " ",
        "  ",
        "   ",
        "    ",
        "     ",
        "      ",
        "- ",
        "-",
        "-  ",
        "-     ",
        "* ",
        "+ ",
        "1. ",
        "2. ",
        "1) ",
        "01. ",
        "1234567890. ",
        "- [ ] ",
        "- [x] ",
        "- [/] ",
        "  - ",
        "    - ",
        "   1. ",
        "- - ",
        "# ",
        "## ",
        "###### ",
        "####### ",
        "#",
        "#\t",
        "```",
        "```ts",
        "````",
        "~~~",
        "``` a`b",
        "> ",
        "| ",
        "---",
        "***",
        "___",
        "- - -",
        "===",
        "--",
        "<div>",
        "\t",
        "\t- ",
        "[a]: ",
        "[^1]: ",
        "[ ] ",
        "|---|---|",
        "| - | :-: |",
        "--- | ---",
        "-|-",
        "|-",
        "||-|",
        "  | --- |",
        "a | b",
        "| a | b |",
        "| \\| ",
    ];

    /// Inline pieces: words, the handled constructs and their near misses.
    const PIECES: &[&str] = &[
        "word",
        "two words",
        " ",
        "  ",
        "é",
        "日本",
        "`",
        "``",
        "`code`",
        "``a`b``",
        "[",
        "]",
        "(",
        ")",
        "](x)",
        "](x \"t\")",
        "](<x>)",
        "]( x)",
        "[[a]]",
        "[[a|b]]",
        "[a](b)",
        "![i](j)",
        "[a]",
        "[a][b]",
        "[]()",
        "![",
        "!",
        "$",
        "$x$",
        "<",
        "<b>",
        "\\",
        "\\`",
        "\\[",
        "\\!",
        "&amp;",
        "&",
        "*",
        "**b**",
        "_",
        "~",
        "~~s~~",
        "[^1]",
        "\"",
        "#",
        " #",
        " ##",
        ":",
        "|",
        "-",
        "http://x/y",
        "%%",
        "\t",
        "\r",
        "\0",
        " ^id",
        "^^y^^",
        "\\\\|",
    ];

    /// Line starts of the subset (and the spacing that decides nesting and laziness).
    const SAFE_STARTS: &[&str] = &[
        "",
        "",
        "",
        " ",
        "  ",
        "   ",
        "    ",
        "      ",
        "- ",
        "-  ",
        "* ",
        "+ ",
        "1. ",
        "2. ",
        "1) ",
        "- [ ] ",
        "- [x] ",
        "  - ",
        "    - ",
        "   1. ",
        "- - ",
        "# ",
        "## ",
        "#",
        "```",
        "~~~",
        "````",
        "---",
        "***",
        "- - -",
        "  ```",
        "- ```",
        "|---|---|",
        "| - | :-: |",
        "--- | ---",
        "| a | b |",
        "a | b | ",
        "  | --- |",
        "|-",
        "| a ",
        "> ",
        ">",
        "> > ",
        "> - ",
        ">   - ",
        " > ",
        "> [!note] ",
        "> ```",
        "> | a | b |",
        "> |-|-|",
        ">> ",
        "> 1. ",
        "- > ",
        "  > ",
    ];

    /// Inline pieces of the subset.
    const SAFE_PIECES: &[&str] = &[
        "word",
        "two words",
        " ",
        "é",
        "日本",
        "`code`",
        "``a`b``",
        "`",
        "[",
        "]",
        "(",
        ")",
        "](x)",
        "](x \"t\")",
        "[[a]]",
        "[[a|b]]",
        "[a](b)",
        "![i](j)",
        "[a]",
        "[a][b]",
        "[]()",
        "!",
        "&",
        "*",
        "**b**",
        "_",
        "#",
        " #",
        " ##",
        ":",
        "|",
        "|",
        " | ",
        "\\|",
        "-",
        "http://x/y",
        "%%",
        "\\[",
        "\\!",
    ];

    fn line() -> impl Strategy<Value = String> {
        (prop::sample::select(STARTS), prop::collection::vec(prop::sample::select(PIECES), 0..6))
            .prop_map(|(start, pieces)| format!("{start}{}", pieces.concat()))
    }

    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec(line(), 0..10).prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn any_of_three_agrees_with_a_byte_loop(hay in "[a<$\r\u{e9}]{0,40}") {
            let naive = hay.bytes().any(|c| c == b'\r' || c == b'<' || c == b'$');
            prop_assert_eq!(crate::bytes::any_of_three(hay.as_bytes(), b'\r', b'<', b'$'), naive);
        }

        #[test]
        fn agrees_with_pulldown(text in document()) {
            super::check(&text);
        }

        #[test]
        fn agrees_with_pulldown_on_the_subset(
            text in prop::collection::vec(
                (prop::sample::select(SAFE_STARTS), prop::collection::vec(prop::sample::select(SAFE_PIECES), 0..6))
                    .prop_map(|(s, p)| format!("{s}{}", p.concat())),
                0..14,
            ).prop_map(|lines| lines.join("\n"))
        ) {
            super::check(&text);
        }
    }
}
