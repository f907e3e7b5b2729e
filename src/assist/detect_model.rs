//! Task detection by the model: the request for a note's prose ([`prepare_detect`]) and the reading of its
//! answer ([`read_detect_answer`]).
//!
//! Preparing filters the note ([`privacy`](super::privacy)), runs the rules first (their lines are named to the
//! model as handled), fills the [`DETECT_TASKS`] template and fits the note's lines into the token budget: the
//! context window less the answer's reserve and the prompt around the lines. Lines that do not fit are left out
//! from the end and reported (`leftOut`), never silently dropped.
//!
//! Reading validates the model's JSON with typed structs (unknown keys ignored, missing optional ones null) and
//! checks each task: a summary, a line of the note that was sent, a priority from the site's list, an assignable
//! person, a Jira duration. A task failing a check loses the failing field (or, without summary or line, is
//! dropped), each with a warning; an answer that is not the schema's shape is an [`AnswerError`], repairable once.

use serde::Serialize;

use super::answer::{AnswerError, extract_json, message_content};
use super::candidate::{Assignee, Candidate, Origin, clip_summary};
use super::detect::{DetectInput, detect_rules};
use super::privacy::{PrivacyPolicy, Refusal, Removed, SendableNote, sendable_note};
use super::request::{ChatRequest, OutputMode, chat_request};
use super::template::{DETECT_TASKS, Template};
use super::tokens::{estimate_tokens, message_tokens};

/// Most tasks one answer may hold.
pub const MAX_TASKS: usize = 50;

/// The model connection's settings the core needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSettings {
    /// The model name.
    pub model: String,
    /// The model's context window in tokens.
    pub context_window: usize,
    /// How the answer's shape is asked for.
    #[serde(default)]
    pub output: OutputMode,
}

crate::json_objects::json_object!(ModelSettings {
    model: "model",
    context_window: "contextWindow",
    output: "output" = default,
});

/// Everything [`prepare_detect`] needs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepareInput {
    /// The note, selection and site hints.
    pub detect: DetectInput,
    /// What may be sent.
    #[serde(default)]
    pub privacy: PrivacyPolicy,
    /// The model.
    pub model: ModelSettings,
}

crate::json_objects::json_object!(PrepareInput { detect: "detect", privacy: "privacy" = default, model: "model" });

/// Token figures of a prepared request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenUse {
    /// The model's context window.
    pub window: usize,
    /// Estimated tokens of the request's messages.
    pub prompt: usize,
    /// Tokens kept for the answer (`max_tokens`).
    pub answer: usize,
}

/// A request ready to send, with what the preview shows about it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Prepared {
    /// The request body.
    pub request: ChatRequest,
    /// The template's `id@version`.
    pub template: String,
    /// Token figures.
    pub tokens: TokenUse,
    /// First and last line left out for lack of room, when any.
    pub left_out: Option<(usize, usize)>,
    /// What the privacy filter took out.
    pub removed: Removed,
    /// The rules' candidates (the model is told their lines are handled).
    pub rule_candidates: Vec<Candidate>,
}

/// Why no request can be made for this note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PrepareError {
    /// The privacy filter refused the note.
    #[error("{0}")]
    Refused(Refusal),
    /// The prompt alone does not fit the context window.
    #[error(
        "The context window ({window} tokens) is too small: the prompt alone needs about {needed}. Raise the context window in the Assistance settings."
    )]
    WindowTooSmall {
        /// The window.
        window: usize,
        /// Tokens the prompt needs with one line of the note.
        needed: usize,
    },
    /// Nothing of the note is within the selection.
    #[error("The selection holds no text to send.")]
    NothingToSend,
}

/// Tokens kept for the answer: a quarter of the window, between 256 and 4,096.
pub fn answer_reserve(window: usize) -> usize {
    (window / 4).clamp(256, 4096)
}

/// The JSON schema of a detect-tasks answer (every key required, nullable where optional: what strict
/// structured output asks for).
pub fn detect_schema() -> serde_json::Value {
    let nullable = |t: &str| serde_json::json!({"type": [t, "null"]});
    serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["tasks"],
        "properties": {
            "tasks": {
                "type": "array",
                "maxItems": MAX_TASKS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["summary", "description", "line", "priority", "assignee", "labels", "estimate"],
                    "properties": {
                        "summary": {"type": "string"},
                        "description": {"type": "string"},
                        "line": {"type": "integer"},
                        "priority": nullable("string"),
                        "assignee": nullable("string"),
                        "labels": {"type": "array", "items": {"type": "string"}},
                        "estimate": nullable("string")
                    }
                }
            }
        }
    })
}

fn sent_lines(note: &SendableNote, lines: Option<(usize, usize)>) -> Vec<(usize, String)> {
    note.lines.iter().filter(|(n, _)| lines.is_none_or(|(a, b)| *n >= a && *n <= b)).cloned().collect()
}

/// Builds the detect-tasks request for a note, or says why none can be made.
pub fn prepare_detect(input: &PrepareInput) -> Result<Prepared, PrepareError> {
    let d = &input.detect;
    let note = sendable_note(&d.path, &d.text, &input.privacy).map_err(PrepareError::Refused)?;
    let rule_candidates = detect_rules(d);
    let lines = sent_lines(&note, d.lines);
    if lines.iter().all(|(_, l)| l.trim().is_empty()) {
        return Err(PrepareError::NothingToSend);
    }
    let handled: Vec<String> = rule_candidates.iter().map(|c| c.line.to_string()).collect();
    let people: Vec<&str> = d.hints.assignable.iter().map(|u| u.display_name.as_str()).collect();
    let properties = if note.properties.is_empty() { "(none)".to_owned() } else { note.properties.join("\n") };
    let list = |items: Vec<&str>| if items.is_empty() { "(none)".to_owned() } else { items.join(", ") };
    let priorities = list(d.hints.priorities.iter().map(String::as_str).collect());
    let people = list(people);
    let handled = if handled.is_empty() { "(none)".to_owned() } else { handled.join(", ") };
    let schema = detect_schema();
    let window = input.model.context_window;
    let reserve = answer_reserve(window);
    let build = |numbered: &str| {
        let user = Template::render(
            DETECT_TASKS.user,
            &[
                ("title", &note.title),
                ("path", &note.path),
                ("properties", &properties),
                ("priorities", &priorities),
                ("people", &people),
                ("handled", &handled),
                ("lines", numbered),
            ],
        );
        chat_request(
            &input.model.model,
            DETECT_TASKS.system,
            &user,
            "detect_tasks",
            &schema,
            input.model.output,
            reserve as u32,
        )
    };
    let empty = build("");
    let fixed = request_tokens(&empty);
    let numbered_rows: Vec<String> = lines.iter().map(|(n, l)| format!("{n}| {l}")).collect();
    let first_cost = numbered_rows.first().map_or(0, |r| estimate_tokens(r) + 1);
    if fixed + reserve + first_cost > window {
        return Err(PrepareError::WindowTooSmall { window, needed: fixed + reserve + first_cost });
    }
    let kept = rows_that_fit(&numbered_rows, window - fixed - reserve);
    let left_out = (kept < lines.len()).then(|| (lines[kept].0, lines[lines.len() - 1].0));
    let request = build(&numbered_rows[..kept].join("\n"));
    let tokens = TokenUse { window, prompt: request_tokens(&request), answer: reserve };
    Ok(Prepared { request, template: DETECT_TASKS.name(), tokens, left_out, removed: note.removed, rule_candidates })
}

/// How many of `rows` (from the first) fit in `room` tokens, each row costing its estimate plus one for its
/// line break.
pub(super) fn rows_that_fit(rows: &[String], mut room: usize) -> usize {
    let mut kept = 0;
    for row in rows {
        let cost = estimate_tokens(row) + 1;
        if cost > room {
            break;
        }
        room -= cost;
        kept += 1;
    }
    kept
}

pub(super) fn request_tokens(request: &ChatRequest) -> usize {
    let schema = request.response_format.as_ref().map_or(0, |f| estimate_tokens(&f.json_schema.schema.to_string()));
    request.messages.iter().map(|m| message_tokens(&m.content)).sum::<usize>() + schema
}

/// One task of the model's answer, as the schema describes it.
#[derive(Debug)]
struct ModelTask {
    summary: String,
    description: Option<String>,
    line: i64,
    priority: Option<String>,
    assignee: Option<String>,
    labels: Option<Vec<String>>,
    estimate: Option<String>,
}

crate::json_objects::json_object!(ModelTask {
    summary: "summary",
    description: "description" = default,
    line: "line",
    priority: "priority" = default,
    assignee: "assignee" = default,
    labels: "labels" = default,
    estimate: "estimate" = default,
});

#[derive(Debug)]
struct ModelTasks {
    tasks: Vec<ModelTask>,
}

crate::json_objects::json_object!(ModelTasks { tasks: "tasks" });

/// What [`read_detect_answer`] needs: the same input the request was prepared from, and the response body.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerInput {
    /// As given to [`prepare_detect`].
    pub prepare: PrepareInput,
    /// The HTTP response body.
    pub body: String,
}

crate::json_objects::json_object!(AnswerInput { prepare: "prepare", body: "body" });

/// The model's usable candidates and what was changed or dropped on the way.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelAnswer {
    /// Candidates from the model (lines the rules found are left out).
    pub candidates: Vec<Candidate>,
    /// One sentence per field dropped or task left out.
    pub warnings: Vec<String>,
}

/// Reads a detect-tasks answer.
pub fn read_detect_answer(input: &AnswerInput) -> Result<ModelAnswer, AnswerError> {
    let content = message_content(&input.body)?;
    let value = extract_json(&content)?;
    let parsed: ModelTasks =
        crate::json_objects::from_value(value).map_err(|e| AnswerError::Schema { detail: e.to_string() })?;
    if parsed.tasks.len() > MAX_TASKS {
        return Err(AnswerError::Schema { detail: format!("{} tasks, at most {MAX_TASKS}", parsed.tasks.len()) });
    }
    let d = &input.prepare.detect;
    let note = sendable_note(&d.path, &d.text, &input.prepare.privacy)
        .map_err(|e| AnswerError::Schema { detail: e.to_string() })?;
    let sent: std::collections::BTreeMap<usize, String> = crate::sort::collect_map(sent_lines(&note, d.lines));
    let rules = detect_rules(d);
    let project =
        rules.first().and_then(|c| c.project.clone()).or_else(|| note_project(d)).or(d.hints.default_project.clone());
    let mut warnings = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (i, task) in parsed.tasks.into_iter().enumerate() {
        let n = i + 1;
        let summary = clip_summary(task.summary.trim());
        if summary.is_empty() {
            warnings.push(format!("Task {n} has no summary and was left out."));
            continue;
        }
        let Some(line) = usize::try_from(task.line).ok().filter(|l| sent.contains_key(l)) else {
            warnings.push(format!("“{summary}” names line {}, which was not sent; it was left out.", task.line));
            continue;
        };
        if rules.iter().any(|c| c.line == line) || candidates.iter().any(|c| c.line == line && c.summary == summary) {
            continue;
        }
        if sent.get(&line).is_some_and(|l| d.hints.has_issue_key(l)) {
            continue;
        }
        let priority = task.priority.filter(|p| !p.trim().is_empty()).and_then(|p| {
            let known = d.hints.known_priority(&p);
            if known.is_none() {
                warnings.push(format!("“{summary}”: priority “{p}” is not one of the site's; none suggested."));
            }
            known
        });
        let assignee = task.assignee.filter(|a| !a.trim().is_empty()).and_then(|a| {
            let user = d.hints.user(&a);
            if user.is_none() {
                warnings.push(format!("“{summary}”: “{a}” is not an assignable person; nobody suggested."));
            }
            user.map(|u| Assignee {
                account_id: u.account_id.clone(),
                display_name: u.display_name.clone(),
                by: "model".into(),
            })
        });
        let estimate = task.estimate.filter(|e| !e.trim().is_empty()).and_then(|e| {
            let ok = is_jira_duration(&e);
            if !ok {
                warnings.push(format!("“{summary}”: estimate “{e}” is not a Jira duration; none suggested."));
            }
            ok.then(|| e.trim().to_owned())
        });
        let labels: Vec<String> = task
            .labels
            .unwrap_or_default()
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join("-"))
            .filter(|l| !l.is_empty())
            .collect();
        let source_line = sent.get(&line).map_or("", String::as_str).trim();
        let mut description = task.description.unwrap_or_default().trim().to_owned();
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!("From “{}”, line {line}:\n\n> {source_line}", note.title));
        candidates.push(Candidate {
            summary,
            description,
            line,
            origin: Origin::Model,
            project: project.clone(),
            issue_type: d.hints.issue_type(),
            priority,
            assignee: assignee.or_else(|| d.hints.owner(&labels)),
            labels,
            estimate,
        });
    }
    crate::sort::sort_by_key(&mut candidates, |c| c.line);
    Ok(ModelAnswer { candidates, warnings })
}

fn note_project(d: &DetectInput) -> Option<String> {
    let note = crate::note::parse_note(&d.text, Some(&d.path));
    note.frontmatter?.get("jira_project")?.as_str().map(|s| s.trim().to_uppercase()).filter(|s| !s.is_empty())
}

/// `2h`, `1d 4h`, `30m`, `1w 2d`: one or more number-unit pairs (w, d, h, m), each unit at most once.
pub fn is_jira_duration(text: &str) -> bool {
    let mut seen = String::new();
    let parts: Vec<&str> = text.split_whitespace().collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            let (num, unit) = p.split_at(p.len().saturating_sub(1));
            let ok = !num.is_empty()
                && num.chars().all(|c| c.is_ascii_digit() || c == '.')
                && crate::float_text::parse_f64(num).is_some_and(|n| n > 0.0)
                && matches!(unit, "w" | "d" | "h" | "m")
                && !seen.contains(unit);
            seen.push_str(unit);
            ok
        })
}
