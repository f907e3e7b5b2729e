//! Native replay of a recorded sync (`bench/results/plan-N.json`, written by `bench/plan.ts`), for profiling
//! the engine outside wasm: the same input and answers, through [`SyncRun`] directly.
//!
//! `cargo run --release --example plan_profile -- bench/results/plan-10000.json [RUNS]` prints the milliseconds
//! of each run (the state read from its stored text, then new → done, as `SyncEngine.fromStored` does; and
//! finish) and the time per engine call. Each engine call is a function of its own, never inlined, so that
//! `valgrind --tool=callgrind` and `callgrind_annotate --inclusive=yes` give each call's instruction count
//! (`plan_profile::start`, `::poll`, `::handle_response`, …; `--collect-atstart=no --toggle-collect=
//! plan_profile::poll` for one call alone). Answers are matched by method, path, JQL and page token; edits are
//! answered "applied"; notes the engine asks for (`readNotes`) from the recording's `texts`; the zone offset is
//! the simulator's Alice (Europe/Berlin in June, +120 minutes).
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use jira_vault_sync::sync::{Action, EditOutcome, NoteFile, Response, RunInput, SiteState, SyncRun};
use serde_json::Value;

fn key(method: &str, path: &str, body: Option<&Value>) -> String {
    let field = |name: &str| body.and_then(|b| b.get(name)).and_then(Value::as_str).unwrap_or("").to_owned();
    format!("{method} {path} {} {}", field("jql"), field("nextPageToken"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: plan_profile RECORDING.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let recording: Value = match std::fs::read_to_string(&file).map(|t| serde_json::from_str(&t)) {
        Ok(Ok(v)) => v,
        _ => {
            eprintln!("cannot read {file}");
            std::process::exit(2);
        }
    };
    // The input as `SyncEngine.fromStored` gets it: the input without its state, and the state as its stored text
    // (read at each run's start, as the engine reads the state file's text).
    let mut input_value = recording["input"].clone();
    let state_text = input_value.as_object_mut().and_then(|o| o.remove("state")).unwrap_or(Value::Null).to_string();
    let input_text = input_value.to_string();
    let t = Instant::now();
    let input: RunInput = match serde_json::from_str(&input_text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("bad input: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "input: {:.1} MB of JSON read in {:.1} ms",
        input_text.len() as f64 / 1e6,
        t.elapsed().as_secs_f64() * 1e3
    );
    let texts: BTreeMap<String, NoteFile> = recording["texts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| serde_json::from_value::<NoteFile>(t.clone()).ok())
        .map(|n| (n.path.clone(), n))
        .collect();
    let mut answers: BTreeMap<String, VecDeque<(u16, Value, Option<String>)>> = BTreeMap::new();
    for a in recording["answers"].as_array().into_iter().flatten() {
        let parts: Value = serde_json::from_str(a["key"].as_str().unwrap_or("[]")).unwrap_or(Value::Null);
        let k = key(parts[0].as_str().unwrap_or(""), parts[1].as_str().unwrap_or(""), Some(&parts[3]));
        let status = u16::try_from(a["status"].as_u64().unwrap_or(0)).unwrap_or(0);
        let error = a["error"].as_str().map(str::to_owned);
        answers.entry(k).or_default().push_back((status, a["body"].clone(), error));
    }
    for _ in 0..runs {
        let mut queues = answers.clone();
        let mut calls = Calls::default();
        let t0 = Instant::now();
        let mut run = calls.time("start", || start(input.clone(), &state_text));
        loop {
            match calls.time("poll", || poll(&mut run)) {
                Action::Requests { requests } => {
                    for r in requests {
                        let k = key(&r.method, &r.path, r.body.as_ref());
                        let Some((status, body, error)) = queues.get_mut(&k).and_then(VecDeque::pop_front) else {
                            eprintln!("no recorded answer for {k}");
                            std::process::exit(1);
                        };
                        let response = Response { id: r.id, status, body, error, date: None };
                        calls.time("handleResponse", || handle_response(&mut run, response));
                    }
                }
                Action::Edits { edits } => {
                    for e in edits {
                        calls.time("handleEdit", || handle_edit(&mut run, &e.path));
                    }
                }
                Action::SaveJournal { .. } => run.journal_saved(),
                Action::ZoneOffsets { instants, .. } => run.handle_zone_offsets(&vec![120; instants.len()]),
                Action::ReadNotes { paths } => {
                    let notes = paths.iter().filter_map(|p| texts.get(p).cloned()).collect();
                    calls.time("handleNotes", || handle_notes(&mut run, notes));
                }
                Action::Notes => {
                    eprintln!("the run asked for its notes: the recording should give them in its input");
                    std::process::exit(1);
                }
                Action::Done => break,
            }
        }
        let t1 = Instant::now();
        let report = finish(run);
        let t2 = Instant::now();
        println!(
            "plan {:.1} ms, finish {:.1} ms, requests {}, fatal {:?}; {}",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            report.counts.requests,
            report.fatal,
            calls.summary()
        );
    }
}

/// Milliseconds spent per kind of engine call in one run.
#[derive(Default)]
struct Calls(BTreeMap<&'static str, f64>);

impl Calls {
    fn time<T>(&mut self, name: &'static str, call: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = call();
        *self.0.entry(name).or_default() += t.elapsed().as_secs_f64() * 1e3;
        out
    }

    fn summary(&self) -> String {
        self.0.iter().map(|(name, ms)| format!("{name} {ms:.1} ms")).collect::<Vec<_>>().join(", ")
    }
}

// One function per engine call, never inlined, so that a profile (`valgrind --tool=callgrind`, then
// `callgrind_annotate --inclusive=yes`) shows each call's inclusive cost under its own name.

/// `SyncEngine.fromStored`: the state read from its stored text, then the run built.
#[inline(never)]
fn start(mut input: RunInput, state_text: &str) -> SyncRun {
    input.state = match SiteState::from_stored(Some(state_text), None) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("bad state: {e}");
            std::process::exit(2);
        }
    };
    SyncRun::new(input)
}

#[inline(never)]
fn poll(run: &mut SyncRun) -> Action {
    run.poll()
}

#[inline(never)]
fn handle_response(run: &mut SyncRun, response: Response) {
    run.handle_response(response);
}

#[inline(never)]
fn handle_edit(run: &mut SyncRun, path: &str) {
    run.handle_edit(path, EditOutcome::Applied);
}

#[inline(never)]
fn handle_notes(run: &mut SyncRun, notes: Vec<NoteFile>) {
    run.handle_notes(notes);
}

#[inline(never)]
fn finish(run: SyncRun) -> jira_vault_sync::sync::RunReport {
    run.finish()
}
