//! Every type read through `json_object!` or `json_enum!` is covered by the read-back tests of
//! `src/json_objects/read_back_tests.rs`: this test reads the crate's sources, finds the macros' uses and compares
//! them with that module's two lists (`written_types!(…)` and `READ_ONLY`, read from its text), so that a new reader
//! cannot be left out, nor a struct serde writes be listed as read-only. It reads files, so it lives here and not in
//! the (sans-IO) crate.

use std::path::{Path, PathBuf};

/// The names of the types `text` declares through the macros (`json_object!(Name`, `json_object!(default Name`,
/// `json_enum!(Name`), code lines only.
fn declared(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines().filter(|line| !line.trim_start().starts_with("//")) {
        for macro_name in ["json_object!(", "json_enum!("] {
            for (at, _) in line.match_indices(macro_name) {
                let rest = line[at + macro_name.len()..].trim_start();
                let rest = rest.strip_prefix("default ").unwrap_or(rest).trim_start();
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// Whether the declaration of struct `name` in `text` derives `Serialize` (its attribute lines say so).
fn derives_serialize(text: &str, name: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let declares = |line: &str| {
        line.split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0] == "struct" && w[1].trim_end_matches(['{', ';']).split('<').next() == Some(name))
    };
    lines.iter().position(|line| declares(line)).is_some_and(|at| {
        lines[..at]
            .iter()
            .rev()
            .take_while(|line| line.trim_start().starts_with("#[") || line.trim_start().starts_with("///"))
            .any(|line| line.contains("Serialize"))
    })
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push((path.clone(), std::fs::read_to_string(&path).expect("source is readable")));
        }
    }
}

/// The read-back module's lists: the last path segment of each `written_types!(…)` entry, and the
/// `(file, name)` pairs of `READ_ONLY`.
fn lists(text: &str) -> (Vec<String>, Vec<(String, String)>) {
    let section = |start: &str, end: &str| -> Vec<String> {
        let from = text.find(start).map(|at| at + start.len()).expect("the list is in the module");
        let to = from + text[from..].find(end).expect("the list ends");
        text[from..to]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(String::from)
            .collect()
    };
    let written = section("\nwritten_types!(\n", "\n);")
        .iter()
        .map(|line| line.trim_end_matches(',').rsplit("::").next().unwrap_or(line).to_string())
        .collect();
    let read_only = section("const READ_ONLY: &[(&str, &str)] = &[\n", "\n];")
        .iter()
        .map(|line| {
            let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
            assert_eq!(quoted.len(), 2, "a READ_ONLY entry is (file, name): {line}");
            (quoted[0].to_string(), quoted[1].to_string())
        })
        .collect();
    (written, read_only)
}

#[test]
fn every_macro_reader_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let tests = root.join("json_objects/read_back_tests.rs");
    let (written, read_only) = lists(&std::fs::read_to_string(&tests).expect("the read-back tests are readable"));
    // The macros' own files and the read-back tests hold their definitions and their tests' types.
    let own = [root.join("json_objects/object.rs"), root.join("json_objects/variants.rs"), tests];
    let mut found = Vec::new();
    for (path, text) in files.iter().filter(|(path, _)| !own.contains(path)) {
        for name in declared(text) {
            let file = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
            if read_only.iter().any(|(f, n)| *f == file && *n == name) {
                assert!(
                    !derives_serialize(text, &name),
                    "{name} ({}) is written with serde: list it as written",
                    path.display()
                );
            }
            found.push(name);
        }
    }
    found.sort();
    let mut listed: Vec<String> = written.into_iter().chain(read_only.into_iter().map(|(_, name)| name)).collect();
    listed.sort();
    assert_eq!(found, listed, "every json_object!/json_enum! type is in written_types! or READ_ONLY");
}
