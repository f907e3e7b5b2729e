//! Suggestions for an issue note: priority, estimate and assignee, and the next steps written to the
//! *Model Suggestions* field.
//!
//! Without a model ([`suggest_baseline`]): the estimate is the history's ([`estimate`]); the priority is the one
//! the similar done issues carry most (weighted by their BM25 score, on the site's list); the assignee comes from
//! the owner map by the issue's labels, else is the person who did most of the similar issues (weighted the
//! same way, among the project's assignable users).
//!
//! With a model ([`prepare_suggest`], [`read_suggest_answer`]): the request holds the note (privacy-filtered,
//! numbered lines within the token budget), the *LLM Context* the user curated (the front matter property mapped
//! to that field), the site's priorities and people, and the baseline with its similar issues. The model's
//! answer is validated like every answer: a priority off the list, a person who cannot be assigned or an
//! estimate that is not a Jira duration is dropped with a warning. Nothing here writes: the shell shows every
//! field for review.

use serde::Serialize;

use super::answer::{AnswerError, extract_json, message_content};
use super::candidate::{Assignee, SiteHints};
use super::detect_model::{
    ModelSettings, PrepareError, Prepared, TokenUse, answer_reserve, is_jira_duration, request_tokens, rows_that_fit,
};
use super::estimate::{Estimate, EstimateQuery, estimate, jira_duration};
use super::privacy::{PrivacyPolicy, sendable_note};
use super::request::{ChatRequest, chat_request};
use super::template::{SUGGEST_FIELDS, Template};
use crate::history::SiteHistory;

/// Most next steps one answer may hold.
pub const MAX_NEXT_STEPS: usize = 5;

fn default_context_key() -> String {
    "ai_context".to_owned()
}

fn default_suggestions_key() -> String {
    "ai_recommendations".to_owned()
}

/// Everything the suggestions for one issue note need.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SuggestInput {
    /// The note's vault path.
    pub path: String,
    /// The note's text.
    pub text: String,
    /// The issue's key.
    pub key: String,
    /// The site's priorities, assignable users and owner map.
    #[serde(default)]
    pub hints: SiteHints,
    /// What may be sent.
    #[serde(default)]
    pub privacy: PrivacyPolicy,
    /// The model.
    pub model: ModelSettings,
    /// The front matter property mapped to *LLM Context* (sent as the user's context).
    #[serde(default = "default_context_key")]
    pub context_key: String,
    /// The front matter property mapped to *Model Suggestions* (never sent back to the model).
    #[serde(default = "default_suggestions_key")]
    pub suggestions_key: String,
}

crate::json_objects::json_object!(SuggestInput {
    path: "path",
    text: "text",
    key: "key",
    hints: "hints" = default,
    privacy: "privacy" = default,
    model: "model",
    context_key: "contextKey" = default(default_context_key),
    suggestions_key: "suggestionsKey" = default(default_suggestions_key),
});

/// A suggested value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pick {
    /// The value (a priority name, a Jira duration).
    pub value: String,
    /// `history`, `owner` or `model`.
    pub by: String,
    /// Why, in one sentence.
    pub reason: String,
}

/// What the history and the owner map suggest, without a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Baseline {
    /// The issue's summary (from the history, else the note's title).
    pub summary: String,
    /// The suggested priority.
    pub priority: Option<Pick>,
    /// The suggested assignee (`by` is `owner` or `history`).
    pub assignee: Option<Assignee>,
    /// Why that assignee.
    pub assignee_reason: String,
    /// The history's estimate.
    pub estimate: Option<Estimate>,
}

/// The issue's summary and labels: the history's, else the note's title and tags.
fn issue_text(history: &SiteHistory, input: &SuggestInput) -> (String, Vec<String>) {
    if let Some(i) = history.issues.values().find(|i| i.key.eq_ignore_ascii_case(&input.key)) {
        return (i.summary.clone(), i.labels.clone());
    }
    let note = crate::note::parse_note(&input.text, Some(&input.path));
    (note.title, note.tags.iter().map(|t| t.name.clone()).collect())
}

/// The value with the largest total weight (ties: the smaller value), when any.
fn weighted_vote(votes: Vec<(String, f64)>) -> Option<(String, f64)> {
    let mut totals: Vec<(String, f64)> = Vec::new();
    for (value, weight) in votes {
        match totals.iter_mut().find(|(v, _)| *v == value) {
            Some(t) => t.1 += weight,
            None => totals.push((value, weight)),
        }
    }
    // The values are distinct, so the order is total: the first of a sort is the minimum (no sort compiled).
    totals.into_iter().min_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)))
}

/// The suggestions of the history and the owner map (no model, no network).
pub fn suggest_baseline(history: &SiteHistory, input: &SuggestInput) -> Baseline {
    let (summary, labels) = issue_text(history, input);
    let query = EstimateQuery {
        key: Some(input.key.clone()),
        summary: summary.clone(),
        labels: labels.clone(),
        ..Default::default()
    };
    let estimate = estimate(history, &query);
    let similar: Vec<(&crate::history::IssueHistory, f64)> = estimate.as_ref().map_or_else(Vec::new, |e| {
        e.similar
            .iter()
            .filter_map(|s| history.issues.values().find(|i| i.key == s.key).map(|i| (i, s.score)))
            .collect()
    });
    let hints = &input.hints;
    let priority = weighted_vote(
        similar
            .iter()
            .filter_map(|(i, w)| i.priority.as_deref().and_then(|p| hints.known_priority(p)).map(|p| (p, *w)))
            .collect(),
    )
    .map(|(value, _)| Pick {
        reason: format!("the priority most of the {} similar done issues had", similar.len()),
        value,
        by: "history".to_owned(),
    });
    let (assignee, assignee_reason) = match hints.owner(&labels) {
        Some(owner) => {
            let reason = format!("{} owns one of the labels {}", owner.display_name, labels.join(", "));
            (Some(owner), reason)
        }
        None => {
            let voted = weighted_vote(
                similar
                    .iter()
                    .filter_map(|(i, w)| {
                        i.assignee.as_deref().and_then(|a| hints.user(a)).map(|u| (u.account_id.clone(), *w))
                    })
                    .collect(),
            );
            match voted.and_then(|(id, _)| hints.assignable.iter().find(|u| u.account_id == id)) {
                Some(u) => (
                    Some(Assignee {
                        account_id: u.account_id.clone(),
                        display_name: u.display_name.clone(),
                        by: "history".to_owned(),
                    }),
                    format!("{} did most of the similar done issues", u.display_name),
                ),
                None => (None, String::new()),
            }
        }
    };
    Baseline { summary, priority, assignee, assignee_reason, estimate }
}

/// The JSON schema of a suggest-fields answer.
pub fn suggest_schema() -> serde_json::Value {
    let nullable = |t: &str| serde_json::json!({"type": [t, "null"]});
    serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["priority", "estimate", "estimateReason", "assignee", "assigneeReason", "nextSteps"],
        "properties": {
            "priority": nullable("string"),
            "estimate": nullable("string"),
            "estimateReason": {"type": "string"},
            "assignee": nullable("string"),
            "assigneeReason": {"type": "string"},
            "nextSteps": {"type": "array", "maxItems": MAX_NEXT_STEPS, "items": {"type": "string"}}
        }
    })
}

/// Builds the suggest-fields request, or says why none can be made.
pub fn prepare_suggest(input: &SuggestInput, baseline: &Baseline) -> Result<Prepared, PrepareError> {
    let note = sendable_note(&input.path, &input.text, &input.privacy).map_err(PrepareError::Refused)?;
    let is_key = |line: &str, key: &str| line.split_once(": ").is_some_and(|(k, _)| k.eq_ignore_ascii_case(key));
    let context = note.properties.iter().find(|p| is_key(p, &input.context_key)).and_then(|p| p.split_once(": "));
    let context = context.map_or("(none)".to_owned(), |(_, v)| v.to_owned());
    let properties: Vec<&str> = note
        .properties
        .iter()
        .filter(|p| !is_key(p, &input.context_key) && !is_key(p, &input.suggestions_key))
        .map(String::as_str)
        .collect();
    let list = |items: Vec<&str>| if items.is_empty() { "(none)".to_owned() } else { items.join(", ") };
    let properties = if properties.is_empty() { "(none)".to_owned() } else { properties.join("\n") };
    let priorities = list(input.hints.priorities.iter().map(String::as_str).collect());
    let people = list(input.hints.assignable.iter().map(|u| u.display_name.as_str()).collect());
    let (estimate, similar) = match &baseline.estimate {
        Some(e) => (
            format!("{} (range {} to {})", e.jira, jira_duration(e.low), jira_duration(e.high)),
            e.similar
                .iter()
                .map(|s| format!("{}, {}, {}", s.key, jira_duration(s.time_spent), s.summary))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        None => ("(none: no similar done issue)".to_owned(), "(none)".to_owned()),
    };
    let rows: Vec<String> = note.lines.iter().map(|(n, l)| format!("{n}| {l}")).collect();
    if note.lines.iter().all(|(_, l)| l.trim().is_empty()) && context == "(none)" {
        return Err(PrepareError::NothingToSend);
    }
    let window = input.model.context_window;
    let reserve = answer_reserve(window);
    let schema = suggest_schema();
    let build = |numbered: &str| {
        let user = Template::render(
            SUGGEST_FIELDS.user,
            &[
                ("key", &input.key),
                ("summary", &baseline.summary),
                ("properties", &properties),
                ("context", &context),
                ("priorities", &priorities),
                ("people", &people),
                ("estimate", &estimate),
                ("similar", &similar),
                ("lines", numbered),
            ],
        );
        chat_request(
            &input.model.model,
            SUGGEST_FIELDS.system,
            &user,
            "suggest_fields",
            &schema,
            input.model.output,
            reserve as u32,
        )
    };
    let fixed = request_tokens(&build(""));
    if fixed + reserve > window {
        return Err(PrepareError::WindowTooSmall { window, needed: fixed + reserve });
    }
    let kept = rows_that_fit(&rows, window - fixed - reserve);
    let left_out = (kept < rows.len()).then(|| (note.lines[kept].0, note.lines[rows.len() - 1].0));
    let request: ChatRequest = build(&rows[..kept].join("\n"));
    let tokens = TokenUse { window, prompt: request_tokens(&request), answer: reserve };
    Ok(Prepared {
        request,
        template: SUGGEST_FIELDS.name(),
        tokens,
        left_out,
        removed: note.removed,
        rule_candidates: Vec::new(),
    })
}

#[derive()]
struct ModelFields {
    priority: Option<String>,
    estimate: Option<String>,
    estimate_reason: String,
    assignee: Option<String>,
    assignee_reason: String,
    next_steps: Vec<String>,
}

crate::json_objects::json_object!(ModelFields {
    priority: "priority",
    estimate: "estimate",
    estimate_reason: "estimateReason" = default,
    assignee: "assignee",
    assignee_reason: "assigneeReason" = default,
    next_steps: "nextSteps" = default,
});

/// The model's usable suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSuggestion {
    /// A priority on the site's list.
    pub priority: Option<Pick>,
    /// A Jira duration, with the model's reason.
    pub estimate: Option<Pick>,
    /// An assignable person (`by` is `model`).
    pub assignee: Option<Assignee>,
    /// The model's reason for the assignee.
    pub assignee_reason: String,
    /// Next steps (at most [`MAX_NEXT_STEPS`], each one line).
    pub next_steps: Vec<String>,
    /// One sentence per value dropped.
    pub warnings: Vec<String>,
}

/// Reads a suggest-fields answer: the shape is checked (repairable once), then each value is checked against
/// the site (an unusable one is dropped with a warning).
pub fn read_suggest_answer(input: &SuggestInput, body: &str) -> Result<ModelSuggestion, AnswerError> {
    let content = message_content(body)?;
    let parsed: ModelFields = crate::json_objects::from_value(extract_json(&content)?)
        .map_err(|e| AnswerError::Schema { detail: e.to_string() })?;
    if parsed.next_steps.len() > MAX_NEXT_STEPS {
        return Err(AnswerError::Schema {
            detail: format!("{} next steps, at most {MAX_NEXT_STEPS}", parsed.next_steps.len()),
        });
    }
    let hints = &input.hints;
    let mut warnings = Vec::new();
    let given = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let priority = given(parsed.priority).and_then(|p| {
        let known = hints.known_priority(&p);
        if known.is_none() {
            warnings.push(format!("The model's priority “{p}” is not one of the site's; none suggested."));
        }
        known.map(|value| Pick { value, by: "model".to_owned(), reason: String::new() })
    });
    let estimate = given(parsed.estimate).and_then(|e| {
        if !is_jira_duration(&e) {
            warnings.push(format!("The model's estimate “{e}” is not a Jira duration; none suggested."));
            return None;
        }
        Some(Pick { value: e, by: "model".to_owned(), reason: one_line(&parsed.estimate_reason) })
    });
    let assignee = given(parsed.assignee).and_then(|a| {
        let user = hints.user(&a);
        if user.is_none() {
            warnings.push(format!("“{a}” is not an assignable person; nobody suggested."));
        }
        user.map(|u| Assignee {
            account_id: u.account_id.clone(),
            display_name: u.display_name.clone(),
            by: "model".to_owned(),
        })
    });
    let next_steps = parsed.next_steps.iter().map(|s| one_line(s)).filter(|s| !s.is_empty()).collect();
    Ok(ModelSuggestion {
        priority,
        estimate,
        assignee,
        assignee_reason: one_line(&parsed.assignee_reason),
        next_steps,
        warnings,
    })
}

/// Whitespace (line breaks too) collapsed to single spaces, at most 300 characters.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(300).collect()
}
