//! A deterministic summary of what changed in a note's body since the sync last saw it (issue #17 item 4):
//! sections added, removed and changed (by heading), tasks checked, reopened, added and removed, and the lines
//! added and removed in all, as short Markdown bullets for a Jira comment. No model, no clock.
//!
//! Invariants:
//! - Both texts are read the same way: `%%comments%%` are taken out and secret-looking text is replaced (see
//!   `privacy`), so neither reaches a comment through a quoted task or heading.
//! - Headings and tasks inside fenced code are text, not structure.
//! - A section is known by its heading's level and text, and counts as changed when its lines other than task
//!   items and blank lines changed; of several with the same, the n-th is paired with
//!   the n-th. The text before the first heading is a section of its own.
//! - A task is known by its text without a Tasks-plugin done date (`✅ 2026-12-03`), so checking it off (which
//!   adds the date) is a check, not a removal and an addition.
//! - Each kind of bullet is cut at [`MAX_ITEMS`], with "and N more"; quoted texts at [`MAX_QUOTE`] characters.
//! - Never panics; equal texts (after line endings and trailing blanks) are "no change".

use serde::Serialize;

use super::privacy::{COMMENT_MARKER, without_comments};
use super::secrets::redact_secrets;

/// Most items of one kind named in the summary.
pub const MAX_ITEMS: usize = 6;
/// Longest quoted task or heading text, in characters.
pub const MAX_QUOTE: usize = 80;

/// What changed between the base and the body now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSummary {
    /// Nothing changed.
    pub unchanged: bool,
    /// Headings of sections that are new.
    pub sections_added: Vec<String>,
    /// Headings of sections that are gone.
    pub sections_removed: Vec<String>,
    /// Headings of sections whose text changed (`""`: the text before the first heading).
    pub sections_changed: Vec<String>,
    /// Tasks checked off (and new tasks already checked).
    pub tasks_checked: Vec<String>,
    /// Tasks unchecked again.
    pub tasks_reopened: Vec<String>,
    /// New tasks, not checked.
    pub tasks_added: Vec<String>,
    /// Tasks gone.
    pub tasks_removed: Vec<String>,
    /// Lines added in all.
    pub lines_added: usize,
    /// Lines removed in all.
    pub lines_removed: usize,
    /// The summary as Markdown bullets, one per line (empty when unchanged).
    pub markdown: String,
}

/// One section: its heading (`None` before the first) and its lines (the heading's not among them).
struct Section<'a> {
    heading: Option<(usize, String)>,
    lines: Vec<&'a str>,
}

/// A task item: its text (done date taken off) and whether it is checked.
#[derive(Clone)]
struct Task {
    text: String,
    checked: bool,
}

/// The text as summaries read it: LF line breaks, comments out, secrets replaced, trailing blanks off.
fn clean(text: &str) -> String {
    let lf = text.replace("\r\n", "\n");
    let (uncommented, _) = without_comments(&lf);
    // A comment leaves no trace in a summary (the model's request keeps the marker, so it knows text was there).
    let (redacted, _) = redact_secrets(&uncommented.replace(COMMENT_MARKER, ""));
    redacted.trim_end().to_owned()
}

/// Whether a line opens or closes a code fence.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// An ATX heading's level and text.
fn heading(line: &str) -> Option<(usize, String)> {
    let t =
        line.strip_prefix("   ").or_else(|| line.strip_prefix("  ")).or_else(|| line.strip_prefix(' ')).unwrap_or(line);
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((level, text.to_owned()))
}

/// A task item's text and state (`- [ ] a`, `* [x] a`, `1. [X] a`, quoted or indented).
fn task(line: &str) -> Option<Task> {
    let t = line.trim_start().trim_start_matches('>').trim_start();
    let after_marker = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?
    };
    let r = after_marker.strip_prefix(' ')?.trim_start();
    let mut chars = r.chars();
    let (open, mark, close) = (chars.next()?, chars.next()?, chars.next()?);
    if open != '[' || close != ']' {
        return None;
    }
    let checked = match mark {
        ' ' => false,
        'x' | 'X' => true,
        _ => return None,
    };
    let text = chars.as_str().trim();
    let text = match text.find("✅") {
        Some(at) if text[at..].chars().skip(1).filter(|c| c.is_ascii_digit()).count() == 8 => text[..at].trim_end(),
        _ => text,
    };
    Some(Task { text: text.to_owned(), checked })
}

/// The sections and tasks of a cleaned text.
fn read(text: &str) -> (Vec<Section<'_>>, Vec<Task>) {
    let mut sections = vec![Section { heading: None, lines: Vec::new() }];
    let mut tasks = Vec::new();
    let mut in_fence = false;
    for line in text.split('\n') {
        if is_fence(line) {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some(h) = heading(line) {
                sections.push(Section { heading: Some(h), lines: Vec::new() });
                continue;
            }
            if let Some(t) = task(line).filter(|t| !t.text.is_empty()) {
                tasks.push(t);
            }
        }
        if let Some(last) = sections.last_mut() {
            last.lines.push(line);
        }
    }
    (sections, tasks)
}

/// A section's lines other than task items (task changes have bullets of their own) and blank lines.
fn prose<'a>(section: &Section<'a>) -> Vec<&'a str> {
    section.lines.iter().copied().filter(|l| !l.trim().is_empty() && task(l).is_none()).collect()
}

/// Lines added and removed from `a` to `b`.
fn line_changes(a: &str, b: &str) -> (usize, usize) {
    if a == b {
        return (0, 0);
    }
    let (a, b) = (format!("{a}\n"), format!("{b}\n"));
    let patch = diffy::create_patch(&a, &b);
    let mut counts = (0, 0);
    for hunk in patch.hunks() {
        for line in hunk.lines() {
            match line {
                diffy::Line::Insert(_) => counts.0 += 1,
                diffy::Line::Delete(_) => counts.1 += 1,
                diffy::Line::Context(_) => {}
            }
        }
    }
    counts
}

/// `text` cut to [`MAX_QUOTE`] characters (an ellipsis marks the cut), on one line.
fn quote(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= MAX_QUOTE {
        return one;
    }
    let cut: String = one.chars().take(MAX_QUOTE - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Each section's identity: heading level and text, and which of that name it is.
fn identities(sections: &[Section<'_>]) -> Vec<(usize, String, usize)> {
    let mut seen: Vec<(usize, String, usize)> = Vec::new();
    for s in sections {
        let (level, text) = s.heading.clone().unwrap_or((0, String::new()));
        let nth = seen.iter().filter(|(l, t, _)| *l == level && *t == text).count();
        seen.push((level, text, nth));
    }
    seen
}

/// Matches tasks of `before` and `after` by text (the n-th with the n-th): (checked, reopened, added, removed).
fn task_changes(before: &[Task], after: &[Task]) -> [Vec<String>; 4] {
    let mut used = vec![false; before.len()];
    let (mut checked, mut reopened, mut added) = (Vec::new(), Vec::new(), Vec::new());
    for t in after {
        match (0..before.len()).find(|&i| !used[i] && before[i].text == t.text) {
            Some(i) => {
                used[i] = true;
                match (before[i].checked, t.checked) {
                    (false, true) => checked.push(t.text.clone()),
                    (true, false) => reopened.push(t.text.clone()),
                    _ => {}
                }
            }
            // A new task already checked is work done: it is named with the checked ones.
            None if t.checked => checked.push(t.text.clone()),
            None => added.push(t.text.clone()),
        }
    }
    let removed = before.iter().zip(&used).filter(|(_, u)| !**u).map(|(t, _)| t.text.clone()).collect();
    [checked, reopened, added, removed]
}

/// Bullets naming `items` after `lead` (at most [`MAX_ITEMS`], then "and N more").
fn bullets(out: &mut Vec<String>, lead: &str, items: &[String]) {
    for item in items.iter().take(MAX_ITEMS) {
        out.push(format!("- {lead}: {}", quote(item)));
    }
    if items.len() > MAX_ITEMS {
        out.push(format!("- … and {} more {}", items.len() - MAX_ITEMS, lead.to_lowercase()));
    }
}

/// A section's name in a bullet.
fn section_name(heading: &str) -> String {
    if heading.is_empty() {
        "the text before the first heading".to_owned()
    } else {
        format!("“{}”", quote(heading))
    }
}

/// Names a list of sections: "“A”, “B” and 2 more".
fn section_list(items: &[String]) -> String {
    let names: Vec<String> = items.iter().take(MAX_ITEMS).map(|h| section_name(h)).collect();
    let mut text = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if items.len() > MAX_ITEMS {
        text = format!("{text} and {} more", items.len() - MAX_ITEMS);
    }
    text
}

/// What changed from `base` (the body the sync last saw) to `now` (the body now).
pub fn summarise_changes(base: &str, now: &str) -> ChangeSummary {
    let (base, now) = (clean(base), clean(now));
    if base == now {
        return ChangeSummary { unchanged: true, ..Default::default() };
    }
    let (old_sections, old_tasks) = read(&base);
    let (new_sections, new_tasks) = read(&now);
    let (old_ids, new_ids) = (identities(&old_sections), identities(&new_sections));
    let mut summary = ChangeSummary::default();
    for (i, id) in new_ids.iter().enumerate() {
        match old_ids.iter().position(|o| o == id) {
            None => summary.sections_added.push(id.1.clone()),
            Some(j) if prose(&old_sections[j]) != prose(&new_sections[i]) => {
                summary.sections_changed.push(id.1.clone())
            }
            Some(_) => {}
        }
    }
    summary.sections_removed = old_ids.iter().filter(|o| !new_ids.contains(o)).map(|o| o.1.clone()).collect();
    // The part before the first heading is "added" or "removed" only in the sense of empty or not.
    let empty_preamble = |s: &[Section<'_>]| s.first().is_none_or(|p| p.lines.iter().all(|l| l.trim().is_empty()));
    summary.sections_added.retain(|h| !h.is_empty());
    summary.sections_removed.retain(|h| !h.is_empty());
    if empty_preamble(&old_sections) && empty_preamble(&new_sections) {
        summary.sections_changed.retain(|h| !h.is_empty());
    }
    let [checked, reopened, added, removed] = task_changes(&old_tasks, &new_tasks);
    (summary.tasks_checked, summary.tasks_reopened, summary.tasks_added, summary.tasks_removed) =
        (checked, reopened, added, removed);
    (summary.lines_added, summary.lines_removed) = line_changes(&base, &now);
    let mut out = Vec::new();
    bullets(&mut out, "Done", &summary.tasks_checked);
    bullets(&mut out, "New task", &summary.tasks_added);
    bullets(&mut out, "Reopened", &summary.tasks_reopened);
    bullets(&mut out, "Task removed", &summary.tasks_removed);
    if !summary.sections_added.is_empty() {
        out.push(format!("- New section {}", section_list(&summary.sections_added)));
    }
    if !summary.sections_removed.is_empty() {
        out.push(format!("- Section {} removed", section_list(&summary.sections_removed)));
    }
    if !summary.sections_changed.is_empty() {
        out.push(format!("- Changed: {}", section_list(&summary.sections_changed)));
    }
    out.push(format!(
        "- In all: {} added, {} removed",
        crate::text::count(summary.lines_added as u64, "line", "lines"),
        summary.lines_removed
    ));
    summary.markdown = out.join("\n");
    summary
}
