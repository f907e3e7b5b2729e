//! Rule-based task detection: the tasks a note states plainly, found without a model.
//!
//! Three rules, each giving the 1-based source line:
//! - **task items**: an unchecked task (`- [ ] …`, status a space) with no Jira key on its line;
//! - **markers**: a line (or list item, quote or bold run) starting with one of [`MARKERS`] (`TODO:`, `Action:`,
//!   `Action item:`, `AI:` and a few translations), with no key and not a task item;
//! - **mentions**: "@person will …" (or `wird`, `va`, `shall`, `is going to`, …): the rest of the sentence is the
//!   summary, the person the assignee when they are assignable.
//!
//! Fenced code, `%%comments%%` and the front matter are never read. Lines already linked to an issue (a key on the
//! line) are skipped: that task was filed. One line gives at most one candidate per rule, and a task item or
//! marker line does not also give a mention candidate (its mention becomes the assignee instead).
//!
//! The project is the note's `jira_project` when set, else the default project; the priority comes from a Tasks
//! priority emoji or an urgency word, mapped onto the site's list; the assignee from a mention, else the owner
//! map by label; labels are the line's tags.

use serde::Serialize;

use super::candidate::{Assignee, Candidate, Level, Origin, SiteHints, capitalised, clip_summary};
use crate::body::Priority;
use crate::note::parse_note;

/// Line prefixes that mark a task (compared case-insensitively, except `AI:`, which must be upper case).
pub const MARKERS: &[&str] = &[
    "TODO:",
    "To-do:",
    "To do:",
    "Action:",
    "Action item:",
    "Action items:",
    "AI:",
    "Aufgabe:",
    "À faire:",
    "A faire:",
    "Tarea:",
    "Pendiente:",
];

/// Words after "@person" that announce a task (followed by what they will do).
const WILL: &[&str] = &["will", "is going to", "shall", "wird", "va", "vai", "va a"];

/// Urgency words and the priority level they suggest (0 = highest).
const URGENCY: &[(&str, Level)] = &[
    ("blocker", 0),
    ("critical", 0),
    ("kritisch", 0),
    ("urgent", 1),
    ("asap", 1),
    ("dringend", 1),
    ("urgente", 1),
    ("immediately", 1),
    ("low priority", 3),
    ("nice to have", 4),
    ("someday", 4),
];

/// What to read: the note, optionally only some of its lines (a selection).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetectInput {
    /// The note's vault path.
    pub path: String,
    /// The note's text.
    pub text: String,
    /// First and last line (1-based, inclusive) of a selection; the whole note when absent.
    #[serde(default)]
    pub lines: Option<(usize, usize)>,
    /// Site defaults and people.
    #[serde(default)]
    pub hints: SiteHints,
}

crate::json_objects::json_object!(DetectInput {
    path: "path",
    text: "text",
    lines: "lines" = default,
    hints: "hints" = default,
});

/// Finds the candidates the rules see, in line order.
pub fn detect_rules(input: &DetectInput) -> Vec<Candidate> {
    let note = parse_note(&input.text, Some(&input.path));
    let project = note
        .frontmatter
        .as_ref()
        .and_then(|m| m.get("jira_project"))
        .and_then(|v| v.as_str())
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
        .or_else(|| input.hints.default_project.clone());
    let first_body_line = note.frontmatter_range.map_or(1, |r| r.end_line + 1);
    let within = |line: usize| input.lines.is_none_or(|(a, b)| line >= a && line <= b);
    let readable = readable_lines(&input.text);
    let source = &note.title;
    let mut out = Vec::new();
    let mut task_lines = std::collections::BTreeSet::new();
    for task in &note.tasks {
        task_lines.insert(task.line);
        if task.status != ' '
            || input.hints.has_issue_key(&task.text)
            || !within(task.line)
            || task.line < first_body_line
        {
            continue;
        }
        let raw = readable.get(task.line - 1).map_or("", String::as_str);
        let (text, mention) = strip_mentions(&without_tags(&task.description));
        let text = strip_marker(&text).unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        let level = task.fields.priority.map(tasks_level).or_else(|| urgency(raw));
        out.push(candidate(
            &input.hints,
            &project,
            Origin::TaskItem,
            task.line,
            &text,
            raw,
            source,
            level,
            &task.tags,
            mention,
        ));
    }
    for (index, raw) in readable.iter().enumerate() {
        let line = index + 1;
        if line < first_body_line || !within(line) || task_lines.contains(&line) || input.hints.has_issue_key(raw) {
            continue;
        }
        let tags = line_tags(raw);
        let plain = without_tags(&unwrap_line(raw));
        if let Some(rest) = strip_marker(&plain) {
            let (text, mention) = strip_mentions(&rest);
            if !text.trim().is_empty() {
                out.push(candidate(
                    &input.hints,
                    &project,
                    Origin::Marker,
                    line,
                    &text,
                    raw,
                    source,
                    urgency(raw),
                    &tags,
                    mention,
                ));
            }
            continue;
        }
        if let Some((person, text)) = will_sentence(&plain) {
            out.push(candidate(
                &input.hints,
                &project,
                Origin::Mention,
                line,
                &text,
                raw,
                source,
                urgency(raw),
                &tags,
                Some(person),
            ));
        }
    }
    crate::sort::sort_by_key(&mut out, |c| c.line);
    out
}

#[allow(clippy::too_many_arguments)]
fn candidate(
    hints: &SiteHints,
    project: &Option<String>,
    origin: Origin,
    line: usize,
    text: &str,
    raw: &str,
    source: &str,
    level: Option<Level>,
    tags: &[String],
    mention: Option<String>,
) -> Candidate {
    let summary = clip_summary(&capitalised(text.trim().trim_end_matches(['.', ';', ','])));
    let assignee = mention
        .as_deref()
        .and_then(|m| hints.user(m))
        .map(|u| Assignee {
            account_id: u.account_id.clone(),
            display_name: u.display_name.clone(),
            by: "mention".into(),
        })
        .or_else(|| hints.owner(tags));
    Candidate {
        summary,
        description: format!("From “{source}”, line {line}:\n\n> {}", raw.trim()),
        line,
        origin,
        project: project.clone(),
        issue_type: hints.issue_type(),
        priority: level.and_then(|l| hints.priority_for(l)),
        assignee,
        labels: tags.to_vec(),
        estimate: None,
    }
}

fn tasks_level(p: Priority) -> Level {
    match p {
        Priority::Highest => 0,
        Priority::High => 1,
        Priority::Medium => 2,
        Priority::Low => 3,
        Priority::Lowest => 4,
    }
}

/// The priority level an urgency word on the line suggests.
fn urgency(line: &str) -> Option<Level> {
    let lower = line.to_lowercase();
    URGENCY.iter().find(|(word, _)| contains_word(&lower, word)).map(|&(_, level)| level)
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = haystack[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// The note's lines with fenced code, `%%comments%%` and front matter blanked (line count kept).
fn readable_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let fence_run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        if !in_comment {
            match fence {
                Some((c, n)) => {
                    if fence_run(c) >= n && trimmed.trim_start_matches(c).trim().is_empty() {
                        fence = None;
                    }
                    out.push(String::new());
                    continue;
                }
                None => {
                    for c in ['`', '~'] {
                        if fence_run(c) >= 3 {
                            fence = Some((c, fence_run(c)));
                        }
                    }
                    if fence.is_some() {
                        out.push(String::new());
                        continue;
                    }
                }
            }
        }
        let mut kept = String::new();
        let mut rest = line;
        loop {
            match rest.find("%%") {
                Some(i) => {
                    if !in_comment {
                        kept.push_str(&rest[..i]);
                    }
                    in_comment = !in_comment;
                    rest = &rest[i + 2..];
                }
                None => {
                    if !in_comment {
                        kept.push_str(rest);
                    }
                    break;
                }
            }
        }
        out.push(kept);
    }
    // The front matter: blank it (the caller skips its lines too, but a `TODO:` value must never count).
    if out.first().is_some_and(|l| l.trim_end() == "---")
        && let Some(close) = out.iter().skip(1).position(|l| l.trim_end() == "---" || l.trim_end() == "...")
    {
        for l in out.iter_mut().take(close + 2) {
            l.clear();
        }
    }
    out
}

/// A line without its list marker, checkbox, quote markers, heading marks and surrounding bold/italic.
fn unwrap_line(line: &str) -> String {
    let mut s = line.trim();
    loop {
        let before = s;
        s = s.trim_start_matches('>').trim_start();
        for marker in ["- ", "* ", "+ "] {
            if let Some(rest) = s.strip_prefix(marker) {
                s = rest.trim_start();
            }
        }
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && (s[digits..].starts_with(". ") || s[digits..].starts_with(") ")) {
            s = s[digits + 2..].trim_start();
        }
        s = s.trim_start_matches('#').trim_start();
        if s == before {
            break;
        }
    }
    s.replace("**", "").replace("__", "")
}

/// The text after a marker, when `line` (already unwrapped) starts with one.
fn strip_marker(line: &str) -> Option<String> {
    let line = line.trim();
    for marker in MARKERS {
        let n = marker.len();
        let Some(head) = line.get(..n) else { continue };
        let matched = if *marker == "AI:" { head == "AI:" } else { head.to_lowercase() == marker.to_lowercase() };
        if matched {
            return Some(line[n..].trim().to_owned());
        }
    }
    None
}

/// `text` with `@handle` words taken out; the first handle is returned.
fn strip_mentions(text: &str) -> (String, Option<String>) {
    let mut first = None;
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        if let Some(handle) = handle(word) {
            first.get_or_insert(handle);
            continue;
        }
        words.push(word);
    }
    // "@anna will fix X" inside a task: drop the "will".
    let mut start = 0;
    if first.is_some() {
        for will in WILL.iter().chain(&["to"]) {
            let n = will.split(' ').count();
            if words.len() > n && words[..n].join(" ").eq_ignore_ascii_case(will) {
                start = n;
                break;
            }
        }
    }
    (words[start..].join(" "), first)
}

fn handle(word: &str) -> Option<String> {
    let h = word.strip_prefix('@')?.trim_end_matches(['.', ',', ':', ';', '!', '?']);
    (!h.is_empty() && h.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))).then(|| h.to_owned())
}

/// "@person will do X." → (person, "do X").
fn will_sentence(line: &str) -> Option<(String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let Some(person) = handle(word) else { continue };
        if word.ends_with(['.', ',', ':', ';', '!', '?']) {
            continue;
        }
        let after = &words[i + 1..];
        for will in WILL {
            let n = will.split(' ').count();
            if after.len() > n && after[..n].join(" ").eq_ignore_ascii_case(will) {
                let rest = after[n..].join(" ");
                let sentence = rest.split_inclusive(['.', '!', '?', ';']).next().unwrap_or(&rest);
                let sentence = sentence.trim().trim_end_matches(['.', '!', '?', ';']);
                let (sentence, _) = strip_mentions(sentence);
                if sentence.split_whitespace().count() >= 2 {
                    return Some((person, sentence));
                }
            }
        }
    }
    None
}

/// `#tags` of a line (without `#`).
fn line_tags(line: &str) -> Vec<String> {
    line.split_whitespace()
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| t.trim_end_matches(['.', ',', ';', ':', '!', '?']))
        .filter(|t| !t.is_empty() && t.chars().any(|c| !c.is_ascii_digit()) && !t.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn without_tags(text: &str) -> String {
    text.split_whitespace().filter(|w| !is_tag(w)).collect::<Vec<_>>().join(" ")
}

/// `#word` (not `##`, not `#123`).
fn is_tag(word: &str) -> bool {
    word.strip_prefix('#')
        .is_some_and(|t| !t.is_empty() && !t.starts_with('#') && !t.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::candidate::AssignableUser;

    fn detect(text: &str) -> Vec<Candidate> {
        let hints = SiteHints {
            default_project: Some("OPS".into()),
            priorities: ["Highest", "High", "Medium", "Low", "Lowest"].map(String::from).to_vec(),
            assignable: vec![AssignableUser { account_id: "acc-anna".into(), display_name: "Anna Schmidt".into() }],
            ..Default::default()
        };
        detect_rules(&DetectInput { path: "Meetings/m.md".into(), text: text.into(), lines: None, hints })
    }

    #[test]
    fn unchecked_tasks_without_a_key_are_candidates() {
        let c = detect(
            "# Standup\n- [ ] Rotate the VPN certificate ⏫ #infra\n- [x] Done thing\n- [ ] OPS-12 already filed\n- [-] cancelled\n",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].summary, "Rotate the VPN certificate");
        assert_eq!(c[0].line, 2);
        assert_eq!(c[0].priority.as_deref(), Some("High"));
        assert_eq!(c[0].labels, vec!["infra".to_owned()]);
        assert_eq!(c[0].project.as_deref(), Some("OPS"));
        assert_eq!(c[0].origin, Origin::TaskItem);
    }

    #[test]
    fn marker_lines_and_mentions_are_candidates() {
        let text = "---\njira_project: web\nnote: \"TODO: not this\"\n---\nNotes\nTODO: update the status page copy\n- **Action:** @anna to review the budget\nAI: urgent - renew the TLS cert\nai: lower case is prose\n@anna will draft the postmortem by Friday. Then lunch.\nWe will see.\n";
        let c = detect(text);
        let lines: Vec<usize> = c.iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![6, 7, 8, 10]);
        assert_eq!(c[0].summary, "Update the status page copy");
        assert_eq!(c[0].project.as_deref(), Some("WEB"));
        assert_eq!(c[1].assignee.as_ref().map(|a| a.account_id.as_str()), Some("acc-anna"));
        assert_eq!(c[2].priority.as_deref(), Some("High"));
        assert_eq!(c[3].summary, "Draft the postmortem by Friday");
        assert_eq!(c[3].origin, Origin::Mention);
        assert_eq!(c[3].assignee.as_ref().map(|a| a.by.as_str()), Some("mention"));
    }

    #[test]
    fn code_comments_and_keyed_lines_are_skipped() {
        let text = "```\nTODO: in code\n```\n%% TODO: hidden\n- [ ] also hidden %%\nTODO: OPS-9 filed already\n~~~\n- [ ] fenced\n~~~\n";
        assert!(detect(text).is_empty());
    }

    #[test]
    fn a_selection_limits_the_lines() {
        let text = "TODO: one\nTODO: two\nTODO: three\n";
        let mut input =
            DetectInput { path: "a.md".into(), text: text.into(), lines: Some((2, 2)), hints: SiteHints::default() };
        assert_eq!(detect_rules(&input).iter().map(|c| c.line).collect::<Vec<_>>(), vec![2]);
        input.lines = None;
        assert_eq!(detect_rules(&input).len(), 3);
        assert_eq!(detect_rules(&input)[0].issue_type, "Task");
    }
}
