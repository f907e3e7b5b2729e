//! The *Child issues* section of a parent's note (an epic, or an issue with sub-tasks): a table of its child
//! issues (key as a wiki-link to the child's note, summary, status) between two marker lines the sync owns.
//!
//! Invariants:
//! - Everything from the [`START_MARKER`] line to the [`END_MARKER`] line is the sync's: it is replaced whole,
//!   never merged, and the text around it is the user's and is kept byte for byte. The markers are Obsidian
//!   comments (`%% … %%`), hidden in reading view.
//! - The section is not part of the note's body value ([`without_section`]), so it never goes into Jira's
//!   description, and a body rewritten by the sync keeps it.
//! - Jira's text in a cell is escaped ([`md_cell`]: HTML characters as entities, link brackets broken, pipes
//!   escaped; `%%` broken so it cannot open a comment): nothing in a summary can end the section or run code.
//! - The same children give the same text (sorted by project, then number), so an unchanged set is no write.

use std::borrow::Cow;

use crate::report::escape::md_cell;

/// The line opening the section.
pub const START_MARKER: &str =
    "%% jira-vault-sync: child issues start (generated; edits up to the end marker are replaced) %%";
/// The line closing the section.
pub const END_MARKER: &str = "%% jira-vault-sync: child issues end %%";

/// One child issue as the section lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// The issue key.
    pub key: String,
    /// How the key is written: a wiki-link to the child's note, or the plain key.
    pub reference: String,
    /// The summary (Jira's text).
    pub summary: String,
    /// The Jira status name.
    pub status: String,
}

/// The section for `children` (both markers, ending with a line break); `None` when there are none.
pub fn render_section(children: &[Child]) -> Option<String> {
    if children.is_empty() {
        return None;
    }
    let mut sorted: Vec<&Child> = children.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| key_order(&a.key).cmp(&key_order(&b.key)).then_with(|| a.key.cmp(&b.key)));
    let mut out = format!("{START_MARKER}\n## Child issues\n\n| Issue | Summary | Status |\n| --- | --- | --- |\n");
    for c in sorted {
        // A wiki-link's `|` would split the cell; the sync writes links without an alias.
        let reference = if c.reference.starts_with("[[") { c.reference.clone() } else { cell(&c.reference) };
        out.push_str(&format!("| {reference} | {} | {} |\n", cell(&c.summary), cell(&c.status)));
    }
    out.push_str(END_MARKER);
    out.push('\n');
    Some(out)
}

/// A table cell of Jira's text.
fn cell(s: &str) -> String {
    md_cell(s).replace("%%", "%&#37;")
}

/// A key's sort order: project, then number.
fn key_order(key: &str) -> (&str, u64) {
    match key.rsplit_once('-') {
        Some((project, n)) => (project, n.parse().unwrap_or(u64::MAX)),
        None => (key, u64::MAX),
    }
}

/// The byte range of the section in `text` (start of the start marker's line to the end of the end marker's
/// line), when both markers are there in that order.
pub fn section_range(text: &str) -> Option<(usize, usize)> {
    let mut pos = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match start {
            None if trimmed == START_MARKER => start = Some(pos),
            Some(s) if trimmed == END_MARKER => return Some((s, pos + line.len())),
            _ => {}
        }
        pos += line.len();
    }
    None
}

/// `text` without the section (and the blank lines around it). The text above and the text below stay
/// separate paragraphs (one blank line between them), however closely the user wrote them to the markers: a
/// line typed right below the end marker never joins the last line above the section.
pub fn without_section(text: &str) -> Cow<'_, str> {
    if !text.contains(START_MARKER) {
        return Cow::Borrowed(text);
    }
    let Some((a, b)) = section_range(text) else { return Cow::Borrowed(text) };
    let head = text[..a].trim_end_matches(['\n', '\r']);
    let rest = &text[b..];
    let below = rest.trim_start_matches(['\n', '\r']);
    Cow::Owned(match (head.is_empty(), below.trim().is_empty()) {
        (_, true) => format!("{head}{rest}"),
        (true, false) => below.to_owned(),
        (false, false) => format!("{head}\n\n{below}"),
    })
}

/// The section `text` holds now, if any.
pub fn current_section(text: &str) -> Option<&str> {
    section_range(text).map(|(a, b)| &text[a..b])
}

/// `text` (a whole note) with its section replaced by `section`, added at the end when there is none, or
/// removed for `None`.
pub fn with_section(text: &str, section: Option<&str>) -> String {
    match (section_range(text), section) {
        (Some((a, b)), Some(s)) => format!("{}{s}{}", &text[..a], &text[b..]),
        (Some((a, b)), None) => {
            let head = text[..a].trim_end_matches(['\n', '\r']);
            let below = text[b..].trim_start_matches(['\n', '\r']);
            match (head.is_empty(), below.trim().is_empty()) {
                (_, true) => format!("{head}\n"),
                (true, false) => below.to_owned(),
                (false, false) => format!("{head}\n\n{below}"),
            }
        }
        (None, Some(s)) => {
            let head = text.trim_end_matches(['\n', '\r', ' ', '\t']);
            if head.is_empty() { s.to_owned() } else { format!("{head}\n\n{s}") }
        }
        (None, None) => text.to_owned(),
    }
}

/// A body the sync rewrote, with the section `content` (the note before) held appended again.
pub fn keep_section(content: &str, body: &str) -> String {
    match current_section(content) {
        Some(s) if body.trim().is_empty() => s.trim_end().to_owned(),
        Some(s) => format!("{}\n\n{}", body.trim_end(), s.trim_end()),
        None => body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(key: &str, summary: &str) -> Child {
        Child {
            key: key.into(),
            reference: format!("[[{key} {summary}]]"),
            summary: summary.into(),
            status: "To Do".into(),
        }
    }

    #[test]
    fn the_section_lists_children_in_key_order_with_jira_text_escaped() {
        let hostile = Child {
            key: "OPS-10".into(),
            reference: "OPS-10".into(),
            summary: format!("a | b [[x]] <script> %% {END_MARKER}"),
            status: "Done".into(),
        };
        let s = render_section(&[hostile, child("OPS-9", "Nine")]).unwrap_or_default();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], START_MARKER);
        assert_eq!(lines[1..5], ["## Child issues", "", "| Issue | Summary | Status |", "| --- | --- | --- |"]);
        assert_eq!(lines[5], "| [[OPS-9 Nine]] | Nine | To Do |");
        assert!(lines[6].starts_with("| OPS-10 | a \\| b "), "{}", lines[6]);
        assert!(!lines[6].contains("[[") && !lines[6].contains("<script>") && !lines[6].contains("%%"), "{}", lines[6]);
        assert_eq!(lines.last().copied(), Some(END_MARKER));
        // The summary cannot end the section early.
        let note = format!("Body\n\n{s}After\n");
        assert_eq!(section_range(&note), Some((6, 6 + s.len())));
        assert_eq!(render_section(&[]), None);
    }

    #[test]
    fn the_section_is_added_replaced_removed_and_left_out_of_the_body() {
        let one = render_section(&[child("OPS-3", "Three")]).unwrap_or_default();
        let two = render_section(&[child("OPS-3", "Three"), child("OPS-4", "Four")]).unwrap_or_default();
        let added = with_section("---\na: 1\n---\nMy text.\n", Some(&one));
        assert_eq!(added, format!("---\na: 1\n---\nMy text.\n\n{one}"));
        // Without the section and the blank lines before it (the body value is trimmed anyway).
        assert_eq!(without_section(&added), "---\na: 1\n---\nMy text.");
        let with_after = format!("{added}\nMy later text.\n");
        let replaced = with_section(&with_after, Some(&two));
        assert_eq!(replaced, format!("---\na: 1\n---\nMy text.\n\n{two}\nMy later text.\n"));
        assert_eq!(with_section(&replaced, None), "---\na: 1\n---\nMy text.\n\nMy later text.\n");
        assert_eq!(with_section(&added, None), "---\na: 1\n---\nMy text.\n");
        assert_eq!(keep_section(&added, "New body"), format!("New body\n\n{}", one.trim_end()));
        assert_eq!(keep_section("no section", "New body"), "New body");
        // Lines typed right against the markers stay paragraphs of their own, in the body and when it goes.
        let tight = format!("Above.\n{one}Below.\n");
        assert_eq!(without_section(&tight), "Above.\n\nBelow.\n");
        assert_eq!(with_section(&tight, None), "Above.\n\nBelow.\n");
        assert_eq!(without_section(&format!("{one}Below.\n")), "Below.\n");
        // A start marker alone is the user's text.
        assert_eq!(without_section(&format!("{START_MARKER}\nx\n")), format!("{START_MARKER}\nx\n"));
    }
}
