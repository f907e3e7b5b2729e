//! The sync engine: one run of the two-way sync as a sans-IO state machine ([`SyncRun`]).
//!
//! The driver feeds in the configuration, the remembered state, the notes that can take part (those
//! [`note_selection`] selects; see `selection.rs`), `now` and a run id ([`RunInput`]), then answers the engine's actions: HTTP requests (plain data, see [`Request`]), guarded vault
//! edits ([`VaultEdit`]), saving the create journal, and a time zone offset. The engine decides everything;
//! the driver only carries bytes. See `run.rs` for the call order and the phases, `work.rs` for how one issue
//! is merged and written (with `status_push.rs` for transitions), `create.rs` for crash-safe creates.

mod automation;
mod automation_create;
mod automation_digest;
mod automation_facts;
mod automation_fold;
mod automation_jobs;
mod automation_move;
mod automation_replay;
mod automation_summary;
mod base_view;
mod body_style;
mod child_issues;
mod create;
mod epic_moves;
mod fetch;
mod field_gaps;
mod fingerprint;
mod input;
mod io;
mod issue_links;
mod key_hash;
mod key_index;
mod local;
mod merge;
mod note_intake;
mod page_text;
mod parent_links;
mod paths_taken;
mod remote;
mod render;
mod report;
mod rule_fields;
mod run;
mod selection;
mod state;
mod status_push;
mod stored_state;
mod users;
mod work;
mod work_complete;
mod worklog_fetch;
mod worklog_merge;
mod worklog_plan;
mod worklog_text;
mod worklog_zone;
mod worklogs;

pub use field_gaps::unusable_field_message;
pub use fingerprint::note_fingerprint;
pub use input::{RunInput, RunMode};
pub use io::{Action, EditOutcome, NoteFile, NoteRef, Request, Response, VaultEdit};
pub use local::{DELETED_KEY, ISSUE_TYPE_KEY, PROJECT_KEY, body_value, key_name, note_name};
pub use report::{Counts, Level, LogEntry, RunReport};
pub use run::SyncRun;
pub use selection::{NoteSelection, note_selection};
pub use state::{
    CreateIntent, FieldValues, IssueBase, Journal, Myself, PendingComment, PendingMove, PendingWrite, RuleCreate,
    SiteState, WorklogBase,
};
