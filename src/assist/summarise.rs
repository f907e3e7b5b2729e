//! Change summaries for stakeholders (issue #17 item 4): the draft comment that says what changed in a linked
//! note's body since the sync last saw it, deterministic ([`change_summary`](super::change_summary)) or by the
//! model ([`prepare_summary`], [`read_summary_answer`]).
//!
//! The model's request holds only what the privacy filter lets through, of both texts: the note must be
//! allowed (folder, not private) now, its base and body have comments and secrets removed, and the private
//! properties are never sent (only the body is compared). What it reads is a unified diff of the two filtered
//! bodies, rows kept from the first while they fit the token budget, the rest named; and the deterministic
//! summary as the facts to start from. Its answer is one Markdown text, checked: not empty, at most
//! [`MAX_CHANGE_SUMMARY_LINES`] lines and [`MAX_CHANGE_SUMMARY_CHARS`] characters (else one repair), and with any Jira
//! mention markup taken out (the user chooses who is mentioned, never the model). Nothing here posts: the
//! shell shows the draft for review, or an enabled automation rule posts the deterministic one.

use serde::Serialize;

use super::answer::{AnswerError, extract_json, message_content};
use super::change_summary::summarise_changes;
use super::detect_model::{
    ModelSettings, PrepareError, Prepared, TokenUse, answer_reserve, request_tokens, rows_that_fit,
};
use super::privacy::{PrivacyPolicy, Removed, sendable_note};
use super::request::chat_request;
use super::template::{SUMMARISE_CHANGES, Template};

/// Most characters of the model's summary.
pub const MAX_CHANGE_SUMMARY_CHARS: usize = 2000;
/// Most lines of the model's summary.
pub const MAX_CHANGE_SUMMARY_LINES: usize = 12;

/// Everything a change summary needs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryInput {
    /// The note's vault path.
    pub path: String,
    /// The note's whole text now.
    pub text: String,
    /// The body the sync last saw (the base's `body` value); `None`: never synced with its body.
    #[serde(default)]
    pub base: Option<String>,
    /// The issue's key.
    pub key: String,
    /// What may be sent.
    #[serde(default)]
    pub privacy: PrivacyPolicy,
    /// The model.
    pub model: ModelSettings,
}

crate::json_objects::json_object!(SummaryInput {
    path: "path",
    text: "text",
    base: "base" = default,
    key: "key",
    privacy: "privacy" = default,
    model: "model",
});

/// The note's body (the text below the front matter) as the sync compares it: without the *Child issues*
/// section the sync writes (it is not part of the body's base either).
pub fn note_body(text: &str) -> String {
    let range = crate::frontmatter::parse(text).range;
    let body = &text[range.map_or(0, |r| r.end).min(text.len())..];
    crate::sync::body_value(&crate::alignment::child_section::without_section(body))
}

/// The deterministic draft for `input` (`None` when there is no base to compare with).
pub fn summary_draft(input: &SummaryInput) -> Option<super::change_summary::ChangeSummary> {
    Some(summarise_changes(input.base.as_deref()?, &note_body(&input.text)))
}

/// The JSON schema of a summarise-changes answer.
pub fn summary_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["summary"],
        "properties": {"summary": {"type": "string", "maxLength": MAX_CHANGE_SUMMARY_CHARS}}
    })
}

/// The filtered body lines of a text through the privacy filter.
fn filtered(path: &str, text: &str, policy: &PrivacyPolicy) -> Result<(String, Removed), PrepareError> {
    let note = sendable_note(path, text, policy).map_err(PrepareError::Refused)?;
    let body: Vec<&str> = note.lines.iter().map(|(_, l)| l.as_str()).collect();
    Ok((body.join("\n").trim_end().to_owned(), note.removed))
}

/// The unified diff rows from `a` to `b` (hunk headers, then ` `, `-`, `+` lines).
fn diff_rows(a: &str, b: &str) -> Vec<String> {
    let (a, b) = (format!("{a}\n"), format!("{b}\n"));
    let patch = diffy::create_patch(&a, &b);
    let mut rows = Vec::new();
    for hunk in patch.hunks() {
        rows.push(format!("@@ line {} @@", hunk.new_range().start()));
        for line in hunk.lines() {
            let (mark, text) = match line {
                diffy::Line::Context(t) => (' ', t),
                diffy::Line::Delete(t) => ('-', t),
                diffy::Line::Insert(t) => ('+', t),
            };
            rows.push(format!("{mark}{}", text.trim_end_matches('\n')));
        }
    }
    rows
}

/// Builds the summarise-changes request, or says why none can be made. `left_out` names diff rows (1-based).
pub fn prepare_summary(input: &SummaryInput) -> Result<Prepared, PrepareError> {
    // The Child issues section is the sync's, not the user's change (see `note_body`).
    let text = crate::alignment::child_section::without_section(&input.text);
    let (now, mut removed) = filtered(&input.path, &text, &input.privacy)?;
    let base = input.base.as_deref().ok_or(PrepareError::NothingToSend)?;
    // The base is checked like the note: a #private tag it still had, say, refuses it too.
    let (base, base_removed) = filtered(&input.path, base, &input.privacy)?;
    removed.comments += base_removed.comments;
    removed.secrets += base_removed.secrets;
    let rows = diff_rows(&base, &now);
    if rows.is_empty() {
        return Err(PrepareError::NothingToSend);
    }
    let facts = summarise_changes(&base, &now).markdown;
    let title = crate::note::parse_note(&input.text, Some(&input.path)).title;
    let window = input.model.context_window;
    let reserve = answer_reserve(window);
    let schema = summary_schema();
    let build = |diff: &str| {
        let user = Template::render(
            SUMMARISE_CHANGES.user,
            &[("key", &input.key), ("title", &title), ("facts", &facts), ("diff", diff)],
        );
        let (system, output) = (SUMMARISE_CHANGES.system, input.model.output);
        chat_request(&input.model.model, system, &user, "summarise_changes", &schema, output, reserve as u32)
    };
    let fixed = request_tokens(&build(""));
    if fixed + reserve > window {
        return Err(PrepareError::WindowTooSmall { window, needed: fixed + reserve });
    }
    let kept = rows_that_fit(&rows, window - fixed - reserve);
    let left_out = (kept < rows.len()).then(|| (kept + 1, rows.len()));
    let request = build(&rows[..kept].join("\n"));
    let tokens = TokenUse { window, prompt: request_tokens(&request), answer: reserve };
    Ok(Prepared { request, template: SUMMARISE_CHANGES.name(), tokens, left_out, removed, rule_candidates: Vec::new() })
}

#[derive()]
struct ModelAnswer {
    summary: String,
}

crate::json_objects::json_object!(ModelAnswer { summary: "summary" });

/// The model's usable summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSummary {
    /// The summary, Markdown.
    pub text: String,
    /// One sentence per thing taken out of it.
    pub warnings: Vec<String>,
}

/// Reads a summarise-changes answer: the shape and size are checked (repairable once), mention markup is taken
/// out.
pub fn read_summary_answer(body: &str) -> Result<ModelSummary, AnswerError> {
    let content = message_content(body)?;
    let parsed: ModelAnswer = crate::json_objects::from_value(extract_json(&content)?)
        .map_err(|e| AnswerError::Schema { detail: e.to_string() })?;
    let lines: Vec<&str> = parsed.summary.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let schema = |detail: String| Err(AnswerError::Schema { detail });
    if lines.is_empty() {
        return schema("the summary is empty".to_owned());
    }
    if lines.len() > MAX_CHANGE_SUMMARY_LINES {
        return schema(format!("the summary has {} lines, at most {MAX_CHANGE_SUMMARY_LINES}", lines.len()));
    }
    let chars = parsed.summary.chars().count();
    if chars > MAX_CHANGE_SUMMARY_CHARS {
        return schema(format!("the summary has {chars} characters, at most {MAX_CHANGE_SUMMARY_CHARS}"));
    }
    let mut warnings = Vec::new();
    let mut text = lines.join("\n");
    if text.contains("[~") {
        text = text.replace("[~", "[");
        warnings.push("The model's summary named people with Jira mention markup; it was taken out.".to_owned());
    }
    Ok(ModelSummary { text, warnings })
}

/// The body the sync last saw for the issue `key` (case-insensitive) in a site's state: its base's `body`
/// value. `None` when the issue is not synced (or detached) or its body is not mapped.
pub fn synced_body(state: &crate::sync::SiteState, key: &str) -> Option<String> {
    let base = state.issues.values().find(|b| !b.detached && b.key.eq_ignore_ascii_case(key.trim()))?;
    base.values.get("body")?.as_str().map(str::to_owned)
}
