//! Native ceiling of the vault scan benchmark (`bench/scan.ts`): pulldown-cmark event iteration over the very
//! same note texts the wasm `parseNote` reads, with the extensions a vault needs (tables, task lists,
//! strikethrough, YAML metadata blocks). It only iterates and counts events: no front matter parsing, no
//! extraction, so it is an upper bound for any reader built on pulldown-cmark. Beside it, the core's own
//! `parse_note` natively (no wasm, no crossing into JavaScript), to tell the reader's cost from the boundary's.
//!
//! `cargo run --release --example scan_bench -- FILE [RUNS]`: FILE holds the notes separated by NUL bytes.
//! Prints one JSON object: `{"medianMs", "minMs", "maxMs", "runs", "mbPerS", "notes", "bytes", "events",
//! "parseNote": {"medianMs", "minMs", "maxMs", "mbPerS"}}`.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use jira_vault_sync::parse_note;
use pulldown_cmark::{Options, Parser};

/// Sorted milliseconds of `runs` timed calls of `f` (after one warm-up call).
fn timings(runs: usize, mut f: impl FnMut() -> usize) -> Vec<f64> {
    std::hint::black_box(f());
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            std::hint::black_box(f());
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: scan_bench FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            std::process::exit(2);
        }
    };
    let notes: Vec<&str> = text.split('\0').collect();
    let bytes: usize = notes.iter().map(|n| n.len()).sum();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let scan = || notes.iter().map(|n| Parser::new_ext(n, options).count()).sum::<usize>();
    let events = scan();
    let ms = timings(runs, scan);
    let median = ms[ms.len() / 2];
    let mb_per_s = bytes as f64 / 1e6 / (median / 1e3);
    let pn = timings(runs, || notes.iter().map(|n| parse_note(n, None).headings.len()).sum());
    let pn_median = pn[pn.len() / 2];
    let pn_mb_per_s = bytes as f64 / 1e6 / (pn_median / 1e3);
    println!(
        "{{\"medianMs\":{median},\"minMs\":{},\"maxMs\":{},\"runs\":{runs},\"mbPerS\":{mb_per_s},\"notes\":{},\"bytes\":{bytes},\"events\":{events},\"parseNote\":{{\"medianMs\":{pn_median},\"minMs\":{},\"maxMs\":{},\"mbPerS\":{pn_mb_per_s}}}}}",
        ms[0],
        ms[ms.len() - 1],
        notes.len(),
        pn[0],
        pn[pn.len() - 1],
    );
}
