//! Throughput benchmark of the Markdown ↔ ADF converter on a realistic ~1 MB note.
//!
//! Generates, deterministically, a note of CommonMark + GFM the way people write them (headings, paragraphs
//! with emphasis, code spans and links, bullet and nested lists, task lists, tables, fenced code, block
//! quotes), then times `markdown_to_adf` and `adf_to_markdown` over a few runs and prints the best MB/s.
//! It prints only; the laws live in `tests/`.
//!
//! `cargo run --release --example convert_profile [SIZE_KB | NOTE.md]`: the generated note (1024 KB unless a
//! size is given), or a note of your own.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::time::Instant;

use jira_vault_sync::convert::{markdown_to_wiki, wiki_to_markdown};
use jira_vault_sync::{adf_to_markdown, markdown_to_adf};

/// A tiny deterministic generator (xorshift), so every run converts the same note.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

const WORDS: &[&str] = &[
    "the", "sync", "issue", "vault", "Jira", "note", "field", "status", "release", "we", "should", "update", "deploy",
    "backend", "service", "request", "response", "timeout", "user", "story", "sprint", "review", "build", "fails",
    "when", "cache", "is", "cold", "and", "retry", "with", "backoff", "team", "agreed",
];

fn sentence(r: &mut Rng) -> String {
    let mut s = String::new();
    let n = 6 + r.below(12);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let w = WORDS[r.below(WORDS.len())];
        match r.below(14) {
            0 => write!(s, "**{w}**"),
            1 => write!(s, "*{w}*"),
            2 => write!(s, "`{w}()`"),
            3 => write!(s, "[{w}](https://example.com/{w}/{i})"),
            4 => write!(s, "~~{w}~~"),
            5 if i + 1 < n => write!(s, "https://example.org/{w}"),
            _ => write!(s, "{w}"),
        }
        .unwrap_or(());
    }
    s.push('.');
    s
}

fn paragraph(r: &mut Rng) -> String {
    (0..1 + r.below(4)).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}

fn section(r: &mut Rng, out: &mut String) {
    let _ = writeln!(out, "## {}\n", sentence(r).trim_end_matches('.'));
    for _ in 0..1 + r.below(3) {
        let _ = writeln!(out, "{}\n", paragraph(r));
    }
    match r.below(6) {
        0 => {
            for _ in 0..2 + r.below(4) {
                let _ = writeln!(out, "- {}", sentence(r));
                if r.below(3) == 0 {
                    for _ in 0..1 + r.below(3) {
                        let _ = writeln!(out, "  - {}", sentence(r));
                    }
                }
            }
        }
        1 => {
            for _ in 0..2 + r.below(5) {
                let check = if r.below(2) == 0 { "x" } else { " " };
                let _ = writeln!(out, "- [{check}] {}", sentence(r));
            }
        }
        2 => {
            let _ = writeln!(out, "| Key | Summary | Status |\n| --- | --- | --- |");
            for i in 0..3 + r.below(8) {
                let _ = writeln!(out, "| JVS-{i} | {} | **{}** |", sentence(r), WORDS[r.below(WORDS.len())]);
            }
        }
        3 => {
            let _ = writeln!(out, "```rust");
            for i in 0..4 + r.below(12) {
                let _ = writeln!(out, "let x{i} = service.call(\"{}\")?;", WORDS[r.below(WORDS.len())]);
            }
            let _ = writeln!(out, "```");
        }
        4 => {
            for _ in 0..1 + r.below(3) {
                let _ = writeln!(out, "> {}", sentence(r));
            }
        }
        _ => {
            for i in 0..2 + r.below(4) {
                let _ = writeln!(out, "{}. {}", i + 1, sentence(r));
            }
        }
    }
    out.push('\n');
}

fn note(bytes: usize) -> String {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::from("# Sprint notes\n\n");
    while out.len() < bytes {
        section(&mut r, &mut out);
    }
    out
}

/// The best of `runs` timings of `f`, in MB/s of `bytes`. Never inlined, so that callgrind can collect this
/// call alone (`--toggle-collect='convert_profile::best_mb_s*'`) without the set-up.
#[inline(never)]
fn best_mb_s(runs: usize, bytes: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    bytes as f64 / 1e6 / best
}

fn main() {
    let arg = std::env::args().nth(1);
    // `ONLY=md2adf|md2adf_json|adf2md|adf2md_json|adf2wiki|md2wiki|md2wiki_adf|wiki2md|wiki2md_adf` times one direction (`RUNS` times, default once) (for callgrind), after the set-up.
    let only = std::env::var("ONLY").ok();
    let md = match arg.as_deref().map(|a| (a, a.parse::<usize>())) {
        None => note(1024 * 1024),
        Some((_, Ok(kb))) => note(kb * 1024),
        Some((path, Err(_))) => std::fs::read_to_string(path).unwrap_or_default(),
    };
    let adf = markdown_to_adf(&md);
    let wiki = markdown_to_wiki(&md).unwrap_or_default();
    let runs = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(if only.is_some() { 1 } else { 3 });
    let wanted = |d: &str| only.as_deref().is_none_or(|o| o == d);
    if only.is_none() {
        let back = adf_to_markdown(&adf).unwrap_or_default();
        let fallbacks = back.matches("```adf").count();
        let blocks = adf["content"].as_array().map_or(&[][..], Vec::as_slice);
        let proven = |wiki: bool| blocks.iter().filter(|b| jira_vault_sync::adf::is_proven_block(b, wiki)).count();
        println!(
            "note: {} bytes, {} top-level blocks ({} proven for Markdown, {} for wiki), {fallbacks} adf fallbacks",
            md.len(),
            blocks.len(),
            proven(false),
            proven(true)
        );
        let direct = jira_vault_sync::convert::direct_wiki_blocks(&md);
        let same = jira_vault_sync::convert::markdown_to_wiki_via_adf(&md).ok().as_deref() == Some(wiki.as_str());
        println!("Markdown → wiki: {direct} top-level blocks written directly; same as through ADF: {same}");
        let direct = jira_vault_sync::convert::direct_markdown_blocks(&wiki);
        let same = jira_vault_sync::convert::wiki_to_markdown_via_adf(&wiki).ok() == wiki_to_markdown(&wiki).ok();
        println!("wiki → Markdown: {direct} top-level blocks written directly; same as through ADF: {same}");
        if let Ok(which) = std::env::var("UNPROVEN") {
            // `UNPROVEN=md` lists blocks outside the Markdown writer's subset, anything else the wiki writer's: the
            // first 8, or all of them when the value ends in `all` (`UNPROVEN=all`, `UNPROVEN=mdall`).
            let wiki = !which.starts_with("md");
            let shown = if which.ends_with("all") { usize::MAX } else { 8 };
            for b in blocks.iter().filter(|b| !jira_vault_sync::adf::is_proven_block(b, wiki)).take(shown) {
                println!("unproven: {b}");
            }
        }
    }
    if wanted("md2adf") {
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(markdown_to_adf(std::hint::black_box(&md)));
        });
        println!("markdown_to_adf: {r:.2} MB/s");
    }
    if wanted("md2adf_json") {
        // As `markdownToAdf` hands it to JavaScript: the ADF and its JSON text.
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(jira_vault_sync::markdown::markdown_to_adf_json(std::hint::black_box(&md)));
        });
        println!("markdown_to_adf_json: {r:.2} MB/s");
    }
    if wanted("adf2md") {
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(adf_to_markdown(std::hint::black_box(&adf)).ok());
        });
        println!("adf_to_markdown: {r:.2} MB/s");
    }
    if wanted("adf2md_json") {
        // As `adfToMarkdown` reads it: the document's JSON text (`JSON.stringify`'s), read straight from the text.
        let json = serde_json::to_string(&adf).unwrap_or_default();
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(jira_vault_sync::adf::adf_json_to_markdown(std::hint::black_box(&json)));
        });
        println!("adf_json_to_markdown: {r:.2} MB/s");
    }
    if wanted("adf2wiki") {
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(jira_vault_sync::wiki::adf_to_wiki(std::hint::black_box(&adf)).ok());
        });
        println!("adf_to_wiki: {r:.2} MB/s (of the Markdown it came from)");
    }
    if wanted("md2wiki") {
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(markdown_to_wiki(std::hint::black_box(&md)).ok());
        });
        println!("markdown_to_wiki: {r:.2} MB/s");
    }
    if wanted("md2wiki_adf") {
        let r = best_mb_s(runs, md.len(), || {
            std::hint::black_box(jira_vault_sync::convert::markdown_to_wiki_via_adf(std::hint::black_box(&md)).ok());
        });
        println!("markdown_to_wiki through ADF: {r:.2} MB/s");
    }
    if wanted("wiki2md_adf") {
        let r = best_mb_s(runs, wiki.len(), || {
            std::hint::black_box(jira_vault_sync::convert::wiki_to_markdown_via_adf(std::hint::black_box(&wiki)).ok());
        });
        println!("wiki_to_markdown through ADF: {r:.2} MB/s");
    }
    if wanted("wiki2md") {
        let r = best_mb_s(runs, wiki.len(), || {
            std::hint::black_box(wiki_to_markdown(std::hint::black_box(&wiki)).ok());
        });
        println!("wiki_to_markdown: {r:.2} MB/s");
    }
}
