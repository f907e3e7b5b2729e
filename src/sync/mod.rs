//! The building blocks of the sync engine. Pure functions over plain data, no I/O: the request/response driver
//! loop that uses them lives elsewhere.
//!
//! - `config`, `defaults`: the declarative [`SyncConfig`] (camelCase JSON) and its product defaults.
//! - `validate`: [`validate_config`] lists a config's problems with stable codes and JSON paths.
//! - `status_map`: [`StatusMap`], Jira status ↔ note state, case-insensitive, never guessing.
//! - `field_merge`: [`merge_field`], the per-field three-way merge honouring the mapping's [`Direction`].
//! - `text_merge`: [`merge_text`], the line-based three-way merge of body and description (`diffy`).
//! - `file_name`: file name and folder templates, OS- and link-safe names, collision-free paths.
//! - `conflict`: the conflict callouts written into a note, and stripping them again.
//! - `transitions`: [`TransitionGraph`], the workflow learned from Jira's transition lists, and the next hop.
//! - `jql`: quoting, scope and pull JQL, key/id/label lists (validated, never injected), Jira timestamps.
//!
//! Each module's documentation states its decisions (empty values, missing bases, direction rules, line
//! endings, sanitising rules, callout layout).

mod config;
mod conflict;
mod defaults;
mod field_merge;
mod file_name;
mod jql;
mod status_map;
mod text_merge;
mod transitions;
mod validate;

pub use config::{Direction, FieldMapping, JiraField, NoteTarget, ProjectScope, SiteScope, StatusMapping, SyncConfig};
pub use conflict::{
    FIELD_CALLOUT_HEADER, FieldConflict, REMOTE_CALLOUT_HEADER, SYNC_CONFLICT_KEY, StrippedBody, add_conflict_callouts,
    conflict_frontmatter_entry, has_conflict_callouts, render_conflict_callouts, strip_conflict_callouts,
};
pub use defaults::{DEFAULT_FILE_NAME_TEMPLATE, DEFAULT_FOLDER_TEMPLATE, default_config};
pub use field_merge::{FieldMerge, is_empty, merge_field, same_value};
pub use file_name::{
    FILE_NAME_PLACEHOLDERS, FOLDER_PLACEHOLDERS, IssueNameParts, MAX_STEM_BYTES, TemplateError, is_reserved_name,
    render_file_stem, render_folder, sanitize_file_stem, template_placeholders, unique_note_path,
};
pub use jql::{
    EPOCH_LITERAL, ids_in, is_issue_key, keys_in, labels_in, parse_jira_time, pull_jql, quote, scope_clause,
    watermark_literal,
};
pub use status_map::{StatusMap, StatusMapError, StatusTableError, status_match_key, table_problems};
pub use text_merge::{LineEnding, TextMerge, merge_text, to_lf};
pub use transitions::{Transition, TransitionGraph, parse_transitions, transition_to};
pub use validate::{ConfigProblem, RESERVED_NOTE_KEYS, validate_config};
