//! The two-way sync: its building blocks (pure functions over plain data) and the sans-IO engine that runs them.
//!
//! - `config`, `defaults`: the declarative [`SyncConfig`] (camelCase JSON) and its product defaults.
//! - `validate`: [`validate_config`] lists a config's problems with stable codes and JSON paths.
//! - `status_map`: [`StatusMap`], Jira status ↔ note state, case-insensitive, never guessing.
//! - `field_merge`: [`merge_field`], the per-field three-way merge honouring the mapping's [`Direction`].
//! - `text_merge`: [`merge_text`], the line-based three-way merge of body and description (`diffy`).
//! - `file_name`: file name and folder templates, OS- and link-safe names, collision-free paths.
//! - `conflict`: the conflict callouts written into a note, and stripping them again.
//! - `jira_fields`: mapped Jira fields read as note values and written back ([`read_field`], [`write_field`]),
//!   Cloud (ADF) and Data Center (wiki markup), custom fields resolved by name.
//! - `transitions`: [`TransitionGraph`], the workflow learned from Jira's transition lists, and the next hop.
//! - `engine`: [`SyncRun`], one sync run as a sans-IO state machine (requests and vault edits out, answers in).
//! - `jql`: quoting, scope and pull JQL, key/id/label lists (validated, never injected), Jira timestamps.
//!
//! Each module's documentation states its decisions (empty values, missing bases, direction rules, line
//! endings, sanitising rules, callout layout).

mod config;
mod conflict;
mod defaults;
mod engine;
mod field_merge;
mod file_name;
mod jira_fields;
mod jql;
mod status_map;
mod text_merge;
mod transitions;
mod validate;

pub use config::{
    ConflictPolicy, Direction, FieldMapping, IssueLinks, JiraField, KeyStyle, NoteTarget, ProjectScope, SiteScope,
    StatusMapping, SyncConfig, TimeTracking,
};
pub use conflict::{
    FIELD_CALLOUT_HEADER, FieldConflict, REMOTE_CALLOUT_HEADER, SYNC_CONFLICT_KEY, StrippedBody, add_conflict_callouts,
    conflict_frontmatter_entry, has_conflict_callouts, render_conflict_callouts, strip_conflict_callouts,
};
pub use defaults::{DEFAULT_FILE_NAME_TEMPLATE, DEFAULT_FOLDER_TEMPLATE, default_config};
pub use engine::{
    Action, Counts, CreateIntent, DELETED_KEY, EditOutcome, FieldValues, ISSUE_TYPE_KEY, IssueBase, Journal, Level,
    LogEntry, Myself, NoteFile, NoteRef, NoteSelection, PROJECT_KEY, PendingComment, PendingMove, PendingWrite,
    Request, Response, RuleCreate, RunInput, RunMode, RunReport, SiteState, SyncRun, VaultEdit, WorklogBase,
    body_value, key_name, note_fingerprint, note_name, note_selection, unusable_field_message,
};
pub use field_merge::{FieldMerge, is_empty, merge_field, same_value};
pub use file_name::{
    FILE_NAME_PLACEHOLDERS, FOLDER_PLACEHOLDERS, IssueNameParts, MAX_STEM_BYTES, TemplateError, is_reserved_name,
    render_file_stem, render_folder, sanitize_file_stem, template_placeholders, unique_note_path,
};
pub use jira_fields::{
    CustomField, CustomFields, CustomKind, Deployment, EPIC_LINK, FieldContext, FieldError, SYNC_LABEL_PREFIX,
    epic_link_field, field_id, is_sync_label, normalise_local, read_field, resolve_custom_fields, write_field,
};
pub use jql::{
    EPOCH_LITERAL, ids_in, is_issue_key, keys_in, labels_in, parse_jira_time, pull_jql, quote, scope_clause,
    watermark_literal,
};
pub use status_map::{StatusMap, StatusMapError, StatusTableError, status_match_key, table_problems};
pub use text_merge::{LineEnding, TextMerge, merge_text, to_lf};
pub use transitions::{Transition, TransitionGraph, parse_transitions, transition_to};
pub use validate::{ConfigProblem, RESERVED_NOTE_KEYS, validate_config};
