//! Assistance with a language model (issue #17), sans-IO: everything about talking to a model except carrying
//! the request.
//!
//! - `tokens` estimates tokens (a documented, cautious heuristic) for the context budget;
//! - `secrets` finds secret-looking text and `privacy` decides what of a note may be sent at all (allowed
//!   folders, private notes, private keys, comments, secrets);
//! - `template` holds the versioned prompts, `request` builds chat-completions bodies (structured output by
//!   `response_format` or schema in the prompt, and the one repair request) and `answer` reads a response body
//!   down to the model's JSON, naming each failure;
//! - `candidate` is what a found task looks like and how site hints (priorities, assignable users, owners)
//!   fill it; `detect` finds tasks by rules, without a model; `detect_model` prepares the model's request for a
//!   note's prose and validates its answer;
//! - `estimate` suggests an estimate from the done issues of the kept history (BM25, weighted by time spent);
//! - `suggest` suggests an issue note's priority, estimate and assignee (history and owner map first, then the
//!   model, which also writes the next steps for the *Model Suggestions* field);
//! - `time_suggest` suggests worklog entries for a day from the editing activity the plugin recorded, less the
//!   time already logged (no model: item 5, time suggestions from activity).
//! - `change_summary` says what changed in a note's body since the sync last saw it (sections, tasks, lines),
//!   without a model; `summarise` makes that the draft of a stakeholder comment, and prepares and checks the
//!   model's summary instead when assistance is on.
//!
//! The shell sends [`Prepared::request`] to `{baseUrl}/chat/completions` and hands the body back to
//! [`read_detect_answer`]; when that fails with a repairable error it sends [`repair_request`] once. Nothing
//! here writes anything: accepted candidates go through the sync's create path.

mod answer;
mod candidate;
mod change_summary;
mod detect;
mod detect_model;
mod estimate;
mod privacy;
mod request;
mod secrets;
mod suggest;
mod summarise;
mod template;
mod time_suggest;
mod tokens;

pub use answer::{AnswerError, MAX_ANSWER_BYTES, extract_json, message_content};
pub use candidate::{AssignableUser, Assignee, Candidate, MAX_SUMMARY_CHARS, Origin, Owner, SiteHints};
pub use change_summary::{ChangeSummary, MAX_ITEMS, MAX_QUOTE, summarise_changes};
pub use detect::{DetectInput, MARKERS, detect_rules};
pub use detect_model::{
    AnswerInput, MAX_TASKS, ModelAnswer, ModelSettings, PrepareError, PrepareInput, Prepared, TokenUse, answer_reserve,
    detect_schema, is_jira_duration, prepare_detect, read_detect_answer,
};
pub use estimate::{Estimate, EstimateQuery, MAX_SIMILAR, Similar, estimate, jira_duration};
pub use privacy::{COMMENT_MARKER, PrivacyPolicy, Refusal, Removed, SendableNote, folder_allowed, sendable_note};
pub use request::{ChatMessage, ChatRequest, OutputMode, chat_request, repair_request};
#[cfg(test)]
pub(crate) use request::{JsonSchemaFormat, ResponseFormat};
pub use secrets::{SECRET_MARKER, redact_secrets, secret_spans};
pub use suggest::{
    Baseline, MAX_NEXT_STEPS, ModelSuggestion, Pick, SuggestInput, prepare_suggest, read_suggest_answer,
    suggest_baseline, suggest_schema,
};
pub use summarise::{
    MAX_CHANGE_SUMMARY_CHARS, MAX_CHANGE_SUMMARY_LINES, ModelSummary, SummaryInput, note_body, prepare_summary,
    read_summary_answer, summary_draft, summary_schema, synced_body,
};
pub use template::{DETECT_TASKS, SUGGEST_FIELDS, SUMMARISE_CHANGES, Template};
pub use time_suggest::{
    ActivitySpan, TimeSuggestError, TimeSuggestInput, TimeSuggestion, TimeSuggestions, suggestion_line,
    time_suggestions,
};
pub use tokens::{MESSAGE_OVERHEAD, estimate_tokens, message_tokens};

#[cfg(test)]
mod suggest_tests;
#[cfg(test)]
mod summarise_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod time_suggest_tests;
