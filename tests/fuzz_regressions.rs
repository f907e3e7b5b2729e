//! Inputs the fuzz targets (`fuzz/`) found, replayed through the very checks the targets run.
//!
//! Each file under `tests/fixtures/fuzz/<target>/` is one minimised input: raw bytes for `parse_note`,
//! `markdown_roundtrip` and `wiki_roundtrip` (read as UTF-8, lossily, as the targets do), a JSON document for
//! `adf_json`, and for `update_frontmatter` a JSON object `{"text": note, "changes": [[key, value], [key]]}`
//! (a one-element pair removes the key). The checks live in `fuzz/src/checks.rs`, included here, so a fixed
//! finding stays fixed in the normal test suite without the nightly toolchain.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use jira_vault_sync::frontmatter::Changes;
use serde_json::Value;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    // A target without findings has no folder.
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

/// Runs `check` on every input of `target` and reports all failures at once.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let cases = inputs(target);
    let failures: Vec<String> = cases
        .iter()
        .filter(|(_, bytes)| catch_unwind(AssertUnwindSafe(|| check(bytes))).is_err())
        .map(|(name, _)| name.clone())
        .collect();
    assert!(failures.is_empty(), "{target}: {} of {} inputs fail: {failures:?}", failures.len(), cases.len());
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn edit(bytes: &[u8]) -> (String, Changes) {
    let case: Value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("bad fixture: {e}"));
    let changes = case["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| (pair[0].as_str().unwrap_or_default().to_owned(), pair.get(1).cloned()))
        .collect();
    (case["text"].as_str().unwrap_or_default().to_owned(), changes)
}

#[test]
fn parse_note_findings() {
    replay("parse_note", |b| checks::parse_note(&text(b)));
}

#[test]
fn update_frontmatter_findings() {
    replay("update_frontmatter", |b| {
        let (note, changes) = edit(b);
        checks::update_frontmatter(&note, &changes);
    });
}

#[test]
fn markdown_roundtrip_findings() {
    replay("markdown_roundtrip", |b| checks::markdown_roundtrip(&text(b)));
}

#[test]
fn wiki_roundtrip_findings() {
    replay("wiki_roundtrip", |b| checks::wiki_roundtrip(&text(b)));
}

#[test]
fn adf_json_findings() {
    replay("adf_json", |b| checks::adf_json(&serde_json::from_slice(b).unwrap_or_else(|e| panic!("bad fixture: {e}"))));
}
