//! Project alignment (issue #15): how Jira's projects and workflows line up with the vault.
//!
//! One file per capability:
//! - [`transition_fields`]: the fields a workflow transition's screen asks for, filled from the user's
//!   per-project defaults (`SyncConfig::transition_defaults`) so a note's state change to *Done* can carry the
//!   `resolution` Jira requires, or fail with a message naming the field and where to set its default.
//!
//! Like the rest of the core, everything here is sans-IO: Jira's answers come in as JSON values, request bodies
//! go out as data.

pub mod transition_fields;
