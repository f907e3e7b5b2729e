//! Text edits the worklog sync makes in notes: a ` ^wl-<id>` appended to a line, a line rewritten or removed,
//! lines appended to the worklog section (created at the end of the note when missing).
//!
//! Invariants: edits are byte-range replacements planned against one text and applied from the end, so they
//! never shift each other; only the lines concerned change; the result never loses other text.

use crate::text::Span;

/// One replacement of `text[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TextOp {
    pub start: usize,
    pub end: usize,
    pub with: String,
}

/// Appends ` ^wl-<id>` at the end of the line `span`.
pub(super) fn append_id(span: Span, id: &str) -> TextOp {
    TextOp { start: span.end, end: span.end, with: format!(" ^wl-{id}") }
}

/// Replaces the line `span` (without its ending) by `line`.
pub(super) fn replace_line(span: Span, line: String) -> TextOp {
    TextOp { start: span.start, end: span.end, with: line }
}

/// Removes the line `span` and its line ending.
pub(super) fn remove_line(text: &str, span: Span) -> TextOp {
    let rest = text.get(span.end..).unwrap_or("");
    let end = if rest.starts_with("\r\n") {
        span.end + 2
    } else if rest.starts_with('\n') {
        span.end + 1
    } else {
        span.end
    };
    TextOp { start: span.start, end, with: String::new() }
}

/// Inserts `lines` at the end of the worklog section headed `heading` (after its last non-blank line), or
/// appends a `## heading` section with them at the end of the note.
pub(super) fn append_to_section(text: &str, heading: &str, lines: &[String]) -> TextOp {
    let block: String = lines.iter().map(|l| format!("{l}\n")).collect();
    match section_end(text, heading) {
        Some((at, newline_first)) => {
            let with = if newline_first { format!("\n{}", block.trim_end_matches('\n')) } else { block };
            TextOp { start: at, end: at, with }
        }
        None => {
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            TextOp { start: text.len(), end: text.len(), with: format!("{sep}## {heading}\n{block}") }
        }
    }
}

/// Where to insert after the last non-blank line of the section: just after that line's ending, or (when the
/// line ends the text without an ending) at the very end, with a line break first (`true`).
fn section_end(text: &str, heading: &str) -> Option<(usize, bool)> {
    let (from, to) = section_range(text, heading)?;
    // The heading line counts as the section's first line, so an empty section inserts right below it.
    let mut last_end = from;
    let mut pos = from;
    for (i, raw) in text[from..to].split_inclusive('\n').enumerate() {
        pos += raw.len();
        if i == 0 || !raw.trim().is_empty() {
            last_end = pos;
        }
    }
    Some((last_end, !text[..last_end].ends_with('\n')))
}

/// The byte range of the worklog section headed `heading` (its heading line up to the next heading of the same
/// or a higher level, the *Child issues* start marker, or the end), outside code fences.
pub(super) fn section_range(text: &str, heading: &str) -> Option<(usize, usize)> {
    let mut found: Option<(usize, usize)> = None;
    let mut fence = false;
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = pos;
        pos += raw.len();
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fence = !fence;
        }
        // The generated *Child issues* section ends any section before it (it is the sync's, not the user's).
        if let (Some((from, _)), false) = (found, fence) {
            if line == crate::alignment::child_section::START_MARKER {
                return Some((from, start));
            }
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if fence || !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        if let Some((from, level)) = found {
            if hashes <= level {
                return Some((from, start));
            }
            continue;
        }
        if line[hashes..].trim().trim_end_matches('#').trim().eq_ignore_ascii_case(heading) {
            found = Some((start, hashes));
        }
    }
    found.map(|(from, _)| (from, text.len()))
}

/// Applies replacements planned against `text` (non-overlapping; inserts at one offset keep their order).
pub(super) fn apply(text: &str, mut ops: Vec<TextOp>) -> String {
    crate::sort::sort_by(&mut ops, |a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for op in ops {
        if op.start < at || op.end > text.len() || !text.is_char_boundary(op.start) || !text.is_char_boundary(op.end) {
            continue;
        }
        out.push_str(&text[at..op.start]);
        out.push_str(&op.with);
        at = op.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, line: &str) -> Span {
        let start = text.find(line).unwrap_or(0);
        Span { start, end: start + line.len(), start_line: 1, end_line: 1 }
    }

    #[test]
    fn edits_touch_only_their_lines() {
        let text = "# N\n\n## Worklog\n- 2025-03-10 1h a\n- 2025-03-11 2h b\n\n## Notes\nx\n";
        let a = span(text, "- 2025-03-10 1h a");
        let b = span(text, "- 2025-03-11 2h b");
        let out = apply(
            text,
            vec![
                append_id(a, "1"),
                remove_line(text, b),
                append_to_section(text, "worklog", &["- 2025-03-12 1h c ^wl-3".into()]),
            ],
        );
        assert_eq!(out, "# N\n\n## Worklog\n- 2025-03-10 1h a ^wl-1\n- 2025-03-12 1h c ^wl-3\n\n## Notes\nx\n");
    }

    #[test]
    fn the_section_is_found_up_to_the_next_heading() {
        let text = "intro\n## Worklog\n- a\n### sub\n- b\n## Next\nx\n";
        assert_eq!(section_range(text, "worklog").map(|(a, b)| &text[a..b]), Some("## Worklog\n- a\n### sub\n- b\n"));
        assert_eq!(section_range("```\n## Worklog\n```\n", "Worklog"), None);
    }

    #[test]
    fn a_missing_section_is_created_at_the_end() {
        let out = apply("body", vec![append_to_section("body", "Worklog", &["- x".into()])]);
        assert_eq!(out, "body\n\n## Worklog\n- x\n");
        let text = "## Worklog\n- a";
        assert_eq!(apply(text, vec![append_to_section(text, "Worklog", &["- b".into()])]), "## Worklog\n- a\n- b");
    }
}
