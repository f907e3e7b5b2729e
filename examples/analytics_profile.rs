//! Native timing of the analytics benchmark's work, for profiling outside wasm: reads the JSON text
//! `computeMetrics` gets (write it with `bench/analytics.ts --dump FILE`) and times its parts.
//!
//! `cargo run --release --example analytics_profile -- FILE [RUNS]` prints, per run, the milliseconds of
//! reading the input, computing the metrics and writing them as JSON. With `PARTS=1` it first times reading the
//! whole text without building anything (`IgnoredAny`: the JSON reader's floor), the history alone and the
//! worklogs alone. With `REPORTS=1` the file is instead the `generateReports` input (write it with
//! `bench/analytics.ts --dump-reports FILE`), and each run times reading it and making every report of it.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use jira_vault_sync::analytics::{AnalyticsInput, compute};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: analytics_profile INPUT.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let Ok(text) = std::fs::read_to_string(&file) else {
        eprintln!("cannot read {file}");
        std::process::exit(2);
    };
    if std::env::var("REPORTS").is_ok() {
        reports(&text, runs);
        return;
    }
    if std::env::var("PARTS").is_ok() {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let h = v["history"].to_string();
        let w = v["worklogs"].to_string();
        for _ in 0..runs {
            let t0 = Instant::now();
            let _: serde::de::IgnoredAny = serde_json::from_str(&text).unwrap_or(serde::de::IgnoredAny);
            let t1 = Instant::now();
            let a: Option<jira_vault_sync::history::SiteHistory> = serde_json::from_str(&h).ok();
            let t2 = Instant::now();
            let b: Option<Vec<jira_vault_sync::analytics::Worklog>> = serde_json::from_str(&w).ok();
            let t3 = Instant::now();
            drop((a, b));
            let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
            println!("ignored {:.1} ms, history {:.1} ms, worklogs {:.1} ms", ms(t0, t1), ms(t1, t2), ms(t2, t3));
        }
    }
    for _ in 0..runs {
        let t0 = Instant::now();
        let input: AnalyticsInput = match serde_json::from_str(&text) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("bad input: {e}");
                std::process::exit(2);
            }
        };
        let t1 = Instant::now();
        let metrics = compute(&input);
        let t2 = Instant::now();
        let out = serde_json::to_string(&metrics).unwrap_or_default();
        let t3 = Instant::now();
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        println!(
            "parse {:.1} ms, compute {:.1} ms, write {:.1} ms ({} bytes out)",
            ms(t0, t1),
            ms(t1, t2),
            ms(t2, t3),
            out.len()
        );
    }
}

/// Times reading a `generateReports` input and making its reports, `runs` times.
fn reports(text: &str, runs: usize) {
    for _ in 0..runs {
        let t0 = Instant::now();
        let input: jira_vault_sync::report::BatchInput = match serde_json::from_str(text) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("bad input: {e}");
                std::process::exit(2);
            }
        };
        let t1 = Instant::now();
        let made = jira_vault_sync::report::generate_batch(&input);
        let t2 = Instant::now();
        let bytes = made.map_or(0, |r| r.iter().map(|r| r.markdown.len()).sum::<usize>());
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        println!("read {:.1} ms, reports {:.1} ms ({bytes} bytes of notes)", ms(t0, t1), ms(t1, t2));
    }
}
