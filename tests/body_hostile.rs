//! Hostile bodies: huge, deeply nested or degenerate notes must parse without panic or stack overflow, in time
//! roughly linear in their size. Run with `--nocapture` to see the timings (`--release` for real figures).
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use jira_vault_sync::{Note, parse_note};

fn timed(name: &str, text: &str) -> Note {
    let t = Instant::now();
    let note = parse_note(text, None);
    eprintln!(
        "{name}: {} bytes in {:?} ({} tasks, {} tags, {} keys, {} links, {} headings)",
        text.len(),
        t.elapsed(),
        note.tasks.len(),
        note.tags.len(),
        note.jira_keys.len(),
        note.wiki_links.len(),
        note.headings.len()
    );
    note
}

const MB: usize = 1 << 20;

/// Unoptimised builds run the many-shape tests on a quarter of the input, to keep `cargo test` quick; the
/// 10 MB tests always run at full size. `cargo test --release` runs everything at full size.
const SHRINK: usize = if cfg!(debug_assertions) { 4 } else { 1 };

#[test]
fn ten_megabyte_realistic_note() {
    let chunk = "## Incident OPS-12 #ops/incident\n\nSee [[OPS-12 Fix login|the issue]] and `OPS-99 #no`.\n\n\
                 - [ ] Follow up OPS-13 📅 2024-05-01 ⏫ #todo ^b1\n  - [x] Sub ✅ 2024-05-02\n\n\
                 | a | [[x\\|y]] |\n|---|---|\n| OPS-14 | $x$ |\n\n```\nOPS-15 #code\n```\n\n";
    let text = chunk.repeat(10 * MB / chunk.len());
    let n = timed("10 MB realistic", &text);
    let reps = 10 * MB / chunk.len();
    assert_eq!(n.tasks.len(), 2 * reps);
    assert_eq!(n.jira_keys.len(), 3 * reps);
    assert_eq!(n.tasks[1].parent, Some(0));
}

#[test]
fn hundred_thousand_nested_list_markers_on_one_line() {
    let text = format!("{}[ ] deep OPS-1 #t\n", "- ".repeat(100_000));
    let n = timed("100k `- ` nesting", &text);
    // Past 100 levels the line is paragraph text: the tag and key are still found, but there is no task.
    assert_eq!((n.tags.len(), n.jira_keys.len(), n.tasks.len()), (1, 1, 0));
    let d: Vec<_> = n.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(d, vec![("body-nesting-limit", 1, 201)]);
}

#[test]
fn hundred_thousand_nested_block_quotes() {
    let text = format!("{} - [ ] quoted OPS-1 #t\n", ">".repeat(100_000));
    timed("100k `>` nesting", &text);
    let text = format!("{}x\n", "> ".repeat(100_000)).repeat(3);
    timed("3 lines of 100k `> `", &text);
}

#[test]
fn ten_megabytes_of_deep_nesting() {
    let text = format!("{}x\n", "- ".repeat(100_000)).repeat(50);
    timed("50 lines of 100k `- `", &text);
    let text = format!("{}x\n", ">".repeat(100_000)).repeat(100);
    timed("100 lines of 100k `>`", &text);
    let text = format!("{}[ ] t\n", "> - ".repeat(25_000)).repeat(100);
    timed("100 lines of 25k `> - `", &text);
}

#[test]
fn wide_tables() {
    let cols = 100_000 / SHRINK;
    let text = format!("{}|\n{}|\n{}|\n", "| a ".repeat(cols), "|---".repeat(cols), "| OPS-1 #t ".repeat(cols));
    let n = timed("table with 100k columns", &text);
    assert_eq!(n.jira_keys.len(), cols);
    let text = format!("| a | b |\n|---|---|\n{}", "| [[x\\|y]] | OPS-2 |\n".repeat(MB / 22 / SHRINK));
    let n = timed("table with 47k rows (/ SHRINK)", &text);
    assert_eq!(n.wiki_links[0].alias.as_deref(), Some("y"));
}

#[test]
fn deep_indented_task_tree() {
    // Indentation grows by 2 per level: 3000 levels is ~9 MB.
    let mut text = String::new();
    for depth in 0..3000 / SHRINK {
        text.push_str(&" ".repeat(2 * depth));
        text.push_str("- [ ] t\n");
    }
    let n = timed("3000-level indented tasks", &text);
    assert!(!n.tasks.is_empty());
    // Either pulldown-cmark nests them all (each task's parent is the previous) or it stops nesting.
    for (i, t) in n.tasks.iter().enumerate().skip(1) {
        assert!(t.parent.is_none_or(|p| p < i));
    }
}

#[test]
fn degenerate_runs() {
    for (name, unit, n) in [
        ("[", "[", MB),
        ("[[", "[[", MB / 2),
        ("]]", "]]", MB / 2),
        ("#", "#", MB),
        ("%%", "%%", MB / 2),
        ("OPS-", "OPS-", MB / 4),
        ("*", "*", MB),
        ("_a", "_a", MB / 2),
        ("`", "` ", MB / 2),
        ("``` x `", "``` x `", MB / 8),
        ("$", "$a", MB / 2),
        ("<", "<", MB),
        ("![[", "![[a", MB / 4),
        ("[x](", "[x](", MB / 4),
        ("http://", "http://a ", MB / 8),
        ("- [ ]", "- [ ] a\n", MB / 8),
        ("tags", "#a ", MB / 3),
        ("keys", "OPS-1 ", MB / 6),
        ("links", "[[a]]", MB / 5),
        ("fffd", "\u{FFFD}#\u{FFFD} [[\u{FFFD}]] ", MB / 16),
        ("emoji", "- [ ] 📅\u{FE0F} 2024-02-30 🔁 ⏫️\n", MB / 32),
        ("footnotes", "[^a] [^a]: ", MB / 12),
        ("refdefs", "[a]: <b> 'c'\n", MB / 14),
        ("$$", "$$", MB / 2),
        ("~~", "~~a", MB / 3),
        ("<!--", "<!-- ", MB / 5),
        ("<div>", "<div>\n", MB / 6),
        ("fences", "```\n", MB / 4),
        ("unclosed code", "x `` y", MB / 6),
    ] {
        timed(name, &unit.repeat(n / SHRINK));
    }
}
