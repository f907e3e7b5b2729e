//! Runs the literate front matter fixtures in `tests/fixtures/frontmatter/`.
//!
//! Each `*.fixture` file opens with `#` comment lines saying what it covers, then sections headed by lines
//! `=== <name> [options]`. A section's text is every line up to the next header, line endings included.
//! Options rewrite it: `crlf` turns `\n` into `\r\n`, `bom` prefixes a UTF-8 BOM, `no-final-newline` drops the
//! last line ending. Sections:
//! - `input`: the note (required).
//! - `changes`: a JSON object of key → new value, `null` meaning *remove* (as from JavaScript).
//! - `output`: the expected note after `update_frontmatter(input, changes)`.
//! - `error`: instead of `output`, a fragment of the expected error message.
//! - `mapping`: the JSON that `parse(input).mapping` must equal (`null` for none).
//! - `diagnostics`: expected diagnostics of `parse(input)`, one `code line:column` per line.
//!
//! Every fixture also checks that updating with no changes returns the input byte for byte, and that a written
//! output parses to the input's mapping with the changes applied.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use jira_vault_sync::frontmatter::{Changes, Mapping, parse, update_frontmatter};
use serde_json::Value;

/// A fixture's sections by name.
type Sections = BTreeMap<String, String>;

fn sections(source: &str) -> Result<Sections, String> {
    let mut out = Sections::new();
    let mut current: Option<(String, Vec<String>, String)> = None;
    let close = |current: Option<(String, Vec<String>, String)>, out: &mut Sections| {
        if let Some((name, options, mut text)) = current {
            for option in &options {
                match option.as_str() {
                    "crlf" => text = text.replace('\n', "\r\n"),
                    "no-final-newline" => {
                        let trimmed = text.strip_suffix('\n').unwrap_or(&text);
                        text = trimmed.strip_suffix('\r').unwrap_or(trimmed).to_owned();
                    }
                    "bom" => text.insert(0, '\u{feff}'),
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            out.insert(name, text);
        }
        Ok(())
    };
    for line in source.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("=== ") {
            close(current.take(), &mut out)?;
            let mut words = header.split_whitespace().map(str::to_owned);
            let name = words.next().ok_or("empty section header")?;
            // `crlf` must apply before `no-final-newline`, and `bom` last; sort them so.
            let mut options: Vec<String> = words.collect();
            options.sort_by_key(|o| ["crlf", "no-final-newline", "bom"].iter().position(|k| k == o));
            current = Some((name, options, String::new()));
        } else if let Some((_, _, text)) = &mut current {
            text.push_str(line);
        } else if !line.starts_with('#') && !line.trim().is_empty() {
            return Err(format!("text before the first section: {line:?}"));
        }
    }
    close(current, &mut out)?;
    Ok(out)
}

fn check(name: &str, s: &Sections) -> Result<(), String> {
    let input = s.get("input").ok_or("no `input` section")?;
    let parsed = parse(input);
    if update_frontmatter(input, &Changes::new()).as_ref() != Ok(input) {
        return Err("updating with no changes altered the note".into());
    }
    if let Some(expected) = s.get("mapping") {
        let expected: Value = serde_json::from_str(expected).map_err(|e| format!("bad `mapping` JSON: {e}"))?;
        let actual = parsed.mapping.clone().map_or(Value::Null, Value::Object);
        if actual != expected {
            return Err(format!("mapping\n  expected {expected}\n  actual   {actual}"));
        }
    }
    if let Some(expected) = s.get("diagnostics") {
        let expected: Vec<&str> = expected.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let actual: Vec<String> =
            parsed.diagnostics.iter().map(|d| format!("{} {}:{}", d.code, d.line, d.column)).collect();
        if actual != expected {
            return Err(format!("diagnostics\n  expected {expected:?}\n  actual   {actual:?}"));
        }
    }
    let Some(changes) = s.get("changes") else { return Ok(()) };
    let changes: Mapping = serde_json::from_str(changes).map_err(|e| format!("bad `changes` JSON: {e}"))?;
    let changes = Changes::from_json_object(changes);
    let result = update_frontmatter(input, &changes);
    match (s.get("output"), s.get("error"), result) {
        (Some(expected), None, Ok(actual)) => {
            if actual != *expected {
                return Err(format!("output\n--- expected\n{expected:?}\n--- actual\n{actual:?}"));
            }
            let mut intended = parsed.mapping.unwrap_or_default();
            for (k, v) in changes.iter() {
                match v {
                    Some(v) => intended.insert(k.to_owned(), v.clone()),
                    None => intended.shift_remove(k),
                };
            }
            if parse(&actual).mapping.unwrap_or_default() != intended {
                return Err("the output does not read back as the intended mapping".into());
            }
        }
        (None, Some(fragment), Err(e)) => {
            if !e.to_string().contains(fragment.trim()) {
                return Err(format!("error `{e}` does not contain `{}`", fragment.trim()));
            }
        }
        (_, _, result) => return Err(format!("{name}: unexpected result {result:?}")),
    }
    Ok(())
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/frontmatter");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("fixture directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "fixture"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "expected the fixtures in {}", dir.display());
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let source = fs::read_to_string(path).map_err(|e| e.to_string());
            let outcome = source.and_then(|src| sections(&src)).and_then(|s| check(&name, &s));
            outcome.err().map(|e| format!("{name}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} fixture(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
