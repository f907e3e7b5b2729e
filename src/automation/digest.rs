//! The digest note that rules' `digest` actions write to: one line per action, under a heading for the local
//! date, the newest day last (the note reads top to bottom like a log; an entry is only ever appended).
//!
//! Invariants: adding entries only inserts lines: every line already in the note (the user's too) stays as it is,
//! byte for byte, and keeps its place. A day's entries go at the end of that day's section (a heading whose text
//! is the date, any level); a day without one gets a `## YYYY-MM-DD` section at the end of the note. A missing
//! note starts with a title. An entry is one line: line breaks in the rendered text become spaces.

use super::note_text::append_under;

/// The first line of a digest note the sync creates.
pub const DIGEST_TITLE: &str = "# Automation digest";

/// One digest entry as a line: `- 09:30 [[Jira/OPS/OPS-1 Fix login|OPS-1]] text`, with a wiki-link to the
/// issue's note when it has one (`note`: its vault path), else the bare key.
pub fn digest_line(time: &str, key: &str, note: Option<&str>, text: &str) -> String {
    let issue = match note {
        Some(path) => format!("[[{}|{key}]]", path.strip_suffix(".md").unwrap_or(path)),
        None => key.to_owned(),
    };
    let text = text.replace(['\r', '\n'], " ");
    let text = text.trim();
    if text.is_empty() { format!("- {time} {issue}") } else { format!("- {time} {issue} {text}") }
}

/// The digest note's text with `lines` added under the heading for `date` (`None`: the note does not exist yet).
pub fn add_to_digest(note: Option<&str>, date: &str, lines: &[String]) -> String {
    let start = note.map_or_else(|| format!("{DIGEST_TITLE}\n"), str::to_owned);
    lines.iter().fold(start, |text, line| append_under(&text, date, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_links_the_note_or_names_the_key() {
        let linked = digest_line("09:30", "OPS-1", Some("Jira/OPS/OPS-1 Fix login.md"), "due\r\nsoon ");
        assert_eq!(linked, "- 09:30 [[Jira/OPS/OPS-1 Fix login|OPS-1]] due  soon");
        assert_eq!(digest_line("23:05", "OPS-2", None, ""), "- 23:05 OPS-2");
    }

    #[test]
    fn a_missing_note_is_created_with_a_title_and_the_day() {
        let lines = ["- 09:30 OPS-1 a".to_owned(), "- 09:30 OPS-2 b".to_owned()];
        let text = add_to_digest(None, "2026-12-03", &lines);
        assert_eq!(text, "# Automation digest\n\n## 2026-12-03\n\n- 09:30 OPS-1 a\n- 09:30 OPS-2 b\n");
    }

    #[test]
    fn entries_join_their_day_or_start_a_new_day_last_and_keep_every_other_line() {
        let note = "---\ntags: [log]\n---\n# My digest\nmy words\n\n## 2026-12-02\n\n- 10:00 OPS-1 a\n\nI wrote this\n\n## Notes\nkeep\n";
        let same_day = add_to_digest(Some(note), "2026-12-02", &["- 11:00 OPS-3 c".to_owned()]);
        assert_eq!(same_day, note.replace("I wrote this\n", "I wrote this\n- 11:00 OPS-3 c\n"));
        let next_day = add_to_digest(Some(note), "2026-12-03", &["- 08:00 OPS-2 b".to_owned()]);
        assert!(next_day.starts_with(note.trim_end()), "{next_day}");
        assert!(next_day.ends_with("keep\n\n## 2026-12-03\n\n- 08:00 OPS-2 b\n"), "{next_day:?}");
    }
}
