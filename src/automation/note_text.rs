//! Rules and note text: the [`NoteFacts`] of a note (properties, body and section fingerprints, task counts),
//! and the note actions as pure text edits (set properties, check tasks, append a line under a heading).
//!
//! A section is a heading and everything up to the next heading of the same or a higher level. Fingerprints are
//! FNV-1a over the text, stable across builds (they are kept in the sync state). Edits never touch anything
//! but what they name; a note they cannot edit (malformed front matter, no such heading) is an error message,
//! and the sync reports it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::facts::NoteFacts;
use crate::body::{Heading, scan};
use crate::frontmatter::{self, Changes, update_frontmatter};

/// FNV-1a over `text`, kept to its low 53 bits: a fingerprint stable across builds that survives the sync
/// state's trip through JavaScript, whose JSON numbers are doubles (a full 64-bit value came back rounded, so a
/// note's body looked changed at every run).
pub fn fingerprint(text: &str) -> u64 {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    h & ((1 << 53) - 1)
}

/// Where the body starts (after the front matter, if any).
fn body_start(text: &str) -> usize {
    frontmatter::parse(text).range.map_or(0, |r| r.end)
}

/// Each heading with the byte range of its section.
fn sections(text: &str, headings: &[Heading]) -> Vec<(String, std::ops::Range<usize>)> {
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings[i + 1..].iter().find(|n| n.level <= h.level).map_or(text.len(), |n| n.offset);
            (h.text.clone(), h.offset..end)
        })
        .collect()
}

/// The facts of the note at `path` with text `text`.
pub fn note_facts(path: &str, text: &str) -> NoteFacts {
    let parsed = frontmatter::parse(text);
    let mut properties = BTreeMap::new();
    for (k, v) in parsed.mapping.iter().flatten() {
        let texts: Vec<String> = match v {
            Value::Array(items) => items.iter().filter_map(value_text).collect(),
            other => value_text(other).into_iter().collect(),
        };
        if !texts.is_empty() {
            properties.insert(k.clone(), texts);
        }
    }
    let start = parsed.range.map_or(0, |r| r.end);
    let found = scan(text, start);
    let count = |range: &std::ops::Range<usize>| {
        let in_range = found.tasks.iter().filter(|t| range.contains(&t.offset));
        in_range.fold((0, 0), |(c, n), t| (c + u32::from(t.checked), n + 1))
    };
    let mut section_prints = BTreeMap::new();
    let mut section_tasks = BTreeMap::new();
    for (heading, range) in sections(text, &found.headings) {
        section_prints.entry(heading.clone()).or_insert_with(|| fingerprint(&text[range.clone()]));
        section_tasks.entry(heading).or_insert_with(|| count(&range));
    }
    let title = path.rsplit('/').next().unwrap_or(path);
    NoteFacts {
        path: path.to_owned(),
        title: title.strip_suffix(".md").unwrap_or(title).to_owned(),
        properties,
        body: fingerprint(text[start..].trim()),
        sections: section_prints,
        tasks: count(&(start..text.len())),
        section_tasks,
    }
}

/// Whether every task line in `text` carrying `key` is checked (`None`: no task carries it).
pub fn keyed_tasks_checked(text: &str, key: &str) -> Option<bool> {
    let found = scan(text, body_start(text));
    let keyed: Vec<bool> =
        found.tasks.iter().filter(|t| t.jira_key.as_deref() == Some(key)).map(|t| t.checked).collect();
    (!keyed.is_empty()).then(|| keyed.iter().all(|c| *c))
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// Sets note properties (front matter keys) to texts.
pub fn set_properties(text: &str, pairs: &[(String, String)]) -> Result<String, String> {
    let changes = pairs.iter().fold(Changes::new(), |c, (k, v)| c.set(k.clone(), Value::String(v.clone())));
    update_frontmatter(text, &changes).map_err(|e| e.to_string())
}

/// Checks every open task of the note (or of the section under `section`): `- [ ]` becomes `- [x]`.
pub fn check_tasks(text: &str, section: Option<&str>) -> Result<String, String> {
    let found = scan(text, body_start(text));
    let range = match section {
        None => 0..text.len(),
        Some(want) => sections(text, &found.headings)
            .into_iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(want))
            .map(|(_, r)| r)
            .ok_or_else(|| format!("the note has no heading \"{want}\""))?,
    };
    let mut out = text.to_owned();
    // Back to front, so earlier offsets stay valid.
    for task in found.tasks.iter().rev().filter(|t| t.status == ' ' && range.contains(&t.offset)) {
        let line_end = text[task.offset..].find('\n').map_or(text.len(), |i| task.offset + i);
        if let Some(open) = text[task.offset..line_end].find("[ ]") {
            let at = task.offset + open + 1;
            out.replace_range(at..at + 1, "x");
        }
    }
    Ok(out)
}

/// Appends `line` at the end of the section under `heading`, adding the heading at the end of the note when it
/// has none.
pub fn append_under(text: &str, heading: &str, line: &str) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = line.replace(['\r', '\n'], " ");
    let found = scan(text, body_start(text));
    match sections(text, &found.headings).into_iter().find(|(h, _)| h.eq_ignore_ascii_case(heading)) {
        Some((_, range)) => {
            let section = &text[range.clone()];
            let kept = section.trim_end_matches(['\r', '\n']);
            let rest = &section[kept.len()..];
            let tail = if rest.is_empty() { eol.to_owned() } else { rest.to_owned() };
            format!("{}{kept}{eol}{line}{tail}{}", &text[..range.start], &text[range.end..])
        }
        None => {
            let kept = text.trim_end_matches(['\r', '\n']);
            let gap = if kept.is_empty() { String::new() } else { format!("{eol}{eol}") };
            format!("{kept}{gap}## {heading}{eol}{eol}{line}{eol}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\ntitle: Fix login\nlabels: [a, b]\nempty: \"\"\n---\n# Plan\n- [x] one\n- [ ] two OPS-7\n\n## Log\nstarted\n\n# Other\n- [ ] three\n";

    #[test]
    fn facts_read_properties_sections_and_tasks() {
        let f = note_facts("Jira/OPS/OPS-1 Fix login.md", NOTE);
        assert_eq!(f.title, "OPS-1 Fix login");
        assert_eq!(f.properties.get("labels"), Some(&vec!["a".to_owned(), "b".to_owned()]));
        assert!(!f.properties.contains_key("empty"));
        assert_eq!(f.tasks, (1, 3));
        assert_eq!(f.section_tasks.get("Plan"), Some(&(1, 2)));
        assert_eq!(f.section_tasks.get("Other"), Some(&(0, 1)));
        assert_eq!(keyed_tasks_checked(NOTE, "OPS-7"), Some(false));
        assert_eq!(keyed_tasks_checked(NOTE, "OPS-8"), None);
        let edited = NOTE.replace("started", "started\nmore");
        let g = note_facts("x.md", &edited);
        assert_ne!(f.sections.get("Log"), g.sections.get("Log"));
        assert_eq!(f.sections.get("Other"), g.sections.get("Other"));
    }

    #[test]
    fn check_tasks_checks_open_tasks_only_in_the_section() {
        let all = check_tasks(NOTE, None).expect("checked");
        assert_eq!(note_facts("x.md", &all).tasks, (3, 3));
        let other = check_tasks(NOTE, Some("other")).expect("checked");
        assert!(other.contains("- [ ] two OPS-7") && other.contains("- [x] three"));
        assert!(check_tasks(NOTE, Some("Nope")).is_err());
    }

    #[test]
    fn append_goes_under_its_heading_or_a_new_one() {
        let a = append_under(NOTE, "Log", "done in Jira");
        assert!(a.contains("## Log\nstarted\ndone in Jira\n\n# Other"), "{a}");
        let b = append_under(NOTE, "Digest", "x");
        assert!(b.ends_with("- [ ] three\n\n## Digest\n\nx\n"), "{b}");
    }

    #[test]
    fn set_properties_keeps_the_rest() {
        let out = set_properties(NOTE, &[("current_state".into(), "reviewing".into())]).expect("set");
        assert!(out.contains("current_state: reviewing") && out.contains("# Plan\n- [x] one"));
    }
}
