//! Read-back tests of the struct and enum readers: every struct read through [`json_object!`](super::json_object)
//! and every enum read through [`json_enum!`](super::json_enum) that serde's derived `Serialize` also writes has
//! its JSON keys (or variant names) spelled twice, once in serde's attributes and once in the macro. A key spelled
//! differently would only show as a stored value that is not read back; here each such type is filled with a
//! value in which every field is set and not a default ([`Sample`], two seeds), written with serde, read back with
//! the macro's reader and written again: the two texts must be equal.
//!
//! `written_types!` lists the types written and read, [`READ_ONLY`] those only read (no `Serialize`: their keys are
//! spelled once); `tests/json_objects_listed.rs` finds the macros' uses in `src/` and compares them with both lists
//! (read from this file's text), so that a new one cannot be left out (nor a written struct listed as read-only).
//! Test-only code: nothing of it is in `main.js`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::samples::Sample;

/// Readers whose expectation the generic samples do not fit, with the JSON each seed reads them from.
const TABLE: &[(&str, [&str; 2])] = &[
    // `alignment::health::Fix`
    (
        "internally tagged enum Fix",
        [r#"{"kind": "move", "from": "a.md", "to": "b.md"}"#, r#"{"kind": "move", "from": "c.md", "to": "d.md"}"#],
    ),
    // `sync::RunMode`: the variant with data, then one without
    ("internally tagged enum RunMode", [r#"{"kind": "notes", "paths": ["a.md"]}"#, r#"{"kind": "arrange"}"#]),
    // `history::model::Field`, a changelog field's name
    ("a changelog field name", [r#""originalEstimate""#, r#""status""#]),
];

/// Fills a `T` from seed `seed`, writes it, reads it back through [`super::from_str`] and writes it again: `Err`
/// describes a difference.
fn read_back<T: DeserializeOwned + Serialize>(seed: u8) -> Result<(), String> {
    let value = T::deserialize(Sample::new(seed, TABLE)).map_err(|e| format!("no sample: {e}"))?;
    let written = serde_json::to_string(&value).map_err(|e| format!("not written: {e}"))?;
    let read: T = super::from_str(&written).map_err(|e| format!("{written} not read: {e}"))?;
    let again = serde_json::to_string(&read).map_err(|e| format!("not written again: {e}"))?;
    if again != written {
        return Err(format!("written {written}\nread back as {again}"));
    }
    if seed == 0 {
        // Every field set: no `null`, empty text, collection or object, no `false` (seed 0's booleans are true).
        for empty in ["null", "\"\"", "[]", "{}", "false"] {
            if written.contains(empty) {
                return Err(format!("{written}: a field is empty ({empty})"));
            }
        }
    }
    Ok(())
}

/// The types written with serde and read with the macros, each with its check.
macro_rules! written_types {
    ($($path:path),+ $(,)?) => {
        /// Every written type's path and check.
        fn written_types() -> Vec<(&'static str, fn(u8) -> Result<(), String>)> {
            vec![$((stringify!($path), read_back::<$path> as fn(u8) -> Result<(), String>)),+]
        }
    };
}

written_types!(
    crate::alignment::health::Finding,
    crate::alignment::health::FindingKind,
    crate::alignment::health::FindingSeverity,
    crate::alignment::link_set::LinkType,
    crate::alignment::query_block::BlockKind,
    crate::alignment::query_block::Display,
    crate::alignment::query_block::SiteField,
    crate::analytics::Metrics,
    crate::analytics::activity::ActionEntry,
    crate::analytics::activity::ActionOutcome,
    crate::analytics::activity::ActivityEvents,
    crate::analytics::activity::ActivityRecord,
    crate::analytics::activity::CreatedEntry,
    crate::analytics::activity::Detector,
    crate::analytics::activity::FiringEntry,
    crate::analytics::activity::ReviewEntry,
    crate::analytics::activity::ReviewOutcome,
    crate::analytics::automation::AutomationMetrics,
    crate::analytics::automation::CreatedFromTasks,
    crate::analytics::automation::FieldAcceptance,
    crate::analytics::automation::KindCount,
    crate::analytics::automation::RuleEfficiency,
    crate::analytics::config::AnalyticsConfig,
    crate::analytics::config::AnalyticsInput,
    crate::analytics::config::ForecastConfig,
    crate::analytics::config::OffsetSpan,
    crate::analytics::config::Period,
    crate::analytics::config::Team,
    crate::analytics::config::Worklog,
    crate::analytics::cycle::CycleTime,
    crate::analytics::cycle::IssueCycle,
    crate::analytics::cycle::IssueLead,
    crate::analytics::cycle::LeadTime,
    crate::analytics::cycle::StatusTime,
    crate::analytics::estimates::Accuracy,
    crate::analytics::estimates::Estimates,
    crate::analytics::estimates::GroupAccuracy,
    crate::analytics::estimates::IssueEstimate,
    crate::analytics::flow::CreatedResolved,
    crate::analytics::flow::CumulativeFlow,
    crate::analytics::flow::DayCount,
    crate::analytics::flow::Flow,
    crate::analytics::flow::FlowDay,
    crate::analytics::flow::StatusRef,
    crate::analytics::flow::WeekCount,
    crate::analytics::forecast::Completion,
    crate::analytics::forecast::DoneBy,
    crate::analytics::forecast::Forecast,
    crate::analytics::insights::Evidence,
    crate::analytics::insights::Insight,
    crate::analytics::insights::InsightKind,
    crate::analytics::insights::WeekTrend,
    crate::analytics::progress::EpicProgress,
    crate::analytics::progress::Progress,
    crate::analytics::stats::Summary,
    crate::analytics::time::IssueTime,
    crate::analytics::time::PersonTime,
    crate::analytics::time::ProjectTime,
    crate::analytics::time::TeamTime,
    crate::analytics::time::TimeMetrics,
    crate::analytics::time::WeekHours,
    crate::analytics::velocity::EstimateUnit,
    crate::analytics::velocity::SprintVelocity,
    crate::analytics::velocity::Velocity,
    crate::analytics::velocity::VelocityBasis,
    crate::analytics::velocity::WeekVelocity,
    crate::assist::AssignableUser,
    crate::assist::Assignee,
    crate::assist::Candidate,
    crate::assist::Origin,
    crate::assist::Owner,
    crate::assist::SiteHints,
    crate::assist::DetectInput,
    crate::assist::AnswerInput,
    crate::assist::ModelSettings,
    crate::assist::PrepareInput,
    crate::assist::EstimateQuery,
    crate::assist::PrivacyPolicy,
    crate::assist::ChatMessage,
    crate::assist::ChatRequest,
    crate::assist::JsonSchemaFormat,
    crate::assist::OutputMode,
    crate::assist::ResponseFormat,
    crate::assist::SuggestInput,
    crate::assist::SummaryInput,
    crate::assist::ActivitySpan,
    crate::automation::Category,
    crate::automation::IssueFacts,
    crate::automation::NoteFacts,
    crate::automation::AutomationInput,
    crate::automation::AutomationState,
    crate::automation::DigestNote,
    crate::automation::Memory,
    crate::history::model::Change,
    crate::history::model::HistoryFields,
    crate::history::model::IssueHistory,
    crate::history::model::SiteHistory,
    crate::history::model::Sprint,
    crate::history::model::StatusCategory,
    crate::history::model::StatusInfo,
    crate::history::model::UserInfo,
    crate::history::run::HistoryInput,
    crate::report::params::ReportKind,
    crate::report::params::ReportParams,
    crate::sync::ConflictPolicy,
    crate::sync::Direction,
    crate::sync::FieldMapping,
    crate::sync::IssueLinks,
    crate::sync::KeyStyle,
    crate::sync::ProjectScope,
    crate::sync::SiteScope,
    crate::sync::StatusMapping,
    crate::sync::SyncConfig,
    crate::sync::TimeTracking,
    crate::sync::RunInput,
    crate::sync::NoteFile,
    crate::sync::NoteRef,
    crate::sync::Request,
    crate::sync::Response,
    crate::sync::VaultEdit,
    crate::sync::CreateIntent,
    crate::sync::IssueBase,
    crate::sync::Journal,
    crate::sync::Myself,
    crate::sync::PendingComment,
    crate::sync::PendingMove,
    crate::sync::PendingWrite,
    crate::sync::RuleCreate,
    crate::sync::SiteState,
    crate::sync::WorklogBase,
    crate::sync::CustomField,
    crate::sync::CustomKind,
    crate::sync::Deployment,
    crate::sync::Transition,
    crate::sync::TransitionGraph,
);

/// The types read with the macros and never written with serde (inputs from the plug-in or the command line,
/// Jira's and a model's answers, a test twin), by file under `src/` and name: their keys are spelled once.
const READ_ONLY: &[(&str, &str)] = &[
    ("alignment/health/input.rs", "HealthInput"),
    ("alignment/health/input.rs", "HealthSite"),
    ("alignment/project_note.rs", "Component"),
    ("alignment/project_note.rs", "IssueType"),
    ("alignment/project_note.rs", "Named"),
    ("alignment/project_note.rs", "Person"),
    ("alignment/project_note.rs", "Project"),
    ("alignment/project_note.rs", "ProjectAnswers"),
    ("alignment/project_note.rs", "ProjectNoteInput"),
    ("alignment/project_note.rs", "Version"),
    ("alignment/query_run.rs", "QueryInput"),
    ("alignment/transition_fields.rs", "FieldMeta"),
    ("alignment/transition_fields.rs", "Schema"),
    ("alignment/workflow_map.rs", "IssueTypeStatuses"),
    ("alignment/workflow_map.rs", "StatusRef"),
    ("assist/answer.rs", "Choice"),
    ("assist/answer.rs", "Completion"),
    ("assist/answer.rs", "Message"),
    ("assist/answer.rs", "ServerError"),
    ("assist/detect_model.rs", "ModelTask"),
    ("assist/detect_model.rs", "ModelTasks"),
    ("assist/suggest.rs", "ModelFields"),
    ("assist/summarise.rs", "ModelAnswer"),
    ("assist/time_suggest.rs", "TimeSuggestInput"),
    ("date_text/tests.rs", "Ours"),
    ("report/batch.rs", "BatchInput"),
    ("report/batch.rs", "BatchReport"),
    ("report/generate.rs", "GenerateInput"),
    ("report/state_view.rs", "ReportIssue"),
    ("report/state_view.rs", "ReportState"),
    ("report/state_view.rs", "ReportValues"),
    ("report/state_view.rs", "ReportWorklogBase"),
    ("report/time_input.rs", "StateReportOptions"),
    ("sync/engine/users/mod.rs", "JiraUser"),
    ("wasm/alignment_projects.rs", "BaseInput"),
    ("worklog/mod.rs", "WorklogOptions"),
    ("worklog/duration.rs", "DurationConfig"),
    ("worklog/reconcile.rs", "NoteText"),
    ("worklog/reconcile.rs", "ReconcileInput"),
    ("worklog/report.rs", "IssueEstimate"),
    ("worklog/report.rs", "ReportInput"),
    ("worklog/report.rs", "ReportWorklog"),
];

/// A struct whose key the macro spells differently from serde: the check must fail on it.
#[derive(Default, Serialize)]
struct Misspelt {
    #[serde(rename = "issueKey")]
    issue_key: String,
}
crate::json_objects::json_object!(Misspelt { issue_key: "issue_key" = default });

#[test]
fn a_key_spelled_differently_is_found() {
    for seed in 0..2 {
        let why = read_back::<Misspelt>(seed).expect_err("the key is not read back");
        assert!(why.contains(r#"read back as {"issueKey":""}"#), "{why}");
    }
}

#[test]
fn every_written_type_reads_back_what_serde_wrote() {
    let mut failures = Vec::new();
    for (name, check) in written_types() {
        for seed in 0..2 {
            if let Err(why) = check(seed) {
                failures.push(format!("{name} (seed {seed}): {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn no_type_is_listed_twice() {
    // Names repeat across modules (`IssueEstimate`), so written types are told apart by path, read-only ones by file.
    let mut written: Vec<&str> = written_types().iter().map(|(path, _)| *path).collect();
    let mut read_only = READ_ONLY.to_vec();
    let (w, r) = (written.len(), read_only.len());
    written.sort_unstable();
    written.dedup();
    read_only.sort_unstable();
    read_only.dedup();
    assert_eq!((written.len(), read_only.len()), (w, r), "a type is listed twice");
}
