//! Helpers shared by the integration tests: fixture loading, readable diffs, and an in-memory vault for the engine.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// All files with extension `ext` in `dir` (relative to the root), sorted, as (name, contents).
pub fn fixtures(dir: &str, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root().join(dir)) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
    out.sort();
    out
}

/// Reads a JSON file, if present.
pub fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// A line diff of two texts: lines only in `want` are marked `-`, only in `got` `+`.
pub fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    // Longest common subsequence table, fine for fixture-sized texts.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    out
}

/// Pretty JSON for diffs.
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Law 1 on one document: `markdown_to_adf(adf_to_markdown(doc)) == doc` after normalisation.
/// Returns a failure report, or `None`.
pub fn law1(case: &str, doc: &Value) -> Option<String> {
    let md = match jira_vault_sync::adf_to_markdown(doc) {
        Ok(md) => md,
        Err(e) => return Some(format!("{case}: adf_to_markdown failed: {e}")),
    };
    let back = jira_vault_sync::markdown_to_adf(&md);
    let (want, got) = (jira_vault_sync::adf::normalise(doc), jira_vault_sync::adf::normalise(&back));
    (want != got).then(|| {
        format!(
            "{case}: not lossless\n--- markdown ---\n{md}\n--- diff (- want, + got) ---\n{}",
            diff(&pretty(&want), &pretty(&got))
        )
    })
}

/// Applies one of the engine's note edits to an in-memory vault as a driver does: written and reported applied
/// when the file's text (or its absence) is what the edit expects, reported stale with the text found otherwise.
pub fn apply_edit(
    files: &mut std::collections::BTreeMap<String, String>,
    run: &mut jira_vault_sync::sync::SyncRun,
    edit: jira_vault_sync::sync::VaultEdit,
) {
    use jira_vault_sync::sync::EditOutcome;
    let current = files.get(&edit.path).cloned();
    if current == edit.expected {
        let path = edit.path.clone();
        files.insert(edit.path, edit.content);
        run.handle_edit(&path, EditOutcome::Applied);
    } else {
        run.handle_edit(&edit.path, EditOutcome::Stale { current });
    }
}
